import Foundation
import MultilingualText
import Platform
import Submissions

/// Reads scanned letters: an image (PNG, JPEG, TIFF), or the pages of a PDF without a text layer
/// rasterized at 300 dpi by poppler, read by Tesseract in the declared language. Pages are read in
/// parallel, one Tesseract per core. The text is marked as OCR, with Tesseract's mean confidence
/// and the lines it was least sure of; it must be proofread before it is used.
public struct OCRReader: Sendable {
    public let programs: Programs
    public let scratch: URL

    public init(programs: Programs, scratch: URL = URL(fileURLWithPath: NSTemporaryDirectory())) {
        self.programs = programs
        self.scratch = scratch
    }

    /// Resolution scans are rendered at.
    static let dpi = 300

    /// Tesseract's model for an official language, and its Debian package.
    public static func model(for language: String) -> (model: String, package: String)? {
        switch language {
        case "ar": ("ara", "tesseract-ocr-ara")
        case "zh": ("chi_sim", "tesseract-ocr-chi-sim")
        case "en": ("eng", "tesseract-ocr-eng")
        case "fr": ("fra", "tesseract-ocr-fra")
        case "ru": ("rus", "tesseract-ocr-rus")
        case "es": ("spa", "tesseract-ocr-spa")
        default: nil
        }
    }

    /// The reader of images.
    public var imageReader: ContentReader {
        { data, name, options in try readImage(data, name: name, options: options) }
    }

    func tesseract(_ file: String) throws -> String {
        guard let t = programs.path("tesseract") else {
            throw FormatError.missingProgram(
                file: file, program: "Tesseract", package: Programs.package(of: "tesseract"), purpose: "reading scanned letters (OCR)")
        }
        return t
    }

    func model(_ file: String, options: IntakeOptions) throws -> String {
        guard let lang = options.language else { throw FormatError.noLanguage(file: file) }
        guard let m = Self.model(for: lang) else { throw FormatError.noLanguage(file: file) }
        return m.model
    }

    func readImage(_ data: Data, name: String, options: IntakeOptions) throws -> ReceivedText {
        let file = SafeName.displayName(name)
        guard let (w, h) = ImageHeader.dimensions(data) else {
            throw FormatError.corrupt(file: file, kind: "image", detail: "its header does not give a picture size (the file is damaged or cut short)")
        }
        try Self.checkPixels(file: file, width: w, height: h, limits: options.limits)
        let tesseract = try tesseract(file)
        let model = try model(file, options: options)
        let dir = try ScratchFolder(base: scratch)
        defer { dir.remove() }
        let ext = ContentKind.image.fileExtension(for: data)
        let input = dir.path("page-1.\(ext)")
        try data.write(to: URL(fileURLWithPath: input))
        let page = try readPage(tesseract: tesseract, image: input, number: 1, model: model, file: file, dir: dir, options: options)
        return try assemble([page], bytes: data, file: file, kind: .image, model: model, tesseract: tesseract)
    }

    static func checkPixels(file: String, width: Int, height: Int, limits: ConversionLimits) throws {
        if Double(width) * Double(height) > limits.maxMegapixels * 1_000_000 {
            throw FormatError.tooManyPixels(file: file, width: width, height: height, limitMegapixels: limits.maxMegapixels)
        }
    }

    /// What Tesseract read on one page.
    struct Page: Sendable {
        var number: Int
        var text: String
        /// (confidence, text) of each line.
        var lines: [(Double, String)]
        var words: [Double]
    }

    /// Reads the pages of a PDF without a text layer (already checked by `PDFTextReader`): each page
    /// rendered at 300 dpi in grey, then read; two at a time on two cores.
    func readPDF(_ data: Data, pdf: String, pages: Int, pageSize: (Double, Double)?, file: String, options: IntakeOptions) throws -> ReceivedText {
        let read = try readPages(pdf: pdf, numbers: Array(1...pages), pageSize: pageSize, file: file, options: options)
        return try assemble(read.pages, bytes: data, file: file, kind: .pdf, model: read.model, tesseract: read.tesseract)
    }

    /// Renders the pages `numbers` of a PDF at 300 dpi in grey and reads each by OCR, two at a time
    /// on two cores; the pages come back in the order of `numbers`. Used for a whole scanned PDF and
    /// for the scanned pages of a PDF whose other pages have a text layer.
    func readPages(
        pdf: String, numbers: [Int], pageSize: (Double, Double)?, file: String,
        options: IntakeOptions
    ) throws -> (pages: [Page], tesseract: String, model: String) {
        guard let pdftoppm = programs.path("pdftoppm") else {
            throw FormatError.missingProgram(
                file: file, program: "pdftoppm", package: Programs.package(of: "pdftoppm"), purpose: "rasterizing scanned PDFs for OCR")
        }
        let tesseract = try tesseract(file)
        let model = try model(file, options: options)
        if let (w, h) = pageSize {
            try Self.checkPixels(file: file, width: Int(w / 72 * Double(Self.dpi)), height: Int(h / 72 * Double(Self.dpi)), limits: options.limits)
        }
        let dir = try ScratchFolder(base: scratch)
        defer { dir.remove() }
        let results = Locked<[Int: Result<Page, Error>]>([:])
        DispatchQueue.concurrentPerform(iterations: numbers.count) { i in
            let n = numbers[i]
            let r = Result<Page, Error> {
                let runner = programs.runner(timeout: options.limits.conversionSeconds, maxOutputBytes: 1 << 20)
                let base = dir.path("page-\(n)")
                let o = try runner.run(
                    pdftoppm, ["-r", String(Self.dpi), "-gray", "-png", "-f", String(n), "-l", String(n), "-singlefile", pdf, base],
                    extraEnvironment: ["TMPDIR": dir.url.path])
                if o.timedOut { throw FormatError.timedOut(file: file, program: "pdftoppm", seconds: options.limits.conversionSeconds) }
                guard o.succeeded, FileManager.default.fileExists(atPath: base + ".png") else {
                    throw FormatError.conversionFailed(file: file, program: "pdftoppm", detail: "page \(n) could not be rendered: \(o.err.prefix(200))")
                }
                if let img = try? Data(contentsOf: URL(fileURLWithPath: base + ".png")), let (w, h) = ImageHeader.dimensions(img) {
                    try Self.checkPixels(file: file, width: w, height: h, limits: options.limits)
                }
                let page = try readPage(tesseract: tesseract, image: base + ".png", number: n, model: model, file: file, dir: dir, options: options)
                try? FileManager.default.removeItem(atPath: base + ".png")
                return page
            }
            results.withLock { $0[n] = r }
        }
        var out: [Page] = []
        for n in numbers {
            guard let r = results.current[n] else { continue }
            out.append(try r.get())
        }
        return (out, tesseract, model)
    }

