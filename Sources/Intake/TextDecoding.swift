import Foundation
#if canImport(Glibc)
    import Glibc
#endif
import MultilingualText

/// Turns received bytes into text without ever guessing silently: BOM, then strict UTF-8, then
/// ICU's detector with a confidence floor and a round-trip check; otherwise a refusal that shows the
/// candidates.
public enum TextDecoder {
    /// The least detector confidence taken without --encoding.
    public static var confidenceFloor = 40
    /// Below this many bytes the detector is not trusted (GUIDE §3: unreliable under a few hundred bytes).
    public static var minimumBytes = 256
    /// …nor with fewer non-ASCII bytes than this, the only bytes that tell code pages apart.
    public static var minimumNonASCII = 8

    /// Decodes a whole file to a UTF-8 String (line ends LF, BOM removed) without a UTF-16 copy:
    /// the charset is chosen as `decode` chooses it, from at most the first MiB, then the whole
    /// file is converted once with ICU, strictly, with the round-trip check for legacy charsets.
    public static func decodeText(_ raw: UnsafeRawBufferPointer, declared: String?, file: String) throws -> (text: String, charset: String) {
        let bytes = raw.bindMemory(to: UInt8.self)
        if bytes.isEmpty { throw IntakeError.empty(file: file) }
        // Choose the charset on a sample cut after a line feed (never inside a character of the
        // ASCII-compatible charsets; UTF-16/32 files are chosen on the whole text below 1 MiB).
        var sampleEnd = bytes.count
        if bytes.count > (1 << 20) {
            sampleEnd = 1 << 20
            while sampleEnd > 0 && bytes[sampleEnd - 1] != 0x0A { sampleEnd -= 1 }
            if sampleEnd < (1 << 19) || memchr(raw.baseAddress!, 0, sampleEnd) != nil { sampleEnd = bytes.count }
        }
        var charset: String
        var body = raw
        if let (bom, cs) = bomCharset(bytes), declared == nil || Charsets.canonicalName(declared!).map({ $0 == cs || ($0.hasPrefix("UTF-16") && cs.hasPrefix("UTF-16")) }) == true {
            charset = cs
            body = UnsafeRawBufferPointer(rebasing: raw[bom...])
        } else if sampleEnd == bytes.count || declared != nil {
            charset = try decode(raw, declared: declared, file: file).charset
            if let (bom, _) = bomCharset(bytes) { body = UnsafeRawBufferPointer(rebasing: raw[bom...]) }
        } else {
            charset = try decode(UnsafeRawBufferPointer(rebasing: raw[..<sampleEnd]), declared: nil, file: file).charset
        }
        if charset.hasPrefix("UTF-16") || charset.hasPrefix("UTF-32"), bomCharset(bytes) != nil {
            body = UnsafeRawBufferPointer(rebasing: raw[bomCharset(bytes)!.0...])
        }
        do {
            return (try Charsets.decodeToUTF8(body, charset: charset, roundTrip: !isUnicode(charset)), charset)
        } catch let e as CharsetDecodingError {
            if e.offset == nil && e.reason.contains("same bytes") { throw IntakeError.notRoundTrip(file: file, charset: charset) }
            if charset == "UTF-8" { throw IntakeError.invalidUTF8(file: file, offset: max(0, (e.offset ?? 1) - 1)) }
            throw IntakeError.undecodable(file: file, charset: charset, offset: e.offset)
        }
    }

    /// The decoded text (UTF-16, BOM removed) and the charset used.
    public static func decode(_ bytes: [UInt8], declared: String?, file: String) throws -> (units: [UInt16], charset: String) {
        try bytes.withUnsafeBytes { try decode($0, declared: declared, file: file) }
    }

