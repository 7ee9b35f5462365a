import Foundation
import MultilingualText
import Submissions

/// What a received file is, read from its content (the extension only breaks ties).
public enum ContentKind: String, Sendable {
    case text, docx, eml, html, markdown

    /// The extension the stored original gets.
    public var fileExtension: String {
        switch self {
        case .text: "txt"
        case .docx: "docx"
        case .eml: "eml"
        case .html: "html"
        case .markdown: "md"
        }
    }
}

/// A received file turned into text, before it is stored.
public struct ReceivedText: Sendable {
    public var bytes: Data
    public var name: String
    public var kind: ContentKind
    /// The charset of the text part, when there was one to decode.
    public var encoding: String?
    /// NFC, LF line ends.
    public var text: String
    public var units: [UInt16]
    /// Files kept beside the original (the e-mail an attachment came in).
    public var companions: [String: Data]
}

/// Options for reading a received file.
public struct IntakeOptions: Sendable {
    public var encoding: String?
    public var maxBytes: Int
    public init(encoding: String? = nil, maxBytes: Int = IntakeOptions.defaultMaxBytes) {
        self.encoding = encoding
        self.maxBytes = maxBytes
    }

    /// 100 MiB, or CRP_MAX_BYTES.
    public static var defaultMaxBytes: Int {
        if let s = ProcessInfo.processInfo.environment["CRP_MAX_BYTES"], let n = Int(s), n > 0 { return n }
        return 100 * 1024 * 1024
    }
}

/// Reads received files of every supported kind into normalized text. Extraction for Word and
/// e-mail files is registered by those readers through `extractors`.
public enum Intake {
    /// Reads a file from disk, refusing missing, oversized and unreadable files.
    public static func read(_ url: URL, options: IntakeOptions = IntakeOptions()) throws -> ReceivedText {
        let path = url.path
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { throw StoreError.fileMissing(path) }
        if isDir.boolValue { throw IntakeError.binary(file: path, detail: "it is a folder") }
        let attrs = try? FileManager.default.attributesOfItem(atPath: path)
        if let size = attrs?[.size] as? Int, size > options.maxBytes {
            throw StoreError.tooLarge(file: path, bytes: size, limit: options.maxBytes)
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw StoreError.cannotRead(path, reason: "permission denied or not a regular file") }
        if data.count > options.maxBytes { throw StoreError.tooLarge(file: path, bytes: data.count, limit: options.maxBytes) }
        return try read(data: data, name: url.lastPathComponent, options: options)
    }

    /// Reads bytes that arrived under `name`.
    public static func read(data: Data, name: String, options: IntakeOptions = IntakeOptions()) throws -> ReceivedText {
        let file = SafeName.displayName(name)
        if data.count > options.maxBytes { throw StoreError.tooLarge(file: file, bytes: data.count, limit: options.maxBytes) }
        if data.isEmpty { throw IntakeError.empty(file: file) }
        let kind = sniff(data, name: name)
        switch kind {
        case .text, .markdown:
            var r = try decodePlain(data, file: file, encoding: options.encoding)
            r.name = name
            r.kind = kind
            return r
        case .docx, .eml, .html:
            guard let extractor = extractors[kind] else {
                throw IntakeError.unsupported(file: file, detail: "\(kind.rawValue) files cannot be read by this build; save the text as .txt")
            }
            return try extractor(data, file, options)
        }
    }

    /// Readers for structured kinds, installed by their modules.
    nonisolated(unsafe) public static var extractors: [ContentKind: (Data, String, IntakeOptions) throws -> ReceivedText] = [:]

    /// Decodes plain text (any supported charset) into stored form.
    public static func decodePlain(_ data: Data, file: String, encoding: String?) throws -> ReceivedText {
        let bytes = [UInt8](data)
        let (raw, charset) = try TextDecoder.decode(bytes, declared: encoding, file: file)
        try Analyzer.checkControls(raw, file: file)
        let units = try Analyzer.normalize(units: raw)
        let text = String(decoding: units, as: UTF16.self)
        return ReceivedText(bytes: data, name: file, kind: .text, encoding: charset, text: text, units: units, companions: [:])
    }

    /// What the bytes are: a zip (Word), a MIME message, HTML, Markdown by extension, else text.
    public static func sniff(_ data: Data, name: String) -> ContentKind {
        let head = [UInt8](data.prefix(512))
        let ext = (name as NSString).pathExtension.lowercased()
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06]) { return .docx }
        let ascii = String(decoding: head.filter { $0 < 0x80 }, as: UTF8.self).lowercased()
        let trimmed = ascii.drop { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" || $0 == "\u{FEFF}" }
        if trimmed.hasPrefix("<!doctype html") || trimmed.hasPrefix("<html") || (ext == "html" || ext == "htm") && trimmed.hasPrefix("<") { return .html }
        let headerNames = ["from:", "to:", "subject:", "mime-version:", "date:", "received:", "return-path:", "message-id:", "content-type:"]
        let firstLines = trimmed.split(separator: "\n", maxSplits: 6).map { $0.trimmingCharacters(in: .whitespaces) }
        let headerHits = firstLines.filter { l in headerNames.contains { l.hasPrefix($0) } }.count
        if ext == "eml" || headerHits >= 2 && ascii.contains("mime-version:") || headerHits >= 3 { return .eml }
        if ext == "md" || ext == "markdown" { return .markdown }
        return .text
    }
}
