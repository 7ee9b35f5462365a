import Foundation
import MultilingualText

/// Where a submission stands.
public enum Status: String, Codable, Sendable, CaseIterable {
    case received, translated, reviewed, included, withdrawn

    /// The status as `crp status` and `crp workload` show it: proofreading of OCR text (or of a
    /// text layer that needs checking) is a step of its own, "received (proofread first)".
    public static func display(_ s: Status, needsProofreading: Bool) -> String {
        needsProofreading && s != .withdrawn ? "\(s.rawValue) (proofread first)" : s.rawValue
    }
}

/// What a received file is, read from its content (the extension only breaks ties).
public enum ContentKind: String, Codable, Sendable, CaseIterable {
    case text, docx, eml, html, markdown, xliff
    /// Word 97–2003, RTF and OpenDocument text: read after LibreOffice converts them to .docx.
    case doc, rtf, odt
    /// A PDF: its text layer, or OCR when it has none (a scanned letter).
    case pdf
    /// A scanned or photographed page (PNG, JPEG, TIFF): read by OCR.
    case image
    /// An Outlook message (.msg): converted to .eml by msgconvert, then read as an e-mail.
    case msg

    /// Why a file of this kind cannot be read when no reader for it is registered.
    public var refusal: String {
        switch self {
        case .xliff: "XLIFF files are taken in with `crp import`, which reads the translation from their targets"
        default: "crp has no reader for \(rawValue) files here"
        }
    }

    /// The kind as an officer names it, with the file extensions it comes under ("Word (.docx,
    /// .docm, .dotx, .dotm)"), for lists of what crp reads.
    public var formatName: String {
        switch self {
        case .text: "plain text (.txt)"
        case .docx: "Word (.docx, .docm, .dotx, .dotm)"
        case .eml: "e-mail (.eml)"
        case .html: "HTML (.html, .htm)"
        case .markdown: "Markdown (.md)"
        case .xliff: "XLIFF (.xlf, .xliff)"
        case .doc: "Word 97–2003 (.doc)"
        case .rtf: "RTF (.rtf)"
        case .odt: "OpenDocument (.odt)"
        case .pdf: "PDF (.pdf)"
        case .image: "scanned images (PNG, JPEG, TIFF)"
        case .msg: "Outlook message (.msg)"
        }
    }

    /// The extension the stored original gets.
    public var fileExtension: String {
        switch self {
        case .text: "txt"
        case .docx: "docx"
        case .eml: "eml"
        case .html: "html"
        case .markdown: "md"
        case .xliff: "xlf"
        case .doc: "doc"
        case .rtf: "rtf"
        case .odt: "odt"
        case .pdf: "pdf"
        case .image: "png"
        case .msg: "msg"
        }
    }

    /// The extension for stored bytes of this kind: for an image, the one its format calls for.
    public func fileExtension(for data: Data) -> String {
        guard self == .image else { return fileExtension }
        let head = [UInt8](data.prefix(4))
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return "jpg" }
        if head.starts(with: [0x49, 0x49, 0x2A, 0x00]) || head.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) { return "tif" }
        return "png"
    }
}

/// How the text of a stored file was obtained when it was not simply decoded: converted by
/// LibreOffice, taken from a PDF's text layer, or read by OCR. Stored with the file, shown by
/// `crp show`.
public struct Extraction: Codable, Equatable, Sendable {
    public enum Method: String, Codable, Sendable {
        /// Converted to .docx by LibreOffice, then read as Word.
        case converted
        /// The text layer of a PDF (poppler).
        case textLayer = "text-layer"
        /// Optical character recognition (Tesseract): must be proofread before use.
        case ocr
        /// A PDF whose pages are partly text layer, partly scans: the scanned pages (`ocrPages`)
        /// were read by OCR, so the whole text must be proofread before use.
        case mixed = "text-layer+ocr"
    }

    /// A line OCR was least sure of.
    public struct Line: Codable, Equatable, Sendable {
        public var page: Int
        public var confidence: Double
        public var text: String
        public init(page: Int, confidence: Double, text: String) { self.page = page; self.confidence = confidence; self.text = text }
    }

