import Exchange
import Foundation
import Intake
import MultilingualText
import Submissions

extension XLIFFTranslation {
    /// Reads an XLIFF file as a received translation: the file's bytes are kept as received, the
    /// text is the assembled targets in stored form (NFC, checked for control characters).
    public static func receivedText(_ data: Data, name: String) throws -> ReceivedText {
        let xliff = try XLIFFReader.parse(data, name: name)
        if xliff.files.count != 1 { throw ImportError.severalFiles(file: name, count: xliff.files.count) }
        return try receivedText(data, name: name, xliff: xliff)
    }

    static func receivedText(_ data: Data, name: String, xliff: XLIFFFile) throws -> ReceivedText {
        var r = try Intake.decodePlain(Data(assemble(xliff).utf8), file: name, encoding: "UTF-8")
        r.bytes = data
        r.kind = .xliff
        r.encoding = "UTF-8"
        r.name = name
        return r
    }
}

/// The XLIFF reader for intake's registry, so that stored XLIFF translations read back (for
/// `crp verify`) into the same text they were imported as.
public enum XLIFFIntake {
    /// Reads an XLIFF file's assembled targets as a received translation.
    public static let reader: ContentReader = { data, name, _ in try XLIFFTranslation.receivedText(data, name: name) }

    /// `registry` with the XLIFF reader added.
    public static func adding(to registry: ReaderRegistry) -> ReaderRegistry { registry.with(.xliff, reader) }
}

/// Takes translations back from XLIFF files: reads each file (`XLIFFReader`), matches it with a
/// submission of the store, checks the source is unchanged, and attaches the assembled targets as
/// the translation.
public struct XLIFFImporter {
    public let store: Store
    public let registrar: Registrar

    public init(store: Store, catalog: LocaleCatalog) {
        self.store = store
        self.registrar = Registrar(store: store, catalog: catalog)
    }

    /// An import ready to attach: what it is for and what it will attach.
    public struct Plan {
        public let file: String
        public let bytes: Data
        public let xliff: XLIFFFile
        public let submission: Submission
        public let received: ReceivedText
        /// Units without a complete target.
        public let missing: [String]
        /// The number of paragraphs.
        public let total: Int
        /// True when the assembled text is the translation already attached.
        public let unchanged: Bool
        /// Things worth a look that do not stop the import.
        public let warnings: [String]

        /// The note recorded with the translation.
        public var note: String {
            let what = "XLIFF \(xliff.version) import of \(file)"
            if missing.isEmpty { return "\(what): \(total) of \(total) paragraphs" }
            return "partial \(what): no translation for \(missing.joined(separator: ", ")) (\(missing.count) of \(total) paragraphs)"
        }
    }

