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
            // The fetch waits on git (and the network); the folder is checked meanwhile. The fetch
            // writes only into .git (objects and crp's own ref), so the two do not meet.
            let remote = connection.remote
            var (fetched, (changedHere, local)) = try alongside(
                { try fetch(git, remote, request) }, { try SyncFolder.check(git, store: store, verifier: verifier) })
            var result = SyncResult(remote: connection.url)
            // The summaries of the folders the merges changed, made as verify checked them (by id).
            var checkedSummaries: [String: SubmissionSummary] = [:]
            // Submissions that came in holding a text already here for the same State.
            var duplicates: [SameTextTwice]? = nil
            // Nothing changed here: no need to look through the folder again to record it.
            if changedHere { (result.recorded, result.recordedShared) = try commitLocal(git, request) }
            for round in 1...max(1, request.rounds) {
                result.rounds = round
                if case .offline(let why) = fetched {
                    result.offline = why
                    break
                }
                var merged = Merged()
                var checkedEarly: [String: Verifier.Checked] = [:]
                if case .found = fetched {
                    // Nothing to merge when what was fetched is already in our history (a sync
                    // with nothing new): no merge, and no list of what it changed; the step is
                    // passed all the same (the front end's hook sees every step).
                    if try git.run(["merge-base", "--is-ancestor", SyncConnection.incoming, "HEAD"]).exitCode == 0 {
                        request.afterStep(.merge)
                    } else {
                        (merged, checkedEarly) = try mergeWhileChecking(git, request)
                        result.paperChanges += merged.paperChanges
                        result.paperConflicts += merged.paperConflicts
                    }
                }
                // The submissions the merge changed (the rest was verified before it).
                // (A folder only the other side changed comes as it verified it: Verifier+Merged.swift.)
                // Leftovers only there: git brings none, and the rest was checked before the merge.
                let report =
                    merged.touched.isEmpty
                    ? nil
                    : try verifier.report(
                        repair: false, only: merged.touched, hashesOnly: merged.incomingOnly, leftoversOfOnly: true, listed: merged.listed,
                        summaries: true, checked: checkedEarly)
                result.problems = report?.problems ?? []
                // What came in and the duplicate rule are only told: when nothing stops the push,
                // they are worked out while git pushes.
                let (added, root, known) = (merged.added, store.root, checkedSummaries)
                let told = { @Sendable () throws -> (arrived: [SyncedEvent], summaries: [String: SubmissionSummary]) in
                    var summaries = known
                    for summary in report?.summaries ?? [] { summaries[summary.id] = summary }
                    return (SyncSummary.events(added, root: root, read: report?.events ?? []), summaries)
                }
                if !result.problems.isEmpty {
                    result.arrived += try told().arrived
                    break
                }
                let arrivedBefore = result.arrived
                let pushed: Pushed
                let seen: (arrived: [SyncedEvent], summaries: [String: SubmissionSummary])
                (pushed, (seen, duplicates)) = try alongside(
                    { try push(git, remote, request) },
                    {
                        let now = try told()
                        return (now, try sameTextTwice(arrived: arrivedBefore + now.arrived, summaries: now.summaries, local: local))
                    })
                result.arrived += seen.arrived
                checkedSummaries = seen.summaries
                if case .offline(let why) = pushed {
                    result.offline = why
                    break
                }
                if case .done = pushed {
                    result.pushed = true
                    break
                }
                if round == request.rounds { throw SyncError.remoteKeepsMoving(url: connection.url, rounds: round) }
                fetched = try fetch(git, remote, request)
            }
            connection.keep()
            var findings = SyncSummary.findings(result, site: store.site)
            for t in try duplicates ?? sameTextTwice(arrived: result.arrived, summaries: checkedSummaries, local: local) {
                findings.append(Finding("sync.same-text", .warning, subject: t.later, t.message))
            }
            return Outcome(result, findings: findings)
        } catch {
            connection.undo()
            throw error
        }
    }

    enum Fetched { case found, empty, offline(String) }

    /// Fetches the remote's branch into a ref of crp's own and checks that it holds this paper.
    func fetch(_ git: SyncGit, _ connection: SyncConnection.Remote, _ request: SyncRequest) throws -> Fetched {
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

    /// What a merge changed.
    struct Merged {
        /// The files it added (paths in the workspace): the events among them are what came in.
        var added: [String] = []
        /// The top folders it changed.
        var touched = Set<String>()
        /// The folders only the other side changed.
        var incomingOnly = Set<String>()
        /// The folders it brought that were not here at all, each with every file in it (paths
        /// inside the folder), when git wrote nothing but plain files with plain names: their
        /// leftovers are looked for in this list instead of on disk.
        var listed: [String: [String]] = [:]
        var paperChanges: [String] = []
        var paperConflicts: [PaperConflict] = []
    }

    /// Merges what was fetched (never a rebase); returns the files that came in and the
    /// submission folders the merge changed.
    func merge(_ git: SyncGit, _ request: SyncRequest) throws -> Merged {
        try changes(git, try runMerge(git, request))
    }

    /// A merge done: the commits it joined, and what it did to paper.yaml.
    struct MergeRun: Sendable {
        /// Our commit before the merge ("" in a repository with none) and the common one.
        var before: String
        var base: String
        var paperChanges: [String] = []
        var paperConflicts: [PaperConflict] = []
    }

    /// Runs the merge of what was fetched (paper.yaml merged field by field).
    func runMerge(_ git: SyncGit, _ request: SyncRequest) throws -> MergeRun {
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
        return MergeRun(before: before, base: base, paperChanges: paperChanges, paperConflicts: paperConflicts)
    }

    /// What the merge `run` changed, from git's lists: every file it changed, or (given
    /// `incoming`, the fetched tree's files with their modes, in git's order) the top entries it
    /// changed, the files of the folders that were not here from that list, and git's list of
    /// the files added only for the rest.
    func changes(_ git: SyncGit, _ run: MergeRun, plan: Plan? = nil) throws -> Merged {
        let (before, base) = (run.before, run.base)
        var out = Merged(paperChanges: run.paperChanges, paperConflicts: run.paperConflicts)
        guard !before.isEmpty else {
            out.touched = Set(try store.ids())
            return out
        }
        if let plan, plan.base == base { return try changes(git, run, plan: plan, into: out) }
        // ":old-mode new-mode old-hash new-hash status", then the path (read as bytes: tens of
        // thousands of paths).
        let changed = Array(try git.must(["diff", "--raw", "-z", "--no-renames", before, "HEAD"]).stdout)
            .split(separator: 0, omittingEmptySubsequences: false)
        // The folders that were here before the merge.
        let here = Set(SyncGit.paths(try git.must(["ls-tree", "-z", "--name-only", before]).stdout))
        var touched = Set<String>()
        var plain: [String: [String]] = [:], odd = Set<String>()
        let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
        var k = 0
        while k + 1 < changed.count {
            let header = changed[k], path = changed[k + 1]
            k += 2
            guard header.count > 14, header.first == UInt8(ascii: ":"), let status = header.last else { continue }
            let cut = path.firstIndex(of: slash)
            let top = String(decoding: path[..<(cut ?? path.endIndex)], as: UTF8.self)
            touched.insert(top)
            let added = status == UInt8(ascii: "A")
            if added { out.added.append(String(decoding: path, as: UTF8.self)) }
            guard let cut, !here.contains(top) else { continue }
            // A link, a submodule or a name with a dot: looked for on disk as always.
            let mode = header[(header.startIndex + 8)..<(header.startIndex + 14)]
            let regular = mode.elementsEqual("100644".utf8) || mode.elementsEqual("100755".utf8)
            let inside = path[(cut + 1)...]
            let dotted = inside.first == dot || zip(inside, inside.dropFirst()).contains { $0 == slash && $1 == dot }
            if added, regular, !dotted { plain[top, default: []].append(String(decoding: inside, as: UTF8.self)) } else { odd.insert(top) }
        }
        out.touched = touched
        try paperAndOurs(git, run, into: &out, ours: { SyncGit.paths(try git.must(["diff", "--name-only", "-z", base, before]).stdout, top: true) })
        for (top, files) in plain where !odd.contains(top) && out.incomingOnly.contains(top) { out.listed[top] = files }
        return out
    }

    /// What a merge of the fetched commit will change, worked out from git's lists before it
    /// is done (while git merges): the top entries the other side changed since the common commit
    /// (the merge changes those and no other), the files they added, and, for the folders that
    /// are not here at all, every file in them as the fetched tree lists it.
    struct Plan: Sendable {
        var base: String
        var touched: Set<String>
        var ours: Set<String>
        var added: [String] = []
        var plain: [String: [String]] = [:]
        var odd = Set<String>()
    }

    func makePlan(_ git: SyncGit, before: String, here: Set<String>, incoming: [GitEntry]) throws -> Plan? {
        let base = try git.run(["merge-base", before, SyncConnection.incoming]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !base.isEmpty else { return nil }
        let theirs = Set(SyncGit.paths(try git.must(["diff-tree", "-z", "--name-only", base, SyncConnection.incoming]).stdout))
        let ours = Set(SyncGit.paths(try git.must(["diff-tree", "-z", "--name-only", base, before]).stdout))
        var plan = Plan(base: base, touched: theirs, ours: ours)
        // The folders that are not here come whole, as listed.
        let fresh = theirs.subtracting(here)
        for entry in incoming where fresh.contains(entry.top) {
            plan.added.append(entry.path)
            guard let inside = entry.inside else { continue }
            // A link, a submodule or a name with a dot: looked for on disk as always.
            if entry.isRegular && !entry.hasDottedPart {
                plan.plain[entry.top, default: []].append(inside)
            } else {
                plan.odd.insert(entry.top)
            }
        }
        // The rest (folders changed here and there, paper.yaml): git's list of what they added.
        let changed = theirs.subtracting(fresh).sorted()
        if !changed.isEmpty {
            let few = changed.count <= 500
            let r = try git.must(
                ["diff", "-z", "--no-renames", "--diff-filter=A", "--name-only", base, SyncConnection.incoming, "--"] + (few ? changed : []))
            for path in SyncGit.paths(r.stdout) where few || !fresh.contains(String(path.prefix { $0 != "/" })) { plan.added.append(path) }
        }
        return plan
    }

    /// `changes`, from the plan made while git merged.
    private func changes(_ git: SyncGit, _ run: MergeRun, plan: Plan, into start: Merged) throws -> Merged {
        var out = start
        out.touched = plan.touched
        out.added = plan.added
        try paperAndOurs(git, run, into: &out, ours: { Array(plan.ours) })
        for (top, files) in plan.plain where !plan.odd.contains(top) && out.incomingOnly.contains(top) { out.listed[top] = files }
        return out
    }

    /// What came into paper.yaml, and which of the folders the merge changed only the other
    /// side had changed (`ours`: the top entries this side changed since the common commit): the
    /// rest changed here too, or the histories share no commit. Those are checked against their
    /// records without deriving their text again.
    private func paperAndOurs(_ git: SyncGit, _ run: MergeRun, into out: inout Merged, ours: () throws -> [String]) throws {
        if out.touched.contains(StoreLayout.paper) {
            let was = try git.run(["show", "\(run.before):\(StoreLayout.paper)"]).out
            let now = (try? String(contentsOf: store.root.appendingPathComponent(StoreLayout.paper), encoding: .utf8)) ?? was
            let fields = PaperMerge.changedFields(from: was, to: now)
            if !fields.isEmpty {
                let site = try incomingSite(git, before: run.before)
                out.paperChanges.append("\(StoreLayout.paper): \(fields.joined(separator: ", ")) changed by \(site ?? "another duty station")")
            }
        }
        if !run.base.isEmpty { out.incomingOnly = out.touched.subtracting(try ours()) }
    }

    /// Two duty stations may each have registered the same text for a State: each pair that
    /// names a submission registered among `arrived`, what came in (as verify summarised it, by
    /// id in `summaries`) against the rest.
    /// `local`: the summaries of the submissions changed here, made as the sync checked them
    /// before the merge (those the merge changed too are taken from `summaries`).
    func sameTextTwice(arrived: [SyncedEvent], summaries: [String: SubmissionSummary], local: [String: SubmissionSummary]) throws
        -> [SameTextTwice]
    {
        let came = Set(arrived.filter { $0.action == .registered }.map(\.submission))
        if came.isEmpty { return [] }
        let pairs: [SameTextTwice]
        if came.allSatisfy({ summaries[$0] != nil }) {
            pairs = try sameTextTwice(known: Array(local.merging(summaries) { $1 }.values))
        } else {
            pairs = try sameTextTwice()
        }
        return pairs.filter { came.contains($0.later) || came.contains($0.kept) }
    }

    /// Merges what was fetched (`merge`), and meanwhile checks the submission folders the merge
    /// brings whole, each as soon as git has written it, as verify checks a folder only the other
    /// side changed: git spends the merge writing files on one core, verify reads them on the
    /// other. git writes a merge's files one after the other in path order, so a folder is whole
    /// once the first file of the next one is there (the last one, once the merge is done).
    /// Returns what the merge changed and the folders checked clean; a folder that was not (or
    /// was seen before git had written it whole) is checked again after the merge, with the
    /// rest.
    func mergeWhileChecking(_ git: SyncGit, _ request: SyncRequest) throws -> (Merged, [String: Verifier.Checked]) {
        let before = try git.run(["rev-parse", "-q", "--verify", "HEAD"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !before.isEmpty else { return (try merge(git, request), [:]) }
        let finished = Locked(false)
        let rootPath = store.root.path
        let (run, (plan, clean)) = try alongside(
            {
                defer { finished.withLock { $0 = true } }
                return try runMerge(git, request)
            },
            { () throws -> (Plan?, [String: Verifier.Checked]) in
                let here = Set(SyncGit.paths(try git.must(["ls-tree", "-z", "--name-only", before]).stdout))
                // Nothing comes whole (a sync with little or nothing new): no list of every file.
                let tops = SyncGit.paths(try git.must(["ls-tree", "-z", "--name-only", SyncConnection.incoming]).stdout)
                if tops.allSatisfy(here.contains) { return (nil, [:]) }
                let incoming = GitEntry.list(try git.must(["ls-tree", "-r", "-z", "--full-tree", SyncConnection.incoming]).stdout)
                let plan = try makePlan(git, before: before, here: here, incoming: incoming)
                // The folders that come whole (none of their files is here), in git's order,
                // each with its first file.
                var order: [(id: String, first: String)] = []
                for entry in incoming where entry.inside != nil && !here.contains(entry.top) && order.last?.id != entry.top {
                    order.append((entry.top, entry.path))
                }
                var clean: [String: Verifier.Checked] = [:]
                for (k, folder) in order.enumerated() {
                    let next = k + 1 < order.count ? rootPath + "/" + order[k + 1].first : nil
                    while !finished.current && !(next.map { FileManager.default.fileExists(atPath: $0) } ?? false) { usleep(500) }
                    // Once git is done, the rest is checked on every core.
                    if finished.current { break }
                    let r = verifier.check(
                        folder: URL(fileURLWithPath: rootPath + "/" + folder.id, isDirectory: true), id: folder.id, repair: false, derive: false,
                        summary: true)
                    if r.problems.isEmpty && r.registered { clean[folder.id] = r }
                }
                return (plan, clean)
            })
        return (try changes(git, run, plan: plan), clean)
    }

    enum Pushed { case done, moved, offline(String) }

    /// Pushes our branch; a rejection because the remote moved asks for another round.
    func push(_ git: SyncGit, _ connection: SyncConnection.Remote, _ request: SyncRequest) throws -> Pushed {
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
