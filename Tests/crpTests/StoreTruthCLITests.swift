import Foundation
import TestSupport
import Testing

/// Issue 26, points 1, 2, 3 and 8, through the built `crp`: an interrupted command leaves
/// nothing half done, links never take the store outside itself, inputs that are links are
/// followed only to regular files and named, and messages say the real cause.
@Suite(.serialized) struct StoreTruthCLITests {
    static let env = ["CRP_NOW": "2020-09-20T10:00:00Z", "CRP_USER": "store-truth"]

    /// A workspace of the reference paper with one Spanish submission, and a folder of inputs.
    struct Desk {
        let dir: URL, ws: URL, inbox: URL
        var id = ""

        init(_ tag: String, under parent: URL? = nil) throws {
            dir = try parent ?? CLI.tempDir(tag)
            ws = dir.appendingPathComponent("paper")
            inbox = dir.appendingPathComponent("in")
            try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
            let r = try CLI.run(["init", ws.path, "--from", CLI.fixtures.appendingPathComponent("paper.yaml").path], env: StoreTruthCLITests.env)
            if r.status != 0 { throw HarnessError("crp init failed: \(r)") }
            id = try ok([
                "register", try file("peru.txt", "Comentarios del Perú sobre el tema dos del programa provisional.\n").path,
                "--state", "Peru", "--language", "es", "--item", "2",
            ]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        func file(_ name: String, _ text: String) throws -> URL {
            let u = inbox.appendingPathComponent(name)
            try Data(text.utf8).write(to: u)
            return u
        }

        func crp(_ args: [String], in ws: URL? = nil, env: [String: String] = [:]) throws -> ProcResult {
            try CLI.run(args + ["--workspace", (ws ?? self.ws).path], cwd: dir, env: StoreTruthCLITests.env.merging(env) { $1 })
        }

        @discardableResult
        func ok(_ args: [String], in ws: URL? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> ProcResult {
            let r = try crp(args, in: ws)
            #expect(r.status == 0, "crp \(args.joined(separator: " ")): \(r)", sourceLocation: sourceLocation)
            if r.status != 0 { throw HarnessError("crp \(args.joined(separator: " ")) failed: \(r)") }
            return r
        }

        /// The submission's version and status, from `crp show --json`-free `status --json`.
        func row(in ws: URL? = nil) throws -> [String: Any] {
            let r = try ok(["status", "--json"], in: ws)
            let rows = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [[String: Any]] ?? []
            return rows.first { ($0["id"] as? String) == id } ?? [:]
        }

        func events(in ws: URL? = nil) throws -> [[String: Any]] {
            let r = try ok(["log", id, "--json"], in: ws)
            return try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [[String: Any]] ?? []
        }
    }

    static let revised = "Comentarios revisados del Perú sobre el tema dos del programa provisional.\n"
    static let english = "The revised comments of Peru on item two of the provisional agenda.\n"

    /// Every file under `dir` (links not followed), with its bytes: to show nothing changed.
    static func tree(_ dir: URL) -> [String: Data] {
        var out: [String: Data] = [:]
        let e = FileManager.default.enumerator(atPath: dir.path)
        while let p = e?.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: dir.path + "/" + p, isDirectory: &isDir), isDir.boolValue { continue }
            out[p] = FileManager.default.contents(atPath: dir.path + "/" + p) ?? Data()
        }
        return out
    }

    // MARK: 1. nothing half done

