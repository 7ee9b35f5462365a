import Foundation

/// One translation unit of the memory: a source sentence and its English translation, where it
/// comes from and, for units taken from the store, the State, agenda items, session and date.
public struct MemoryUnit: Codable, Sendable, Equatable {
    public var source: String
    public var target: String
    public var sourceLanguage: String
    public var targetLanguage: String
    /// "store" for units from reviewed submissions, else the name given at `crp tm import`.
    public var origin: String
    public var state: String?
    public var items: [Int]?
    /// The paper symbol of the session.
    public var session: String?
    /// The date received (store) or the unit's change date (TMX), YYYY-MM-DD.
    public var date: String?
    public var submission: String?
    /// A hash of the sentences before and after it (in-context matches).
    public var context: String?
    /// True when the length alignment was not sure of the pair: never offered as 100 %.
    public var uncertain: Bool?

    public init(
        source: String, target: String, sourceLanguage: String, targetLanguage: String, origin: String, state: String? = nil, items: [Int]? = nil,
        session: String? = nil, date: String? = nil, submission: String? = nil, context: String? = nil, uncertain: Bool? = nil
    ) {
        self.source = source; self.target = target; self.sourceLanguage = sourceLanguage; self.targetLanguage = targetLanguage
        self.origin = origin; self.state = state; self.items = items; self.session = session; self.date = date
        self.submission = submission; self.context = context; self.uncertain = uncertain
    }

    /// The context key of a sentence between `previous` and `next` (nil at a paragraph's edge).
    public static func contextKey(previous: String?, next: String?) -> String {
        var h: UInt64 = 14_695_981_039_346_656_037
        for b in (MatchText.exactKey(previous ?? "") + "\u{1}" + MatchText.exactKey(next ?? "")).utf8 {
            h = (h ^ UInt64(b)) &* 1_099_511_628_211
        }
        return String(h, radix: 16)
    }
}

/// The best match found for one sentence.
public struct MemoryMatch: Sendable, Equatable {
    /// 101 in context, 100 exact, 75…99 fuzzy.
    public var quality: Int
    public var unit: MemoryUnit

    public init(quality: Int, unit: MemoryUnit) { self.quality = quality; self.unit = unit }

    /// True for 100 and 101.
    public var isExact: Bool { quality >= 100 }
}
