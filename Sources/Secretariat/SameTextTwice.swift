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
        SameTextTwice.pairs(try StatusIndex(store: store).summaries())
    }

    /// The pairs of `sameTextTwice()` that name a submission among `arrived` (summaries of the
    /// submissions a merge brought, made as `verify` checked them): the rest of the store is
    /// taken from the status index, so that what came in is not read again.
    func sameTextTwice(arrived: [SubmissionSummary]) throws -> [SameTextTwice] {
        let came = Set(arrived.map(\.id))
        let rest = try StatusIndex(store: store).summaries(except: came)
        return SameTextTwice.pairs(arrived + rest).filter { came.contains($0.later) || came.contains($0.kept) }
    }
}

extension SameTextTwice {
    /// Every pair of submissions among `summaries`, neither withdrawn, that hold the same text
    /// for a State they share; the later one named `later`.
    static func pairs(_ summaries: [SubmissionSummary]) -> [SameTextTwice] {
        let live = summaries.filter { $0.status != .withdrawn }
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
