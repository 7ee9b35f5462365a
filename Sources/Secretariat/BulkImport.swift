import Foundation
import Intake
import MultilingualText
import Submissions
import Yams

/// One file a bulk import means to register, as the manifest or the file name describes it.
public struct BulkEntry: Sendable, Equatable {
    /// The file, resolved against the imported folder.
    public var file: URL
    /// The State as written (checked against `Locales/states.yaml` when the import runs).
    public var state: String
    /// The language code as written.
    public var language: String
    /// The agenda items.
    public var items: [Int]
    /// The date received; nil for the import's default.
    public var received: CalendarDate?
    /// The file's encoding when it cannot be detected.
    public var encoding: String?
    /// Where the facts come from: "manifest.csv line 3" or "the file name".
    public var source: String
    /// The part of an e-mail that holds the comments (`part` column: an attachment's name or `body`).
    public var part: String? = nil

    /// Creates an entry.
    public init(
        file: URL, state: String, language: String, items: [Int], received: CalendarDate? = nil,
        encoding: String? = nil, source: String
    ) {
        self.file = file
        self.state = state
        self.language = language
        self.items = items
        self.received = received
        self.encoding = encoding
        self.source = source
    }
}

/// What happened to one file of a bulk import.
public struct BulkOutcome: Codable, Sendable, Equatable {
    /// The four ends a file can come to.
    public enum Status: String, Codable, Sendable {
        /// Registered as a new submission.
        case registered
        /// These bytes were already registered for this State (in the store or earlier in the import).
        case duplicate
        /// Not registered, with the reason.
        case refused
        /// Would be registered (a dry run registers nothing).
        case ready
    }

    /// The file name as listed.
    public var file: String
    public var status: Status
    /// The new submission, or the existing one a duplicate repeats.
    public var id: String?
    public var state: String?
    public var language: String?
    public var items: [Int]?
    /// Why the file was refused or is a duplicate, with what to do.
    public var reason: String?
    /// What registration noticed (script mismatch, late…), as sentences.
    public var warnings: [String]
    /// The same, typed as `register --json` gives them (code, severity, subject, message).
    public var findings: [Finding] = []
}

/// The result of a bulk import.
public struct BulkSummary: Codable, Sendable {
    /// Every listed or inferred file, in order.
    public var outcomes: [BulkOutcome]
    /// Files in the folder that were not imported (not in the manifest, hidden, lock files).
    public var ignored: [String]

    /// How many files came to a status.
    public func count(_ s: BulkOutcome.Status) -> Int { outcomes.filter { $0.status == s }.count }
    /// True when no file was refused.
    public var clean: Bool { count(.refused) == 0 }
}

/// Progress of a bulk import, reported through the callback; the caller draws it.
public struct BulkProgress: Sendable {
    /// Reading and checking every file, then registering the good ones.
    public enum Phase: String, Sendable {
        case checking, registering
    }

    public var phase: Phase
    /// Files done in this phase.
    public var done: Int
    /// Files this phase will handle.
    public var total: Int
    /// The file being handled.
    public var file: String
}

/// What a bulk import will do: the entries, the files refused before anything is read, and the
/// files left alone.
public struct BulkPlan: Sendable {
    public var entries: [BulkEntry]
    public var refused: [BulkOutcome]
    public var ignored: [String]
}

/// Registers many received files at once: every file is read and checked first, refusals are
/// collected with their reasons, then each good file is registered on its own (each registration
/// is one atomic folder, so an interrupted import leaves nothing half-registered, and running it
/// again reports what was done as duplicates).
public struct BulkImport {
    public let registrar: Registrar

    /// Creates an importer that registers through `registrar`.
    public init(registrar: Registrar) {
        self.registrar = registrar
    }

    /// Options of one import.
    public struct Options: Sendable {
        /// The date for entries that name none (default: today).
        public var received: CalendarDate?
        /// Who registers.
        public var by: String
        /// Refuse texts whose script does not match the declared language.
        public var strict: Bool
        /// Check everything, register nothing.
        public var dryRun: Bool
        /// Largest file accepted.
        public var maxBytes: Int
        /// The readers of received files.
        public var readers: ReaderRegistry
        /// The letters of Arabic and Russian lettered lists.
        public var letters: ListLetters
        /// Phrases of cover notes that announce an attachment (from `Locales/`).
        public var announcements: [String] = []
        /// Page, pixel and time limits for converted, PDF and scanned files.
        public var limits: ConversionLimits = ConversionLimits()

