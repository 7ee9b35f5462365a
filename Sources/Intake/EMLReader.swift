import Foundation
import MultilingualText
import Submissions

/// Limits for e-mail messages: how deep parts may nest, how many there may be.
public struct EMLLimits: Sendable, Equatable {
    /// Deepest nesting of multipart and attached messages.
    public var maxDepth: Int
    /// Most parts in one message, all levels together.
    public var maxParts: Int
    /// Longest header block, in bytes.
    public var maxHeaderBytes: Int

    /// Creates limits; the defaults are depth 12, 500 parts, 1 MiB of headers.
    public init(maxDepth: Int = 12, maxParts: Int = 500, maxHeaderBytes: Int = 1 << 20) {
        self.maxDepth = maxDepth
        self.maxParts = maxParts
        self.maxHeaderBytes = maxHeaderBytes
    }
}

/// One MIME part: its headers and its body, transfer encoding already undone.
public struct MIMEPart: Sendable {
    /// Header fields in order, names as written, values unfolded (encoded words not decoded).
    public var headers: [(name: String, value: String)]
    /// The body after quoted-printable or base64 decoding; empty for multiparts.
    public var body: [UInt8]
    /// The parts of a multipart, or the message of a message/rfc822 part.
    public var parts: [MIMEPart]

    /// The first value of a header, by case-insensitive name.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// `type/subtype`, lower-cased; text/plain when absent (RFC 2045 §5.2).
    public var mediaType: String {
        header("Content-Type").map { EMLReader.parseParameters($0).value.lowercased() } ?? "text/plain"
    }

    /// The `charset` parameter of Content-Type.
    public var charset: String? {
        header("Content-Type").flatMap { EMLReader.parseParameters($0).params["charset"] }
    }

    /// The file name (Content-Disposition filename, else Content-Type name), decoded.
    public var filename: String? {
        let d = header("Content-Disposition").map(EMLReader.parseParameters)
        let t = header("Content-Type").map(EMLReader.parseParameters)
        guard let raw = d?.params["filename"] ?? t?.params["name"], !raw.isEmpty else { return nil }
        return EMLReader.decodeEncodedWords(raw)
    }

    /// True when the part is marked as an attachment or carries a file name.
    public var isAttachment: Bool {
        let d = header("Content-Disposition").map { EMLReader.parseParameters($0).value.lowercased() }
        return d == "attachment" || filename != nil
    }
}

/// A parsed e-mail: a few decoded headers and the tree of parts.
public struct EMLMessage: Sendable {
    /// Subject, with RFC 2047 encoded words decoded.
    public var subject: String?
    /// From, with encoded words decoded.
    public var from: String?
    /// Date, as written.
    public var date: String?
    /// The top-level part.
    public var root: MIMEPart
    /// The file names of every attachment, in order.
    public var attachmentNames: [String]
}

/// Reads e-mail messages (.eml, RFC 5322 with MIME): headers with folded lines and encoded words,
/// multipart trees, quoted-printable and base64, text in any charset ICU knows.
///
/// Which part becomes the original is decided by `EMLDecision`, in the open: the body, or an
/// attached document (whose bytes become the original, the whole e-mail kept beside it as
/// `message.eml`); when several could be the comments the officer chooses with `--part`.
public enum EMLReader {
    static let kind = "e-mail (.eml)"

    /// Reads a received e-mail into stored form, deciding in the open which part holds the
    /// comments (see `EMLDecision`): every part is listed in `ReceivedText.parts`, taken or left.
    public static func read(
        _ data: Data, file: String, options: IntakeOptions = IntakeOptions(),
        limits: EMLLimits = EMLLimits()
    ) throws -> ReceivedText {
        let message = try parse(data, file: file, limits: limits)
        var r = try EMLDecision.decide(message, data: data, file: file, options: options)
        r.sentDate = message.date.flatMap(calendarDate)
        r.sentAt = message.date.flatMap(instant)
        return r
    }

    /// The instant of an RFC 5322 `Date:` header with its time and zone ("Fri, 25 Sep 2020
    /// 23:30:00 -0600 (MDT)"); nil when either is missing or the header is malformed.
    public static func instant(_ header: String) -> Date? {
        var h = header.trimmingCharacters(in: .whitespaces)
        if let paren = h.firstIndex(of: "(") { h = String(h[..<paren]).trimmingCharacters(in: .whitespaces) }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        for format in ["EEE, d MMM yyyy HH:mm:ss Z", "d MMM yyyy HH:mm:ss Z", "EEE, d MMM yyyy HH:mm Z", "d MMM yyyy HH:mm Z"] {
            f.dateFormat = format
            if let d = f.date(from: h) { return d }
        }
        return nil
    }

