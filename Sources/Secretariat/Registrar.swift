import Foundation
import Intake
import MultilingualText
import Submissions

/// Registration, translation, correction and revision as the officer does them: read the file,
/// check it against the declared language and State, store it, and report what deserves attention.
public struct Registrar: Sendable {
    public let store: Store
    public let catalog: LocaleCatalog
    /// Checks the declared language beyond its script (libexttextcat); nil: the one of the
    /// languages listed in `Locales/textcat.conf` (all of Debian's when it is missing).
    public var languageIdentifier: LanguageIdentifier? = nil

    var identifier: LanguageIdentifier? {
        if let languageIdentifier { return languageIdentifier }
        let list = catalog.folder.appendingPathComponent("textcat.conf").path
        return FileManager.default.fileExists(atPath: list) ? LanguageIdentifier.shared(conf: list) : LanguageIdentifier.system
    }

    public init(store: Store, catalog: LocaleCatalog) {
        self.store = store
        self.catalog = catalog
    }

    /// Refusals the officer may override, and why (recorded in the history).
    public struct Overrides: Sendable {
        /// Accept a text whose script is not the declared language's, or a date long before the session.
        public var force: Bool
        /// Accept a text already registered for another State.
        public var allowSameText: Bool
        public var reason: String?
        public init(force: Bool = false, allowSameText: Bool = false, reason: String? = nil) {
            self.force = force; self.allowSameText = allowSameText; self.reason = reason
        }

        public static let none = Overrides()
    }

    /// A registration request.
    public struct Request: Sendable {
        public var file: URL
        /// The State, or every State of a joint text.
        public var states: [String]
        public var language: String
        public var items: [Int]
        public var received: CalendarDate?
        public var by: String
        public var options: IntakeOptions
        public var strict: Bool
        public var overrides: Overrides
        public init(
            file: URL, states: [String], language: String, items: [Int], received: CalendarDate? = nil, by: String,
            options: IntakeOptions = IntakeOptions(), strict: Bool = false, overrides: Overrides = Overrides()
        ) {
            self.file = file; self.states = states; self.language = language; self.items = items
            self.received = received; self.by = by; self.options = options; self.strict = strict; self.overrides = overrides
        }

        /// One State.
        public init(
            file: URL, state: String, language: String, items: [Int], received: CalendarDate? = nil, by: String,
            options: IntakeOptions = IntakeOptions(), strict: Bool = false
        ) {
            self.init(file: file, states: [state], language: language, items: items, received: received, by: by, options: options, strict: strict)
        }
    }

    /// Checks what the officer typed, before any file is read.
    public func checkRequest(state: String, language: String, items: [Int]) throws -> (state: String, language: LanguageResources) {
        let (states, lang) = try checkRequest(states: [state], language: language, items: items)
        return (states[0], lang)
    }

    /// Checks what the officer typed for one or several States, before any file is read; returns
    /// the canonical names (repeats removed) and the language.
    public func checkRequest(states typed: [String], language: String, items: [Int]) throws -> (states: [String], language: LanguageResources) {
        let lang = try catalog.language(language)
        var states: [String] = []
        for t in typed {
            let name = try catalog.canonicalState(t)
            if !states.contains(name) { states.append(name) }
        }
        try store.paper.checkStates(states)
        try store.paper.checkItems(items)
        return (states, lang)
    }

    /// Refuses a date received after today, and (unless forced) one more than a year before the session.
    public func checkReceived(_ date: CalendarDate, force: Bool) throws {
        let today = store.clock.today()
        if date > today { throw StoreError.receivedInFuture(date.description, today: today.description) }
        if !force && date.days(to: store.paper.dates.from) > 366 {
            throw StoreError.receivedLongBefore(date.description, session: store.paper.dates.from.description)
        }
    }

    /// Registers a file; returns the new submission and the warnings found.
    public func register(_ r: Request) throws -> (submission: Submission, findings: [Finding]) {
        try r.overrides.requireReason()
        let (states, lang) = try checkRequest(states: r.states, language: r.language, items: r.items)
        if let date = r.received { try checkReceived(date, force: r.overrides.force) }
        if let streamed = try registerStreaming(r, states: states, language: lang) { return streamed }
        var options = r.options
        options.language = lang.code  // OCR reads in the declared language
        var received = try Intake.read(r.file, options: options)
        if let declared = r.options.encoding, received.kind == .text || received.kind == .markdown,
            let doubt = TextDecoder.doubt(
                received.bytes, declared: declared, file: received.name, language: lang.code,
                next:
                    "Register it again with --encoding {detected} (or without --encoding: crp detects it); if {declared} is right after all, add --force --reason TEXT."
            )
        {
            if !r.overrides.force { throw doubt }
            received.warnings.append("--encoding \(declared) kept with --force, although \(doubt.detected) reads the bytes better")
        }
        var done = try register(
            received, states: states, language: lang, items: r.items, date: r.received, by: r.by, strict: r.strict,
            overrides: r.overrides, options: r.options)
        // One registration at a time (the CLI's and the desk's); a bulk import checks its files by hash.
        done.findings += sameWords(as: done.submission, text: received.text)
        return done
    }

