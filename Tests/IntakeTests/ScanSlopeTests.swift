import Foundation
import Testing

@testable import Intake

/// The slope of the lines Tesseract read, from its word boxes, decides whether ImageMagick measures
/// a page's skew (`OCRReader.readScannedPage`): a straight page must read as straight, a page
/// turned by half a degree or more must not, and a word with a descender must not tip a line.
@Suite struct ScanSlopeTests {
    /// A TSV of `lines` lines of `words` words 200 pixels apart, each word's bottom lower by
    /// `tan(degrees)` per pixel to the right; the words at `descenders` (line, word) reach 12 pixels lower.
    static func tsv(lines: Int, words: Int, degrees: Double, descenders: Set<[Int]> = []) -> String {
        var rows = ["level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"]
        let t = tan(degrees * .pi / 180)
        for i in 0..<lines {
            rows.append("4\t1\t1\t1\t\(i + 1)\t0\t100\t\(100 * (i + 1))\t2000\t60\t-1\t")
            for j in 0..<words {
                let left = 100 + 200 * j
                let bottom = 100 * (i + 1) + 40 + Int((Double(left + 60) * t).rounded())
                let height = descenders.contains([i, j]) ? 52 : 40
                rows.append("5\t1\t1\t1\t\(i + 1)\t\(j + 1)\t\(left)\t\(bottom - 40)\t120\t\(height)\t90.0\tword")
            }
        }
        return rows.joined(separator: "\n") + "\n"
    }

    @Test(arguments: [0.0, 0.5, -1.0, 2.0, 4.0])
    func theSlopeOfTheWordsIsTheTurnOfThePage(degrees: Double) throws {
        let slope = try #require(OCRLayout(tsv: Self.tsv(lines: 20, words: 9, degrees: degrees, descenders: [[0, 3], [1, 8], [2, 0], [5, 5]])).slope)
        #expect(abs(slope - degrees) < 0.05, "\(slope)° for a page turned \(degrees)°")
        #expect((abs(slope) >= OCRReader.slopeToMeasure) == (degrees != 0))
    }

    @Test func linesOfFewerThanThreeWordsGiveNoSlope() {
        #expect(OCRLayout(tsv: Self.tsv(lines: 5, words: 2, degrees: 2)).slope == nil)
        #expect(OCRLayout(tsv: "").slope == nil)
    }
}
