import Foundation
import Secretariat
import Submissions
import TestSupport
import Testing

/// The status index carries who each submission is assigned to, so that the web desk's board
/// reads one index, not every record; an index written before (without the field) is rebuilt.
@Suite struct StatusIndexAssigneeTests {
    @Test func assigneesComeFromTheIndexAndAnOldIndexIsRebuilt() throws {
        let s = try ScratchStore()
        defer { s.cleanup() }
        let peru = try s.register(Texts.spanish("assigned"))
        let chile = try s.register(Texts.spanish("not-assigned"), state: "Chile")
        _ = try s.store.assign(peru, to: "tom", by: "unit")
        let listing = try StatusListing.make(store: s.store)
        #expect(listing.assignees == [peru.id: "tom"])
        #expect(listing.rows.map(\.id).sorted() == [chile.id, peru.id].sorted())

        // The index now holds the name: an index whose lines say another name is believed (the
        // records are not read) — which shows that the board's figure comes from the index.
        let index = s.store.root.appendingPathComponent(".crp/index.tsv")
        let text = try String(contentsOf: index, encoding: .utf8)
        #expect(text.hasPrefix("crp-status-index\t7\t"))
        try Data(text.replacingOccurrences(of: "\ttom\n", with: "\ttina\n").utf8).write(to: index)
        #expect(try StatusListing.make(store: s.store).assignees == [peru.id: "tina"])

        // An index of the former version (17 fields, header 6) is not trusted: it is rebuilt from the records.
        let old = text.replacingOccurrences(of: "crp-status-index\t7\t", with: "crp-status-index\t6\t").replacingOccurrences(of: "\ttom\n", with: "\n")
        try Data(old.utf8).write(to: index)
        #expect(try StatusListing.make(store: s.store).assignees == [peru.id: "tom"])
        #expect(try String(contentsOf: index, encoding: .utf8).hasPrefix("crp-status-index\t7\t"))
    }
}
