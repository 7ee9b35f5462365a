import Foundation
import Intake
import Memory
import MultilingualText
import Platform
import Submissions

/// One problem `crp verify` found.
public struct Problem: Codable, Equatable, Sendable {
    public var id: String
    public var file: String
    public var problem: String
    /// True when `crp verify --repair` can fix it (derived data only).
    public var repairable: Bool
    /// True once `--repair` rebuilt the file (then it is reported as repaired, not as a problem).
    public var repaired: Bool = false

    enum CodingKeys: String, CodingKey { case id, file, problem, repairable }

    public init(id: String, file: String, problem: String, repairable: Bool) {
        self.id = id; self.file = file; self.problem = problem; self.repairable = repairable
    }
}

/// What `verify` found: the problems that remain, and what `--repair` rebuilt (with what was wrong).
public struct VerifyReport: Sendable {
    public var problems: [Problem]
    public var repaired: [Problem]
    /// How many submissions were checked.
    public var submissions: Int
    /// The submissions whose history is not sealed (written before events were chained):
    /// `crp verify --seal` seals them.
    public var unsealed: [String] = []
    /// Leftovers of interrupted commands that `--repair` moved aside (`problem` says where to).
    public var movedAside: [Problem] = []
    /// The summary of each submission checked, when asked for (`report(summaries:)`), in id order.
    public var summaries: [SubmissionSummary] = []
    /// The events of each submission checked, with their paths in the workspace
    /// ("<id>/events/<name>.json"), when summaries were asked for: `crp sync` names what came in
    /// from them without reading them again.
    public var events: [(path: String, event: Event)] = []
}

/// Checks every stored hash, every derived file against its original, and every history; repairs
/// derived files, never originals.
public struct Verifier: Sendable {
    public let store: Store
    public let catalog: LocaleCatalog
    /// The readers that stored files are read back with (XLIFF translations need Exchange's).
    public let readers: ReaderRegistry

    public init(store: Store, catalog: LocaleCatalog, readers: ReaderRegistry) {
        self.store = store
        self.catalog = catalog
        self.readers = readers
    }

    /// The charset to read a stored file with again, so that derived text is rebuilt exactly as at
    /// registration: the one recorded for every kind whose text was decoded (Word and XLIFF files
    /// are UTF-8 XML by definition).
    static func replayEncoding(_ f: StoredFile) -> String? {
        f.kind == .docx || f.kind == .xliff ? nil : f.encoding
    }

    /// Lists the problems; with `repair`, rebuilds missing or stale derived files first and lists
    /// what remains.
    public func verify(repair: Bool = false) throws -> [Problem] {
        try report(repair: repair).problems
    }

    /// `verify`, with the derived files `repair` rebuilt listed apart from the problems that remain.
    /// `only`: check these submission folders (and the leftovers of the whole store), not every
    /// one (`crp sync` checks what changed since the last sync and what a merge brought in).
    /// `hashesOnly`: folders checked without deriving their text again (Verifier+Merged.swift).
    /// `leftoversOfOnly`: look for leftovers in the `only` folders, not the whole store (after a
    /// merge: git brings no leftover, and the rest was checked before the merge). `summaries`:
    /// keep each checked submission's summary in the report (the duplicate check of a sync).
    public func report(
        repair: Bool = false, only: Set<String>? = nil, hashesOnly: Set<String> = [], leftoversOfOnly: Bool = false,
        listed: [String: [String]] = [:], summaries: Bool = false
    ) throws -> VerifyReport {
        try report(repair: repair, only: only, hashesOnly: hashesOnly, leftoversOfOnly: leftoversOfOnly, listed: listed, summaries: summaries, checked: [:])
    }

