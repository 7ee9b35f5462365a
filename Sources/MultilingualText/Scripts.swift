internal import CICU

/// Writing-system facts about text, from ICU's script property (ISO 15924 codes).
public enum Scripts {
    /// The ISO 15924 code ("Arab", "Latn", "Zyyy" for Common) of one scalar.
    ///
    /// The corresponding C functions are `uscript_getScript` and `uscript_getShortName`.
    public static func code(of scalar: Unicode.Scalar) -> String {
        var st: Int32 = 0
        let s = cicu_script(scalar.value, &st)
        return name(s)
    }

    static func name(_ script: Int32) -> String {
        var buf = [CChar](repeating: 0, count: 16)
        cicu_script_code_name(script, &buf, 16)
        return String(cBuffer: buf)
    }

    /// Letters per script, most frequent first; Common and Inherited are not counted.
    public static func census(_ text: String) -> [(script: String, letters: Int)] {
        var counts: [Int32: Int] = [:]
        var st: Int32 = 0
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x41 { continue }
            if v < 0x80 {  // ASCII letters are Latin; skip the ICU call in the hot path.
                if (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) { counts[25, default: 0] += 1 }
                continue
            }
            let s = cicu_script(v, &st)
            if s <= 1 { continue }  // USCRIPT_COMMON = 0, USCRIPT_INHERITED = 1
            let t = cicu_char_type(v)
            // letters (1–5) and marks do not need to be separated here: count letters only.
            if t >= 1 && t <= 5 { counts[s, default: 0] += 1 }
        }
        return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { (name($0.key), $0.value) }
    }

    /// The scripts that make up at least `threshold` of the letters, most frequent first.
    public static func dominant(_ text: String, threshold: Double = 0.2) -> [String] {
        let c = census(text)
        let total = c.reduce(0) { $0 + $1.letters }
        guard total > 0 else { return [] }
        return c.filter { Double($0.letters) / Double(total) >= threshold }.map(\.script)
    }

    /// The share (0–1) of letters written in `script`.
    public static func share(of script: String, in text: String) -> Double {
        let c = census(text)
        let total = c.reduce(0) { $0 + $1.letters }
        guard total > 0 else { return 0 }
        return Double(c.first { $0.script == script }?.letters ?? 0) / Double(total)
    }
}

/// Character properties used for terminal layout and bidi safety.
public enum CharacterProperties {
    /// Columns a scalar takes in a terminal: 0 for marks and format controls, 2 for East Asian wide
    /// and fullwidth characters, else 1.
    ///
    /// The corresponding C functions are `u_charType` and `u_getIntPropertyValue(UCHAR_EAST_ASIAN_WIDTH)`.
    public static func columns(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v >= 0x20 && v < 0x7F { return 1 }
        let t = cicu_char_type(v)
        // U_NON_SPACING_MARK 6, U_ENCLOSING_MARK 7, U_FORMAT_CHAR 16, U_CONTROL_CHAR 15
        if t == 6 || t == 7 || t == 16 || t == 15 { return 0 }
        let w = cicu_east_asian_width(v)
        // U_EA_FULLWIDTH 3, U_EA_WIDE 5
        return (w == 3 || w == 5) ? 2 : 1
    }

    /// Columns a string takes in a terminal.
    public static func columns(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + columns($1) }
    }

    /// True for scalars with the Bidi_Control property (ALM, LRM, RLM, LRE…RLO, LRI…PDI).
    ///
    /// The corresponding C function is `u_hasBinaryProperty(UCHAR_BIDI_CONTROL)`.
    public static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        cicu_is_bidi_control(scalar.value)
    }

    /// True for characters whose bidi class is right-to-left (R, AL) or that open or mark a
    /// right-to-left run (RLE, RLO, RLI, RLM, ALM).
    ///
    /// The corresponding C function is `u_charDirection`.
    public static func isRightToLeft(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x0590 { return false }
        // UCharDirection: U_RIGHT_TO_LEFT 1, U_RIGHT_TO_LEFT_ARABIC 13, U_RIGHT_TO_LEFT_EMBEDDING 14,
        // U_RIGHT_TO_LEFT_OVERRIDE 15, U_RIGHT_TO_LEFT_ISOLATE 21.
        switch cicu_bidi_class(scalar.value) {
        case 1, 13, 14, 15, 21: return true
        default: return scalar.value == 0x200F || scalar.value == 0x061C
        }
    }

    /// True when `text` holds a right-to-left character (see `isRightToLeft(_:)`).
    public static func containsRightToLeft(_ text: String) -> Bool {
        // No UTF-8 lead byte below 0xD6 starts a character at or above U+0590.
        guard text.utf8.contains(where: { $0 >= 0xD6 }) else { return false }
        return text.unicodeScalars.contains(where: isRightToLeft)
    }

    /// ICU's general category code (`UCharCategory`).
    public static func generalCategory(_ scalar: Unicode.Scalar) -> Int32 { cicu_char_type(scalar.value) }
}
