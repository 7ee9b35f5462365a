import Foundation
import MultilingualText
import Platform

/// The on-disk store of one paper: `paper.yaml` and one folder per submission.
///
/// Layout of a submission folder `<id>/`:
/// - `submission.json`: the registration (written once)
/// - `original.<ext>`: the bytes as received (written once, read-only)
/// - `text.txt`, `analysis.json`: derived from the original, rebuildable (`crp verify --repair`)
/// - `events/<time>-<random>.json`: the history, one file per change, append-only
/// - `translations/<tid>/`: each attached translation, as received plus its derived text
///
/// No file is shared between submissions and ids are random, so two clones merge without conflict.
public final class Store: Sendable {
    public let root: URL
    public let paper: PaperDefinition
    /// The clock events and registrations are stamped with.
    public let clock: Clock
    public static let paperFile = StoreLayout.paper
    /// Told what the store did on the officer's behalf that they did not type exactly (a
    /// submission picked by its State's name); the front end shows it.
    public let notices: (@Sendable (String) -> Void)?

    /// Where each hold of the store lock is appended as "pid acquired released" (nanoseconds of the
    /// real-time clock), for the tests that prove writers overlapped; nil (the default) logs nothing.
    public let lockLog: URL?

    /// The duty station this copy of the workspace writes as (`.crp/site`), stamped on every new
    /// event; nil when none was named.
    public let site: String?

    /// What a long-running front end keeps of this store between requests (`StoreMemory`); nil
    /// (the CLI) keeps nothing.
    public let memory: StoreMemory?

    public init(
        root: URL, clock: Clock = .system, notices: (@Sendable (String) -> Void)? = nil, lockLog: URL? = nil, memory: StoreMemory? = nil
    ) throws {
        self.memory = memory
        self.root = root.standardizedFileURL
        self.notices = notices
        self.lockLog = lockLog
        let paper = try PaperDefinition.load(root.appendingPathComponent(Self.paperFile))
        self.paper = paper
        self.site = Self.readSite(root.standardizedFileURL)
        // "Today" is the duty station's day: the paper's time zone when it names one.
        self.clock = paper.timezone.flatMap(TimeZone.init(identifier:)).map { clock.inZone($0) } ?? clock
    }

    // MARK: finding the workspace

    /// The workspace for a command: `override` when given; else the first folder from `start`
    /// upward that holds `paper.yaml` (or `Submissions/paper.yaml`); else `fallback`.
    public static func locate(start: URL, override: URL?, fallback: URL?) throws -> URL {
        let fm = FileManager.default
        if let o = override {
            if fm.fileExists(atPath: o.appendingPathComponent(paperFile).path) { return o }
            if fm.fileExists(atPath: o.appendingPathComponent("Submissions").appendingPathComponent(paperFile).path) {
                return o.appendingPathComponent("Submissions")
            }
            throw StoreError.notAWorkspace(o.path)
        }
        var dir = start.standardizedFileURL
        while true {
            if fm.fileExists(atPath: dir.appendingPathComponent(paperFile).path) { return dir }
            let sub = dir.appendingPathComponent("Submissions")
            if fm.fileExists(atPath: sub.appendingPathComponent(paperFile).path) { return sub }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { break }
            dir = parent
        }
        if let f = fallback, fm.fileExists(atPath: f.appendingPathComponent(paperFile).path) { return f }
        throw StoreError.noWorkspace(searchedFrom: start.path)
    }

