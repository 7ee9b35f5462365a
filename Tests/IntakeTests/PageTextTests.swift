@testable import Intake
import Foundation
import TestSupport
import Submissions
import Testing

/// Paragraphs rebuilt from laid-out lines, page furniture left out, headers of images read.
@Suite struct PageTextTests {
    @Test func runningHeadersAndPageNumbersAreLeftOutAndParagraphsCrossPages() {
        let pages = [
            "Permanent Mission of Peru\nThe Mission has the honour to transmit its comments on the\nimplementation of the Convention, which it considers essential.\nIt also wishes to\n1",
            "Permanent Mission of Peru\nrecall the importance of technical assistance for all States parties\nand of the exchange of informa-\ntion between central authorities.\n2",
        ]
        let (text, removed) = PageText.text(pages: pages)
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
        let tiff: [UInt8] = [0x49, 0x49, 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00, 0x02, 0x00,
                             0x00, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x40, 0x01, 0x00, 0x00,
                             0x01, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0xF0, 0x00, 0x00, 0x00]
        #expect(ImageHeader.dimensions(Data(tiff)).map { [$0.width, $0.height] } == [320, 240])
        #expect(ImageHeader.dimensions(Data([0x89, 0x50, 0x4E, 0x47])) == nil)
        #expect(Intake.sniff(Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]), name: "a.txt") == .doc)
        #expect(Intake.sniff(Data("{\\rtf1\\ansi hola}".utf8), name: "a.txt") == .rtf)
        #expect(Intake.sniff(Data("%PDF-1.7\n".utf8), name: "a.txt") == .pdf)
        #expect(Intake.sniff(Data(jpeg), name: "a") == .image)
        #expect(ContentKind.image.fileExtension(for: Data(jpeg)) == "jpg")
        #expect(ContentKind.image.fileExtension(for: Data(tiff)) == "tif")
    }
}
