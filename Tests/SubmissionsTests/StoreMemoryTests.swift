import Foundation
import Secretariat
import Submissions
import TestSupport
import Testing

/// The web desk keeps the status index in memory between requests (`StoreMemory`) only while
/// nothing is written: a change by another process (the CLI) is seen on the next read.
@Suite struct StoreMemoryTests {
    @Test func keptWhileNothingIsWrittenAndReadAgainAfterAnyWrite() throws {
        let s = try ScratchStore()
        defer { s.cleanup() }
        let peru = try s.register(Texts.spanish("assigned"))
        let chile = try s.register(Texts.spanish("not-assigned"), state: "Chile")
        _ = try s.store.assign(peru, to: "tom", by: "unit")
        let desk = try Store(root: s.store.root, memory: StoreMemory())
        #expect(try StatusListing.make(store: desk).assignees == [peru.id: "tom"])

        // The index file changed behind its back (no writer of the store did it): the desk keeps
        // what it read, which shows that the second read came from memory.
        let index = s.store.root.appendingPathComponent(".crp/index.tsv")
        let text = try String(contentsOf: index, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "\ttom\n", with: "\ttina\n").utf8).write(to: index)
        #expect(try StatusListing.make(store: desk).assignees == [peru.id: "tom"])
        #expect(try StatusListing.make(store: s.store).assignees == [peru.id: "tina"])

        // Another process's change (a store without memory, as the CLI) is seen on the next read.
        try Data(text.utf8).write(to: index)
        _ = try s.store.assign(chile, to: "tina", by: "unit")
        #expect(try StatusListing.make(store: desk).assignees == [peru.id: "tom", chile.id: "tina"])
        let third = try s.register(Texts.spanish("third"), state: "Mexico")
        let rows = try StatusListing.make(store: desk).rows
        #expect(rows.map(\.id) == [chile.id, third.id, peru.id], "listing order: Chile, Mexico, Peru")
        _ = try s.store.transition(third, .withdraw, by: "unit", reason: "sent twice")
        #expect(try StatusListing.make(store: desk, filter: StatusFilter(status: .withdrawn)).rows.map(\.id) == [third.id])
    }

    /// A submission page names its submission by id without listing the store; a prefix still works.
    @Test func resolveFindsAnExactIdAndStillAPrefix() throws {
        let s = try ScratchStore()
        defer { s.cleanup() }
        let peru = try s.register(Texts.spanish("one"))
        #expect(try s.store.resolve(peru.id).id == peru.id)
        #expect(try s.store.resolve(String(peru.id.prefix(6))).id == peru.id)
        #expect(throws: StoreError.self) { try s.store.resolve("../" + peru.id) }
        #expect(throws: StoreError.self) { try s.store.resolve(".crp") }
    }
}
