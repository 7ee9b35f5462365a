import Foundation
import Intake
import MultilingualText
import Platform
import Submissions
import TestSupport
import Testing

/// Scans that are not clean, made here: a page typeset by LibreOffice, rendered by poppler at a
/// fixed 300 dpi (a page 8.5 in wide is 2550 pixels, as a scanner gives), degraded by ImageMagick.
/// A representative few cases; the whole matrix (six languages × every condition) is
/// Benchmarks/scans.py.
@Suite(.serialized) struct ScanTests {
    let scratch: URL = { try! ReferenceTexts.tempDir("scans-scratch") }()
    var readers: ReaderRegistry { IntakeFormats.adding(to: .standard, programs: Typeset.programs, scratch: scratch) }
    static let needed = ["soffice", "pdftoppm", "pdftotext", "tesseract", "convert", "python-docx", "chromium"]
    static var runs: Bool { Clients.runs(Typeset.programs.path("tesseract") != nil && Typeset.programs.path("convert") != nil) }

    func read(_ image: URL, _ language: String) throws -> ReceivedText {
        try Intake.read(
            data: try Data(contentsOf: image), name: image.lastPathComponent, options: IntakeOptions(readers: readers, language: language))
    }

    /// The suite's pages, typeset once for all its tests (LibreOffice starts once): each text a
    /// .docx, all converted to PDF in one LibreOffice run, each first page rendered at 300 dpi in
    /// grey by poppler and cut to its ink with a white margin (the resolution kept, the empty
    /// half of the page not read), with the number of lines the typeset page has.
    struct Pages: Sendable {
        var dir: URL
        var pdf: [String: URL] = [:]
        var png: [String: URL] = [:]
        var lines: [String: Int] = [:]
        var source: [String: String] = [:]
    }

    static let shared = Result<Pages, Error> { try typesetAll() }