    /// `crp revise` killed (SIGKILL) before each of its durable writes in turn: after every kill the
    /// store is the old one or the new one; `verify` names what was left and `--repair` moves it
    /// aside, after which the same revise succeeds.
    @Test func reviseKilledAtEveryWrite() throws {
        let desk = try Desk("kill")
        let revised = try desk.file("revised.txt", Self.revised)
        var kills = 0, orphans = 0
        for k in 1...30 {
            let copy = desk.dir.appendingPathComponent("kill-\(k)")
            try FileManager.default.copyItem(at: desk.ws, to: copy)
            let r = try desk.crp(["revise", desk.id, revised.path], in: copy, env: ["CRP_TEST_WRITE_FAULT": "kill:\(k)"])
            if r.status == 0 {
                #expect(try desk.events(in: copy).last?["action"] as? String == "revised")
                let v = try desk.crp(["verify"], in: copy)
                #expect(v.status == 0, "k=\(k): \(v)")
                break
            }
            #expect(r.signal == 9, "k=\(k): killed by the injected SIGKILL, nothing else: \(r)")
            kills += 1
            // Killed: verify names every leftover as repairable (a kill after the event leaves none).
            let v = try desk.crp(["verify"], in: copy)
            if v.status != 0 {
                #expect(v.out.contains("(crp verify --repair fixes this)"), "k=\(k): \(v)")
                let lines = v.out.split(separator: "\n")
                #expect(lines.allSatisfy { $0.contains("(crp verify --repair fixes this)") }, "k=\(k): \(v)")
            }
            if FileManager.default.fileExists(atPath: copy.appendingPathComponent("\(desk.id)/versions/2").path) {
                orphans += 1
                #expect(v.out.contains("versions/2: a version folder that no event refers to"), "k=\(k): \(v)")
                // The next revise says what is wrong and what to do, and changes nothing.
                let again = try desk.crp(["revise", desk.id, revised.path], in: copy)
                #expect(again.status == 1 && again.err.contains("versions/2 that no event refers to") && again.err.contains("crp verify --repair"), "\(again)")
            }
            let repair = try desk.crp(["verify", "--repair"], in: copy)
            #expect(repair.status == 0, "k=\(k): \(repair)")
            if v.status != 0 {
                #expect(repair.out.contains("moved aside to .crp/orphans/"), "k=\(k): \(repair)")
            }
            if try desk.events(in: copy).contains(where: { $0["action"] as? String == "revised" }) { continue }
            let after = try desk.crp(["revise", desk.id, revised.path], in: copy)
            #expect(after.status == 0 && after.out.contains("version 2"), "k=\(k): \(after)")
            #expect(try desk.crp(["verify"], in: copy).status == 0, "k=\(k)")
        }
        #expect(kills >= 5, "revise has at least five durable writes (staged original, text, analysis, publication, event)")
        #expect(orphans >= 1, "a kill between the publication and the event leaves versions/2, which verify must name")
    }

    /// `crp translate` and `crp import-folder` killed before each of their durable writes: verify
    /// names every leftover as repairable, `--repair` moves it aside, and the same command then
    /// does its work exactly once.
    @Test func translateAndImportFolderKilledAtEveryWrite() throws {
        let desk = try Desk("kill2")
        let english = try desk.file("peru.en.txt", Self.english)
        let folder = desk.dir.appendingPathComponent("batch")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("Comentarios de Chile sobre el tema dos del programa provisional.\n".utf8).write(to: folder.appendingPathComponent("chile-item2.es.txt"))
        for args in [["translate", desk.id, english.path], ["import-folder", folder.path]] {
            var kills = 0, named = 0
            for k in 1...30 {
                let copy = desk.dir.appendingPathComponent("\(args[0])-kill-\(k)")
                try FileManager.default.copyItem(at: desk.ws, to: copy)
                let r = try desk.crp(args, in: copy, env: ["CRP_TEST_WRITE_FAULT": "kill:\(k)"])
                if r.status == 0 { break }
                #expect(r.signal == 9, "\(args[0]) k=\(k): \(r)")
                kills += 1
                let v = try desk.crp(["verify"], in: copy)
                if v.status != 0 {
                    named += 1
                    #expect(v.out.split(separator: "\n").allSatisfy { $0.contains("(crp verify --repair fixes this)") }, "\(args[0]) k=\(k): \(v)")
                }
                #expect(try desk.crp(["verify", "--repair"], in: copy).status == 0, "\(args[0]) k=\(k)")
                // Run again: done exactly once (a translation already attached, or a registration
                // already made, is refused or reported as a duplicate, never made twice).
                _ = try desk.crp(args, in: copy)
                #expect(try desk.crp(["verify"], in: copy).status == 0, "\(args[0]) k=\(k)")
                let rows = try JSONSerialization.jsonObject(with: Data(try desk.ok(["status", "--json"], in: copy).out.utf8)) as? [[String: Any]] ?? []
                if args[0] == "import-folder" {
                    #expect(rows.filter { ($0["state"] as? String) == "Chile" }.count == 1, "\(args[0]) k=\(k): \(rows)")
                } else {
                    #expect(rows.first { ($0["id"] as? String) == desk.id }?["status"] as? String == "translated", "k=\(k)")
                }
            }
            #expect(kills >= 3 && named >= 1, "\(args[0]): \(kills) kills, \(named) left something verify named")
        }
    }

