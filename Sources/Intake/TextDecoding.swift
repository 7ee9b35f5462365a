import Foundation
import MultilingualText

#if canImport(Glibc)
    import Glibc
#endif

/// Turns received bytes into text without ever guessing silently: BOM, then strict UTF-8, then
/// ICU's detector with a confidence floor and a round-trip check; otherwise a refusal that shows the
/// candidates.
public enum TextDecoder {
    /// The least detector confidence taken without --encoding.
    public static let confidenceFloor = 40
    /// Below this many bytes the detector is not trusted (GUIDE §3: unreliable under a few hundred bytes).
    public static let minimumBytes = 256
    /// …nor with fewer non-ASCII bytes than this, the only bytes that tell code pages apart.
    public static let minimumNonASCII = 8

    /// Decodes a whole file to a UTF-8 String (line ends LF, BOM removed), converting it once with
    /// ICU: the charset is chosen on at most the first MiB (`choose`), then the whole file is
    /// converted strictly, with the round-trip check for legacy charsets, and no UTF-16 copy.
    public static func decodeText(_ raw: UnsafeRawBufferPointer, declared: String?, file: String) throws -> (text: String, charset: String) {
        let (charset, bom) = try choose(raw, declared: declared, file: file)
        return (try convert(UnsafeRawBufferPointer(rebasing: raw[bom...]), charset: charset, file: file), charset)
    }

