import Foundation
import Platform

/// Limits on what reading a converted, PDF or scanned file may cost: pages, pixels and time.
/// Configurable like the size limit (`crp register --max-pages …`, `CRP_MAX_PAGES` …).
public struct ConversionLimits: Sendable, Equatable {
    /// The most pages a PDF or scan may have.
    public var maxPages: Int
    /// The most pixels one page may have when rasterized for OCR (at 300 dpi), in megapixels.
    public var maxMegapixels: Double
    /// Seconds a LibreOffice conversion or a PDF text extraction may take.
    public var conversionSeconds: Double
    /// Seconds OCR may take per page.
    public var ocrSecondsPerPage: Double

    public init(maxPages: Int = 200, maxMegapixels: Double = 60, conversionSeconds: Double = 120, ocrSecondsPerPage: Double = 60) {
        self.maxPages = maxPages
        self.maxMegapixels = maxMegapixels
        self.conversionSeconds = conversionSeconds
        self.ocrSecondsPerPage = ocrSecondsPerPage
    }
}

/// Why a converted, PDF or scanned file could not be read, told with the file and what to do.
public enum FormatError: Error, LocalizedError, Equatable {
    case missingProgram(file: String, program: String, package: String, purpose: String)
    case encrypted(file: String, kind: String)
    case tooManyPages(file: String, pages: Int, limit: Int)
    case tooManyPixels(file: String, width: Int, height: Int, limitMegapixels: Double)
    case timedOut(file: String, program: String, seconds: Double)
    case conversionFailed(file: String, program: String, detail: String)
    case corrupt(file: String, kind: String, detail: String)
    case noLanguage(file: String)
    case missingLanguageModel(file: String, model: String, package: String)
    case nothingRead(file: String, detail: String)
    case scannedTranslation(file: String)
    /// A scan with no ink on it (a blank page).
    case noTextFound(file: String, pages: Int)

    public var errorDescription: String? {
        switch self {
        case .missingProgram(let f, let p, let pkg, let purpose):
            return
                "\(f) cannot be read: \(p) is needed for \(purpose) and is not installed. Install the Debian package \(pkg) (Scripts/setup.sh installs it), or ask the sender for a .docx or .txt file. Nothing was stored."
        case .encrypted(let f, let kind):
            return
                "\(f) is a password-protected or encrypted \(kind), which crp does not open. Ask the sender for a copy without a password (or open it, save a copy without protection, and register that). Nothing was stored."
        case .tooManyPages(let f, let n, let limit):
            return
                "\(f) has \(n) pages, more than the \(limit) allowed. If it really is one submission, raise the limit with --max-pages \(n); otherwise ask the sender for the comments alone. Nothing was stored."
        case .tooManyPixels(let f, let w, let h, let limit):
            let mp = String(format: "%.1f", Double(w) * Double(h) / 1_000_000)
            return
                "\(f) is an image of \(w) × \(h) pixels (\(mp) megapixels), more than the \(String(format: "%g", limit)) megapixels allowed per page. Scan it again at 300 dpi, or raise the limit with --max-megapixels. Nothing was stored."
        case .timedOut(let f, let p, let s):
            return
                "\(f): \(p) did not finish within \(String(format: "%g", s)) seconds and was stopped (nothing it wrote was kept). The file may be damaged or built to stall readers; if it is genuine and large, raise the limit with --conversion-timeout or --ocr-timeout. Nothing was stored."
        case .conversionFailed(let f, let p, let d):
            return
                "\(f) could not be read by \(p): \(d). Open it in Word or LibreOffice and save it again (as .docx), or ask the sender for another copy. Nothing was stored."
        case .corrupt(let f, let kind, let d):
            return "\(f) is not a readable \(kind): \(d). Ask the sender for the file again. Nothing was stored."
        case .noLanguage(let f):
            return "\(f) is a scan and must be read by OCR in its language, but no language was given. Register it with --language CODE. Nothing was stored."
        case .missingLanguageModel(let f, let m, let pkg):
            return
                "\(f): Tesseract has no model for \(m) on this machine. Install the Debian package \(pkg) (Scripts/setup.sh installs it). Nothing was stored."
        case .nothingRead(let f, let d):
            return
                "\(f): no text could be read (\(d)). If it is a scan, scan it again at 300 dpi in black and white or grey; otherwise ask the sender for a .docx or .txt file. Nothing was stored."
        case .noTextFound(let f, let n):
            return
                "\(f): no text found: \(n == 1 ? "the page is" : "its \(n) pages are") blank (no line of ink on \(n == 1 ? "it" : "them")). Check that the right file was scanned, with the letter face down on the scanner, and scan it again. Nothing was stored."
        case .scannedTranslation(let f):
            return
                "\(f) is a scan: a translation is attached only as text that needs no OCR. Ask the translator for the .docx or .txt file. Nothing was stored."
        }
    }
}

/// A private folder for one conversion (mode 0700), removed with everything in it when done,
/// also after a time-out: the programs are pointed at it (TMPDIR, LibreOffice's profile), so a
/// stopped conversion leaves nothing behind.
struct ScratchFolder {
    let url: URL

    init(base: URL) throws {
        let u = base.appendingPathComponent("crp-intake-\(UUID().uuidString.prefix(12))")
        try FileManager.default.createDirectory(at: u, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        url = u
        Interruption.track(u)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func remove() {
        // Files the programs made read-only must still go.
        if let e = FileManager.default.enumerator(atPath: url.path) {
            for case let p as String in e { chmod(url.appendingPathComponent(p).path, 0o700) }
        }
        try? FileManager.default.removeItem(at: url)
        Interruption.release(url)
    }
}
