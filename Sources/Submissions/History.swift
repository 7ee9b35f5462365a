import Foundation
import MultilingualText

extension Store {
    /// The lines of `crp log`: each event's summary, with what the store recorded for it — for
    /// the registration the State(s), language, agenda items, date received, the file and its
    /// encoding; for a translation who made it (source), the translator, official or not, and the file.
    public func historyLines(_ sub: Submission) -> [String] {
        let r = sub.registration
        return sub.events.map { e in
            var line = e.summary
            switch e.action {
            case .registered:
                var facts = [
                    "State \(r.allStates.joined(separator: ", "))", "language \(r.language)",
                    "items \(r.items.map(String.init).joined(separator: ", "))", "received \(r.received)",
                    "file \(r.original.receivedName)",
                ]
                if let enc = r.original.encoding { facts.append("encoding \(enc)") }
                line += "  " + facts.joined(separator: ", ")
            case .translated:
                if let tid = e.translation, let t = try? translation(id: tid, in: sub) {
                    var facts = ["source \(t.record.effectiveSource.rawValue)", t.record.kind.rawValue]
                    facts.append("translator \(t.record.translator ?? "not named")")
                    facts.append("file \(t.record.original.receivedName)")
                    line += "  " + facts.joined(separator: ", ")
                }
            default:
                break
            }
            return line
        }
    }
}

extension Store {
    /// Submissions in listing order: by State name (collated for the paper's language; the first
    /// State of a joint text), then date received; the id only breaks ties. Ids name folders, not
    /// the record: after `amend --state` an id no longer says whose text it is.
    public func inListingOrder(_ subs: [Submission]) -> [Submission] {
        let collator = try? Collator(locale: paper.language)
        return subs.sorted { a, b in
            let sa = a.record.state, sb = b.record.state
            if sa != sb { return collator?.less(sa, sb) ?? (sa < sb) }
            if a.record.received != b.record.received { return a.record.received < b.record.received }
            return a.id < b.id
        }
    }
}