    public var method: Method
    /// The program, e.g. "tesseract".
    public var tool: String
    /// Its version as it reports it, e.g. "5.3.0".
    public var version: String
    /// Pages read (PDF and OCR).
    public var pages: Int?
    /// For OCR: the language model used ("ara", "chi_sim"…).
    public var model: String?
    /// For OCR: the mean word confidence, 0–100.
    public var meanConfidence: Double?
    /// For OCR: the lines with the lowest confidence, lowest first.
    public var lowestLines: [Line]?
    /// Page furniture left out of the text (running headers, page numbers), as removed.
    public var removed: [String]?
    /// What the reader could not do faithfully (pages without text, marks out of place): the text
    /// must then be proofread, as OCR text is.
    public var caveats: [String]?
    /// SHA-256 of the text the program gave at registration: `crp verify` checks `text.txt`
    /// against it instead of running the program again (another version may read differently).
    public var textSHA256: String?
    /// For a mixed PDF: the pages without a text layer that were read by OCR, in page order.
    public var ocrPages: [Int]?
    /// For a mixed PDF: the OCR program and its version ("tesseract 5.3.0").
    public var ocrTool: String?
    /// For OCR: lines of ink that no reading gave words for (see `UnreadLine`).
    public var unreadLines: [UnreadLine]?
    /// For OCR: the lines of the pages that gave text (with those read again on their own):
    /// with `unreadLines`, every line of ink on the pages.
    public var linesRead: Int?

    /// True when a person must check the text against the original before it is used.
    public var requiresProofreading: Bool { method == .ocr || method == .mixed || !(caveats ?? []).isEmpty }

    public init(
        method: Method, tool: String, version: String, pages: Int? = nil, model: String? = nil, meanConfidence: Double? = nil,
        lowestLines: [Line]? = nil, removed: [String]? = nil, caveats: [String]? = nil
    ) {
        self.method = method; self.tool = tool; self.version = version; self.pages = pages; self.model = model
        self.meanConfidence = meanConfidence; self.lowestLines = lowestLines; self.removed = removed; self.caveats = caveats
    }

    /// One line for `crp show`: "OCR by tesseract 5.3.0 (ara), 1 page, mean confidence 91.2 %".
    public var summary: String {
        var s: String
        switch method {
        case .converted: s = "converted to .docx by \(tool) \(version)"
        case .textLayer: s = "text layer read by \(tool) \(version)"
        case .ocr: s = "OCR by \(tool) \(version)" + (model.map { " (\($0))" } ?? "")
        case .mixed:
            let scanned = ocrPages ?? []
            s =
                "text layer read by \(tool) \(version); page\(scanned.count == 1 ? "" : "s") \(scanned.map(String.init).joined(separator: ", ")) read by OCR"
                + (ocrTool.map { " (\($0)" + (model.map { ", \($0))" } ?? ")") } ?? "")
        }
        if let pages { s += ", \(pages) page\(pages == 1 ? "" : "s")" }
        if let c = meanConfidence { s += ", mean confidence \(String(format: "%.1f", c)) %" + (method == .mixed ? " on the OCR pages" : "") }
        return s
    }
}

/// A line of ink on a scanned page that OCR gave no words for, even read again on its own: its
/// place on the page and a crop of it, stored beside the OCR text (a derived file, its SHA-256
/// here, checked by `crp verify`). Proofreading must look at it.
public struct UnreadLine: Codable, Equatable, Sendable {
    public var page: Int
    /// The band of ink, in pixels of the page as read, and the page's height.
    public var top: Int
    public var bottom: Int
    public var pageHeight: Int
    /// The crop's file name, in the folder of the version's text (`StoreLayout.unreadCrop`).
    public var crop: String
    public var sha256: String

    public init(page: Int, top: Int, bottom: Int, pageHeight: Int, crop: String, sha256: String) {
        self.page = page; self.top = top; self.bottom = bottom; self.pageHeight = pageHeight; self.crop = crop; self.sha256 = sha256
    }

