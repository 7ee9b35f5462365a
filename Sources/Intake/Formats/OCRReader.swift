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
        let page = try readPage(
            tesseract: tesseract, image: input, number: 1, model: model, file: file, dir: dir, options: options, grey: ImageHeader.isGrey(data))
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
        /// Lines of ink that no reading gave words for.
        var unread: [Unread] = []
        /// What was done to the page before reading (straightened, turned) and what to check.
        var notes: [String] = []
        /// The bands of ink found on the page.
        var inkLines = 0
    }

    /// Reads the pages of a PDF without a text layer (already checked by `PDFTextReader`): each page
    /// rendered at 300 dpi in grey, then read; two at a time on two cores.
    func readPDF(_ data: Data, pdf: String, pages: Int, pageSize: (Double, Double)?, file: String, options: IntakeOptions) throws -> ReceivedText {
        let read = try readPages(pdf: pdf, numbers: Array(1...pages), pageSize: pageSize, file: file, options: options)
        return try assemble(read.pages, bytes: data, file: file, kind: .pdf, model: read.model, tesseract: read.tesseract)
    }

    /// Renders the pages `numbers` of a PDF at 300 dpi in grey and reads each by OCR, two at a time
    /// on two cores; the pages come back in the order of `numbers`. Used for a whole scanned PDF and
    /// for the scanned pages of a PDF whose other pages have a text layer. poppler writes each page
    /// as a grey PGM, which the ink check and Tesseract read as it is (a PNG cost poppler 0.54 s of
    /// CPU a page to write and ImageMagick more to read back).
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
                    pdftoppm, ["-r", String(Self.dpi), "-gray", "-f", String(n), "-l", String(n), "-singlefile", pdf, base],
                    extraEnvironment: ["TMPDIR": dir.url.path])
                if o.timedOut { throw FormatError.timedOut(file: file, program: "pdftoppm", seconds: options.limits.conversionSeconds) }
                guard o.succeeded, FileManager.default.fileExists(atPath: base + ".pgm") else {
                    throw FormatError.conversionFailed(file: file, program: "pdftoppm", detail: "page \(n) could not be rendered: \(o.err.prefix(200))")
                }
                if let (w, h) = InkLines.size(ofPGMAt: base + ".pgm") {
                    try Self.checkPixels(file: file, width: w, height: h, limits: options.limits)
                }
                let page = try readPage(
                    tesseract: tesseract, image: base + ".pgm", number: n, model: model, file: file, dir: dir, options: options, grey: true,
                    dpi: Self.dpi)
                try? FileManager.default.removeItem(atPath: base + ".pgm")
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
        options: IntakeOptions, grey: Bool, dpi: Int? = nil
    ) throws -> Page {
        let runner = programs.runner(timeout: options.limits.ocrSecondsPerPage, maxOutputBytes: 1 << 20)
        let job = PageJob(
            tesseract: tesseract, convert: try convertProgram(file), model: model, file: file, number: number, dir: dir, runner: runner,
            seconds: options.limits.ocrSecondsPerPage, language: options.language, dpi: dpi, grey: grey)
        return try readScannedPage(job, image: image)
    }

    func assemble(_ pages: [Page], bytes: Data, file: String, kind: ContentKind, model: String, tesseract: String) throws -> ReceivedText {
        let (marked, removed) = PageText.text(pages: pages.map { PageText.foldCJKSpaces($0.text) })
        // OCR text is proofread against the scan in any case: the hyphens are decided as the text shows.
        let text = PageText.resolveLineEndHyphens(marked).text
        let nothing = text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        if nothing && pages.allSatisfy({ $0.inkLines == 0 }) { throw FormatError.noTextFound(file: file, pages: pages.count) }
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
        Self.recordUnread(pages, handwriting: nothing, into: &r)
        return r
    }

    /// The unread lines of the pages as derived files (their crops) and in the extraction, with
    /// what was done to the pages; a scan with ink and no word read at all is handwriting (or a
    /// picture) that a person must transcribe.
    static func recordUnread(_ pages: [Page], handwriting: Bool, into r: inout ReceivedText) {
        var unread: [UnreadLine] = []
        for p in pages {
            for (i, u) in p.unread.enumerated() {
                let name = StoreLayout.unreadCrop(page: p.number, index: i + 1)
                r.derivedFiles[name] = u.crop
                unread.append(UnreadLine(page: u.page, top: u.top, bottom: u.bottom, pageHeight: u.pageHeight, crop: name, sha256: FileIO.sha256(u.crop)))
            }
        }
        var caveats = pages.flatMap(\.notes)
        if handwriting {
            caveats.insert(
                "handwriting: no printed text was found, only \(unread.count) line\(unread.count == 1 ? "" : "s") of ink OCR cannot read (handwriting or a picture); type the transcription with `crp proofread ID FILE`",
                at: 0)
        } else if !unread.isEmpty {
            caveats.append(
                "\(unread.count) line\(unread.count == 1 ? "" : "s") of ink gave no text even read again on \(unread.count == 1 ? "its" : "their") own: compare \(unread.count == 1 ? "it" : "each") with the scan (crops stored beside the text) and give the corrected transcription with `crp proofread ID FILE`"
            )
        }
        r.extraction?.unreadLines = unread.isEmpty ? nil : unread
        r.extraction?.linesRead = pages.map(\.lines.count).reduce(0, +)
        r.extraction?.caveats = caveats.isEmpty ? nil : caveats
    }

    /// Versions already asked, by program path: `tesseract --version` runs once per process.
    static let versions = Locked<[String: String]>([:])

    /// "5.3.0", from `tesseract --version` (asked once per process and program).
    static func version(programs: Programs, tesseract: String) -> String {
        if let known = versions.current[tesseract] { return known }
        let v = askVersion(programs: programs, tesseract: tesseract)
        versions.withLock { $0[tesseract] = v }
        return v
    }

    static func askVersion(programs: Programs, tesseract: String) -> String {
        guard let o = try? programs.runner(timeout: 20, maxOutputBytes: 1 << 16).run(tesseract, ["--version"]) else { return "unknown" }
        let first = (o.out + "\n" + o.err).split(separator: "\n").first { $0.hasPrefix("tesseract ") }
        return first.map { String($0.dropFirst("tesseract ".count)).trimmingCharacters(in: .whitespaces) } ?? "unknown"
    }
}