    /// Reads and matches one file; refuses anything that does not fit. Changes nothing.
    public func plan(data: Data, name: String, allowPartial: Bool) throws -> Plan {
        let xliff = try XLIFFReader.parse(data, name: name)
        guard xliff.files.count == 1, let file = xliff.files.first else {
            throw ImportError.severalFiles(file: name, count: xliff.files.count)
        }
        // The submission: <file id> (XLIFF 2) or original="roompaper:<id>".
        let ids = try store.ids()
        var id: String?
        if let o = file.original, o.hasPrefix(XLIFFWriter.originalPrefix) { id = String(o.dropFirst(XLIFFWriter.originalPrefix.count)) }
        if id == nil, let fid = file.id, ids.contains(fid) { id = fid }
        guard let id else { throw ImportError.notRoomPaperExport(file: name, fileID: file.id ?? file.original) }
        guard ids.contains(id) else { throw ImportError.unknownSubmission(file: name, id: id) }
        let sub = try store.load(id: id)
        if sub.status == .withdrawn { throw ImportError.notTranslatable(file: name, id: id, reason: "it was withdrawn") }
        if sub.record.language == store.paper.language {
            throw ImportError.notTranslatable(file: name, id: id, reason: "it is in \(store.paper.language), the paper's language, so it needs no translation")
        }
        // Languages.
        if LanguageTag.primary(file.sourceLanguage) != LanguageTag.primary(sub.record.language) {
            throw ImportError.languageMismatch(file: name, what: "source language", expected: sub.record.language, found: file.sourceLanguage)
        }
        if let t = file.targetLanguage, LanguageTag.primary(t) != LanguageTag.primary(store.paper.language) {
            throw ImportError.languageMismatch(file: name, what: "target language", expected: store.paper.language, found: t)
        }
        // Units against paragraphs.
        let paragraphs = ExchangeText.paragraphs(try store.originalText(sub))
        var byNumber: [Int: XLIFFFile.Unit] = [:]
        for u in file.units {
            guard let n = XLIFFTranslation.paragraphNumber(u.id), n <= paragraphs.count else {
                throw ImportError.unknownUnit(file: name, unit: u.id, paragraphs: paragraphs.count)
            }
            if byNumber[n] != nil { throw ImportError.duplicateUnit(file: name, unit: u.id) }
            byNumber[n] = u
        }
        var missing: [String] = []
        var drafts = 0
        for (i, p) in paragraphs.enumerated() {
            guard let u = byNumber[i + 1] else { throw ImportError.missingUnit(file: name, unit: "p\(i + 1)") }
            let expected = ExchangeText.comparable(p), found = ExchangeText.comparable(u.sourceText)
            if expected != found {
                let at = ExchangeText.firstDifference(expected, found)
                throw ImportError.sourceChanged(
                    file: name, unit: u.id, expected: ExchangeText.excerpt(expected, from: at),
                    found: ExchangeText.excerpt(found, from: at))
            }
            if !u.isComplete || !u.translate { missing.append(u.id) }
            drafts +=
                u.parts.filter { p in
                    p.kind == .segment && p.target != nil && ["initial", "new", "needs-translation", "needs-review-translation"].contains(p.state ?? "")
                }.count
        }
        if missing.count == paragraphs.count {
            throw ImportError.missingTargets(file: name, units: missing, total: paragraphs.count, none: true)
        }
        if !missing.isEmpty && !allowPartial {
            throw ImportError.missingTargets(file: name, units: missing, total: paragraphs.count, none: false)
        }
        let received = try XLIFFTranslation.receivedText(data, name: name, xliff: xliff)
        try registrar.checkTranslation(received.text, of: sub, file: name)
        let current = try store.translation(sub)?.text
        var warnings: [String] = []
        if drafts > 0 {
            warnings.append(
                "\(name): \(drafts) segment(s) have a target still marked as a draft (initial, new, or a translation memory's fuzzy match needing review); check them before review"
            )
        }
        return Plan(
            file: name, bytes: data, xliff: xliff, submission: sub, received: received, missing: missing,
            total: paragraphs.count, unchanged: current == received.text, warnings: warnings)
    }

    /// Attaches a planned import as the submission's translation (status: translated).
    public func attach(_ plan: Plan, kind: TranslationRecord.Kind, source: TranslationSource? = nil, translator: String?, by: String) throws -> Submission {
        try registrar.attach(plan.received, to: plan.submission, kind: kind, source: source, translator: translator, by: by, note: plan.note)
    }

    /// Plans every file first and attaches only when all of them can be taken: a refused import
    /// changes nothing. Files whose targets equal the attached translation are skipped.
    public func importFiles(
        _ files: [(data: Data, name: String)], allowPartial: Bool, kind: TranslationRecord.Kind,
        source: TranslationSource? = nil, translator: String?, by: String
    ) throws -> [(plan: Plan, result: Submission?)] {
        var plans: [Plan] = []
        for f in files {
            let p = try plan(data: f.data, name: f.name, allowPartial: allowPartial)
            if let other = plans.first(where: { $0.submission.id == p.submission.id }) {
                throw ImportError.sameSubmissionTwice(file: f.name, other: other.file, id: p.submission.id)
            }
            plans.append(p)
        }
        return try plans.map { p in (p, p.unchanged ? nil : try attach(p, kind: kind, source: source, translator: translator, by: by)) }
    }
}
