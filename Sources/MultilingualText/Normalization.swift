internal import CICU

/// Unicode normalization forms, as ICU implements them.
public enum NormalizationForm: Int32, Sendable {
    case nfc = 0, nfd = 1, nfkc = 2, nfkd = 3, nfkcCasefold = 4
}

/// Normalization and search keys.
public enum Normalizer {
    /// Returns `text` in the given normalization form.
    ///
    /// The corresponding C function is `unorm2_normalize`.
    public static func normalize(_ text: String, _ form: NormalizationForm = .nfc) throws -> String {
        let units = Array(text.utf16)
        return String(utf16Units: try normalize(units: units, form))
    }

    /// Normalizes UTF-16 units; the fast path for large texts (no String round trip).
    public static func normalize(units: [UInt16], _ form: NormalizationForm = .nfc) throws -> [UInt16] {
        if units.isEmpty { return [] }
        return try units.withUnsafeBufferPointer { src in
            var st: Int32 = 0
            if cicu_is_normalized(form.rawValue, src.baseAddress, Int32(src.count), &st), st <= 0 {
                return units
            }
            let factor = form == .nfc || form == .nfkc ? 1 : 3
            return try fillUTF16(initialCapacity: src.count * factor + 16, "normalization") { dest, cap, status in
                cicu_normalize(form.rawValue, src.baseAddress, Int32(src.count), dest, cap, &status)
            }
        }
    }

    /// True when `text` is already in the given form.
    ///
    /// The corresponding C function is `unorm2_isNormalized`.
    public static func isNormalized(_ text: String, _ form: NormalizationForm = .nfc) -> Bool {
        withUTF16(text) { p, n in
            var st: Int32 = 0
            return cicu_is_normalized(form.rawValue, p, n, &st)
        }
    }

    /// A key for matching text typed by an officer against stored text: folds case, compatibility
    /// forms, Latin diacritics, Arabic tashkeel and tatweel, and format controls.
    public static func searchKey(_ text: String) throws -> String {
        let units = Array(text.utf16)
        if units.isEmpty { return "" }
        let out = try units.withUnsafeBufferPointer { src in
            try fillUTF16(initialCapacity: src.count * 2 + 16, "search folding") { dest, cap, status in
                cicu_search_key(src.baseAddress, Int32(src.count), dest, cap, &status)
            }
        }
        return String(utf16Units: out)
    }
}