    /// "page 1, 38 % down (pixels 1254–1302 of 3300)".
    public var position: String {
        "page \(page), \(pageHeight > 0 ? 100 * top / pageHeight : 0) % down (pixels \(top)–\(bottom) of \(pageHeight))"
    }
}

/// A stored file exactly as it was received, with its hash.
public struct StoredFile: Codable, Equatable, Sendable {
    /// The file's name inside the record folder ("original.txt").
    public var file: String
    /// The name it arrived with, reduced to a safe display name.
    public var receivedName: String
    public var sha256: String
    public var bytes: Int
    /// What the content is: text, docx, eml, html, markdown, xliff.
    public var kind: ContentKind
    /// The charset it was decoded with (for text), e.g. "windows-1256".
    public var encoding: String?
    /// How its text was obtained, when a program converted or read it (LibreOffice, poppler, OCR).
    public var extraction: Extraction? = nil

    public init(file: String, receivedName: String, sha256: String, bytes: Int, kind: ContentKind, encoding: String?, extraction: Extraction? = nil) {
        self.file = file; self.receivedName = receivedName; self.sha256 = sha256; self.bytes = bytes; self.kind = kind; self.encoding = encoding
        self.extraction = extraction
    }
}

/// The facts of a registration. Written once (`submission.json`), never changed; corrections and
/// revisions are events, and `Submission.record` is this record with them applied.
public struct SubmissionRecord: Codable, Equatable, Sendable {
    public var id: String
    /// The State (the first one named, for a joint text).
    public var state: String
    /// Every State that signed a joint text, in the order given; nil for one State.
    public var states: [String]?
    public var language: String
    public var items: [Int]
    public var received: CalendarDate
    public var registeredAt: String
    public var registeredBy: String
    public var original: StoredFile
    /// Every part of what arrived, taken or left, with why (e-mail parts, Word headers and
    /// footers); nil for a file that is all text.
    public var parts: [ReceivedPart]? = nil
    /// What the reader noticed in the file (comments, tracked changes accepted), as received.
    public var readerWarnings: [String]? = nil

    public init(
        id: String, state: String, states: [String]?, language: String, items: [Int], received: CalendarDate,
        registeredAt: String, registeredBy: String, original: StoredFile, parts: [ReceivedPart]? = nil, readerWarnings: [String]? = nil
    ) {
        self.id = id; self.state = state; self.states = states; self.language = language; self.items = items
        self.received = received; self.registeredAt = registeredAt; self.registeredBy = registeredBy; self.original = original
        self.parts = parts; self.readerWarnings = readerWarnings
    }

    /// Every State the text is from (one, or several for a joint text).
    public var allStates: [String] { states ?? [state] }

    /// The States for a terminal line: "Peru", or "Argentina, Brazil" for a joint text.
    public var statesDisplay: String { allStates.joined(separator: ", ") }
}

/// One version of a submission's original: version 1 is what was registered, later ones came with
/// `crp revise`. Every version stays stored byte for byte.
public struct OriginalVersion: Codable, Equatable, Sendable {
    public var number: Int
    public var received: CalendarDate
    /// The stored file; for versions after the first, `file.file` is inside `versions/<n>/`.
    public var file: StoredFile
    /// For a revision: every part of what arrived, taken or left, with why, as a registration
    /// records them (nil for version 1, whose parts are the registration's, and in revisions
    /// recorded before parts were).
    public var parts: [ReceivedPart]? = nil
    /// For a revision: what the reader noticed in the file (comments, tracked changes, macros).
    public var readerWarnings: [String]? = nil

    public init(number: Int, received: CalendarDate, file: StoredFile, parts: [ReceivedPart]? = nil, readerWarnings: [String]? = nil) {
        self.number = number; self.received = received; self.file = file; self.parts = parts; self.readerWarnings = readerWarnings
    }

    /// The folder of this version's files, relative to the submission's folder ("" for version 1).
    public var folder: String { number == 1 ? "" : "\(StoreLayout.versions)/\(number)/" }
}