        /// Creates options.
        public init(
            received: CalendarDate? = nil, by: String, strict: Bool = false, dryRun: Bool = false,
            maxBytes: Int = IntakeOptions.standardMaxBytes, readers: ReaderRegistry = .standard, letters: ListLetters = ListLetters()
        ) {
            self.received = received
            self.by = by
            self.strict = strict
            self.dryRun = dryRun
            self.maxBytes = maxBytes
            self.readers = readers
            self.letters = letters
        }
    }

    /// Runs a plan: checks every entry, then registers the good ones, reporting progress.
    public func run(_ plan: BulkPlan, options: Options, progress: (BulkProgress) -> Void = { _ in }) throws -> BulkSummary {
        struct Ready {
            let index: Int
            let received: ReceivedText
            let state: String
            let language: LanguageResources
            let entry: BulkEntry
        }
        var outcomes: [BulkOutcome?] = Array(repeating: nil, count: plan.entries.count)
        var ledger = try SamenessLedger(store: registrar.store)
        var ready: [Ready] = []
        for (i, e) in plan.entries.enumerated() {
            let name = e.file.lastPathComponent
            progress(BulkProgress(phase: .checking, done: i, total: plan.entries.count, file: name))
            var outcome = BulkOutcome(file: name, status: .refused, id: nil, state: e.state, language: e.language, items: e.items, reason: nil, warnings: [])
            do {
                let (state, lang): (String, LanguageResources)
                do {
                    (state, lang) = try registrar.checkRequest(state: e.state, language: e.language, items: e.items)
                } catch {
                    // The State, language or items came from a manifest line or the file's name: say which.
                    throw ActionProblem("\(e.source == "the file name" ? "From the file name" : e.source): \(Self.describe(error))")
                }
                outcome.state = state
                outcome.language = lang.code
                let text = try read(e, language: lang, options: options)
                if ledger.judge(&outcome, bytes: FileIO.sha256(text.bytes), text: FileIO.sha256(text.text), state: state, file: name) {
                    ready.append(Ready(index: i, received: text, state: state, language: lang, entry: e))
                }
            } catch StoreError.fileMissing where e.source != "the file name" {
                outcome.reason = "\(e.source) names \(name), which is not in \(e.file.deletingLastPathComponent().path). Check the name's spelling and case."
            } catch {
                outcome.reason = Self.describe(error)
            }
            outcomes[i] = outcome
        }
        progress(BulkProgress(phase: .checking, done: plan.entries.count, total: plan.entries.count, file: ""))
        if !options.dryRun {
            for (k, r) in ready.enumerated() {
                progress(BulkProgress(phase: .registering, done: k, total: ready.count, file: r.entry.file.lastPathComponent))
                var outcome = outcomes[r.index]!
                do {
                    let (sub, found) = try registrar.register(
                        r.received, states: [r.state], language: r.language, items: r.entry.items,
                        date: r.entry.received ?? options.received, by: options.by, strict: options.strict)
                    outcome.status = .registered
                    outcome.id = sub.id
                    outcome.findings += found.filter { $0.severity == .warning }
                    outcome.warnings += found.filter { $0.severity == .warning }.map(\.message)
                } catch let StoreError.duplicate(existing, _, _, _) {
                    outcome.status = .duplicate
                    outcome.id = existing
                    outcome.reason = "already registered for \(r.state) as \(existing)"
                } catch {
                    outcome.status = .refused
                    outcome.reason = Self.describe(error)
                }
                outcomes[r.index] = outcome
            }
            progress(BulkProgress(phase: .registering, done: ready.count, total: ready.count, file: ""))
        }
        return BulkSummary(outcomes: plan.refused + outcomes.compactMap { $0 }, ignored: plan.ignored)
    }

    /// One entry's file read as `crp register` reads it; an encoding the bytes contradict is refused.
    func read(_ e: BulkEntry, language lang: LanguageResources, options: Options) throws -> ReceivedText {
        let name = e.file.lastPathComponent
        let text = try Intake.read(
            e.file,
            options: IntakeOptions(
                encoding: e.encoding, maxBytes: options.maxBytes, readers: options.readers,
                letters: options.letters, part: e.part, announcements: options.announcements,
                language: lang.code, limits: options.limits))
        if let declared = e.encoding, text.kind == .text || text.kind == .markdown,
            let doubt = TextDecoder.doubt(
                text.bytes, declared: declared, file: name, language: lang.code,
                next: "Put {detected} in the manifest's encoding column, or leave it empty: crp detects it.")
        {
            throw doubt
        }
        return text
    }

