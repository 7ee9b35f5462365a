import Foundation
import Platform
import Submissions

/// What `crp paper resolve FIELD --use mine|theirs|VALUE` is asked to do.
public struct PaperResolveRequest: Sendable {
    public var field: String
    /// "mine" (this duty station's value), "theirs" (the other one's), or the value itself.
    public var use: String
    public var by: String

    public init(field: String, use: String, by: String) {
        self.field = field; self.use = use; self.by = by
    }
}

/// What `crp paper resolve` did.
public struct PaperResolveResult: Codable, Sendable {
    public var field: String
    /// The value now in paper.yaml, as the officer reads it.
    public var value: String
    /// The value not chosen (kept in `paper-history/` and in the shared history).
    public var other: String
    /// True when paper.yaml was rewritten (false: it already held the chosen value).
    public var changedPaper: Bool
}

/// Why `crp paper resolve` refused; nothing was changed.
public enum PaperResolveError: Error, LocalizedError, Equatable {
    case noConflict(field: String, open: [String])
    case whichIsMine(field: String, site: String?, sides: [String])
    case invalidValue(field: String, value: String)

    public var errorDescription: String? {
        switch self {
        case .noConflict(let field, let open):
            let list = open.isEmpty ? "paper.yaml has no open conflict" : "the open ones are: \(open.joined(separator: ", "))"
            return "No two duty stations disagree on the field `\(field)` of paper.yaml (\(list)). Nothing was changed."
        case .whichIsMine(let field, let site, let sides):
            return
                "This copy (\(site ?? "it names no site: `crp config site NAME`")) wrote neither value of `\(field)`, so `mine` and `theirs` say nothing here: the values are \(sides.joined(separator: " and ")). Give the value itself: `crp paper resolve \(field) --use VALUE`. Nothing was changed."
        case .invalidValue(let field, let value):
            return
                "\"\(value)\" cannot be written as `\(field)`: paper.yaml would no longer be a valid paper definition (see `crp check` for what each field takes). Nothing was changed."
        }
    }
}

extension Workspace {
    /// The conflicts of paper.yaml still open (two duty stations changed a field differently).
    public func paperConflicts() -> [PaperConflict] { PaperHistory.open(store) }

    /// Chooses the value of a field of paper.yaml that two duty stations changed differently
    /// (`crp paper resolve`): paper.yaml is rewritten with that value (comments and the other
    /// fields kept), and a `resolved` record names who chose, where, and the value; the value not
    /// chosen stays in the conflict's record and in the shared history. `crp sync` sends both.
    public func resolvePaper(_ request: PaperResolveRequest) throws -> Outcome<PaperResolveResult> {
        try requireChangeable()
        let lock = try StoreLock(store.root.appendingPathComponent("\(StoreLayout.privateFolder)/lock"))
        defer { withExtendedLifetime(lock) {} }
        let file = store.root.appendingPathComponent(StoreLayout.paper)
        guard let data = FileManager.default.contents(atPath: file.path), let text = String(data: data, encoding: .utf8) else {
            throw StoreError.badPaperDefinition(file: file.path, reason: "it cannot be read as UTF-8 text")
        }
        let open = PaperHistory.open(store, paperText: text)
        guard let conflict = open.first(where: { $0.field == request.field }) else {
            throw PaperResolveError.noConflict(field: request.field, open: open.map(\.field))
        }
        let chosen: String, other: String, literal: Bool
        switch request.use {
        case "mine", "theirs":
            let mineSide: PaperFieldRecord.Side
            if store.site != nil && conflict.kept.site == store.site {
                mineSide = conflict.kept
            } else if store.site != nil && conflict.other.site == store.site {
                mineSide = conflict.other
            } else {
                throw PaperResolveError.whichIsMine(
                    field: conflict.field, site: store.site,
                    sides: [conflict.kept, conflict.other].map { "\($0.name)'s \"\(PaperMerge.shown($0.value))\"" })
            }
            let otherSide = mineSide == conflict.kept ? conflict.other : conflict.kept
            (chosen, other, literal) = request.use == "mine" ? (mineSide.value, otherSide.value, false) : (otherSide.value, mineSide.value, false)
        default:
            (chosen, other, literal) = (request.use, conflict.kept.value, true)
        }
        guard let updated = PaperMerge.setting(conflict.field, to: chosen, literal: literal, in: text) else {
            throw PaperResolveError.invalidValue(field: conflict.field, value: literal ? chosen : PaperMerge.shown(chosen))
        }
        let changed = updated != text
        if changed { try FileIO.writeAtomically(Data(updated.utf8), to: file) }
        let written = PaperMerge.value(of: conflict.field, in: updated) ?? chosen
        let record = PaperFieldRecord(
            kind: .resolved, conflict: conflict.id, field: conflict.field, at: Clock.stamp(clock.now()), by: request.by, site: store.site,
            chosen: written)
        try PaperHistory.write(record, store: store)
        let result = PaperResolveResult(field: conflict.field, value: PaperMerge.shown(written), other: PaperMerge.shown(other), changedPaper: changed)
        return Outcome(result)
    }
}
