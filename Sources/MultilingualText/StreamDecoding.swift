internal import CICU

/// What streaming intake needs from ICU: which charsets can be read a piece at a time, the decoding
/// of one piece, and where a text may be cut without changing its NFC.
public enum StreamDecoding {
    /// True when a file in `charset` can be cut after any line feed byte (0x0A) and each piece
    /// decoded on its own: UTF-8, or a stateless ASCII-compatible charset of one byte per character
    /// (windows-125x, ISO-8859-x, KOI8-R…). Multi-byte legacy charsets and UTF-16/32 are read whole.
    ///
    /// The corresponding C functions are `ucnv_getType` and `ucnv_getMaxCharSize`.
    public static func streams(_ charset: String) -> Bool { cicu_charset_streams(charset) }

    /// Decodes one piece of a stream to UTF-16 (line ends LF; a leading U+FEFF dropped when
    /// `first`), refusing unmapped sequences; with `roundTrip`, refuses a decoding that does not
    /// convert back to the same bytes. Errors carry the offset within the piece.
    ///
    /// The corresponding C functions are `u_strFromUTF8`, `ucnv_toUnicode` and `ucnv_fromUChars`.
    public static func decodePiece(_ bytes: UnsafeRawBufferPointer, charset: String, roundTrip: Bool, first: Bool) throws -> [UInt16] {
        if bytes.isEmpty { return [] }
        var status: Int32 = 0
        var errorOffset: Int32 = -1
        let units = [UInt16](unsafeUninitializedCapacity: bytes.count + 1) { out, n in
            let r = cicu_decode_piece(
                charset, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), Int32(bytes.count),
                out.baseAddress, Int32(out.count), roundTrip, first, &errorOffset, &status)
            n = status > 0 ? 0 : Int(r)
        }
        if status > 0 {
            throw CharsetDecodingError(
                charset: charset, offset: errorOffset >= 0 ? Int(errorOffset) : nil,
                reason: errorOffset == -2 ? "does not convert back to the same bytes" : String(cString: cicu_error_name(status)))
        }
        return units
    }

    /// UTF-16 to UTF-8 bytes in one pass, refusing unpaired surrogates.
    ///
    /// The corresponding C function is `u_strToUTF8`.
    public static func utf8(_ units: [UInt16]) throws -> [UInt8] {
        var failed: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: units.count * 3 + 1) { buf, n in
            var st: Int32 = 0
            let r = units.withUnsafeBufferPointer { cicu_utf16_to_utf8($0.baseAddress, Int32($0.count), buf.baseAddress, Int32(buf.count), &st) }
            if st > 0 { failed = st; n = 0 } else { n = Int(r) }
        }
        if failed > 0 { throw ICUError(code: failed, operation: "UTF-8 conversion") }
        return bytes
    }

    /// The last offset at which `units` may be cut so that NFC of the two parts, joined, equals NFC
    /// of the whole: just after the last line feed when there is one, else before the last
    /// character with a normalization boundary before it; 0 when there is none.
    ///
    /// The corresponding C function is `unorm2_hasBoundaryBefore`.
    public static func lastSafeCut(_ units: [UInt16]) -> Int {
        if let lf = units.lastIndex(of: 0x0A) { return lf + 1 }
        var i = units.count
        while i > 0 {
            var start = i - 1
            var cp = UInt32(units[start])
            if cp & 0xFC00 == 0xDC00, start > 0, units[start - 1] & 0xFC00 == 0xD800 {
                start -= 1
                cp = 0x10000 + ((UInt32(units[start]) - 0xD800) << 10) + (cp - 0xDC00)
            }
            if start > 0 && cicu_nfc_boundary_before(cp) { return start }
            i = start
        }
        return 0
    }
}

extension BidiControlFinding {
    /// The same finding, `lines` lines further down (a piece of a text read after `lines` lines).
    public func shifted(lines: Int) -> BidiControlFinding {
        BidiControlFinding(codePoint: codePoint, name: name, kind: kind, line: line + lines, problem: problem)
    }
}