    func readPage(
        tesseract: String, image: String, number: Int, model: String, file: String, dir: ScratchFolder,
        options: IntakeOptions
    ) throws -> Page {
        let runner = programs.runner(timeout: options.limits.ocrSecondsPerPage, maxOutputBytes: 1 << 20)
        let base = dir.path("ocr-\(number)")
        // One thread per Tesseract: pages run side by side instead.
        let o = try runner.run(
            tesseract, [image, base, "-l", model, "--psm", "3", "txt", "tsv"],
            extraEnvironment: ["OMP_THREAD_LIMIT": "1", "TMPDIR": dir.url.path])
        if o.timedOut { throw FormatError.timedOut(file: file, program: "Tesseract", seconds: options.limits.ocrSecondsPerPage) }
        if o.err.contains("Failed loading language") || o.err.contains("Could not initialize tesseract") {
            let pkg = Self.model(for: options.language ?? "")?.package ?? "tesseract-ocr"
            throw FormatError.missingLanguageModel(file: file, model: model, package: pkg)
        }
        guard o.succeeded, let txt = try? String(contentsOf: URL(fileURLWithPath: base + ".txt"), encoding: .utf8) else {
            throw FormatError.corrupt(file: file, kind: "image", detail: "Tesseract could not read the picture (\(PageText.brief(o.err)))")
        }
        let tsv = (try? String(contentsOf: URL(fileURLWithPath: base + ".tsv"), encoding: .utf8)) ?? ""
        let (lines, words) = Self.confidences(tsv)
        return Page(number: number, text: txt, lines: lines, words: words)
    }

    /// Line and word confidences from Tesseract's TSV (level 5 rows are words, with `conf`).
    static func confidences(_ tsv: String) -> (lines: [(Double, String)], words: [Double]) {
        var lines: [String: (sum: Double, n: Int, text: String)] = [:]
        var order: [String] = []
        var words: [Double] = []
        for row in tsv.split(separator: "\n").dropFirst() {
            let f = row.split(separator: "\t", omittingEmptySubsequences: false)
            guard f.count >= 12, f[0] == "5", let conf = Double(f[10]), conf >= 0 else { continue }
            let word = String(f[11]).trimmingCharacters(in: .whitespaces)
            if word.isEmpty { continue }
            words.append(conf)
            let key = "\(f[2]).\(f[3]).\(f[4])"
            if lines[key] == nil { order.append(key); lines[key] = (0, 0, "") }
            lines[key]!.sum += conf
            lines[key]!.n += 1
            lines[key]!.text = PageText.joinWords(lines[key]!.text, word)
        }
        return (order.compactMap { k in lines[k].map { ($0.sum / Double($0.n), $0.text) } }, words)
    }

    func assemble(_ pages: [Page], bytes: Data, file: String, kind: ContentKind, model: String, tesseract: String) throws -> ReceivedText {
        let (marked, removed) = PageText.text(pages: pages.map { PageText.foldCJKSpaces($0.text) })
        // OCR text is proofread against the scan in any case: the hyphens are decided as the text shows.
        let text = PageText.resolveLineEndHyphens(marked).text
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw FormatError.nothingRead(file: file, detail: "Tesseract found no words on \(pages.count == 1 ? "the page" : "its \(pages.count) pages")")
        }
        let words = pages.flatMap(\.words)
        let mean = words.isEmpty ? 0 : words.reduce(0, +) / Double(words.count)
        let lowest = pages.flatMap { p in
            p.lines.map { Extraction.Line(page: p.number, confidence: ($0.0 * 10).rounded() / 10, text: String(SafeText.oneLine($0.1).prefix(120))) }
        }
        .sorted { $0.confidence < $1.confidence }.prefix(5)
        var r = try Intake.assembled(text, bytes: bytes, file: file, kind: kind, encoding: nil)
        r.extraction = Extraction(
            method: .ocr, tool: "tesseract", version: Self.version(programs: programs, tesseract: tesseract), pages: pages.count,
            model: model, meanConfidence: (mean * 10).rounded() / 10, lowestLines: Array(lowest),
            removed: removed.isEmpty ? nil : removed)
        return r
    }

    /// "5.3.0", from `tesseract --version`.
    static func version(programs: Programs, tesseract: String) -> String {
        guard let o = try? programs.runner(timeout: 20, maxOutputBytes: 1 << 16).run(tesseract, ["--version"]) else { return "unknown" }
        let first = (o.out + "\n" + o.err).split(separator: "\n").first { $0.hasPrefix("tesseract ") }
        return first.map { String($0.dropFirst("tesseract ".count)).trimmingCharacters(in: .whitespaces) } ?? "unknown"
    }
}
