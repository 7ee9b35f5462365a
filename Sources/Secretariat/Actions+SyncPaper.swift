import Foundation
import Platform
import Submissions

// paper.yaml in a sync: the one file both duty stations edit. git merges changes on lines apart;
// when its line merge conflicts, crp merges the file field by field (PaperMerge), keeps this
// side's value where both sides changed a field, and records the conflict in `paper-history/`
// so that every site's `crp check` stays red until an officer chooses (`crp paper resolve`).

extension Workspace {
    /// Finishes a merge whose only conflict is paper.yaml; returns the fields both sides changed
    /// (recorded) and this side's comments the merged text could not keep, or nil when the file cannot be merged field by field (the merge is then
    /// taken back by the caller).
    func mergePaper(_ git: SyncGit, before: String, message: String) throws -> (conflicts: [PaperConflict], lostComments: [String])? {
        func stage(_ n: Int) throws -> String? {
            let r = try git.run(["show", ":\(n):\(StoreLayout.paper)"])
            return r.succeeded ? r.out : nil
        }
        guard let mine = try stage(2), let theirs = try stage(3),
            let merged = PaperMerge.merge(base: try stage(1), mine: mine, theirs: theirs)
        else { return nil }
        try FileIO.writeAtomically(Data(merged.text.utf8), to: store.root.appendingPathComponent(StoreLayout.paper))
        let theirSite = before.isEmpty ? nil : try incomingSite(git, before: before)
        let at = Clock.stamp(clock.now())
        var found: [PaperConflict] = []
        for c in merged.conflicts {
            let id = FileIO.randomHex(4)
            let kept = PaperFieldRecord.Side(site: store.site, value: c.mine)
            let other = PaperFieldRecord.Side(site: theirSite, value: c.theirs)
            let record = PaperFieldRecord(
                kind: .conflict, conflict: id, field: c.field, at: at, by: git.name, site: store.site, mine: kept, theirs: other)
            try PaperHistory.write(record, store: store)
            found.append(PaperConflict(id: id, field: c.field, kept: kept, other: other))
        }
        try git.must(["add", "-A", "--", StoreLayout.paper] + (found.isEmpty ? [] : [PaperHistory.folderName]))
        try git.must(["commit", "-q", "--no-verify", "--no-edit", "-m", message])
        return (found, merged.lostComments)
    }

    /// The duty station whose commit last changed paper.yaml among those that came in (from the
    /// commit's summary line, "crp sync: 3 changes at New York by ana" or "crp sync: merged the
    /// shared workspace into New York"), or nil.
    func incomingSite(_ git: SyncGit, before: String) throws -> String? {
        let range = before.isEmpty ? SyncConnection.incoming : "\(before)..\(SyncConnection.incoming)"
        let subject = try git.run(["log", "-1", "--format=%s", range, "--", StoreLayout.paper]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        let merged = "crp sync: merged the shared workspace into "
        if subject.hasPrefix(merged) {
            let site = String(subject.dropFirst(merged.count))
            return site.isEmpty || site == "this copy" ? nil : site
        }
        guard subject.hasPrefix("crp sync: "), let at = subject.range(of: " at "), let by = subject.range(of: " by ", options: .backwards),
            at.upperBound <= by.lowerBound
        else { return nil }
        let site = String(subject[at.upperBound..<by.lowerBound])
        return site.isEmpty ? nil : site
    }
}