/// Who made a translation, which decides the sentence the paper says about it.
public enum TranslationSource: String, Codable, Sendable, CaseIterable {
    /// The Secretariat's own resources, unofficially.
    case `internal`
    /// An outside translator or agency engaged for it, unofficially.
    case contractor
    /// An official translation sent by the State itself.
    case state
    /// An official translation by the Secretariat's translation service.
    case secretariat
    /// An unofficial translation whose maker was not stated (an XLIFF returned through
    /// `crp import` without `--source`): the paper says "translated unofficially" and claims
    /// nothing about who did it.
    case unstated

    /// What an import without `--source` tells the officer.
    public static let unstatedNote =
        "No --source was given, so the paper says only that this text was translated unofficially, naming nobody. To say who translated it, import the file again with --source internal, contractor, state or secretariat."

    /// The sources an officer names with `--source`.
    public static let selectable: [TranslationSource] = [.internal, .contractor, .state, .secretariat]

    /// Official or not.
    public var kind: TranslationRecord.Kind {
        switch self {
        case .internal, .contractor, .unstated: .unofficial
        case .state, .secretariat: .official
        }
    }

    /// The source and kind for what the officer gave: --source wins; --kind alone keeps the
    /// earlier meaning (unofficial: internal resources; official: the Secretariat).
    public static func resolve(source: TranslationSource?, kind: TranslationRecord.Kind?) -> (TranslationRecord.Kind, TranslationSource) {
        if let source { return (source.kind, source) }
        switch kind ?? .unofficial {
        case .unofficial: return (.unofficial, .internal)
        case .official: return (.official, .secretariat)
        }
    }

    /// The source and kind of a translation returned by a CAT tool (`crp import`): --source wins;
    /// without it nobody said who translated, so the translation is unofficial and `unstated`
    /// (the paper then claims neither internal resources nor a contractor). nil: an official
    /// translation whose maker was not named, which must be asked for.
    public static func resolveImport(source: TranslationSource?, kind: TranslationRecord.Kind?) -> (TranslationRecord.Kind, TranslationSource)? {
        if let source { return (source.kind, source) }
        return (kind ?? .unofficial) == .unofficial ? (.unofficial, .unstated) : nil
    }
}

/// A correction of a registration (`crp amend`): each field that changed, before and after.
public struct Amendment: Codable, Equatable, Sendable {
    public struct Change<Value: Codable & Equatable & Sendable>: Codable, Equatable, Sendable {
        public var before: Value
        public var after: Value
        public init(before: Value, after: Value) { self.before = before; self.after = after }
    }

    public var states: Change<[String]>?
    public var language: Change<String>?
    public var items: Change<[Int]>?
    public var received: Change<CalendarDate>?
    /// With a language change: the current version, read by OCR in the earlier language and not
    /// yet proofread, read again by OCR in the new one (`text.txt` is derived from the original and
    /// the language); how it was read before and after.
    public var reread: Change<Extraction>?
    /// The charset the current version's original (plain text) is read in: it was read again in
    /// the new one (`crp amend --encoding`); the text read before is kept as `superseded`.
    public var encoding: Change<String>?
    /// Where the text read before an encoding correction is kept, relative to the submission's folder.
    public var superseded: String?

    public init(
        states: Change<[String]>? = nil, language: Change<String>? = nil, items: Change<[Int]>? = nil, received: Change<CalendarDate>? = nil,
        reread: Change<Extraction>? = nil, encoding: Change<String>? = nil, superseded: String? = nil
    ) {
        self.states = states; self.language = language; self.items = items; self.received = received; self.reread = reread
        self.encoding = encoding; self.superseded = superseded
    }

    /// True when nothing changes.
    public var isEmpty: Bool { states == nil && language == nil && items == nil && received == nil && encoding == nil }

    /// "state: Colombia → Chile", one line per field.
    public var lines: [String] {
        var out: [String] = []
        if let c = states { out.append("state: \(c.before.joined(separator: ", ")) → \(c.after.joined(separator: ", "))") }
        if let c = language { out.append("language: \(c.before) → \(c.after)") }
        if let c = items { out.append("items: \(c.before.map(String.init).joined(separator: ", ")) → \(c.after.map(String.init).joined(separator: ", "))") }
        if let c = received { out.append("received: \(c.before) → \(c.after)") }
        if let c = encoding {
            out.append("encoding: \(c.before) → \(c.after) (the original read again\(superseded.map { "; the text read before is kept in \($0)" } ?? ""))")
        }
        if let c = reread {
            out.append("text: read again by OCR with the \(c.after.model ?? "new") model (was \(c.before.model ?? "another")); proofread it before use")
        }
        return out
    }

