import Foundation
import MultilingualText
import Platform
import Submissions

/// A received file turned into text, before it is stored.
public struct ReceivedText: Sendable {
    public var bytes: Data
    public var name: String
    public var kind: ContentKind
    /// The charset of the text part, when there was one to decode.
    public var encoding: String?
    /// NFC, LF line ends.
    public var text: String
    /// Files kept beside the original (the e-mail an attachment came in).
    public var companions: [String: Data]
    /// Files derived from the original that are stored beside its text (the crops of lines of ink
    /// OCR could not read), name → bytes.
    public var derivedFiles: [String: Data] = [:]
    /// One-pass facts of `text`, when already computed.
    public var facts: TextFacts? = nil
    /// What the reader noticed and the officer should know (comments in a Word file, tracked
    /// changes accepted): registration adds them to its warnings and records them.
    public var warnings: [String] = []
    /// Every part of what arrived, taken or left, with why (e-mail parts, Word headers and
    /// footers); empty for a file that is all text.
    public var parts: [ReceivedPart] = []
    /// How the text was obtained when a program converted or read it (LibreOffice, poppler, OCR).
    public var extraction: Extraction? = nil
    /// When the file was given as a symbolic link: a note naming the link and the file it points
    /// to (recorded in the event's note).
    public var link: String? = nil

    /// For an e-mail: the date its `Date:` header gives (as written there, in the sender's own
    /// time), the default date received when the officer gives none.
    public var sentDate: CalendarDate? = nil
    /// For an e-mail whose `Date:` header gives a time and a zone: the instant it was sent, so the
    /// date received is the day it was at the duty station (paper.yaml's `timezone`).
    public var sentAt: Date? = nil

    /// The extension the content calls for when the kind's own does not say it (a macro-enabled
    /// Word document or a template read as Word: "docm", "dotx", "dotm").
    public var fileExtension: String? = nil

    public init(
        bytes: Data, name: String, kind: ContentKind, encoding: String?, text: String, companions: [String: Data],
        facts: TextFacts? = nil
    ) {
        self.bytes = bytes
        self.name = name
        self.kind = kind
        self.encoding = encoding
        self.text = text
        self.companions = companions
        self.facts = facts
    }

    /// The extension the stored original gets (an image keeps its own format's; a .docm, .dotx or
    /// .dotm keeps its own, so that nobody opens it as a plain document).
    public var storedExtension: String { fileExtension ?? kind.fileExtension(for: bytes) }
}

/// Reads one kind of received file into text. `name` is the name it arrived under; `options`
/// carries the declared encoding, the size limit and the registry, so a reader of containers
/// (an e-mail) can read what it contains with the same readers.
public typealias ContentReader = @Sendable (_ data: Data, _ name: String, _ options: IntakeOptions) throws -> ReceivedText

/// The readers `crp` knows, by kind of content. A value: the executable assembles it from the
/// modules that provide readers (XLIFF comes from `Exchange`) and passes it down.
public struct ReaderRegistry: Sendable {
    private var readers: [ContentKind: ContentReader]

    public init(_ readers: [ContentKind: ContentReader] = [:]) { self.readers = readers }

    /// Plain text, Markdown, Word, e-mail and HTML: what `Intake` itself reads.
    public static let standard = ReaderRegistry([
        .text: { data, name, options in try Intake.decodePlain(data, file: SafeName.displayName(name), encoding: options.encoding) },
        .markdown: { data, name, options in
            var r = try Intake.decodePlain(data, file: SafeName.displayName(name), encoding: options.encoding)
            r.kind = .markdown
            return r
        },
        .docx: { data, name, options in try DOCXReader.read(data, file: SafeName.displayName(name), options: options) },
        .eml: { data, name, options in try EMLReader.read(data, file: SafeName.displayName(name), options: options) },
        .html: { data, name, options in try HTMLReader.read(data, file: SafeName.displayName(name), options: options) },
    ])

    /// This registry with `reader` for `kind` (replacing any earlier one).
    public func with(_ kind: ContentKind, _ reader: @escaping ContentReader) -> ReaderRegistry {
        var copy = self
        copy.readers[kind] = reader
        return copy
    }

    /// The reader for a kind, if one is registered.
    public func reader(for kind: ContentKind) -> ContentReader? { readers[kind] }

    /// The kinds that have a reader.
    public var kinds: [ContentKind] { readers.keys.sorted { $0.rawValue < $1.rawValue } }

    /// The formats of originals this registry reads, for refusals and help ("plain text (.txt),
    /// Word (.docx, …), … or scanned images (PNG, JPEG, TIFF)"), in `ContentKind`'s order. XLIFF is
    /// left out: it brings translations back, through `crp import`.
    public var originalFormats: String {
        let names = ContentKind.allCases.filter { $0 != .xliff && readers[$0] != nil }.map(\.formatName)
        guard names.count > 1 else { return names.first ?? "none" }
        return names.dropLast().joined(separator: ", ") + " or " + names.last!
    }

