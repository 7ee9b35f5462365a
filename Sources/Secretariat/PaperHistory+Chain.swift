import Foundation
import Platform
import Submissions

// The chain of `paper-history/`, checked by `verify` as a submission's history is (HistoryChain):
// each record names the records before it (the heads when it was written) with the SHA-256 of
// their bytes, so a record altered or deleted later no longer matches the link that names it; the
// newest record written here is anchored in `.crp/` (this copy only), so that it cannot be altered
// unseen either; and every record is checked against the rules of the commands that write them
// (a resolution resolves a recorded conflict of the same field; the file is named for what it
// holds).

extension PaperHistory {
    /// One file of `paper-history/` as stored.
    struct Stored {
        var name: String
        var data: Data?
        var record: PaperFieldRecord?
    }

    /// Where this copy anchors the newest record it wrote.
    static func anchorURL(_ store: Store) -> URL {
        store.root.appendingPathComponent(StoreLayout.privateFolder).appendingPathComponent("heads").appendingPathComponent("\(folderName).json")
    }

    /// The name a record is stored under: its time, its conflict and its kind.
    static func fileName(_ record: PaperFieldRecord, now: Date) -> String {
        "\(Clock.compactStamp(Clock.parse(record.at) ?? now))-\(record.conflict)-\(record.kind.rawValue).json"
    }

    /// Every `.json` file of the folder, in name (time) order, with its bytes and decoded record.
    static func stored(_ store: Store) -> [Stored] {
        let dir = folder(store)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
        let decoder = JSONDecoder()
        return names.map { name in
            let data = FileManager.default.contents(atPath: dir.appendingPathComponent(name).path)
            return Stored(name: name, data: data, record: data.flatMap { try? decoder.decode(PaperFieldRecord.self, from: $0) })
        }
    }

    /// The records no record names yet, with the SHA-256 of their bytes: what the next one follows.
    static func heads(_ records: [Stored]) -> [Event.Link] {
        let named = Set(records.flatMap { $0.record?.after ?? [] }.map(\.file))
        return records.compactMap { r in
            guard !named.contains(r.name), let data = r.data else { return nil }
            return Event.Link(file: r.name, sha256: FileIO.sha256(data))
        }
    }

    /// Records the newest record written here. Best effort, as a submission's anchor: lost, it
    /// only weakens `verify` as in a fresh clone.
    static func anchor(_ heads: [Event.Link], store: Store) {
        let url = anchorURL(store)
        guard (try? store.requireInside(url)) != nil else { return }
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if let data = try? JSONEncoder().encode(heads) { try? data.write(to: url, options: .atomic) }
    }

    /// What `verify` finds wrong in `paper-history/`: a file that is not a record, a record that
    /// does not decode or is not named for what it holds, a link that does not match the record
    /// it names, a record outside the chain, a record anchored here that changed, and a step no
    /// command could have written.
    static func problems(_ store: Store) -> [Problem] {
        let dir = folder(store)
        var out: [Problem] = []
        func add(_ name: String, _ p: String) {
            let file = "\(folderName)/\(name)"
            if !out.contains(where: { $0.file == file }) { out.append(Problem(id: folderName, file: file, problem: p, repairable: false)) }
        }
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted() where !name.hasPrefix(".") {
            var isDir: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: dir.appendingPathComponent(name).path, isDirectory: &isDir)
            if isDir.boolValue || !name.hasSuffix(".json") || FileIO.isSymlink(dir.appendingPathComponent(name).path) {
                add(name, "is not a record of paper.yaml's history (crp writes only .json files there): move it out of the workspace")
            }
        }
        let records = stored(store)
        var hashes: [String: String] = [:]
        for r in records { if let d = r.data { hashes[r.name] = FileIO.sha256(d) } }
        var namedBy: [String: String] = [:]
        for r in records {
            guard let rec = r.record else {
                add(r.name, "is not a valid record of paper.yaml's history (it cannot be read or decoded): restore it from a copy of the workspace")
                continue
            }
            if let why = ruleProblem(rec, name: r.name, in: records) { add(r.name, "is an impossible record: \(why). It was written by hand") }
            for link in rec.after ?? [] {
                if namedBy[link.file] == nil { namedBy[link.file] = r.name }
                guard let h = hashes[link.file] else {
                    add(link.file, "is missing: \(r.name) names it as a record before it, so it was deleted")
                    continue
                }
                if h != link.sha256 { add(link.file, "was altered after it was recorded: its SHA-256 differs from the one \(r.name) holds") }
            }
        }
        // Once chained, a record that names nothing and that nothing names was not written by crp.
        if records.contains(where: { $0.record?.after != nil }) {
            for r in records where r.record != nil && r.record?.after == nil && namedBy[r.name] == nil {
                add(r.name, "is outside the chained history: it names no record before it and no record names it (written by hand?)")
            }
        }
        let anchored = FileManager.default.contents(atPath: anchorURL(store).path).flatMap { try? JSONDecoder().decode([Event.Link].self, from: $0) }
        for link in anchored ?? [] {
            guard let h = hashes[link.file] else {
                add(link.file, "is missing: it was the newest record of paper.yaml's history when crp last wrote it here, so it was deleted")
                continue
            }
            if h != link.sha256 { add(link.file, "was altered after crp wrote it: its SHA-256 differs from the one anchored in \(StoreLayout.privateFolder)/") }
        }
        return out
    }

    /// Why `rec` (stored as `name`) is not a record `crp sync` or `crp paper resolve` writes.
    static func ruleProblem(_ rec: PaperFieldRecord, name: String, in records: [Stored]) -> String? {
        guard let at = Clock.parse(rec.at) else { return "its time \"\(rec.at)\" is not a time" }
        if name != fileName(rec, now: at) { return "its name does not say what it holds (its time, conflict or kind was changed)" }
        switch rec.kind {
        case .conflict:
            if rec.mine == nil || rec.theirs == nil || rec.chosen != nil { return "a conflict must hold both values and no choice" }
        case .resolved:
            if rec.chosen == nil || rec.mine != nil || rec.theirs != nil { return "a resolution must hold the value chosen and nothing else" }
            let conflicts = records.compactMap(\.record).filter { $0.kind == .conflict && $0.conflict == rec.conflict }
            guard let c = conflicts.first else { return "it resolves conflict \(rec.conflict), which is not recorded" }
            if c.field != rec.field { return "it resolves conflict \(rec.conflict) of `\(c.field)` but names the field `\(rec.field)`" }
            if let cAt = Clock.parse(c.at), cAt > at { return "it resolves conflict \(rec.conflict) before that conflict was recorded" }
        }
        return nil
    }
}
