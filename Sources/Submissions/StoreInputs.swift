import Foundation

// What the store is given to record: a registration (or a revision) and a translation.

/// What registration needs: the original as received and what intake derived from it.
public struct RegistrationInput: Sendable {
    public var originalBytes: Data
    public var receivedName: String
    public var kind: ContentKind
    public var fileExtension: String
    public var encoding: String?
    public var text: String
    public var analysis: TextAnalysis
    /// The State, or every State of a joint text (canonical names, no repeats).
    public var states: [String]
    public var language: String
    public var items: [Int]
    public var received: CalendarDate
    public var by: String
    /// Files kept beside the original (the e-mail an attachment came in), name → bytes.
    public var companions: [String: Data]
    /// Files derived from the original, stored beside its text (crops of lines OCR could not read).
    public var derivedFiles: [String: Data] = [:]
    /// Accept a text already registered for another State (`--allow-same-text`).
    public var allowSameText: Bool
    /// An override that was used and why, recorded in the registration event.
    public var note: String?
    /// Every part of what arrived, taken or left, with why (recorded in the registration).
    public var parts: [ReceivedPart] = []
    /// What the reader noticed in the file (recorded in the registration).
    public var readerWarnings: [String] = []
    /// How the text was obtained when a program converted or read it (stored with the file).
    public var extraction: Extraction?

    public init(
        originalBytes: Data, receivedName: String, kind: ContentKind, fileExtension: String, encoding: String?,
        text: String, analysis: TextAnalysis, states: [String], language: String, items: [Int],
        received: CalendarDate, by: String, companions: [String: Data] = [:], allowSameText: Bool = false, note: String? = nil,
        extraction: Extraction? = nil
    ) {
        self.originalBytes = originalBytes; self.receivedName = receivedName; self.kind = kind
        self.fileExtension = fileExtension; self.encoding = encoding; self.text = text; self.analysis = analysis
        self.states = states; self.language = language; self.items = items; self.received = received
        self.by = by; self.companions = companions; self.allowSameText = allowSameText; self.note = note
        self.extraction = extraction
    }

    /// The first State (the one the id is made from).
    public var state: String { states[0] }
}

/// A translation to attach.
public struct TranslationInput: Sendable {
    public var originalBytes: Data
    public var receivedName: String
    public var kind: ContentKind
    public var fileExtension: String
    public var encoding: String?
    public var text: String
    public var translationKind: TranslationRecord.Kind
    public var source: TranslationSource
    public var translator: String?
    public var by: String
    public var note: String?

    public init(
        originalBytes: Data, receivedName: String, kind: ContentKind, fileExtension: String, encoding: String?,
        text: String, translationKind: TranslationRecord.Kind, source: TranslationSource? = nil, translator: String?, by: String,
        note: String? = nil
    ) {
        self.originalBytes = originalBytes; self.receivedName = receivedName; self.kind = kind
        self.fileExtension = fileExtension; self.encoding = encoding; self.text = text
        self.translationKind = translationKind; self.source = source ?? TranslationSource.resolve(source: nil, kind: translationKind).1
        self.translator = translator; self.by = by; self.note = note
    }
}