    /// Creates a workspace: `paper.yaml` and a `.gitignore` for the rebuildable cache. The paper
    /// definition is the text of `from` when given (comments kept), else the annotated template;
    /// `symbol`, when given, replaces the definition's symbol.
    @discardableResult
    public static func create(at dir: URL, from: URL? = nil, symbol: String? = nil, clock: Clock = .system) throws -> Store {
        let fm = FileManager.default
        if fm.fileExists(atPath: dir.appendingPathComponent(paperFile).path) { throw StoreError.workspaceExists(dir.path) }
        var text: String
        if let from {
            _ = try PaperDefinition.load(from)  // refuse a broken definition before anything is created
            guard let t = try? String(contentsOf: from, encoding: .utf8) else {
                throw StoreError.badPaperDefinition(file: from.path, reason: "it is not readable UTF-8 text")
            }
            text = t
        } else {
            text = PaperDefinition.templateText(symbol: symbol ?? PaperDefinition.templateSymbol, today: clock.today())
        }
        if let symbol { text = try PaperDefinition.replacingSymbol(in: text, with: symbol) }
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        try FileIO.writeAtomically(Data(text.utf8), to: dir.appendingPathComponent(paperFile))
        try FileIO.writeAtomically(Data("\(StoreLayout.privateFolder)/\n".utf8), to: dir.appendingPathComponent(".gitignore"))
        return try Store(root: dir, clock: clock)
    }

    /// Creates a workspace from a paper definition given as a value (written as plain YAML).
    @discardableResult
    public static func create(at dir: URL, paper: PaperDefinition, clock: Clock = .system) throws -> Store {
        let fm = FileManager.default
        if fm.fileExists(atPath: dir.appendingPathComponent(paperFile).path) { throw StoreError.workspaceExists(dir.path) }
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        try FileIO.writeAtomically(Data(try paper.yaml().utf8), to: dir.appendingPathComponent(paperFile))
        try FileIO.writeAtomically(Data("\(StoreLayout.privateFolder)/\n".utf8), to: dir.appendingPathComponent(".gitignore"))
        return try Store(root: dir, clock: clock)
    }

    var privateDir: URL { root.appendingPathComponent(StoreLayout.privateFolder) }
    func lock() throws -> StoreLock {
        try requireInside(privateDir)
        return try StoreLock(privateDir.appendingPathComponent("lock"), log: lockLog, marks: true)
    }

    // MARK: reading

    static let decoder = JSONDecoder()
    static let encoder = JSONOutput.encoder()

    /// The ids of every submission folder, sorted.
    public func ids() throws -> [String] {
        folderNames().filter(isSubmission)
    }

