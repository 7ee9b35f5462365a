import Foundation
import Submissions
import TestSupport
import Testing

extension CRPProcessTests {
    /// `paper-history/` (the conflicts of paper.yaml between duty stations and their resolutions)
    /// is verified as a submission's history is: each record names the records before it with
    /// their SHA-256, a record outside that chain or one no command could write is reported, and
    /// a forged record that arrives by sync stops the sync before anything is sent.
    @Suite("paper-history is verified")
    struct PaperHistoryVerifyCLI {
        typealias H = SyncHarness

        static func edit(_ ws: URL, _ from: String, _ to: String) throws {
            let url = ws.appendingPathComponent("paper.yaml")
            let text = try String(contentsOf: url, encoding: .utf8)
            try Data(text.replacingOccurrences(of: from, with: to).utf8).write(to: url)
        }

        @Test(.enabled(if: Clients.runs(SyncHarness.gitPath != nil), "SKIPPED: git is not installed (CRP_ALLOW_MISSING_CLIENTS=1)"))
        func aForgedOrAlteredRecordFailsVerifyAndStopsASync() throws {
            guard H.gitPath != nil else { return Clients.missing("git is not installed") }
            let dir = try CRP.tempDir("paper-history-verify")
            defer { try? FileManager.default.removeItem(at: dir) }
            let remote = try H.bare(dir)
            let (a, b) = try H.twoSites(dir, remote: remote.path)
            // The same field, two values, lines beside it changed too: a conflict recorded at New York.
            try Self.edit(a, "session: Tenth session", "session: Twelfth session")
            try Self.edit(a, "distribution: English only", "distribution: General")
            try Self.edit(b, "session: Tenth session", "session: Thirteenth session")
            try Self.edit(b, "venue: Vienna", "venue: Vienna International Centre")
            try H.ok(["sync"], in: a)
            try H.ok(["sync"], in: b)
            try H.ok(["paper", "resolve", "session", "--use", "mine"], in: b)
            let folder = b.appendingPathComponent("paper-history")
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            #expect(names.count == 2 && names[0].hasSuffix("-conflict.json") && names[1].hasSuffix("-resolved.json"), "\(names)")
            let resolved = try String(contentsOf: folder.appendingPathComponent(names[1]), encoding: .utf8)
            #expect(resolved.contains("\"after\"") && resolved.contains(names[0]), "the resolution names the conflict: \(resolved)")
            var v = try CRP.verify(b)
            #expect(v.exit == 0 && v.problems.isEmpty, "\(v.problems)")

            // The conflict altered by hand (New York's value changed): the resolution's link no longer matches.
            let conflictURL = folder.appendingPathComponent(names[0])
            let original = try Data(contentsOf: conflictURL)
            try Data(String(decoding: original, as: UTF8.self).replacingOccurrences(of: "Thirteenth session", with: "Fourteenth session").utf8)
                .write(to: conflictURL)
            let altered = try H.crp(["verify"], in: b)
            #expect(altered.status == 1, "\(altered)")
            #expect(
                (altered.out + altered.err).contains("paper-history/\(names[0])")
                    && (altered.out + altered.err).contains("was altered after it was recorded: its SHA-256 differs from the one \(names[1]) holds"),
                "\(altered)")
            try original.write(to: conflictURL)
            v = try CRP.verify(b)
            #expect(v.exit == 0 && v.problems.isEmpty, "restored: \(v.problems)")

            // A resolution written by hand: outside the chain, and of a conflict never recorded.
            let forgedName = "20200920T110000000Z-beef-resolved.json"
            let forged = """
                {
                  "at" : "2020-09-20T11:00:00.000Z",
                  "by" : "forger",
                  "chosen" : "Forged session",
                  "conflict" : "beef",
                  "field" : "session",
                  "kind" : "resolved",
                  "site" : "Vienna"
                }
                """
            try Data(forged.utf8).write(to: folder.appendingPathComponent(forgedName))
            v = try CRP.verify(b)
            #expect(v.exit == 1, "\(v.raw)")
            let said = v.problems.filter { $0.file == "paper-history/\(forgedName)" }.map(\.problem).joined(separator: " | ")
            #expect(said.contains("is outside the chained history") || said.contains("it resolves conflict beef, which is not recorded"), "\(v.problems)")
            // Pushed with plain git past crp: Vienna's sync finds it and sends nothing.
            try H.git(["add", "-A"], in: b)
            try H.git(["commit", "-q", "-m", "hand edit"], in: b)
            try H.git(["push", "-q", remote.path, "HEAD:main"], in: b)
            try Self.edit(a, "subtitle: Note by the Secretariat", "subtitle: Note by the Secretariat (Vienna)")
            let head = try H.git(["--git-dir", remote.path, "rev-parse", "main"], in: dir).out
            let r = try H.crp(["sync"], in: a)
            #expect(r.status == 1, "\(r)")
            #expect(r.err.contains("paper-history/\(forgedName)") && r.err.contains("so nothing was sent"), "\(r)")
            #expect(try H.git(["--git-dir", remote.path, "rev-parse", "main"], in: dir).out == head, "nothing was pushed")
        }
    }
}
