import Foundation
import Testing

@testable import Intake

/// The figures of an Arabic OCR reading are listed for the proofreader: Tesseract's Arabic model
/// misreads Arabic-Indic digits and no second reading corrects them (see `figuresToCheck`). The
/// TSV rows are those Tesseract gave for a page typeset here ("البند ٦", "٢- … ٢٩ و٣٠").
@Suite struct ScanFiguresTests {
    static func tsv(_ lines: [[String]]) -> String {
        var rows = ["level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"]
        for (i, words) in lines.enumerated() {
            rows.append("4\t1\t1\t1\t\(i + 1)\t0\t100\t\(100 * (i + 1))\t2000\t50\t-1\t")
            for (j, w) in words.enumerated() { rows.append("5\t1\t1\t1\t\(i + 1)\t\(j + 1)\t\(2000 - 150 * j)\t\(100 * (i + 1))\t120\t50\t85.0\t\(w)") }
        }
        return rows.joined(separator: "\n") + "\n"
    }

    @Test func figuresAndListNumbersOfArabicLinesAreListedOnce() {
        let layout = OCRLayout(
            tsv: Self.tsv([
                ["تعليقات", "المغرب", "على", "البند", "1", "من", "جدول"],
                ["؟-", "ويرى", "المغرب", "وفقا", "للمادتين", "١9\u{200F}", "و١\u{200F}", "من", "الاتفاقية"],
                ["“-", "ويقترح", "في", "الصفحة", "1", "من", "التقرير."],
                ["Peru", "2020", "-"],
            ]))
        #expect(layout.figuresToCheck() == ["1", "؟-", "١9", "و١", "“-"])
    }

    @Test func anArabicLineWithoutFiguresGivesNone() {
        let layout = OCRLayout(tsv: Self.tsv([["يتوقف", "التنفيذ", "الفعال", "-", "لاتفاقية"]]))
        #expect(layout.figuresToCheck().isEmpty)
    }
}