    /// Why a file is refused when an earlier file of the same import, for another State, has the
    /// same bytes or text (the store would refuse its registration the same way).
    static func sameTextInImport(file: String, earlier: String, states: [String], how: StoreError.Sameness) -> String {
        let what = how == .bytes ? "the same bytes" : "the same text"
        return "\(file) has \(what) as \(earlier), earlier in this import, for \(states.joined(separator: ", ")). It was not registered. "
            + "If the text was signed by several States, register it once with `crp register FILE --state A --state B` (a joint text) and leave this file out; "
            + "if two States really sent the same text, register this file on its own with `crp register \(file) … --allow-same-text --reason TEXT`."
    }

    static func describe(_ error: Error) -> String {
        (error as? LocalizedError)?.errorDescription ?? "\(error)"
    }

    // MARK: - Planning

    /// Files a folder holds that are never submissions: hidden files and Word's lock files.
    static func isNoise(_ name: String) -> Bool {
        name.hasPrefix(".") || name.hasPrefix("~$") || name == "Thumbs.db" || name == "desktop.ini"
    }

    /// The plan for a folder: from the manifest when there is one, else from the file names
    /// (`peru-item2.es.txt`: State, agenda item(s), language). Sub-folders are not entered.
    public static func plan(folder: URL, manifest: URL? = nil) throws -> BulkPlan {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: folder.path, isDirectory: &isDir), isDir.boolValue else {
            throw StoreError.fileMissing(folder.path)
        }
        let all = ((try? fm.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
        // A symbolic link among the inputs is never followed: it is skipped and listed with why.
        let links = all.filter { !isNoise($0) && FileIO.isSymlink(folder.appendingPathComponent($0).path) }
        let skipped = links.map { skippedLink($0, in: folder) }
        let names = all.filter { !links.contains($0) }
        let files = names.filter { n in
            var d: ObjCBool = false
            return fm.fileExists(atPath: folder.appendingPathComponent(n).path, isDirectory: &d) && !d.boolValue
        }
        if let manifest {
            var listed = try parseManifest(manifest, folder: folder)
            let manifestPath = manifest.standardizedFileURL.path
            let linked = listed.entries.filter { FileIO.isSymlink($0.file.path) }
            listed.entries.removeAll { FileIO.isSymlink($0.file.path) }
            listed.refused += linked.filter { $0.file.deletingLastPathComponent().standardizedFileURL.path != folder.standardizedFileURL.path }
                .map { skippedLink($0.file.lastPathComponent, in: $0.file.deletingLastPathComponent()) }
            let listedPaths = Set(listed.entries.map { $0.file.standardizedFileURL.path })
            // A file whose manifest line was refused is reported with that line, not as ignored too.
            let refusedNames = Set(listed.refused.map(\.file))
            let ignored = files.filter { n in
                let p = folder.appendingPathComponent(n).standardizedFileURL.path
                return !listedPaths.contains(p) && p != manifestPath && !refusedNames.contains(n)
            }
            return BulkPlan(entries: listed.entries, refused: skipped + listed.refused, ignored: ignored)
        }
        var plan = BulkPlan(entries: [], refused: skipped, ignored: [])
        for n in files {
            if isNoise(n) { plan.ignored.append(n); continue }
            switch infer(fileName: n) {
            case .success(let facts):
                plan.entries.append(
                    BulkEntry(
                        file: folder.appendingPathComponent(n), state: facts.state, language: facts.language,
                        items: facts.items, source: "the file name"))
            case .failure(let reason):
                plan.refused.append(BulkOutcome(file: SafeName.withVisibleControls(n), status: .refused, reason: reason.message, warnings: []))
            }
        }
        return plan
    }

    /// A symbolic link in an imported folder, skipped: the outcome that names it and says why.
    static func skippedLink(_ name: String, in folder: URL) -> BulkOutcome {
        let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: folder.appendingPathComponent(name).path)) ?? "?"
        return BulkOutcome(
            file: name, status: .refused,
            reason:
                "skipped: it is a symbolic link (to \(SafeName.visible(target))), and import-folder does not follow links. Copy the file itself into the folder, or register it with `crp register`, which records the link",
            warnings: [])
    }

    /// Why a file name says too little.
    public struct NameError: Error, Equatable {
        public let message: String
    }

    /// State, items and language from a name like `peru-item2.es.txt`, `cote-d-ivoire-item2+3.fr.docx`
    /// or `Peru_items_2_3.es.eml`; the State is checked when the import runs.
    public static func infer(fileName: String) -> Result<(state: String, items: [Int], language: String), NameError> {
        var how = "Name it like peru-item2.es.txt (State-itemN.language.extension) or list it in a manifest (--manifest)"
        // Controls in a name (a bidi override) are shown, not stripped, so that the officer sees why it fails.
        let shown = SafeName.withVisibleControls(fileName)
        if shown != fileName { how = "The name holds invisible control characters (shown as <U+…>): rename the file without them. " + how }
        var parts = fileName.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 3 else {
            return .failure(NameError(message: "\(shown): the name does not say the State, agenda item and language. \(how)."))
        }
        parts.removeLast()  // extension
        let language = parts.removeLast().lowercased()
        guard LocaleCatalog.officialLanguages.contains(language) else {
            return .failure(NameError(message: "\(shown): \"\(language)\" is not one of the six official languages (ar, zh, en, fr, ru, es). \(how)."))
        }
        let stem = parts.joined(separator: ".")
        // The last "item" (or "items") preceded by a separator starts the items.
        let lower = stem.lowercased()
        var found: Range<String.Index>? = nil
        var search = lower.startIndex..<lower.endIndex
        while let r = lower.range(of: "item", range: search) {
            if r.lowerBound > lower.startIndex, "-_ ".contains(lower[lower.index(before: r.lowerBound)]) { found = r }
            search = r.upperBound..<lower.endIndex
        }
        guard let r = found else {
            return .failure(NameError(message: "\(shown): the name does not say the agenda item (\"-item2\"). \(how)."))
        }
        var tail = lower[r.upperBound...]
        if tail.hasPrefix("s") { tail = tail.dropFirst() }
        let numbers = tail.split(whereSeparator: { "+-_, &".contains($0) })
        let items = numbers.compactMap { Int($0) }
        guard !items.isEmpty, items.count == numbers.count else {
            return .failure(NameError(message: "\(shown): \"\(stem[r.lowerBound...])\" does not give agenda item numbers. \(how)."))
        }
        let state = stem[..<stem.index(before: r.lowerBound)].replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " ")
            .trimmingCharacters(in: .whitespaces)
        guard !state.isEmpty else {
            return .failure(NameError(message: "\(shown): the name does not say the State. \(how)."))
        }
        return .success((state, items, language))
    }

    // MARK: - Manifests

    /// Reads a manifest: CSV (`file,state,language,items,received[,encoding]`, comma, semicolon
    /// or tab separated, any encoding `crp` can detect) or YAML (a list of maps with those keys,
    /// at the top or under `files:`). Rows with bad values are refused one by one; a manifest
    /// without the needed columns is refused as a whole.
    public static func parseManifest(_ url: URL, folder: URL) throws -> (entries: [BulkEntry], refused: [BulkOutcome]) {
        let name = url.lastPathComponent
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw StoreError.fileMissing(url.path) }
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            throw IntakeError.badManifest(file: name, line: nil, detail: "it is empty")
        }
        let text: String
        do { text = try Intake.decodePlain(data, file: name, encoding: nil).text } catch {
            throw IntakeError.badManifest(
                file: name, line: nil, detail: "it is not text in an encoding crp can tell (save it as UTF-8; in Excel, \"CSV UTF-8\")")
        }
        let ext = url.pathExtension.lowercased()
        let rows: [(line: Int, fields: [String: String])]
        if ext == "yaml" || ext == "yml" {
            rows = try yamlRows(text, file: name)
        } else {
            rows = try csvRows(text, file: name)
        }
        var entries: [BulkEntry] = []
        var refused: [BulkOutcome] = []
        for (line, f) in rows {
            let where_ = "\(name) line \(line)"
            let file = f["file"] ?? ""
            func refuse(_ why: String) {
                refused.append(
                    BulkOutcome(
                        file: file.isEmpty ? where_ : file, status: .refused, state: f["state"], language: f["language"],
                        reason: "\(where_): \(why)", warnings: []))
            }
            guard !file.isEmpty else { refuse("no file is named. Write the file name in the file column."); continue }
            guard let state = f["state"], !state.isEmpty else { refuse("no State is given. Write it in the state column."); continue }
            guard let language = f["language"], !language.isEmpty else { refuse("no language is given. Write ar, zh, en, fr, ru or es."); continue }
            let itemWords = (f["items"] ?? "").split(whereSeparator: { ";, +\t".contains($0) })
            let items = itemWords.compactMap { Int($0) }
            guard !items.isEmpty, items.count == itemWords.count else {
                refuse("\"\(f["items"] ?? "")\" is not a list of agenda item numbers. Write them like 2 or 2;3."); continue
            }
            var received: CalendarDate? = nil
            if let r = f["received"], !r.isEmpty {
                do { received = try CalendarDate(iso: r) } catch { refuse(describe(error)); continue }
            }
            let fileURL = file.hasPrefix("/") ? URL(fileURLWithPath: file) : folder.appendingPathComponent(file)
            var entry = BulkEntry(
                file: fileURL, state: state, language: language, items: items, received: received,
                encoding: f["encoding"].flatMap { $0.isEmpty ? nil : $0 }, source: where_)
            entry.part = f["part"].flatMap { $0.isEmpty ? nil : $0 }
            entries.append(entry)
        }
        return (entries, refused)
    }

    static let columns = ["file", "state", "language", "items", "received", "encoding", "part"]
    static let columnAliases = ["item": "items", "date": "received", "lang": "language", "filename": "file", "country": "state"]

    static func column(_ header: String) -> String {
        let h = header.trimmingCharacters(in: .whitespaces).lowercased()
        return columnAliases[h] ?? h
    }

    /// CSV rows as maps from column to value, with their line numbers (RFC 4180 quoting).
    static func csvRows(_ text: String, file: String) throws -> [(line: Int, fields: [String: String])] {
        let records = parseCSV(text)
        guard
            let headerIndex = records.firstIndex(where: {
                !$0.fields.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } && !($0.fields.first ?? "").hasPrefix("#")
            })
        else {
            throw IntakeError.badManifest(file: file, line: nil, detail: "it is empty")
        }
        let header = records[headerIndex].fields.map(column)
        for needed in ["file", "state", "language", "items"] where !header.contains(needed) {
            throw IntakeError.badManifest(
                file: file, line: records[headerIndex].line,
                detail: "the header has no \"\(needed)\" column (it reads: \(records[headerIndex].fields.joined(separator: ", ")))")
        }
        var rows: [(line: Int, fields: [String: String])] = []
        for r in records[(headerIndex + 1)...] {
            if r.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) || (r.fields.first ?? "").hasPrefix("#") { continue }
            var f: [String: String] = [:]
            for (i, v) in r.fields.enumerated() where i < header.count { f[header[i]] = v.trimmingCharacters(in: .whitespaces) }
            rows.append((r.line, f))
        }
        return rows
    }

    /// Splits CSV text into records; the separator is the first of tab, semicolon or comma found
    /// in the first line outside quotes (Excel writes semicolons in many locales).
    static func parseCSV(_ text: String) -> [(line: Int, fields: [String])] {
        let isLineEnd: (Character) -> Bool = { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }  // "\r\n" is one Character
        let firstLine = text.prefix { !isLineEnd($0) }
        let sep: Character = firstLine.contains("\t") ? "\t" : (firstLine.contains(";") && !firstLine.contains(",") ? ";" : ",")
        var records: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var cur = ""
        var quoted = false
        var line = 1
        var recordLine = 1
        var chars = Array(text)
        if chars.first == "\u{FEFF}" { chars.removeFirst() }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < chars.count && chars[i + 1] == "\"" { cur.append("\""); i += 2; continue }
                    quoted = false
                } else {
                    if isLineEnd(c) { line += 1 }
                    cur.append(c)
                }
                i += 1
                continue
            }
            switch c {
            case "\"": quoted = true
            case sep: fields.append(cur); cur = ""
            case "\n", "\r\n", "\r":
                fields.append(cur)
                records.append((recordLine, fields))
                fields = []
                cur = ""
                line += 1
                recordLine = line
            default: cur.append(c)
            }
            i += 1
        }
        if !cur.isEmpty || !fields.isEmpty {
            fields.append(cur)
            records.append((recordLine, fields))
        }
        return records
    }

    /// YAML rows: a sequence of maps, at the top or under `files:` / `submissions:`.
    static func yamlRows(_ text: String, file: String) throws -> [(line: Int, fields: [String: String])] {
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch {
            throw IntakeError.badManifest(file: file, line: nil, detail: "it is not valid YAML (\(error))")
        }
        var list = node?.sequence
        if list == nil, let map = node?.mapping {
            list = (map["files"] ?? map["submissions"])?.sequence
        }
        guard let list else {
            throw IntakeError.badManifest(
                file: file, line: nil, detail: "it is not a list of files (write \"- file: peru-item2.es.txt\" then state, language, items, received)")
        }
        var rows: [(line: Int, fields: [String: String])] = []
        for item in list {
            guard let map = item.mapping else {
                throw IntakeError.badManifest(file: file, line: item.mark.map { $0.line }, detail: "an entry is not a map of file, state, language, items")
            }
            var f: [String: String] = [:]
            for (k, v) in map {
                guard let key = k.scalar?.string else { continue }
                if let s = v.scalar?.string {
                    f[column(key)] = s
                } else if let seq = v.sequence {
                    f[column(key)] = seq.compactMap { $0.scalar?.string }.joined(separator: ";")
                }
            }
            rows.append((item.mark.map { $0.line } ?? 0, f))
        }
        return rows
    }
}

