import Foundation
import MultilingualText
import Submissions

/// Decides, in the open, which part of an e-mail holds the comments, and lists every part of the
/// message, taken or left, with why (recorded in the registration, shown by `crp show`).
///
/// - The body is the first text/plain part that is not an attachment (else the first text/html
///   one). A body that only announces an attachment is a cover note: it holds a phrase of
///   `attachment_announcements` in `Locales/*.yaml`, the paragraph holding the phrase is short
///   (under 80 words) and the rest is a greeting and a closing (under 25 words together). A phrase
///   alone never makes a cover note of a body with paragraphs of its own (a note verbale that "has
///   the honour to transmit the following comments" and then gives them): beside a document that
///   body is a candidate, and the officer chooses with `--part`. A body of fewer than 20 words
///   beside a document is a note too. `--part body` is always honoured.
/// - A document attachment is one whose name or media type says Word, text, Markdown, HTML, PDF,
///   .doc, .rtf or .odt; it is read through the readers of `IntakeOptions` by its sniffed kind, so
///   every reader the executable registers works for attachments too. Images and other files are
///   left. Outlook's TNEF (`winmail.dat`) is unpacked with the registry's `tnef` unpacker, and its
///   files are candidates like any attachment.
/// - One candidate (a body with real text, or a document) is taken; several are refused with
///   their names, and `--part NAME|body` (`IntakeOptions.part`) chooses.
public enum EMLDecision {
    /// Words under which a body beside a document is a short note, not the comments.
    static let shortNoteWords = 20
    /// Words above which the paragraph announcing an attachment is not a cover note's.
    static let announcingParagraphMaxWords = 80
    /// Words the rest of a cover note (greeting, closing, signature) stays under.
    static let coverNoteRestMaxWords = 25

    /// What the body is.
    enum BodyKind: Equatable {
        case text
        /// Only announces an attachment.
        case cover
        /// A few words beside a document.
        case short
    }

    /// A part that could be the comments: an attachment, by its name.
    struct Attachment {
        var name: String
        var data: Data
        var charset: String?
        var mediaType: String
    }

