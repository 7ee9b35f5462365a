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

    /// The body of a message as read: the text part chosen (plain text, else HTML), what reading
    /// it gave or why it failed, and the other inline parts, listed as left.
    struct Body {
        var plain: MIMEPart?
        var html: MIMEPart?
        var text: ReceivedText?
        var error: Error?
        var otherInline: [ReceivedPart] = []
    }

    /// The attachments sorted: the documents that could be the comments, the files that cannot,
    /// and how each of the latter is listed.
    struct Attachments {
        var documents: [Attachment] = []
        var unreadable: [String] = []
        var others: [ReceivedPart] = []
    }

    /// What the comments are: the body or one of the documents.
    enum Choice { case body, attachment(Int) }

    /// The decision for one message, in steps: read the body, sort the attachments, set aside
    /// pictures beside real comments, choose (the officer's `--part`, else the one candidate),
    /// list every part taken or left, and deliver the chosen text.
    static func decide(_ message: EMLMessage, data: Data, file: String, options: IntakeOptions) throws -> ReceivedText {
        var leaves: [MIMEPart] = []
        EMLReader.collect(message.root, into: &leaves)
        let body = readBody(leaves, file: file, options: options)
        var attachments = try sortAttachments(leaves, file: file, options: options)
        setAsidePictures(&attachments, body: body, options: options)
        let kind = body.text.map { classify($0.text, announcements: options.announcements, beside: !attachments.documents.isEmpty) }
        let choice = try choose(message, body: body, kind: kind, attachments: attachments, file: file, options: options)
        let parts = listing(body: body, kind: kind, attachments: attachments, choice: choice, byOfficer: options.part != nil)
        switch choice {
        case .body:
            guard var r = body.text else { throw body.error ?? IntakeError.noText(file: file, detail: "the message has no text body") }
            r.bytes = data
            r.kind = .eml
            r.parts = parts + r.parts
            return r
        case .attachment(let i):
            let d = attachments.documents[i]
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

    /// Reads the body (plain text, else HTML); a failure is kept, not thrown, since an attachment
    /// may hold the comments.
    static func readBody(_ leaves: [MIMEPart], file: String, options: IntakeOptions) -> Body {
        let inline = leaves.filter { !$0.isAttachment }
        var b = Body()
        b.plain = inline.first { $0.mediaType == "text/plain" && !$0.body.allSatisfy(EMLReader.isSpace) }
        b.html = b.plain == nil ? inline.first { $0.mediaType == "text/html" } : nil
        do {
            if let plain = b.plain {
                b.text = try EMLReader.decodeText(Data(plain.body), file: file, declared: plain.charset, fallback: options.encoding)
            } else if let html = b.html {
                b.text = try HTMLReader.read(Data(html.body), file: file, options: options, declared: html.charset)
            }
        } catch {
            b.error = error
        }
        for p in inline where p.body.count > 0 && !(p.mediaType == "text/plain" && p.body.allSatisfy(EMLReader.isSpace)) {
            if let chosen = b.plain ?? b.html, chosen.body == p.body && chosen.mediaType == p.mediaType { continue }
            let why = p.mediaType == "text/html" && b.plain != nil ? "the HTML version of the body" : "another part of the message text (\(p.mediaType))"
            b.otherInline.append(ReceivedPart(name: "inline \(p.mediaType)", kind: p.mediaType, taken: false, why: why))
        }
        return b
    }

    /// Sorts the attachments into documents and other files; Outlook's winmail.dat is unpacked
    /// with tnef and its files sorted the same way.
    static func sortAttachments(_ leaves: [MIMEPart], file: String, options: IntakeOptions) throws -> Attachments {
        var a = Attachments()
        for p in leaves where p.isAttachment {
            let name = SafeName.displayName(p.filename ?? "unnamed")
            if TNEF.isTNEF(mediaType: p.mediaType, name: p.filename) {
                guard let unpack = options.readers.tnef else {
                    throw EMLError.tnefMissing(file: file, attachment: name, package: "tnef")
                }
                let files = try unpack(Data(p.body), name, options.maxBytes)
                a.others.append(
                    ReceivedPart(
                        name: name, kind: "Outlook TNEF (\(p.mediaType))", taken: false,
                        why: files.isEmpty
                            ? "unpacked with tnef: it holds no file"
                            : "unpacked with tnef: it holds \(files.map { SafeName.displayName($0.name) }.joined(separator: ", "))"))
                for f in files {
                    let inner = SafeName.displayName(f.name)
                    if isDocument(name: inner, mediaType: "") {
                        a.documents.append(Attachment(name: inner, data: f.data, charset: nil, mediaType: ""))
                    } else {
                        a.others.append(ReceivedPart(name: inner, kind: "file in \(name)", taken: false, why: "not a document crp registers"))
                        a.unreadable.append(inner)
                    }
                }
                continue
            }
            if isDocument(name: name, mediaType: p.mediaType) || isReadableOther(p, name: name, readers: options.readers) {
                a.documents.append(Attachment(name: name, data: Data(p.body), charset: p.charset, mediaType: p.mediaType))
            } else {
                a.others.append(
                    ReceivedPart(name: name, kind: p.mediaType, taken: false, why: "not a document (\(p.mediaType)): an image, a signature or another file"))
                a.unreadable.append(name)
            }
        }
        return a
    }

    /// A picture (a logo, a signature, a photo of the letter) is a candidate only when nothing
    /// else in the message could be the comments: no other document and no body with real text.
    static func setAsidePictures(_ a: inout Attachments, body: Body, options: IntakeOptions) {
        let isImage = { (d: Attachment) in Intake.sniff(d.data, name: d.name) == .image }
        guard a.documents.contains(where: isImage) else { return }
        let bodyHasComments = body.text.map { classify($0.text, announcements: options.announcements, beside: true) == .text } ?? false
        guard bodyHasComments || a.documents.contains(where: { !isImage($0) }) else { return }
        for d in a.documents where isImage(d) {
            a.others.append(
                ReceivedPart(
                    name: d.name, kind: "image", taken: false,
                    why: "a picture beside the comments (a logo, a signature or a scan of what the message already holds as text)"))
        }
        a.documents.removeAll(where: isImage)
    }

    /// The part that holds the comments: the one the officer named with `--part`, else the only
    /// candidate; several candidates are refused as ambiguous, with their names.
    static func choose(
        _ message: EMLMessage, body: Body, kind: BodyKind?, attachments a: Attachments, file: String,
        options: IntakeOptions
    ) throws -> Choice {
        let names = a.documents.map(\.name)
        if let wanted = options.part?.trimmingCharacters(in: .whitespaces), !wanted.isEmpty {
            let candidates = (body.text != nil ? ["body"] : []) + names
            if wanted.lowercased() == "body" {
                guard body.text != nil else {
                    if let e = body.error { throw e }
                    throw EMLError.unknownPart(file: file, part: wanted, candidates: candidates)
                }
                // The officer chose: the body is taken even when it reads as a cover note.
                return .body
            }
            if let i = names.firstIndex(where: { $0 == wanted }) ?? names.firstIndex(where: { $0.lowercased() == wanted.lowercased() }) {
                return .attachment(i)
            }
            throw EMLError.unknownPart(file: file, part: SafeName.displayName(wanted), candidates: candidates)
        }
        let candidates = (kind == .text ? ["body"] : []) + names
        if candidates.count > 1 { throw EMLError.ambiguous(file: file, candidates: candidates) }
        if !a.documents.isEmpty { return .attachment(0) }
        if body.text != nil && kind != .cover { return .body }
        if kind == .cover { throw EMLError.coverNoteOnly(file: file, attachments: a.unreadable) }
        if let e = body.error { throw e }
        throw IntakeError.noText(
            file: file,
            detail: message.attachmentNames.isEmpty
                ? "the message has neither a text body nor an attachment"
                : "the message has no text body and its attachments (\(message.attachmentNames.map(SafeName.displayName).joined(separator: ", "))) are not documents crp reads"
        )
    }

    /// Every part of the message, taken or left, with why, in the message's order: body, other
    /// inline parts, other files, documents.
    static func listing(body: Body, kind: BodyKind?, attachments a: Attachments, choice: Choice, byOfficer: Bool) -> [ReceivedPart] {
        var bodyPart: [ReceivedPart] = []
        if body.text != nil {
            let taken: Bool
            if case .body = choice { taken = true } else { taken = false }
            let why: String
            if taken {
                why =
                    byOfficer
                    ? (kind == .cover ? "the comments, chosen with --part body (it reads as a cover note)" : "the comments, chosen with --part body")
                    : "the comments: the text of the message"
            } else {
                switch kind {
                case .cover?: why = "a cover note announcing the attachment, not the comments"
                case .short?: why = "a short note beside the attachment, not the comments"
                default: why = "not chosen: --part chose another part"
                }
            }
            bodyPart.append(ReceivedPart(name: "body", kind: body.plain != nil ? "text/plain body" : "text/html body", taken: taken, why: why))
        }
        var docParts: [ReceivedPart] = []
        for (i, d) in a.documents.enumerated() {
            var taken = false
            if case .attachment(let k) = choice, k == i { taken = true }
            docParts.append(
                ReceivedPart(
                    name: d.name, kind: "attachment" + (d.mediaType.isEmpty ? "" : " (\(d.mediaType))"), taken: taken,
                    why: taken
                        ? (byOfficer ? "the comments, chosen with --part" : "the comments: the only document attached")
                        : "not chosen: another part holds the comments"))
        }
        return bodyPart + body.otherInline + a.others + docParts
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