    /// A full disk at each write of revise, translate and import-folder (injected ENOSPC): the
    /// command fails saying so, and leaves nothing behind (verify is clean, no version, no
    /// translation, no staging folder).
    @Test func injectedFullDiskAtEveryWrite() throws {
        let desk = try Desk("enospc")
        let revised = try desk.file("revised.txt", Self.revised)
        let english = try desk.file("peru.en.txt", Self.english)
        let folder = desk.dir.appendingPathComponent("batch")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("Comentarios de Chile sobre el tema dos del programa provisional.\n".utf8).write(to: folder.appendingPathComponent("chile-item2.es.txt"))
        let commands: [(String, [String])] = [
            ("revise", ["revise", desk.id, revised.path]), ("translate", ["translate", desk.id, english.path]),
            ("import-folder", ["import-folder", folder.path]),
        ]
        for (name, args) in commands {
            var failures = 0
            for k in 1...20 {
                let copy = desk.dir.appendingPathComponent("\(name)-\(k)")
                try FileManager.default.copyItem(at: desk.ws, to: copy)
                let before = Self.tree(copy).filter { !$0.key.hasPrefix(".crp") }
                let r = try desk.crp(args, in: copy, env: ["CRP_TEST_WRITE_FAULT": "enospc:\(k)"])
                #expect(!r.crashed, "\(name) k=\(k): \(r)")
                let v = try desk.crp(["verify"], in: copy)
                #expect(v.status == 0, "\(name) k=\(k): a full disk left something behind: \(v)")
                if r.status == 0 { continue }  // the failed write was the status cache's, which may fail
                failures += 1
                #expect(r.status == 1 && (r.err + r.out).contains("No space left on device"), "\(name) k=\(k): \(r)")
                #expect(Self.tree(copy).filter { !$0.key.hasPrefix(".crp") } == before, "\(name) k=\(k): the store changed")
                let staging = (try? FileManager.default.contentsOfDirectory(atPath: copy.appendingPathComponent(".crp/staging").path)) ?? []
                #expect(staging.isEmpty, "\(name) k=\(k): \(staging)")
                if failures > 8 { break }
            }
            #expect(failures >= 2, "\(name): the injected full disk must hit its writes")
        }
        print("disk full: injected ENOSPC (CRP_TEST_WRITE_FAULT) at every write of revise, translate and import-folder")
    }

    /// A real full disk: a small tmpfs, mounted when the tests run as root (CI); elsewhere the
    /// injected test above stands for it and this one says so. The disk is filled to leave 0, 8,
    /// 16 … 160 KB free, so that it runs out at each write in turn (the staged original, its text,
    /// the publication, the event); after every run the store is the old one or the new one.
    @Test func realFullDiskOnSmallTmpfs() throws {
        let mountPoint = try CLI.tempDir("tmpfs")
        guard getuid() == 0,
            (try? Proc.run("/bin/mount", ["-t", "tmpfs", "-o", "size=4m", "tmpfs", mountPoint.path]))?.status == 0
        else {
            print("NOTE: disk full on a tmpfs needs root to mount one; injectedFullDiskAtEveryWrite stands for it here")
            return
        }
        defer { _ = try? Proc.run("/bin/umount", [mountPoint.path]) }
        let desk = try Desk("tmpfs")
        let line = "Comentarios revisados del Perú sobre el tema dos del programa provisional, párrafo "
        let revised = try desk.file("revised.txt", (1...300).map { line + "\($0).\n" }.joined())
        let english = try desk.file("peru.en.txt", (1...300).map { "The revised comments of Peru on item two, paragraph \($0).\n" }.joined())
        let batch = desk.dir.appendingPathComponent("batch")
        try FileManager.default.createDirectory(at: batch, withIntermediateDirectories: true)
        try Data((1...300).map { "Comentarios de Chile sobre el tema dos del programa provisional, párrafo \($0).\n" }.joined().utf8)
            .write(to: batch.appendingPathComponent("chile-item2.es.txt"))
        let ws = mountPoint.appendingPathComponent("paper")
        let filler = mountPoint.appendingPathComponent("filler")
        for args in [["revise", desk.id, revised.path], ["translate", desk.id, english.path], ["import-folder", batch.path]] {
            var failed = 0, done = 0
            for freeKB in stride(from: 0, through: 160, by: 8) {
                try FileManager.default.copyItem(at: desk.ws, to: ws)
                let free = (try FileManager.default.attributesOfFileSystem(forPath: mountPoint.path)[.systemFreeSize] as? Int) ?? 0
                try Data(count: max(0, free - freeKB * 1024)).write(to: filler)
                let before = Self.tree(ws).filter { !$0.key.hasPrefix(".crp") }
                let r = try desk.crp(args, in: ws)
                try FileManager.default.removeItem(at: filler)
                #expect(!r.crashed, "\(args[0]) with \(freeKB) KB free: \(r)")
                let v = try desk.crp(["verify"], in: ws)
                #expect(v.status == 0, "\(args[0]) with \(freeKB) KB free left something behind: \(v)")
                if r.status == 0 {
                    done += 1
                } else {
                    failed += 1
                    #expect(r.status == 1 && (r.err + r.out).contains("No space left on device"), "\(args[0]) with \(freeKB) KB free: \(r)")
                    #expect(Self.tree(ws).filter { !$0.key.hasPrefix(".crp") } == before, "\(args[0]) with \(freeKB) KB free changed the store")
                }
                try FileManager.default.removeItem(at: ws)
            }
            #expect(failed >= 1 && done >= 1, "\(args[0]): the disk must run out on some runs and not on others (\(failed) failed, \(done) done)")
        }
        print("disk full: a 4 MB tmpfs filled to leave 0 to 160 KB")
    }

