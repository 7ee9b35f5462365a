import Foundation
import TestSupport
import Testing

/// Runs `crp` under a pseudo-terminal (util-linux `script`), so that it sees a terminal on
/// standard output and standard error; returns everything it wrote there.
enum PTY {
    static var available: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/script") }
    /// For `.enabled(if:)`: skipped only when missing and CRP_ALLOW_MISSING_CLIENTS=1; else runs (and fails when missing).
    static var runs: Bool { available || ProcessInfo.processInfo.environment["CRP_ALLOW_MISSING_CLIENTS"] != "1" }

    static func requireAvailable() -> Bool {
        if !available { Issue.record("script (util-linux) is needed for the terminal tests. Install bsdutils or set CRP_ALLOW_MISSING_CLIENTS=1 to skip.") }
        return available
    }

    /// Runs `crp args…` under `script`; `out` holds what it wrote to the terminal (both streams).
    static func run(_ args: [String], cwd: URL? = nil, env: [String: String] = [:], unset: [String] = []) throws -> ProcResult {
        let quoted = ([try CLI.binary.path] + args).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        return try Proc.run(
            "/usr/bin/script", ["-qec", quoted, "/dev/null"], cwd: cwd,
            env: ["CRP_USER": "tester", "TERM": "xterm-256color"].merging(env) { $1 }, unset: unset)
    }
}

@Suite(.serialized) struct ImportFolderTests {
    /// A workspace for the reference paper and an inbox with three good files and one bad one.
    func setup(_ tag: String) throws -> (ws: URL, inbox: URL) {
        let root = try CLI.tempDir(tag)
        let ws = root.appendingPathComponent("ws")
        let inbox = root.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        let r = try CLI.run(["init", ws.path, "--from", CLI.fixtures.appendingPathComponent("paper.yaml").path])
        #expect(r.status == 0, "\(r.err)")
        for name in ["peru-item2.es.txt", "peru-item3.es.txt", "morocco-item2.ar.txt"] {
            try FileManager.default.copyItem(at: CLI.fixtures.appendingPathComponent(name), to: inbox.appendingPathComponent(name))
        }
        try Data("no State, item or language in this name".utf8).write(to: inbox.appendingPathComponent("readme.txt"))
        return (ws, inbox)
    }

