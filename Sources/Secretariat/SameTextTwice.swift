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

    /// `sameTextTwice()`, with the summaries of some submissions made already (`known`: what a
    /// sync checked, here and in what came in): the rest of the store is taken from the status
    /// index, so that those are not read again.
    func sameTextTwice(known: [SubmissionSummary]) throws -> [SameTextTwice] {
        let rest = try StatusIndex(store: store).summaries(except: Set(known.map(\.id)))
        return SameTextTwice.pairs(known + rest)
    }
}

extension SameTextTwice {
    /// Every pair of submissions among `summaries`, neither withdrawn, that hold the same text
    /// for a State they share; the later one named `later`, the one kept the first received (the
    /// smaller id on the same day) among those that share a text and a State with it.
    /// One pass over the submissions in the order received, keyed by text and State, so that a
    /// store where many submissions hold one text (a note verbale sent to every mission) costs no
    /// more than any other.
    static func pairs(_ summaries: [SubmissionSummary]) -> [SameTextTwice] {
        let live = summaries.filter { $0.status != .withdrawn }
            .sorted { ($0.received, $0.id) < ($1.received, $1.id) }
        // The first submission (its place in `live`) that holds each text for each State.
        var first: [Key: Int] = [:]
        var out: [SameTextTwice] = []
        for (k, later) in live.enumerated() {
            var kept: Int?
            for h in Set(later.textHashes + later.byteHashes) where !h.isEmpty {
                for state in later.states {
                    let key = Key(hash: h, state: state)
                    if let j = first[key] { kept = min(kept ?? j, j) } else { first[key] = k }
                }
            }
            guard let kept else { continue }
            let states = later.states.filter { live[kept].states.contains($0) }
            out.append(SameTextTwice(kept: live[kept].id, later: later.id, states: states))
        }
        return out.sorted { $0.later < $1.later }
    }

    struct Key: Hashable {
        var hash: String
        var state: String
    }
}
