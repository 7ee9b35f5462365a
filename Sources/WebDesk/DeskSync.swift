import Foundation
import Hummingbird
import Secretariat
import Submissions

// The desk in sync with the other duty stations (`crp serve --sync-every 5m`): a loop that syncs
// when `SyncSchedule` says so (on the interval, and a few seconds after a change made at the
// desk), and the line on the board that says when the last sync ran and what went wrong.

extension Desk {
    /// Starts the sync loop, or nothing when the desk was not asked to sync.
    func startSyncing() -> Task<Void, Never>? {
        guard let schedule else { return nil }
        let workspace = config.workspace
        return Task.detached {
            while !Task.isCancelled {
                if schedule.due(at: Date()), let ws = try? workspace() {
                    _ = try? await Self.offLoop { schedule.run(ws, by: "crp serve", at: { Date() }) }
                }
                try? await Task.sleep(nanoseconds: 1_000_000_000)
            }
        }
    }

    /// "Last sync with the other duty stations: 10:42 UTC" and any problem, for the board; empty
    /// when the desk does not sync. Times in the workspace's zone.
    func syncBanner(_ ws: Workspace) -> String {
        guard let schedule else { return "" }
        let state = schedule.current
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_GB")
        f.timeZone = ws.clock.timeZone
        f.dateFormat = "yyyy-MM-dd HH:mm:ss zzz"
        var parts: [String] = []
        if let last = state.last {
            parts.append(
                "<p class=\"sync\">Last sync with the other duty stations: <time>\(HTML.h(f.string(from: last)))</time>"
                    + (state.lastSent.map { $0 == last ? "" : " (last sent: \(HTML.h(f.string(from: $0))))" } ?? "") + ".</p>")
        } else {
            parts.append("<p class=\"sync\">Syncing with the other duty stations every \(Int(schedule.every)) s: the first sync has not finished yet.</p>")
        }
        if !state.arrivals.isEmpty { parts.append("<p class=\"sync\">Came in: \(HTML.h(state.arrivals.joined(separator: "; "))).</p>") }
        if let problem = state.problem { parts.append("<p role=\"alert\" class=\"error\">Sync problem: \(HTML.h(problem))</p>") }
        for c in state.paperConflicts { parts.append("<p role=\"alert\" class=\"error\">paper.yaml: \(HTML.h(c))</p>") }
        return "<section aria-label=\"Sync\">" + parts.joined() + "</section>"
    }
}