    @Test func registersReportsAndExitsNonZeroOnRefusals() throws {
        let (ws, inbox) = try setup("import")
        var r = try CLI.run(["import-folder", inbox.path, "--workspace", ws.path, "--received", "2020-09-25"])
        #expect(r.status == 1)
        #expect(r.out.contains("Summary: 3 registered, 0 duplicates, 1 refused."), "\(r.out)")
        #expect(r.out.contains("refused     readme.txt"))
        #expect(r.out.contains("run the same command again"))
        // Not a terminal: no progress bar, no colour.
        #expect(!r.err.contains("\r") && !r.err.contains("\u{1B}") && !r.out.contains("\u{1B}"))
        r = try CLI.run(["status", "--json", "--workspace", ws.path])
        let rows = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [[String: Any]]
        #expect(rows?.count == 3)

        // Again, after removing the bad file: duplicates only, exit 0.
        try FileManager.default.removeItem(at: inbox.appendingPathComponent("readme.txt"))
        r = try CLI.run(["import-folder", inbox.path, "--workspace", ws.path, "--json"])
        #expect(r.status == 0, "\(r.err)")
        let summary = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any]
        let outcomes = summary?["outcomes"] as? [[String: Any]]
        #expect(outcomes?.count == 3)
        #expect(outcomes?.allSatisfy { $0["status"] as? String == "duplicate" } == true)
    }

    @Test func jsonCarriesEachFilesFindingsTyped() throws {
        let (ws, inbox) = try setup("import-json-findings")
        try FileManager.default.removeItem(at: inbox.appendingPathComponent("readme.txt"))
        let r = try CLI.run(["import-folder", inbox.path, "--workspace", ws.path, "--received", "2020-10-05", "--json"])
        #expect(r.status == 0, "\(r.err)")
        let summary = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any]
        let outcomes = summary?["outcomes"] as? [[String: Any]] ?? []
        #expect(outcomes.count == 3)
        for o in outcomes {
            // Received after the deadline: the same typed finding `register --json` gives, and its sentence.
            let findings = o["findings"] as? [[String: Any]] ?? []
            let late = findings.first { $0["code"] as? String == "register.late" }
            #expect(late?["severity"] as? String == "warning", "\(o)")
            #expect((o["warnings"] as? [String] ?? []).contains(late?["message"] as? String ?? "-"), "\(o)")
        }
    }

    @Test func manifestAndDryRun() throws {
        let (ws, inbox) = try setup("import-manifest")
        let manifest = inbox.appendingPathComponent("manifest.csv")
        try """
        file,state,language,items,received
        peru-item2.es.txt,Peru,es,2,2020-09-25
        morocco-item2.ar.txt,Marocco,ar,2,2020-09-18
        Peru-item3.es.txt,Peru,es,3,2020-09-25
        readme.txt,Peru,es,x,2020-09-25

        """.write(to: manifest, atomically: true, encoding: .utf8)
        var r = try CLI.run(["import-folder", inbox.path, "--manifest", manifest.path, "--dry-run", "--workspace", ws.path])
        #expect(r.status == 1)
        #expect(r.out.contains("ready       peru-item2.es.txt"), "\(r.out)")
        // Each refusal names the manifest's line; a file named with the wrong case is not "missing" without a word.
        #expect(r.out.contains("manifest.csv line 3: \"Marocco\" is not a UN Member State"), "\(r.out)")
        #expect(r.out.contains("Did you mean \"Morocco\"?"))
        #expect(r.out.contains("manifest.csv line 4 names Peru-item3.es.txt, which is not in"), "\(r.out)")
        #expect(r.out.contains("manifest.csv line 5: \"x\" is not a list of agenda item numbers"), "\(r.out)")
        // A file whose line was refused is reported once, with its line, not also as ignored.
        #expect(r.out.contains("ignored (peru-item3.es.txt)"), "\(r.out)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: ws.path).filter { !$0.hasPrefix(".") } == ["paper.yaml"])
        r = try CLI.run(["import-folder", inbox.path, "--manifest", manifest.path, "--workspace", ws.path])
        #expect(r.out.contains("Summary: 1 registered, 0 duplicates, 3 refused"), "\(r.out)")
    }

    @Test func badManifestChangesNothing() throws {
        let (ws, inbox) = try setup("import-bad")
        let manifest = inbox.appendingPathComponent("m.csv")
        try "name,country\nx,y\n".write(to: manifest, atomically: true, encoding: .utf8)
        let before = CLI.snapshot(ws)
        let r = try CLI.run(["import-folder", inbox.path, "--manifest", manifest.path, "--workspace", ws.path])
        expectRefused(r, code: CRPExit.refused, saying: ["crp: error: The manifest m.csv line 1 cannot be used"])
        #expect(CLI.snapshot(ws) == before)
    }

    /// On a terminal the progress bar is drawn on standard error, and cleared at the end.
    @Test(.enabled(if: PTY.runs, "SKIPPED: script (util-linux) is not installed"))
    func progressBarOnATerminal() throws {
        guard PTY.requireAvailable() else { return }
        let (ws, inbox) = try setup("import-tty")
        let r = try PTY.run(["import-folder", inbox.path, "--workspace", ws.path], env: ["NO_COLOR": "1"])
        #expect(r.status == 1)
        #expect(r.out.contains("\r\u{1B}[2Kchecking"), "\(r.out.debugDescription)")
        #expect(r.out.contains("registering"))
        #expect(r.out.contains("3/3"))
        #expect(r.out.contains("Summary: 3 registered"))
    }
}