    /// Registers text already read (bulk import reads first, then registers).
    public func register(
        _ received: ReceivedText, states: [String], language lang: LanguageResources, items: [Int],
        date: CalendarDate?, by: String, strict: Bool, overrides: Overrides = .none,
        options: IntakeOptions = IntakeOptions()
    ) throws -> (submission: Submission, findings: [Finding]) {
        try Self.refuseXLIFF(received)
        let (date, fromMessage) = receivedDate(date, sent: received.sentDate, at: received.sentAt)
        try checkReceived(date, force: overrides.force)
        var (analysis, findings) = try Analyzer.examine(
            text: received.text, facts: received.facts, language: lang.code,
            expectedScripts: lang.scripts, source: FileIO.sha256(received.bytes))
        analysis.warnings += received.warnings
        var done = try complete(
            received, analysis: analysis, findings: findings, states: states, language: lang, items: items, date: date,
            by: by, strict: strict, overrides: overrides, options: options, staged: nil)
        if let note = fromMessage { done.findings.insert(.warning("register.date-from-message", note), at: 0) }
        return done
    }

    /// The date received: the officer's, else an e-mail's `Date:` header (said in a note), else today.
    /// With the instant it was sent (`at`), the day is the one at the duty station (paper.yaml's
    /// `timezone`): an e-mail sent at 23:30 in Mexico City arrived the next morning in Vienna.
    func receivedDate(_ given: CalendarDate?, sent written: CalendarDate?, at: Date? = nil) -> (CalendarDate, note: String?) {
        if let given { return (given, nil) }
        let today = store.clock.today()
        let local = at.map { CalendarDate($0, in: store.clock.timeZone) }
        guard let sent = local ?? written else { return (today, nil) }
        if let written, sent != written {
            let zone = store.paper.timezone ?? store.clock.timeZone.identifier
            if sent > today {
                return (
                    today,
                    "the e-mail's Date: header gives \(written) in the sender's time, \(sent) here, after today: date received \(today) (give --received to set another)"
                )
            }
            return (
                sent,
                "date received \(sent), from the e-mail's Date: header (\(written) in the sender's time, \(sent) in \(zone)); give --received to set another"
            )
        }
        if sent > today {
            return (today, "the e-mail's Date: header gives \(sent), after today: date received \(today) (give --received to set another)")
        }
        return (sent, "date received \(sent), from the e-mail's Date: header (give --received to set another)")
    }