    /// `record` with the changes applied.
    public func applied(to record: SubmissionRecord) -> SubmissionRecord {
        var r = record
        if let c = states {
            r.state = c.after.first ?? r.state
            r.states = c.after.count > 1 ? c.after : nil
        }
        if let c = language { r.language = c.after }
        if let c = items { r.items = c.after }
        if let c = received { r.received = c.after }
        if let c = reread { r.original.extraction = c.after }
        if let c = encoding { r.original.encoding = c.after }
        return r
    }
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

    public init(
        source: String, textSHA256: String, scripts: [String], directions: [TextDirection], words: Int,
        characters: Int, counts: [String: Count], sentences: Int, bidiControls: [BidiControlFinding], warnings: [String]
    ) {
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
    /// Who made it; nil in records written before sources were recorded (read as internal
    /// resources for unofficial translations, the Secretariat for official ones).
    public var source: TranslationSource?
    /// The version of the original it translates; nil for version 1.
    public var version: Int?

    /// The source, with the reading of older records.
    public var effectiveSource: TranslationSource { source ?? TranslationSource.resolve(source: nil, kind: kind).1 }
}

/// One change of a submission, appended to its history (`events/<stamp>-<rand>.json`). Nothing is
/// edited in place: a mistake is undone by another event.
public struct Event: Codable, Equatable, Sendable {
    public enum Action: String, Codable, Sendable {
        case registered, translated, reviewed, included, withdrawn
        /// A correction of the registration (`amendment`).
        case amended
        /// A move back to an earlier step, or a withdrawn submission reinstated (`to`).
        case reopened
        /// A revised original from the State (`revision`).
        case revised
        /// The OCR text of the current version checked by a person: confirmed as it is, or replaced
        /// by a corrected transcription (`transcription`).
        case proofread
        /// The history of a submission written before events were chained, sealed by
        /// `crp verify --seal`: its `after` names the registration and every earlier event. It
        /// changes nothing else.
        case sealed
        /// The submission given to a member of the team to translate (`assignee`), or taken back
        /// (`assignee` nil).
        case assigned
    }

    /// A record this event follows: a file of the submission's folder ("submission.json",
    /// "events/<name>.json") and the SHA-256 of its bytes when the event was written.
    public struct Link: Codable, Equatable, Hashable, Sendable {
        public var file: String
        public var sha256: String
        public init(file: String, sha256: String) { self.file = file; self.sha256 = sha256 }
    }
    public var action: Action
    public var at: String
    public var by: String
    public var reason: String?
    /// For `translated`: the translation's id.
    public var translation: String?
    /// For imports from CAT tools: what was missing; for registrations: an override that was used.
    public var note: String?
    /// For `amended`: what changed.
    public var amendment: Amendment?
    /// For `reopened`: the status it returns to.
    public var to: Status?
    /// For `revised`: the new version of the original.
    public var revision: OriginalVersion?
    /// For `proofread` with a corrected transcription: its folder inside the submission's folder
    /// ("proofread/<stamp>-<random>/"), holding `text.txt`.
    public var transcription: String?
    /// For `proofread`: the version of the original it checked.
    public var version: Int?
    /// For `proofread` with a corrected transcription: the SHA-256 of its `text.txt`, which
    /// `crp verify` checks as it checks an original's (nil in events written before it was recorded).
    public var transcriptionSHA256: String?
    /// For `translated`: the SHA-256 of the translation's derived `text.txt` (the text the paper
    /// prints), so that a hand edit of it is caught without reading the translator's file again
    /// (nil in events written before it was recorded).
    public var translationSHA256: String?
    /// The records this event follows (the chain of a submission's history): the registration
    /// (`submission.json`) for the `registered` event, else every record no other event named yet
    /// — one, or several after two clones' histories were merged, or all of an unsealed history.
    /// Nil in events written before histories were chained.
    public var after: [Link]?
    /// For `assigned`: the user name of the member it is assigned to (nil: taken back).
    public var assignee: String?
    /// The duty station where the event was written (`crp config site`); nil in events written
    /// before sites were recorded, or in a workspace that names none.
    public var site: String?

