import Foundation

/// Two translations of one submission attached at two duty stations, each before it saw the
/// other's: both are kept, and the officer chooses one (`crp translate ID --use T`), as an event.
extension Store {
    /// The translations attached to the current version in histories that did not see each other
    /// (the chain's `after` links: neither event descends from the other), the one replay makes
    /// current first; empty when there is nothing to choose. Events written before histories were
    /// chained never compete.
    public func competingTranslations(_ sub: Submission) -> [String] {
        let names = eventFiles(in: sub.folder)
        let events = sub.events
        guard names.count == events.count else { return [] }
        var index: [String: Int] = [:]
        for (i, n) in names.enumerated() { index["\(StoreLayout.events)/\(n)"] = i }
        let lastRevision = events.lastIndex { $0.action == .revised } ?? -1
        let translated = events.indices.filter {
            $0 > lastRevision && events[$0].action == .translated && events[$0].translation != nil && events[$0].after != nil
        }
        guard let last = translated.last else { return [] }
        // Every event the last translation's history had seen.
        var seen = Set<Int>()
        var stack = [last]
        while let i = stack.popLast() {
            for link in events[i].after ?? [] {
                if let j = index[link.file], seen.insert(j).inserted { stack.append(j) }
            }
        }
        var ids = [events[last].translation!]
        for t in translated where t != last && !seen.contains(t) {
            if let tid = events[t].translation, !ids.contains(tid) { ids.append(tid) }
        }
        return ids.count > 1 ? ids : []
    }

    /// Makes `translation` (an id, or a unique start of one) the current translation, among those
    /// attached (`crp translate ID --use T`): a `translated` event naming it, which follows every
    /// head of the history, so the choice is made once for every duty station.
    public func chooseTranslation(_ translation: String, for stale: Submission, by: String) throws -> Submission {
        try changing(stale) { sub in
            let attached = sub.events.compactMap(\.translation)
            let matches = Array(Set(attached.filter { $0 == translation || $0.hasPrefix(translation) || $0.hasSuffix(translation) }))
            guard matches.count == 1, let tid = matches.first, (try? self.translation(id: tid, in: sub)) != nil else {
                throw TranslationChoiceError(submission: sub.id, asked: translation, attached: Array(Set(attached)).sorted())
            }
            let others = competingTranslations(sub).filter { $0 != tid }
            try append(
                Event(
                    action: .translated, at: Clock.stamp(clock.now()), by: by, translation: tid,
                    note: others.isEmpty ? "chosen" : "chosen over \(others.joined(separator: ", "))"), to: sub)
        }
    }
}

/// `crp translate ID --use T` named no attached translation, or more than one.
public struct TranslationChoiceError: Error, LocalizedError, Equatable {
    public let submission: String
    public let asked: String
    public let attached: [String]
    public var errorDescription: String? {
        "\(submission) has no single attached translation \"\(asked)\" (attached: \(attached.isEmpty ? "none" : attached.joined(separator: ", "))). Give one of these ids (`crp log \(submission)` shows them). Nothing was changed."
    }
}
