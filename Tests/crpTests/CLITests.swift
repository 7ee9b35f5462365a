import Foundation
import TestSupport
import Testing

/// `crp` through TestSupport (the one locator and process harness), with the fixtures of the
/// reference paper.
enum CLI {
    static let repo = Repo.root
    static let fixtures = Repo.fixtures

    /// The `crp` of the current build.
    static var binary: URL { get throws { URL(fileURLWithPath: try CRPBinary.path()) } }

    /// Runs `crp args…`; the result has `status` (never 0 when it crashed), `out` and `err`.
    @discardableResult
    static func run(_ args: [String], cwd: URL? = nil, env: [String: String] = [:], unset: [String] = []) throws -> ProcResult {
        try CRPRunner.run(args, cwd: cwd, env: env, unset: unset)
    }

    static func tempDir(_ tag: String) throws -> URL { try Scratch.dir(tag) }

    /// Every file (with its bytes) and every folder under a folder, `.crp/` included (except its
    /// lock file and the status index cache: `StoreSnapshot.excluded`), to show that a refused command
    /// changed nothing, not even by leaving an empty folder.
    static func snapshot(_ dir: URL) -> [String: Data?] { StoreSnapshot.take(dir) }
}

@Suite(.serialized) struct EndToEndTests {
    @Test func initRegisterTranslateReviewCompile() throws {
        let ws = try CLI.tempDir("e2e").appendingPathComponent("paper")
        var r = try CLI.run(["init", ws.path, "--from", CLI.fixtures.appendingPathComponent("paper.yaml").path])
        #expect(r.status == 0, "\(r.err)")
        r = try CLI.run(
            [
                "register", CLI.fixtures.appendingPathComponent("variants/morocco-item2.windows-1256.txt").path, "--state", "Morocco", "--language", "ar",
                "--item", "2", "--received", "2020-09-18",
            ], cwd: ws)
        #expect(r.status == 0, "\(r.err)")
        let moroccoID = r.out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(moroccoID.hasPrefix("morocco-20200918-"))
        r = try CLI.run(
            [
                "register", CLI.fixtures.appendingPathComponent("peru-item2.es.txt").path, "--state", "peru", "--language", "es", "--item", "2", "--received",
                "2020-10-05",
            ], cwd: ws)
        let peruID = r.out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(r.status == 0)
        #expect(r.err.contains("late"))

        // Same bytes for the same State: reported, not duplicated.
        r = try CLI.run(
            ["register", CLI.fixtures.appendingPathComponent("peru-item2.es.txt").path, "--state", "Peru", "--language", "es", "--item", "2"], cwd: ws)
        expectRefused(r, code: CRPExit.refused, saying: [peruID])

        r = try CLI.run(["translate", moroccoID, CLI.fixtures.appendingPathComponent("morocco-item2.en.txt").path, "--translator", "internal"], cwd: ws)
        #expect(r.status == 0, "\(r.err)")
        r = try CLI.run(["translate", String(peruID.suffix(8)), CLI.fixtures.appendingPathComponent("peru-item2.en.txt").path], cwd: ws)
        #expect(r.status == 0, "\(r.err)")
        #expect(try CLI.run(["review", moroccoID, "--by", "reviewer"], cwd: ws).status == 0)
        #expect(try CLI.run(["include", moroccoID], cwd: ws).status == 0)

        r = try CLI.run(["status", "--json"], cwd: ws)
        #expect(r.status == 0)
        let rows = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as! [[String: Any]]
        #expect(rows.count == 2)
        let m = rows.first { $0["id"] as? String == moroccoID }!
        #expect(m["status"] as? String == "included")
        #expect(m["language"] as? String == "ar")
        #expect(m["late"] as? Bool == false)
        #expect(m["translated"] as? Bool == true)
        #expect((m["words"] as? Int ?? 0) > 200)
        #expect(m["items"] as? [Int] == [2])
        let p = rows.first { $0["id"] as? String == peruID }!
        #expect(p["late"] as? Bool == true)
        #expect(p["status"] as? String == "translated")

        r = try CLI.run(["log", moroccoID], cwd: ws)
        #expect(r.out.components(separatedBy: "\n").filter { !$0.isEmpty }.count == 4)
        #expect(r.out.contains("reviewed  by reviewer"))

        r = try CLI.run(["show", moroccoID, "--logical"], cwd: ws)
        #expect(r.out.contains("windows-1256"))
        #expect(r.out.contains("SHERLOC"))
        #expect(r.out.contains("Effective implementation"))

        // Default compile: only reviewed/included (Morocco); --all adds Peru.
        r = try CLI.run(["compile"], cwd: ws)
        #expect(r.status == 0)
        #expect(r.out.contains("received comments from Morocco."))
        #expect(r.out.contains("(Morocco in Arabic) was translated unofficially"), "one submission: singular")
        #expect(!r.out.contains("**Peru**"))
        r = try CLI.run(["compile", "--all", "--output", ws.appendingPathComponent("all.md").path], cwd: ws)
        #expect(r.status == 0)
        let all = try String(contentsOf: ws.appendingPathComponent("all.md"), encoding: .utf8)
        #expect(all.contains("(Morocco in Arabic and Peru in Spanish)"))

        r = try CLI.run(["verify"], cwd: ws)
        #expect(r.status == 0, "\(r.out)")
    }