    /// Unpacks Outlook's TNEF attachments (winmail.dat); nil when `tnef` is not installed.
    public var tnef: AttachmentUnpacker? = nil

    /// This registry with a TNEF unpacker.
    public func with(tnef unpacker: AttachmentUnpacker?) -> ReaderRegistry {
        var copy = self
        copy.tnef = unpacker
        return copy
    }
}

/// Options for reading a received file.
public struct IntakeOptions: Sendable {
    /// The charset the officer declared (`--encoding`), if any.
    public var encoding: String?
    /// The largest file accepted, in bytes.
    public var maxBytes: Int
    /// The readers to use, by kind of content.
    public var readers: ReaderRegistry
    /// The letters of Arabic and Russian lettered lists (from `Locales/`), for Word's list labels.
    public var letters: ListLetters
    /// The part of an e-mail the officer chose (`--part NAME|body`), when the message has several
    /// that could be the comments.
    public var part: String? = nil
    /// Phrases of a cover note that only announces an attachment, in every language
    /// (`attachment_announcements` in `Locales/*.yaml`).
    public var announcements: [String] = []
    /// The declared language of the text (an official language code), which OCR reads in.
    public var language: String?
    /// Limits on pages, pixels and time for converted, PDF and scanned files.
    public var limits: ConversionLimits

    public init(
        encoding: String? = nil, maxBytes: Int = IntakeOptions.standardMaxBytes, readers: ReaderRegistry = .standard,
        letters: ListLetters = ListLetters(), part: String? = nil, announcements: [String] = [],
        language: String? = nil, limits: ConversionLimits = ConversionLimits()
    ) {
        self.encoding = encoding
        self.maxBytes = maxBytes
        self.readers = readers
        self.letters = letters
        self.part = part
        self.announcements = announcements
        self.language = language
        self.limits = limits
    }

    /// 100 MiB: the size limit when none is given (`--max-bytes`, `CRP_MAX_BYTES` in `crp`).
    public static let standardMaxBytes = 100 * 1024 * 1024
}

/// Reads received files of every supported kind into normalized text: plain text and Markdown
/// here, Word, e-mail and HTML through `DOCXReader`, `EMLReader` and `HTMLReader`.
public enum Intake {
    /// Reads a file from disk, refusing missing, oversized and unreadable files.
    public static func read(_ url: URL, options: IntakeOptions = IntakeOptions()) throws -> ReceivedText {
        let path = url.path
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { throw StoreError.fileMissing(path) }
        if isDir.boolValue { throw IntakeError.folder(file: SafeName.visible(path), formats: options.readers.originalFormats) }
        let link = try InputLink.check(url)
        // The size of what a symbolic link points to, not of the link: a link to a huge file must
        // be refused before it is read into memory.
        let attrs = try? FileManager.default.attributesOfItem(atPath: url.resolvingSymlinksInPath().path)
        if let size = attrs?[.size] as? Int, size > options.maxBytes {
            throw StoreError.tooLarge(file: path, bytes: size, limit: options.maxBytes)
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw StoreError.cannotRead(path, reason: "permission denied or not a regular file") }
        if data.count > options.maxBytes { throw StoreError.tooLarge(file: path, bytes: data.count, limit: options.maxBytes) }
        var r = try read(data: data, name: url.lastPathComponent, options: options)
        r.link = link
        return r
    }

    /// Reads bytes that arrived under `name`.
    public static func read(data: Data, name: String, options: IntakeOptions = IntakeOptions()) throws -> ReceivedText {
        let file = SafeName.displayName(name)
        if data.count > options.maxBytes { throw StoreError.tooLarge(file: file, bytes: data.count, limit: options.maxBytes) }
        if data.isEmpty { throw IntakeError.empty(file: file) }
        let kind = sniff(data, name: name)
        guard let reader = options.readers.reader(for: kind) else {
            throw IntakeError.unsupported(file: file, detail: Self.refusal(kind))
        }
        var r = try reader(data, name, options)
        if r.kind == kind { r.name = name }  // an e-mail names its attachment itself
        return r
    }

