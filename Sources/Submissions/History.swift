import Foundation

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
                var facts = ["State \(r.allStates.joined(separator: ", "))", "language \(r.language)",
                             "items \(r.items.map(String.init).joined(separator: ", "))", "received \(r.received)",
                             "file \(r.original.receivedName)"]
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