    /// The texts: the Arabic with "SHERLOC" inside it, and the first paragraphs of en, es, fr, ru.
    static func typesetAll() throws -> Pages {
        var p = Pages(dir: try ReferenceTexts.tempDir("scan-pages"))
        let paras = try ReferenceTexts.paragraphs("morocco-item2.ar.txt").map(Self.withoutDiacritics)
        p.source["ar"] = [paras[0], paras.first { $0.contains("SHERLOC") }!].joined(separator: "\n\n") + "\n"
        for language in ["en", "es", "fr", "ru"] { p.source[language] = Typeset.onePage(try Typeset.text(language), characters: 700) }
        let docs = try p.source.keys.sorted().map { try Typeset.docx(p.source[$0]!, language: $0, in: p.dir, name: $0) }
        guard let soffice = Typeset.programs.path("soffice") else { throw Typeset.TypesetError("LibreOffice is missing") }
        try Typeset.run(
            soffice,
            [
                "-env:UserInstallation=file://" + p.dir.appendingPathComponent("lo-profile").path, "--headless", "--norestore", "--convert-to", "pdf",
                "--outdir", p.dir.path,
            ] + docs.map(\.path), in: p.dir)
        for language in p.source.keys {
            let pdf = p.dir.appendingPathComponent("\(language).pdf")
            p.pdf[language] = pdf
            let o = try Typeset.runner.run(Typeset.programs.path("pdftotext")!, ["-f", "1", "-l", "1", "-layout", pdf.path, "-"])
            p.lines[language] = o.out.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }.count
            p.png[language] = try render(pdf, dpi: 300, name: language, in: p.dir)
        }
        return p
    }

    /// The first page of `pdf` at `dpi` in grey, cut to its ink with a margin.
    static func render(_ pdf: URL, dpi: Int, name: String, in dir: URL) throws -> URL {
        let base = dir.appendingPathComponent("\(name)-\(dpi)")
        try Typeset.run(
            Typeset.programs.path("pdftoppm")!, ["-r", String(dpi), "-gray", "-png", "-f", "1", "-l", "1", "-singlefile", pdf.path, base.path], in: dir)
        let png = base.appendingPathExtension("png")
        try Typeset.run(
            Typeset.programs.path("convert")!, [png.path, "-trim", "+repage", "-bordercolor", "white", "-border", String(dpi / 2), png.path], in: dir)
        return png
    }

    /// `image` changed by ImageMagick (`convert IMAGE ARGS OUT`).
    static func degrade(_ image: URL, _ args: [String], name: String, in dir: URL) throws -> URL {
        let out = dir.appendingPathComponent(name)
        try Typeset.run(Typeset.programs.path("convert")!, [image.path] + args + [out.path], in: dir)
        return out
    }

    /// Without tashkeel: the goal is for Arabic without diacritics.
    static func withoutDiacritics(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.filter { !(0x064B...0x0652).contains($0.value) && $0.value != 0x0670 }))
    }

    /// An Arabic page with the Latin "SHERLOC" inside it: Tesseract's Arabic model alone reads it as
    /// figures and signs and wraps runs in bidi marks; the reader reads that run again with the pair
    /// ara+eng, takes out the marks, and every line of the page is accounted for.
    @Test(.enabled(if: runs))
    func latinInsideArabicIsReadWithThePairAndNoBidiMarkIsAdded() throws {
        guard Typeset.available(Self.needed) else { return }
        let pages = try Self.shared.get()
        let source = pages.source["ar"]!
        let r = try read(pages.png["ar"]!, "ar")
        let cer = Typeset.cer(r.text, reference: source)
        print("OCR ar with SHERLOC (300 dpi): CER \(String(format: "%.2f", cer * 100)) %")
        #expect(r.text.contains("(SHERLOC)"), "\(r.text)")
        #expect(!r.text.unicodeScalars.contains { ["\u{200E}", "\u{200F}", "\u{061C}"].contains($0) }, "bidi marks in \(r.text)")
        #expect(r.text.contains("،"), "the Arabic comma is kept: \(r.text)")
        #expect(cer <= 0.02, "CER \(cer): \(r.text)")
        let x = try #require(r.extraction)
        #expect(
            (x.linesRead ?? 0) + (x.unreadLines?.count ?? 0) == pages.lines["ar"]!, "lines read \(x.linesRead ?? -1) + unread \(x.unreadLines?.count ?? 0)")
    }

    /// A page skewed by 2° is straightened and a page upside down is turned before reading, and
    /// each is read within the issue's goal; every line is read or reported.
    @Test(.enabled(if: runs))
    func skewedAndUpsideDownPagesAreStraightenedAndTurned() throws {
        guard Typeset.available(Self.needed) else { return }
        let pages = try Self.shared.get()
        let dir = try ReferenceTexts.tempDir("scan-skew")
        for (language, args, goal, says) in [
            ("es", ["-background", "white", "-rotate", "2", "+repage"], 0.02, "straightened"),
            ("en", ["-rotate", "180"], 0.02, "turned by 180°"),
            ("ru", ["-quality", "50"], 0.04, nil),
        ] {
            let source = pages.source[language]!
            let bad = try Self.degrade(pages.png[language]!, args, name: "bad-\(language).\(args.contains("-quality") ? "jpg" : "png")", in: dir)
            let r = try read(bad, language)
            let cer = Typeset.cer(r.text, reference: source)
            print("OCR \(language) \(args.joined(separator: " ")): CER \(String(format: "%.2f", cer * 100)) %")
            #expect(cer <= goal, "\(language) CER \(cer): \(r.text.prefix(300))")
            let x = try #require(r.extraction)
            if let says { #expect((x.caveats ?? []).contains { $0.contains(says) }, "\(x.caveats ?? [])") }
            #expect(!(x.caveats ?? []).contains { $0.contains("low resolution") || $0.contains("stamp") }, "\(x.caveats ?? [])")
            #expect(
                (x.linesRead ?? 0) + (x.unreadLines?.count ?? 0) == pages.lines[language]!,
                "\(language): lines read \(x.linesRead ?? -1) + unread \(x.unreadLines?.count ?? 0) ≠ \(pages.lines[language]!)")
        }
    }

    /// A page scanned at 150 dpi is read, and named as too coarse for its text, with advice.
    @Test(.enabled(if: runs))
    func aPageUnder200DpiIsReportedWithAdvice() throws {
        guard Typeset.available(Self.needed) else { return }
        let pages = try Self.shared.get()
        let r = try read(try Self.render(pages.pdf["fr"]!, dpi: 150, name: "fr", in: pages.dir), "fr")
        let caveats = r.extraction?.caveats ?? []
        #expect(caveats.contains { $0.contains("low resolution") && $0.contains("scan at 300 dpi") }, "\(caveats)")
    }

    /// A round stamp in grey ink over the first lines (as a registry stamps a letter): its ink is
    /// told from the lines of text by its tone, reported as a stamp at its place (not as lines
    /// read or unread), and the text under it is read within the goal of a clean page.
    @Test(.enabled(if: runs))
    func aStampIsReportedAsAStampAndTheLinesUnderItAreRead() throws {
        guard Typeset.available(Self.needed) else { return }
        let x = try readStamped(Self.stamp("gray45"), name: "stamped.png")
        #expect(
            (x.caveats ?? []).contains { $0.contains("a stamp or signature in lighter ink than the text at") && $0.contains("% down") }, "\(x.caveats ?? [])")
        #expect(!(x.caveats ?? []).contains { $0.contains("grey ink left out") }, "\(x.caveats ?? [])")
    }

    /// ImageMagick's drawing of a round registry stamp in `colour` (two rings and a date) over
    /// the first lines of a page.
    static func stamp(_ colour: String) -> [String] {
        [
            "-fill", "none", "-stroke", colour, "-strokewidth", "7", "-draw", "circle 1500,250 1650,250", "-draw", "circle 1500,250 1632,250",
            "-stroke", "none", "-fill", colour, "-pointsize", "34", "-draw", "text 1400,240 '21 SEP 2020'",
        ]
    }

    /// The English page with `drawing` over it, read: the text under the stamp is read within
    /// the goal of a clean page, every line of text is read, and the stamp is no unread line.
    func readStamped(_ drawing: [String], name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Extraction {
        let pages = try Self.shared.get()
        let r = try read(try Self.degrade(pages.png["en"]!, drawing, name: name, in: pages.dir), "en")
        let cer = Typeset.cer(r.text, reference: pages.source["en"]!)
        print("OCR en, \(name) (300 dpi): CER \(String(format: "%.2f", cer * 100)) %")
        #expect(cer <= 0.02, "CER \(cer): \(r.text)", sourceLocation: sourceLocation)
        let x = try #require(r.extraction, sourceLocation: sourceLocation)
        #expect(x.unreadLines == nil, "the stamp is no unread line: \(x.unreadLines ?? [])", sourceLocation: sourceLocation)
        #expect(x.linesRead == pages.lines["en"]!, "lines read \(x.linesRead ?? -1) ≠ \(pages.lines["en"]!)", sourceLocation: sourceLocation)
        return x
    }

    /// A blank page is refused as "no text found", naming the file, and nothing is left behind.
    @Test(.enabled(if: runs))
    func aBlankPageIsNoTextFound() throws {
        guard Typeset.available(["tesseract", "convert"]) else { return }
        let dir = try ReferenceTexts.tempDir("scan-blank")
        let blank = try Self.whitePage(name: "blank.png", in: dir)
        #expect(throws: FormatError.noTextFound(file: "blank.png", pages: 1)) { try read(blank, "fr") }
        #expect(FormatError.noTextFound(file: "blank.png", pages: 1).errorDescription?.contains("no text found") == true)
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: scratch.path)) ?? []).isEmpty)
    }
}

extension ScanTests {
    /// A white A4 page at 300 dpi (ImageMagick's `xc:white`), written as `name`.
    static func whitePage(name: String, in dir: URL) throws -> URL {
        let out = dir.appendingPathComponent(name)
        try Typeset.run(Typeset.programs.path("convert")!, ["-size", "2480x3508", "xc:white", "-colorspace", "Gray", out.path], in: dir)
        return out
    }
}
