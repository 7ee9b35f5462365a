import Foundation
import Platform
import Submissions

// Sharing a workspace between duty stations through a git remote (`crp sync`, `crp clone`,
// `crp init --remote`). git is the engine: it records, fetches, merges and pushes; crp checks the
// folder before, verifies the store after every merge, and tells the officer what came in.

/// What `crp sync` is asked to do.
public struct SyncRequest: Sendable {
    /// The remote to connect to (given once; later syncs use the one recorded).
    public var remote: String?
    /// Who syncs: the identity of the commit.
    public var by: String
    /// How many times to fetch and merge again when the remote moved while we pushed.
    public var rounds: Int
    /// Seconds each git command may take.
    public var timeout: Double
    /// Called after each git step, with the step: the front end's hook (the crp executable's test
    /// of an interrupted sync, `CRP_TEST_SYNC_KILL`, kills its process there). The library itself
    /// never touches the process.
    public var afterStep: @Sendable (SyncStep) -> Void

    public init(
        remote: String? = nil, by: String, rounds: Int = 5, timeout: Double = 600, afterStep: @escaping @Sendable (SyncStep) -> Void = { _ in }
    ) {
        self.remote = remote; self.by = by; self.rounds = rounds; self.timeout = timeout; self.afterStep = afterStep
    }
}

/// The steps of a sync, named for the test hook that interrupts them.
public enum SyncStep: String, Sendable, CaseIterable {
    case commit, fetch, merge, push
}

/// One event recorded or received, as the commit message and the summary name it.
public struct SyncedEvent: Sendable, Equatable {
    public var submission: String
    public var action: Event.Action
    public var by: String
    public var site: String?

    /// "translated peru-20200925-4db9a916 by ana@Vienna".
    public var line: String { "\(action.rawValue) \(submission) by \(by)\(site.map { "@" + $0 } ?? "")" }
}

/// What `crp sync` did.
public struct SyncResult: Sendable {
    public var remote: String
    /// The events recorded here since the last sync (committed by this sync).
    public var recorded: [SyncedEvent] = []
    /// The shared files recorded here that are not a submission's: "paper.yaml", "memory/".
    public var recordedShared: [String] = []
    /// The events that came in from other duty stations.
    public var arrived: [SyncedEvent] = []
    /// True when our history reached the remote.
    public var pushed = false
    /// How many fetch-merge-push rounds it took.
    public var rounds = 0
    /// Set when the remote could not be reached: why (everything stays recorded here).
    public var offline: String?
    /// What `verify` found after a merge (then nothing was pushed).
    public var problems: [Problem] = []
    /// The fields of paper.yaml that came in: "paper.yaml: title changed by New York".
    public var paperChanges: [String] = []
    /// The fields of paper.yaml both sides changed differently, found by this merge.
    public var paperConflicts: [PaperConflict] = []

    /// "3 new submissions, 2 translations, 1 amendment from New York", one sentence per site.
    public var arrivals: [String] { SyncSummary.sentences(arrived) }
}

