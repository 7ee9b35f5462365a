internal import CICU

/// What one pass over a text finds: characters, letters per script, bidi controls, stray controls,
/// unassigned code points, and the direction of every line.
public struct TextFacts: Sendable {
    /// Code points other than white space, nonspacing and enclosing marks, and format controls.
    public var characters: Int
    /// Letters per ISO 15924 script, most first (Common and Inherited not counted).
    public var scripts: [(script: String, letters: Int)]
    public var bidiControls: Int
    /// UTF-16 offset of the first C0 control other than tab, line feed and form feed.
    public var firstControl: Int?
    /// Unassigned, private-use and noncharacter code points.
    public var unassigned: Int
    /// Direction of every non-empty line, from its first strong character.
    public var lineDirections: [TextDirection]
    /// UTF-16 length of the text the facts are about.
    public var unitCount: Int

    /// Computes the facts in C over the UTF-16 units (the registration hot path).
    ///
    /// The corresponding C functions are `u_charType`, `uscript_getScript`, `u_hasBinaryProperty` and
    /// `ubidi_getBaseDirection`.
    public init(units: [UInt16]) {
        var st = cicu_text_stats()
        var lines = 0
        var dirs: [UInt8] = []
        units.withUnsafeBufferPointer { b in
            cicu_text_stats_compute(b.baseAddress, Int32(b.count), &st)
            lines = Int(cicu_line_directions(b.baseAddress, Int32(b.count), nil, 0))
            dirs = [UInt8](unsafeUninitializedCapacity: lines) { out, n in
                n = Int(cicu_line_directions(b.baseAddress, Int32(b.count), out.baseAddress, Int32(lines)))
            }
        }
        characters = Int(st.characters)
        var counts: [(String, Int)] = []
        withUnsafeBytes(of: &st.scriptLetters) { raw in
            let a = raw.bindMemory(to: Int32.self)
            for (code, n) in a.enumerated() where n > 0 { counts.append((Scripts.name(Int32(code)), Int(n))) }
        }
        scripts = counts.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.map { (script: $0.0, letters: $0.1) }
        bidiControls = Int(st.bidiControls)
        firstControl = st.firstControl >= 0 ? Int(st.firstControl) : nil
        unassigned = Int(st.unassigned)
        lineDirections = dirs.map { $0 == 0 ? .ltr : $0 == 1 ? .rtl : .neutral }
        unitCount = units.count
    }
}

extension String {
    /// A String from UTF-16 units in one allocation, refusing unpaired surrogates.
    ///
    /// The corresponding C function is `u_strToUTF8`.
    public init(validatingUTF16 units: [UInt16]) throws {
        var status: Int32 = 0
        let needed = units.withUnsafeBufferPointer { cicu_utf16_to_utf8($0.baseAddress, Int32($0.count), nil, 0, &status) }
        if status > 0 && status != U_BUFFER_OVERFLOW_ERROR { throw ICUError(code: status, operation: "UTF-8 conversion") }
        status = 0
        var failed: Int32 = 0
        self = String(unsafeUninitializedCapacity: Int(needed)) { buf in
            var st: Int32 = 0
            let n = units.withUnsafeBufferPointer { cicu_utf16_to_utf8($0.baseAddress, Int32($0.count), buf.baseAddress, Int32(buf.count), &st) }
            if st > 0 { failed = st; return 0 }
            return Int(n)
        }
        if failed > 0 { throw ICUError(code: failed, operation: "UTF-8 conversion") }
    }
}

extension Charsets {
    /// Decodes raw bytes in `charset` straight to a UTF-8 String with line ends as LF and no BOM,
    /// refusing unmapped sequences; with `roundTrip`, also refuses a decoding that does not convert
    /// back to exactly the same bytes. No UTF-16 copy of the text is made.
    ///
    /// The corresponding C function is `ucnv_convertEx` with `UCNV_TO_U_CALLBACK_STOP`.
    public static func decodeToUTF8(_ bytes: UnsafeRawBufferPointer, charset: String, roundTrip: Bool) throws -> String {
        if bytes.isEmpty { return "" }
        var capacity = bytes.count * 3 + 16
        for _ in 0..<2 {
            var status: Int32 = 0
            var errorOffset: Int32 = -1
            let text = String(unsafeUninitializedCapacity: capacity) { buf in
                Int(
                    cicu_decode_to_utf8(
                        charset, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), Int32(bytes.count),
                        buf.baseAddress, Int32(buf.count), roundTrip, &errorOffset, &status))
            }
            if status == U_BUFFER_OVERFLOW_ERROR { capacity *= 2; continue }
            if status > 0 {
                throw CharsetDecodingError(
                    charset: charset, offset: errorOffset >= 0 ? Int(errorOffset) : nil,
                    reason: errorOffset == -2 ? "does not convert back to the same bytes" : String(cString: cicu_error_name(status)))
            }
            return text
        }
        throw CharsetDecodingError(charset: charset, offset: nil, reason: "U_BUFFER_OVERFLOW_ERROR")
    }
}

extension TextFacts {
    /// Facts of consecutive pieces of one text, combined.
    public static func combine(_ parts: [TextFacts]) -> TextFacts {
        var f = TextFacts(units: [])
        var scripts: [String: Int] = [:]
        var offset = 0
        for p in parts {
            f.characters += p.characters
            f.bidiControls += p.bidiControls
            f.unassigned += p.unassigned
            if f.firstControl == nil, let c = p.firstControl { f.firstControl = offset + c }
            f.lineDirections += p.lineDirections
            for s in p.scripts { scripts[s.script, default: 0] += s.letters }
            offset += p.unitCount
        }
        f.unitCount = offset
        f.scripts = scripts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { (script: $0.key, letters: $0.value) }
        return f
    }
}

extension StringProtocol {
    /// The text's UTF-16 units, converted by ICU in one pass (Swift's generic UTF16View copy is
    /// several times slower on large texts).
    ///
    /// The corresponding C function is `u_strFromUTF8`.
    public var utf16Units: [UInt16] {
        let fast: [UInt16]? = utf8.withContiguousStorageIfAvailable { b -> [UInt16] in
            [UInt16](unsafeUninitializedCapacity: b.count + 1) { out, n in
                var st: Int32 = 0
                let r = cicu_utf8_to_utf16(b.baseAddress, Int32(b.count), out.baseAddress, Int32(out.count), &st)
                n = st > 0 ? 0 : Int(r)
            }
        }
        return fast ?? Array(utf16)
    }
}