    /// Why a kind without a registered reader cannot be registered, with what to do.
    static func refusal(_ kind: ContentKind) -> String {
        switch kind {
        case .doc, .rtf, .odt:
            return
                "it is \(kind == .doc ? "a Word 97–2003 (.doc) file or a password-protected document" : kind == .rtf ? "an RTF file" : "an OpenDocument (.odt) file"), which crp reads only with LibreOffice, not available here. Install it (Debian package \(Programs.package(of: "soffice"))), or open it in Word or LibreOffice, save it as .docx, and register that file"
        case .msg:
            return
                "it is an Outlook message (.msg), which crp reads only with msgconvert, not available here. Install it (Debian package \(Programs.package(of: "msgconvert"))), or forward the message from Outlook as an e-mail (.eml) and register that"
        case .pdf, .image:
            return
                "it is a \(kind == .pdf ? "PDF" : "scanned image"), which crp reads only with poppler and Tesseract, not available here. Install them (Debian packages poppler-utils and tesseract-ocr), or copy the text into a .txt file (UTF-8) and register that"
        default:
            return kind.refusal
        }
    }

    /// Decodes plain text (any supported charset) into stored form: ICU converts the bytes straight
    /// to UTF-8 (no UTF-16 copy of a large file), then the text is normalized piece by piece.
    public static func decodePlain(_ data: Data, file: String, encoding: String?) throws -> ReceivedText {
        // Refusal previews show controls as "?" (TextDecoder.preview); the hostile corpus checks it.
        let (decoded, charset) = try data.withUnsafeBytes { try TextDecoder.decodeText($0, declared: encoding, file: file) }
        // C0 and C1 controls (U+009B is a terminal escape) are in no text document.
        let (text, facts) = try Analyzer.normalize(text: consume decoded, file: file)
        // A byte-order mark or white space alone is no submission.
        if facts.characters == 0 { throw IntakeError.empty(file: file) }
        return ReceivedText(bytes: data, name: file, kind: .text, encoding: charset, text: text, companions: [:], facts: facts)
    }

    /// What the bytes are: a zip (Word), a MIME message, HTML, Markdown by extension, else text.
    public static func sniff(_ data: Data, name: String) -> ContentKind {
        let head = [UInt8](data.prefix(512))
        let ext = (name as NSString).pathExtension.lowercased()
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
            // OpenDocument: the first entry is "mimetype", stored, holding the document's type.
            if head.count > 80, String(decoding: head[30..<38], as: UTF8.self) == "mimetype",
                String(decoding: head[38..<min(head.count, 90)], as: UTF8.self).hasPrefix("application/vnd.oasis.opendocument.text")
            {
                return .odt
            }
            return .docx
        }
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            // Word 97–2003 and Outlook's .msg are both OLE compound files: told apart by their streams.
            // A damaged one named .msg is taken as a message, so that its refusal says so.
            let streams = CompoundFile.kind(data)
            return streams == .outlookMessage || (streams != .word && ext == "msg") ? .msg : .doc
        }
        if head.starts(with: Array("{\\rtf".utf8)) { return .rtf }
        if head.starts(with: Array("%PDF-".utf8)) { return .pdf }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) || head.starts(with: [0xFF, 0xD8, 0xFF])
            || head.starts(with: [0x49, 0x49, 0x2A, 0x00]) || head.starts(with: [0x4D, 0x4D, 0x00, 0x2A])
        {
            return .image
        }
        // On bytes, not Characters: sniffing is in every read, and `verify` reads every original.
        let asciiBytes = head.filter { $0 < 0x80 }.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
        let ascii = String(decoding: asciiBytes, as: UTF8.self)
        let trimmedBytes = asciiBytes.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        let trimmed = String(decoding: trimmedBytes, as: UTF8.self)
        // A flat OpenDocument text (.fodt: the whole document as one XML file) is read as an .odt.
        if trimmed.hasPrefix("<?xml") || trimmed.hasPrefix("<office:document") {
            let start = String(decoding: data.prefix(4096).filter { $0 < 0x80 }, as: UTF8.self)
            if start.contains("<office:document") && start.contains("application/vnd.oasis.opendocument.text") { return .odt }
        }
        if trimmed.hasPrefix("<!doctype html") || trimmed.hasPrefix("<html") || (ext == "html" || ext == "htm") && trimmed.hasPrefix("<") { return .html }
        let headerNames = ["from:", "to:", "subject:", "mime-version:", "date:", "received:", "return-path:", "message-id:", "content-type:"]
        // Split on every line end (CR, LF, or both), so CRLF messages do not look like one line.
        let firstLines = trimmedBytes.split(maxSplits: 6, whereSeparator: { $0 == 0x0A || $0 == 0x0D }).map {
            String(decoding: $0.drop { $0 == 0x20 || $0 == 0x09 }, as: UTF8.self)
        }
        let headerHits = firstLines.filter { l in headerNames.contains { l.hasPrefix($0) } }.count
        if ext == "xlf" || ext == "xliff" || trimmed.hasPrefix("<?xml") && ascii.contains("<xliff") { return .xliff }
        if ext == "eml" || headerHits >= 2 && ascii.contains("mime-version:") || headerHits >= 3 { return .eml }
        if ext == "md" || ext == "markdown" { return .markdown }
        return .text
    }
}