    /// The end of a registration once the text is analysed: the script check, the notes, the
    /// store. `staged` holds the original and text already written by a stream (then
    /// `received.bytes` is only the file's first MiB and `received.text` is empty).
    func complete(
        _ received: ReceivedText, analysis: TextAnalysis, findings: [Analyzer.Finding], states: [String],
        language lang: LanguageResources, items: [Int], date: CalendarDate, by: String, strict: Bool, overrides: Overrides,
        options: IntakeOptions, staged: StagedOriginal?
    ) throws -> (submission: Submission, findings: [Finding]) {
        var notes: [String] = []
        if let mismatch = findings.first(where: { if case .scriptMismatch = $0 { true } else { false } }) {
            if strict {
                throw scriptRefusal(
                    received, language: lang, analysis: analysis, finding: mismatch, options: options,
                    next: "Check --language and --encoding; under --strict a text in another script is refused even with --force.")
            }
            if !overrides.force {
                throw scriptRefusal(received, language: lang, analysis: analysis, finding: mismatch, options: options)
            }
            notes.append("registered with --force despite: \(mismatch.message)")
        }
        var languageWarning: String? = nil
        if !received.text.isEmpty,
            var d = LanguageCheck.disagreement(received.text, declared: lang.code, file: SafeName.displayName(received.name), identifier: identifier)
        {
            if strict { d.refused = true; throw d }
            languageWarning = d.errorDescription
        }
        if overrides.allowSameText { notes.append("--allow-same-text") }
        if let link = received.link { notes.append(link) }
        if overrides.force && date.days(to: store.paper.dates.from) > 366 { notes.append("date received long before the session accepted with --force") }
        let note = notes.isEmpty ? nil : notes.joined(separator: "; ") + (overrides.reason.map { " (reason: \($0))" } ?? "")
        let input = Self.input(
            received, analysis: analysis, states: states, language: lang.code, items: items, date: date, by: by,
            allowSameText: overrides.allowSameText, note: note)
        let sub = try store.register(input, staged: staged)
        var warnings = analysis.warnings.map { Finding.warning("intake.text", $0) }
        if let languageWarning {
            warnings.append(
                .warning("register.language", subject: sub.id, languageWarning.replacingOccurrences(of: "crp amend ID ", with: "crp amend \(sub.id) ")))
        }
        if store.isLate(sub) {
            warnings.append(
                .warning("register.late", subject: sub.id, "received \(sub.record.received), after the deadline \(store.paper.deadline): marked late"))
        }
        let afterSession = store.paper.dates.to.days(to: sub.record.received)
        if afterSession > 0 && afterSession <= 366 {
            warnings.append(
                .warning(
                    "register.after-session", subject: sub.id,
                    "received \(sub.record.received), after the session's last day (\(store.paper.dates.to)): the session is over; check the date received, or that this workspace's paper.yaml is the paper these comments are for"
                ))
        }
        if afterSession > 366 {
            warnings.append(
                .warning(
                    "register.long-after-session", subject: sub.id,
                    "received \(sub.record.received), more than a year after the session (\(store.paper.dates.from) to \(store.paper.dates.to)): check that this workspace's paper.yaml is the paper these comments are for (`crp init` starts a new one)"
                ))
        }
        return (sub, warnings)
    }

    /// What the store records of a file read: its bytes, text and analysis, the parts of what
    /// arrived and what the reader noticed (the one place a read file becomes a registration's or
    /// a revision's input).
    static func input(
        _ received: ReceivedText, analysis: TextAnalysis, states: [String], language: String, items: [Int],
        date: CalendarDate, by: String, allowSameText: Bool = false, note: String? = nil
    ) -> RegistrationInput {
        var input = RegistrationInput(
            originalBytes: received.bytes, receivedName: received.name, kind: received.kind,
            fileExtension: received.storedExtension, encoding: received.encoding, text: received.text, analysis: analysis,
            states: states, language: language, items: items, received: date, by: by,
            companions: received.companions, allowSameText: allowSameText, note: note,
            extraction: Self.recorded(received))
        input.parts = received.parts
        input.readerWarnings = received.warnings
        input.derivedFiles = received.derivedFiles
        return input
    }

    /// The refusal of a text that is not in a script of the declared language, with the charsets
    /// that would give that script when the bytes were plain text in a legacy charset.
    /// `next` says what to do with the options of the command refused (default: registration's).
    func scriptRefusal(
        _ received: ReceivedText, language lang: LanguageResources, analysis: TextAnalysis, finding: Analyzer.Finding,
        options: IntakeOptions,
        next: String = "Check --language and --encoding; if the text really is as declared, add --force --reason TEXT."
    ) -> IntakeError {
        var found: [String] = analysis.scripts
        if case .scriptMismatch(_, _, let f) = finding { found = f }
        // Letters mostly in another official language's script, read from valid UTF-8 or a
        // document: the declared language is the likelier mistake, not the encoding.
        let others = LocaleCatalog.officialLanguages.filter { code in
            code != lang.code && found.first.map { (catalog.languages[code]?.scripts ?? []).contains($0) } == true
        }
        let sureOfBytes = !(received.kind == .text || received.kind == .markdown) || received.encoding == "UTF-8"
        var next = next
        if !others.isEmpty && sureOfBytes {
            let names = others.map { "\(catalog.languages[$0]?.name ?? $0) (--language \($0))" }
            next = "Its letters are those of \(names.joined(separator: " or ")): register it again with the right --language. " + next
        }
        let candidates =
            (received.kind == .text || received.kind == .markdown) && !(sureOfBytes && !others.isEmpty)
            ? TextDecoder.candidates(received.bytes, giving: lang.scripts, except: received.encoding) : []
        return IntakeError.wrongScript(
            file: SafeName.displayName(received.name), language: lang.name, expected: lang.scripts, found: found,
            decodedAs: received.kind == .text || received.kind == .markdown ? received.encoding : nil,
            candidates: candidates, next: next)
    }