extension Workspace {
    /// Records every change made here as one commit, fetches and merges what the other duty
    /// stations sent, verifies the store, and pushes (`crp sync`). Never rebases or forces; a
    /// push the remote rejected because it moved is retried after another fetch and merge.
    public func sync(_ request: SyncRequest) throws -> Outcome<SyncResult> {
        try requireChangeable()
        // One sync at a time in this copy (its own lock: `verify` takes the store's, and commands
        // that register or translate meanwhile write files git leaves to the next sync).
        let lock = try StoreLock(store.root.appendingPathComponent(StoreLayout.privateFolder).appendingPathComponent("sync-lock"))
        defer { withExtendedLifetime(lock) {} }
        let git = try SyncGit(programs: programs, root: store.root, by: request.by, site: store.site, timeout: request.timeout)
        let connection = try SyncConnection.open(git, remote: request.remote)
        do {
            try SyncFolder.recover(git)
            let changedHere = try SyncFolder.check(git, store: store, verifier: verifier)
            var result = SyncResult(remote: connection.url)
            var fetched = try fetch(git, connection, request)
            // The summaries of the folders the merges changed, made as verify checked them (by id).
            var checkedSummaries: [String: SubmissionSummary] = [:]
            // Nothing changed here: no need to look through the folder again to record it.
            if changedHere { (result.recorded, result.recordedShared) = try commitLocal(git, request) }
            for round in 1...max(1, request.rounds) {
                result.rounds = round
                if case .offline(let why) = fetched {
                    result.offline = why
                    break
                }
                var touched = Set<String>(), incomingOnly = Set<String>()
                if case .found = fetched {
                    let merged = try merge(git, request)
                    result.arrived += merged.events
                    result.paperChanges += merged.paperChanges
                    result.paperConflicts += merged.paperConflicts
                    touched = merged.touched
                    incomingOnly = merged.incomingOnly
                }
                // The submissions the merge changed (the rest was verified before it).
                // (A folder only the other side changed comes as it verified it: Verifier+Merged.swift.)
                // Leftovers only there: git brings none, and the rest was checked before the merge.
                if !touched.isEmpty {
                    let report = try verifier.report(only: touched, hashesOnly: incomingOnly, leftoversOfOnly: true, summaries: true)
                    result.problems = report.problems
                    for summary in report.summaries { checkedSummaries[summary.id] = summary }
                } else {
                    result.problems = []
                }
                if !result.problems.isEmpty { break }
                let pushed = try push(git, connection, request)
                if case .offline(let why) = pushed {
                    result.offline = why
                    break
                }
                if case .done = pushed {
                    result.pushed = true
                    break
                }
                if round == request.rounds { throw SyncError.remoteKeepsMoving(url: connection.url, rounds: round) }
                fetched = try fetch(git, connection, request)
            }
            connection.keep()
            var findings = SyncSummary.findings(result, site: store.site)
            // Two duty stations may each have registered the same text for a State.
            let came = Set(result.arrived.filter { $0.action == .registered }.map(\.submission))
            if !came.isEmpty {
                // Each pair that names one of them: what came in (summarised by verify) against the rest.
                let arrived = came.compactMap { checkedSummaries[$0] }
                let pairs = arrived.count == came.count ? try sameTextTwice(arrived: arrived) : try sameTextTwice()
                for t in pairs where came.contains(t.later) || came.contains(t.kept) {
                    findings.append(Finding("sync.same-text", .warning, subject: t.later, t.message))
                }
            }
            return Outcome(result, findings: findings)
        } catch {
            connection.undo()
            throw error
        }
    }

    enum Fetched { case found, empty, offline(String) }

    /// Fetches the remote's branch into a ref of crp's own and checks that it holds this paper.
    func fetch(_ git: SyncGit, _ connection: SyncConnection, _ request: SyncRequest) throws -> Fetched {
        let r = try git.step(
            ["fetch", "-q", "--no-tags", connection.name, "+refs/heads/\(SyncGit.branch):\(SyncConnection.incoming)"],
            then: { request.afterStep(.fetch) })
        if !r.succeeded {
            if r.err.contains("couldn't find remote ref") { return .empty }
            switch SyncGit.classify(r) {
            case .offline: return .offline(SyncGit.firstLines(r, 2))
            case .unknownRemote: throw SyncError.unknownRemote(url: connection.url, detail: SyncGit.firstLines(r, 2))
            case .denied: throw SyncError.denied(url: connection.url, detail: SyncGit.firstLines(r, 2), pushing: false)
            case .other: throw SyncError.git(command: "fetch", detail: SyncGit.firstLines(r))
            }
        }
        try SyncConnection.checkPaper(git, url: connection.url, ours: store.paper.symbol, in: store.root)
        return .found
    }

    /// Commits everything crp wrote since the last sync, naming each event in the message.
    /// Also returns the shared files it records that are not a submission's (paper.yaml, a
    /// translation memory import, a paper.yaml conflict record), so that an edit of paper.yaml is
    /// said to be sent, not "nothing new".
    func commitLocal(_ git: SyncGit, _ request: SyncRequest) throws -> ([SyncedEvent], [String]) {
        try git.must(["add", "-A"])
        let staged = try git.run(["diff", "--cached", "--quiet"])
        if staged.exitCode == 0 { return ([], []) }
        let ids = Set(try store.ids())
        var shared: [String] = []
        for path in try git.must(["diff", "--cached", "--name-only", "-z"]).out.split(separator: "\0") {
            guard let top = path.split(separator: "/").first.map(String.init), !ids.contains(top) else { continue }
            let name = top == StoreLayout.paper ? StoreLayout.paper : path.contains("/") ? top + "/" : top
            if !shared.contains(name) { shared.append(name) }
        }
        let added = try git.must(["diff", "--cached", "--name-only", "-z", "--diff-filter=A"]).out
        let events = SyncSummary.events(added.split(separator: "\0").map(String.init), root: store.root)
        let message = SyncSummary.commitMessage(events, site: store.site, by: request.by)
        let file = store.root.appendingPathComponent(StoreLayout.privateFolder).appendingPathComponent("sync-message.txt")
        try FileIO.writeAtomically(Data(message.utf8), to: file)
        try git.step(["commit", "-q", "--no-verify", "-F", file.path], then: { request.afterStep(.commit) })
        if try git.run(["diff", "--cached", "--quiet"]).exitCode != 0 {
            throw SyncError.git(command: "commit", detail: "the changes could not be recorded")
        }
        return (events, shared)
    }