    /// The calendar date of an RFC 5322 `Date:` header ("Mon, 16 Nov 2026 10:22:03 +0100 (CET)"),
    /// as written (the sender's time); nil when it holds no day, month name and year.
    public static func calendarDate(_ header: String) -> CalendarDate? {
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        let tokens = header.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }).map { $0.lowercased() }
        for i in tokens.indices.dropLast(2) {
            guard let day = Int(tokens[i]), let m = months.firstIndex(of: String(tokens[i + 1].prefix(3))), let year = Int(tokens[i + 2]) else { continue }
            return try? CalendarDate(iso: String(format: "%04d-%02d-%02d", year, m + 1, day))
        }
        return nil
    }

    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    static func collect(_ p: MIMEPart, into out: inout [MIMEPart]) {
        if p.parts.isEmpty {
            out.append(p)
        } else {
            for c in p.parts { collect(c, into: &out) }
        }
    }

    /// Text in its declared charset; without one, `fallback` (the officer's --encoding), else
    /// the usual detection. A declared Latin-1 or ASCII with bytes 0x80–0x9F is read as
    /// windows-1252, as every mail program does (those bytes are controls in Latin-1).
    static func decodeText(_ body: Data, file: String, declared: String?, fallback: String?) throws -> ReceivedText {
        guard var cs = declared?.trimmingCharacters(in: .whitespaces), !cs.isEmpty else {
            return try Intake.decodePlain(body, file: file, encoding: fallback)
        }
        let lower = cs.lowercased()
        let latin1 = ["iso-8859-1", "iso8859-1", "latin1", "latin-1", "us-ascii", "ascii", "iso_8859-1"].contains(lower)
        if latin1 && body.contains(where: { $0 >= 0x80 && $0 <= 0x9F }) {
            cs = "windows-1252"
        } else if lower == "us-ascii" || lower == "ascii" {
            // Mislabelled 8-bit text is common; UTF-8 is the only safe guess, else detection.
            if body.allSatisfy({ $0 < 0x80 }) { cs = "UTF-8" } else { return try Intake.decodePlain(body, file: file, encoding: nil) }
        }
        var r = try Intake.decodePlain(body, file: file, encoding: cs)
        r.encoding = displayName(charset: cs)
        return r
    }

    /// The name a charset is recorded under: ICU's canonical name, except where ICU names a
    /// Windows code page by its IBM table ("ibm-9448_X100-2005" for windows-1256).
    static func displayName(charset label: String) -> String {
        let canonical = Charsets.canonicalName(label) ?? label
        if canonical.hasPrefix("ibm-") && label.lowercased().hasPrefix("windows-") { return label.lowercased() }
        return canonical
    }

    // MARK: - Parsing

    /// Parses a message into its part tree, decoding transfer encodings.
    public static func parse(_ data: Data, file: String, limits: EMLLimits = EMLLimits()) throws -> EMLMessage {
        var count = 0
        let bytes = [UInt8](data)
        let root = try parsePart(bytes[...], file: file, depth: 0, count: &count, limits: limits, defaultType: "text/plain")
        var names: [String] = []
        var all: [MIMEPart] = []
        collect(root, into: &all)
        for p in all where p.isAttachment { names.append(p.filename ?? "unnamed") }
        return EMLMessage(
            subject: root.header("Subject").map(decodeEncodedWords), from: root.header("From").map(decodeEncodedWords),
            date: root.header("Date"), root: root, attachmentNames: names)
    }

    static func parsePart(
        _ bytes: ArraySlice<UInt8>, file: String, depth: Int, count: inout Int, limits: EMLLimits,
        defaultType: String
    ) throws -> MIMEPart {
        count += 1
        if count > limits.maxParts { throw IntakeError.messageLimit(file: file, detail: "it has more than \(limits.maxParts) parts") }
        if depth > limits.maxDepth { throw IntakeError.messageLimit(file: file, detail: "its parts nest more than \(limits.maxDepth) levels deep") }
        let (headers, bodyStart) = try parseHeaders(bytes, file: file, limits: limits)
        var part = MIMEPart(headers: headers, body: [], parts: [])
        if part.header("Content-Type") == nil && defaultType != "text/plain" {
            part.headers.append(("Content-Type", defaultType))
        }
        let body = bytes[bodyStart...]
        let type = part.mediaType
        if type.hasPrefix("multipart/") {
            guard let boundary = part.header("Content-Type").flatMap({ parseParameters($0).params["boundary"] }), !boundary.isEmpty else {
                throw IntakeError.malformed(file: file, kind: kind, detail: "a multipart part names no boundary")
            }
            let childDefault = type == "multipart/digest" ? "message/rfc822" : "text/plain"
            for chunk in split(body, boundary: Array(boundary.utf8)) {
                part.parts.append(try parsePart(chunk, file: file, depth: depth + 1, count: &count, limits: limits, defaultType: childDefault))
            }
            return part
        }
        let decoded = try decodeTransfer(body, encoding: part.header("Content-Transfer-Encoding"), file: file)
        if type == "message/rfc822" || type == "message/global" {
            part.parts.append(try parsePart(decoded[...], file: file, depth: depth + 1, count: &count, limits: limits, defaultType: "text/plain"))
            return part
        }
        part.body = decoded
        return part
    }

    /// Header fields up to the first empty line, unfolded; and where the body starts.
    static func parseHeaders(_ b: ArraySlice<UInt8>, file: String, limits: EMLLimits) throws -> ([(name: String, value: String)], Int) {
        var lines: [ArraySlice<UInt8>] = []
        var i = b.startIndex
        var bodyStart = b.endIndex
        while i < b.endIndex {
            var j = i
            while j < b.endIndex && b[j] != 0x0A { j += 1 }
            var line = b[i..<j]
            if line.last == 0x0D { line = line.dropLast() }
            let next = j < b.endIndex ? j + 1 : j
            if line.isEmpty { bodyStart = next; break }
            if next - b.startIndex > limits.maxHeaderBytes {
                throw IntakeError.messageLimit(file: file, detail: "its header block is longer than \(limits.maxHeaderBytes) bytes")
            }
            lines.append(line)
            i = next
        }
        var headers: [(name: String, value: String)] = []
        for line in lines {
            if let first = line.first, first == 0x20 || first == 0x09 {
                // A folded line continues the previous field (RFC 5322 §2.2.3).
                if !headers.isEmpty { headers[headers.count - 1].value += " " + headerString(line).trimmingCharacters(in: .whitespaces) }
                continue
            }
            guard let colon = line.firstIndex(of: 0x3A) else { continue }  // "From " mbox lines, junk
            let name = headerString(line[line.startIndex..<colon]).trimmingCharacters(in: .whitespaces)
            let value = headerString(line[(colon + 1)...]).trimmingCharacters(in: .whitespaces)
            if !name.isEmpty { headers.append((name, value)) }
        }
        return (headers, bodyStart)
    }

    /// Header bytes as a string: UTF-8 when valid (RFC 6532), else Latin-1 byte for byte.
    static func headerString(_ b: ArraySlice<UInt8>) -> String {
        if let s = String(validating: b, as: UTF8.self) { return s }
        return String(b.map { Character(Unicode.Scalar($0)) })
    }

    /// The parts of a multipart body between `--boundary` lines, preamble and epilogue dropped.
    static func split(_ body: ArraySlice<UInt8>, boundary: [UInt8]) -> [ArraySlice<UInt8>] {
        let dash: [UInt8] = [0x2D, 0x2D] + boundary
        var parts: [ArraySlice<UInt8>] = []
        var start: Int? = nil
        var i = body.startIndex
        while i < body.endIndex {
            var j = i
            while j < body.endIndex && body[j] != 0x0A { j += 1 }
            let line = body[i..<j]
            let next = j < body.endIndex ? j + 1 : j
            if line.starts(with: dash) {
                let rest = line.dropFirst(dash.count)
                let closing = rest.starts(with: [0x2D, 0x2D])
                if rest.allSatisfy(isSpace) || closing {
                    if let s = start {
                        // The line break before the delimiter belongs to the delimiter.
                        var end = i
                        if end > s && body[end - 1] == 0x0A { end -= 1 }
                        if end > s && body[end - 1] == 0x0D { end -= 1 }
                        parts.append(body[s..<end])
                    }
                    if closing { return parts }
                    start = next
                }
            }
            i = next
        }
        if let s = start, s < body.endIndex { parts.append(body[s...]) }  // unterminated: take what came
        return parts
    }

    /// Undoes Content-Transfer-Encoding.
    static func decodeTransfer(_ body: ArraySlice<UInt8>, encoding: String?, file: String) throws -> [UInt8] {
        switch (encoding ?? "7bit").trimmingCharacters(in: .whitespaces).lowercased() {
        case "quoted-printable": return quotedPrintable(body)
        case "base64": return base64(body)
        case "7bit", "8bit", "binary", "": return Array(body)
        case let other:
            throw IntakeError.unsupported(
                file: file,
                detail:
                    "a part of the message uses the transfer encoding \"\(other)\", which crp does not read. Save the attachment from your mail program and register it directly"
            )
        }
    }

    /// Quoted-printable (RFC 2045 §6.7): `=XX`, soft line breaks, trailing blanks dropped; a
    /// malformed `=` is kept as it is.
    public static func quotedPrintable<C: Collection>(_ b: C) -> [UInt8] where C.Element == UInt8 {
        let b = Array(b)
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var lineStart = 0
        var i = 0
        func hex(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: return c - 0x30
            case 0x41...0x46: return c - 0x41 + 10
            case 0x61...0x66: return c - 0x61 + 10
            default: return nil
            }
        }
        while i < b.count {
            let c = b[i]
            if c == 0x0A || c == 0x0D {
                // Blanks at the end of a line were added in transport.
                while out.count > lineStart, out.last == 0x20 || out.last == 0x09 { out.removeLast() }
                if c == 0x0D && i + 1 < b.count && b[i + 1] == 0x0A {
                    out += [0x0D, 0x0A]
                    i += 2
                } else {
                    out.append(c)
                    i += 1
                }
                lineStart = out.count
                continue
            }
            if c == 0x3D {
                // Soft line break: "=" then optional blanks then the line end.
                var k = i + 1
                while k < b.count && (b[k] == 0x20 || b[k] == 0x09) { k += 1 }
                if k >= b.count { i = k; continue }
                if b[k] == 0x0A { i = k + 1; continue }
                if b[k] == 0x0D { i = k + 1 < b.count && b[k + 1] == 0x0A ? k + 2 : k + 1; continue }
                if i + 2 < b.count, let h = hex(b[i + 1]), let l = hex(b[i + 2]) {
                    out.append(h << 4 | l)
                    i += 3
                    continue
                }
            }
            out.append(c)
            i += 1
        }
        return out
    }

    /// Base64, ignoring line breaks and any character outside the alphabet (RFC 2045 §6.8).
    public static func base64<C: Collection>(_ b: C) -> [UInt8] where C.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(b.count * 3 / 4)
        var acc: UInt32 = 0
        var n = 0
        for c in b {
            let v: UInt32
            switch c {
            case 0x41...0x5A: v = UInt32(c - 0x41)
            case 0x61...0x7A: v = UInt32(c - 0x61 + 26)
            case 0x30...0x39: v = UInt32(c - 0x30 + 52)
            case 0x2B: v = 62
            case 0x2F: v = 63
            case 0x3D: continue  // padding: what is left is flushed below
            default: continue
            }
            acc = acc << 6 | v
            n += 1
            if n == 4 {
                out += [UInt8(acc >> 16 & 0xFF), UInt8(acc >> 8 & 0xFF), UInt8(acc & 0xFF)]
                acc = 0
                n = 0
            }
        }
        if n == 2 { out.append(UInt8(acc >> 4 & 0xFF)) }
        if n == 3 { out += [UInt8(acc >> 10 & 0xFF), UInt8(acc >> 2 & 0xFF)] }
        return out
    }

    /// A header value's main value and its parameters (`type/sub; name="v"`), names lower-cased;
    /// RFC 2231 continuations (`name*0=`, `name*1=`) and charsets (`name*=utf-8''%C3%BA`) joined
    /// and decoded.
    public static func parseParameters(_ s: String) -> (value: String, params: [String: String]) {
        var pieces: [String] = []
        var cur = ""
        var quoted = false
        var escape = false
        for ch in s {
            if escape { cur.append(ch); escape = false; continue }
            if quoted && ch == "\\" { escape = true; continue }
            if ch == "\"" { quoted.toggle(); continue }
            if ch == ";" && !quoted { pieces.append(cur); cur = ""; continue }
            cur.append(ch)
        }
        pieces.append(cur)
        let value = pieces.first?.trimmingCharacters(in: .whitespaces) ?? ""
        var plain: [String: String] = [:]
        var extended: [String: [(Int, String, Bool)]] = [:]  // name → (section, value, encoded)
        for p in pieces.dropFirst() {
            guard let eq = p.firstIndex(of: "=") else { continue }
            var name = p[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
            let v = p[p.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            guard name.contains("*") else { plain[name] = v; continue }
            var encoded = false
            if name.hasSuffix("*") { encoded = true; name.removeLast() }
            var section = 0
            if let star = name.firstIndex(of: "*") {
                section = Int(name[name.index(after: star)...]) ?? 0
                name = String(name[..<star])
            }
            extended[name, default: []].append((section, v, encoded))
        }
        for (name, sections) in extended {
            var charset: String? = nil
            var bytes: [UInt8] = []
            for (k, (_, v, encoded)) in sections.sorted(by: { $0.0 < $1.0 }).enumerated() {
                var text = Substring(v)
                if encoded && k == 0 {
                    let parts = v.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                    if parts.count == 3 { charset = String(parts[0]); text = parts[2] }
                }
                bytes += encoded ? percentDecode(text) : Array(text.utf8)
            }
            let cs = charset.flatMap { $0.isEmpty ? nil : $0 } ?? "UTF-8"
            let decoded = (try? Charsets.decode(bytes, charset: cs)).map { String(decoding: $0, as: UTF16.self) }
            plain[name] = decoded ?? String(decoding: bytes, as: UTF8.self)
        }
        return (value, plain)
    }

    static func percentDecode(_ s: Substring) -> [UInt8] {
        var out: [UInt8] = []
        let u = Array(s.utf8)
        var i = 0
        while i < u.count {
            if u[i] == 0x25, i + 2 < u.count, let v = UInt8(String(decoding: u[(i + 1)...(i + 2)], as: UTF8.self), radix: 16) {
                out.append(v)
                i += 3
            } else {
                out.append(u[i])
                i += 1
            }
        }
        return out
    }

    /// Decodes RFC 2047 encoded words (`=?ISO-8859-1?Q?Per=FA?=`, `=?UTF-8?B?…?=`); blanks between
    /// two encoded words are dropped; a word that cannot be decoded is left as written.
    public static func decodeEncodedWords(_ s: String) -> String {
        guard s.contains("=?") else { return s }
        var out = ""
        var rest = Substring(s)
        var pendingBlank = ""
        var lastWasEncoded = false
        while !rest.isEmpty {
            if rest.hasPrefix("=?"), let (text, length) = encodedWord(rest) {
                if !lastWasEncoded { out += pendingBlank }
                pendingBlank = ""
                out += text
                rest = rest.dropFirst(length)
                lastWasEncoded = true
                continue
            }
            let ch = rest.removeFirst()
            if ch == " " || ch == "\t" {
                pendingBlank.append(ch)
                continue
            }
            out += pendingBlank
            pendingBlank = ""
            out.append(ch)
            lastWasEncoded = false
        }
        return out + pendingBlank
    }

    /// One encoded word at the start of `s`: its text and how many characters it took.
    static func encodedWord(_ s: Substring) -> (String, Int)? {
        let parts = s.dropFirst(2).split(separator: "?", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, parts[3].hasPrefix("="), !parts[0].isEmpty else { return nil }
        let charset = parts[0].split(separator: "*").first.map(String.init) ?? ""  // RFC 2231 language suffix
        let enc = parts[1].uppercased()
        let payload = parts[2]
        let bytes: [UInt8]
        if enc == "B" {
            bytes = base64(Array(payload.utf8))
        } else if enc == "Q" {
            bytes = quotedPrintable(Array(payload.replacingOccurrences(of: "_", with: " ").utf8))
        } else {
            return nil
        }
        guard let units = try? Charsets.decode(bytes, charset: charset) else { return nil }
        let length = 2 + parts[0].count + 1 + parts[1].count + 1 + payload.count + 2
        return (String(decoding: units, as: UTF16.self), length)
    }
}