    /// How the text was extracted, with the hash of the text given (checked by `crp verify`).
    static func recorded(_ r: ReceivedText) -> Extraction? {
        guard var x = r.extraction else { return nil }
        x.textSHA256 = FileIO.sha256(r.text)
        return x
    }

    /// Records the proofreading of OCR text: `file` nil confirms the text as read; otherwise the
    /// file (any readable kind) is the corrected transcription, checked to be in the declared
    /// language's script, stored beside the OCR output.
    /// `overrides.force` (with its reason, recorded in the event) accepts a transcription whose
    /// letters are not in the declared language's script, as registration does.
    public func proofread(
        _ sub: Submission, file: URL?, by: String, options: IntakeOptions = IntakeOptions(),
        overrides: Overrides = .none
    ) throws -> Submission {
        guard let file else { return try confirm(sub, by: by, overrides: overrides) }
        let lang = try catalog.language(sub.record.language)
        var options = options
        options.language = lang.code
        let received = try Intake.read(file, options: options)
        try Self.refuseXLIFF(received)
        if received.extraction?.requiresProofreading == true {
            throw ProofreadingRefused("\(SafeName.displayName(received.name)) is itself a scan: give the corrected transcription as a .txt or .docx file.")
        }
        // Counted as the text of the scanned original it transcribes (its source is that original's hash).
        var (analysis, findings) = try Analyzer.examine(
            text: received.text, facts: received.facts, language: lang.code,
            expectedScripts: lang.scripts, source: sub.currentVersion.file.sha256)
        var note: String? = nil
        if let mismatch = findings.first(where: { if case .scriptMismatch = $0 { true } else { false } }) {
            if !overrides.force {
                throw scriptRefusal(
                    received, language: lang, analysis: analysis, finding: mismatch, options: options,
                    next:
                        "Check that it is the transcription of \(sub.id) and its --encoding; if the declared language is wrong, correct it first with `crp amend \(sub.id) --language CODE --reason TEXT`; if the text really is as declared, add --force --reason TEXT."
                )
            }
            note = "accepted with --force despite: \(mismatch.message)" + (overrides.reason.map { " (reason: \($0))" } ?? "")
        }
        // A transcription is the State's text in its language: another language in the same script
        // (the English translation given for a French scan) would become the State's original.
        if note == nil,
            let d = LanguageCheck.disagreement(received.text, declared: lang.code, file: SafeName.displayName(received.name), identifier: identifier)
        {
            let reads = "\(d.file) reads as \(d.found.joined(separator: " or ")), not \(d.declared) (libexttextcat)"
            if !overrides.force {
                throw ProofreadingRefused(
                    "\(reads), so it is not the transcription of \(sub.id)'s scan: a transcription is the State's text as the scan shows it, not its translation. Nothing was stored. Check the file; if the declared language is wrong, correct it first with `crp amend \(sub.id) --language CODE --reason TEXT`; if it really is the transcription, add --force --reason TEXT."
                )
            }
            note = "accepted with --force although \(reads)" + (overrides.reason.map { " (reason: \($0))" } ?? "")
        }
        analysis.warnings += received.warnings.filter { !analysis.warnings.contains($0) }
        return try store.proofread(
            sub, corrected: received.text, analysis: analysis, receivedName: SafeName.displayName(received.name), by: by,
            note: [note, received.link].compactMap { $0 }.isEmpty ? nil : [note, received.link].compactMap { $0 }.joined(separator: "; "))
    }

    /// What a proofreading did to an earlier one of the same version (`before` is the submission
    /// as it was), in words for the officer; nil when it is the first. Nothing is deleted: an
    /// earlier corrected transcription stays in its folder and every proofreading in the history.
    public func reproofreadNote(before: Submission, after: Submission) -> String? {
        guard let last = before.events.last(where: { $0.action == .proofread && ($0.version ?? 1) == before.version }),
            after.events.count > before.events.count, let now = after.events.last(where: { $0.action == .proofread })
        else { return nil }
        let when = "on \(last.at.prefix(10)) by \(SafeText.oneLine(last.by))"
        let earlier =
            last.transcription.map { "the corrected transcription stored \(when) (\($0)\(StoreLayout.text))" } ?? "the confirmation of the OCR text \(when)"
        let what: String
        switch (last.transcription, now.transcription) {
        case (nil, nil): what = "The OCR text was confirmed again; it was already confirmed \(when)."
        case (nil, .some(let t)): what = "The corrected transcription (\(t)\(StoreLayout.text)) replaces \(earlier): it is now the text used."
        case (.some, nil): what = "The OCR text is confirmed and is again the text used, instead of \(earlier), which stays stored."
        case (.some, .some(let t)): what = "The corrected transcription (\(t)\(StoreLayout.text)) replaces \(earlier), which stays stored."
        }
        return what + " Every proofreading stays in the history (`crp log \(after.id)`)."
    }