    /// Merges what was fetched (never a rebase); returns the events that came in and the
    /// submission folders the merge changed.
    func merge(_ git: SyncGit, _ request: SyncRequest) throws -> (
        events: [SyncedEvent], touched: Set<String>, incomingOnly: Set<String>, paperChanges: [String], paperConflicts: [PaperConflict]
    ) {
        let before = try git.run(["rev-parse", "-q", "--verify", "HEAD"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        let base =
            before.isEmpty ? "" : try git.run(["merge-base", before, SyncConnection.incoming]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        let message = "crp sync: merged the shared workspace into \(store.site ?? "this copy")"
        let r = try git.step(
            ["merge", "-q", "--no-edit", "--no-ff", "--allow-unrelated-histories", "-m", message, SyncConnection.incoming],
            then: { request.afterStep(.merge) })
        var paperConflicts: [PaperConflict] = []
        var paperChanges: [String] = []
        if !r.succeeded {
            let conflicted = try git.run(["diff", "--name-only", "--diff-filter=U"]).out.split(separator: "\n").map(String.init)
            // paper.yaml, the one shared file: merged field by field (both values kept where the
            // two sites changed the same field).
            if conflicted == [StoreLayout.paper], let found = try mergePaper(git, before: before, message: message) {
                paperConflicts = found.conflicts
                if !found.lostComments.isEmpty {
                    paperChanges.append(
                        "\(StoreLayout.paper): \(found.lostComments.count) comment line(s) of this copy could not be kept in the merged file: "
                            + found.lostComments.joined(separator: " / ") + " (add them again by hand if they are still needed)")
                }
            } else {
                _ = try git.run(["merge", "--abort"])
                if !conflicted.isEmpty { throw SyncError.conflict(files: conflicted) }
                throw SyncError.git(command: "merge", detail: SyncGit.firstLines(r))
            }
        }
        guard !before.isEmpty else { return ([], Set(try store.ids()), [], paperChanges, paperConflicts) }
        let changed = try git.must(["diff", "--name-status", "-z", before, "HEAD"]).out.split(separator: "\0").map(String.init)
        // Pairs of status and path.
        var added: [String] = []
        var touched = Set<String>()
        var k = 0
        while k + 1 < changed.count {
            if changed[k] == "A" { added.append(changed[k + 1]) }
            touched.insert(String(changed[k + 1].split(separator: "/").first ?? ""))
            k += 2
        }
        if touched.contains(StoreLayout.paper) {
            let was = try git.run(["show", "\(before):\(StoreLayout.paper)"]).out
            let now = (try? String(contentsOf: store.root.appendingPathComponent(StoreLayout.paper), encoding: .utf8)) ?? was
            let fields = PaperMerge.changedFields(from: was, to: now)
            if !fields.isEmpty {
                let site = try incomingSite(git, before: before)
                paperChanges.append("\(StoreLayout.paper): \(fields.joined(separator: ", ")) changed by \(site ?? "another duty station")")
            }
        }
        // The folders only the other side changed (the rest changed here too, or the histories
        // share no commit): checked against their records without deriving their text again.
        var incomingOnly = Set<String>()
        if !base.isEmpty {
            let ours = try git.must(["diff", "--name-only", "-z", base, before]).out.split(separator: "\0")
            incomingOnly = touched.subtracting(ours.map { String($0.split(separator: "/").first ?? "") })
        }
        return (SyncSummary.events(added, root: store.root), touched, incomingOnly, paperChanges, paperConflicts)
    }

    enum Pushed { case done, moved, offline(String) }

    /// Pushes our branch; a rejection because the remote moved asks for another round.
    func push(_ git: SyncGit, _ connection: SyncConnection, _ request: SyncRequest) throws -> Pushed {
        let r = try git.step(["push", "-q", "--porcelain", connection.name, "HEAD:refs/heads/\(SyncGit.branch)"], then: { request.afterStep(.push) })
        if r.succeeded { return .done }
        let said = r.out + r.err
        if said.contains("[rejected]") && (said.contains("fetch first") || said.contains("non-fast-forward")) { return .moved }
        switch SyncGit.classify(r) {
        case .offline: return .offline(SyncGit.firstLines(r, 2))
        case .unknownRemote: throw SyncError.unknownRemote(url: connection.url, detail: SyncGit.firstLines(r, 2))
        case .denied, .other: throw SyncError.denied(url: connection.url, detail: SyncGit.firstLines(r, 3), pushing: true)
        }
    }
}