    /// The names at the store's root that may be submission folders (not hidden), sorted.
    func folderNames() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    /// True when `name` (from `folderNames`) is a submission: a folder with its registration.
    func isSubmission(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: root.path + "/" + name + "/\(StoreLayout.registration)")
    }

    /// Every submission in the store. Without `analysis` the analyses are not read (compile and
    /// search need only the records, and an analysis holds the direction of every line).
    ///
    /// The submissions are read on every core (each is its own folder); the result is in id
    /// order, and the first failure in that order is the one thrown.
    public func all(analysis: Bool = true) throws -> [Submission] {
        try eachSubmission { try load(id: $0, written: nil, analysis: analysis) }
    }

    /// `read` for every submission id, on every core (in order); the first error is thrown.
    /// Each folder is told to be a submission (`ids`) on every core too: a look-up per folder,
    /// 1,500 of them before anything was read, was a serial step of compile.
    func eachSubmission<T: Sendable>(_ read: @Sendable (String) throws -> T) throws -> [T] {
        let names = folderNames()
        if names.count < 16 { return try names.filter(isSubmission).map(read) }
        let loaded = Locked([Result<T, Error>?](repeating: nil, count: names.count))
        DispatchQueue.concurrentPerform(iterations: names.count) { k in
            guard isSubmission(names[k]) else { return }
            let r = Result { try read(names[k]) }
            loaded.withLock { $0[k] = r }
        }
        return try loaded.current.compactMap { try $0?.get() }
    }

    func read<T: Decodable>(_ type: T.Type, _ url: URL) throws -> T {
        try read(type, path: url.path)
    }

    /// Reads a record by its path (paths, not URLs, on the hot path: a store is read whole by
    /// compile and status).
    func read<T: Decodable>(_ type: T.Type, path: String) throws -> T {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StoreError.corruptRecord(file: path, reason: "it cannot be read")
        }
        do { return try Self.decoder.decode(T.self, from: data) } catch {
            throw StoreError.corruptRecord(file: path, reason: "it is not a valid record")
        }
    }

    /// Reads one submission by its exact id.
    public func load(id: String) throws -> Submission {
        try load(id: id, written: nil)
    }

    /// `load(id:)`; `written` is the analysis just written for it (a registration), which is then
    /// not read back: decoding the directions of a million lines costs more memory than streaming
    /// the text did.
    func load(id: String, written: TextAnalysis?, analysis: Bool = true) throws -> Submission {
        let folder = root.appendingPathComponent(id, isDirectory: true)
        let path = folder.path
        let record = try read(SubmissionRecord.self, path: path + "/\(StoreLayout.registration)")
        let events = try events(atPath: path)
        var sub = Submission(registration: record, analysis: nil, events: events, folder: folder, paperLanguage: paper.language)
        if analysis {
            sub.analysis = written ?? (try? read(TextAnalysis.self, path: analysisPath(sub, version: sub.version)))
        }
        return sub
    }

    func eventFiles(in folder: URL) -> [String] { eventFiles(atPath: folder.path) }

    func eventFiles(atPath folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder + "/\(StoreLayout.events)")) ?? [])
            .filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
    }

    func events(in folder: URL) throws -> [Event] { try events(atPath: folder.path) }

    func events(atPath folder: String) throws -> [Event] {
        let dir = folder + "/\(StoreLayout.events)/"
        return try eventFiles(atPath: folder).map { try read(Event.self, path: dir + $0) }
    }

    /// Finds a submission by id, unique prefix, or unique random suffix. A prefix that is a whole
    /// part of ids ("niger" in niger-20220926-…) picks those ids before longer ones ("nigeria-…").
    public func resolve(_ typed: String) throws -> Submission {
        // An exact id is found without listing the store (a folder of 10 000 on every page).
        if !typed.isEmpty, !typed.hasPrefix("."), !typed.contains("/"), !typed.contains("\0"),
            FileManager.default.fileExists(atPath: root.path + "/" + typed + "/\(StoreLayout.registration)")
        {
            return try load(id: typed)
        }
        let all = try ids()
        if all.contains(typed) { return try load(id: typed) }
        let matches = all.filter { $0.hasPrefix(typed) || $0.hasSuffix("-" + typed) }
        if matches.count == 1 { return try load(id: matches[0]) }
        let whole = matches.filter { $0.hasPrefix(typed + "-") || $0.hasSuffix("-" + typed) }
        if whole.count == 1 { return try load(id: whole[0]) }
        if matches.isEmpty {
            if let named = try resolveByState(typed) { return named }
            throw StoreError.unknownSubmission(typed)
        }
        throw StoreError.ambiguousSubmission(typed, candidates: whole.isEmpty ? matches : whole)
    }

    /// The one submission whose current State (after any `amend --state`; any State of a joint
    /// text) is named by `typed` — the whole name, an alias-free start of it ("russian" for the
    /// Russian Federation), case and accents aside — told to `notices`. Nil when none is; several
    /// are refused with their ids.
    func resolveByState(_ typed: String) throws -> Submission? {
        let key = Self.nameKey(typed)
        guard key.count >= 3 else { return nil }
        let hits = try all(analysis: false).filter { sub in
            sub.record.allStates.contains { name in
                let n = Self.nameKey(name)
                return n == key || n.hasPrefix(key + "-") || n.hasPrefix(key)
            }
        }
        guard let sub = hits.first else { return nil }
        if hits.count > 1 { throw StoreError.ambiguousSubmission(typed, candidates: hits.map(\.id)) }
        notices?(
            "\"\(typed)\" picked \(sub.id) (\(sub.record.statesDisplay), \(sub.record.language), received \(sub.record.received)): the only submission of that State"
        )
        return sub
    }

    /// A name as typed and as stored compared: lower case, accents off, words joined by "-".
    static func nameKey(_ s: String) -> String {
        let folded = s.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "en_US_POSIX"))
        return folded.lowercased().split { !($0.isLetter || $0.isNumber) }.joined(separator: "-")
    }

    /// The normalized text of the current original.
    public func originalText(_ sub: Submission) throws -> String {
        try originalText(sub, version: sub.version)
    }

    /// The normalized text of one version of the original.
    public func originalText(_ sub: Submission, version: Int) throws -> String {
        let v = try self.version(version, of: sub)
        // A corrected transcription of OCR text is the text of the current version.
        if version == sub.version, let t = sub.replay.transcription {
            return try String(contentsOf: sub.folder.appendingPathComponent(t + StoreLayout.text), encoding: .utf8)
        }
        return try String(contentsOf: sub.folder.appendingPathComponent(v.folder + StoreLayout.text), encoding: .utf8)
    }

    /// The analysis of the text of one version as it is used: of the corrected transcription when
    /// the current version has one (and its analysis is stored), else of the version's derived text.
    public func analysis(_ sub: Submission, version: Int) throws -> TextAnalysis? {
        _ = try self.version(version, of: sub)
        return try? read(TextAnalysis.self, path: analysisPath(sub, version: version))
    }

    /// The analysis of one version's own derived text (`text.txt`, the OCR output for a scan),
    /// whatever a proofreader made of it.
    public func derivedAnalysis(_ sub: Submission, version: Int) throws -> TextAnalysis? {
        let v = try self.version(version, of: sub)
        return try? read(TextAnalysis.self, path: sub.folder.path + "/" + v.folder + StoreLayout.analysis)
    }

    /// The `analysis.json` in `folder` (a corrected transcription's), when it can be read.
    public func analysis(in folder: URL) -> TextAnalysis? {
        try? read(TextAnalysis.self, folder.appendingPathComponent(StoreLayout.analysis))
    }

    /// Where the analysis of a version's text is read from (see `analysis(_:version:)`).
    func analysisPath(_ sub: Submission, version: Int) -> String {
        let base = sub.folder.path + "/"
        if version == sub.version, let t = sub.replay.transcription, FileManager.default.fileExists(atPath: base + t + StoreLayout.analysis) {
            return base + t + StoreLayout.analysis
        }
        return base + sub.versions[version - 1].folder + StoreLayout.analysis
    }

    /// One version of the original, refusing a number the submission does not have.
    public func version(_ n: Int, of sub: Submission) throws -> OriginalVersion {
        guard n >= 1, n <= sub.versions.count else { throw StoreError.unknownVersion(id: sub.id, version: n, count: sub.versions.count) }
        return sub.versions[n - 1]
    }

    /// The attached translation and its normalized text, if any.
    public func translation(_ sub: Submission) throws -> (record: TranslationRecord, text: String)? {
        guard let tid = sub.translationID else { return nil }
        return try translation(id: tid, in: sub)
    }

    /// A stored translation by its id.
    public func translation(id tid: String, in sub: Submission) throws -> (record: TranslationRecord, text: String) {
        let dir = sub.folder.appendingPathComponent(StoreLayout.translations).appendingPathComponent(tid)
        let rec = try read(TranslationRecord.self, dir.appendingPathComponent(StoreLayout.translationRecord))
        let text = try String(contentsOf: dir.appendingPathComponent(StoreLayout.text), encoding: .utf8)
        return (rec, text)
    }

    /// The last translation attached for an earlier version of the original, if any.
    public func translation(of version: OriginalVersion, in sub: Submission) throws -> (record: TranslationRecord, text: String)? {
        for e in sub.events.reversed() where e.action == .translated {
            guard let tid = e.translation, let t = try? translation(id: tid, in: sub) else { continue }
            if (t.record.version ?? 1) == version.number { return t }
        }
        return nil
    }

    /// True when a submission arrived after the reflection-period deadline.
    public func isLate(_ sub: Submission) -> Bool { isLate(received: sub.record.received) }

    /// True when a date received is after the reflection-period deadline.
    public func isLate(received: CalendarDate) -> Bool { received > paper.deadline }

    // MARK: writing

    /// A stored original whose bytes or text equal `hash`/`textHash`, in any version of any
    /// submission: (id, its States, its status).
    func sameText(bytes hash: String, text textHash: String) throws -> [SubmissionSummary] {
        try StatusIndex(store: self).summaries().filter { $0.byteHashes.contains(hash) || $0.textHashes.contains(textHash) }
    }

    /// Refuses text already stored: the same bytes, or the same text in another encoding or
    /// normalization form. For the same State(s) always; for other States unless `allowOthers`.
    func refuseDuplicate(bytes hash: String, text textHash: String, states: [String], allowOthers: Bool, except: String? = nil) throws {
        for summary in try sameText(bytes: hash, text: textHash) where summary.id != except {
            let same = !Set(summary.states).isDisjoint(with: states)
            let how: StoreError.Sameness = summary.byteHashes.contains(hash) ? .bytes : .text
            if same {
                throw StoreError.duplicate(existing: summary.id, state: summary.states.joined(separator: ", "), status: summary.status.rawValue, how: how)
            }
            if !allowOthers {
                throw StoreError.sameTextOtherState(existing: summary.id, states: summary.states, how: how)
            }
        }
    }

    /// Registers a submission: one new folder, published in a single rename. Refuses text already
    /// stored (see `refuseDuplicate`).
    public func register(_ input: RegistrationInput) throws -> Submission {
        try register(input, staged: nil)
    }

    /// Registers a submission whose original and `text.txt` were already written, piece by piece,
    /// into `staged.folder` (from `stagingFolder()`); `input.originalBytes` and `input.text` are not
    /// used. The staging folder is removed when the registration is refused.
    public func register(_ input: RegistrationInput, staged: StagedOriginal?) throws -> Submission {
        do {
            return try registerChecked(input, staged: staged)
        } catch {
            if let staged { try? FileManager.default.removeItem(at: staged.folder) }
            throw error
        }
    }

    private func registerChecked(_ input: RegistrationInput, staged: StagedOriginal?) throws -> Submission {
        try paper.checkItems(input.items)
        try paper.checkStates(input.states)
        let hash = staged?.sha256 ?? FileIO.sha256(input.originalBytes)
        let lock = try lock()
        defer { withExtendedLifetime(lock) {} }
        // The status index holds every original's hashes; it re-reads only what changed.
        try refuseDuplicate(bytes: hash, text: input.analysis.textSHA256, states: input.states, allowOthers: input.allowSameText)
        let now = clock.now()
        let received = input.received.description.replacingOccurrences(of: "-", with: "")
        var id = "\(SafeName.reduce(input.state, limit: 24))-\(received)-\(FileIO.randomHex(4))"
        while FileManager.default.fileExists(atPath: root.appendingPathComponent(id).path) {
            id = "\(SafeName.reduce(input.state, limit: 24))-\(received)-\(FileIO.randomHex(4))"
        }
        let ext = SafeName.reduce(input.fileExtension, limit: 8)
        let record = SubmissionRecord(
            id: id, state: input.state, states: input.states.count > 1 ? input.states : nil, language: input.language,
            items: input.items.sorted(), received: input.received, registeredAt: Clock.stamp(now), registeredBy: input.by,
            original: StoredFile(
                file: "original.\(ext)", receivedName: SafeName.displayName(input.receivedName), sha256: hash,
                bytes: staged?.bytes ?? input.originalBytes.count, kind: input.kind, encoding: input.encoding,
                extraction: input.extraction),
            parts: input.parts.isEmpty ? nil : input.parts, readerWarnings: input.readerWarnings.isEmpty ? nil : input.readerWarnings)
        let staging = staged?.folder ?? privateDir.appendingPathComponent("staging").appendingPathComponent("\(id)-\(FileIO.randomHex(4))")
        let fm = FileManager.default
        do {
            try requireInside(staging)
            if staged == nil { try FileIO.createHeldFolder(staging) }
            try fm.createDirectory(at: staging.appendingPathComponent(StoreLayout.events), withIntermediateDirectories: true)
            if let staged {
                if staged.originalFile != record.original.file {
                    try FileIO.move(staging.appendingPathComponent(staged.originalFile), to: staging.appendingPathComponent(record.original.file))
                }
            } else {
                try FileIO.writeNew(input.originalBytes, to: staging.appendingPathComponent(record.original.file), mode: 0o444)
            }
            for (name, data) in input.companions {
                try FileIO.writeNew(data, to: staging.appendingPathComponent("received-" + SafeName.fileName(name)), mode: 0o444)
            }
            for (name, data) in input.derivedFiles { try FileIO.writeNew(data, to: staging.appendingPathComponent(SafeName.fileName(name)), mode: 0o444) }
            if staged == nil { try FileIO.writeNew(input.text, to: staging.appendingPathComponent(StoreLayout.text)) }
            try Self.writeAnalysis(input.analysis, to: staging.appendingPathComponent(StoreLayout.analysis))
            let recordData = try Self.encoder.encode(record)
            try FileIO.writeNew(recordData, to: staging.appendingPathComponent(StoreLayout.registration))
            var ev = Event(action: .registered, at: Clock.stamp(now), by: input.by, note: input.note)
            ev.site = ev.site ?? site
            // The first link of the chain: the registration as written.
            ev.after = [Event.Link(file: StoreLayout.registration, sha256: FileIO.sha256(recordData))]
            let eventData = try Self.encoder.encode(ev)
            let eventFile = eventName(now)
            try FileIO.writeNew(eventData, to: staging.appendingPathComponent(StoreLayout.events).appendingPathComponent(eventFile))
            try FileIO.syncDirectory(staging.appendingPathComponent(StoreLayout.events))
            try FileIO.publishDirectory(staging, to: root.appendingPathComponent(id))
            anchor(id, heads: [Event.Link(file: "\(StoreLayout.events)/" + eventFile, sha256: FileIO.sha256(eventData))])
        } catch {
            try? fm.removeItem(at: staging)
            throw error
        }
        return try load(id: id, written: input.analysis)
    }

    func eventName(_ d: Date) -> String { "\(Clock.compactStamp(d))-\(FileIO.randomHex(4)).json" }

    /// Appends an event to a submission's history.
    public func append(_ event: Event, to sub: Submission) throws {
        var event = event
        let dir = sub.folder.appendingPathComponent(StoreLayout.events)
        try requireInside(dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var now = Clock.parse(event.at) ?? clock.now()
        // The history is read in file-name order: a new event sorts after the last one even when
        // the clock did not move (same millisecond, or CRP_NOW fixed), else the status could go back.
        if let last = try? events(in: sub.folder).last, let lastAt = Clock.parse(last.at) {
            let lastMs = (lastAt.timeIntervalSince1970 * 1000).rounded(.down)
            if (now.timeIntervalSince1970 * 1000).rounded(.down) <= lastMs {
                now = Date(timeIntervalSince1970: (lastMs + 1.25) / 1000)
                event.at = Clock.stamp(now)
            }
        }
        // The chain: the event names the records no event named yet (the last one, or every
        // record of a history written before the chain, which this event then seals).
        event.after = heads(atPath: sub.folder.path)
        event.site = event.site ?? site
        let data = try Self.encoder.encode(event)
        let name = eventName(now)
        try FileIO.writeAtomically(data, to: dir.appendingPathComponent(name))
        anchor(sub.id, heads: [Event.Link(file: "\(StoreLayout.events)/" + name, sha256: FileIO.sha256(data))])
        ChangeMark.touch(self)
    }

    /// Runs `body` under the store lock with the submission as it is now on disk (a value read
    /// earlier may be stale), then returns it reloaded.
    public func changing(_ stale: Submission, _ body: (Submission) throws -> Void) throws -> Submission {
        let lock = try lock()
        defer { withExtendedLifetime(lock) {} }
        let sub = try load(id: stale.id)
        try requireInside(sub)
        try body(sub)
        return try load(id: sub.id)
    }

    /// Moves a submission through review, or back: checks that the move is allowed from where it
    /// stands. Runs under the store lock on the history as it is now, so two processes cannot both
    /// move the same submission from one state.
    public func transition(_ stale: Submission, _ move: Transition, by: String, reason: String? = nil) throws -> Submission {
        try changing(stale) { sub in
            let why = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
            try move.check(sub, reason: why)
            try append(Event(action: move.action, at: Clock.stamp(clock.now()), by: by, reason: why, to: move.target), to: sub)
        }
    }

    /// Attaches a translation: its folder first (published in one rename), then the event that
    /// makes it current.
    public func attachTranslation(_ input: TranslationInput, to stale: Submission) throws -> Submission {
        try changing(stale) { sub in
            try sub.requireTranslatable()
            let hash = FileIO.sha256(input.originalBytes)
            if let current = try translation(sub), current.record.original.sha256 == hash {
                throw StoreError.translationAlreadyAttached(id: sub.id, translation: current.record.id, status: sub.status.rawValue)
            }
            let now = clock.now()
            let tid = "\(Clock.compactStamp(now))-\(FileIO.randomHex(4))"
            let ext = SafeName.reduce(input.fileExtension, limit: 8)
            let rec = TranslationRecord(
                id: tid, language: paper.language, kind: input.translationKind, translator: input.translator,
                attachedAt: Clock.stamp(now), attachedBy: input.by,
                original: StoredFile(
                    file: "original.\(ext)", receivedName: SafeName.displayName(input.receivedName), sha256: hash,
                    bytes: input.originalBytes.count, kind: input.kind, encoding: input.encoding),
                source: input.source, version: sub.version == 1 ? nil : sub.version)
            let tdir = sub.folder.appendingPathComponent(StoreLayout.translations)
            let staging = tdir.appendingPathComponent(".staging-\(tid)")
            let fm = FileManager.default
            do {
                try FileIO.createHeldFolder(staging)
                try FileIO.writeNew(input.originalBytes, to: staging.appendingPathComponent(rec.original.file), mode: 0o444)
                try FileIO.writeNew(input.text, to: staging.appendingPathComponent(StoreLayout.text))
                try FileIO.writeNew(try Self.encoder.encode(rec), to: staging.appendingPathComponent(StoreLayout.translationRecord))
                try FileIO.publishDirectory(staging, to: tdir.appendingPathComponent(tid))
            } catch {
                try? fm.removeItem(at: staging)
                throw error
            }
            try appendOrWithdraw(
                Event(
                    action: .translated, at: Clock.stamp(now), by: input.by, translation: tid, note: input.note,
                    translationSHA256: FileIO.sha256(input.text)), to: sub,
                published: tdir.appendingPathComponent(tid), staging: staging)
        }
    }

    /// Records a correction of the registration (the registration file is never rewritten).
    public func amend(_ stale: Submission, _ amendment: Amendment, reason: String, by: String) throws -> Submission {
        try changing(stale) { sub in
            try append(Event(action: .amended, at: Clock.stamp(clock.now()), by: by, reason: reason, amendment: amendment), to: sub)
        }
    }

    /// Stores a revised original as the next version (its folder published in one rename), then
    /// the event that makes it current. Refuses text already stored for any submission.
    public func revise(_ stale: Submission, _ input: RegistrationInput, reason: String) throws -> Submission {
        try changing(stale) { sub in
            let hash = FileIO.sha256(input.originalBytes)
            try refuseDuplicate(bytes: hash, text: input.analysis.textSHA256, states: sub.record.allStates, allowOthers: false)
            let number = sub.version + 1
            let ext = SafeName.reduce(input.fileExtension, limit: 8)
            let version = OriginalVersion(
                number: number, received: input.received,
                file: StoredFile(
                    file: "\(StoreLayout.versions)/\(number)/original.\(ext)", receivedName: SafeName.displayName(input.receivedName), sha256: hash,
                    bytes: input.originalBytes.count, kind: input.kind, encoding: input.encoding, extraction: input.extraction),
                parts: input.parts.isEmpty ? nil : input.parts, readerWarnings: input.readerWarnings.isEmpty ? nil : input.readerWarnings)
            let vdir = sub.folder.appendingPathComponent(StoreLayout.versions)
            let staging = vdir.appendingPathComponent(".staging-\(number)-\(FileIO.randomHex(4))")
            let fm = FileManager.default
            // A version folder no event refers to, left by a revise that was killed between its two steps.
            if FileIO.isSymlink(vdir.appendingPathComponent(String(number)).path) || fm.fileExists(atPath: vdir.appendingPathComponent(String(number)).path) {
                throw StoreError.leftoverFolder(id: sub.id, folder: "\(StoreLayout.versions)/\(number)")
            }
            do {
                try FileIO.createHeldFolder(staging)
                try FileIO.writeNew(input.originalBytes, to: staging.appendingPathComponent("original.\(ext)"), mode: 0o444)
                for (name, data) in input.companions {
                    try FileIO.writeNew(data, to: staging.appendingPathComponent("received-" + SafeName.fileName(name)), mode: 0o444)
                }
                for (name, data) in input.derivedFiles { try FileIO.writeNew(data, to: staging.appendingPathComponent(SafeName.fileName(name)), mode: 0o444) }
                try FileIO.writeNew(input.text, to: staging.appendingPathComponent(StoreLayout.text))
                try Self.writeAnalysis(input.analysis, to: staging.appendingPathComponent(StoreLayout.analysis))
                try FileIO.publishDirectory(staging, to: vdir.appendingPathComponent(String(number)))
            } catch {
                try? fm.removeItem(at: staging)
                throw error
            }
            try appendOrWithdraw(
                Event(action: .revised, at: Clock.stamp(clock.now()), by: input.by, reason: reason, note: input.note, revision: version), to: sub,
                published: vdir.appendingPathComponent(String(number)), staging: staging)
        }
    }

    /// Appends the event that makes a just-published folder current; when the event cannot be
    /// written (a full disk), takes the folder back out of the store (renamed to its staging name
    /// and removed: nothing refers to it, it was never part of the record), so that nothing is
    /// left half done.
    func appendOrWithdraw(_ event: Event, to sub: Submission, published: URL, staging: URL) throws {
        do {
            try append(event, to: sub)
        } catch {
            if rename(published.path, staging.path) == 0 { try? FileManager.default.removeItem(at: staging) }
            throw error
        }
    }

    /// Rewrites a derived file (never an original), atomically.
    public func writeDerived(_ data: Data, name: String, in folder: URL) throws {
        precondition(name == StoreLayout.text || name == StoreLayout.analysis || StoreLayout.isUnreadCrop(name), "only derived files are rewritten")
        try requireInside(folder.appendingPathComponent(name))
        try FileIO.writeAtomically(data, to: folder.appendingPathComponent(name))
        ChangeMark.touch(self)
    }

    /// Encodes a record as the store writes it.
    public static func encode<T: Encodable>(_ value: T) throws -> Data { try encoder.encode(value) }
}