    /// Attaches a translation after checking that it is needed and is not the original again.
    /// `overrides.force` (with its reason, recorded in the event) accepts a text refused for its script.
    public func translate(
        _ sub: Submission, file: URL, kind: TranslationRecord.Kind, source: TranslationSource? = nil,
        translator: String?, by: String, options: IntakeOptions = IntakeOptions(),
        overrides: Overrides = .none
    ) throws -> Submission {
        if sub.status == .withdrawn { throw StoreError.withdrawn(id: sub.id) }
        try refuseUnneeded(sub)
        try sub.requireProofread("translated")
        var options = options
        options.language = store.paper.language
        let received = try Intake.read(file, options: options)
        try Self.refuseXLIFF(received)
        if received.extraction?.requiresProofreading == true { throw FormatError.scannedTranslation(file: SafeName.displayName(received.name)) }
        return try attach(
            received, to: sub, kind: kind, source: source, translator: translator, by: by, note: received.link,
            overrides: overrides, overridable: true)
    }

    /// What attaching a translation did to the one that was current before (`before` is the
    /// submission as it was), in words for the officer; nil when none was current. The earlier
    /// translation is not deleted: its folder stays under translations/ and its event in the history.
    public func replacementNote(before: Submission, after: Submission) -> String? {
        guard let old = before.translationID, old != after.translationID,
            let previous = try? store.translation(id: old, in: before).record
        else { return nil }
        var s = "Replaced the translation attached on \(previous.attachedAt.prefix(10)) by \(SafeText.oneLine(previous.attachedBy))"
        s +=
            " (\(SafeText.oneLine(previous.original.receivedName))); it stays stored (\(StoreLayout.translations)/\(previous.id)) and in the history (`crp log \(after.id)`)."
        if before.status == .reviewed || before.status == .included {
            s +=
                " The submission was \(before.status.rawValue); the new translation is not reviewed, so it is back to \(after.status.rawValue): review it with `crp review \(after.id)`."
        }
        return s
    }

    /// An original already in the paper's language needs no translation: its own text is printed.
    func refuseUnneeded(_ sub: Submission) throws {
        if sub.record.language == store.paper.language {
            let name = (try? catalog.language(store.paper.language).name) ?? store.paper.language
            throw StoreError.translationNotNeeded(id: sub.id, language: name)
        }
    }

    /// An XLIFF file comes back from a translator through `crp import`, which checks every unit's
    /// source against the stored original; taking its targets blindly here would skip that check.
    static func refuseXLIFF(_ r: ReceivedText) throws {
        if r.kind == .xliff {
            throw IntakeError.unsupported(
                file: SafeName.displayName(r.name),
                detail:
                    "this is an XLIFF file from a translation tool. Take it in with `crp import \(SafeName.displayName(r.name))`, which checks each paragraph's source against the stored original and attaches the translation"
            )
        }
    }

    /// Attaches translation text already read (CAT-tool import uses this too).
    public func attach(
        _ received: ReceivedText, to sub: Submission, kind: TranslationRecord.Kind, source: TranslationSource? = nil,
        translator: String?, by: String, note: String? = nil, overrides: Overrides = .none,
        overridable: Bool = false
    ) throws -> Submission {
        if sub.status == .withdrawn { throw StoreError.withdrawn(id: sub.id) }
        try refuseUnneeded(sub)
        try sub.requireProofread("translated")
        var notes = note.map { [$0] } ?? []
        if let overridden = try checkTranslation(
            received.text, of: sub, file: SafeName.displayName(received.name), force: overrides.force,
            overridable: overridable)
        {
            notes.append("attached with --force despite: \(overridden.scriptFinding)" + (overrides.reason.map { " (reason: \($0))" } ?? ""))
        }
        let note = notes.isEmpty ? nil : notes.joined(separator: "; ")
        let input = TranslationInput(
            originalBytes: received.bytes, receivedName: received.name, kind: received.kind,
            fileExtension: received.kind.fileExtension, encoding: received.encoding, text: received.text,
            translationKind: kind, source: source, translator: translator, by: by, note: note)
        return try store.attachTranslation(input, to: sub)
    }

