import Foundation
import Platform

// Summaries of part of the store, for `crp sync`'s duplicate check after a merge: the submissions
// that came in are summarised by `verify` as it checks them (`Store.summary(of:)`), the rest is
// taken from the index here, so that a merge that brought 10,000 folders does not read each of
// them a second time.

extension Store {
    /// The summary of a submission read without its analysis (`audit(id:analysis:false)`): the
    /// current analysis is read without its line directions, as the status index reads it.
    public func summary(of sub: Submission) -> SubmissionSummary {
        var s = sub
        if s.analysis == nil { s.analysis = analysisWithoutDirections(path: analysisPath(s, version: s.version)) }
        return SubmissionSummary(s, store: self)
    }
}

extension StatusIndex {
    /// The summaries of every submission except those in `skip`, sorted by id: from the index
    /// where its entry is current, else read from the records (on every core). The index is
    /// not written (the next `crp status` brings it up to date).
    public func summaries(except skip: Set<String>) throws -> [SubmissionSummary] {
        let cached = cachedEntries()
        let root = store.root.path
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).filter { !$0.hasPrefix(".") && !skip.contains($0) }.sorted()
        let found = Locked([Result<SubmissionSummary?, Error>](repeating: .success(nil), count: names.count))
        let store = self.store
        DispatchQueue.concurrentPerform(iterations: names.count) { i in
            let name = names[i]
            guard let s1 = Self.stamp("\(root)/\(name)") else { return }
            let s2 = Self.stamp("\(root)/\(name)/\(StoreLayout.events)")
            let stamp = s1.text + "/" + (s2?.text ?? "-")
            let r: Result<SubmissionSummary?, Error>
            if let e = cached[name], e.stamp == stamp {
                r = .success(e.summary)
            } else if FileManager.default.fileExists(atPath: "\(root)/\(name)/\(StoreLayout.registration)") {
                r = Result { SubmissionSummary(try store.loadForSummary(id: name), store: store) }
            } else {
                r = .success(nil)
            }
            found.withLock { $0[i] = r }
        }
        return try found.current.compactMap { try $0.get() }
    }

    /// The index's entries by id, when it is there and made for this paper's language.
    func cachedEntries() -> [String: (stamp: String, summary: SubmissionSummary)] {
        var cached: [String: (stamp: String, summary: SubmissionSummary)] = [:]
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return cached }
        var lines = Self.pieces(Substring(text), at: 10)
        guard lines.first.map(String.init) == Self.header + "\t" + store.paper.language else { return cached }
        lines.removeFirst()
        for l in lines where !l.isEmpty { if let e = Self.parse(l) { cached[e.id] = (e.stamp, e.summary) } }
        return cached
    }
}
