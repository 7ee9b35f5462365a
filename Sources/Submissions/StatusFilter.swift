import Foundation

/// Which submissions `crp status` lists. Every condition given must hold.
public struct StatusFilter: Codable, Equatable, Sendable {
    public var status: Status?
    public var item: Int?
    public var language: String?
    /// The canonical UN name (resolve what the officer typed with `LocaleCatalog.canonicalState`).
    public var state: String?
    /// Only submissions received after the deadline.
    public var late: Bool
    /// Only submissions not yet in the paper: not reviewed or included, and not withdrawn.
    public var pending: Bool

    public init(status: Status? = nil, item: Int? = nil, language: String? = nil, state: String? = nil, late: Bool = false, pending: Bool = false) {
        self.status = status; self.item = item; self.language = language; self.state = state; self.late = late; self.pending = pending
    }

    /// True when no condition is given (every submission is listed).
    public var isEmpty: Bool { self == StatusFilter() }

    /// "not yet in the paper": received or translated (reviewed and included ones go into the
    /// next compile; withdrawn ones never do).
    public static func isPending(_ s: Status) -> Bool { s == .received || s == .translated }

    public func matches(_ s: SubmissionSummary, store: Store) -> Bool {
        if let status, s.status != status { return false }
        if let item, !s.items.contains(item) { return false }
        if let language, s.language != language { return false }
        if let state, !s.states.contains(state) { return false }
        if late && !store.isLate(received: s.received) { return false }
        if pending && !Self.isPending(s.status) { return false }
        return true
    }

    /// The filter in words, for the line above the totals: "status received, item 2, late".
    public var summary: String {
        var parts: [String] = []
        if let status { parts.append("status \(status.rawValue)") }
        if let item { parts.append("item \(item)") }
        if let language { parts.append("language \(language)") }
        if let state { parts.append("State \(state)") }
        if late { parts.append("late") }
        if pending { parts.append("not yet in the paper") }
        return parts.isEmpty ? "all submissions" : parts.joined(separator: ", ")
    }
}

/// The totals under `crp status`: per status, the words waiting for translation, and the days to
/// the deadline (or since it) on the workspace's clock.
public struct StatusTotals: Codable, Equatable, Sendable {
    public let submissions: Int
    /// Every status with its count (zero included), keyed by the status name.
    public let byStatus: [String: Int]
    public let late: Int
    /// Submissions still `received` that need a translation (not in the paper's language).
    public let awaitingTranslation: Int
    /// Their words, as counted at registration (ICU word break).
    public let wordsAwaitingTranslation: Int
    public let deadline: String
    public let today: String
    /// Days from today to the deadline: positive before it, 0 on the day, negative after it.
    public let daysToDeadline: Int

    public init(summaries: [SubmissionSummary], store: Store) {
        submissions = summaries.count
        var by: [String: Int] = [:]
        for s in Status.allCases { by[s.rawValue] = 0 }
        for s in summaries { by[s.status.rawValue, default: 0] += 1 }
        byStatus = by
        late = summaries.filter { store.isLate(received: $0.received) }.count
        // An original in the paper's language needs no translation, even while it waits for
        // proofreading; a submission with a translation attached waits for nothing.
        let waiting = summaries.filter { $0.status == .received && $0.language != store.paper.language && !$0.hasTranslation }
        awaitingTranslation = waiting.count
        wordsAwaitingTranslation = waiting.reduce(0) { $0 + $1.words }
        let t = store.clock.today()
        today = t.description
        deadline = store.paper.deadline.description
        daysToDeadline = t.days(to: store.paper.deadline)
    }

    /// "12 days to the deadline (2020-09-30)", "The deadline (2020-09-30) is today", "9 days since the deadline (2020-09-30)".
    public var deadlineSentence: String {
        switch daysToDeadline {
        case 0: return "The deadline (\(deadline)) is today."
        case 1: return "1 day to the deadline (\(deadline))."
        case let d where d > 1: return "\(d) days to the deadline (\(deadline))."
        case -1: return "1 day since the deadline (\(deadline))."
        default: return "\(-daysToDeadline) days since the deadline (\(deadline))."
        }
    }

    /// The totals in lines for the terminal.
    public var lines: [String] {
        let statuses = Status.allCases.map { "\(byStatus[$0.rawValue] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
        return [
            "Total: \(submissions) submission(s): \(statuses); \(late) late.",
            "Waiting for translation: \(awaitingTranslation) submission(s), \(wordsAwaitingTranslation) words.",
            deadlineSentence + " Today is \(today).",
        ]
    }
}

/// What `crp status` shows: the rows a filter keeps, and their totals.
public struct StatusListing: Sendable {
    public let filter: StatusFilter
    public let rows: [StatusRow]
    public let totals: StatusTotals
    /// Who each listed submission is assigned to (by id; absent: nobody), from the same index.
    public var assignees: [String: String] = [:]

    /// Lists the submissions of `store` that `filter` keeps (from the status index).
    /// Rows by State name and date (`StatusRow.ordered`). An agenda item the paper does not have is
    /// refused, as `crp register` refuses it, rather than listed as "no submission matches".
    public static func make(store: Store, filter: StatusFilter = StatusFilter()) throws -> StatusListing {
        if let item = filter.item, !store.paper.items.contains(where: { $0.number == item }) {
            throw StoreError.unknownItem(item, known: store.paper.items.map(\.number))
        }
        // A store kept in memory (the web desk) lists each filter once per change and day.
        if let memory = store.memory {
            let key = "\(String(describing: filter))|\(store.clock.today())"
            return try memory.listing(store, key: key) { try listed(store: store, filter: filter) }
        }
        return try listed(store: store, filter: filter)
    }

    static func listed(store: Store, filter: StatusFilter) throws -> StatusListing {
        let kept = try StatusIndex(store: store).ordered { filter.matches($0, store: store) }
        let rows = kept.map { StatusRow($0, store: store) }
        var listing = StatusListing(filter: filter, rows: rows, totals: StatusTotals(summaries: kept, store: store))
        for s in kept { if let a = s.assignee { listing.assignees[s.id] = a } }
        return listing
    }

    /// `{"filter": …, "rows": [ …the rows as `crp status --json` prints them… ], "totals": …}` with
    /// sorted keys (`crp status --json --totals`).
    public func json() throws -> String {
        struct Envelope: Encodable { let filter: StatusFilter; let rows: [StatusRow]; let totals: StatusTotals }
        return try JSONOutput.string(Envelope(filter: filter, rows: rows, totals: totals)) + "\n"
    }
}