/// A move of a submission through review, or back.
public enum Transition: Sendable, Equatable {
    case review, include, withdraw
    /// Back to an earlier step, or a withdrawn submission reinstated.
    case reopen(to: Status)

    var action: Event.Action {
        switch self {
        case .review: .reviewed
        case .include: .included
        case .withdraw: .withdrawn
        case .reopen: .reopened
        }
    }

    var target: Status? {
        if case .reopen(let to) = self { return to }
        return nil
    }

    /// The order of the steps (withdrawn is outside it).
    static func rank(_ s: Status) -> Int {
        switch s {
        case .received: 0
        case .translated: 1
        case .reviewed: 2
        case .included: 3
        case .withdrawn: -1
        }
    }
}

extension Submission {
    /// `nextStep` as a sentence of its own.
    public var nextStepSentence: String { nextStep.prefix(1).uppercased() + nextStep.dropFirst() + "." }

    /// What the officer does next with this submission, as a command to run (used by refusals
    /// of transitions, so that a hint names the step its state really calls for).
    public var nextStep: String {
        switch status {
        case .received:
            if needsProofreading { return "proofread its OCR text with `crp proofread \(id) [FILE]`" }
            return hasPaperText ? "review it with `crp review \(id)`" : "attach its translation with `crp translate \(id) FILE`"
        case .translated: return "review it with `crp review \(id)`"
        case .reviewed: return "include it with `crp include \(id)`"
        case .included: return "none, it is in the paper (`crp reopen \(id) --to reviewed --reason TEXT` takes it back out)"
        case .withdrawn: return "none while withdrawn (`crp reopen \(id) --to received --reason TEXT` reinstates it)"
        }
    }
}
