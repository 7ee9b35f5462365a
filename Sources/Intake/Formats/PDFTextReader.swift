import Foundation
import MultilingualText
import Platform
import Submissions

/// Reads PDFs: the page count and encryption from `pdfinfo` (encrypted files and files with too
/// many pages are refused before anything else runs), the text layer from `pdftotext` in UTF-8,
/// with the page furniture removed and paragraphs rebuilt (`PageText`). A PDF without a text layer
/// is a scan: its pages go to OCR (`OCRReader`).
public struct PDFTextReader: Sendable {
    public let programs: Programs
    public let scratch: URL

    public init(programs: Programs, scratch: URL = URL(fileURLWithPath: NSTemporaryDirectory())) {
        self.programs = programs
        self.scratch = scratch
    }

    public var reader: ContentReader {
        { data, name, options in try read(data, name: name, options: options) }
    }

    /// What `pdfinfo` says of a PDF.
    struct Info {
        var pages: Int
        var encrypted: Bool
        /// Width and height of the first page, in points.
        var pageSize: (Double, Double)?
    }

    func info(_ pdf: String, file: String, options: IntakeOptions, dir: ScratchFolder) throws -> Info {
        guard let pdfinfo = programs.path("pdfinfo") else {
            throw FormatError.missingProgram(file: file, program: "pdfinfo", package: Programs.package(of: "pdfinfo"), purpose: "reading PDFs")
        }
        let o = try programs.runner(timeout: min(30, options.limits.conversionSeconds), maxOutputBytes: 1 << 20)
            .run(pdfinfo, [pdf], extraEnvironment: ["TMPDIR": dir.url.path])
        if o.timedOut { throw FormatError.timedOut(file: file, program: "pdfinfo", seconds: min(30, options.limits.conversionSeconds)) }
        if o.err.contains("Incorrect password") { throw FormatError.encrypted(file: file, kind: "PDF") }
        guard o.succeeded else {
            throw FormatError.corrupt(file: file, kind: "PDF", detail: "poppler cannot open it (\(PageText.brief(o.err)))")
        }
        var info = Info(pages: 0, encrypted: false, pageSize: nil)
        for line in o.out.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { continue }
            switch parts[0] {
            case "Pages": info.pages = Int(parts[1]) ?? 0
            case "Encrypted": info.encrypted = parts[1].hasPrefix("yes")
            case "Page size":
                let n = parts[1].split(separator: " ").compactMap { Double($0) }
                if n.count >= 2 { info.pageSize = (n[0], n[1]) }
            default: break
            }
        }
        return info
    }

    func read(_ data: Data, name: String, options: IntakeOptions) throws -> ReceivedText {
        let file = SafeName.displayName(name)
        let dir = try ScratchFolder(base: scratch)
        defer { dir.remove() }
        let pdf = dir.path("input.pdf")
        try data.write(to: URL(fileURLWithPath: pdf))
        let info = try info(pdf, file: file, options: options, dir: dir)
        // Encrypted with an owner password only (it opens without one, as the State meant it to be
        // read; only changes are restricted): its text is read like any other PDF's. A PDF that
        // needs a password to open was refused above ("Incorrect password").
        guard info.pages > 0 else { throw FormatError.corrupt(file: file, kind: "PDF", detail: "it has no pages") }
        if info.pages > options.limits.maxPages { throw FormatError.tooManyPages(file: file, pages: info.pages, limit: options.limits.maxPages) }
        guard let pdftotext = programs.path("pdftotext") else {
            throw FormatError.missingProgram(
                file: file, program: "pdftotext", package: Programs.package(of: "pdftotext"), purpose: "reading PDFs with a text layer")
        }
        var pages = try popplerPages(pdf, pdftotext: pdftotext, pages: info.pages, file: file, options: options, dir: dir)
        let withText = pages.filter { p in p.unicodeScalars.filter { !$0.properties.isWhitespace }.count >= 3 }.count
        if withText == 0 {
            // No text layer: a scanned letter.
            return try OCRReader(programs: programs, scratch: scratch)
                .readPDF(data, pdf: pdf, pages: info.pages, pageSize: info.pageSize, file: file, options: options)
        }
        var caveats: [String] = []
        let blank = pages.indices.filter { i in pages[i].unicodeScalars.filter { !$0.properties.isWhitespace }.count < 3 }.map { $0 + 1 }
        // Pages without a text layer beside pages with one: scanned pages, read by OCR in their place.
        let scanned =
            blank.isEmpty
            ? nil
            : try OCRReader(programs: programs, scratch: scratch).scannedPages(pdf: pdf, numbers: blank, pageSize: info.pageSize, file: file, options: options)
        // Right-to-left text: poppler attaches vowel marks to the wrong letters; MuPDF's glyphs,
        // put in logical order here, give the text exactly. Without mutool, poppler's text stays,
        // repaired as far as it can be and marked for proofreading when marks stand apart.
        var glyphPages: [String]?
        var mutoolPath: String?
        if pages.contains(where: CharacterProperties.containsRightToLeft), let mutool = programs.path("mutool") {
            mutoolPath = mutool
            glyphPages = try? glyphText(pdf, pages: info.pages, mutool: mutool, options: options, dir: dir)
            if let g = glyphPages {
                // Pages poppler found without text stay without text here (they are read by OCR).
                glyphPages = g.indices.map { blank.contains($0 + 1) ? "" : g[$0] }
            }
        }
        if let g = glyphPages {
            pages = g
        } else {
            pages = pages.map { p in
                p.split(separator: "\n", omittingEmptySubsequences: false).map { PageText.repairRightToLeft(PageText.stripEmbeddingMarks(String($0))) }
                    .joined(separator: "\n")
            }
        }
        for p in scanned?.pages ?? [] { pages[p.number - 1] = p.text }
        var (text, removed) = PageText.text(pages: pages.map(PageText.foldCJKSpaces))
        // Left-to-right pages wholly from the text layer: paragraphs and hard line breaks from the
        // lines' boxes (PDFLayout); the character-only rebuilding above stays the fallback.
        if glyphPages == nil, scanned == nil, !pages.contains(where: CharacterProperties.containsRightToLeft),
            let laid = try? layoutText(pdf, pages: info.pages, pdftotext: pdftotext, options: options, dir: dir)
        {
            (text, removed) = laid
        }
        if glyphPages == nil, PageText.hasDetachedMarks(text) {
            caveats.append(
                "vowel marks (tashkeel) stand apart from their letters: poppler's text layer places them next to the wrong letters, so the text must be proofread against the PDF"
                    + (mutoolPath == nil ? " (with \(Programs.package(of: "mutool")) installed, crp reads them in place)" : ""))
        }
        let (resolved, guessed) = PageText.resolveLineEndHyphens(text)
        if !guessed.isEmpty { caveats.append(Self.hyphenCaveat(guessed)) }
        var r = try Intake.assembled(resolved, bytes: data, file: file, kind: .pdf, encoding: nil)
        if glyphPages != nil, let mutool = mutoolPath {
            r.extraction = Extraction(
                method: .textLayer, tool: "mutool (MuPDF) glyphs, ICU inverse bidi", version: Self.mutoolVersion(programs: programs, mutool: mutool),
                pages: info.pages, removed: removed.isEmpty ? nil : removed)
        } else {
            r.extraction = Extraction(
                method: .textLayer, tool: "pdftotext (poppler)", version: Self.version(programs: programs, pdftotext: pdftotext),
                pages: info.pages, removed: removed.isEmpty ? nil : removed)
        }
        r.extraction?.caveats = caveats.isEmpty ? nil : caveats
        if let scanned, let x = r.extraction {
            r.extraction = scanned.merged(into: x)
            scanned.recordUnread(into: &r)
        }
        return r
    }

    /// What the officer is told of words hyphenated at a line end and joined on a guess.
    static func hyphenCaveat(_ words: [String]) -> String {
        let shown = words.prefix(8).map { "\"\($0)\" → \"\($0.replacingOccurrences(of: "-", with: ""))\"" }.joined(separator: ", ")
        return "\(words.count) word(s) hyphenated at a line end were joined, as hyphenation is (\(shown)\(words.count > 8 ? ", …" : "")): "
            + "a hyphen may be the State's own, so check them against the PDF"
    }

    /// The text of every page by poppler's `pdftotext`, bounded: a page of text is a few kilobytes.
    func popplerPages(_ pdf: String, pdftotext: String, pages count: Int, file: String, options: IntakeOptions, dir: ScratchFolder) throws -> [String] {
        let cap = max(1 << 20, min(Self.saturating(options.maxBytes, 4), Self.saturating(count, 256 << 10)))
        let o = try programs.runner(timeout: options.limits.conversionSeconds, maxOutputBytes: cap)
            .run(pdftotext, ["-enc", "UTF-8", "-f", "1", "-l", String(count), pdf, "-"], extraEnvironment: ["TMPDIR": dir.url.path])
        if o.timedOut { throw FormatError.timedOut(file: file, program: "pdftotext", seconds: options.limits.conversionSeconds) }
        if o.outputCut {
            throw FormatError.corrupt(file: file, kind: "PDF", detail: "its text layer is larger than \(cap >> 20) MB for \(count) pages, which no letter has")
        }
        guard o.succeeded else {
            throw FormatError.corrupt(file: file, kind: "PDF", detail: "poppler cannot read its text (\(PageText.brief(o.err)))")
        }
        var pages = o.out.components(separatedBy: "\u{0C}")
        if pages.count > count { pages.removeLast(pages.count - count) }
        return pages
    }

    /// Each page's lines in logical order, from MuPDF's glyphs (`PDFGlyphText`); nil when mutool
    /// fails, when a page is set in columns, or when a page's glyphs carry characters that no font
    /// map or `/ActualText` gives (U+FFFD): poppler's text, marked for proofreading, is used then.
    func glyphText(_ pdf: String, pages: Int, mutool: String, options: IntakeOptions, dir: ScratchFolder) throws -> [String]? {
        let script = dir.path("glyphs.js")
        try Data(PDFGlyphText.script.utf8).write(to: URL(fileURLWithPath: script))
        // A glyph line is about 40 bytes; a page of text has a few thousand glyphs.
        let cap = max(4 << 20, min(Self.saturating(options.maxBytes, 40), Self.saturating(pages, 2 << 20)))
        let o = try programs.runner(timeout: options.limits.conversionSeconds, maxOutputBytes: cap)
            .run(mutool, ["run", script, pdf, "1", String(pages)], extraEnvironment: ["TMPDIR": dir.url.path])
        guard o.succeeded, !o.timedOut, !o.outputCut else { return nil }
        let parsed = PDFGlyphText.parse(o.out)
        guard parsed.count == pages else { return nil }
        var out: [String] = []
        for page in parsed {
            guard let lines = try PDFGlyphText.lines(page) else { return nil }
            if lines.contains(where: { $0.unicodeScalars.contains { $0.value == 0xFFFD } }) { return nil }
            out.append(lines.joined(separator: "\n"))
        }
        return out
    }

    /// The text from the boxes of `pdftotext -bbox-layout` (see `PDFLayout`); nil when poppler
    /// fails or gives no lines.
    func layoutText(_ pdf: String, pages: Int, pdftotext: String, options: IntakeOptions, dir: ScratchFolder) throws -> (text: String, removed: [String])? {
        // A word's box is about 80 bytes of XHTML; a page of text has a few hundred words.
        let cap = max(8 << 20, min(Self.saturating(options.maxBytes, 40), Self.saturating(pages, 2 << 20)))
        let o = try programs.runner(timeout: options.limits.conversionSeconds, maxOutputBytes: cap)
            .run(pdftotext, ["-bbox-layout", "-enc", "UTF-8", "-f", "1", "-l", String(pages), pdf, "-"], extraEnvironment: ["TMPDIR": dir.url.path])
        guard o.succeeded, !o.timedOut, !o.outputCut else { return nil }
        let parsed = PDFLayout.parse(o.out).map { page in
            page.map { l in
                var l = l
                l.text = PageText.foldCJKSpaces(PageText.stripEmbeddingMarks(l.text)).trimmingCharacters(in: .whitespaces)
                return l
            }.filter { !$0.text.isEmpty }
        }
        guard parsed.contains(where: { !$0.isEmpty }) else { return nil }
        return PDFLayout.text(parsed)
    }

    /// `a × b`, or `Int.max` when that does not fit (the limits are unbounded when `verify`
    /// re-reads a stored original, and a PDF may claim any number of pages).
    static func saturating(_ a: Int, _ b: Int) -> Int {
        let (r, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? Int.max : r
    }

    /// "1.21.1", from `mutool -v`.
    static func mutoolVersion(programs: Programs, mutool: String) -> String {
        guard let o = try? programs.runner(timeout: 20, maxOutputBytes: 1 << 16).run(mutool, ["-v"]) else { return "unknown" }
        let line = (o.err + "\n" + o.out).split(separator: "\n").first { $0.contains("version") }
        return line.flatMap { $0.split(separator: " ").last.map(String.init) } ?? "unknown"
    }

    /// "22.12.0", from `pdftotext -v`.
    static func version(programs: Programs, pdftotext: String) -> String {
        guard let o = try? programs.runner(timeout: 20, maxOutputBytes: 1 << 16).run(pdftotext, ["-v"]) else { return "unknown" }
        let line = (o.err + "\n" + o.out).split(separator: "\n").first { $0.contains("version") }
        return line.flatMap { $0.split(separator: " ").last.map(String.init) } ?? "unknown"
    }
}

extension PageText {
    /// True when an Arabic combining mark follows a space or starts a line: it was moved away from
    /// its letter.
    static func hasDetachedMarks(_ text: String) -> Bool {
        var prev: Unicode.Scalar = "\n"
        for u in text.unicodeScalars {
            if (0x064B...0x065F).contains(u.value) || u.value == 0x0670, prev == " " || prev == "\n" { return true }
            prev = u
        }
        return false
    }
}