    @Test func badInputIsRefusedAndChangesNothing() throws {
        let ws = try CLI.tempDir("bad").appendingPathComponent("paper")
        #expect(try CLI.run(["init", ws.path, "--from", CLI.fixtures.appendingPathComponent("paper.yaml").path]).status == 0)
        let good = CLI.fixtures.appendingPathComponent("peru-item2.es.txt").path
        let r0 = try CLI.run(["register", good, "--state", "Peru", "--language", "es", "--item", "2"], cwd: ws)
        let id = r0.out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try CLI.run(["withdraw", id, "--reason", "replaced by a new text"], cwd: ws).status == 0)
        let before = CLI.snapshot(ws)
        let binary = ws.appendingPathComponent("../blob.bin")
        try Data([0x00, 0x01, 0x02, 0xFF, 0x00, 0x10, 0x80, 0x00]).write(to: binary)
        let cases: [([String], String, Int32)] = [
            (["register", good, "--state", "Peur", "--language", "es", "--item", "2"], "Did you mean \"Peru\"", 2),
            (["register", good, "--state", "Peru", "--language", "pt", "--item", "2"], "six official languages", 2),
            (["register", good, "--state", "Peru", "--language", "es", "--item", "9"], "no agenda item 9", 2),
            (["register", good, "--state", "Peru", "--language", "es"], "--item", 2),
            (["register", "/no/such/file.txt", "--state", "Peru", "--language", "es", "--item", "2"], "does not exist", 1),
            (["register", binary.path, "--state", "Chile", "--language", "es", "--item", "2"], "blob.bin", 1),
            (["register", good, "--state", "Chile", "--language", "es", "--item", "2", "--received", "2020-02-30"], "YYYY-MM-DD", 2),
            (["show", "nosuchid"], "crp status", 1),
            (["translate", id, CLI.fixtures.appendingPathComponent("peru-item2.en.txt").path], "withdrawn", 1),
            (["review", id], "withdrawn", 1),
        ]
        for (args, needle, code) in cases {
            let r = try CLI.run(args, cwd: ws)
            expectRefused(r, code: code, saying: ["crp: error:", needle])
            #expect(r.err.hasPrefix("crp: error:"), "\(args): \(r.err)")
        }
        #expect(CLI.snapshot(ws) == before)
    }

    @Test func compileWorksOnTheEmbeddedDefaultStore() throws {
        let elsewhere = try CLI.tempDir("nows")
        #expect(Scratch.workspaceAboveRoot() == nil, "crp would find this workspace above the tests' scratch root: \(Scratch.workspaceAboveRoot() ?? "")")
        let r = try CLI.run(["compile"], cwd: elsewhere)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("received comments from Morocco and Peru."))
        #expect(r.out.contains("(Morocco in Arabic and Peru in Spanish) were translated unofficially through the use of internal resources."))
        // The embedded records are consistent with the code that derives them.
        let v = try CLI.run(["verify", "--workspace", CLI.repo.appendingPathComponent("Submissions").path])
        #expect(v.status == 0, "\(v.out)")
    }

    /// An installation elsewhere: the program with `Locales/` and `Submissions/` beside it (in the
    /// folder above `bin/`), started by its bare name from the PATH. It uses that folder's
    /// resources, not those of the source tree it was built from.
    @Test func anInstalledCopyUsesTheResourcesBesideIt() throws {
        let root = try CLI.tempDir("install")
        let fm = FileManager.default
        let bin = root.appendingPathComponent("opt/roompaper/bin")
        try fm.createDirectory(at: bin, withIntermediateDirectories: true)
        // Copied by cp, not in this process: a file this process had open for writing could be
        // inherited by another test's fork at that moment and make exec fail ("text file busy").
        let cp = try Proc.run("/bin/cp", [try CRPBinary.path(), bin.appendingPathComponent("crp").path])
        #expect(cp.ok, "\(cp)")
        let home = bin.deletingLastPathComponent()
        for folder in ["Locales", "Submissions"] {
            try fm.copyItem(at: CLI.repo.appendingPathComponent(folder), to: home.appendingPathComponent(folder))
        }
        // A sentence changed in the installed copy only: the paper must show it.
        let en = home.appendingPathComponent("Locales/en.yaml")
        let yaml = try String(contentsOf: en, encoding: .utf8)
        #expect(yaml.contains("received comments from {states}"))
        try yaml.replacingOccurrences(of: "received comments from {states}", with: "received the comments of {states}").write(
            to: en, atomically: true, encoding: .utf8)
        let empty = root.appendingPathComponent("elsewhere")
        try fm.createDirectory(at: empty, withIntermediateDirectories: true)
        let r = try Proc.run("/usr/bin/env", ["PATH=\(bin.path):/usr/bin:/bin", "crp", "compile"], cwd: empty)
        #expect(r.ok, "\(r)")
        #expect(r.out.contains("received the comments of Morocco and Peru."), "\(r.out.prefix(600))")
    }

    /// The paper's format follows the --output file's name unless --format says otherwise; a
    /// contradiction is refused before anything is written.
    @Test func compileTakesTheFormatFromTheOutputName() throws {
        let dir = try CLI.tempDir("compile-format")
        for (name, magic) in [("paper.html", Array("<!DOCTYPE html".utf8)), ("paper.docx", [0x50, 0x4B, 0x03, 0x04]), ("paper.MD", Array("CTOC/COP".utf8))] {
            let out = dir.appendingPathComponent(name)
            let r = try CLI.run(["compile", "--output", out.path], cwd: dir)
            #expect(r.status == 0, "\(name): \(r.err)")
            let head = Array(try Data(contentsOf: out).prefix(magic.count))
            #expect(head == magic, "\(name) begins with \(head)")
        }
        let wrong = dir.appendingPathComponent("wrong.md")
        let r = try CLI.run(["compile", "--format", "docx", "--output", wrong.path], cwd: dir)
        expectRefused(r, code: CRPExit.usage, saying: ["--format docx does not match --output"])
        #expect(!FileManager.default.fileExists(atPath: wrong.path))
        // an extension crp does not know: Markdown, as before
        let txt = dir.appendingPathComponent("paper.txt")
        #expect(try CLI.run(["compile", "--output", txt.path], cwd: dir).status == 0)
        #expect(String(decoding: try Data(contentsOf: txt).prefix(2), as: UTF8.self) == "CT")
    }

    @Test func searchFoldsAccentsAndTashkeel() throws {
        let ws = try CLI.tempDir("search").appendingPathComponent("paper")
        #expect(try CLI.run(["init", ws.path, "--from", CLI.fixtures.appendingPathComponent("paper.yaml").path]).status == 0)
        #expect(
            try CLI.run(
                ["register", CLI.fixtures.appendingPathComponent("variants/peru-item2.nfd.txt").path, "--state", "Peru", "--language", "es", "--item", "2"],
                cwd: ws
            ).status == 0)
        #expect(
            try CLI.run(
                ["register", CLI.fixtures.appendingPathComponent("morocco-item2.ar.txt").path, "--state", "Morocco", "--language", "ar", "--item", "2"], cwd: ws
            ).status == 0)
        var r = try CLI.run(["search", "consideración"], cwd: ws)
        #expect(r.status == 0)
        #expect(r.out.contains("peru-"))
        r = try CLI.run(["search", "CONSIDERACION"], cwd: ws)
        #expect(r.out.contains("peru-"))
        r = try CLI.run(["search", "تَعْزِيز"], cwd: ws)
        #expect(r.status == 0)
        #expect(r.out.contains("morocco-"))
        r = try CLI.run(["search", "zzzyyyxxx"], cwd: ws)
        expectRefused(r, code: CRPExit.refused, saying: ["No submission contains \"zzzyyyxxx\""])
    }
}
