import Foundation

/// Finds the best match for sentences of one source language in every index of the memory.
///
/// Quality: 101 (in context) when the source is the same text and either the sentences before and
/// after it are the same, or the State and an agenda item are the same; 100 when the source is the
/// same text; otherwise the word-level similarity (75…99, see `MatchText`). A pair the length
/// alignment was not sure of is never offered above 99.
public final class Matcher {
    /// One sentence to look up, with what makes a match in context.
    public struct Query: Sendable {
        public var sentence: String
        public var previous: String?
        public var next: String?
        public var state: String?
        public var items: [Int]
        /// The submission the sentence is from: its own units are not offered.
        public var submission: String?

        public init(sentence: String, previous: String? = nil, next: String? = nil, state: String? = nil, items: [Int] = [], submission: String? = nil) {
            self.sentence = sentence; self.previous = previous; self.next = next; self.state = state; self.items = items; self.submission = submission
        }
    }

    let indexes: [MemoryIndex]
    public let language: String
    /// Compare with every unit instead of using the index (for measuring the index's recall).
    public var fullScan = false

    /// A matcher over the memory's indexes for sources in `language`.
    public init(memory: TranslationMemory, language: String) throws {
        self.language = language
        indexes = try memory.indexes(language: language)
    }

    /// A matcher over given indexes (benchmarks, tests).
    public init(indexes: [MemoryIndex], language: String) {
        self.indexes = indexes
        self.language = language
    }

    /// The units in all indexes.
    public var unitCount: Int { indexes.reduce(0) { $0 + $1.unitCount } }

    /// The best match of each query, or nil below 75 %.
    public func best(_ queries: [Query]) throws -> [MemoryMatch?] {
        let tokens = MatchText.tokens(batch: queries.map(\.sentence), language: language)
        return try zip(queries, tokens).map { try best($0, tokens: $1) }
    }

    func best(_ q: Query, tokens: [UInt32]) throws -> MemoryMatch? {
        guard !indexes.isEmpty, !tokens.isEmpty else { return nil }
        let key = MatchText.exactKey(q.sentence)
        let context = MemoryUnit.contextKey(previous: q.previous, next: q.next)
        var best: MemoryMatch?
        for index in indexes {
            let hits = fullScan ? Array(index.scan(tokens).sorted { $0.score > $1.score }.prefix(12)) : index.lookup(tokens, limit: 12)
            for hit in hits {
                let u = try index.unit(hit.unit)
                if let s = q.submission, u.submission == s { continue }
                var quality = min(hit.score, 99)
                if hit.score == 100 && MatchText.exactKey(u.source) == key && u.uncertain != true {
                    quality = 100
                    let sameContext = u.context == context && (q.previous != nil || q.next != nil)
                    let sameState = q.state != nil && u.state == q.state && !Set(u.items ?? []).isDisjoint(with: q.items)
                    if sameContext || sameState { quality = 101 }
                }
                if let b = best, !Self.better(quality, u, than: b) { continue }
                best = MemoryMatch(quality: quality, unit: u)
            }
        }
        return best
    }

    /// Higher quality first; then the store's own units, then the newest.
    static func better(_ q: Int, _ u: MemoryUnit, than b: MemoryMatch) -> Bool {
        if q != b.quality { return q > b.quality }
        if (u.origin == "store") != (b.unit.origin == "store") { return u.origin == "store" }
        return (u.date ?? "") > (b.unit.date ?? "")
    }
}

/// Words per match band: what contractors are paid by.
public struct Bands: Codable, Sendable, Equatable {
    public var new = 0
    public var fuzzy75 = 0
    public var fuzzy85 = 0
    public var fuzzy95 = 0
    public var exact = 0
    public var context = 0
    public var repetitions = 0

    public init() {}

    /// The band names in order, as printed.
    public static let names = ["new", "75-84", "85-94", "95-99", "100", "101", "repetitions"]

    /// The words per band in the order of `names`.
    public var values: [Int] { [new, fuzzy75, fuzzy85, fuzzy95, exact, context, repetitions] }

    public var total: Int { values.reduce(0, +) }

    /// Adds `words` to the band of a match quality (nil: new).
    public mutating func add(words: Int, quality: Int?) {
        switch quality ?? 0 {
        case 101...: context += words
        case 100: exact += words
        case 95...99: fuzzy95 += words
        case 85...94: fuzzy85 += words
        case 75...84: fuzzy75 += words
        default: new += words
        }
    }

    public static func + (a: Bands, b: Bands) -> Bands {
        var r = a
        r.new += b.new; r.fuzzy75 += b.fuzzy75; r.fuzzy85 += b.fuzzy85; r.fuzzy95 += b.fuzzy95
        r.exact += b.exact; r.context += b.context; r.repetitions += b.repetitions
        return r
    }
}
