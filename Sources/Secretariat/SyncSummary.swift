import Foundation
import Submissions

/// How a sync names what it recorded and what came in: the commit message (one line per event:
/// what, which submission, who and where) and the officer's sentences ("3 new submissions,
/// 2 translations, 1 amendment from New York").
enum SyncSummary {
    /// The events among `paths` (paths of the workspace, relative to `root`): each
    /// `<id>/events/<name>.json` read back, in path order; those `read` holds already (by path:
    /// what `verify` decoded) are not read again. A file that does not decode is skipped here
    /// (`verify` reports it).
    static func events(_ paths: [String], root: URL, read events: [(path: String, event: Event)] = []) -> [SyncedEvent] {
        let read = Dictionary(events, uniquingKeysWith: { a, _ in a })
        let decoder = JSONDecoder()
        let rootPath = root.path
        // "<id>/events/<name>.json", told apart on the bytes (a first sync brings tens of
        // thousands of paths).
        let middle = Array("/\(StoreLayout.events)/".utf8), suffix = Array(".json".utf8)
        let slash = UInt8(ascii: "/")
        let eventPaths = paths.filter { path in
            let bytes = Array(path.utf8)
            guard let cut = bytes.firstIndex(of: slash), bytes.count > cut + middle.count + suffix.count,
                bytes[cut..<(cut + middle.count)].elementsEqual(middle), bytes.suffix(suffix.count).elementsEqual(suffix)
            else { return false }
            return !bytes[(cut + middle.count)...].contains(slash)
        }
        return eventPaths.sorted().compactMap { path in
            let parts = path.split(separator: "/")
            guard parts.count == 3,
                let event = read[path]
                    ?? FileManager.default.contents(atPath: rootPath + "/" + path).flatMap({ try? decoder.decode(Event.self, from: $0) })
            else { return nil }
            return SyncedEvent(submission: String(parts[0]), action: event.action, by: event.by, site: event.site)
        }
    }

    /// The commit message: a summary line, then one line per event (the first 500).
    static func commitMessage(_ events: [SyncedEvent], site: String?, by: String) -> String {
        let place = site.map { " at \($0)" } ?? ""
        var lines = ["crp sync: \(events.count) change\(events.count == 1 ? "" : "s")\(place) by \(by)", ""]
        if events.isEmpty { lines.append("Changes to paper.yaml or derived files only.") }
        lines += events.prefix(500).map(\.line)
        if events.count > 500 { lines.append("… and \(events.count - 500) more") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The words for `n` events of one kind.
    static func words(_ action: Event.Action, _ n: Int) -> String {
        let (one, many): (String, String) =
            switch action {
            case .registered: ("new submission", "new submissions")
            case .translated: ("translation", "translations")
            case .reviewed: ("review", "reviews")
            case .included: ("inclusion in the paper", "inclusions in the paper")
            case .withdrawn: ("withdrawal", "withdrawals")
            case .amended: ("amendment", "amendments")
            case .reopened: ("reopening", "reopenings")
            case .revised: ("revised text", "revised texts")
            case .proofread: ("proofreading", "proofreadings")
            case .sealed: ("sealed history", "sealed histories")
            case .assigned: ("assignment", "assignments")
            }
        return "\(n) \(n == 1 ? one : many)"
    }

    /// One sentence per site, in the order of the kinds above.
    static func sentences(_ events: [SyncedEvent]) -> [String] {
        let order: [Event.Action] = [
            .registered, .translated, .amended, .revised, .proofread, .reviewed, .included, .withdrawn, .reopened, .assigned, .sealed,
        ]
        let sites = Dictionary(grouping: events) { $0.site ?? "" }
        return sites.keys.sorted().map { site in
            let counts = Dictionary(grouping: sites[site]!, by: \.action).mapValues(\.count)
            let kinds = order.compactMap { a in counts[a].map { words(a, $0) } }
            return kinds.joined(separator: ", ") + (site.isEmpty ? " from a copy that names no site" : " from \(site)")
        }
    }

    /// The findings an officer reads after a sync.
    static func findings(_ result: SyncResult, site: String?) -> [Finding] {
        var out: [Finding] = []
        if site == nil {
            out.append(
                .warning(
                    "sync.no-site", "This copy names no duty station, so the other sites see its changes without one. Name it once with `crp config site NAME`."
                ))
        }
        if let why = result.offline {
            out.append(
                .warning(
                    "sync.offline", subject: result.remote,
                    "\(result.remote) could not be reached (\(why)). Everything is recorded here and will be sent by the next `crp sync`."))
        }
        for c in result.paperConflicts {
            out.append(.warning("sync.paper-conflict", subject: c.field, "\(StoreLayout.paper): " + c.message))
        }
        for p in result.problems.prefix(20) {
            out.append(.warning("sync.verify", subject: p.file, "\(p.file): \(p.problem)"))
        }
        return out
    }
}