    /// Refuses the original itself, a "translation" that is mostly in the original's script, and one
    /// that is not mostly in the script(s) of the paper's language (the locale catalog's, as for
    /// originals at registration). With `force` the two script refusals are not thrown but returned,
    /// for the caller to record; the same text as the original is always refused. `overridable`:
    /// the caller takes --force --reason, so the refusal may offer them.
    @discardableResult
    public func checkTranslation(
        _ text: String, of sub: Submission, file: String, force: Bool = false,
        overridable: Bool = false
    ) throws -> IntakeError? {
        let original = try store.originalText(sub)
        if sub.record.language != store.paper.language,
            try Normalizer.searchKey(original) == Normalizer.searchKey(text)
        {
            throw IntakeError.translationSameAsOriginal(file: file)
        }
        let paper = try catalog.language(store.paper.language)
        var refusal = Self.scriptRefusal(translation: text, original: original, paper: paper, file: file, overridable: overridable)
        // In the paper's script but another language: another submission's original, the wrong file.
        if refusal == nil, let d = LanguageCheck.disagreement(text, declared: paper.code, file: file, identifier: identifier) {
            refusal = IntakeError.translationInAnotherLanguage(file: file, language: paper.name, found: d.found, overridable: overridable)
        }
        if let refusal, !force { throw refusal }
        return refusal
    }

    /// The script refusal of a translation, if any: mostly in a script of the original that the
    /// paper's language does not use, or mostly outside the paper language's scripts.
    static func scriptRefusal(
        translation text: String, original: String, paper: LanguageResources, file: String,
        overridable: Bool
    ) -> IntakeError? {
        for script in Scripts.dominant(original) where !paper.scripts.contains(script) {
            let share = Scripts.share(of: script, in: text)
            if share > 0.5 { return IntakeError.translationInOriginalScript(file: file, script: script, share: Int(share * 100), overridable: overridable) }
        }
        let census = Scripts.census(text)
        let total = census.reduce(0) { $0 + $1.letters }
        guard total > 0, !paper.scripts.isEmpty else { return nil }
        let inPaper = census.filter { paper.scripts.contains($0.script) }.reduce(0) { $0 + $1.letters }
        if Double(inPaper) / Double(total) > 0.5 { return nil }
        return IntakeError.translationWrongScript(
            file: file, language: paper.name, expected: paper.scripts,
            found: census.prefix(3).map(\.script), share: inPaper * 100 / total, overridable: overridable)
    }

    /// A correction of a registration: only the fields given; nil leaves a field as it is.
    public struct Correction: Sendable {
        public var states: [String]?
        public var language: String?
        public var items: [Int]?
        public var received: CalendarDate?
        public var force: Bool
        /// The charset the current version's plain-text original is to be read in again.
        public var encoding: String?
        public init(
            states: [String]? = nil, language: String? = nil, items: [Int]? = nil, received: CalendarDate? = nil, force: Bool = false,
            encoding: String? = nil
        ) {
            self.states = states; self.language = language; self.items = items; self.received = received; self.force = force
            self.encoding = encoding
        }
    }

