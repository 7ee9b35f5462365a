import Foundation
import Testing

@testable import Intake

/// A short letterhead just above the next line, on a scan still a little skewed after the
/// deskew: Tesseract's page reading merged the two lines into one and read the letterhead's ink
/// as two garbled words of the lower line, whose boxes reached up over the letterhead. The
/// letterhead's band of ink must not count as read: it is read again, or left as an unread line.
/// The rows and boxes are those measured on the scan of the issue (Egypt's letter, 300 dpi,
/// turned 1.2°, noise): the letterhead's band at rows 303–335, the next line at 338–380.
@Suite struct InkLinesMergedLineTests {
    /// A grey page (binary PGM) with ink in the given rows, over the given columns.
    static func page(width: Int, height: Int, ink: [(rows: Range<Int>, columns: Range<Int>)]) -> Data {
        var pixels = [UInt8](repeating: 255, count: width * height)
        for (rows, columns) in ink {
            for y in rows { for x in columns { pixels[y * width + x] = 0 } }
        }
        return Data("P5\n\(width) \(height)\n255\n".utf8) + Data(pixels)
    }

    static let ink = InkLines(
        pgm: page(
            width: 1400, height: 700,
            ink: [(303..<335, 310..<790), (338..<380, 316..<1321), (426..<473, 330..<1300), (482..<514, 310..<520)]))!

    static func box(_ left: Int, _ top: Int, _ width: Int, _ height: Int) -> OCRLayout.Box {
        OCRLayout.Box(left: left, top: top, width: width, height: height)
    }

    /// Tesseract's words for the second line (the letterhead merged into it) and the next two.
    static let merged = [
        box(1186, 337, 135, 38), Self.box(985, 338, 160, 33), Self.box(881, 338, 70, 38),
        box(732, 322, 113, 64),  // the letterhead's ink read with "الأمم" below it
        box(534, 302, 161, 70),  // the letterhead's ink read with "المتحدة": spans both lines
        box(452, 344, 45, 37), Self.box(316, 327, 106, 51),
        box(330, 429, 970, 45), Self.box(310, 481, 210, 33),
    ]

    @Test func aLetterheadMergedIntoTheNextLineIsNotCountedAsRead() {
        let ink = Self.ink
        #expect(ink.bands == [InkLines.Band(top: 303, bottom: 335), .init(top: 338, bottom: 380), .init(top: 426, bottom: 473), .init(top: 482, bottom: 514)])
        let lost = ink.uncovered(by: Self.merged, minHeight: ink.lineHeight * 2 / 3)
        #expect(lost == [InkLines.Band(top: 303, bottom: 335)], "the letterhead's band is not read: \(lost)")
    }

    @Test func linesEachReadOnTheirOwnAreAllCovered() {
        let ink = Self.ink
        let read = [Self.box(330, 302, 460, 34), Self.box(316, 337, 1005, 43), Self.box(330, 429, 970, 45), Self.box(310, 481, 210, 33)]
        #expect(ink.uncovered(by: read, minHeight: ink.lineHeight * 2 / 3).isEmpty)
        // A word with a tall letter reaching a little into the line above still reads its own line.
        let tall = [Self.box(330, 302, 460, 34), Self.box(316, 322, 1005, 58), Self.box(330, 429, 970, 45), Self.box(310, 481, 210, 33)]
        #expect(ink.uncovered(by: tall, minHeight: ink.lineHeight * 2 / 3).isEmpty)
    }

    /// The letterhead read again is cut clear of the next line: the tops of its letters in the
    /// crop were read as figures and signs.
    @Test func aLineReadAgainIsCutClearOfItsNeighbours() {
        let ink = Self.ink
        let (top, bottom) = ink.clearRows(ink.bands[0], pad: 14)
        #expect(top == 289 && bottom == 338, "\(top)–\(bottom)")
        let (top2, bottom2) = ink.clearRows(ink.bands[3], pad: 14)
        #expect(top2 == 473 && bottom2 == 528, "\(top2)–\(bottom2)")
    }
}
