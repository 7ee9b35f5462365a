import Foundation
import Memory
import Platform
import Submissions

/// What `crp sync` checks in the workspace folder before it records anything: every change is
/// one crp makes (a new record, event, translation or version; a rebuilt derived file; the
/// officer's `paper.yaml`), and `verify` finds the store clean.
enum SyncFolder {
    /// The files directly in a submission's folder that crp writes.
    static let submissionFiles: Set<String> = [StoreLayout.registration, StoreLayout.text, StoreLayout.analysis]
    /// The folders inside a submission's folder that crp writes.
    static let submissionFolders: Set<String> = [
        StoreLayout.events, StoreLayout.translations, StoreLayout.versions, StoreLayout.proofread, StoreLayout.superseded,
    ]
    /// The files at the workspace's top that may change.
    static let topFiles: Set<String> = [StoreLayout.paper, ".gitignore", ".gitattributes"]
    /// Files crp rewrites itself (derived from the originals; `verify` checks them).
    static let derived: Set<String> = [StoreLayout.paper, ".gitignore", StoreLayout.text, StoreLayout.analysis]

    /// Puts the repository back in order after a sync that was killed: a lock file git left
    /// (no other sync runs: we hold the sync lock) and a merge left half done (taken back; it is
    /// done again from the start).
    static func recover(_ git: SyncGit) throws {
        let dotGit = git.root.appendingPathComponent(".git")
        let fm = FileManager.default
        for name in ["index.lock", "HEAD.lock", "ORIG_HEAD.lock", "config.lock"] {
            let lock = dotGit.appendingPathComponent(name)
            if fm.fileExists(atPath: lock.path) { try? fm.removeItem(at: lock) }
        }
        if fm.fileExists(atPath: dotGit.appendingPathComponent("MERGE_HEAD").path) {
            let r = try git.run(["merge", "--abort"])
            if !r.succeeded { try git.must(["reset", "-q", "--merge"]) }
        }
    }

    /// Refuses when the folder holds a change crp did not make, or when `verify` finds a problem.
    /// Returns false when the folder holds no change at all (nothing to record), with the
    /// summaries of the submissions that changed, by id.
    @discardableResult
    static func check(_ git: SyncGit, store: Store, verifier: Verifier) throws -> (Bool, [String: SubmissionSummary]) {
        let status = try git.must(["status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames"]).out
        var foreign: [String] = []
        var changed = Set<String>()
        for entry in status.split(separator: "\0") where entry.count > 3 {
            let code = String(entry.prefix(2))
            let path = String(entry.dropFirst(3))
            if let why = problem(path: path, code: code, root: store.root) { foreign.append("\(path): \(why)") }
            if let top = path.split(separator: "/").first { changed.insert(String(top)) }
        }
        if !foreign.isEmpty { throw SyncError.foreignChanges(workspace: store.root.path, files: foreign) }
        // What the last sync recorded was verified then: check what changed since.
        // (Nothing changed: no leftover either, since a leftover in a submission's folder is a
        // change git sees.)
        if changed.isEmpty { return (false, [:]) }
        let report = try verifier.report(only: changed, summaries: true)
        let problems = report.problems
        if !problems.isEmpty {
            throw SyncError.storeProblems(count: problems.count, first: problems.prefix(10).map { "\($0.file): \($0.problem)" })
        }
        return (true, Dictionary(report.summaries.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }))
    }

    /// Why a changed path is not one crp would make, or nil when it is.
    static func problem(path: String, code: String, root: URL) -> String? {
        if code.contains("D") { return "deleted (crp never deletes a record)" }
        let parts = path.split(separator: "/").map(String.init)
        let modified = code.contains("M") || code.contains("T")
        if modified && !derived.contains(parts.last ?? "") && !StoreLayout.isUnreadCrop(parts.last ?? "") { return "changed after crp wrote it" }
        if parts.contains(where: { $0.hasPrefix(".") }) && !topFiles.contains(path) { return "a leftover of an interrupted command" }
        if parts.count == 1 {
            return topFiles.contains(path)
                ? nil
                : "not a file of the store (a paper or an export written into the workspace? move it out, and give --output a path outside the workspace)"
        }
        // A translation memory imported here (`crp tm import`): its own folder, written once.
        if parts[0] == TranslationMemory.folderName {
            return parts.count == 3 && [TranslationMemory.receivedName, TranslationMemory.recordName].contains(parts[2]) ? nil : "not a file of the store"
        }
        // The history of paper.yaml's conflicts (`crp sync`, `crp paper resolve`): written once.
        if parts[0] == PaperHistory.folderName { return parts.count == 2 && parts[1].hasSuffix(".json") ? nil : "not a file of the store" }
        let registration = root.appendingPathComponent(parts[0]).appendingPathComponent(StoreLayout.registration)
        guard FileManager.default.fileExists(atPath: registration.path) else { return "not inside a submission's folder" }
        if parts.count == 2 {
            // The original, what came with it (an e-mail's own message, `received-…`), and the
            // crops of lines OCR could not read.
            let name = parts[1]
            let stored = submissionFiles.contains(name) || name.hasPrefix(StoreLayout.original + ".") || name.hasPrefix("received-")
            return stored || StoreLayout.isUnreadCrop(name) ? nil : "not a file of the store"
        }
        return submissionFolders.contains(parts[1]) ? nil : "not a file of the store"
    }
}