    /// `report`, with folders already checked (by id: what `check(folder:)` found in them) taken
    /// as they are when they are among `hashesOnly` (`crp sync` checks the folders a merge brings
    /// whole while git writes the rest).
    func report(
        repair: Bool, only: Set<String>?, hashesOnly: Set<String>, leftoversOfOnly: Bool, listed: [String: [String]], summaries: Bool,
        checked: [String: Checked]
    ) throws -> VerifyReport {
        let fm = FileManager.default
        let names = ((try? fm.contentsOfDirectory(atPath: store.root.path)) ?? []).filter {
            !$0.hasPrefix(".") && $0 != TranslationMemory.folderName && $0 != PaperHistory.folderName && only?.contains($0) ?? true
        }.sorted()
        // Submissions are independent: check them on every core, report in id order.
        let found = Locked([Checked?](repeating: nil, count: names.count))
        let rootPath = store.root.path
        DispatchQueue.concurrentPerform(iterations: names.count) { i in
            let name = names[i]
            if hashesOnly.contains(name), let done = checked[name] {
                found.withLock { $0[i] = done }
                return
            }
            let path = rootPath + "/" + name
            // One look for most folders: a registration is there only in a folder.
            let registered = FileManager.default.fileExists(atPath: path + "/" + StoreLayout.registration)
            var isDir: ObjCBool = false
            guard registered || (FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue) else { return }
            let folder = URL(fileURLWithPath: path, isDirectory: true)
            let result: Checked
            if !registered {
                result = Checked(problems: [Problem(id: name, file: name, problem: "folder without \(StoreLayout.registration)", repairable: false)])
            } else {
                result = check(folder: folder, id: name, repair: repair, derive: !hashesOnly.contains(name), summary: summaries)
            }
            found.withLock { $0[i] = result }
        }
        let results = found.current
        let all = results.flatMap { $0?.problems ?? [] }
        var known: [String: NamedFolders] = [:]
        var unsealed: [String] = []
        for (name, r) in zip(names, results) {
            guard let r, r.registered else { continue }
            if let named = r.named { known[name] = named }
            if !(r.sealed ?? store.isSealed(name)) { unsealed.append(name) }
        }
        let (left, moved) = try leftovers(repair: repair, known: known, only: leftoversOfOnly ? only : nil, listed: listed)
        let tm = try memoryProblems(repair: repair)
        // paper.yaml's history of conflicts, when it is among what is checked.
        let paperHistory = only?.contains(PaperHistory.folderName) ?? true ? PaperHistory.problems(store) : []
        return VerifyReport(
            problems: all.filter { !$0.repaired } + left + tm.problems + paperHistory, repaired: all.filter(\.repaired) + tm.repaired,
            submissions: results.filter { $0?.registered == true }.count, unsealed: unsealed, movedAside: moved,
            summaries: results.compactMap { $0?.summary },
            events: summaries ? results.flatMap { $0?.events ?? [] } : [])
    }

    /// What checking one folder found: its problems, and what its events name (nil when it could
    /// not be read) with whether its history is sealed.
    struct Checked: Sendable {
        var problems: [Problem]
        var registered = false
        var named: NamedFolders? = nil
        var sealed: Bool? = nil
        /// The submission's summary, when asked for (`report(summaries:)`).
        var summary: SubmissionSummary? = nil
        /// Its events by path in the workspace, with the summary.
        var events: [(String, Event)] = []
    }

    /// The translation memory's imports and indexes (`TranslationMemory.check`), as problems.
    func memoryProblems(repair: Bool) throws -> (problems: [Problem], repaired: [Problem]) {
        let problems: [TranslationMemory.Problem], repaired: [TranslationMemory.Problem]
        do { (problems, repaired) = try TranslationMemory(store: store).check(repair: repair) } catch {
            let why = (error as? LocalizedError)?.errorDescription ?? "\(error)"
            return ([Problem(id: "translation memory", file: TranslationMemory.folderName, problem: "cannot be checked: \(why)", repairable: false)], [])
        }
        func convert(_ p: TranslationMemory.Problem, _ done: Bool) -> Problem {
            var q = Problem(id: "translation memory", file: p.file, problem: p.problem, repairable: p.repairable)
            q.repaired = done
            return q
        }
        return (problems.map { convert($0, false) }, repaired.map { convert($0, true) })
    }