/// The sameness rule of registration (`Store.register`: the same bytes or text for the same State
/// is a duplicate, for another State a refusal without `--allow-same-text`) applied before
/// anything is registered, to the store and to the files earlier in the same import, so that a
/// dry run says what registration would.
struct SamenessLedger {
    /// sha256 + "\t" + state → id, or "#file" for a file earlier in the import.
    var known: [String: String] = [:]
    /// Text sha256 + "\t" + state → id or "#file".
    var knownText: [String: String] = [:]
    /// sha256 → id or "#file", with its States.
    var otherBytes: [String: (label: String, states: [String])] = [:]
    /// Text sha256 → id or "#file", with its States.
    var otherText: [String: (label: String, states: [String])] = [:]

    init(store: Store) throws {
        for summary in try StatusIndex(store: store).summaries() {
            for state in summary.states {
                for h in summary.byteHashes { known[h + "\t" + state] = summary.id }
                for t in summary.textHashes { knownText[t + "\t" + state] = summary.id }
            }
            for h in summary.byteHashes where otherBytes[h] == nil { otherBytes[h] = (summary.id, summary.states) }
            for t in summary.textHashes where otherText[t] == nil { otherText[t] = (summary.id, summary.states) }
        }
    }

    /// Sets `outcome` to a duplicate or a refusal, or to ready (then remembers the file for
    /// the entries after it and returns true).
    mutating func judge(_ outcome: inout BulkOutcome, bytes byteHash: String, text textHash: String, state: String, file name: String) -> Bool {
        let key = byteHash + "\t" + state
        if let existing = known[key] {
            outcome.status = .duplicate
            outcome.id = existing
            outcome.reason =
                existing.hasPrefix("#")
                ? "the same bytes as \(existing.dropFirst()) earlier in this import, for the same State"
                : "already registered for \(state) as \(existing)"
        } else if let same = knownText[textHash + "\t" + state] {
            // Other bytes, same text (an e-mail and its attachment saved apart, another encoding).
            outcome.status = .duplicate
            outcome.id = same.hasPrefix("#") ? nil : same
            outcome.reason =
                same.hasPrefix("#")
                ? "the same text as \(same.dropFirst()) earlier in this import, for the same State"
                : "the same text is already registered for \(state) as \(same) (from another file or encoding)"
        } else if let other = otherBytes[byteHash] ?? otherText[textHash] {
            let how: StoreError.Sameness = otherBytes[byteHash] != nil ? .bytes : .text
            outcome.reason =
                other.label.hasPrefix("#")
                ? BulkImport.sameTextInImport(file: name, earlier: String(other.label.dropFirst()), states: other.states, how: how)
                : BulkImport.describe(StoreError.sameTextOtherState(existing: other.label, states: other.states, how: how))
        } else {
            known[key] = "#" + name
            knownText[textHash + "\t" + state] = "#" + name
            otherBytes[byteHash] = ("#" + name, [state])
            otherText[textHash] = ("#" + name, [state])
            outcome.status = .ready
            return true
        }
        return false
    }
}
