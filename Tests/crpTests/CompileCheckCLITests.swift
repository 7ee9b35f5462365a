import Foundation
import TestSupport
import Testing

/// Compile's check of what it prints, read once (the bytes hashed are the bytes printed), through
/// the built `crp`: the newest record of a history (protected by its anchor, not by the chain), a
/// text that is no longer UTF-8, and a submission that is not printed.
@Suite(.serialized) struct CompileCheckCLITests {
    typealias Desk = PaperTruthCLITests.Desk

    /// Replaces a stored file's bytes (stored files are read-only); returns the bytes before.
    func overwrite(_ d: Desk, _ id: String, _ relative: String, _ change: (Data) -> Data) throws -> Data {
        let url = d.ws.appendingPathComponent(id).appendingPathComponent(relative)
        let before = try Data(contentsOf: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: url.path)
        try change(before).write(to: url)
        return before
    }

    func restore(_ d: Desk, _ id: String, _ relative: String, _ data: Data) throws {
        try data.write(to: d.ws.appendingPathComponent(id).appendingPathComponent(relative))
    }

    func peru(_ d: Desk) throws -> String {
        try d.register(
            "peru.en.txt", "Peru welcomes the discussion points on mutual legal assistance and extradition.\n", state: ["Peru"], language: "en")
    }

    /// The newest event is named by no later event: only its anchor in `.crp/heads` protects it.
    @Test func theNewestEventEditedByHandIsRefused() throws {
        let d = try Desk("check-newest-event")
        let id = try peru(d)
        try d.ok(["review", id])
        try d.ok(["compile", "--output", "paper.md"])
        let events = try FileManager.default.contentsOfDirectory(atPath: d.ws.appendingPathComponent(id).appendingPathComponent("events").path)
            .filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
        let newest = "events/" + events.last!
        let before = try overwrite(d, id, newest) { data in
            // Its time only: still a possible step, so that only the anchor can tell.
            Data(String(decoding: data, as: UTF8.self).replacingOccurrences(of: "T09:00:00", with: "T09:00:01").utf8)
        }
        #expect(before != (try Data(contentsOf: d.ws.appendingPathComponent(id).appendingPathComponent(newest))), "the event was not edited")
        let r = try d.crp(["compile", "--output", "altered.md"])
        expectRefused(r, code: CRPExit.refused, saying: ["The paper was not written", "\(id)/\(newest)", "crp verify"])
        #expect(!FileManager.default.fileExists(atPath: d.ws.appendingPathComponent("altered.md").path), "a paper was written")
        try restore(d, id, newest, before)
        try d.ok(["compile", "--output", "restored.md"])
    }

    /// A text changed into bytes that are not UTF-8 is refused as altered, naming the file, not
    /// as an unreadable file: its hash is checked on the bytes read, before they are decoded.
    @Test func aTextNoLongerUTF8IsRefusedAsAltered() throws {
        let d = try Desk("check-not-utf8")
        let id = try peru(d)
        try d.ok(["review", id])
        let before = try overwrite(d, id, "text.txt") { Data([0xFF, 0xFE, 0x50]) + $0 }
        let r = try d.crp(["compile", "--output", "altered.md"])
        expectRefused(
            r, code: CRPExit.refused, saying: ["The paper was not written", "\(id)/text.txt: the text is not the one derived", "crp verify --repair"])
        #expect(!FileManager.default.fileExists(atPath: d.ws.appendingPathComponent("altered.md").path), "a paper was written")
        try restore(d, id, "text.txt", before)
        try d.ok(["compile", "--output", "restored.md"])
        #expect(try String(contentsOf: d.ws.appendingPathComponent("restored.md"), encoding: .utf8).contains("Peru welcomes the discussion points"))
    }

    /// What the paper does not print is not what it checks: a submission left out (not reviewed)
    /// whose text was changed does not stop the paper of the others, which says it is left out.
    @Test func aSubmissionLeftOutDoesNotStopThePaper() throws {
        let d = try Desk("check-left-out")
        let id = try peru(d)
        let chile = try d.register(
            "chile.en.txt", "Chile supports the exchange of good practices among central authorities.\n", state: ["Chile"], language: "en")
        try d.ok(["review", chile])
        _ = try overwrite(d, id, "text.txt") { Data(String(decoding: $0, as: UTF8.self).replacingOccurrences(of: "welcomes", with: "rejects").utf8) }
        let r = try d.ok(["compile", "--output", "paper.md"])
        #expect(r.err.contains("Left out: \(id)"), "\(r.err)")
        let paper = try String(contentsOf: d.ws.appendingPathComponent("paper.md"), encoding: .utf8)
        #expect(paper.contains("Chile supports the exchange") && !paper.contains("Peru rejects"), "\(paper)")
        // Printed with --all, it is refused.
        let all = try d.crp(["compile", "--all", "--output", "all.md"])
        expectRefused(all, code: CRPExit.refused, saying: ["The paper was not written", "\(id)/text.txt"])
    }
}
