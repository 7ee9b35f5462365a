import Foundation
import Submissions

/// The same text registered twice for the same State — which two duty stations can do, each in
/// its own copy, before a sync brings the two registrations together (registration itself refuses
/// it within one copy). The later registration is offered for withdrawal; nothing is deleted.
public struct SameTextTwice: Sendable, Equatable {
    /// The registration kept (received first; the smaller id when received the same day).
    public var kept: String
    /// The later one, offered for withdrawal.
    public var later: String
    public var states: [String]

    /// What the officer reads: which two, and the command that withdraws the later one.
    public var message: String {
        "\(later) holds the same text as \(kept) for \(states.joined(separator: ", ")) (registered twice, at two duty stations?): withdraw the later one with `crp withdraw \(later) --reason \"Registered twice, kept \(kept)\"` (it stays stored), or reinstate it later with `crp reopen`"
    }
}

extension Workspace {
    /// Every pair of submissions, neither withdrawn, that hold the same text (same bytes, or the
    /// same text once decoded and normalized, in any version) for a State they share.
    public func sameTextTwice() throws -> [SameTextTwice] {
        let live = try StatusIndex(store: store).summaries().filter { $0.status != .withdrawn }
            .sorted { ($0.received, $0.id) < ($1.received, $1.id) }
        var byHash: [String: [SubmissionSummary]] = [:]
        for s in live {
            for h in Set(s.textHashes + s.byteHashes) where !h.isEmpty { byHash[h, default: []].append(s) }
        }
        var seen = Set<String>()
        var out: [SameTextTwice] = []
        for group in byHash.values where group.count > 1 {
            for (k, later) in group.enumerated() {
                guard let kept = group[..<k].first(where: { !Set($0.states).isDisjoint(with: later.states) }) else { continue }
                guard seen.insert(later.id).inserted else { continue }
                let states = later.states.filter { kept.states.contains($0) }
                out.append(SameTextTwice(kept: kept.id, later: later.id, states: states))
            }
        }
        return out.sorted { $0.later < $1.later }
    }
}
