import Foundation
import Platform
import Submissions

/// The web desk's sync (`crp serve --sync-every 5m`): a sync when the interval has passed since the
/// last one, and soon after each change made at the desk (debounced, so that ten quick changes make
/// one sync). It remembers when the last sync ran and what went wrong, for the board. The desk's
/// own loop asks `due` and calls `run`; this type starts no thread and never sleeps.
public final class SyncSchedule: @unchecked Sendable {
    /// What the board shows.
    public struct State: Sendable, Equatable {
        /// When the last sync finished (whatever its outcome).
        public var last: Date?
        /// When a sync last reached the remote and sent everything.
        public var lastSent: Date?
        /// What went wrong in the last sync (offline, `verify` problems, a refusal), nil when it went through.
        public var problem: String?
        /// The fields of paper.yaml two duty stations changed differently, still to be chosen.
        public var paperConflicts: [String] = []
        /// What came in with the last sync ("3 new submissions from New York").
        public var arrivals: [String] = []
    }

    /// Seconds between two syncs.
    public let every: Double
    /// Seconds after a change before the sync that sends it (more changes in that time wait with it).
    public let settle: Double
    private let lock = NSLock()
    private var state = State()
    private var changedAt: Date?
    private var running = false

    public init(every: Double, settle: Double = 10) {
        self.every = every; self.settle = settle
    }

    /// "5m", "30s", "1h", "90" (seconds) as seconds; nil when it is not a duration of at least 10 s.
    public static func seconds(_ text: String) -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(String, Double)] = [("h", 3600), ("m", 60), ("s", 1)]
        var value: Double?
        for (u, k) in units where t.hasSuffix(u) { value = Double(t.dropLast()).map { $0 * k } }
        if value == nil { value = Double(t) }
        guard let v = value, v.isFinite, v >= 10 else { return nil }
        return v
    }

    /// The board's view of the last sync.
    public var current: State { lock.withLock { state } }

    /// A change was made at the desk: sync soon.
    public func changed(at now: Date) {
        lock.withLock { if changedAt == nil { changedAt = now } }
    }

    /// True when a sync should run now: none yet, the interval has passed, or a change has settled.
    public func due(at now: Date) -> Bool {
        lock.withLock {
            if running { return false }
            guard let last = state.last else { return true }
            if let c = changedAt, now.timeIntervalSince(c) >= settle { return true }
            return now.timeIntervalSince(last) >= every
        }
    }

    /// Runs one sync of `workspace` as `by` and records its outcome (never throws: a failure is
    /// the board's to show, and the next sync tries again).
    public func run(_ workspace: Workspace, by: String, at now: @Sendable () -> Date) {
        let started: Date? = lock.withLock {
            if running { return nil }
            running = true
            let c = changedAt
            changedAt = nil
            return c ?? now()
        }
        guard started != nil else { return }
        var next = current
        do {
            let done = try workspace.sync(SyncRequest(by: by))
            let r = done.value
            next.problem =
                r.offline.map { "The shared copy \(r.remote) could not be reached (\($0)); everything is kept here for the next sync." }
                ?? (r.problems.isEmpty
                    ? nil
                    : "After taking in the other duty stations' changes, `crp verify` finds \(r.problems.count) problem(s), so nothing was sent: \(r.problems.prefix(3).map { "\($0.file): \($0.problem)" }.joined(separator: "; ")).")
            if r.pushed { next.lastSent = now() }
            next.arrivals = r.arrivals + r.paperChanges
        } catch {
            next.problem = (error as? LocalizedError)?.errorDescription ?? "\(error)"
        }
        next.paperConflicts = workspace.paperConflicts().map(\.message)
        next.last = now()
        lock.withLock {
            state = next
            running = false
        }
    }
}
