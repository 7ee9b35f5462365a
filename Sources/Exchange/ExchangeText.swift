import Foundation
import MultilingualText

/// How RoomPaper cuts stored text into the paragraphs (units) and sentences (segments) it exchanges
/// with translators, and how it puts a translation back together.
public enum ExchangeText {
    /// The paragraphs of a text, as the compiler sees them: separated by blank lines when the text
    /// has one, else one per line. Lines inside a paragraph keep their line feed; empty paragraphs
    /// are dropped.
    public static func paragraphs(_ text: String) -> [String] {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        let blank: (Substring) -> Bool = { $0.allSatisfy(\.isWhitespace) }
        var hasBlankBetween = false
        var seenContent = false
        var pendingBlank = false
        for l in lines {
            if blank(l) {
                if seenContent { pendingBlank = true }
            } else {
                if pendingBlank { hasBlankBetween = true }
                seenContent = true
            }
        }
        if !hasBlankBetween { return lines.filter { !blank($0) }.map(String.init) }
        var out: [String] = []
        var current: [Substring] = []
        for l in lines {
            if blank(l) {
                if !current.isEmpty { out.append(current.joined(separator: "\n")); current = [] }
            } else {
                current.append(l)
            }
        }
        if !current.isEmpty { out.append(current.joined(separator: "\n")) }
        return out
    }

    /// The translation text put together from its paragraphs: joined by blank lines, ending with a
    /// line feed.
    public static func join(_ paragraphs: [String]) -> String {
        paragraphs.joined(separator: "\n\n") + "\n"
    }

    /// A piece of a paragraph: a sentence, or the white space around sentences.
    public enum Piece: Equatable, Sendable {
        case sentence(String)
        case space(String)

        /// True for a sentence, false for white space.
        public var isSentence: Bool {
            if case .sentence = self { return true }
            return false
        }

        public var text: String {
            switch self {
            case .sentence(let s), .space(let s): s
            }
        }
    }

    /// A paragraph cut by ICU sentence break: sentences with the white space between them apart, so
    /// that the pieces join back to the paragraph exactly.
    /// A State's note marker (`[^1]`, see `StateText`) is never cut: ICU takes "[" after a full stop
    /// for closing punctuation and would break inside "[^1]"; the break moves to the marker's end,
    /// so the reference stays with the sentence it follows.
    public static func pieces(_ paragraph: String, language: String) throws -> [Piece] {
        var out: [Piece] = []
        for raw in NoteMarkers.keepingWhole(try TextBreaks.sentencePieces(paragraph, locale: language)) {
            let chars = Array(raw)
            var start = 0, end = chars.count
            while start < end, chars[start].isWhitespace { start += 1 }
            while end > start, chars[end - 1].isWhitespace { end -= 1 }
            if start == end { appendSpace(String(chars), to: &out); continue }
            if start > 0 { appendSpace(String(chars[0..<start]), to: &out) }
            out.append(.sentence(String(chars[start..<end])))
            if end < chars.count { appendSpace(String(chars[end...]), to: &out) }
        }
        return out
    }

    private static func appendSpace(_ s: String, to out: inout [Piece]) {
        if case .space(let prev)? = out.last { out[out.count - 1] = .space(prev + s) } else { out.append(.space(s)) }
    }

    /// The sentences of a paragraph paired with those of its translation when both have the same
    /// number of sentences; otherwise the whole paragraph as one pair (leading and trailing white
    /// space kept apart).
    public static func align(_ original: String, language: String, translation: String, translationLanguage: String) throws -> [(
        source: Piece, target: String?
    )] {
        let src = try pieces(original, language: language)
        let trg = try pieces(translation, language: translationLanguage).filter(\.isSentence).map(\.text)
        let sentences = src.filter(\.isSentence)
        if sentences.count == trg.count {
            var k = 0
            return src.map { p in
                if case .sentence = p { defer { k += 1 }; return (p, trg[k]) }
                return (p, nil)
            }
        }
        return merged(src).map { p in
            if case .sentence = p { return (p, translation.trimmingCharacters(in: .whitespacesAndNewlines)) }
            return (p, nil)
        }
    }

    /// The pieces with every sentence and the space between them made one sentence.
    static func merged(_ pieces: [Piece]) -> [Piece] {
        guard let first = pieces.firstIndex(where: \.isSentence), let last = pieces.lastIndex(where: \.isSentence) else { return pieces }
        var out = Array(pieces[..<first])
        out.append(.sentence(pieces[first...last].map(\.text).joined()))
        out.append(contentsOf: pieces[(last + 1)...])
        return out
    }

    /// The form in which source texts are compared: NFC, line feeds, without the characters XML
    /// cannot carry.
    public static func comparable(_ s: String) -> String {
        let n = (try? Normalizer.normalize(s.replacingOccurrences(of: "\r\n", with: "\n"), .nfc)) ?? s
        return String(String.UnicodeScalarView(n.unicodeScalars.filter { XMLNames.isXMLChar($0.value) && $0 != "\r" }))
    }

    /// A short excerpt for messages: at most `limit` characters around the first difference.
    public static func excerpt(_ s: String, from offset: Int, limit: Int = 60) -> String {
        let chars = Array(s)
        let start = max(0, min(offset, chars.count) - 20)
        let end = min(chars.count, start + limit)
        let body = String(chars[start..<end]).replacingOccurrences(of: "\n", with: "⏎")
        return (start > 0 ? "…" : "") + body + (end < chars.count ? "…" : "")
    }

    /// The character offset of the first difference of two strings.
    public static func firstDifference(_ a: String, _ b: String) -> Int {
        var i = 0
        for (x, y) in zip(a, b) { if x != y { return i }; i += 1 }
        return i
    }
}
