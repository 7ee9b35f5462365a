import Foundation
import TestSupport
import Testing

/// The snapshot the refusal tests compare can fail: an empty folder, a folder in `.crp/` or a
/// changed byte is a change; the lock file and the status cache are not.
@Suite struct StoreSnapshotTests {
    @Test func emptyFoldersAndPrivateFilesCount() throws {
        let ws = try Scratch.dir("snapshot")
        defer { try? FileManager.default.removeItem(at: ws) }
        let fm = FileManager.default
        try Data("a".utf8).write(to: ws.appendingPathComponent("paper.yaml"))
        let before = StoreSnapshot.take(ws)
        try fm.createDirectory(at: ws.appendingPathComponent(".crp"), withIntermediateDirectories: true)
        try Data().write(to: ws.appendingPathComponent(".crp/lock"))
        try Data("x".utf8).write(to: ws.appendingPathComponent(".crp/index.tsv"))
        var now = StoreSnapshot.take(ws)
        #expect(Set(now.keys).subtracting(before.keys) == [".crp"], "the lock and the status cache are left out, .crp itself is not")
        let base = now
        try fm.createDirectory(at: ws.appendingPathComponent("peru-20200918-00000000"), withIntermediateDirectories: true)
        #expect(StoreSnapshot.take(ws) != base, "an empty folder left behind is a change")
        try fm.removeItem(at: ws.appendingPathComponent("peru-20200918-00000000"))
        try fm.createDirectory(at: ws.appendingPathComponent(".crp/staging"), withIntermediateDirectories: true)
        #expect(StoreSnapshot.take(ws) != base, "a folder inside .crp is a change")
        try fm.removeItem(at: ws.appendingPathComponent(".crp/staging"))
        try Data("b".utf8).write(to: ws.appendingPathComponent("paper.yaml"))
        now = StoreSnapshot.take(ws)
        #expect(now != base, "a changed byte is a change")
        #expect(now[".crp"] == .some(nil), "a folder is recorded as a folder")
    }
}
