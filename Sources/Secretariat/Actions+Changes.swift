import Foundation
import Intake
import MultilingualText
import Submissions

// What an officer does that changes the store: one function each, on the `Workspace`, taking a
// typed request and returning the result with its findings. The `crp` commands and the web desk
// call these and nothing below them that writes; every rule is here or in `Store`, once.

extension Workspace {
    /// Refuses a change to the embedded reference store reached without naming it (`crp` found no
    /// workspace and fell back to the one it ships): changing it takes `--workspace`.
    public func requireChangeable() throws {
        if isEmbeddedFallback { throw StoreError.embeddedStoreIsReadOnly(path: store.root.path) }
    }

    // MARK: register

    /// Registers an original: reads it, checks State, language, items, dates, script and sameness,
    /// and stores it with its `registered` event.
    public func register(_ request: Registrar.Request) throws -> Outcome<Submission> {
        try requireChangeable()
        let (sub, found) = try registrar.register(request)
        let subject = SafeName.displayName(request.file.lastPathComponent)
        var findings = found.map { f in f.subject == nil ? Finding(f.code, f.severity, subject: subject, f.message) : f }
        findings += (sub.record.parts ?? []).map { Finding.note("register.part", subject: $0.name, SafeText.oneLine($0.line)) }
        if let x = sub.record.original.extraction, x.requiresProofreading {
            let why = x.caveats(for: sub.id).map { " " + SafeText.oneLine($0) + "." }.joined()
            findings.append(
                .warning(
                    "register.proofread", subject: sub.id,
                    "the text must be proofread before it is translated:\(why) Compare it with the original (`crp show \(sub.id)`), then confirm it with `crp proofread \(sub.id)` or store the corrected text with `crp proofread \(sub.id) FILE`"
                ))
        }
        return Outcome(sub, findings: findings)
    }

    // MARK: translate

    /// What `translate` is asked: the submission, the file, who translated.
    public struct TranslateRequest: Sendable {
        public var id: String
        public var file: URL
        /// Who translated (`--source`); the older `--kind` maps onto it.
        public var source: TranslationSource?
        public var kind: TranslationRecord.Kind?
        public var translator: String?
        public var by: String
        public var encoding: String?
        public var part: String?
        /// The largest file accepted, in bytes (nil: the workspace's limit).
        public var maxBytes: Int?
        public var overrides: Registrar.Overrides

        public init(
            id: String, file: URL, source: TranslationSource? = nil, kind: TranslationRecord.Kind? = nil, translator: String? = nil,
            by: String, encoding: String? = nil, part: String? = nil, maxBytes: Int? = nil, overrides: Registrar.Overrides = .none
        ) {
            self.id = id
            self.file = file
            self.source = source
            self.kind = kind
            self.translator = translator
            self.by = by
            self.encoding = encoding
            self.part = part
            self.maxBytes = maxBytes
            self.overrides = overrides
        }
    }

    /// Attaches the English translation; says what it replaced (which stays stored).
    public func translate(_ r: TranslateRequest) throws -> Outcome<Submission> {
        try requireChangeable()
        let sub = try store.resolve(r.id)
        let (kind, source) = TranslationSource.resolve(source: r.source, kind: r.kind)
        let updated = try registrar.translate(
            sub, file: r.file, kind: kind, source: source, translator: r.translator.map(SafeText.oneLine),
            by: r.by, options: intakeOptions(encoding: r.encoding, maxBytes: r.maxBytes, part: r.part),
            overrides: r.overrides)
        let replaced = registrar.replacementNote(before: sub, after: updated).map { [Finding.note("translation.replaced", subject: updated.id, $0)] }
        return Outcome(updated, findings: (replaced ?? []) + translationFit(updated))
    }

    // MARK: review, include, withdraw, reopen

    /// A move along received → translated → reviewed → included, a withdrawal or a step back.
    public struct MoveRequest: Sendable {
        public var id: String
        public var move: Transition
        public var reason: String?
        public var by: String

        public init(id: String, move: Transition, reason: String? = nil, by: String) {
            self.id = id
            self.move = move
            self.reason = reason
            self.by = by
        }
    }