    /// Leftovers of interrupted commands and links in the store (`Store.leftovers`), as problems;
    /// with `repair`, each leftover is moved into `.crp/orphans/<stamp>/` (never deleted) and
    /// listed apart. Looked for under the store lock when it can be taken, so that a command
    /// between its two steps (its folder published, its event not yet written) is not caught.
    func leftovers(repair: Bool, known: [String: NamedFolders], only: Set<String>? = nil, listed: [String: [String]] = [:]) throws -> (
        problems: [Problem], moved: [Problem]
    ) {
        let inside = (try? store.requireInside(store.root.appendingPathComponent(StoreLayout.privateFolder))) != nil
        let storeLock = inside ? try? StoreLock(store.root.appendingPathComponent("\(StoreLayout.privateFolder)/lock")) : nil
        defer { withExtendedLifetime(storeLock) {} }
        var problems: [Problem] = []
        var moved: [Problem] = []
        let stamp = Clock.compactStamp(store.clock.now()) + "-" + FileIO.randomHex(2)
        for l in store.leftovers(known: known, only: only, listed: listed) {
            var p = Problem(id: l.id, file: l.path, problem: l.what, repairable: l.movable)
            if repair && l.movable {
                do {
                    let to = try store.moveAside(l, stamp: stamp)
                    p.problem += "; moved aside to \(to)"
                    p.repaired = true
                    moved.append(p)
                    continue
                } catch {
                    p.problem += "; it could not be moved aside: \((error as? LocalizedError)?.errorDescription ?? "\(error)")"
                }
            }
            problems.append(p)
        }
        return (problems, moved)
    }

    /// Verifies the store, then seals every history that is not sealed yet and has no problem
    /// (a history found wrong is not sealed, which would vouch for it). Returns the report made
    /// before sealing and the ids sealed.
    public func seal(by: String) throws -> (report: VerifyReport, sealed: [String]) {
        let report = try report()
        let wrong = Set(report.problems.map(\.id))
        let sealed = try store.seal(report.unsealed.filter { !wrong.contains($0) }, by: by)
        return (report, sealed)
    }

    func check(folder: URL, id: String, repair: Bool, derive: Bool = true, summary: Bool = false) -> Checked {
        var out: [Problem] = []
        func add(_ file: String, _ p: String, _ r: Bool = false) { out.append(Problem(id: id, file: "\(id)/\(file)", problem: p, repairable: r)) }
        let audit: Store.Audit
        // The analysis is read where it is checked (checkVersion, versionHashes), not decoded here too.
        do { audit = try store.audit(id: id, analysis: false) } catch {
            add("", (error as? LocalizedError)?.errorDescription ?? "\(error)")
            return Checked(problems: out, registered: true)
        }
        let sub = audit.submission
        let rec = sub.record
        if rec.id != id { add(StoreLayout.registration, "records id \(rec.id) but lives in folder \(id)") }
        // The chain of the history, and every step through the commands' rules.
        for f in audit.history.findings { add(f.file, f.problem) }
        // History.
        let events = sub.events
        if events.first?.action != .registered { add("\(StoreLayout.events)/", "the history does not start with the registration") }
        for e in events where e.action == .translated {
            guard let t = e.translation else { add("\(StoreLayout.events)/", "a translated event names no translation"); continue }
            if !FileManager.default.fileExists(atPath: folder.path + "/\(StoreLayout.translations)/\(t)/\(StoreLayout.translationRecord)") {
                add("\(StoreLayout.translations)/\(t)", "the history refers to a translation that is not stored")
            }
        }
        // Proofread transcriptions: written once, never removed, checked against their recorded hash.
        for e in events where e.action == .proofread {
            guard let t = e.transcription else { continue }
            out +=
                derive
                ? checkTranscription(t, event: e, of: sub, folder: folder, id: id, repair: repair) : transcriptionHash(t, event: e, folder: folder, id: id)
        }
        // Every version of the original: its bytes, derived text and analysis.
        var current: TextAnalysis? = nil
        let folderPath = folder.path
        for v in sub.versions {
            let file = v.file.file
            guard let original = FileManager.default.contents(atPath: folderPath + "/" + file) else {
                add(file, "the original is missing; restore it from a copy of the workspace")
                continue
            }
            if FileIO.sha256(original) != v.file.sha256 {
                add(
                    file,
                    "the original's SHA-256 does not match the one recorded when it was received: the file was altered; restore it from a copy of the workspace (an original is never rewritten; a new text from the State is registered with `crp revise \(id) FILE`)"
                )
                continue
            }
            out +=
                derive
                ? checkVersion(v, of: sub, folder: folder, id: id, original: original, repair: repair)
                : versionHashes(v, of: sub, folder: folder, id: id, decoded: { if v.number == sub.version { current = $0 } })
        }
        return Checked(
            problems: out
                + checkTranslations(
                    folder: folder, id: id, repair: repair, derive: derive,
                    recorded: Dictionary(
                        events.compactMap { e in e.translation.flatMap { t in e.translationSHA256.map { (t, $0) } } }, uniquingKeysWith: { a, _ in a })),
            registered: true, named: NamedFolders(sub),
            sealed: audit.history.sealed, summary: summary ? store.summary(of: Self.withAnalysis(sub, current)) : nil,
            events: summary ? zip(audit.eventFiles, events).map { ("\(id)/\($0)", $1) } : [])
    }

