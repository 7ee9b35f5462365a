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

    /// A page of `text` typeset in the language's font and rendered at 300 dpi in grey, with the
    /// number of lines the typeset page has (pdftotext -layout).
    static func page(_ text: String, language: String, in dir: URL, name: String) throws -> (png: URL, lines: Int) {
        let pdf = try Typeset.libreOffice(try Typeset.docx(text, language: language, in: dir, name: name), to: "pdf", in: dir)
        let o = try Typeset.runner.run(Typeset.programs.path("pdftotext")!, ["-f", "1", "-l", "1", "-layout", pdf.path, "-"])
        let lines = o.out.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }.count
        return (try Typeset.scan(pdf, in: dir, name: name), lines)
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
        let dir = try ReferenceTexts.tempDir("scan-sherloc")
        let paras = try ReferenceTexts.paragraphs("morocco-item2.ar.txt").map(Self.withoutDiacritics)
        let source = [paras[0], paras.first { $0.contains("SHERLOC") }!].joined(separator: "\n\n") + "\n"
        let page = try Self.page(source, language: "ar", in: dir, name: "sherloc")
        let r = try read(page.png, "ar")
        let cer = Typeset.cer(r.text, reference: source)
        print("OCR ar with SHERLOC (300 dpi): CER \(String(format: "%.2f", cer * 100)) %")
        #expect(r.text.contains("(SHERLOC)"), "\(r.text)")
        #expect(!r.text.unicodeScalars.contains { ["\u{200E}", "\u{200F}", "\u{061C}"].contains($0) }, "bidi marks in \(r.text)")
        #expect(r.text.contains("،"), "the Arabic comma is kept: \(r.text)")
        #expect(cer <= 0.02, "CER \(cer): \(r.text)")
        let x = try #require(r.extraction)
        #expect((x.linesRead ?? 0) + (x.unreadLines?.count ?? 0) == page.lines, "lines read \(x.linesRead ?? -1) + unread \(x.unreadLines?.count ?? 0)")
    }

    /// A page skewed by 2° is straightened and a page upside down is turned before reading, and
    /// each is read within the issue's goal; every line is read or reported.
    @Test(.enabled(if: runs))
    func skewedAndUpsideDownPagesAreStraightenedAndTurned() throws {
        guard Typeset.available(Self.needed) else { return }
        let dir = try ReferenceTexts.tempDir("scan-skew")
        for (language, args, goal, says) in [
            ("es", ["-background", "white", "-rotate", "2", "+repage"], 0.02, "straightened"),
            ("en", ["-rotate", "180"], 0.02, "turned by 180°"),
            ("ru", ["-quality", "50"], 0.04, nil),
        ] {
            let source = Typeset.onePage(try Typeset.text(language))
            let page = try Self.page(source, language: language, in: dir, name: "page-\(language)")
            let bad = try Self.degrade(page.png, args, name: "bad-\(language).\(args.contains("-quality") ? "jpg" : "png")", in: dir)
            let r = try read(bad, language)
            let cer = Typeset.cer(r.text, reference: source)
            print("OCR \(language) \(args.joined(separator: " ")): CER \(String(format: "%.2f", cer * 100)) %")
            #expect(cer <= goal, "\(language) CER \(cer): \(r.text.prefix(300))")
            let x = try #require(r.extraction)
            if let says { #expect((x.caveats ?? []).contains { $0.contains(says) }, "\(x.caveats ?? [])") }
            #expect(!(x.caveats ?? []).contains { $0.contains("low resolution") }, "\(x.caveats ?? [])")
            #expect(
                (x.linesRead ?? 0) + (x.unreadLines?.count ?? 0) == page.lines,
                "\(language): lines read \(x.linesRead ?? -1) + unread \(x.unreadLines?.count ?? 0) ≠ \(page.lines)")
        }
    }

    /// A page scanned at 150 dpi is read, and named as too coarse for its text, with advice.
    @Test(.enabled(if: runs))
    func aPageUnder200DpiIsReportedWithAdvice() throws {
        guard Typeset.available(Self.needed) else { return }
        let dir = try ReferenceTexts.tempDir("scan-150")
        let source = Typeset.onePage(try Typeset.text("fr"))
        let pdf = try Typeset.libreOffice(try Typeset.docx(source, language: "fr", in: dir, name: "fr"), to: "pdf", in: dir)
        let base = dir.appendingPathComponent("fr-150")
        try Typeset.run(Typeset.programs.path("pdftoppm")!, ["-r", "150", "-gray", "-png", "-singlefile", pdf.path, base.path], in: dir)
        let r = try read(base.appendingPathExtension("png"), "fr")
        let caveats = r.extraction?.caveats ?? []
        #expect(caveats.contains { $0.contains("low resolution") && $0.contains("scan at 300 dpi") }, "\(caveats)")
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