    /// Records the move as an event, after the transition rules allow it.
    public func move(_ r: MoveRequest) throws -> Outcome<Submission> {
        try requireChangeable()
        let sub = try store.resolve(r.id)
        // Reviewing or including says which translation goes into the paper: with two attached at
        // two duty stations and none chosen, it would not say which.
        switch r.move {
        case .review, .include:
            let competing = store.competingTranslations(sub)
            if !competing.isEmpty { throw TranslationChoicePending(submission: sub.id, translations: competing, action: r.move) }
        default: break
        }
        if r.move == .review, (r.reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            let (drafts, file) = translationDrafts(sub)
            if drafts > 0 { throw DraftsInTranslation(submission: sub.id, drafts: drafts, file: file) }
        }
        return Outcome(try store.transition(sub, r.move, by: r.by, reason: r.reason.map(SafeText.oneLine)))
    }

    // MARK: amend

    /// A correction of the registration.
    public struct AmendRequest: Sendable {
        public var id: String
        public var correction: Registrar.Correction
        public var reason: String?
        public var by: String

        public init(id: String, correction: Registrar.Correction, reason: String?, by: String) {
            self.id = id
            self.correction = correction
            self.reason = reason
            self.by = by
        }
    }

    /// Records the correction as an `amended` event (before → after, in the findings).
    public func amend(_ r: AmendRequest) throws -> Outcome<Submission> {
        try requireChangeable()
        let sub = try store.resolve(r.id)
        let updated = try registrar.amend(sub, r.correction, reason: r.reason.map(SafeText.oneLine), by: r.by, options: intakeOptions(encoding: nil))
        let lines = updated.events.last?.amendment?.lines ?? []
        return Outcome(updated, findings: lines.map { Finding.note("amend.change", subject: updated.id, $0) })
    }

    // MARK: revise

    /// A State's revised text.
    public struct ReviseRequest: Sendable {
        public var id: String
        public var file: URL
        public var received: CalendarDate?
        public var reason: String?
        public var by: String
        public var encoding: String?
        public var part: String?
        public var maxBytes: Int?
        public var limits: ConversionLimits?

        public init(
            id: String, file: URL, received: CalendarDate? = nil, reason: String? = nil, by: String, encoding: String? = nil,
            part: String? = nil, maxBytes: Int? = nil, limits: ConversionLimits? = nil
        ) {
            self.id = id
            self.file = file
            self.received = received
            self.reason = reason
            self.by = by
            self.encoding = encoding
            self.part = part
            self.maxBytes = maxBytes
            self.limits = limits
        }
    }

    /// Stores the revised text as the next version; the earlier versions and translations stay.
    public func revise(_ r: ReviseRequest) throws -> Outcome<Submission> {
        try requireChangeable()
        let sub = try store.resolve(r.id)
        let (updated, found) = try registrar.revise(
            sub, file: r.file, received: r.received, reason: r.reason.map(SafeText.oneLine) ?? Registrar.defaultRevisionReason, by: r.by,
            options: intakeOptions(encoding: r.encoding, maxBytes: r.maxBytes, part: r.part, limits: r.limits))
        var findings = found.map { f in f.subject == nil ? Finding(f.code, f.severity, subject: updated.id, f.message) : f }
        findings += (updated.parts(ofVersion: updated.version) ?? []).map { Finding.note("revise.part", subject: $0.name, SafeText.oneLine($0.line)) }
        if let x = updated.currentVersion.file.extraction {
            findings.append(.note("revise.extraction", subject: updated.id, "extraction: " + SafeText.oneLine(x.summary)))
        }
        if updated.outdatedTranslationID != nil {
            findings.append(
                .note(
                    "translation.outdated", subject: updated.id,
                    "The translation of version \(updated.version - 1) is now outdated: attach the translation of the revised text with `crp translate \(updated.id) FILE`."
                ))
        }
        return Outcome(updated, findings: findings)
    }

    // MARK: proofread

    /// The proofreading of a scanned (OCR) text.
    public struct ProofreadRequest: Sendable {
        public var id: String
        /// The corrected transcription; nil confirms the OCR text.
        public var file: URL?
        public var by: String
        public var encoding: String?
        public var overrides: Registrar.Overrides

        public init(id: String, file: URL? = nil, by: String, encoding: String? = nil, overrides: Registrar.Overrides = .none) {
            self.id = id
            self.file = file
            self.by = by
            self.encoding = encoding
            self.overrides = overrides
        }
    }

