import Foundation
import Intake
import MultilingualText
import RoomPaper
import Submissions

// What an officer reads: where things stand, one submission, its history, search, the work left,
// and whether the store is true. None of these changes the store (but `verify(repair:)`).

extension Workspace {
    /// Creates a workspace folder with a `paper.yaml` to edit (`crp init`).
    public static func create(at folder: URL, from definition: URL? = nil, symbol: String? = nil, clock: Clock) throws -> Store {
        try Store.create(at: folder, from: definition, symbol: symbol, clock: clock)
    }

    // MARK: status

    /// The submissions the filter keeps, with their totals (`crp status`, the web board).
    public func status(_ filter: StatusFilter = StatusFilter()) throws -> StatusListing {
        try StatusListing.make(store: store, filter: filter)
    }

    // MARK: show

    /// One submission as a person reads it: its record, the version shown, the texts side by side.
    public struct SubmissionView {
        public var submission: Submission
        /// The version of the original shown (the current one unless another was asked for).
        public var shown: OriginalVersion
        public var original: String
        /// The translation of the version shown, with its record.
        public var translation: (record: TranslationRecord, text: String)?
        public var analysis: TextAnalysis?
        public var late: Bool
        public var deadline: CalendarDate
        /// The translations attached at two duty stations or more, waiting for a choice (empty
        /// when there is nothing to choose).
        public var translationsToChoose: [String] = []

        /// True when the version shown is the current one.
        public var isCurrent: Bool { shown.number == submission.version }
    }

    /// A submission, at one version of its original (nil: the current one).
    public func show(_ id: String, version: Int? = nil) throws -> SubmissionView {
        let sub = try store.resolve(id)
        let shown = try version.map { try store.version($0, of: sub) } ?? sub.currentVersion
        let original = try store.originalText(sub, version: shown.number)
        let t = shown.number == sub.version ? try store.translation(sub) : try store.translation(of: shown, in: sub)
        var view = SubmissionView(
            submission: sub, shown: shown, original: original, translation: t,
            analysis: try store.analysis(sub, version: shown.number), late: store.isLate(sub), deadline: store.paper.deadline)
        if shown.number == sub.version { view.translationsToChoose = store.competingTranslations(sub) }
        return view
    }

    // MARK: log

    /// A submission's history, oldest first: the events, and one line each as people read it
    /// (what a registration recorded, who translated…).
    public func history(_ id: String) throws -> (submission: Submission, events: [Event], lines: [String]) {
        let sub = try store.resolve(id)
        return (sub, sub.events, store.historyLines(sub))
    }

    // MARK: search

    /// Every line of the stored texts that holds `text` (folded for case, diacritics and tashkeel).
    public func search(_ text: String) throws -> [SearchHit] { try StoreSearch.find(text, in: store) }

    // MARK: workload

    /// The words and characters waiting for translation, per language and status.
    public func workload() throws -> [WorkloadRow] { try WorkloadRow.rows(in: store) }

    // MARK: verify

    /// Checks every original, derived file and history of the store; with `repair`, rebuilds the
    /// derived files that can be rebuilt from the originals.
    public func verify(repair: Bool) throws -> VerifyReport {
        if repair { try requireChangeable() }
        return try verifier.report(repair: repair)
    }

    /// Adds the chain of hashes to the records of an old store that has none, as an event of its
    /// own per submission (`crp verify --seal`); a submission with a problem is not sealed.
    public func seal(by: String) throws -> (report: VerifyReport, sealed: [String]) {
        try requireChangeable()
        return try verifier.seal(by: by)
    }

    // MARK: check

    /// Checks the paper definition and the submissions against it, reporting a broken
    /// `paper.yaml` as a finding instead of stopping at it (`open` builds the workspace).
    public static func check(root: URL, open: () throws -> Workspace) -> WorkspaceCheck {
        WorkspaceCheck.run(root: root, open: open)
    }
}
