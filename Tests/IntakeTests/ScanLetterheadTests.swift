import Foundation
import Intake
import Platform
import TestSupport
import Testing

/// A letter whose first line is a short letterhead just above the mission's line (Egypt's letter
/// of the issue: Tests/Fixtures/scans/egypt-letterhead.pdf, its fonts embedded, 9 lines), rendered
/// at 300 dpi by poppler, turned 1.2° and given light noise by ImageMagick (seeded, one thread:
/// the same page on every run). After the deskew Tesseract merges the letterhead into the line
/// below and reads its ink as two garbled words of that line: the letterhead must be read again
/// or reported as an unread line, never lost without a word.
@Suite(.serialized) struct ScanLetterheadTests {
    static let needed = ["pdftoppm", "tesseract", "convert"]
    static var runs: Bool { Clients.runs(Typeset.programs.path("tesseract") != nil && Typeset.programs.path("convert") != nil) }
    static let fixture = Repo.root.appendingPathComponent("Tests/Fixtures/scans/egypt-letterhead")

    /// Egypt's letter rendered at 300 dpi in grey, turned by `degrees` with Gaussian noise
    /// (`noise`, seeded), and read as Arabic.
    static func readEgypt(turned degrees: String, noise: String, name: String) throws -> ReceivedText {
        let dir = try ReferenceTexts.tempDir(name)
        let base = dir.appendingPathComponent("egypt")
        try Typeset.run(
            Typeset.programs.path("pdftoppm")!, ["-r", "300", "-gray", "-png", "-singlefile", fixture.path + ".pdf", base.path], in: dir)
        let scan = try ScanTests.degrade(
            base.appendingPathExtension("png"),
            ["-limit", "thread", "1", "-background", "white", "-rotate", degrees, "-seed", "1", "-attenuate", noise, "+noise", "Gaussian"],
            name: name + ".png", in: dir)
        let readers = IntakeFormats.adding(to: .standard, programs: Typeset.programs, scratch: try ReferenceTexts.tempDir(name + "-scratch"))
        return try Intake.read(data: try Data(contentsOf: scan), name: name + ".png", options: IntakeOptions(readers: readers, language: "ar"))
    }

    @Test(.enabled(if: runs))
    func aLetterheadMergedIntoTheLineBelowIsReadOrReported() throws {
        guard Typeset.available(Self.needed) else { return }
        let r = try Self.readEgypt(turned: "-1.2", noise: "0.2", name: "egypt-scan")
        // The page has 9 lines of ink (the letterhead, the mission's line, and 7 lines of 3 paragraphs).
        let x = try #require(r.extraction)
        let unread = x.unreadLines ?? []
        #expect((x.linesRead ?? 0) + unread.count == 9, "lines read \(x.linesRead ?? -1) + unread \(unread.count): \(r.text)")
        // The letterhead, the first 10 % of the page: read (its first line is the State's name, not
        // the mission's line) or reported with its crop.
        let first = r.text.split(separator: "\n").first.map(String.init) ?? ""
        let letterheadRead = first.contains("العربية") && !first.contains("البعثة")
        let letterheadReported = unread.contains { $0.top * 10 < $0.pageHeight }
        #expect(letterheadRead || letterheadReported, "first line \(first); unread \(unread.map { "\($0.top)–\($0.bottom)" })")
    }
}
