import Foundation
import Submissions
import TestSupport
import Testing

/// Duty stations sharing a workspace through a real git remote, with `crp sync`, `crp clone` and
/// `crp init --remote`, run through the built `crp`. git sees no configuration of this machine
/// (`GIT_CONFIG_GLOBAL=/dev/null`): crp must name the officer itself.
enum SyncHarness {
    static let gitPath: String? = Clients.which("git")
    static let env = ["GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_TERMINAL_PROMPT": "0", "CRP_NOW": "2020-09-20T10:00:00Z"]

    /// Runs the test's own git (to make bare remotes and read logs).
    @discardableResult
    static func git(_ args: [String], in dir: URL) throws -> ProcResult {
        let r = try Proc.run(
            gitPath!, ["-c", "user.name=T", "-c", "user.email=t@example.org", "-c", "init.defaultBranch=main", "-C", dir.path] + args, env: env)
        if !r.ok { throw HarnessError("git \(args.joined(separator: " ")) failed: \(r)") }
        return r
    }

    /// `crp args…` in `ws` (without requiring success), with git's machine configuration hidden.
    static func crp(_ args: [String], in ws: URL, env extra: [String: String] = [:]) throws -> ProcResult {
        try CRP.run(args + ["--workspace", ws.path], cwd: ws, env: env.merging(extra) { $1 })
    }

    /// `crp args…` that must succeed.
    @discardableResult
    static func ok(_ args: [String], in ws: URL, env extra: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation) throws -> ProcResult {
        let r = try crp(args, in: ws, env: extra)
        #expect(r.ok, "crp \(args.joined(separator: " ")) failed: \(r)", sourceLocation: sourceLocation)
        if !r.ok { throw HarnessError("crp \(args.joined(separator: " ")) failed: \(r)") }
        return r
    }

    /// A bare repository to share through.
    static func bare(_ dir: URL, _ name: String = "shared.git") throws -> URL {
        let u = dir.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        try git(["init", "-q", "--bare", "-b", "main"], in: u)
        return u
    }

    /// Site A creates the shared workspace (`crp init --remote`), site B joins (`crp clone`).
    static func twoSites(_ dir: URL, remote: String, env extra: [String: String] = [:]) throws -> (a: URL, b: URL) {
        let a = dir.appendingPathComponent("vienna"), b = dir.appendingPathComponent("newyork")
        let made = try CRP.run(
            ["init", a.path, "--from", CRP.fixturePaper.path, "--remote", remote, "--site", "Vienna"], cwd: dir, env: env.merging(extra) { $1 })
        if !made.ok { throw HarnessError("crp init --remote failed: \(made)") }
        let joined = try CRP.run(["clone", remote, b.path, "--site", "New York"], cwd: dir, env: env.merging(extra) { $1 })
        if !joined.ok { throw HarnessError("crp clone failed: \(joined)") }
        return (a, b)
    }

    /// `crp status --json` as bytes compared between sites.
    static func status(_ ws: URL) throws -> String { try ok(["status", "--json"], in: ws).out }