    /// Temporary files of a killed write (`.tmp-…-old.md` beside an `--output` file,
    /// `.crp/.tmp-…-index.tsv`) are removed by the next write of the same file; a live writer's
    /// (here: pid 1's, which runs) is left alone.
    @Test func temporariesOfKilledWritesAreCleanedOnTheNextWrite() throws {
        let desk = try Desk("tmp")
        let out = desk.dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        func temporaries(_ dir: URL, _ suffix: String) -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasPrefix(".tmp-") && $0.hasSuffix(suffix) }
        }
        var left = 0
        for k in 1...6 {
            let r = try desk.crp(
                ["compile", "--format", "md", "--output", out.appendingPathComponent("old.md").path],
                env: ["CRP_TEST_WRITE_FAULT": "kill:\(k)"])
            if r.status == 0 { break }
            #expect(r.signal == 9, "\(r)")
            left += temporaries(out, "-old.md").count + temporaries(desk.ws.appendingPathComponent(".crp"), "-index.tsv").count
        }
        #expect(left >= 1, "some kill must land between a temporary file and its rename")
        let live = out.appendingPathComponent(".tmp-0000000101020304-old.md")
        try Data().write(to: live)
        try desk.ok(["compile", "--format", "md", "--output", out.appendingPathComponent("old.md").path])
        try desk.ok(["status"])
        #expect(temporaries(out, "-old.md") == [live.lastPathComponent])
        #expect(temporaries(desk.ws.appendingPathComponent(".crp"), "-index.tsv").isEmpty)
    }

    // MARK: 2. links inside the store

    @Test func linkedSubmissionFolderOrEventsAreRefused() throws {
        for linked in ["folder", "events"] {
            let desk = try Desk("link-\(linked)")
            let outside = desk.dir.appendingPathComponent("outside")
            try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
            let sub = desk.ws.appendingPathComponent(desk.id)
            let (moved, link) =
                linked == "folder"
                ? (outside.appendingPathComponent(desk.id), sub) : (outside.appendingPathComponent("events"), sub.appendingPathComponent("events"))
            try FileManager.default.moveItem(at: link, to: moved)
            try FileManager.default.createSymbolicLink(at: link, withDestinationURL: moved)
            let before = Self.tree(outside)
            let revised = try desk.file("revised.txt", Self.revised)
            for args in [
                ["amend", desk.id, "--item", "3", "--reason", "Concerns item 3"], ["withdraw", desk.id, "--reason", "x"],
                ["revise", desk.id, revised.path], ["translate", desk.id, try desk.file("peru.en.txt", Self.english).path],
            ] {
                let r = try desk.crp(args)
                #expect(r.status == 1, "\(linked) \(args[0]): \(r)")
                #expect(r.err.contains("is a symbolic link") && r.err.contains("Nothing was written"), "\(linked) \(args[0]): \(r)")
            }
            #expect(Self.tree(outside) == before, "\(linked): something was written outside the workspace")
            let v = try desk.crp(["verify"])
            #expect(v.status == 1 && v.out.contains("a symbolic link (to \(moved.path)) inside the store"), "\(v)")
        }
    }

    /// The store's private folder `.crp` replaced by a link: nothing is written through it.
    @Test func linkedPrivateFolderIsRefused() throws {
        let desk = try Desk("link-crp")
        let outside = desk.dir.appendingPathComponent("outside-crp")
        try FileManager.default.moveItem(at: desk.ws.appendingPathComponent(".crp"), to: outside)
        try FileManager.default.createSymbolicLink(at: desk.ws.appendingPathComponent(".crp"), withDestinationURL: outside)
        let before = Self.tree(outside)
        let r = try desk.crp([
            "register", try desk.file("chile.txt", "Comentarios de Chile sobre el tema dos del programa provisional.\n").path,
            "--state", "Chile", "--language", "es", "--item", "2",
        ])
        #expect(r.status == 1 && r.err.contains(".crp is a symbolic link"), "\(r)")
        _ = try desk.crp(["status"])
        #expect(Self.tree(outside) == before, "something was written through the link")
        let v = try desk.crp(["verify"])
        #expect(v.status == 1 && v.out.contains(".crp: a symbolic link (to \(outside.path)) inside the store"), "\(v)")
    }

    // MARK: 3. inputs that are links

    @Test func importFolderSkipsLinksAndCommandLineLinksAreNamed() throws {
        let desk = try Desk("inputs")
        let secret = desk.dir.appendingPathComponent("secret.txt")
        try Data("Texto secreto que nadie registró en ningún momento del año.\n".utf8).write(to: secret)
        let folder = desk.dir.appendingPathComponent("batch")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("chile-item2.es.txt"), withDestinationURL: secret)
        let r = try desk.crp(["import-folder", folder.path])
        #expect(r.status == 1 && r.out.contains("chile-item2.es.txt") && r.out.contains("skipped: it is a symbolic link (to \(secret.path))"), "\(r)")
        #expect(try desk.ok(["status", "--json"]).out.contains("Chile") == false, "the linked file was registered")

        // On the command line: followed to a regular file, and the link is named in the history.
        let real = try desk.file("revised-real.txt", Self.revised)
        let link = desk.inbox.appendingPathComponent("revised-link.txt")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: real)
        try desk.ok(["revise", desk.id, link.path])
        let note = try desk.events().last?["note"] as? String ?? ""
        #expect(note.contains("received through the symbolic link revised-link.txt, which points to \(real.path)"), "\(note)")
        let en = try desk.file("en-real.txt", Self.english)
        let enLink = desk.inbox.appendingPathComponent("en-link.txt")
        try FileManager.default.createSymbolicLink(at: enLink, withDestinationURL: en)
        try desk.ok(["translate", desk.id, enLink.path])
        #expect((try desk.events().last?["note"] as? String ?? "").contains("which points to \(en.path)"))
        let show = try desk.ok(["show", desk.id])
        #expect(
            show.out.contains("received through the symbolic link revised-link.txt, which points to \(real.path)")
                && show.out.contains("received through the symbolic link en-link.txt, which points to \(en.path)"), "\(show)")

        // A link to something that is not a regular file (a FIFO would block a reader) is refused.
        let fifo = desk.dir.appendingPathComponent("fifo")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        let fifoLink = desk.inbox.appendingPathComponent("chile.txt")
        try FileManager.default.createSymbolicLink(at: fifoLink, withDestinationURL: fifo)
        let f = try desk.crp(["register", fifoLink.path, "--state", "Chile", "--language", "es", "--item", "2"])
        #expect(f.status == 1 && f.err.contains("chile.txt") && f.err.contains("which is not a regular file"), "\(f)")
        let xlf = desk.inbox.appendingPathComponent("peru.xlf")
        try FileManager.default.createSymbolicLink(at: xlf, withDestinationURL: fifo)
        let x = try desk.crp(["import", xlf.path])
        #expect(x.status == 1 && x.err.contains("which is not a regular file"), "crp import must not block on a FIFO: \(x)")
    }

    @Test func paperDefinitionLinkOrForeignFileIsNeverEchoed() throws {
        let desk = try Desk("paperlink")
        // A stand-in for /etc/shadow (the machine's own is not read by tests).
        let shadow = desk.dir.appendingPathComponent("shadow")
        try Data("root:*:20228:0:99999:7:::\ndaemon:*:20228:0:99999:7:::\nofficer:$y$j9T$secrethash:20228:0:99999:7:::\n".utf8).write(to: shadow)
        let paper = desk.ws.appendingPathComponent("paper.yaml")
        let saved = try Data(contentsOf: paper)
        try FileManager.default.removeItem(at: paper)
        try FileManager.default.createSymbolicLink(at: paper, withDestinationURL: shadow)
        for args in [["status"], ["check"]] {
            let r = try desk.crp(args)
            #expect(r.status == 1, "\(r)")
            #expect((r.out + r.err).contains("symbolic link to a file outside the workspace"), "\(r)")
            #expect(!(r.out + r.err).contains("20228") && !(r.out + r.err).contains("secrethash"), "\(r)")
        }
        // The same file copied in place of the definition: refused, nothing of it shown.
        try FileManager.default.removeItem(at: paper)
        try FileManager.default.copyItem(at: shadow, to: paper)
        for args in [["status"], ["check"]] {
            let r = try desk.crp(args)
            #expect(r.status == 1 && (r.out + r.err).contains("is not a paper definition"), "\(r)")
            #expect(!(r.out + r.err).contains("20228") && !(r.out + r.err).contains("secrethash"), "\(r)")
        }
        try FileManager.default.removeItem(at: paper)
        try saved.write(to: paper)
        // A real definition with a typo still gets its field named.
        let typo = String(decoding: saved, as: UTF8.self).replacingOccurrences(of: "\nsubtitle:", with: "\nsubtitel:")
        try Data(typo.utf8).write(to: paper)
        let t = try desk.crp(["check"])
        #expect(t.status == 1 && t.out.contains("unknown field `subtitel` — did you mean subtitle?"), "\(t)")
    }

    // MARK: 8. messages

    @Test func messagesSayTheRealCause() throws {
        let desk = try Desk("messages")
        // translate takes --max-bytes, which its refusal advises.
        let big = try desk.file("peru.en.txt", Self.english)
        let r = try desk.crp(["translate", desk.id, big.path, "--max-bytes", "10"])
        #expect(r.status == 1 && r.err.contains("more than the limit of 10") && r.err.contains("--max-bytes"), "\(r)")
        #expect(try desk.crp(["translate", desk.id, big.path, "--max-bytes", "100000"]).status == 0)

        // A bidi override in a file name is shown, not stripped.
        let folder = desk.dir.appendingPathComponent("bidi")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("Comentarios de Chile sobre el tema dos del programa provisional.\n".utf8)
            .write(to: folder.appendingPathComponent("chile-item\u{202E}2.es.txt"))
        let b = try desk.crp(["import-folder", folder.path, "--dry-run"])
        #expect(b.status == 1 && b.out.contains("chile-item<U+202E>2.es.txt") && b.out.contains("invisible control characters"), "\(b)")
        #expect(!b.out.unicodeScalars.contains("\u{202E}"))
    }

    /// A read-only workspace: mounted read-only when the tests run as root (permissions do not
    /// stop root), else made read-only with chmod.
    @Test func readOnlyWorkspaceIsNamed() throws {
        let base = try CLI.tempDir("ro")
        let root = getuid() == 0
        if root {
            guard (try? Proc.run("/bin/mount", ["-t", "tmpfs", "-o", "size=4m", "tmpfs", base.path]))?.status == 0 else {
                print("NOTE: a read-only workspace as root needs a read-only mount, which is not allowed here; test not run")
                return
            }
        }
        defer { if root { _ = try? Proc.run("/bin/umount", [base.path]) } }
        let desk = try Desk("ro", under: base)
        try FileManager.default.removeItem(at: desk.ws.appendingPathComponent("\(desk.id)/text.txt"))
        if root {
            let m = try Proc.run("/bin/mount", ["-o", "remount,ro", base.path])
            #expect(m.status == 0, "\(m)")
        } else {
            for p in [desk.ws.path, desk.ws.appendingPathComponent(".crp").path, desk.ws.appendingPathComponent(desk.id).path] {
                try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: p)
            }
        }
        let a = try desk.crp(["amend", desk.id, "--item", "3", "--reason", "Concerns item 3"])
        #expect(a.status == 1 && a.err.contains("is read-only") && !a.err.contains("Another crp may be stuck"), "\(a)")
        let v = try desk.crp(["verify", "--repair"])
        #expect(v.status == 1, "\(v)")
        #expect(v.out.contains("\(desk.id)/text.txt: the derived file could not be written"), "\(v)")
        #expect(!v.out.contains("can no longer be read"), "\(v)")
    }
}