    /// `sub` with the current version's analysis already read, unless a corrected transcription
    /// has its own (the summary reads that one).
    static func withAnalysis(_ sub: Submission, _ analysis: TextAnalysis?) -> Submission {
        guard let analysis, !sub.events.contains(where: { $0.action == .proofread }) else { return sub }
        var s = sub
        s.analysis = analysis
        return s
    }

    /// One version's derived text and analysis. Text a program extracted (LibreOffice, poppler,
    /// OCR) is checked against the hash recorded when it was received, and the program is run again
    /// only to repair (another program version may read differently); other text is read again.
    func checkVersion(_ v: OriginalVersion, of sub: Submission, folder: URL, id: String, original: Data, repair: Bool) -> [Problem] {
        var out: [Problem] = []
        func add(_ file: String, _ p: String, _ r: Bool = false) { out.append(Problem(id: id, file: "\(id)/\(file)", problem: p, repairable: r)) }
        let rec = sub.record
        let derived = folder.appendingPathComponent(v.folder)
        func readAgain() throws -> ReceivedText { try read(v, of: sub, original: original) }
        for (file, problem) in Self.unreadCropProblems(v, derived: derived.path) { add(file, problem) }
        do {
            var text: String
            var readerWarnings: [String]
            let stored = try? String(contentsOf: derived.appendingPathComponent(StoreLayout.text), encoding: .utf8)
            if let x = v.file.extraction, let recorded = x.textSHA256 {
                readerWarnings = (try store.derivedAnalysis(sub, version: v.number))?.warnings ?? []
                if stored.map(FileIO.sha256) == recorded {
                    text = stored!
                } else if !repair {
                    add(
                        v.folder + StoreLayout.text,
                        stored == nil ? "the derived text is missing" : "the derived text differs from what \(x.tool) gave when it was received", true)
                    return out
                } else {
                    let again = try readAgain()
                    guard FileIO.sha256(again.text) == recorded else {
                        add(
                            v.folder + StoreLayout.text,
                            "the derived text differs from what \(x.tool) gave when it was received, and reading the original again here gives yet another text (another program version?): restore \(StoreLayout.text) from a copy of the workspace"
                        )
                        return out
                    }
                    try store.writeDerived(Data(again.text.utf8), name: StoreLayout.text, in: derived)
                    add(
                        v.folder + StoreLayout.text,
                        stored == nil ? "the derived text was missing" : "the derived text differed from what \(x.tool) gave when it was received", true)
                    out[out.count - 1].repaired = true
                    text = again.text
                    readerWarnings = again.warnings
                }
                // The analyzer's own findings are recomputed; what the reader noticed stays as recorded.
                let lang = try catalog.language(rec.language)
                let own = try Analyzer.analyze(text: text, language: rec.language, expectedScripts: lang.scripts, source: v.file.sha256).warnings
                readerWarnings = readerWarnings.filter { !own.contains($0) }
            } else {
                let received = try readAgain()
                text = received.text
                readerWarnings = received.warnings
                if stored != received.text {
                    add(
                        v.folder + StoreLayout.text, stored == nil ? "the derived text is missing" : "the derived text differs from what the original gives",
                        true)
                    if repair { try store.writeDerived(Data(received.text.utf8), name: StoreLayout.text, in: derived); out[out.count - 1].repaired = true }
                }
            }
            // The whole analysis is compared with a fresh one: a changed count is as wrong as a changed hash.
            let (stale, fresh) = try staleAnalysis(text: text, readerWarnings: readerWarnings, version: v, of: sub)
            if let stale {
                add(v.folder + StoreLayout.analysis, stale, true)
                if repair {
                    try store.writeDerived(try Store.encode(fresh), name: StoreLayout.analysis, in: derived)
                    out[out.count - 1].repaired = true
                }
            }
        } catch StoreError.ioFailure(let file, let reason) {
            add(
                Self.derivedName(file, folder: folder, version: v),
                "the derived file could not be written (\(reason)); the original is fine. Make the workspace writable and run `crp verify --repair` again")
        } catch let e as StoreError {
            if case .outsideStore = e {
                add(v.folder, e.errorDescription ?? "\(e)")
            } else {
                add(v.file.file, "the original can no longer be read: \(e.errorDescription ?? "\(e)")")
            }
        } catch {
            add(v.file.file, "the original can no longer be read: \((error as? LocalizedError)?.errorDescription ?? "\(error)")")
        }
        return out
    }

