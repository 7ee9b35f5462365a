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

    @Test func settingAFieldKeepsTheRestAndQuotesText() throws {
        let text = try #require(PaperMerge.setting("items[1].title", to: "A: new title", literal: true, in: Self.base))
        #expect(text.contains("title: \"A: new title\""))
        #expect(PaperMerge.changedFields(from: Self.base, to: text) == ["items[1].title"])
        #expect(PaperMerge.setting("nothing.here", to: "x", literal: true, in: Self.base) == nil)
        #expect(PaperMerge.setting("date", to: "10 October", literal: true, in: Self.base) == nil, "a date field takes a date")
    }
}