    /// Decodes raw bytes without copying them into an array first (large files).
    public static func decode(_ raw: UnsafeRawBufferPointer, declared: String?, file: String) throws -> (units: [UInt16], charset: String) {
        let bytes = raw.bindMemory(to: UInt8.self)
        if bytes.isEmpty { throw IntakeError.empty(file: file) }
        if let declared {
            guard let name = Charsets.canonicalName(declared) else { throw IntakeError.unknownEncoding(file: file, name: declared) }
            if let (bom, cs) = bomCharset(bytes), cs == name || (name.hasPrefix("UTF-16") && cs.hasPrefix("UTF-16")) || (name == "UTF-8" && cs == "UTF-8") {
                return (try strictDecode(UnsafeRawBufferPointer(rebasing: raw[bom...]), charset: cs, file: file), cs)
            }
            return (try strictDecode(raw, charset: name, file: file), name)
        }
        if let (bom, cs) = bomCharset(bytes) {
            return (try strictDecode(UnsafeRawBufferPointer(rebasing: raw[bom...]), charset: cs, file: file), cs)
        }
        let hasNUL = memchr(raw.baseAddress!, 0, raw.count) != nil
        if !hasNUL, let firstInvalid = firstInvalidUTF8(bytes) {
            // Not UTF-8: ask the detector.
            return try detect(raw, file: file, utf8FailureAt: firstInvalid)
        }
        if hasNUL {
            // UTF-16/32 without BOM show NULs; anything else with NUL is binary.
            let cands = Charsets.detect(Array(bytes.prefix(1 << 20))).filter { $0.name.hasPrefix("UTF-16") || $0.name.hasPrefix("UTF-32") }
            if bytes.count >= minimumBytes, let c = cands.first, c.confidence >= 60,
                let u = try? strictDecode(raw, charset: c.name, file: file), looksLikeText(u) {
                return (u, c.name)
            }
            throw IntakeError.binary(file: file, detail: "it contains NUL bytes")
        }
        return (try strictDecode(raw, charset: "UTF-8", file: file), "UTF-8")
    }

    static func bomCharset(_ b: UnsafeBufferPointer<UInt8>) -> (Int, String)? {
        if b.count >= 4 && b[0] == 0xFF && b[1] == 0xFE && b[2] == 0 && b[3] == 0 { return (4, "UTF-32LE") }
        if b.count >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0xFE && b[3] == 0xFF { return (4, "UTF-32BE") }
        if b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF { return (3, "UTF-8") }
        if b.count >= 2 && b[0] == 0xFF && b[1] == 0xFE { return (2, "UTF-16LE") }
        if b.count >= 2 && b[0] == 0xFE && b[1] == 0xFF { return (2, "UTF-16BE") }
        return nil
    }

