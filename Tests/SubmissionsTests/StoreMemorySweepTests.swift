import Foundation
import Secretariat
import Submissions
import TestSupport
import Testing

/// After a change, the web desk reads again only the submission folders whose stamps changed
/// (`FolderSweep`, kept in `StoreMemory`): a change made behind its back shows on the next load,
/// and a folder that did not change is not read again.
@Suite struct StoreMemorySweepTests {
    /// Rewrites `id`'s registration in place (same file, no rename: its folder's stamp stays as it
    /// was), naming another State. No command does this; it shows whether a folder was read.
    func renameStateInPlace(_ s: ScratchStore, _ id: String, to state: String) throws {
        let url = s.store.root.appendingPathComponent("\(id)/\(StoreLayout.registration)")
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains("\"Peru\""))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: url.path)
        let h = try FileHandle(forWritingTo: url)
        defer { try? h.close() }
        try h.truncate(atOffset: 0)
        try h.write(contentsOf: Data(text.replacingOccurrences(of: "\"Peru\"", with: "\"\(state)\"").utf8))
    }

    @Test func onlyFoldersWhoseStampChangedAreReadAgain() throws {
        let s = try ScratchStore()
        defer { s.cleanup() }
        let peru = try s.register(Texts.spanish("peru"))
        let chile = try s.register(Texts.spanish("chile"), state: "Chile")
        let memory = StoreMemory(indexWriteDelay: 0)
        let desk = try Store(root: s.store.root, memory: memory)
        #expect(try StatusListing.make(store: desk).rows.map(\.id) == [chile.id, peru.id])

        // Peru's record changed without its folder's stamp changing, and the index file is gone
        // (a whole new look would read every folder from its records); Chile is assigned by
        // another process (a store without memory, as the CLI): the next load reads Chile's folder
        // again and not Peru's.
        try renameStateInPlace(s, peru.id, to: "Argentina")
        try FileManager.default.removeItem(at: s.store.root.appendingPathComponent(".crp/index.tsv"))
        _ = try s.store.assign(chile, to: "tina", by: "unit")
        let after = try StatusListing.make(store: desk)
        #expect(after.assignees == [chile.id: "tina"], "the changed folder was read again")
        #expect(after.rows.first { $0.id == peru.id }?.state == "Peru", "the unchanged folder was not read again")
        #expect(after.rows.map(\.id) == [chile.id, peru.id])
        // Read from its records (no index), Peru's folder says Argentina: the desk did not look.
        memory.finishIndexWrites()
        try? FileManager.default.removeItem(at: s.store.root.appendingPathComponent(".crp/index.tsv"))
        #expect(try StatusListing.make(store: s.store).rows.first { $0.id == peru.id }?.state == "Argentina")

        // Once Peru's folder changes (an event), the desk reads it again and shows what it holds.
        _ = try s.store.assign(try s.store.load(id: peru.id), to: "tom", by: "unit")
        let third = try StatusListing.make(store: desk)
        #expect(third.rows.first { $0.id == peru.id }?.state == "Argentina")
        #expect(third.assignees == [chile.id: "tina", peru.id: "tom"])
        #expect(third.rows.map(\.id) == [peru.id, chile.id], "listing order: Argentina, then Chile (sorted again: a State changed)")
    }

    /// New folders, events and a folder taken away behind the desk's back all show on the next load;
    /// the index file the desk writes off the request's path is one a plain reader trusts.
    @Test func changesBehindTheDesksBackShowOnTheNextLoad() throws {
        let s = try ScratchStore()
        defer { s.cleanup() }
        let peru = try s.register(Texts.spanish("peru"))
        let memory = StoreMemory(indexWriteDelay: 0)
        let desk = try Store(root: s.store.root, memory: memory)
        #expect(try StatusListing.make(store: desk).rows.map(\.id) == [peru.id])
        let mexico = try s.register(Texts.spanish("mexico"), state: "Mexico")
        #expect(try StatusListing.make(store: desk).rows.map(\.id) == [mexico.id, peru.id])
        _ = try s.store.transition(mexico, .withdraw, by: "unit", reason: "sent twice")
        #expect(try StatusListing.make(store: desk, filter: StatusFilter(status: .withdrawn)).rows.map(\.id) == [mexico.id])
        _ = try s.translate(peru, "The Permanent Mission of Peru presents its comments.")
        #expect(try StatusListing.make(store: desk).rows.first { $0.id == peru.id }?.status == "translated")

        // A folder moved out of the store (as a sync that undoes a registration might): gone on the next load.
        let away = s.dir.appendingPathComponent("away")
        try FileManager.default.moveItem(at: s.store.root.appendingPathComponent(mexico.id), to: away)
        #expect(try StatusListing.make(store: desk).rows.map(\.id) == [peru.id])
        memory.finishIndexWrites()
        let index = try String(contentsOf: s.store.root.appendingPathComponent(".crp/index.tsv"), encoding: .utf8)
        #expect(index.contains(peru.id) && !index.contains(mexico.id), "\(index)")
        #expect(try StatusListing.make(store: s.store).rows.map(\.status) == ["translated"])
    }
}