    public init(
        action: Action, at: String, by: String, reason: String? = nil, translation: String? = nil, note: String? = nil,
        amendment: Amendment? = nil, to: Status? = nil, revision: OriginalVersion? = nil, transcription: String? = nil,
        version: Int? = nil, transcriptionSHA256: String? = nil, assignee: String? = nil, translationSHA256: String? = nil
    ) {
        self.action = action; self.at = at; self.by = by; self.reason = reason; self.translation = translation; self.note = note
        self.amendment = amendment; self.to = to; self.revision = revision; self.transcription = transcription; self.version = version
        self.transcriptionSHA256 = transcriptionSHA256; self.assignee = assignee; self.translationSHA256 = translationSHA256
    }

    /// One line for `crp log`: when, what, by whom, and the details.
    public var summary: String {
        var line = "\(at)  \(action.rawValue)  by \(by)\(site.map { "@" + $0 } ?? "")"
        if let to { line += "  to \(to.rawValue)" }
        if action == .assigned { line += assignee.map { "  to \($0)" } ?? "  assignment taken back" }
        if let r = revision { line += "  version \(r.number) (\(r.file.receivedName), received \(r.received))" }
        if let a = amendment { line += "  " + a.lines.joined(separator: "; ") }
        if let r = reason { line += "  reason: \(r)" }
        if let t = translation { line += "  translation \(t)" }
        if action == .proofread { line += transcription.map { "  corrected transcription \($0)\(StoreLayout.text)" } ?? "  OCR text confirmed" }
        if let n = note { line += "  note: \(n)" }
        return line
    }
}

/// What the history of a submission leads to: the one function that replays events over the
/// registration. Status, compile, export, search, the index and verify all read its result.
public struct Replay: Equatable, Sendable {
    public var record: SubmissionRecord
    public var status: Status
    /// The translation that is current (nil when none, when it was set aside by a reopen to
    /// `received`, or when it became outdated by a revision).
    public var translationID: String?
    /// The translation of an earlier version, made outdated by the last revision.
    public var outdatedTranslationID: String?
    public var versions: [OriginalVersion]
    public var withdrawalReason: String?
    /// True while the current version's text came from OCR and nobody has proofread it: it may not
    /// be translated, exported, reviewed or printed until `crp proofread`.
    public var needsProofreading: Bool = false
    /// The folder of the corrected transcription of the current version, when the proofreader gave one.
    public var transcription: String? = nil
    /// The member of the team the submission is assigned to (`crp assign`), nil when nobody.
    public var assignee: String? = nil