    /// The decision for one message.
    static func decide(_ message: EMLMessage, data: Data, file: String, options: IntakeOptions) throws -> ReceivedText {
        var leaves: [MIMEPart] = []
        EMLReader.collect(message.root, into: &leaves)
        var listing: [ReceivedPart] = []

        // The body.
        let inline = leaves.filter { !$0.isAttachment }
        let plain = inline.first { $0.mediaType == "text/plain" && !$0.body.allSatisfy(EMLReader.isSpace) }
        let html = plain == nil ? inline.first { $0.mediaType == "text/html" } : nil
        var body: ReceivedText? = nil
        var bodyError: Error? = nil
        do {
            if let plain {
                body = try EMLReader.decodeText(Data(plain.body), file: file, declared: plain.charset, fallback: options.encoding)
            } else if let html {
                body = try HTMLReader.read(Data(html.body), file: file, options: options, declared: html.charset)
            }
        } catch {
            bodyError = error
        }
        for p in inline where p.body.count > 0 && !(p.mediaType == "text/plain" && p.body.allSatisfy(EMLReader.isSpace)) {
            if let chosen = plain ?? html, chosen.body == p.body && chosen.mediaType == p.mediaType { continue }
            let why = p.mediaType == "text/html" && plain != nil ? "the HTML version of the body" : "another part of the message text (\(p.mediaType))"
            listing.append(ReceivedPart(name: "inline \(p.mediaType)", kind: p.mediaType, taken: false, why: why))
        }

        // The attachments.
        var documents: [Attachment] = []
        var unreadable: [String] = []
        var others: [ReceivedPart] = []
        for p in leaves where p.isAttachment {
            let name = SafeName.displayName(p.filename ?? "unnamed")
            if TNEF.isTNEF(mediaType: p.mediaType, name: p.filename) {
                guard let unpack = options.readers.tnef else {
                    throw EMLError.tnefMissing(file: file, attachment: name, package: "tnef")
                }
                let files = try unpack(Data(p.body), name, options.maxBytes)
                others.append(ReceivedPart(name: name, kind: "Outlook TNEF (\(p.mediaType))", taken: false,
                                           why: files.isEmpty ? "unpacked with tnef: it holds no file" : "unpacked with tnef: it holds \(files.map { SafeName.displayName($0.name) }.joined(separator: ", "))"))
                for f in files {
                    let inner = SafeName.displayName(f.name)
                    if isDocument(name: inner, mediaType: "") {
                        documents.append(Attachment(name: inner, data: f.data, charset: nil, mediaType: ""))
                    } else {
                        others.append(ReceivedPart(name: inner, kind: "file in \(name)", taken: false, why: "not a document crp registers"))
                        unreadable.append(inner)
                    }
                }
                continue
            }
            if isDocument(name: name, mediaType: p.mediaType) || isReadableOther(p, name: name, readers: options.readers) {
                documents.append(Attachment(name: name, data: Data(p.body), charset: p.charset, mediaType: p.mediaType))
            } else {
                others.append(ReceivedPart(name: name, kind: p.mediaType, taken: false, why: "not a document (\(p.mediaType)): an image, a signature or another file"))
                unreadable.append(name)
            }
        }

        // A picture (a logo, a signature, a photo of the letter) is a candidate only when nothing
        // else in the message could be the comments: no other document and no body with real text.
        let isImage = { (d: Attachment) in Intake.sniff(d.data, name: d.name) == .image }
        if documents.contains(where: isImage) {
            let bodyHasComments = body.map { classify($0.text, announcements: options.announcements, beside: true) == .text } ?? false
            if bodyHasComments || documents.contains(where: { !isImage($0) }) {
                for d in documents where isImage(d) {
                    others.append(ReceivedPart(name: d.name, kind: "image", taken: false,
                                               why: "a picture beside the comments (a logo, a signature or a scan of what the message already holds as text)"))
                }
                documents.removeAll(where: isImage)
            }
        }
        let kind = body.map { classify($0.text, announcements: options.announcements, beside: !documents.isEmpty) }
        let names = documents.map(\.name)

        // The choice.
        enum Choice { case body, attachment(Int) }
        let choice: Choice
        if let wanted = options.part?.trimmingCharacters(in: .whitespaces), !wanted.isEmpty {
            let candidates = (body != nil ? ["body"] : []) + names
            if wanted.lowercased() == "body" {
                guard body != nil else {
                    if let bodyError { throw bodyError }
                    throw EMLError.unknownPart(file: file, part: wanted, candidates: candidates)
                }
                // The officer chose: the body is taken even when it reads as a cover note.
                choice = .body
            } else if let i = names.firstIndex(where: { $0 == wanted }) ?? names.firstIndex(where: { $0.lowercased() == wanted.lowercased() }) {
                choice = .attachment(i)
            } else {
                throw EMLError.unknownPart(file: file, part: SafeName.displayName(wanted), candidates: candidates)
            }
        } else {
            let candidates = (kind == .text ? ["body"] : []) + names
            if candidates.count > 1 { throw EMLError.ambiguous(file: file, candidates: candidates) }
            if !documents.isEmpty {
                choice = .attachment(0)
            } else if body != nil && kind != .cover {
                choice = .body
            } else if kind == .cover {
                throw EMLError.coverNoteOnly(file: file, attachments: unreadable)
            } else {
                if let bodyError { throw bodyError }
                throw IntakeError.noText(file: file, detail: message.attachmentNames.isEmpty
                    ? "the message has neither a text body nor an attachment"
                    : "the message has no text body and its attachments (\(message.attachmentNames.map(SafeName.displayName).joined(separator: ", "))) are not documents crp reads")
            }
        }

        // The listing, in the order of the message: body, other inline parts, attachments.
        let chosenByOfficer = options.part != nil
        var bodyPart: [ReceivedPart] = []
        if body != nil {
            let taken: Bool
            if case .body = choice { taken = true } else { taken = false }
            let why: String
            if taken {
                why = chosenByOfficer
                    ? (kind == .cover ? "the comments, chosen with --part body (it reads as a cover note)" : "the comments, chosen with --part body")
                    : "the comments: the text of the message"
            } else {
                switch kind {
                case .cover?: why = "a cover note announcing the attachment, not the comments"
                case .short?: why = "a short note beside the attachment, not the comments"
                default: why = "not chosen: --part chose another part"
                }
            }
            bodyPart.append(ReceivedPart(name: "body", kind: plain != nil ? "text/plain body" : "text/html body", taken: taken, why: why))
        }
        var docParts: [ReceivedPart] = []
        for (i, d) in documents.enumerated() {
            var taken = false
            if case .attachment(let k) = choice, k == i { taken = true }
            docParts.append(ReceivedPart(name: d.name, kind: "attachment" + (d.mediaType.isEmpty ? "" : " (\(d.mediaType))"), taken: taken,
                                         why: taken ? (chosenByOfficer ? "the comments, chosen with --part" : "the comments: the only document attached")
                                                    : "not chosen: another part holds the comments"))
        }
        let parts = bodyPart + listing + others + docParts

        switch choice {
        case .body:
            guard var r = body else { throw bodyError ?? IntakeError.noText(file: file, detail: "the message has no text body") }
            r.bytes = data
            r.kind = .eml
            r.parts = parts + r.parts
            return r
        case .attachment(let i):
            let d = documents[i]
            if d.data.isEmpty { throw IntakeError.empty(file: "\(d.name) (attached to \(file))") }
            var r: ReceivedText
            do {
                r = try read(d, options: options)
            } catch let e as LocalizedError {
                throw EMLError.attachmentUnreadable(file: file, attachment: d.name, reason: e.errorDescription ?? "\(e)")
            }
            r.name = d.name
            r.companions["message.eml"] = data
            r.parts = parts + r.parts.map { ReceivedPart(name: "\(d.name): \($0.name)", kind: $0.kind, taken: $0.taken, why: $0.why) }
            return r
        }
    }

