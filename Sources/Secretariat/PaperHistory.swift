import Foundation
import Platform
import Submissions

/// The history of `paper.yaml`'s conflicts, shared by every duty station: one JSON file per
/// record in `paper-history/`, written once, never changed. A `conflict` is recorded by the
/// `crp sync` whose merge found a field both sites changed differently (with both values and
/// sites); a `resolved` record by `crp paper resolve` (with who chose, where, and the value).
/// A conflict is open while no record resolves it and paper.yaml still holds the value the merge
/// kept (an officer who edits the field by hand has chosen too).
public struct PaperFieldRecord: Codable, Equatable, Sendable {
    public enum Kind: String, Codable, Sendable { case conflict, resolved }

    /// One site's value of a field.
    public struct Side: Codable, Equatable, Sendable {
        public var site: String?
        /// The value as YAML ("" when that site removed the field).
        public var value: String
        /// The site's name, or words for a copy that names none.
        public var name: String { site ?? "a copy that names no site" }
    }

    public var kind: Kind
    /// The conflict's id (a resolution carries the id of the conflict it resolves).
    public var conflict: String
    /// The field: "title", "agenda.title", "items[2].points".
    public var field: String
    public var at: String
    public var by: String
    public var site: String?
    /// For a conflict: the value the merging site had (kept in paper.yaml) and the one that came in.
    public var mine: Side?
    public var theirs: Side?
    /// For a resolution: the value chosen, as YAML.
    public var chosen: String?
    /// The records this one follows (the heads of `paper-history/` when it was written), each
    /// with the SHA-256 of its bytes: the chain `verify` checks (PaperHistory+Chain.swift).
    /// Absent from records written before the chain.
    public var after: [Event.Link]? = nil
}

/// An open conflict of paper.yaml, as `crp check`, `crp sync` and the web desk show it.
public struct PaperConflict: Codable, Equatable, Sendable {
    public var id: String
    public var field: String
    public var kept: PaperFieldRecord.Side
    public var other: PaperFieldRecord.Side

    /// "title: Vienna wrote "…", New York wrote "…"; Vienna's is in paper.yaml until someone
    /// chooses: `crp paper resolve title --use mine|theirs|VALUE` (or edit paper.yaml)".
    public var message: String {
        "\(field): two duty stations changed it — \(kept.name) wrote \"\(PaperMerge.shown(kept.value))\", \(other.name) wrote \"\(PaperMerge.shown(other.value))\". "
            + "paper.yaml holds \(kept.site.map { "\($0)'s" } ?? "that copy's") until someone chooses: `crp paper resolve \(field) --use mine|theirs|VALUE` (or edit the field in paper.yaml)."
    }
}

/// Reading and writing `paper-history/`.
public enum PaperHistory {
    /// The folder at the workspace's root.
    public static let folderName = "paper-history"

    static func folder(_ store: Store) -> URL { store.root.appendingPathComponent(folderName) }

    /// Every record, in file-name (time) order; a file that does not decode is skipped here.
    public static func records(_ store: Store) -> [PaperFieldRecord] {
        let dir = folder(store)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
        let decoder = JSONDecoder()
        return names.compactMap { name in
            FileManager.default.contents(atPath: dir.appendingPathComponent(name).path).flatMap { try? decoder.decode(PaperFieldRecord.self, from: $0) }
        }
    }

    /// Writes one record, once, chained to the records before it (their heads, anchored here).
    static func write(_ record: PaperFieldRecord, store: Store) throws {
        let dir = folder(store)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var chained = record
        chained.after = heads(stored(store))
        let name = fileName(chained, now: store.clock.now())
        let data = try encoder.encode(chained)
        try FileIO.writeNew(data, to: dir.appendingPathComponent(name))
        anchor([Event.Link(file: name, sha256: FileIO.sha256(data))], store: store)
    }

    /// The conflicts still open, given paper.yaml's text now.
    public static func open(_ store: Store, paperText: String) -> [PaperConflict] {
        // In time order: a later conflict on a field replaces an earlier one (a merge done again
        // after an interrupted sync records it again), a resolution closes the field's conflict.
        var out: [PaperConflict] = []
        for r in records(store) {
            out.removeAll { $0.field == r.field }
            guard r.kind == .conflict, let kept = r.mine, let other = r.theirs else { continue }
            out.append(PaperConflict(id: r.conflict, field: r.field, kept: kept, other: other))
        }
        // Edited by hand since the merge: chosen.
        return out.filter { (PaperMerge.value(of: $0.field, in: paperText) ?? "") == $0.kept.value }
    }

    /// The conflicts still open in this workspace.
    public static func open(_ store: Store) -> [PaperConflict] {
        guard let data = FileManager.default.contents(atPath: store.root.appendingPathComponent(StoreLayout.paper).path),
            let text = String(data: data, encoding: .utf8)
        else { return [] }
        return open(store, paperText: text)
    }
}
