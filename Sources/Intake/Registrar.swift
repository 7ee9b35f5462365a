import Foundation
import MultilingualText
import Submissions

/// Registration and translation as the officer does them: read the file, check it against the
/// declared language and State, store it, and report what deserves attention.
public struct Registrar {
    public let store: Store
    public let catalog: LocaleCatalog

    public init(store: Store, catalog: LocaleCatalog) {
        self.store = store
        self.catalog = catalog
    }

    /// A registration request.
    public struct Request {
        public var file: URL
        public var state: String
        public var language: String
        public var items: [Int]
        public var received: CalendarDate?
        public var by: String
        public var options: IntakeOptions
        public var strict: Bool
        public init(file: URL, state: String, language: String, items: [Int], received: CalendarDate? = nil, by: String,
                    options: IntakeOptions = IntakeOptions(), strict: Bool = false) {
            self.file = file; self.state = state; self.language = language; self.items = items
            self.received = received; self.by = by; self.options = options; self.strict = strict
        }
    }

    /// Checks what the officer typed, before any file is read.
    public func checkRequest(state: String, language: String, items: [Int]) throws -> (state: String, language: LanguageResources) {
        let lang = try catalog.language(language)
        let name = try catalog.canonicalState(state)
        if items.isEmpty { throw StoreError.noItem }
        for i in items where !store.paper.items.contains(where: { $0.number == i }) {
            throw StoreError.unknownItem(i, known: store.paper.items.map(\.number))
        }
        return (name, lang)
    }

    /// Registers a file; returns the new submission and the warnings found.
    public func register(_ r: Request) throws -> (submission: Submission, warnings: [String]) {
        let (state, lang) = try checkRequest(state: r.state, language: r.language, items: r.items)
        let received = try Intake.read(r.file, options: r.options)
        return try register(received, state: state, language: lang, items: r.items, date: r.received, by: r.by, strict: r.strict)
    }

    /// Registers text already read (bulk import reads first, then registers).
    public func register(_ received: ReceivedText, state: String, language lang: LanguageResources, items: [Int],
                         date: CalendarDate?, by: String, strict: Bool) throws -> (submission: Submission, warnings: [String]) {
        try Self.refuseXLIFF(received)
        let analysis = try Analyzer.analyze(text: received.text, units: received.units, facts: received.facts, language: lang.code,
                                            expectedScripts: lang.scripts, source: FileIO.sha256(received.bytes))
        if strict, analysis.warnings.contains(where: { $0.hasPrefix("declared language") }) {
            throw IntakeError.scriptMismatch(file: received.name, language: lang.name, expected: lang.scripts, found: analysis.scripts)
        }
        let input = RegistrationInput(
            originalBytes: received.bytes, receivedName: received.name, kind: received.kind.rawValue,
            fileExtension: received.kind.fileExtension, encoding: received.encoding, text: received.text, analysis: analysis,
            state: state, language: lang.code, items: items, received: date ?? CalendarDate.today(), by: by,
            companions: received.companions)
        let sub = try store.register(input)
        var warnings = analysis.warnings
        if store.isLate(sub) { warnings.append("received \(sub.record.received), after the deadline \(store.paper.deadline): marked late") }
        return (sub, warnings)
    }

    /// Attaches a translation after checking that it is not the original again.
    public func translate(_ sub: Submission, file: URL, kind: TranslationRecord.Kind, translator: String?, by: String,
                          options: IntakeOptions = IntakeOptions()) throws -> Submission {
        if sub.status == .withdrawn { throw StoreError.withdrawn(id: sub.id) }
        let received = try Intake.read(file, options: options)
        try Self.refuseXLIFF(received)
        return try attach(received, to: sub, kind: kind, translator: translator, by: by)
    }

    /// An XLIFF file comes back from a translator through `crp import`, which checks every unit's
    /// source against the stored original; taking its targets blindly here would skip that check.
    static func refuseXLIFF(_ r: ReceivedText) throws {
        if r.kind == .xliff {
            throw IntakeError.unsupported(file: SafeName.displayName(r.name), detail: "this is an XLIFF file from a translation tool. Take it in with `crp import \(SafeName.displayName(r.name))`, which checks each paragraph's source against the stored original and attaches the translation")
        }
    }

    /// Attaches translation text already read (CAT-tool import uses this too).
    public func attach(_ received: ReceivedText, to sub: Submission, kind: TranslationRecord.Kind, translator: String?, by: String,
                       note: String? = nil) throws -> Submission {
        if sub.status == .withdrawn { throw StoreError.withdrawn(id: sub.id) }
        try checkTranslation(received.text, of: sub, file: received.name)
        let input = TranslationInput(
            originalBytes: received.bytes, receivedName: received.name, kind: received.kind.rawValue,
            fileExtension: received.kind.fileExtension, encoding: received.encoding, text: received.text,
            translationKind: kind, translator: translator, by: by, note: note)
        return try store.attachTranslation(input, to: sub)
    }

    /// Refuses a "translation" that is mostly in the original's script, or the original itself.
    public func checkTranslation(_ text: String, of sub: Submission, file: String) throws {
        let original = try store.originalText(sub)
        if sub.record.language != store.paper.language,
            try Normalizer.searchKey(original) == Normalizer.searchKey(text) {
            throw IntakeError.translationSameAsOriginal(file: file)
        }
        let paperScripts = (try? catalog.language(store.paper.language).scripts) ?? ["Latn"]
        for script in Scripts.dominant(original) where !paperScripts.contains(script) {
            let share = Scripts.share(of: script, in: text)
            if share > 0.5 { throw IntakeError.translationInOriginalScript(file: file, script: script, share: Int(share * 100)) }
        }
    }
}
