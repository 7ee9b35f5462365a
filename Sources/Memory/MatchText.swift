import Foundation
import MultilingualText

/// How sentences are compared for matches: NFC, lowercased (Unicode's default case mapping), cut
/// into words by ICU's word break (tokens whose rule status is at least `UBRK_WORD_NONE_LIMIT`:
/// words, numbers, ideographs; punctuation and spaces are not tokens), each word hashed to 32 bits.
///
/// Similarity of two sentences with n and m tokens: `100 × (1 − d ÷ max(n, m))`, rounded down, where
/// d is the word-level edit distance (Levenshtein: insert, delete or replace one word). The
/// similarity is 100 only when the two sentences are the same text (NFC, white space folded);
/// the same words with other punctuation or case give 99.
public enum MatchText {
    /// The lowest similarity offered as a match.
    public static let floor = 75

    /// The form in which two sources are "the same text": NFC, runs of white space as one space, trimmed.
    public static func exactKey(_ s: String) -> String {
        let n = (try? Normalizer.normalize(s, .nfc)) ?? s
        return n.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// The word tokens of one sentence, hashed.
    public static func tokens(_ s: String, language: String) -> [UInt32] {
        tokens(batch: [s], language: language)[0]
    }

    /// The word tokens of many sentences in one pass of ICU's word break (joined by line feeds,
    /// which are word boundaries).
    public static func tokens(batch: [String], language: String) -> [[UInt32]] {
        if batch.isEmpty { return [] }
        var units: [UInt16] = []
        var starts: [Int] = []
        for s in batch {
            starts.append(units.count)
            let folded = ((try? Normalizer.normalize(s, .nfc)) ?? s).lowercased()
            for u in folded.utf16 { units.append(u == 0x0A || u == 0x0D ? 0x20 : u) }
            units.append(0x0A)
        }
        starts.append(units.count)
        var out = [[UInt32]](repeating: [], count: batch.count)
        guard let bounds = try? TextBreaks.boundaries(units, kind: .word, locale: language) else { return out }
        var k = 0
        var start = 0
        for b in bounds {
            defer { start = b.offset }
            guard b.status >= 100 else { continue }
            while k + 1 < starts.count && starts[k + 1] <= start { k += 1 }
            guard k < batch.count else { break }
            var h: UInt32 = 2_166_136_261
            for i in start..<b.offset {
                h = (h ^ UInt32(units[i] & 0xFF)) &* 16_777_619
                h = (h ^ UInt32(units[i] >> 8)) &* 16_777_619
            }
            out[k].append(h)
        }
        return out
    }

    /// The words of the text as ICU counts them (the count `workload` uses).
    public static func words(_ s: String, language: String) -> Int {
        (try? TextBreaks.wordCount(s, locale: language)) ?? 0
    }

    /// The word-level edit distance of two token lists, or nil when it exceeds `limit`.
    public static func distance(_ a: [UInt32], _ b: [UInt32], limit: Int = Int.max) -> Int? {
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) <= limit ? max(a.count, b.count) : nil }
        if abs(a.count - b.count) > limit { return nil }
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            var rowMin = i
            let x = a[i - 1]
            for j in 1...b.count {
                let sub = prev[j - 1] + (x == b[j - 1] ? 0 : 1)
                let v = min(sub, prev[j] + 1, cur[j - 1] + 1)
                cur[j] = v
                if v < rowMin { rowMin = v }
            }
            if rowMin > limit { return nil }
            swap(&prev, &cur)
        }
        return prev[b.count] <= limit ? prev[b.count] : nil
    }

    /// The similarity in percent (0…100) of two token lists; 100 means the same words.
    public static func similarity(_ a: [UInt32], _ b: [UInt32]) -> Int {
        let longest = max(a.count, b.count)
        if longest == 0 { return 0 }
        let d = distance(a, b) ?? longest
        return 100 * (longest - d) / longest
    }

    /// The largest distance that still gives `threshold` percent for sentences of n and m tokens.
    static func limit(_ n: Int, _ m: Int, threshold: Int) -> Int {
        let longest = max(n, m)
        return longest * (100 - threshold) / 100
    }

    /// A text as it may go into a target: controls dropped (tab and line ends become spaces), bidi
    /// overrides removed and other bidi controls balanced, as intake cleans a received text.
    public static func clean(_ s: String) -> String {
        let n = (try? Normalizer.normalize(s, .nfc)) ?? s
        return SafeText.clean(n, controls: .drop, bidi: .neutralize)
    }
}
