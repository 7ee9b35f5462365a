import Foundation
import Testing

@testable import Submissions

/// paper.yaml merged field by field (`crp sync`) and one field set (`crp paper resolve`).
@Suite("paper.yaml merged field by field")
struct PaperMergeTests {
    static let base = try! String(
        contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/ctoc-cop-2020/paper.yaml"), encoding: .utf8)

    static func with(_ edits: [(String, String)]) -> String {
        edits.reduce(base) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
    }

    @Test func adjacentFieldsMergeAndTheSameFieldConflicts() throws {
        let mine = Self.with([("session: Tenth session", "session: Mine"), ("items: [4]", "items: [4, 5]")])
        let theirs = Self.with([("session: Tenth session", "session: Theirs"), ("venue: Vienna", "venue: Wien")])
        let merged = try #require(PaperMerge.merge(base: Self.base, mine: mine, theirs: theirs))
        #expect(merged.conflicts == [PaperMerge.Conflict(field: "session", mine: "Mine", theirs: "Theirs")])
        #expect(merged.fromTheirs == ["venue"])
        #expect(merged.text.contains("session: Mine\nvenue: Wien\n") && merged.text.contains("items: [4, 5]"))
        #expect(merged.text.hasPrefix("# Paper definition"), "comments kept")
        #expect(PaperMerge.changedFields(from: Self.base, to: merged.text) == ["session", "venue", "agenda.items"])
    }

    @Test func aMergeThatIsNoPaperDefinitionIsNotWritten() {
        // Each side moves one end of the meeting: together it would end before it starts.
        let mine = Self.with([("  from: 2020-10-12", "  from: 2020-10-20")])
        let theirs = Self.with([("  to: 2020-10-16", "  to: 2020-10-14")])
        #expect(PaperMerge.merge(base: Self.base, mine: mine, theirs: theirs) == nil)
        #expect(PaperMerge.merge(base: Self.base, mine: "not: [yaml", theirs: theirs) == nil)
    }

    /// A list that grew on the other side cannot be written over a line: the merged definition is
    /// written out whole, and this side's comments (above a field, at the end of a line, in a
    /// list, at the end of the file) are written again before their fields.
    @Test func commentsAreKeptWhenTheMergedFileIsWrittenWhole() throws {
        let base =
            Self.with([
                ("venue: Vienna", "# Checked with the Bureau on 1 October.\nvenue: Vienna"),
                ("session: Tenth session", "session: Tenth session  # as in the invitation"),
                ("  - number: 3", "  # Item 3 keeps the Working Group's wording.\n  - number: 3"),
            ]) + "# End of the definition.\n"
        let mine = base.replacingOccurrences(of: "subtitle: Note by the Secretariat", with: "subtitle: Note by the Secretariat (revised)")
        let point =
            "      - \"UNODC should consider expanding the SHERLOC knowledge management portal to include information on police-to-police cooperation;\""
        let theirs = base.replacingOccurrences(of: point, with: point + "\n      - \"A point added at the other duty station.\"")
        let merged = try #require(PaperMerge.merge(base: base, mine: mine, theirs: theirs))
        #expect(merged.fromTheirs == ["items"], "the list of items came from the other side")
        #expect(merged.text.contains("A point added at the other duty station.") && merged.text.contains("(revised)"))
        #expect(!merged.text.contains("items: [4]"), "written out whole (flow lists become block lists)")
        #expect(merged.text.hasPrefix("# Paper definition of the reference paper"))
        #expect(merged.text.contains("# Checked with the Bureau on 1 October.\nvenue: Vienna"))
        #expect(merged.text.contains("# as in the invitation\nsession: Tenth session"))
        #expect(
            merged.text.contains("# Item 3 keeps the Working Group's wording.\n- number: 3")
                || merged.text.contains("  # Item 3 keeps the Working Group's wording.\n  - number: 3"))
        #expect(merged.text.hasSuffix("# End of the definition.\n"))
        #expect(merged.lostComments.isEmpty)
        #expect(PaperMerge.changedFields(from: mine, to: merged.text) == ["items[1].points"], "the comments change no field")
    }

    @Test func settingAFieldKeepsTheRestAndQuotesText() throws {
        let text = try #require(PaperMerge.setting("items[1].title", to: "A: new title", literal: true, in: Self.base))
        #expect(text.contains("title: \"A: new title\""))
        #expect(PaperMerge.changedFields(from: Self.base, to: text) == ["items[1].title"])
        #expect(PaperMerge.setting("nothing.here", to: "x", literal: true, in: Self.base) == nil)
        #expect(PaperMerge.setting("date", to: "10 October", literal: true, in: Self.base) == nil, "a date field takes a date")
    }
}
