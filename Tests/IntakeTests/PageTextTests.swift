import Foundation
import Submissions
import TestSupport
import Testing

@testable import Intake

/// Paragraphs rebuilt from laid-out lines, page furniture left out, headers of images read.
@Suite struct PageTextTests {
    @Test func runningHeadersAndPageNumbersAreLeftOutAndParagraphsCrossPages() {
        let pages = [
            "Permanent Mission of Peru\nThe Mission has the honour to transmit its comments on the\nimplementation of the Convention, which it considers essential.\nIt also wishes to\n1",
            "Permanent Mission of Peru\nrecall the importance of technical assistance for all States parties\nand of the exchange of informa-\ntion between central authorities.\n2",
        ]
        let (marked, removed) = PageText.text(pages: pages)
        let (text, guesses) = PageText.resolveLineEndHyphens(marked)
        #expect(guesses == ["informa-tion"], "a hyphen joined on a guess is said")
        #expect(!text.contains("Permanent Mission of Peru"))
        #expect(!text.contains("\n1\n") && !text.hasSuffix("2\n"))
        #expect(text.contains("It also wishes to recall the importance"), "a paragraph crosses the page break")
        #expect(text.contains("exchange of information between"), "a line-end hyphen is seen through")
        #expect(removed.contains("Permanent Mission of Peru"))
    }

    @Test func aOnePageLetterKeepsItsLinesAndLosesOnlyItsPageNumber() {
        let (text, removed) = PageText.text(pages: ["Comments of Peru on item 2.\n\nPeru supports the Convention.\n- 1 -"])
        #expect(text == "Comments of Peru on item 2.\n\nPeru supports the Convention.\n")
        #expect(removed == ["- 1 -"])
    }

    @Test func chineseLinesJoinWithoutSpacesAndEmbeddingMarksGo() {
        #expect(PageText.foldCJKSpaces("中 国 关于 议程项目 2 的意见") == "中国关于议程项目2的意见")
        #expect(PageText.join("中国强调技术", "援助的重要性") == "中国强调技术援助的重要性")
        #expect(PageText.stripEmbeddingMarks("\u{202B}مرحبا\u{202C}") == "مرحبا")
        #expect(PageText.repairRightToLeft("الوطنية .ولذلك ،يمكن ( أ) تشجيع") == "الوطنية. ولذلك، يمكن (أ) تشجيع")
        #expect(PageText.hasDetachedMarks("تم ّكن"))
        #expect(!PageText.hasDetachedMarks("تمكّن"))
    }

