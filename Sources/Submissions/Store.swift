import Foundation
import MultilingualText

/// What registration needs: the original as received and what intake derived from it.
public struct RegistrationInput: Sendable {
    public var originalBytes: Data
    public var receivedName: String
    public var kind: String
    public var fileExtension: String
    public var encoding: String?
    public var text: String
    public var analysis: TextAnalysis
    public var state: String
    public var language: String
    public var items: [Int]
    public var received: CalendarDate
    public var by: String
    /// Files kept beside the original (the e-mail an attachment came in), name → bytes.
    public var companions: [String: Data]

    public init(originalBytes: Data, receivedName: String, kind: String, fileExtension: String, encoding: String?,
                text: String, analysis: TextAnalysis, state: String, language: String, items: [Int],
                received: CalendarDate, by: String, companions: [String: Data] = [:]) {
        self.originalBytes = originalBytes; self.receivedName = receivedName; self.kind = kind
        self.fileExtension = fileExtension; self.encoding = encoding; self.text = text; self.analysis = analysis
        self.state = state; self.language = language; self.items = items; self.received = received
        self.by = by; self.companions = companions
    }
}

/// A translation to attach.
public struct TranslationInput: Sendable {
    public var originalBytes: Data
    public var receivedName: String
    public var kind: String
    public var fileExtension: String
    public var encoding: String?
    public var text: String
    public var translationKind: TranslationRecord.Kind
    public var translator: String?
    public var by: String
    public var note: String?

    public init(originalBytes: Data, receivedName: String, kind: String, fileExtension: String, encoding: String?,
                text: String, translationKind: TranslationRecord.Kind, translator: String?, by: String, note: String? = nil) {
        self.originalBytes = originalBytes; self.receivedName = receivedName; self.kind = kind
        self.fileExtension = fileExtension; self.encoding = encoding; self.text = text
        self.translationKind = translationKind; self.translator = translator; self.by = by; self.note = note
    }
}

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
public final class Store {
    public let root: URL
    public let paper: PaperDefinition
    public static let paperFile = "paper.yaml"

    public init(root: URL) throws {
        self.root = root.standardizedFileURL
        paper = try PaperDefinition.load(root.appendingPathComponent(Self.paperFile))
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
            throw StoreError.noWorkspace(searchedFrom: o.path)
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

    /// The embedded default store: the `Submissions/` folder of the RoomPaper source tree.
    public static var embeddedDefault: URL { LocaleCatalog.sourceRoot.appendingPathComponent("Submissions") }

    /// Creates a workspace: `paper.yaml` and a `.gitignore` for the rebuildable cache.
    @discardableResult
    public static func create(at dir: URL, paper: PaperDefinition) throws -> Store {
        let fm = FileManager.default
        if fm.fileExists(atPath: dir.appendingPathComponent(paperFile).path) { throw StoreError.workspaceExists(dir.path) }
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        let header = "# RoomPaper paper definition: edit freely. {{received_comments}} and {{translation_note}}\n# are filled from the registered submissions when the paper is compiled.\n"
        try FileIO.writeAtomically(Data((header + (try paper.yaml())).utf8), to: dir.appendingPathComponent(paperFile))
        try FileIO.writeAtomically(Data(".crp/\n".utf8), to: dir.appendingPathComponent(".gitignore"))
        return try Store(root: dir)
    }

    var privateDir: URL { root.appendingPathComponent(".crp") }
    func lock() throws -> StoreLock { try StoreLock(privateDir.appendingPathComponent("lock")) }

    // MARK: reading

    static let decoder = JSONDecoder()
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    /// The ids of every submission folder, sorted.
    public func ids() throws -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.filter { !$0.hasPrefix(".") && FileManager.default.fileExists(atPath: root.appendingPathComponent($0).appendingPathComponent("submission.json").path) }.sorted()
    }

    /// Every submission in the store.
    public func all() throws -> [Submission] {
        try ids().map { try load(id: $0) }
    }

