internal import CICU

/// Word, sentence and character boundaries from ICU break iterators.
public enum TextBreaks {
    public enum Kind: Int32, Sendable { case character = 0, word = 1, line = 2, sentence = 3 }

    /// Every boundary (UTF-16 offsets, after the start) and the rule status at it.
    ///
    /// The corresponding C functions are `ubrk_open`, `ubrk_next` and `ubrk_getRuleStatus`.
    public static func boundaries(_ units: [UInt16], kind: Kind, locale: String = "") throws -> [(offset: Int, status: Int32)] {
        if units.isEmpty { return [] }
        return try units.withUnsafeBufferPointer { buf in
            var st: Int32 = 0
            guard let it = cicu_break_open(kind.rawValue, locale, buf.baseAddress, Int32(buf.count), &st) else {
                throw ICUError(code: st, operation: "break iterator")
            }
            defer { cicu_break_close(it) }
            var result: [(Int, Int32)] = []
            while true {
                let b = cicu_break_next(it)
                if b < 0 { break }
                result.append((Int(b), cicu_break_rule_status(it)))
            }
            return result
        }
    }

    /// Word tokens: ICU word break, counting tokens whose rule status is at least
    /// `UBRK_WORD_NONE_LIMIT` (numbers, letters, kana, ideographs); spaces and punctuation do not count.
    ///
    /// The corresponding C function is `ubrk_getRuleStatus` over a `UBRK_WORD` iterator.
    public static func wordCount(_ text: String, locale: String = "") throws -> Int {
        try wordCount(units: Array(text.utf16), locale: locale)
    }

    /// The word tokens themselves (rule status at least `UBRK_WORD_NONE_LIMIT`, 100: numbers,
    /// letters, kana, ideographs), in order.
    public static func words(_ text: String, locale: String = "") throws -> [String] {
        let units = Array(text.utf16)
        var start = 0
        var out: [String] = []
        for b in try boundaries(units, kind: .word, locale: locale) {
            if b.status >= 100 { out.append(String(utf16Units: Array(units[start..<b.offset]))) }
            start = b.offset
        }
        return out
    }

    /// Word count over UTF-16 units.
    public static func wordCount(units: [UInt16], locale: String = "") throws -> Int {
        if units.isEmpty { return 0 }
        var st: Int32 = 0
        let n = units.withUnsafeBufferPointer { cicu_count_words(locale, $0.baseAddress, Int32($0.count), &st) }
        try ICUError.check(st, "word count")
        return Int(n)
    }

    /// Sentences by ICU sentence break that hold something other than white space or line ends
    /// (tab, LF, VT, FF, CR, space, NEL, NBSP, the U+2000 spaces, line and paragraph separators,
    /// narrow NBSP, ideographic space, BOM), counted in one pass in C.
    ///
    /// The corresponding C functions are `ubrk_open(UBRK_SENTENCE…)` and `ubrk_next`.
    public static func sentenceCount(units: [UInt16], locale: String = "") throws -> Int {
        if units.isEmpty { return 0 }
        var st: Int32 = 0
        let n = units.withUnsafeBufferPointer { cicu_count_sentences(locale, $0.baseAddress, Int32($0.count), &st) }
        try ICUError.check(st, "sentence count")
        return Int(n)
    }

    /// Sentences by ICU sentence break, each with its trailing spaces trimmed; empty ones dropped.
    public static func sentences(_ text: String, locale: String = "") throws -> [String] {
        let units = Array(text.utf16)
        var start = 0
        var out: [String] = []
        for b in try boundaries(units, kind: .sentence, locale: locale) {
            let s = String(utf16Units: Array(units[start..<b.offset])).trimmingSpaces()
            start = b.offset
            if !s.isEmpty { out.append(String(s)) }
        }
        return out
    }

    /// Splits text into sentences without losing a character: the pieces join back to the text.
    public static func sentencePieces(_ text: String, locale: String = "") throws -> [String] {
        let units = Array(text.utf16)
        var start = 0
        var out: [String] = []
        for b in try boundaries(units, kind: .sentence, locale: locale) {
            out.append(String(utf16Units: Array(units[start..<b.offset])))
            start = b.offset
        }
        return out
    }
}

extension String {
    func trimmingSpaces() -> Substring {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return s
    }
}
