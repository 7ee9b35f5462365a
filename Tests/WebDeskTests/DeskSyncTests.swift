import Foundation
import Submissions
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `crp serve --sync-every`: the desk syncs with the other duty stations by itself (on its interval
/// and soon after a change made at the desk) and the board says when it last synced and what went
/// wrong, through a real HTTP client against the built `crp serve` and a file:// remote.
@Suite(.serialized, .enabled(if: Clients.runs(Clients.installed("curl") && Clients.which("git") != nil))) struct DeskSyncTests {
    static let gitEnv = ["GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_TERMINAL_PROMPT": "0"]

    /// Polls `condition` every half second for up to `seconds`.
    static func eventually(_ seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            usleep(500_000)
        }
        return try condition()
    }

    @Test func theDeskSyncsAfterAChangeAndTheBoardSaysWhenAndWhatWentWrong() throws {
        guard let git = Clients.which("git") else { return Clients.missing("git is not installed") }
        let d = try DeskServer("sync", env: Self.gitEnv, serveArguments: ["--sync-every", "1h"])
        let olga = try d.signIn("olga")
        // Not shared yet: the first sync's problem is on the board, with what to do.
        #expect(try Self.eventually(30) { try d.request("GET", "/board", session: olga).body.contains("Sync problem:") })
        let first = try d.request("GET", "/board", session: olga).body
        #expect(first.contains("is not shared with other duty stations yet") && first.contains("crp sync --remote URL"), "\(first.prefix(3000))")
        #expect(first.contains("Last sync with the other duty stations: <time>"), "\(first.prefix(3000))")

        // Connected; then a change at the desk is sent a few seconds later, without anyone syncing.
        let remote = d.ws.deletingLastPathComponent().appendingPathComponent("shared.git")
        let made = try Proc.run(git, ["init", "-q", "--bare", "-b", "main", remote.path], env: Self.gitEnv)
        #expect(made.ok, "\(made)")
        let connected = try d.crp("sync", "--remote", remote.path, env: Self.gitEnv)
        #expect(connected.ok, "\(connected)")
        let token = try d.csrf(olga)
        let added = try d.request(
            "POST", "/register", session: olga,
            form: [("csrf", token), ("language", "es"), ("item", "2"), ("received", "2020-09-18"), ("state", "Peru")],
            files: [("file", Repo.fixture("peru-item2.es.txt"), "peru.txt")])
        #expect(added.status == 303, "\(added.status) \(added.body.prefix(600))")
        let id = String((added.path ?? "").dropFirst(3))
        let sent = try Self.eventually(60) {
            try Proc.run(git, ["--git-dir", remote.path, "ls-tree", "-r", "--name-only", "main"], env: Self.gitEnv).out.contains("\(id)/submission.json")
        }
        #expect(sent, "the registration made at the desk reached the remote by the desk's own sync")
        #expect(try Self.eventually(10) { !(try d.request("GET", "/board", session: olga).body.contains("Sync problem:")) })
        let board = try d.request("GET", "/board", session: olga).body
        #expect(board.contains("Last sync with the other duty stations: <time>2020-09-25") == false, "the sync time is the real time, not the clock of records")
        #expect(board.contains("Last sync with the other duty stations: <time>"), "\(board.prefix(3000))")
        let stopped = d.stop()
        #expect(!stopped.crashed, "\(stopped)")
    }

    /// Two translations of one submission, attached at two duty stations: the board lists it, the
    /// submission page shows both with where they were attached, and an officer's choice there is
    /// the event `crp translate ID --use T` records; the history names each event's site.
    @Test func twoTranslationsFromTwoSitesAreChosenOnTheSubmissionPage() throws {
        guard let git = Clients.which("git") else { return Clients.missing("git is not installed") }
        let d = try DeskServer("choose", env: Self.gitEnv)
        let remote = d.ws.deletingLastPathComponent().appendingPathComponent("shared.git")
        #expect(try Proc.run(git, ["init", "-q", "--bare", "-b", "main", remote.path], env: Self.gitEnv).ok)
        #expect(try d.crp("config", "site", "Vienna").ok)
        #expect(try d.crp("sync", "--remote", remote.path, env: Self.gitEnv).ok)
        let other = d.ws.deletingLastPathComponent().appendingPathComponent("newyork")
        let cloned = try CRPRunner.run(["clone", remote.path, other.path, "--site", "New York"], env: DeskServer.now.merging(Self.gitEnv) { $1 })
        #expect(cloned.ok, "\(cloned)")
        let id = try d.register("peru-item2.es.txt", state: "Peru", language: "es")
        #expect(try d.crp("sync", env: Self.gitEnv).ok)
        func there(_ args: String...) throws -> ProcResult {
            try CRPRunner.run(Array(args) + ["--workspace", other.path], env: DeskServer.now.merging(Self.gitEnv) { $1 })
        }
        #expect(try there("sync").ok)
        #expect(try d.crp("translate", id, Repo.fixture("peru-item2.en.txt").path).ok)
        let english = d.ws.deletingLastPathComponent().appendingPathComponent("other.en.txt")
        try Data("Peru supports the proposals of the Chair on technical assistance, as translated in New York.\n".utf8).write(to: english)
        #expect(try there("translate", id, english.path).ok)
        #expect(try there("sync").ok)
        #expect(try d.crp("sync", env: Self.gitEnv).ok)

        let olga = try d.signIn("olga")
        let board = try d.request("GET", "/board", session: olga).body
        #expect(board.contains("\(id)</a>: 2 translations — choose one"), "\(board.prefix(3000))")
        let page = try d.request("GET", "/s/\(id)", session: olga).body
        #expect(page.contains("2 translations — choose one"), "\(page.prefix(3000))")
        #expect(page.contains("at <bdi>New York</bdi>") && page.contains("at <bdi>Vienna</bdi>"), "\(page.prefix(4000))")
        #expect(page.contains("<bdi>tester</bdi> (<bdi>New York</bdi>)"), "the history names the site beside the user")
        guard let r = page.range(of: "name=\"translation\" value=\"") else {
            Issue.record("no choice form: \(page.prefix(3000))")
            return
        }
        let chosen = String(page[r.upperBound...].prefix { $0 != "\"" })
        // A viewer sees the choice but cannot make it.
        let vera = try d.signIn("vera")
        #expect(!(try d.request("GET", "/s/\(id)", session: vera).body.contains("choose-translation")))
        let token = try d.csrf(olga)
        let done = try d.request("POST", "/s/\(id)/choose-translation", session: olga, form: [("csrf", token), ("translation", chosen)])
        #expect(done.status == 303, "\(done.status) \(done.body.prefix(600))")
        let log = try d.crp("log", id)
        #expect(log.out.contains("translation \(chosen)") || log.out.contains(chosen), "\(log)")
        #expect(!(try d.request("GET", "/board", session: olga).body.contains("translations — choose one")))
        #expect(!(try d.crp("status").out.contains("choose one")))
    }

    @Test func aSyncIntervalThatIsNoDurationIsAUsageError() throws {
        let ws = try Scratch.dir("desk-sync-usage").appendingPathComponent("paper")
        #expect(try CRPRunner.run(["init", ws.path, "--from", Repo.fixturePaper.path]).status == 0)
        let r = try CRPRunner.run(["serve", "--sync-every", "often", "--workspace", ws.path])
        #expect(r.status == 2, "\(r)")
        #expect(r.err.contains("--sync-every takes a duration of at least 10 seconds: 5m, 30s or 1h"), "\(r)")
    }
}