    /// The charset of a file and the length of its byte-order mark: `--encoding` when given (a BOM
    /// of the same family is still skipped); else the BOM; else strict UTF-8; else ICU's detector,
    /// trusted only when confident, with no near rival, and when its decoding converts back to the
    /// same bytes — otherwise a refusal that shows the candidates.
    public static func choose(_ raw: UnsafeRawBufferPointer, declared: String?, file: String) throws -> (charset: String, bom: Int) {
        let bytes = raw.bindMemory(to: UInt8.self)
        if bytes.isEmpty { throw IntakeError.empty(file: file) }
        let bom = bomCharset(bytes)
        if let declared {
            guard let name = Charsets.canonicalName(declared) else { throw IntakeError.unknownEncoding(file: file, name: declared) }
            if let (n, cs) = bom, cs == name || (name.hasPrefix("UTF-16") && cs.hasPrefix("UTF-16")) { return (cs, n) }
            return (name, 0)
        }
        if let (n, cs) = bom { return (cs, n) }
        // Candidates are tried on a sample cut after a line feed (never inside a character of the
        // ASCII-compatible charsets); files with NUL bytes (UTF-16/32) are sampled whole.
        var sampleEnd = bytes.count
        if bytes.count > (1 << 20) {
            sampleEnd = 1 << 20
            while sampleEnd > 0 && bytes[sampleEnd - 1] != 0x0A { sampleEnd -= 1 }
            if sampleEnd < (1 << 19) || memchr(raw.baseAddress!, 0, sampleEnd) != nil { sampleEnd = bytes.count }
        }
        let sample = UnsafeRawBufferPointer(rebasing: raw[..<sampleEnd])
        if memchr(raw.baseAddress!, 0, raw.count) != nil {
            // UTF-16/32 without BOM show NULs; anything else with NUL is binary.
            let cands = Charsets.detect(Array(bytes.prefix(1 << 20))).filter { $0.name.hasPrefix("UTF-16") || $0.name.hasPrefix("UTF-32") }
            if bytes.count >= minimumBytes, let c = cands.first, c.confidence >= 60,
                let t = try? convert(sample, charset: c.name, file: file), looksLikeText(t)
            {
                return (c.name, 0)
            }
            throw IntakeError.binary(file: file, detail: "it contains NUL bytes")
        }
        if let firstInvalid = firstInvalidUTF8(bytes) {
            return (try detect(sample, file: file, utf8FailureAt: firstInvalid), 0)
        }
        return ("UTF-8", 0)
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
    public static func firstInvalidUTF8(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
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
            if c & 0xE0 == 0xC0 {
                need = 1; v = UInt32(c & 0x1F); minV = 0x80
            } else if c & 0xF0 == 0xE0 {
                need = 2; v = UInt32(c & 0x0F); minV = 0x800
            } else if c & 0xF8 == 0xF0 {
                need = 3; v = UInt32(c & 0x07); minV = 0x10000
            } else {
                return i
            }
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

    /// Converts bytes to stored text with ICU, strictly; a legacy charset must also convert back to
    /// the same bytes. Errors name the file and the charset.
    static func convert(_ raw: UnsafeRawBufferPointer, charset: String, file: String) throws -> String {
        do {
            return try Charsets.decodeToUTF8(raw, charset: charset, roundTrip: !isUnicode(charset))
        } catch let e as CharsetDecodingError {
            if e.offset == nil && e.reason.contains("same bytes") { throw IntakeError.notRoundTrip(file: file, charset: charset) }
            if charset == "UTF-8" { throw IntakeError.invalidUTF8(file: file, offset: max(0, (e.offset ?? 1) - 1)) }
            throw IntakeError.undecodable(file: file, charset: charset, offset: e.offset)
        }
    }

    /// True when nearly every character is a letter, mark, number, punctuation or space, and none
    /// is unassigned or private use: what a BOM-less UTF-16 guess must show before it is believed.
    static func looksLikeText(_ s: String) -> Bool {
        var good = 0, total = 0
        for scalar in s.unicodeScalars {
            total += 1
            switch scalar.properties.generalCategory {
            case .unassigned, .privateUse, .surrogate:
                return false
            case .control where scalar != "\n" && scalar != "\r" && scalar != "\t":
                return false
            case .format, .otherSymbol, .mathSymbol, .currencySymbol, .modifierSymbol: break
            default: good += 1
            }
        }
        return total > 0 && Double(good) / Double(total) >= 0.95
    }

    public static func isUnicode(_ cs: String) -> Bool { cs.uppercased().hasPrefix("UTF-") }

    /// The detector's choice for a sample that is not UTF-8, or a refusal.
    static func detect(_ sample: UnsafeRawBufferPointer, file: String, utf8FailureAt: Int) throws -> String {
        let bytes = sample.bindMemory(to: UInt8.self)
        let legacy = Charsets.detect(Array(bytes)).filter { !$0.name.hasPrefix("UTF-") }
        var viable: [(candidate: CharsetCandidate, text: String)] = []
        // A clear winner (confident, and no runner-up near it) spares decoding the other candidates.
        let clear = legacy.count >= 1 && legacy[0].confidence >= 80 && (legacy.count < 2 || legacy[1].confidence + 10 <= legacy[0].confidence)
        for c in clear ? Array(legacy.prefix(1)) : legacy {
            if let t = try? convert(sample, charset: c.name, file: file) { viable.append((c, t)) }
        }
        var nonASCII = 0
        for b in bytes where b >= 0x80 { nonASCII += 1 }
        if let best = viable.first, best.candidate.confidence >= confidenceFloor, bytes.count >= minimumBytes, nonASCII >= minimumNonASCII {
            // A runner-up that decodes differently and is nearly as confident makes the choice unsafe.
            let rival = viable.dropFirst().first { $0.text != best.text && $0.candidate.confidence + 10 > best.candidate.confidence }
            if rival == nil {
                // ICU names ISO-8859-1 when no byte is in 0x80–0x9F; windows-1252 then decodes
                // identically and is what Windows machines actually write.
                if best.candidate.name == "ISO-8859-1", (try? convert(sample, charset: "windows-1252", file: file)) == best.text {
                    return "windows-1252"
                }
                return best.candidate.name
            }
        }
        // Nearly all ASCII with a few stray bytes, or nothing decodes faithfully: say what is
        // wrong with it as UTF-8 rather than list guesses.
        if viable.isEmpty || nonASCII < minimumNonASCII {
            throw IntakeError.invalidUTF8(file: file, offset: utf8FailureAt)
        }
        throw IntakeError.uncertainEncoding(file: file, candidates: viable.prefix(5).map { ($0.candidate.name, $0.candidate.confidence, preview($0.text)) })
    }

    /// Legacy charsets tried when a decoded text is not in the declared language's script.
    static let charsetsByScript: [String: [String]] = [
        "Arab": ["windows-1256", "ISO-8859-6", "IBM864"],
        "Cyrl": ["windows-1251", "KOI8-R", "ISO-8859-5", "IBM866", "x-mac-cyrillic"],
        "Hani": ["GB18030", "Big5", "EUC-KR", "Shift_JIS"],
        "Latn": ["windows-1252", "ISO-8859-1", "ISO-8859-15", "windows-1250", "ISO-8859-2"],
    ]

    /// The legacy charsets (other than `except`) in which `data` decodes faithfully (converts back
    /// to the same bytes) into text whose dominant script is one of `scripts`.
    public static func candidates(_ data: Data, giving scripts: [String], except: String?) -> [String] {
        guard data.contains(where: { $0 >= 0x80 }) else { return [] }
        var out: [String] = []
        for script in scripts {
            for cs in charsetsByScript[script] ?? [] where cs.caseInsensitiveCompare(except ?? "") != .orderedSame && !out.contains(cs) {
                guard let text = try? data.withUnsafeBytes({ try Charsets.decodeToUTF8($0, charset: cs, roundTrip: true) }) else { continue }
                if Scripts.dominant(text).contains(where: scripts.contains) { out.append(cs) }
            }
        }
        return out
    }

    /// The first line with non-ASCII letters, shortened, for a person to judge a decoding by. It is
    /// the sender's bytes read in a possibly wrong charset, so controls (U+009B is a terminal
    /// escape) are shown as "?" and bidi is neutralized and isolated.
    static func preview(_ s: String) -> String {
        let lines = s.prefix(4000).split(separator: "\n")
        let line = lines.first { $0.unicodeScalars.contains { $0.value > 0x7F } } ?? lines.first ?? ""
        return "\u{2068}" + SafeText.clean(String(line.prefix(70)), controls: .question, bidi: .neutralize) + "\u{2069}"
    }
}
