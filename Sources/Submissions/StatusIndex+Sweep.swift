import Foundation
import Platform

/// One look at every submission folder of a store: each submission's summary, with the stamp of
/// its folder (modification time and inode of the folder and of its `events/` folder) that the
/// summary was read under. A summary is reused only while its folder's stamp is what it was; a
/// folder whose stamp changed, and a new folder, is read again from its records.
///
/// The status index file (`.crp/index.tsv`) is one such sweep written down, for the next process;
/// the web desk keeps the last sweep in memory (`StoreMemory`), so that after a change it looks
/// at the folders' stamps and reads only the folders that changed, without parsing or rewriting
/// the index file on the request's path.
public struct FolderSweep: Sendable {
    struct Kept: Sendable {
        /// Nil when the folder changed too recently to be trusted on a file system with coarse
        /// times (it is then read again next time).
        var stamp: String?
        var summary: SubmissionSummary
    }

    /// The paper's language the summaries were made for (whether a text is "translated" depends on it).
    let language: String
    /// By submission id.
    let kept: [String: Kept]
    /// Every summary, in id order.
    let summaries: [SubmissionSummary]
    /// The submissions whose folders this sweep read from their records (new or changed).
    let reread: [String]
    /// True when the index file does not hold what this sweep found (it read folders, or a
    /// folder went away, or a folder changed too recently to be written down).
    let indexBehind: Bool
}

extension StatusIndex {
    /// The index file's entries (id → stamp and summary), or none when it is missing, for another
    /// paper language, or of another format.
    func cachedFromFile(header: String) -> [String: FolderSweep.Kept] {
        var cached: [String: FolderSweep.Kept] = [:]
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return cached }
        var lines = Self.pieces(Substring(text), at: 10)
        guard lines.first.map(String.init) == header else { return cached }
        lines.removeFirst()
        for l in lines where !l.isEmpty { if let e = Self.parse(l) { cached[e.id] = FolderSweep.Kept(stamp: e.stamp, summary: e.summary) } }
        return cached
    }

    /// Looks at every submission folder: a summary of `previous` (a sweep kept in memory), or else
    /// of the index file, is reused while its folder's stamp is unchanged; other folders are read
    /// from their records. Stamps are taken before a folder is read, so a write during the read
    /// leaves a stamp that no longer matches and the folder is read again next time.
    func sweep(after previous: FolderSweep?) throws -> FolderSweep {
        let fm = FileManager.default
        let language = store.paper.language
        let header = Self.header + "\t" + language
        let fromMemory = previous?.language == language ? previous : nil
        let cached = fromMemory?.kept ?? cachedFromFile(header: header)
        let names = ((try? fm.contentsOfDirectory(atPath: store.root.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        var out: [SubmissionSummary] = []
        out.reserveCapacity(names.count)
        var kept: [String: FolderSweep.Kept] = [:]
        kept.reserveCapacity(names.count)
        var reread: [String] = []
        var volatile = false
        let root = store.root.path
        // Names looked up inside the open root, not by walking the whole path 20 000 times.
        let folder = Platform.OpenFolder(root)
        func stamp(_ relative: String) -> (text: String, coarseSeconds: Int?)? {
            guard let folder else { return Self.stamp("\(root)/\(relative)") }
            guard let m = folder.modification(relative), m.isDirectory else { return nil }
            return ("\(m.seconds).\(m.nanoseconds).\(m.inode)", m.nanoseconds == 0 ? m.seconds : nil)
        }
        // On a file system with coarse times, a folder changed in the last seconds is not trusted:
        // a second change within the same tick would not change its stamp.
        let recent = Int(Date().timeIntervalSince1970) - 2
        for name in names {
            guard let s1 = stamp(name) else { continue }
            let s2 = stamp("\(name)/\(StoreLayout.events)")
            let stamp = s1.text + "/" + (s2?.text ?? "-")
            let tooRecent = (s1.coarseSeconds ?? Int.min) >= recent || (s2?.coarseSeconds ?? Int.min) >= recent
            let summary: SubmissionSummary
            if let e = cached[name], e.stamp == stamp {
                summary = e.summary
            } else {
                guard fm.fileExists(atPath: "\(root)/\(name)/\(StoreLayout.registration)") else { continue }
                summary = SubmissionSummary(try store.loadForSummary(id: name), store: store)
                reread.append(name)
            }
            out.append(summary)
            kept[name] = FolderSweep.Kept(stamp: tooRecent ? nil : stamp, summary: summary)
            if tooRecent { volatile = true }
        }
        // What the index file holds: the previous sweep's findings once it was written (or read) whole.
        let behind = volatile || !reread.isEmpty || out.count != cached.count || (fromMemory?.indexBehind ?? false)
        return FolderSweep(language: language, kept: kept, summaries: out, reread: reread, indexBehind: behind)
    }

    /// Writes `sweep` as the index file (the folders whose stamps it trusts), replacing it whole by a
    /// rename; never through a link (a `.crp` that points outside the workspace). Not synced to
    /// disk: it is a cache, and a file a crash left short or empty only has its lines read again
    /// from the records.
    func write(_ sweep: FolderSweep, createFolder: Bool) {
        guard (try? store.requireInside(url)) != nil else { return }
        let fm = FileManager.default
        if createFolder {
            try? fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } else if !fm.fileExists(atPath: url.deletingLastPathComponent().path) {
            return
        }
        var lines = [Self.header + "\t" + sweep.language]
        lines.reserveCapacity(sweep.summaries.count + 1)
        for s in sweep.summaries { if let stamp = sweep.kept[s.id]?.stamp { lines.append(Self.line(stamp, s)) } }
        try? Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url, options: .atomic)
    }
}