    /// Reads a version's original again as registration read it (its encoding, the e-mail part
    /// taken, its language for OCR), without the limits of intake: it was accepted once.
    func read(_ v: OriginalVersion, of sub: Submission, original: Data) throws -> ReceivedText {
        let part = v.file.kind == .eml ? sub.parts(ofVersion: v.number)?.first(where: \.taken)?.name : nil
        let rec = sub.record
        return try Intake.read(
            data: original, name: v.file.file,
            options: IntakeOptions(
                encoding: Self.replayEncoding(v.file), maxBytes: Int.max, readers: readers, letters: ListLetters(catalog), part: part,
                language: rec.language, limits: ConversionLimits(maxPages: Int.max, maxMegapixels: .infinity)))
    }

    /// Why a version's stored analysis is wrong (missing, unreadable, stale or altered), nil when it
    /// equals a fresh one; and the fresh one. The reader's own warnings are kept as recorded.
    func staleAnalysis(text: String, readerWarnings: [String], version v: OriginalVersion, of sub: Submission) throws -> (String?, TextAnalysis) {
        let rec = sub.record
        let lang = try catalog.language(rec.language)
        var fresh = try Analyzer.analyze(text: text, language: rec.language, expectedScripts: lang.scripts, source: v.file.sha256)
        fresh.warnings += readerWarnings
        let current = try store.derivedAnalysis(sub, version: v.number)
        if current == fresh { return (nil, fresh) }
        return (current == nil ? "the analysis is missing or unreadable" : "the analysis is stale or was altered", fresh)
    }

    /// The derived file a failed write was for, relative to the submission's folder: the temporary
    /// file of an atomic write (`.tmp-<tag>-<name>`) stands for the file it was to replace.
    static func derivedName(_ file: String, folder: URL, version v: OriginalVersion) -> String {
        var name = file.hasPrefix(folder.path + "/") ? String(file.dropFirst(folder.path.count + 1)) : v.folder + StoreLayout.text
        if let slash = name.lastIndex(of: "/").map({ name.index(after: $0) }) ?? Optional(name.startIndex),
            name[slash...].hasPrefix(".tmp-"), name[slash...].count > 22
        {
            name = String(name[..<slash]) + String(name[slash...].dropFirst(22))
        }
        return name
    }

    /// A corrected transcription (`proofread/<…>/text.txt`): present, with the SHA-256 recorded in
    /// its event (a changed transcription is reported like a changed original, and never
    /// repaired), and its analysis (`analysis.json` beside it) equal to a fresh one — missing in
    /// stores written before transcriptions had their own analysis, and rebuilt by `--repair`.
    func checkTranscription(_ t: String, event e: Event, of sub: Submission, folder: URL, id: String, repair: Bool) -> [Problem] {
        var out: [Problem] = []
        func add(_ file: String, _ p: String, _ r: Bool = false) { out.append(Problem(id: id, file: "\(id)/\(file)", problem: p, repairable: r)) }
        let dir = folder.appendingPathComponent(t)
        guard let text = try? String(contentsOf: dir.appendingPathComponent(StoreLayout.text), encoding: .utf8) else {
            add(t + StoreLayout.text, "the history refers to a corrected transcription that is not stored")
            return out
        }
        if let recorded = e.transcriptionSHA256, FileIO.sha256(text) != recorded {
            add(
                t + StoreLayout.text,
                "the corrected transcription's SHA-256 does not match the one recorded when it was proofread: the file was altered; restore it from a copy of the workspace (a new transcription is recorded with `crp proofread \(id) FILE`)"
            )
            return out
        }
        let number = e.version ?? 1
        guard number >= 1, number <= sub.versions.count else { return out }
        do {
            let rec = sub.record
            let lang = try catalog.language(rec.language)
            var fresh = try Analyzer.analyze(text: text, language: rec.language, expectedScripts: lang.scripts, source: sub.versions[number - 1].file.sha256)
            let current = store.analysis(in: dir)
            // What the reader noticed in the corrected file stays as recorded.
            fresh.warnings += (current?.warnings ?? []).filter { !fresh.warnings.contains($0) }
            if current != fresh {
                add(
                    t + StoreLayout.analysis,
                    current == nil
                        ? "the analysis of the corrected transcription is missing or unreadable"
                        : "the analysis of the corrected transcription is stale or was altered", true)
                if repair {
                    try store.writeDerived(try Store.encode(fresh), name: StoreLayout.analysis, in: dir)
                    out[out.count - 1].repaired = true
                }
            }
        } catch {
            add(t + StoreLayout.text, "the corrected transcription can no longer be analysed: \((error as? LocalizedError)?.errorDescription ?? "\(error)")")
        }
        return out
    }