    static func register(_ seed: String, state: String, in ws: URL, scratch: URL) throws -> String {
        let file = scratch.appendingPathComponent("sub-\(UUID().uuidString.prefix(8)).txt")
        try Data(Texts.spanish(seed).utf8).write(to: file)
        return try ok(["register", file.path, "--state", state, "--language", "es", "--item", "2"], in: ws).out
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func translate(_ id: String, _ seed: String, in ws: URL, scratch: URL) throws {
        let file = scratch.appendingPathComponent("tr-\(UUID().uuidString.prefix(8)).en.txt")
        try Data(Texts.english(seed).utf8).write(to: file)
        try ok(["translate", id, file.path], in: ws)
    }

    /// Both sites show the same records and verify clean.
    static func expectSame(_ sites: [URL], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let first = try status(sites[0])
        for s in sites.dropFirst() { #expect(try status(s) == first, "\(s.lastPathComponent) differs", sourceLocation: sourceLocation) }
        for s in sites {
            let v = try CRP.verify(s)
            #expect(v.exit == 0 && v.problems.isEmpty, "\(s.lastPathComponent): \(v.problems)", sourceLocation: sourceLocation)
        }
    }
}

extension CRPProcessTests {
    @Suite("crp sync between duty stations")
    struct SyncCLI {
        typealias H = SyncHarness

        @Test(.enabled(if: Clients.runs(SyncHarness.gitPath != nil), "SKIPPED: git is not installed (CRP_ALLOW_MISSING_CLIENTS=1)"))
        func twoSitesThroughFileRemote() throws {
            guard H.gitPath != nil else { return Clients.missing("git is not installed") }
            let dir = try CRP.tempDir("sync")
            defer { try? FileManager.default.removeItem(at: dir) }
            let scratch = dir.appendingPathComponent("in")
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            let remote = try H.bare(dir)
            let (a, b) = try H.twoSites(dir, remote: "file://" + remote.path)

            let s1 = try H.register("vienna one", state: "Peru", in: a, scratch: scratch)
            let s2 = try H.register("vienna two", state: "Chile", in: a, scratch: scratch)
            let sentA = try H.ok(["sync"], in: a)
            #expect(sentA.out.contains("Recorded 2 changes made here."), "\(sentA)")
            #expect(sentA.out.contains("Sent to file://"), "\(sentA)")
            // The commit names each event: what, which submission, who and where.
            let message = try H.git(["log", "-1", "--format=%B"], in: a).out
            #expect(message.contains("registered \(s1) by store-tests@Vienna") && message.contains("registered \(s2) by store-tests@Vienna"), "\(message)")

            let gotB = try H.ok(["sync"], in: b)
            #expect(gotB.out.contains("Came in: 2 new submissions from Vienna."), "\(gotB)")
            try H.translate(s1, "new york one", in: b, scratch: scratch)
            try H.ok(["amend", s2, "--item", "3", "--reason", "Concerns item 3"], in: b)
            let s3 = try H.register("new york three", state: "Mexico", in: b, scratch: scratch)
            // Vienna moves on too, on the same submission, before New York sends.
            try H.ok(["withdraw", s2, "--reason", "Sent twice"], in: a)
            try H.ok(["sync"], in: a)
            let sentB = try H.ok(["sync"], in: b)
            #expect(sentB.out.contains("Came in: 1 withdrawal from Vienna."), "\(sentB)")
            let gotA = try H.ok(["sync"], in: a)
            #expect(gotA.out.contains("Came in: 1 new submission, 1 translation, 1 amendment from New York."), "\(gotA)")
            #expect(try H.ok(["sync"], in: b).out.contains("Nothing new came in."))
            try H.expectSame([a, b])
            // The history says who did what where.
            let log = try H.ok(["log", s1], in: a).out
            #expect(log.contains("registered  by store-tests@Vienna") && log.contains("translated  by store-tests@New York"), "\(log)")
            #expect(try H.ok(["show", s3], in: a).ok)
            // The same letter registered for Peru at both duty stations before either synced:
            // caught after the merge, the later one offered for withdrawal, nothing deleted.
            let letter = scratch.appendingPathComponent("same-letter.txt")
            try Data(Texts.spanish("the same letter").utf8).write(to: letter)
            let first = try H.ok(["register", letter.path, "--state", "Peru", "--language", "es", "--item", "2"], in: a).out
                .trimmingCharacters(in: .whitespacesAndNewlines)
            let second = try H.ok(
                ["register", letter.path, "--state", "Peru", "--language", "es", "--item", "2"], in: b, env: ["CRP_NOW": "2020-09-21T10:00:00Z"]
            ).out.trimmingCharacters(in: .whitespacesAndNewlines)
            try H.ok(["sync"], in: a)
            let twice = try H.ok(["sync"], in: b)
            #expect(twice.err.contains("\(second) holds the same text as \(first) for Peru") && twice.err.contains("crp withdraw \(second)"), "\(twice)")
            let check = try H.crp(["check"], in: b)
            #expect(check.exitCode == 1 && check.out.contains("crp withdraw \(second)"), "\(check)")
            try H.ok(["withdraw", second, "--reason", "Registered twice"], in: b)
            #expect(!(try H.crp(["check"], in: b).out.contains("holds the same text")))
            try H.ok(["sync"], in: b)
            try H.ok(["sync"], in: a)
            try H.expectSame([a, b])
            // Two translations of one submission, one at each duty station before either synced:
            // both kept, status says to choose, `crp translate ID --use T` chooses (an event).
            try H.translate(s3, "vienna's translation", in: a, scratch: scratch)
            try H.translate(s3, "new york's translation", in: b, scratch: scratch)
            try H.ok(["sync"], in: a)
            try H.ok(["sync"], in: b)
            try H.ok(["sync"], in: a)
            let log3 = try JSONDecoder().decode([Event].self, from: H.ok(["log", s3, "--json"], in: a).stdout)
            let attached = log3.filter { $0.action == .translated }.compactMap(\.translation)
            #expect(attached.count == 2, "\(log3)")
            let board = try H.ok(["status"], in: a).out
            #expect(board.contains("\(s3): 2 translations — choose one"), "\(board)")
            #expect(try H.ok(["show", s3], in: a).out.contains("\(s3): 2 translations — choose one"))
            let chosen = attached[0]
            // Reviewing would not say which of the two goes into the paper: refused until one is chosen.
            expectRefused(try H.crp(["review", s3], in: b), saying: ["2 translations attached at different duty stations", "crp translate \(s3) --use T"])
            try H.ok(["translate", s3, "--use", chosen], in: b)
            expectRefused(try H.crp(["translate", s3, "--use", "nope"], in: b), saying: ["has no single attached translation", "crp log"])
            try H.ok(["sync"], in: b)
            try H.ok(["sync"], in: a)
            #expect(!(try H.ok(["status"], in: a).out.contains("choose one")))
            #expect(!(try H.ok(["show", s3], in: a).out.contains("choose one")))
            let shown = try H.ok(["show", s3, "--json"], in: a).out
            #expect(shown.contains(chosen), "the chosen translation is current")
            try H.expectSame([a, b])
            // The site stays with each copy: it is not shared.
            #expect(try H.ok(["config", "site"], in: a).out.contains("Vienna"))
            #expect(try H.ok(["config", "site"], in: b).out.contains("New York"))
            #expect(!(try H.git(["ls-files"], in: a).out.contains(".crp/")))
        }

        /// What a day's work leaves in the folder is shared: a translation memory imported here and
        /// an e-mail's own message are sent; a paper compiled into the workspace is named with what
        /// to do. A remote made with a plain `git init --bare` (HEAD on "master") is joined on
        /// crp's branch.
        @Test(.enabled(if: Clients.runs(SyncHarness.gitPath != nil), "SKIPPED: git is not installed (CRP_ALLOW_MISSING_CLIENTS=1)"))
        func aDaysWorkSyncsAndAPlainBareRemoteIsJoined() throws {
            guard H.gitPath != nil else { return Clients.missing("git is not installed") }
            let dir = try CRP.tempDir("sync-day")
            defer { try? FileManager.default.removeItem(at: dir) }
            let remote = dir.appendingPathComponent("plain.git")
            try FileManager.default.createDirectory(at: remote, withIntermediateDirectories: true)
            try H.git(["-c", "init.defaultBranch=master", "init", "-q", "--bare"], in: remote)
            let (a, b) = try H.twoSites(dir, remote: remote.path)
            let tmx = dir.appendingPathComponent("unit.tmx")
            try Data(
                """
                <?xml version="1.0" encoding="UTF-8"?>
                <tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="es" datatype="plaintext"/>
                <body><tu><tuv xml:lang="es"><seg>El Perú apoya las propuestas de la Presidencia.</seg></tuv><tuv xml:lang="en"><seg>Peru supports the Chair's proposals.</seg></tuv></tu></body></tmx>
                """.utf8
            ).write(to: tmx)
            try H.ok(["tm", "import", tmx.path, "--origin", "unit"], in: a)
            let eml = dir.appendingPathComponent("colombia.eml")
            try Data(
                """
                From: mission@example.org
                To: secretariat@example.org
                Subject: Comentarios
                Date: Tue, 29 Sep 2020 10:00:00 +0000
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="b1"

                --b1
                Content-Type: text/plain; charset=utf-8

                La Misión de Colombia saluda a la Secretaría y le remite sus comentarios adjuntos.
                --b1
                Content-Type: text/plain; charset=utf-8; name="nota.txt"
                Content-Disposition: attachment; filename="nota.txt"

                \(Texts.spanish("colombia por correo"))
                --b1--

                """.utf8
            ).write(to: eml)
            let id = try H.ok(["register", eml.path, "--state", "Colombia", "--language", "es", "--item", "2"], in: a).out
                .trimmingCharacters(in: .whitespacesAndNewlines)
            // A paper compiled into the workspace is named, with what to do (it is not a record).
            try H.ok(["compile", "--all", "--output", a.appendingPathComponent("draft.md").path], in: a)
            expectRefused(try H.crp(["sync"], in: a), saying: ["draft.md: not a file of the store", "give --output a path outside the workspace"])
            try FileManager.default.moveItem(at: a.appendingPathComponent("draft.md"), to: dir.appendingPathComponent("draft.md"))
            let sent = try H.ok(["sync"], in: a)
            #expect(sent.out.contains("Recorded"), "\(sent)")
            try H.ok(["sync"], in: b)
            let fm = FileManager.default
            let shared = (try? fm.contentsOfDirectory(atPath: b.appendingPathComponent("memory").path)) ?? []
            #expect(shared.count == 1, "the imported memory reached the other duty station: \(shared)")
            let stored = try fm.contentsOfDirectory(atPath: a.appendingPathComponent(id).path).filter { $0.hasPrefix("received-") }
            #expect(!stored.isEmpty, "the e-mail's own message is kept beside its attachment: \(stored)")
            for name in stored {
                #expect(fm.fileExists(atPath: b.appendingPathComponent(id).appendingPathComponent(name).path), "\(name) was sent")
            }
            try H.expectSame([a, b])
        }

        @Test(.enabled(if: Clients.runs(SyncHarness.gitPath != nil), "SKIPPED: git is not installed (CRP_ALLOW_MISSING_CLIENTS=1)"))
        func badRemotesAreRefusedAndChangeNothing() throws {
            guard H.gitPath != nil else { return Clients.missing("git is not installed") }
            let dir = try CRP.tempDir("sync-bad")
            defer { try? FileManager.default.removeItem(at: dir) }
            let scratch = dir.appendingPathComponent("in")
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            let ws = dir.appendingPathComponent("alone")
            try CRP.initWorkspace(ws)
            _ = try H.register("alone", state: "Peru", in: ws, scratch: scratch)
            let before = StoreSnapshot.take(ws, excluding: [".crp/sync-lock"])

            // No such remote.
            let unknown = try H.crp(["sync", "--remote", dir.appendingPathComponent("nowhere.git").path], in: ws)
            expectRefused(unknown, saying: ["No shared workspace was found at", "Check the address", "Nothing local was changed"])
            // Joining one: the same words, and no folder is left behind.
            let nowhere = dir.appendingPathComponent("joined")
            let join = try CRP.run(["clone", dir.appendingPathComponent("nowhere.git").path, nowhere.path], cwd: dir, env: H.env)
            expectRefused(join, saying: ["No shared workspace was found at", "Check the address"])
            #expect(!join.err.contains("crp verify"), "\(join.err)")
            #expect(!FileManager.default.fileExists(atPath: nowhere.path))
            // A repository that is not a workspace.
            let other = try H.bare(dir, "other.git")
            let seed = dir.appendingPathComponent("seed")
            try H.git(["init", "-q", "-b", "main", seed.path], in: dir)
            try Data("notes\n".utf8).write(to: seed.appendingPathComponent("README"))
            try H.git(["add", "-A"], in: seed)
            try H.git(["commit", "-q", "-m", "x"], in: seed)
            try H.git(["push", "-q", other.path, "main"], in: seed)
            expectRefused(try H.crp(["sync", "--remote", other.path], in: ws), saying: ["does not hold a RoomPaper workspace", "paper.yaml"])
            // A workspace of another paper.
            let paperRemote = try H.bare(dir, "paper2.git")
            let made = try CRP.run(
                ["init", dir.appendingPathComponent("p2").path, "--symbol", "CTOC/COP/2024/CRP.9", "--remote", paperRemote.path], cwd: dir, env: H.env)
            #expect(made.ok, "\(made)")
            expectRefused(try H.crp(["sync", "--remote", paperRemote.path], in: ws), saying: ["holds another paper", "CTOC/COP/2024/CRP.9"])
            #expect(StoreSnapshot.take(ws, excluding: [".crp/sync-lock"]) == before, "a refused sync changed the workspace")
            // init --remote on a remote that holds a workspace already; clone of an empty one.
            let taken = try CRP.run(["init", dir.appendingPathComponent("p3").path, "--remote", paperRemote.path], cwd: dir, env: H.env)
            expectRefused(taken, saying: ["already holds a workspace", "crp clone"])
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("p3").path))
            let empty = try H.bare(dir, "empty.git")
            expectRefused(try CRP.run(["clone", empty.path, dir.appendingPathComponent("c").path], cwd: dir, env: H.env), saying: ["holds no workspace yet"])
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("c").path))
            // Not shared yet, no remote given.
            expectRefused(try H.crp(["sync"], in: ws), saying: ["is not shared with other duty stations yet", "crp sync --remote URL"])
        }

        @Test(.enabled(if: Clients.runs(SyncHarness.gitPath != nil), "SKIPPED: git is not installed (CRP_ALLOW_MISSING_CLIENTS=1)"))
        func refusedPushAndNoNetworkKeepEverything() throws {
            guard H.gitPath != nil else { return Clients.missing("git is not installed") }
            let dir = try CRP.tempDir("sync-push")
            defer { try? FileManager.default.removeItem(at: dir) }
            let scratch = dir.appendingPathComponent("in")
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            let remote = try H.bare(dir)
            let (a, _) = try H.twoSites(dir, remote: remote.path)
            let id = try H.register("refused", state: "Peru", in: a, scratch: scratch)
            // The remote refuses every push (as a server without write access does).
            let hook = remote.appendingPathComponent("hooks/pre-receive")
            try Data("#!/bin/sh\necho 'write access denied' >&2\nexit 1\n".utf8).write(to: hook)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook.path)
            let refused = try H.crp(["sync"], in: a)
            expectRefused(refused, saying: ["refused to take our changes", "write access", "will be sent by the next `crp sync`"])
            try FileManager.default.removeItem(at: hook)
            // No network: a port nobody listens on.
            let offline = try H.crp(["sync", "--remote", "ssh://crp@127.0.0.1:9/shared.git"], in: a)
            expectRefused(offline, code: 3, saying: ["could not be reached", "next `crp sync`"])
            // Back on the real remote, everything recorded goes out.
            let sent = try H.ok(["sync", "--remote", remote.path], in: a)
            #expect(sent.out.contains("Sent to"), "\(sent)")
            #expect(try H.git(["--git-dir", remote.path, "log", "--format=%B", "main"], in: dir).out.contains("registered \(id)"))
        }

        @Test(.enabled(if: Clients.runs(SyncHarness.gitPath != nil), "SKIPPED: git is not installed (CRP_ALLOW_MISSING_CLIENTS=1)"))
        func changesNotTheStoresAreRefused() throws {
            guard H.gitPath != nil else { return Clients.missing("git is not installed") }
            let dir = try CRP.tempDir("sync-foreign")
            defer { try? FileManager.default.removeItem(at: dir) }
            let scratch = dir.appendingPathComponent("in")
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            let remote = try H.bare(dir)
            let (a, _) = try H.twoSites(dir, remote: remote.path)
            let id = try H.register("foreign", state: "Peru", in: a, scratch: scratch)
            let commits = try H.git(["rev-list", "--count", "HEAD"], in: a).out

            let stray = a.appendingPathComponent("notes.docx")
            try Data("x".utf8).write(to: stray)
            let r1 = try H.crp(["sync"], in: a)
            expectRefused(r1, saying: ["notes.docx: not a file of the store", "crp verify", "nothing was sent or recorded"])
            try FileManager.default.removeItem(at: stray)

            let text = a.appendingPathComponent(id).appendingPathComponent("text.txt")
            try Data("hand-edited\n".utf8).write(to: text)
            let r2 = try H.crp(["sync"], in: a)
            expectRefused(r2, saying: ["\(id)/text.txt", "crp verify"])
            #expect(try H.git(["rev-list", "--count", "HEAD"], in: a).out == commits, "nothing was committed")
            try H.ok(["verify", "--repair"], in: a)
            #expect(try H.ok(["sync"], in: a).out.contains("Sent to"))

            // Someone edits a stored text by hand with plain git and pushes it: the next sync takes
            // it in, verify finds it, and nothing is sent from here.
            let hand = dir.appendingPathComponent("by-hand")
            try H.git(["clone", "-q", remote.path, hand.path], in: dir)
            try Data("edited by hand\n".utf8).write(to: hand.appendingPathComponent(id).appendingPathComponent("text.txt"))
            try H.git(["commit", "-q", "-am", "hand edit"], in: hand)
            try H.git(["push", "-q", "origin", "main"], in: hand)
            let remoteHead = try H.git(["--git-dir", remote.path, "rev-parse", "main"], in: dir).out
            _ = try H.register("after the hand edit", state: "Chile", in: a, scratch: scratch)
            let r3 = try H.crp(["sync"], in: a)
            expectRefused(r3, saying: ["\(id)/text.txt", "nothing was sent", "crp verify"])
            #expect(try H.git(["--git-dir", remote.path, "rev-parse", "main"], in: dir).out == remoteHead, "nothing was pushed")
        }

        /// Three duty stations register, translate, amend and revise the same and different
        /// submissions, then sync in two different orders: every copy ends with the same records.
        @Test(
            .enabled(if: Clients.runs(SyncHarness.gitPath != nil), "SKIPPED: git is not installed (CRP_ALLOW_MISSING_CLIENTS=1)"),
            arguments: [[0, 1, 2], [2, 0, 1]])
        func threeSitesInAnyOrder(order: [Int]) throws {
            guard H.gitPath != nil else { return Clients.missing("git is not installed") }
            let dir = try CRP.tempDir("sync-three")
            defer { try? FileManager.default.removeItem(at: dir) }
            let scratch = dir.appendingPathComponent("in")
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            let remote = try H.bare(dir)
            let (a, b) = try H.twoSites(dir, remote: remote.path)
            let c = dir.appendingPathComponent("geneva")
            let joined = try CRP.run(["clone", remote.path, c.path, "--site", "Geneva"], cwd: dir, env: H.env)
            #expect(joined.ok, "\(joined)")
            let sites = [a, b, c]
            let shared = try H.register("shared by three", state: "Peru", in: a, scratch: scratch)
            for k in [0, 1, 2] { try H.ok(["sync"], in: sites[k]) }
            // Each site works on the shared submission and on its own.
            try H.translate(shared, "translated at vienna", in: a, scratch: scratch)
            try H.ok(["amend", shared, "--item", "3", "--reason", "Concerns item 3"], in: b)
            let revised = scratch.appendingPathComponent("revised.txt")
            try Data(Texts.spanish("shared by three, revised").utf8).write(to: revised)
            try H.ok(["revise", shared, revised.path, "--reason", "Revised by the State"], in: c)
            _ = try H.register("own at vienna", state: "Chile", in: a, scratch: scratch)
            _ = try H.register("own at new york", state: "Mexico", in: b, scratch: scratch)
            _ = try H.register("own at geneva", state: "Spain", in: c, scratch: scratch)
            for k in order { try H.ok(["sync"], in: sites[k]) }
            for k in order { try H.ok(["sync"], in: sites[k]) }
            try H.expectSame(sites)
            let rows = try CRP.status(a)
            #expect(rows.count == 4)
            let log = try H.ok(["log", shared], in: c).out
            #expect(log.contains("@Vienna") && log.contains("@New York") && log.contains("@Geneva"), "\(log)")
        }

        @Test(.enabled(if: Clients.runs(SyncHarness.gitPath != nil), "SKIPPED: git is not installed (CRP_ALLOW_MISSING_CLIENTS=1)"))
        func paperDefinitionEditedAtTwoSites() throws {
            guard H.gitPath != nil else { return Clients.missing("git is not installed") }
            let dir = try CRP.tempDir("sync-paper")
            defer { try? FileManager.default.removeItem(at: dir) }
            let remote = try H.bare(dir)
            let (a, b) = try H.twoSites(dir, remote: remote.path)
            func edit(_ ws: URL, _ from: String, _ to: String) throws {
                let url = ws.appendingPathComponent("paper.yaml")
                let text = try String(contentsOf: url, encoding: .utf8)
                #expect(text.contains(from))
                try Data(text.replacingOccurrences(of: from, with: to).utf8).write(to: url)
            }
            // Different fields: both changes kept.
            try edit(a, "subtitle: Note by the Secretariat", "subtitle: Note by the Secretariat (revised)")
            try edit(b, "session: Tenth session", "session: Eleventh session")
            let sent = try H.ok(["sync"], in: a)
            // An edit of paper.yaml is sent, and said to be, not "nothing new".
            #expect(sent.out.contains("Recorded an edit of paper.yaml made here."), "\(sent.out)")
            try H.ok(["sync"], in: b)
            try H.ok(["sync"], in: a)
            for ws in [a, b] {
                let text = try String(contentsOf: ws.appendingPathComponent("paper.yaml"), encoding: .utf8)
                #expect(text.contains("(revised)") && text.contains("Eleventh session"), "\(ws.lastPathComponent): \(text)")
            }
            // The same field, two values, with changes to the lines beside it (git's line merge
            // cannot combine them): merged field by field, both values shown, check red until
            // an officer chooses.
            try edit(a, "session: Eleventh session", "session: Twelfth session")
            try edit(a, "distribution: English only", "distribution: General")
            try edit(b, "session: Eleventh session", "session: Thirteenth session")
            try edit(b, "venue: Vienna", "venue: Vienna International Centre")
            try H.ok(["sync"], in: a)
            let merged = try H.ok(["sync"], in: b)
            #expect(merged.out.contains("Sent to"), "\(merged)")
            let told = merged.out + merged.err
            #expect(told.contains("session: two duty stations changed it"), "\(merged)")
            #expect(told.contains("New York wrote \"Thirteenth session\", Vienna wrote \"Twelfth session\""), "\(merged)")
            #expect(told.contains("crp paper resolve session --use mine|theirs|VALUE"), "\(merged)")
            #expect(told.contains("paper.yaml: distribution changed by Vienna"), "\(merged)")
            #expect(!FileManager.default.fileExists(atPath: b.appendingPathComponent(".git/MERGE_HEAD").path))
            let came = try H.ok(["sync"], in: a)
            #expect(came.out.contains("paper.yaml: session, venue changed by New York"), "\(came)")
            for ws in [a, b] {
                let text = try String(contentsOf: ws.appendingPathComponent("paper.yaml"), encoding: .utf8)
                #expect(text.contains("distribution: General") && text.contains("venue: Vienna International Centre"), "\(text)")
                #expect(text.contains("session: Thirteenth session") && text.hasPrefix("# Paper definition"), "comments kept: \(text)")
                let check = try H.crp(["check"], in: ws)
                #expect(check.status == 1, "\(ws.lastPathComponent): \(check)")
                #expect(check.out.contains("conflict: ") && check.out.contains("Vienna wrote \"Twelfth session\""), "\(check)")
                #expect(check.out.contains("New York wrote \"Thirteenth session\""), "\(check)")
            }
            // Nothing to choose on another field.
            let none = try H.crp(["paper", "resolve", "title", "--use", "mine"], in: a)
            expectRefused(none, saying: ["No two duty stations disagree on the field `title`", "the open ones are: session", "Nothing was changed"])
            // Vienna chooses its own value: recorded with who and where; the other value stays.
            let chose = try H.ok(["paper", "resolve", "session", "--use", "mine"], in: a)
            #expect(chose.out.contains("session is now \"Twelfth session\"") && chose.out.contains("\"Thirteenth session\", stays in the history"), "\(chose)")
            #expect(try H.crp(["check"], in: a).status == 0)
            #expect(try H.crp(["check"], in: b).status == 1, "New York has not taken the choice in yet")
            try H.ok(["sync"], in: a)
            let back = try H.ok(["sync"], in: b)
            #expect(back.out.contains("paper.yaml: session changed by Vienna"), "\(back)")
            #expect(try H.crp(["check"], in: b).status == 0)
            try H.expectSame([a, b])
            let history = try FileManager.default.contentsOfDirectory(atPath: b.appendingPathComponent("paper-history").path).sorted()
            #expect(history.count == 2 && history[0].hasSuffix("-conflict.json") && history[1].hasSuffix("-resolved.json"), "\(history)")
            let conflict = try String(contentsOf: b.appendingPathComponent("paper-history/\(history[0])"), encoding: .utf8)
            let resolved = try String(contentsOf: b.appendingPathComponent("paper-history/\(history[1])"), encoding: .utf8)
            #expect(conflict.contains("Thirteenth session") && conflict.contains("Twelfth session"), "\(conflict)")
            #expect(resolved.contains("\"site\" : \"Vienna\"") && resolved.contains("Twelfth session"), "\(resolved)")
        }

        /// A conflict of paper.yaml is chosen by editing the field by hand, too; and a copy whose
        /// site wrote neither value must give the value itself.
        @Test(.enabled(if: Clients.runs(SyncHarness.gitPath != nil), "SKIPPED: git is not installed (CRP_ALLOW_MISSING_CLIENTS=1)"))
        func paperConflictChosenByEditingOrByValue() throws {
            guard H.gitPath != nil else { return Clients.missing("git is not installed") }
            let dir = try CRP.tempDir("sync-paper-edit")
            defer { try? FileManager.default.removeItem(at: dir) }
            let remote = try H.bare(dir)
            let (a, b) = try H.twoSites(dir, remote: remote.path)
            let c = dir.appendingPathComponent("geneva")
            #expect(try CRP.run(["clone", remote.path, c.path, "--site", "Geneva"], cwd: dir, env: H.env).ok)
            func edit(_ ws: URL, _ from: String, _ to: String) throws {
                let url = ws.appendingPathComponent("paper.yaml")
                let text = try String(contentsOf: url, encoding: .utf8)
                try Data(text.replacingOccurrences(of: from, with: to).utf8).write(to: url)
            }
            try edit(a, "subtitle: Note by the Secretariat", "subtitle: Note by the Secretariat (Vienna)")
            try edit(b, "subtitle: Note by the Secretariat", "subtitle: Note by the Secretariat (New York)")
            try H.ok(["sync"], in: a)
            try H.ok(["sync"], in: b)
            try H.ok(["sync"], in: c)
            #expect(try H.crp(["check"], in: c).status == 1)
            let which = try H.crp(["paper", "resolve", "subtitle", "--use", "theirs"], in: c)
            expectRefused(which, saying: ["This copy (Geneva) wrote neither value of `subtitle`", "--use VALUE", "Nothing was changed"])
            // Geneva edits the field by hand: chosen.
            try edit(c, "subtitle: Note by the Secretariat (New York)", "subtitle: Note by the Secretariat (agreed)")
            #expect(try H.crp(["check"], in: c).status == 0)
            try H.ok(["sync"], in: c)
            for ws in [a, b] {
                try H.ok(["sync"], in: ws)
                #expect(try H.crp(["check"], in: ws).status == 0, "\(ws.lastPathComponent)")
            }
            // A value given by an officer: written as text, the file still a paper definition.
            try edit(a, "venue: Vienna", "venue: Wien")
            try edit(c, "venue: Vienna", "venue: Genf")
            try H.ok(["sync"], in: a)
            try H.ok(["sync"], in: c)
            try H.ok(["paper", "resolve", "venue", "--use", "Vienna: 12 October"], in: c)
            let text = try String(contentsOf: c.appendingPathComponent("paper.yaml"), encoding: .utf8)
            #expect(text.contains("venue: \"Vienna: 12 October\""), "\(text)")
            #expect(try H.crp(["check"], in: c).status == 0)
            // The choice and the value go out together, named in words.
            let sent = try H.ok(["sync"], in: c)
            #expect(sent.out.contains("Recorded a paper.yaml conflict found or settled and an edit of paper.yaml made here."), "\(sent.out)")
        }

        @Test(.enabled(if: Clients.runs(SyncHarness.gitPath != nil), "SKIPPED: git is not installed (CRP_ALLOW_MISSING_CLIENTS=1)"))
        func syncKilledAtEachStepCompletesNextTime() throws {
            guard H.gitPath != nil else { return Clients.missing("git is not installed") }
            let dir = try CRP.tempDir("sync-kill")
            defer { try? FileManager.default.removeItem(at: dir) }
            let scratch = dir.appendingPathComponent("in")
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            let remote = try H.bare(dir)
            let (a, b) = try H.twoSites(dir, remote: remote.path)
            let shared = try H.register("both", state: "Peru", in: a, scratch: scratch)
            try H.translate(shared, "vienna", in: a, scratch: scratch)
            try H.ok(["sync"], in: a)
            try H.ok(["sync"], in: b)
            try H.ok(["review", shared], in: b)
            for step in ["commit", "fetch", "merge", "push"] {
                // Work on both sides, so that the killed sync has something to record, take in and send.
                _ = try H.register("vienna \(step)", state: "Spain", in: a, scratch: scratch)
                try H.ok(["sync"], in: a)
                _ = try H.register("new york \(step)", state: "Chile", in: b, scratch: scratch)
                let killed = try H.crp(["sync"], in: b, env: ["CRP_TEST_SYNC_KILL": step])
                #expect(killed.signal == 9, "the sync was not killed after \(step): \(killed)")
                // A git lock left behind, as a kill in the middle of git's own work leaves it.
                try Data().write(to: b.appendingPathComponent(".git/index.lock"))
                let next = try H.ok(["sync"], in: b)
                #expect(next.out.contains("Sent to"), "after a kill at \(step): \(next)")
            }
            try H.ok(["include", shared], in: a)
            try H.ok(["sync"], in: a)
            try H.ok(["sync"], in: b)
            try H.expectSame([a, b])
            #expect(try H.status(b).contains("\"included\""))
        }
    }
}
