import Foundation
import Platform
import Secretariat
import Submissions
import TestSupport
import Testing

/// `crp sync` when another duty station pushes between our fetch and our push: git refuses our push
/// (the remote moved), and the sync fetches, merges and pushes again; nothing is forced or lost.
@Suite("crp sync: the remote moved during our sync")
struct SyncRaceTests {
    static let env = ["GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_TERMINAL_PROMPT": "0", "CRP_NOW": "2020-10-06T10:00:00Z"]

    static func crp(_ args: [String], in dir: URL) throws -> ProcResult {
        let r = try CRPRunner.run(args, cwd: dir, env: env)
        if !r.ok { throw HarnessError("crp \(args.joined(separator: " ")) failed: \(r)") }
        return r
    }

    static func register(_ text: String, state: String, in ws: URL, dir: URL) throws {
        let file = dir.appendingPathComponent("in-\(UUID().uuidString.prefix(8)).txt")
        try Data(text.utf8).write(to: file)
        _ = try crp(["register", file.path, "--state", state, "--language", "es", "--item", "2", "--workspace", ws.path], in: dir)
    }

    @Test(.enabled(if: Clients.runs(Clients.which("git") != nil), "SKIPPED: git is not installed (CRP_ALLOW_MISSING_CLIENTS=1)"))
    func anotherSitePushesBetweenOurFetchAndOurPush() throws {
        guard let git = Clients.which("git") else { return Clients.missing("git is not installed") }
        let dir = try Scratch.dir("sync-race")
        defer { try? FileManager.default.removeItem(at: dir) }
        let remote = dir.appendingPathComponent("shared.git")
        let made = try Proc.run(git, ["init", "-q", "--bare", "-b", "main", remote.path], env: Self.env)
        #expect(made.ok, "\(made)")
        let a = dir.appendingPathComponent("vienna"), b = dir.appendingPathComponent("newyork")
        _ = try Self.crp(["init", a.path, "--from", Repo.fixturePaper.path, "--remote", remote.path, "--site", "Vienna"], in: dir)
        _ = try Self.crp(["clone", remote.path, b.path, "--site", "New York"], in: dir)
        try Self.register("El Perú apoya las propuestas de la Presidencia sobre la asistencia técnica en Viena.", state: "Peru", in: a, dir: dir)
        try Self.register("Chile apoya las propuestas de la Presidencia sobre la cooperación internacional en Nueva York.", state: "Chile", in: b, dir: dir)

        let store = try Store(root: a, clock: Clock(fixed: Clock.parse("2020-10-06T10:00:00Z")))
        let programs = Programs.locate(environment: ProcessInfo.processInfo.environment.merging(Self.env) { $1 })
        let workspace = Workspace(store: store, catalog: try LocaleCatalog(folder: Repo.locales), programs: programs)
        // Between our merge and our push (once), New York syncs: the remote moves under us.
        let raced = Locked<ProcResult?>(nil)
        let done = try workspace.sync(
            SyncRequest(by: "ana") { step in
                guard step == .merge, raced.current == nil else { return }
                let r = try? CRPRunner.run(["sync", "--workspace", b.path], cwd: dir, env: Self.env)
                raced.withLock { $0 = r }
            })
        let other = try #require(raced.current)
        #expect(other.ok && other.out.contains("Sent to"), "New York's sync: \(other)")
        #expect(done.value.pushed, "our changes reached the remote")
        #expect(done.value.rounds == 2, "one push refused because the remote moved, then fetched, merged and sent again")
        #expect(done.value.recorded.map { $0.action } == [Event.Action.registered])
        #expect(done.value.arrived.map { $0.line }.contains { $0.hasPrefix("registered ") && $0.hasSuffix("@New York") }, "\(done.value.arrived)")
        // Nothing forced: the remote's history holds both sites' commits, and New York takes ours in.
        let log = try Proc.run(git, ["--git-dir", remote.path, "log", "--format=%s", "main"], env: Self.env)
        #expect(log.out.contains("at Vienna") && log.out.contains("at New York"), "\(log.out)")
        _ = try Self.crp(["sync", "--workspace", b.path], in: dir)
        let statusA = try Self.crp(["status", "--json", "--workspace", a.path], in: dir).out
        let statusB = try Self.crp(["status", "--json", "--workspace", b.path], in: dir).out
        #expect(statusA == statusB && statusA.contains("Peru") && statusA.contains("Chile"))
    }
}