    @Test func pageNumbersInTheOfficialLanguagesAreRecognised() {
        for s in ["3", "- 3 -", "Page 3 of 7", "Página 3", "Страница 3", "٣", "第3页"] { #expect(PageText.isPageNumber(s), "\(s)") }
        for s in ["3. Peru supports", "Article 3", "2020"] where s != "2020" { #expect(!PageText.isPageNumber(s), "\(s)") }
    }

    @Test func imageSizesAreReadFromHeadersAndNewKindsAreSniffed() {
        #expect(ImageHeader.dimensions(HostileFormats.png(width: 2480, height: 3508)).map { [$0.width, $0.height] } == [2480, 3508])
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x01, 0x2C, 0x00, 0xC8, 0x03]
        #expect(ImageHeader.dimensions(Data(jpeg + [UInt8](repeating: 0, count: 20))).map { [$0.width, $0.height] } == [200, 300])
        let tiff: [UInt8] = [
            0x49, 0x49, 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00, 0x02, 0x00,
            0x00, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x40, 0x01, 0x00, 0x00,
            0x01, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0xF0, 0x00, 0x00, 0x00,
        ]
        #expect(ImageHeader.dimensions(Data(tiff)).map { [$0.width, $0.height] } == [320, 240])
        #expect(ImageHeader.dimensions(Data([0x89, 0x50, 0x4E, 0x47])) == nil)
        #expect(Intake.sniff(Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]), name: "a.txt") == .doc)
        #expect(Intake.sniff(Data("{\\rtf1\\ansi hola}".utf8), name: "a.txt") == .rtf)
        #expect(Intake.sniff(Data("%PDF-1.7\n".utf8), name: "a.txt") == .pdf)
        #expect(Intake.sniff(Data(jpeg), name: "a") == .image)
        #expect(ContentKind.image.fileExtension(for: Data(jpeg)) == "jpg")
        #expect(ContentKind.image.fileExtension(for: Data(tiff)) == "tif")
    }

    /// A glyph dump as `mutool run` prints it (PDFGlyphText.script), laid out as LibreOffice and
    /// Chromium lay out Arabic: glyphs left to right, a zero-width vowel mark drawn before its
    /// letter, presentation forms, a lam-alef whose /ActualText gives its letters, a Latin word.
    static func glyphDump(matched: Bool) -> String {
        func g(_ span: Int, _ x: Double, _ y: Double, _ adv: Double, _ cps: String) -> String {
            "G\t\(matched ? span : -1)\t\(x)\t\(y)\t\(adv)\t12.00\t\(cps)"
        }
        var lines = ["P\t1\t595.00\t842.00", "N\t19\t19\t\(matched ? 1 : 0)"]
        if matched { lines.append("A\t0\t644,627") }
        // Line 1, "تمكّن من SHERLOC" (right to left): SHERLOC, space, من, space, تمكّن (ن ّ ك م ت).
        var x = 100.0
        for c in ["53", "48", "45", "52", "4c", "4f", "43", "20", "fee6", "fee3", "20", "fee6"] { lines.append(g(-1, x, 100, 5, c)); x += 5 }
        lines.append(g(-1, x + 1, 98.5, 0, "651"))  // shadda, zero width, before its letter
        for c in ["fedc", "fee4", "fe97"] { lines.append(g(-1, x, 100, 5, c)); x += 5 }
        // Line 2, "لا بد": د ب, a gap without a space glyph, then lam-alef as two glyphs in one
        // /ActualText span.
        lines.append(g(-1, 100, 120, 5, "feaa"))
        lines.append(g(-1, 105, 120, 5, "fe91"))
        lines.append(g(0, 113, 120, 0, "fffd"))
        lines.append(g(0, 113, 120, 6, "644"))
        // Line 3, digits only: left to right.
        for (k, c) in ["32", "30", "32", "30"].enumerated() { lines.append(g(-1, 100 + Double(k) * 5, 140, 5, c)) }
        return lines.joined(separator: "\n")
    }

    @Test func glyphsOfARightToLeftPageComeOutInLogicalOrder() throws {
        let pages = PDFGlyphText.parse(Self.glyphDump(matched: true))
        #expect(pages.count == 1)
        let lines = try #require(try PDFGlyphText.lines(pages[0]))
        #expect(lines == ["تمكّن من SHERLOC", "لا بد", "2020"], "\(lines)")
        // Without the /ActualText spans (not matched to the content stream), the glyph with no
        // Unicode mapping stays U+FFFD: the reader then falls back to poppler, marked for proofreading.
        let unmatched = try #require(try PDFGlyphText.lines(PDFGlyphText.parse(Self.glyphDump(matched: false))[0]))
        #expect(unmatched.contains { $0.unicodeScalars.contains { $0.value == 0xFFFD } })
        // Two columns: the glyphs do not say which to read first, so the page is not read from them.
        var columns = ["P\t1\t595\t842", "N\t6\t6\t1"]
        for y in [100, 120, 140] { columns += ["G\t-1\t100\t\(y)\t5\t12\t628", "G\t-1\t300\t\(y)\t5\t12\t62f"] }
        #expect(try PDFGlyphText.lines(PDFGlyphText.parse(columns.joined(separator: "\n"))[0]) == nil)
        // Nonsense lines are skipped, never trapped on.
        #expect(PDFGlyphText.parse("G\tx\nP\t1\nG\t-1\tnan\t1\t1\t1\t41\nG\t-1\t1\t1\t1\t1\tzz,110000").first?.glyphs.count == 1)
    }

    /// A hyphen at a line end is the State's own when the text writes the hyphenated word elsewhere,
    /// hyphenation when it writes the joined word elsewhere; otherwise it is joined and said.
    @Test func lineEndHyphensAreDecidedFromTheTextItself() {
        let compound = "States should adopt victim-centred approaches. Canada supports victim-\ncentred and trauma-informed work.\n"
        let (marked, _) = PageText.text(pages: [compound])
        let kept = PageText.resolveLineEndHyphens(marked)
        #expect(kept.text.contains("supports victim-centred and"))
        #expect(kept.guesses.isEmpty)
        let hyphenation = "The exchange of information matters. It needs the exchange of informa-\ntion between authorities.\n"
        let dropped = PageText.resolveLineEndHyphens(PageText.text(pages: [hyphenation]).text)
        #expect(dropped.text.contains("exchange of information between"))
        #expect(dropped.guesses.isEmpty)
        let unknown = PageText.resolveLineEndHyphens(PageText.text(pages: ["Canada encourages States to adopt victim-\ncentred approaches.\n"]).text)
        #expect(unknown.text.contains("adopt victimcentred approaches"))
        #expect(unknown.guesses == ["victim-centred"])
        #expect(!unknown.text.contains(PageText.lineEndHyphen))
    }
}