    /// Reads an attachment: text and HTML with the charset the message declares, everything
    /// else through the registry by its sniffed kind (Word, and whatever else is registered).
    static func read(_ d: Attachment, options: IntakeOptions) throws -> ReceivedText {
        var plain = options
        plain.part = nil
        let sniffed = Intake.sniff(d.data, name: d.name)
        switch sniffed {
        case .html:
            return try HTMLReader.read(d.data, file: d.name, options: plain, declared: d.charset)
        case .text, .markdown:
            var r = try EMLReader.decodeText(d.data, file: d.name, declared: d.charset, fallback: options.encoding)
            r.kind = sniffed
            return r
        default:
            break
        }
        return try Intake.read(data: d.data, name: d.name, options: plain)
    }

    /// True for an attachment that could hold the comments, by name or media type.
    static func isDocument(name: String, mediaType: String) -> Bool {
        let ext = (name as NSString).pathExtension.lowercased()
        if documentExtensions.contains(ext) { return true }
        if ext.isEmpty || ext == "dat" || ext == "bin" { return documentTypes.contains(mediaType) }
        return false
    }

    /// True for another attachment (a scanned letter as an image, say) that a registered reader
    /// takes by its sniffed kind — not plain text, which every unknown file sniffs as — unless it
    /// is an image embedded in the HTML body (a logo: `Content-ID`, not marked as an attachment).
    static func isReadableOther(_ p: MIMEPart, name: String, readers: ReaderRegistry) -> Bool {
        let kind = Intake.sniff(Data(p.body.prefix(512)), name: name)
        if kind == .text || kind == .markdown || kind == .eml || readers.reader(for: kind) == nil { return false }
        let disposition = p.header("Content-Disposition").map { EMLReader.parseParameters($0).value.lowercased() }
        return !(p.header("Content-ID") != nil && disposition != "attachment")
    }

    static let documentExtensions: Set<String> = ["docx", "docm", "dotx", "dotm", "doc", "rtf", "odt", "pdf", "txt", "text", "md", "markdown", "html", "htm"]
    static let documentTypes: Set<String> = [
        "text/plain", "text/markdown", "text/html", "application/pdf", "application/msword", "application/rtf", "text/rtf",
        "application/vnd.oasis.opendocument.text", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.ms-word.document.macroenabled.12", "application/vnd.openxmlformats-officedocument.wordprocessingml.template",
        "application/vnd.ms-word.template.macroenabled.12",
    ]

    /// What a body is: a cover note (a short paragraph announcing an attachment, with at most a
    /// greeting and a closing around it), a short note beside a document, or text. The decision is
    /// made on length and structure; a phrase alone is not enough. Quoted lines ("> …") and the
    /// signature after "-- " do not count.
    static func classify(_ text: String, announcements: [String], beside document: Bool) -> BodyKind {
        var kept: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "-- " || line == "--" { break }
            if line.hasPrefix(">") { continue }
            kept.append(line)
        }
        // Paragraphs: runs of lines between blank lines.
        var paragraphs: [String] = []
        var current: [Substring] = []
        for line in kept + [""] {
            if line.allSatisfy(\.isWhitespace) {
                if !current.isEmpty { paragraphs.append(current.joined(separator: "\n")) }
                current = []
            } else {
                current.append(line)
            }
        }
        let counts = paragraphs.map(wordCount)
        let words = counts.reduce(0, +)
        let keys = announcements.compactMap { try? Normalizer.searchKey($0) }.filter { !$0.isEmpty }
        if let i = paragraphs.firstIndex(where: { p in
            guard let key = try? Normalizer.searchKey(p) else { return false }
            return keys.contains { key.contains($0) }
        }), counts[i] < announcingParagraphMaxWords, words - counts[i] < coverNoteRestMaxWords {
            return .cover
        }
        if document && words < shortNoteWords { return .short }
        return .text
    }

    /// Words of a piece of text: blank-separated tokens; Chinese and Japanese, written without
    /// spaces, about two characters a word.
    static func wordCount(_ s: String) -> Int {
        var words = 0
        for token in s.split(whereSeparator: { $0.isWhitespace }) {
            let ideographs = token.unicodeScalars.filter { (0x3400...0x9FFF).contains($0.value) }.count
            words += ideographs > 0 ? max(1, ideographs / 2) : 1
        }
        return words
    }
}