    /// `recorded`: the SHA-256 of each translation's derived text, by translation id, as its
    /// `translated` event recorded it (events written before it was recorded have none).
    func checkTranslations(folder: URL, id: String, repair: Bool, derive: Bool = true, recorded: [String: String] = [:]) -> [Problem] {
        var out: [Problem] = []
        func add(_ file: String, _ p: String, _ r: Bool = false) { out.append(Problem(id: id, file: "\(id)/\(file)", problem: p, repairable: r)) }
        // Translations.
        let tdirPath = folder.path + "/" + StoreLayout.translations
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: tdirPath, isDirectory: &isDir), isDir.boolValue else { return out }
        let tdir = folder.appendingPathComponent(StoreLayout.translations)
        for t in ((try? FileManager.default.contentsOfDirectory(atPath: tdirPath)) ?? []).sorted() where !t.hasPrefix(".") {
            let dir = tdir.appendingPathComponent(t)
            guard let data = try? Data(contentsOf: dir.appendingPathComponent(StoreLayout.translationRecord)),
                let tr = try? JSONDecoder().decode(TranslationRecord.self, from: data)
            else {
                add("\(StoreLayout.translations)/\(t)/\(StoreLayout.translationRecord)", "the translation record is missing or unreadable")
                continue
            }
            guard let bytes = try? Data(contentsOf: dir.appendingPathComponent(tr.original.file)), FileIO.sha256(bytes) == tr.original.sha256 else {
                add(
                    "\(StoreLayout.translations)/\(t)/\(tr.original.file)",
                    "the translation as received is missing or altered; restore it from a copy of the workspace (a new translation is attached with `crp translate \(id) FILE`)"
                )
                continue
            }
            if !derive {
                if let p = Self.translationTextProblem(dir) {
                    add("\(StoreLayout.translations)/\(t)/\(StoreLayout.text)", p)
                } else if let r = recorded[t], FileManager.default.contents(atPath: dir.appendingPathComponent(StoreLayout.text).path).map(FileIO.sha256) != r {
                    add(
                        "\(StoreLayout.translations)/\(t)/\(StoreLayout.text)",
                        "the translation's text is not the one stored when it was attached: it was altered; restore it from a copy of the workspace (a new translation is attached with `crp translate \(id) FILE`)"
                    )
                }
                continue
            }
            do {
                let received = try Intake.read(
                    data: bytes, name: tr.original.file,
                    options: IntakeOptions(encoding: Self.replayEncoding(tr.original), maxBytes: Int.max, readers: readers, letters: ListLetters(catalog)))
                let stored = try? String(contentsOf: dir.appendingPathComponent(StoreLayout.text), encoding: .utf8)
                if stored != received.text {
                    add("\(StoreLayout.translations)/\(t)/\(StoreLayout.text)", "the derived translation text is missing or stale", true)
                    if repair, (try? store.writeDerived(Data(received.text.utf8), name: StoreLayout.text, in: dir)) != nil {
                        out[out.count - 1].repaired = true
                    }
                }
            } catch {
                add(
                    "\(StoreLayout.translations)/\(t)/\(tr.original.file)",
                    "the translation as received can no longer be read: \((error as? LocalizedError)?.errorDescription ?? "\(error)")")
            }
        }
        return out
    }
}