    /// Records the proofreading; says what an earlier one it replaces.
    public func proofread(_ r: ProofreadRequest) throws -> Outcome<Submission> {
        try requireChangeable()
        let sub = try store.resolve(r.id)
        let updated = try registrar.proofread(sub, file: r.file, by: r.by, options: intakeOptions(encoding: r.encoding), overrides: r.overrides)
        var findings = registrar.reproofreadNote(before: sub, after: updated).map { [Finding.note("proofread.again", subject: updated.id, $0)] } ?? []
        if r.file == nil, let low = Self.lowConfidenceWarning(sub.currentVersion.file.extraction, id: sub.id) { findings.append(low) }
        if r.file != nil, let agreement = try? transcriptionAgreement(updated) {
            findings.append(
                agreement.questioned
                    ? Finding.warning(
                        "proofread.far-from-scan", subject: updated.id,
                        "The corrected transcription \(agreement.summary): check that it is the transcription of \(updated.id)'s scan and not of another letter. If it is not, give the right file (the earlier reading stays in the history)."
                    )
                    : Finding.note("proofread.agreement", subject: updated.id, "The corrected transcription \(agreement.summary)."))
        }
        return Outcome(updated, findings: findings)
    }

    /// Under this mean word confidence (0–100) an OCR text confirmed as read is questioned.
    public static let lowOCRConfidence = 70.0

    /// The warning for an OCR text confirmed as read (no corrected file) whose recorded mean
    /// confidence is low: Tesseract misreads many words of such a page (61.9 % left a State's
    /// letterhead merged into the next line), and a confirmation makes the text the State's.
    public static func lowConfidenceWarning(_ extraction: Extraction?, id: String) -> Finding? {
        guard let x = extraction, let c = x.meanConfidence, c < lowOCRConfidence else { return nil }
        let what = (x.pages ?? 1) > 1 ? "these pages" : "this page"
        return Finding.warning(
            "proofread.low-confidence", subject: id,
            "The OCR read \(what) at \(String(format: "%.1f", c)) % mean confidence: compare \(id)'s text with the scan line by line; if words are wrong, give the corrected transcription with `crp proofread \(id) FILE` (the confirmation stays in the history)."
        )
    }

    /// How the current transcription of a scan agrees with the OCR reading of its version.
    public func transcriptionAgreement(_ sub: Submission) throws -> TranscriptionAgreement {
        try TranscriptionAgreement(
            ocr: try store.derivedText(sub, version: sub.version), transcription: try store.originalText(sub), language: sub.record.language)
    }

    // MARK: import-folder

    /// A folder of originals registered in one go.
    public struct ImportFolderRequest: Sendable {
        public var folder: URL
        public var manifest: URL?
        public var received: CalendarDate?
        public var by: String
        public var strict: Bool
        public var dryRun: Bool
        public var maxBytes: Int?
        public var limits: ConversionLimits?

        public init(
            folder: URL, manifest: URL? = nil, received: CalendarDate? = nil, by: String, strict: Bool = false, dryRun: Bool = false,
            maxBytes: Int? = nil, limits: ConversionLimits? = nil
        ) {
            self.folder = folder
            self.manifest = manifest
            self.received = received
            self.by = by
            self.strict = strict
            self.dryRun = dryRun
            self.maxBytes = maxBytes
            self.limits = limits
        }
    }

    /// Checks every file first, then registers (unless a dry run); `progress` is told each step.
    public func importFolder(_ r: ImportFolderRequest, progress: (BulkProgress) -> Void = { _ in }) throws -> BulkSummary {
        if !r.dryRun { try requireChangeable() }
        let plan = try BulkImport.plan(folder: r.folder, manifest: r.manifest)
        var options = bulkOptions(received: r.received, by: r.by, strict: r.strict, dryRun: r.dryRun, maxBytes: r.maxBytes ?? maxBytes)
        options.announcements = catalog.attachmentAnnouncements
        options.limits = r.limits ?? limits
        return try BulkImport(registrar: registrar).run(plan, options: options, progress: progress)
    }
}

/// A review or an inclusion asked while two translations attached at two duty stations wait for
/// the officer's choice.
public struct TranslationChoicePending: Error, LocalizedError, Equatable {
    public let submission: String
    public let translations: [String]
    public let action: Transition

    public var errorDescription: String? {
        "\(submission) has \(translations.count) translations attached at different duty stations (\(translations.joined(separator: ", "))), and none is chosen yet, so it cannot be \(action == .review ? "reviewed" : "included"): choose the one for the paper with `crp translate \(submission) --use T` (`crp log \(submission)` shows who attached which), then \(action == .review ? "review" : "include") it. Nothing was changed."
    }
}