    /// Corrects a submission's State(s), language, items or date received: an `amended` event with
    /// every change as before → after. A language change re-derives the analysis of every version.
    ///
    /// A language change re-derives the counts of every version. When the current version was read
    /// by OCR and is not yet proofread, its text is read again by OCR in the new language (with
    /// `options`' readers and limits) before anything is stored, and must still be proofread.
    public func amend(_ sub: Submission, _ c: Correction, reason: String?, by: String, options: IntakeOptions = IntakeOptions()) throws -> Submission {
        guard let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines), !reason.isEmpty else {
            throw StoreError.reasonRequired(action: "amend", id: sub.id)
        }
        let r = sub.record
        var a = Amendment()
        if let typed = c.states {
            let (states, _) = try checkRequest(states: typed, language: r.language, items: r.items)
            if states != r.allStates { a.states = .init(before: r.allStates, after: states) }
        }
        var newLanguage: LanguageResources? = nil
        if let code = c.language {
            let lang = try catalog.language(code)
            if lang.code != r.language {
                a.language = .init(before: r.language, after: lang.code)
                newLanguage = lang
            }
        }
        if let items = c.items {
            try store.paper.checkItems(items)
            let sorted = Array(Set(items)).sorted()
            if sorted != r.items { a.items = .init(before: r.items, after: sorted) }
        }
        if let date = c.received {
            try checkReceived(date, force: c.force)
            if date != r.received { a.received = .init(before: r.received, after: date) }
        }
        let current = sub.versions[sub.versions.count - 1]
        var reencoded: (text: String, analysis: TextAnalysis, old: String)? = nil
        if let wanted = c.encoding {
            let lang = try newLanguage ?? catalog.language(r.language)
            if let e = try reencode(sub, version: current, encoding: wanted, language: lang, options: options) {
                a.encoding = .init(before: current.file.encoding ?? "", after: e.encoding)
                reencoded = (e.text, e.analysis, try store.derivedText(sub, version: current.number))
            }
        }
        if a.isEmpty { throw StoreError.nothingToAmend(id: sub.id) }
        if reencoded != nil {
            a.superseded =
                current.folder + "\(StoreLayout.superseded)/" + Clock.stamp(store.clock.now()).replacingOccurrences(of: ":", with: "") + "-"
                + FileIO.randomHex(4) + "/\(StoreLayout.text)"
        }
        var reread: String? = nil
        var crops: [String: Data] = [:]
        if let lang = newLanguage, sub.needsProofreading, let before = current.file.extraction, before.method == .ocr || before.method == .mixed {
            var o = options
            o.language = lang.code
            o.encoding = Verifier.replayEncoding(current.file)
            let original = try Data(contentsOf: sub.folder.appendingPathComponent(current.file.file))
            let again = try Intake.read(data: original, name: current.file.file, options: o)
            if let after = Self.recorded(again) {
                a.reread = .init(before: before, after: after)
                reread = again.text
                crops = again.derivedFiles
            }
        }
        if let e = reencoded, let path = a.superseded {
            // The text read before stays stored, written once, before the event that replaces it.
            let url = sub.folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileIO.writeNew(e.old, to: url, mode: 0o444)
        }
        let updated = try store.amend(sub, a, reason: reason, by: by)
        if let e = reencoded {
            let folder = updated.folder.appendingPathComponent(current.folder)
            try store.writeDerived(Data(e.text.utf8), name: StoreLayout.text, in: folder)
            try store.writeDerived(try Store.encode(e.analysis), name: StoreLayout.analysis, in: folder)
        }
        if let text = reread {
            try store.writeDerived(Data(text.utf8), name: StoreLayout.text, in: updated.folder.appendingPathComponent(current.folder))
            // The crops of the lines the new reading could not read (recorded in the amendment's extraction).
            for (name, data) in crops where StoreLayout.isUnreadCrop(name) {
                try store.writeDerived(data, name: name, in: updated.folder.appendingPathComponent(current.folder))
            }
        }
        if let lang = newLanguage { try rederive(updated, from: r.language, language: lang) }
        return try store.load(id: updated.id)
    }

    /// The current version's plain-text original read again in `encoding`: the text, its analysis
    /// and the charset's recorded name; nil when it is the charset already recorded. Refused for
    /// originals whose charset is not the officer's to choose (Word, PDF, e-mail…), for an
    /// encoding that does not decode the bytes, that reads them clearly worse than another one,
    /// or that gives text outside the language's script.
    func reencode(
        _ sub: Submission, version: OriginalVersion, encoding: String, language lang: LanguageResources,
        options: IntakeOptions
    ) throws -> (text: String, analysis: TextAnalysis, encoding: String)? {
        let file = version.file
        guard file.kind == .text || file.kind == .markdown else {
            throw StoreError.encodingNotChosen(id: sub.id, kind: file.kind.rawValue)
        }
        guard let canonical = Charsets.canonicalName(encoding) else {
            throw IntakeError.unknownEncoding(file: file.receivedName, name: encoding)
        }
        if let before = file.encoding, Charsets.canonicalName(before) == canonical { return nil }
        let original = try Data(contentsOf: sub.folder.appendingPathComponent(file.file))
        if let doubt = TextDecoder.doubt(
            original, declared: encoding, file: file.receivedName, language: lang.code,
            next: "Give `crp amend \(sub.id) --encoding {detected} --reason TEXT`, or compare with `crp show \(sub.id)`.")
        {
            throw doubt
        }
        var o = options
        o.encoding = encoding
        o.language = lang.code
        var again = try Intake.read(data: original, name: file.receivedName, options: o)
        again.kind = file.kind
        let (analysis, findings) = try Analyzer.examine(
            text: again.text, facts: again.facts, language: lang.code,
            expectedScripts: lang.scripts, source: file.sha256)
        if let mismatch = findings.first(where: { if case .scriptMismatch = $0 { true } else { false } }) {
            throw scriptRefusal(
                again, language: lang, analysis: analysis, finding: mismatch, options: o,
                next: "Nothing was changed; give another --encoding to `crp amend \(sub.id)`.")
        }
        return (again.text, analysis, again.encoding ?? encoding)
    }

    /// Rewrites the analysis of every version for a language (derived files only). What the reader
    /// noticed in a file (tracked changes, comments) stays: the earlier analysis's warnings that the
    /// analyzer itself did not give in the earlier language.
    func rederive(_ sub: Submission, from previous: String, language lang: LanguageResources) throws {
        let old = try catalog.language(previous)
        for v in sub.versions {
            let text = try store.derivedText(sub, version: v.number)
            var analysis = try Analyzer.analyze(text: text, language: lang.code, expectedScripts: lang.scripts, source: v.file.sha256)
            if let before = try store.derivedAnalysis(sub, version: v.number) {
                let own = try Analyzer.analyze(text: text, language: old.code, expectedScripts: old.scripts, source: v.file.sha256).warnings
                analysis.warnings += before.warnings.filter { !own.contains($0) }
            }
            try store.writeDerived(try Store.encode(analysis), name: StoreLayout.analysis, in: sub.folder.appendingPathComponent(v.folder))
        }
        // Corrected transcriptions are counted in the new language too.
        for e in sub.events where e.action == .proofread {
            let number = e.version ?? 1
            guard let t = e.transcription, number >= 1, number <= sub.versions.count else { continue }
            let dir = sub.folder.appendingPathComponent(t)
            guard let text = try? String(contentsOf: dir.appendingPathComponent(StoreLayout.text), encoding: .utf8) else { continue }
            var analysis = try Analyzer.analyze(text: text, language: lang.code, expectedScripts: lang.scripts, source: sub.versions[number - 1].file.sha256)
            if let before = store.analysis(in: dir) {
                let own = try Analyzer.analyze(text: text, language: old.code, expectedScripts: old.scripts, source: sub.versions[number - 1].file.sha256)
                    .warnings
                analysis.warnings += before.warnings.filter { !own.contains($0) }
            }
            try store.writeDerived(try Store.encode(analysis), name: StoreLayout.analysis, in: dir)
        }
    }

    /// Takes a State's revised text as the next version of the original: the earlier versions and
    /// their translations stay stored; the translation becomes outdated and the status returns to
    /// `received`.
    public func revise(
        _ sub: Submission, file: URL, received date: CalendarDate?, reason: String, by: String,
        options: IntakeOptions = IntakeOptions()
    ) throws -> (submission: Submission, findings: [Finding]) {
        if sub.status == .withdrawn { throw StoreError.withdrawn(id: sub.id) }
        let lang = try catalog.language(sub.record.language)
        if let date { try checkReceived(date, force: false) }
        var options = options
        options.language = lang.code
        let received = try Intake.read(file, options: options)
        if let declared = options.encoding, received.kind == .text || received.kind == .markdown,
            let doubt = TextDecoder.doubt(
                received.bytes, declared: declared, file: received.name, language: lang.code,
                next: "Run `crp revise \(sub.id)` again with --encoding {detected}, or without --encoding: crp detects it.")
        {
            throw doubt
        }
        try Self.refuseXLIFF(received)
        let (date, fromMessage) = receivedDate(date, sent: received.sentDate, at: received.sentAt)
        try checkReceived(date, force: false)
        var (analysis, findings) = try Analyzer.examine(
            text: received.text, facts: received.facts, language: lang.code,
            expectedScripts: lang.scripts, source: FileIO.sha256(received.bytes))
        if let mismatch = findings.first(where: { if case .scriptMismatch = $0 { true } else { false } }) {
            throw scriptRefusal(
                received, language: lang, analysis: analysis, finding: mismatch, options: options,
                next:
                    "Check that it is the revised text of \(sub.id) and its --encoding; if the declared language is wrong, correct it first with `crp amend \(sub.id) --language CODE --reason TEXT`."
            )
        }
        analysis.warnings += received.warnings
        let input = Self.input(
            received, analysis: analysis, states: sub.record.allStates, language: lang.code, items: sub.record.items,
            date: date, by: by, note: received.link)
        let updated = try store.revise(sub, input, reason: reason)
        var warnings = analysis.warnings.map { Finding.warning("intake.text", $0) }
        if store.isLate(received: date) {
            let late =
                store.isLate(updated)
                ? "revised text received \(date), after the deadline \(store.paper.deadline); the submission was late already (first received \(updated.record.received))"
                : "revised text received \(date), after the deadline \(store.paper.deadline); the submission keeps the date it was first received, \(updated.record.received), and stays on time"
            warnings.append(.warning("revise.late", subject: updated.id, late))
        }
        if let note = fromMessage { warnings.insert(.warning("register.date-from-message", note), at: 0) }
        return (updated, warnings)
    }
}