    /// The offset of the first byte that breaks UTF-8, or nil when all is valid.
    static func firstInvalidUTF8(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        do {
            var i = 0
            let n = b.count
            while i < n {
                // fast path over ASCII, 8 bytes at a time
                while i + 8 <= n {
                    let w = UnsafeRawPointer(b.baseAddress! + i).loadUnaligned(as: UInt64.self)
                    if w & 0x8080_8080_8080_8080 != 0 { break }
                    i += 8
                }
                if i >= n { break }
                let c = b[i]
                if c < 0x80 { i += 1; continue }
                var need = 0
                var minV: UInt32 = 0
                var v: UInt32 = 0
                if c & 0xE0 == 0xC0 { need = 1; v = UInt32(c & 0x1F); minV = 0x80 }
                else if c & 0xF0 == 0xE0 { need = 2; v = UInt32(c & 0x0F); minV = 0x800 }
                else if c & 0xF8 == 0xF0 { need = 3; v = UInt32(c & 0x07); minV = 0x10000 }
                else { return i }
                if i + need >= n { return i }
                for k in 1...need {
                    let cc = b[i + k]
                    if cc & 0xC0 != 0x80 { return i }
                    v = (v << 6) | UInt32(cc & 0x3F)
                }
                if v < minV || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) { return i }
                i += need + 1
            }
            return nil
        }
    }

    static func strictDecode(_ raw: UnsafeRawBufferPointer, charset: String, file: String) throws -> [UInt16] {
        var units: [UInt16]
        do { units = try Charsets.decode(raw, charset: charset) } catch let e as CharsetDecodingError {
            if charset == "UTF-8" { throw IntakeError.invalidUTF8(file: file, offset: max(0, (e.offset ?? 1) - 1)) }
            throw IntakeError.undecodable(file: file, charset: charset, offset: e.offset)
        }
        if units.first == 0xFEFF { units.removeFirst() }
        if !isUnicode(charset) {
            // A faithful decoding converts back to the very same bytes.
            guard Charsets.roundTrips(units, charset: charset, bytes: raw) else {
                throw IntakeError.notRoundTrip(file: file, charset: charset)
            }
        }
        return units
    }

    /// True when nearly every character is a letter, mark, number, punctuation or space, and none
    /// is unassigned or private use: what a BOM-less UTF-16 guess must show before it is believed.
    static func looksLikeText(_ units: [UInt16]) -> Bool {
        let s = String(decoding: units, as: UTF16.self)
        var good = 0, total = 0
        for scalar in s.unicodeScalars {
            total += 1
            switch scalar.properties.generalCategory {
            case .unassigned, .privateUse, .surrogate, .control where scalar != "\n" && scalar != "\r" && scalar != "\t":
                return false
            case .format, .otherSymbol, .mathSymbol, .currencySymbol, .modifierSymbol: break
            default: good += 1
            }
        }
        return total > 0 && Double(good) / Double(total) >= 0.95
    }

    static func isUnicode(_ cs: String) -> Bool { cs.uppercased().hasPrefix("UTF-") }

    static func detect(_ raw: UnsafeRawBufferPointer, file: String, utf8FailureAt: Int) throws -> (units: [UInt16], charset: String) {
        let bytes = raw.bindMemory(to: UInt8.self)
        let candidates = Charsets.detect(Array(bytes.prefix(1 << 20)))
        var viable: [(CharsetCandidate, [UInt16])] = []
        let legacy = candidates.filter { !$0.name.hasPrefix("UTF-") }
        // A clear winner (confident, and no runner-up near it) spares decoding the other candidates.
        let clear = legacy.count >= 1 && legacy[0].confidence >= 80 && (legacy.count < 2 || legacy[1].confidence + 10 <= legacy[0].confidence)
        for c in clear ? Array(legacy.prefix(1)) : legacy {
            if let u = try? strictDecode(raw, charset: c.name, file: file) { viable.append((c, u)) }
        }
        var nonASCII = 0
        for b in bytes.prefix(1 << 20) where b >= 0x80 { nonASCII += 1 }
        if let best = viable.first, best.0.confidence >= confidenceFloor, bytes.count >= minimumBytes, nonASCII >= minimumNonASCII {
            // A runner-up that decodes differently and is nearly as confident makes the choice unsafe.
            let rival = viable.dropFirst().first { $0.1 != best.1 && $0.0.confidence + 10 > best.0.confidence }
            if rival == nil {
                // ICU names ISO-8859-1 when no byte is in 0x80–0x9F; windows-1252 then decodes
                // identically and is what Windows machines actually write.
                if best.0.name == "ISO-8859-1", let u = try? strictDecode(raw, charset: "windows-1252", file: file), u == best.1 {
                    return (u, "windows-1252")
                }
                return (best.1, best.0.name)
            }
        }
        // Nearly all ASCII with a few stray bytes, or nothing decodes faithfully: say what is
        // wrong with it as UTF-8 rather than list guesses.
        if viable.isEmpty || nonASCII < minimumNonASCII {
            throw IntakeError.invalidUTF8(file: file, offset: utf8FailureAt)
        }
        throw IntakeError.uncertainEncoding(file: file, candidates: viable.prefix(5).map { c in
            (c.0.name, c.0.confidence, preview(c.1))
        })
    }

    /// The first line with non-ASCII letters, shortened, for a person to judge a decoding by.
    static func preview(_ units: [UInt16]) -> String {
        let s = String(decoding: units.prefix(4000), as: UTF16.self)
        let line = s.split(separator: "\n").first { $0.unicodeScalars.contains { $0.value > 0x7F } } ?? s.split(separator: "\n").first ?? ""
        let cleaned = Bidi.neutralize(String(line.prefix(70))).filter { !$0.isNewline }
        return "\u{2068}" + cleaned + "\u{2069}"
    }
}
