import Foundation
import Testing

@testable import Intake

/// A line read again on its own keeps only the words Tesseract was at least 40 % sure of; a
/// word left out under that floor (on a letterhead, "جمهورية" at 31 %) is named in a finding
/// with the line's place, so that no ink disappears without a word.
@Suite struct ScanLeftOutWordsTests {
    /// Tesseract's TSV for one line read again (psm 7, enlarged twice): "جمهورية" at 31 %, "مصر" and
    /// "العربية" at 88 and 91 %, and a speck read as "." at 12 %.
    static let tsv = """
        level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext
        1\t1\t0\t0\t0\t0\t0\t0\t2800\t160\t-1\t
        2\t1\t1\t0\t0\t0\t600\t40\t1000\t80\t-1\t
        3\t1\t1\t1\t0\t0\t600\t40\t1000\t80\t-1\t
        4\t1\t1\t1\t1\t0\t600\t40\t1000\t80\t-1\t
        5\t1\t1\t1\t1\t1\t1300\t40\t300\t80\t31.2\tجمهورية
        5\t1\t1\t1\t1\t2\t1000\t44\t200\t70\t88.0\tمصر
        5\t1\t1\t1\t1\t3\t620\t42\t330\t76\t91.0\tالعربية
        5\t1\t1\t1\t1\t4\t600\t100\t10\t10\t12.0\t.

        """

    @Test func aWordLeftOutUnderTheFloorIsNamedWithItsLinesPlace() throws {
        let line = try #require(OCRLayout(tsv: Self.tsv, offset: (0, 270), scale: 2).lines.first)
        let (kept, leftOut) = OCRLayout.sorted(line.words)
        #expect(kept.map(\.text) == ["مصر", "العربية"])
        #expect(leftOut.map(\.text) == ["جمهورية"], "the speck is no word of the letter")
        var layout = OCRLayout(tsv: "")
        layout.leftOut = [OCRLayout.Line(block: 1, box: line.box, words: leftOut)]
        let notes = layout.leftOutNotes(page: 1, pageHeight: 3300)
        #expect(notes.count == 1)
        let note = try #require(notes.first)
        #expect(note.contains("page 1: the line at 8 % down (pixels 290–330 of 3300)"), "\(note)")
        #expect(note.contains("1 word Tesseract was under 40 % sure of was left out of the text (read as “جمهورية” (31 %))"), "\(note)")
        #expect(note.contains("crp proofread ID FILE"), "\(note)")
    }

    @Test func aLineWithNothingLeftOutGivesNoFinding() {
        let layout = OCRLayout(tsv: Self.tsv.replacingOccurrences(of: "31.2", with: "61.2"))
        #expect(OCRLayout.sorted(layout.words).leftOut.isEmpty)
        #expect(layout.leftOutNotes(page: 1, pageHeight: 3300).isEmpty)
    }
}