    /// Replays `events` in order over `registration`. `paperLanguage`: an original in the paper's
    /// language needs no translation, so it counts as translated once received.
    public static func replay(_ registration: SubmissionRecord, events: [Event], paperLanguage: String) -> Replay {
        var r = Replay(
            record: registration, status: .received, translationID: nil, outdatedTranslationID: nil,
            versions: [OriginalVersion(number: 1, received: registration.received, file: registration.original)],
            withdrawalReason: nil)
        r.needsProofreading = registration.original.extraction?.requiresProofreading ?? false
        for e in events {
            switch e.action {
            case .registered:
                r.status = .received
            case .translated:
                guard r.status != .withdrawn else { continue }
                r.translationID = e.translation
                r.outdatedTranslationID = nil
                r.status = .translated
            case .reviewed:
                if r.status != .withdrawn { r.status = .reviewed }
            case .included:
                if r.status != .withdrawn { r.status = .included }
            case .withdrawn:
                r.status = .withdrawn
                r.withdrawalReason = e.reason
            case .reopened:
                let to = e.to ?? .received
                r.status = to
                r.withdrawalReason = nil
                if to == .received { r.translationID = nil }
            case .amended:
                if let a = e.amendment {
                    r.record = a.applied(to: r.record)
                    // The date received is the first version's: the date the submission came in.
                    if let c = a.received { r.versions[0].received = c.after }
                    if let c = a.encoding { r.versions[r.versions.count - 1].file.encoding = c.after }
                    if let c = a.reread {
                        r.versions[r.versions.count - 1].file.extraction = c.after
                        r.needsProofreading = c.after.requiresProofreading
                    }
                }
            case .revised:
                guard let v = e.revision else { continue }
                r.versions.append(v)
                r.record.original = v.file
                // The submission keeps the date it was first received (what decides whether it came
                // in on time); the revision's own date is in `versions`.
                r.record.parts = v.parts
                r.record.readerWarnings = v.readerWarnings
                if r.translationID != nil { r.outdatedTranslationID = r.translationID }
                r.translationID = nil
                if r.status != .withdrawn { r.status = .received }
                r.needsProofreading = v.file.extraction?.requiresProofreading ?? false
                r.transcription = nil
            case .sealed:
                break
            case .proofread:
                // A proofreading of an earlier version says nothing about the current one.
                guard (e.version ?? 1) == r.versions.count else { continue }
                r.needsProofreading = false
                r.transcription = e.transcription
            case .assigned:
                r.assignee = e.assignee
            }
        }
        if r.status == .received && r.record.language == paperLanguage && !r.needsProofreading { r.status = .translated }
        return r
    }
}

/// A submission as read from the store: the registration, its derived text, its history, and what
/// follows from them.
public struct Submission: Sendable {
    /// The registration as written (never changed).
    public var registration: SubmissionRecord
    /// The analysis of the current version of the original.
    public var analysis: TextAnalysis?
    public var events: [Event]
    public var folder: URL
    /// The replay of the history.
    public var replay: Replay

    public init(registration: SubmissionRecord, analysis: TextAnalysis?, events: [Event], folder: URL, paperLanguage: String) {
        self.registration = registration
        self.analysis = analysis
        self.events = events
        self.folder = folder
        self.paperLanguage = paperLanguage
        replay = Replay.replay(registration, events: events, paperLanguage: paperLanguage)
    }

    public var id: String { registration.id }

    /// The registration with every correction and revision applied: what every command uses.
    public var record: SubmissionRecord { replay.record }

    /// The status that the history leads to.
    public var status: Status { replay.status }

    /// The paper's language (English comments need no translation for an English paper).
    public let paperLanguage: String
    var isInPaperLanguage: Bool { record.language == paperLanguage }

    /// The id of the translation currently attached.
    public var translationID: String? { replay.translationID }

    /// The translation of an earlier version that the last revision made outdated.
    public var outdatedTranslationID: String? { replay.outdatedTranslationID }

    /// True when there is English text for the paper: an attached translation, or an English
    /// original (proofread, when it came from OCR).
    public var hasPaperText: Bool { translationID != nil || isInPaperLanguage && !needsProofreading }

    /// True while the current text came from OCR and has not been proofread.
    public var needsProofreading: Bool { replay.needsProofreading }

    /// The status as people read it: "received (proofread first)" while proofreading is due.
    public var statusDisplay: String { Status.display(status, needsProofreading: needsProofreading) }

    /// The member of the team it is assigned to, nil when nobody.
    public var assignee: String? { replay.assignee }

    /// The reason given when it was withdrawn (nil when it is not withdrawn).
    public var withdrawalReason: String? { replay.withdrawalReason }

    /// Every version of the original, first to current.
    public var versions: [OriginalVersion] { replay.versions }

    /// The current version's number.
    public var version: Int { replay.versions.count }

    /// The current version.
    public var currentVersion: OriginalVersion { replay.versions[replay.versions.count - 1] }

    /// The parts of what arrived for one version, taken or left, with why: the registration's for
    /// version 1, the revision's for later ones (nil when it recorded none).
    public func parts(ofVersion n: Int) -> [ReceivedPart]? {
        n == 1 ? registration.parts : versions.first { $0.number == n }?.parts
    }
}
