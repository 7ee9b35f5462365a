import Foundation
import MultilingualText

/// Where a submission stands.
public enum Status: String, Codable, Sendable, CaseIterable {
    case received, translated, reviewed, included, withdrawn
}

/// A stored file exactly as it was received, with its hash.
public struct StoredFile: Codable, Equatable, Sendable {
    /// The file's name inside the record folder ("original.txt").
    public var file: String
    /// The name it arrived with, reduced to a safe display name.
    public var receivedName: String
    public var sha256: String
    public var bytes: Int
    /// What the content is: text, docx, eml, html, markdown.
    public var kind: String
    /// The charset it was decoded with (for text), e.g. "windows-1256".
    public var encoding: String?
}

/// The facts of a registration. Written once (`submission.json`), never changed.
public struct SubmissionRecord: Codable, Equatable, Sendable {
    public var id: String
    public var state: String
    public var language: String
    public var items: [Int]
    public var received: CalendarDate
    public var registeredAt: String
    public var registeredBy: String
    public var original: StoredFile
}

/// A count with the rule that produced it.
public struct Count: Codable, Equatable, Sendable {
    public var value: Double
    public var rule: String
    public init(value: Double, rule: String) { self.value = value; self.rule = rule }
}

/// What RoomPaper derives from a text (`analysis.json`), rebuildable from the original.
public struct TextAnalysis: Codable, Equatable, Sendable {
    /// SHA-256 of the original the analysis was derived from.
    public var source: String
    /// SHA-256 of the derived text (`text.txt`).
    public var textSHA256: String
    public var scripts: [String]
    public var directions: [TextDirection]
    public var words: Int
    public var characters: Int
    /// Every count with its rule (ICU words, characters, GMX-V for Chinese).
    public var counts: [String: Count]
    public var sentences: Int
    public var bidiControls: [BidiControlFinding]
    public var warnings: [String]

    public init(source: String, textSHA256: String, scripts: [String], directions: [TextDirection], words: Int,
                characters: Int, counts: [String: Count], sentences: Int, bidiControls: [BidiControlFinding], warnings: [String]) {
        self.source = source; self.textSHA256 = textSHA256; self.scripts = scripts; self.directions = directions
        self.words = words; self.characters = characters; self.counts = counts; self.sentences = sentences
        self.bidiControls = bidiControls; self.warnings = warnings
    }
}

/// A translation as attached (`translations/<tid>/translation.json`). Written once.
public struct TranslationRecord: Codable, Equatable, Sendable {
    public enum Kind: String, Codable, Sendable { case unofficial, official }
    public var id: String
    public var language: String
    public var kind: Kind
    public var translator: String?
    public var attachedAt: String
    public var attachedBy: String
    public var original: StoredFile
}

/// One change of a submission's state, appended to its history (`events/<stamp>-<rand>.json`).
public struct Event: Codable, Equatable, Sendable {
    public enum Action: String, Codable, Sendable {
        case registered, translated, reviewed, included, withdrawn
    }
    public var action: Action
    public var at: String
    public var by: String
    public var reason: String?
    /// For `translated`: the translation's id.
    public var translation: String?
    /// For imports from CAT tools: what was missing.
    public var note: String?

    public init(action: Action, at: String, by: String, reason: String? = nil, translation: String? = nil, note: String? = nil) {
        self.action = action; self.at = at; self.by = by; self.reason = reason; self.translation = translation; self.note = note
    }
}

/// A submission as read from the store: the registration, its derived text, its history, and what
/// follows from them.
public struct Submission: Sendable {
    public var record: SubmissionRecord
    public var analysis: TextAnalysis?
    public var events: [Event]
    public var folder: URL

    public var id: String { record.id }

    /// The status that the history leads to.
    public var status: Status {
        var s = Status.received
        for e in events {
            switch e.action {
            case .registered: s = .received
            case .translated: if s == .received { s = .translated } else if s != .withdrawn { s = .translated }
            case .reviewed: if s != .withdrawn { s = .reviewed }
            case .included: if s != .withdrawn { s = .included }
            case .withdrawn: s = .withdrawn
            }
        }
        if s == .received && isInPaperLanguage { return .translated }
        return s
    }

    /// Set by the store from the paper: English comments need no translation for an English paper.
    public var paperLanguage: String = "en"
    var isInPaperLanguage: Bool { record.language == paperLanguage }

    /// The id of the translation currently attached (the last `translated` event).
    public var translationID: String? { events.last { $0.action == .translated }?.translation }

    /// True when there is English text for the paper: an attached translation, or an English original.
    public var hasPaperText: Bool { translationID != nil || isInPaperLanguage }

    /// The last withdrawal reason.
    public var withdrawalReason: String? { events.last { $0.action == .withdrawn }?.reason }
}