    func read<T: Decodable>(_ type: T.Type, _ url: URL) throws -> T {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw StoreError.corruptRecord(file: url.path, reason: "it cannot be read")
        }
        do { return try Self.decoder.decode(T.self, from: data) } catch {
            throw StoreError.corruptRecord(file: url.path, reason: "it is not a valid record")
        }
    }

    /// Reads one submission by its exact id.
    public func load(id: String) throws -> Submission {
        let folder = root.appendingPathComponent(id)
        let record = try read(SubmissionRecord.self, folder.appendingPathComponent("submission.json"))
        let analysis = try? read(TextAnalysis.self, folder.appendingPathComponent("analysis.json"))
        var sub = Submission(record: record, analysis: analysis, events: try events(in: folder), folder: folder)
        sub.paperLanguage = paper.language
        return sub
    }

    func eventFiles(in folder: URL) -> [String] {
        let dir = folder.appendingPathComponent("events")
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [])
            .filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
    }

    func events(in folder: URL) throws -> [Event] {
        let dir = folder.appendingPathComponent("events")
        return try eventFiles(in: folder).map { try read(Event.self, dir.appendingPathComponent($0)) }
    }

    /// Finds a submission by id, unique prefix, or unique random suffix.
    public func resolve(_ typed: String) throws -> Submission {
        let all = try ids()
        if all.contains(typed) { return try load(id: typed) }
        let matches = all.filter { $0.hasPrefix(typed) || $0.hasSuffix("-" + typed) }
        if matches.count == 1 { return try load(id: matches[0]) }
        if matches.isEmpty { throw StoreError.unknownSubmission(typed) }
        throw StoreError.ambiguousSubmission(typed, candidates: matches)
    }

    /// The normalized text of the original.
    public func originalText(_ sub: Submission) throws -> String {
        try String(contentsOf: sub.folder.appendingPathComponent("text.txt"), encoding: .utf8)
    }

    /// The attached translation and its normalized text, if any.
    public func translation(_ sub: Submission) throws -> (record: TranslationRecord, text: String)? {
        guard let tid = sub.translationID else { return nil }
        let dir = sub.folder.appendingPathComponent("translations").appendingPathComponent(tid)
        let rec = try read(TranslationRecord.self, dir.appendingPathComponent("translation.json"))
        let text = try String(contentsOf: dir.appendingPathComponent("text.txt"), encoding: .utf8)
        return (rec, text)
    }

    /// True when a submission arrived after the reflection-period deadline.
    public func isLate(_ sub: Submission) -> Bool { sub.record.received > paper.deadline }

    // MARK: writing

    /// Registers a submission: one new folder, published in a single rename. Refuses the same
    /// bytes registered again for the same State.
    public func register(_ input: RegistrationInput) throws -> Submission {
        for item in input.items where !paper.items.contains(where: { $0.number == item }) {
            throw StoreError.unknownItem(item, known: paper.items.map(\.number))
        }
        if input.items.isEmpty { throw StoreError.noItem }
        let hash = FileIO.sha256(input.originalBytes)
        let lock = try lock()
        defer { withExtendedLifetime(lock) {} }
        // The status index holds every original's hash; it re-reads only what changed.
        for summary in try StatusIndex(store: self).summaries() where summary.sha256 == hash && summary.state == input.state {
            throw StoreError.duplicate(existing: summary.id, state: input.state)
        }
        let now = Clock.now()
        let received = input.received.description.replacingOccurrences(of: "-", with: "")
        var id = "\(SafeName.reduce(input.state, limit: 24))-\(received)-\(FileIO.randomHex(4))"
        while FileManager.default.fileExists(atPath: root.appendingPathComponent(id).path) {
            id = "\(SafeName.reduce(input.state, limit: 24))-\(received)-\(FileIO.randomHex(4))"
        }
        let ext = SafeName.reduce(input.fileExtension, limit: 8)
        let record = SubmissionRecord(
            id: id, state: input.state, language: input.language, items: input.items.sorted(), received: input.received,
            registeredAt: Clock.stamp(now), registeredBy: input.by,
            original: StoredFile(file: "original.\(ext)", receivedName: SafeName.displayName(input.receivedName), sha256: hash,
                                 bytes: input.originalBytes.count, kind: input.kind, encoding: input.encoding))
        let staging = privateDir.appendingPathComponent("staging").appendingPathComponent("\(id)-\(FileIO.randomHex(4))")
        let fm = FileManager.default
        do {
            try fm.createDirectory(at: staging.appendingPathComponent("events"), withIntermediateDirectories: true)
            try FileIO.writeNew(input.originalBytes, to: staging.appendingPathComponent(record.original.file), mode: 0o444)
            for (name, data) in input.companions {
                try FileIO.writeNew(data, to: staging.appendingPathComponent("received-" + SafeName.fileName(name)), mode: 0o444)
            }
            try FileIO.writeNew(input.text, to: staging.appendingPathComponent("text.txt"))
            try FileIO.writeNew(try Self.encoder.encode(input.analysis), to: staging.appendingPathComponent("analysis.json"))
            try FileIO.writeNew(try Self.encoder.encode(record), to: staging.appendingPathComponent("submission.json"))
            let ev = Event(action: .registered, at: Clock.stamp(now), by: input.by)
            try FileIO.writeNew(try Self.encoder.encode(ev), to: staging.appendingPathComponent("events").appendingPathComponent(eventName(now)))
            try FileIO.syncDirectory(staging.appendingPathComponent("events"))
            try FileIO.publishDirectory(staging, to: root.appendingPathComponent(id))
        } catch {
            try? fm.removeItem(at: staging)
            throw error
        }
        return try load(id: id)
    }

    func eventName(_ d: Date) -> String { "\(Clock.compactStamp(d))-\(FileIO.randomHex(4)).json" }

    /// Appends an event to a submission's history.
    public func append(_ event: Event, to sub: Submission) throws {
        var event = event
        let dir = sub.folder.appendingPathComponent("events")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var now = Clock.parse(event.at) ?? Clock.now()
        // The history is read in file-name order: a new event sorts after the last one even when
        // the clock did not move (same millisecond, or CRP_NOW fixed), else the status could go back.
        if let last = try? events(in: sub.folder).last, let lastAt = Clock.parse(last.at) {
            let lastMs = (lastAt.timeIntervalSince1970 * 1000).rounded(.down)
            if (now.timeIntervalSince1970 * 1000).rounded(.down) <= lastMs {
                now = Date(timeIntervalSince1970: (lastMs + 1.25) / 1000)
                event.at = Clock.stamp(now)
            }
        }
        try FileIO.writeAtomically(try Self.encoder.encode(event), to: dir.appendingPathComponent(eventName(now)))
    }

    /// Moves a submission through review: checks that the change is allowed from where it stands.
    /// Runs under the store lock on the history as it is now, so two processes cannot both move the
    /// same submission from one state (a value read earlier may be stale).
    public func transition(_ stale: Submission, to action: Event.Action, by: String, reason: String? = nil) throws -> Submission {
        let lock = try lock()
        defer { withExtendedLifetime(lock) {} }
        let sub = try load(id: stale.id)
        let s = sub.status
        switch action {
        case .reviewed:
            guard s == .translated else {
                throw StoreError.invalidTransition(id: sub.id, from: s.rawValue, action: "reviewed",
                    hint: s == .received ? "Attach its translation first with `crp translate \(sub.id) FILE`." : s == .withdrawn ? "It was withdrawn." : "It was already reviewed.")
            }
        case .included:
            guard s == .reviewed else {
                throw StoreError.invalidTransition(id: sub.id, from: s.rawValue, action: "included",
                    hint: s == .withdrawn ? "It was withdrawn." : s == .included ? "It is already included." : "Review it first with `crp review \(sub.id)`.")
            }
        case .withdrawn:
            guard s != .withdrawn else {
                throw StoreError.invalidTransition(id: sub.id, from: s.rawValue, action: "withdrawn", hint: "It was already withdrawn.")
            }
        case .registered, .translated:
            throw StoreError.invalidTransition(id: sub.id, from: s.rawValue, action: action.rawValue, hint: "Use register or translate.")
        }
        try append(Event(action: action, at: Clock.stamp(Clock.now()), by: by, reason: reason), to: sub)
        return try load(id: sub.id)
    }

    /// Attaches a translation: its folder first (published in one rename), then the event that
    /// makes it current.
    public func attachTranslation(_ input: TranslationInput, to stale: Submission) throws -> Submission {
        let lock = try lock()
        defer { withExtendedLifetime(lock) {} }
        let sub = try load(id: stale.id)
        if sub.status == .withdrawn { throw StoreError.withdrawn(id: sub.id) }
        let now = Clock.now()
        let tid = "\(Clock.compactStamp(now))-\(FileIO.randomHex(4))"
        let ext = SafeName.reduce(input.fileExtension, limit: 8)
        let hash = FileIO.sha256(input.originalBytes)
        let rec = TranslationRecord(
            id: tid, language: paper.language, kind: input.translationKind, translator: input.translator,
            attachedAt: Clock.stamp(now), attachedBy: input.by,
            original: StoredFile(file: "original.\(ext)", receivedName: SafeName.displayName(input.receivedName), sha256: hash,
                                 bytes: input.originalBytes.count, kind: input.kind, encoding: input.encoding))
        let tdir = sub.folder.appendingPathComponent("translations")
        let staging = tdir.appendingPathComponent(".staging-\(tid)")
        let fm = FileManager.default
        do {
            try fm.createDirectory(at: staging, withIntermediateDirectories: true)
            try FileIO.writeNew(input.originalBytes, to: staging.appendingPathComponent(rec.original.file), mode: 0o444)
            try FileIO.writeNew(input.text, to: staging.appendingPathComponent("text.txt"))
            try FileIO.writeNew(try Self.encoder.encode(rec), to: staging.appendingPathComponent("translation.json"))
            try FileIO.publishDirectory(staging, to: tdir.appendingPathComponent(tid))
        } catch {
            try? fm.removeItem(at: staging)
            throw error
        }
        try append(Event(action: .translated, at: Clock.stamp(now), by: input.by, translation: tid, note: input.note), to: sub)
        return try load(id: sub.id)
    }

    /// Rewrites a derived file (never an original), atomically.
    public func writeDerived(_ data: Data, name: String, in folder: URL) throws {
        precondition(name == "text.txt" || name == "analysis.json", "only derived files are rewritten")
        try FileIO.writeAtomically(data, to: folder.appendingPathComponent(name))
    }

    /// Encodes a record as the store writes it.
    public static func encode<T: Encodable>(_ value: T) throws -> Data { try encoder.encode(value) }
}
