internal import CICU

/// One answer of ICU's charset detector.
public struct CharsetCandidate: Equatable, Sendable {
    /// ICU's name for the charset ("windows-1256").
    public let name: String
    /// ICU's confidence, 0–100.
    public let confidence: Int
    public init(name: String, confidence: Int) {
        self.name = name
        self.confidence = confidence
    }
}

/// Why bytes could not be decoded in a charset.
public struct CharsetDecodingError: Error, Equatable, Sendable {
    /// The charset that was tried.
    public let charset: String
    /// Byte offset just after the first sequence with no mapping, or nil when ICU gave none.
    public let offset: Int?
    /// ICU's error name.
    public let reason: String
}

/// Charset detection and conversion with ICU converters. Nothing here substitutes: a byte sequence
/// with no mapping is an error, never U+FFFD.
public enum Charsets {
    /// Up to `limit` candidates from ICU's detector, best first.
    ///
    /// The corresponding C functions are `ucsdet_detectAll`, `ucsdet_getName` and `ucsdet_getConfidence`.
    public static func detect(_ bytes: [UInt8], limit: Int = 8) -> [CharsetCandidate] {
        var names = [CChar](repeating: 0, count: 40 * limit)
        var conf = [Int32](repeating: 0, count: limit)
        var status: Int32 = 0
        let n = bytes.withUnsafeBufferPointer { b in
            cicu_detect_charsets(b.baseAddress, Int32(min(b.count, 1 << 20)), Int32(limit), &names, &conf, &status)
        }
        if status > 0 { return [] }
        return (0..<Int(n)).map { i in
            let name = names[(i * 40)..<(i * 40 + 40)].withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            return CharsetCandidate(name: name, confidence: Int(conf[i]))
        }
    }

    /// Decodes `bytes` in `charset` to UTF-16, refusing any byte sequence without a mapping.
    ///
    /// The corresponding C function is `ucnv_toUnicode` with `UCNV_TO_U_CALLBACK_STOP`.
    public static func decode(_ bytes: [UInt8], charset: String) throws -> [UInt16] {
        try bytes.withUnsafeBufferPointer { try decodeRaw($0.baseAddress, $0.count, charset: charset) }
    }

    static func decodeRaw(_ base: UnsafePointer<UInt8>?, _ count: Int, charset: String) throws -> [UInt16] {
        if count == 0 { return [] }
        var capacity = count + 4
        for _ in 0..<3 {
            var status: Int32 = 0
            var errorOffset: Int32 = -1
            var produced: Int32 = 0
            let out = [UInt16](unsafeUninitializedCapacity: capacity) { buf, n in
                produced = cicu_decode(charset, base, Int32(count), buf.baseAddress, Int32(capacity), &errorOffset, &status)
                n = status > 0 ? 0 : Int(produced)
            }
            if status == U_BUFFER_OVERFLOW_ERROR {
                capacity = max(capacity * 2, Int(produced))
                continue
            }
            if status > 0 {
                throw CharsetDecodingError(
                    charset: charset, offset: errorOffset >= 0 ? Int(errorOffset) : nil,
                    reason: String(cString: cicu_error_name(status)))
            }
            return out
        }
        throw CharsetDecodingError(charset: charset, offset: nil, reason: "U_BUFFER_OVERFLOW_ERROR")
    }

    /// Encodes UTF-16 in `charset`, refusing characters the charset cannot hold.
    ///
    /// The corresponding C function is `ucnv_fromUChars` with `UCNV_FROM_U_CALLBACK_STOP`.
    public static func encode(_ units: [UInt16], charset: String) throws -> [UInt8] {
        if units.isEmpty { return [] }
        return try units.withUnsafeBufferPointer { src in
            var capacity = src.count * 4 + 16
            for _ in 0..<2 {
                var status: Int32 = 0
                var produced: Int32 = 0
                let out = [UInt8](unsafeUninitializedCapacity: capacity) { buf, count in
                    produced = cicu_encode(charset, src.baseAddress, Int32(src.count), buf.baseAddress, Int32(capacity), &status)
                    count = status > 0 ? 0 : Int(produced)
                }
                if status == U_BUFFER_OVERFLOW_ERROR { capacity = Int(produced) + 1; continue }
                if status > 0 {
                    throw CharsetDecodingError(charset: charset, offset: nil, reason: String(cString: cicu_error_name(status)))
                }
                return out
            }
            throw CharsetDecodingError(charset: charset, offset: nil, reason: "U_BUFFER_OVERFLOW_ERROR")
        }
    }

    /// ICU's canonical name for a charset name or alias, or nil when ICU has no such converter.
    ///
    /// The corresponding C functions are `ucnv_getCanonicalName` and `ucnv_getName`.
    public static func canonicalName(_ alias: String) -> String? {
        var buf = [CChar](repeating: 0, count: 64)
        return cicu_canonical_charset(alias, &buf, 64) ? String(cBuffer: buf) : nil
    }
}
