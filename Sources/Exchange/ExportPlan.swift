import Foundation
import MultilingualText
import Submissions

/// What one submission looks like to a translator: its facts, and its paragraphs cut into
/// sentences, with the attached translation as targets where it lines up.
public struct ExportPlan: Sendable {
    /// One paragraph: a unit `p1`, `p2`, ….
    public struct Unit: Sendable, Equatable {
        public var id: String
        public var parts: [Part]
        public init(id: String, parts: [Part]) { self.id = id; self.parts = parts }
    }

    /// A segment (a sentence, or a paragraph whose translation does not split the same way) or the
    /// white space between segments.
    public struct Part: Sendable, Equatable {
        public var isSegment: Bool
        public var source: String
        public var target: String?
        /// The translation memory's best match, when the segment has no target of its own.
        public var match: SegmentMatch?
        public init(isSegment: Bool, source: String, target: String?, match: SegmentMatch? = nil) {
            self.isSegment = isSegment; self.source = source; self.target = target; self.match = match
        }
    }

    /// A match from the translation memory: 101 in context, 100 exact, 75…99 fuzzy.
    public struct SegmentMatch: Sendable, Equatable {
        public var quality: Int
        public var source: String
        /// Cleaned: no controls, no bidi override.
        public var target: String
        /// "store" or the name of an imported memory.
        public var origin: String
        public init(quality: Int, source: String, target: String, origin: String) {
            self.quality = quality; self.source = source; self.target = target; self.origin = origin
        }
    }

    public let id: String
    public let state: String
    public let sourceLanguage: String
    public let targetLanguage: String
    public let items: [(number: Int, title: String)]
    public let received: CalendarDate
    public let paperSymbol: String
    public let status: Status
    public var units: [Unit]
    /// Why the attached translation is not in the targets, when it is not.
    public let translationNote: String?

    /// Makes a plan from its parts (`make(_:store:)` builds one from the store).
    public init(
        id: String, state: String, sourceLanguage: String, targetLanguage: String, items: [(number: Int, title: String)],
        received: CalendarDate, paperSymbol: String, status: Status, units: [Unit], translationNote: String?
    ) {
        self.id = id; self.state = state; self.sourceLanguage = sourceLanguage; self.targetLanguage = targetLanguage
        self.items = items; self.received = received; self.paperSymbol = paperSymbol; self.status = status
        self.units = units; self.translationNote = translationNote
    }

    /// The target state for the submission's status: translated, reviewed or final (XLIFF 2).
    public var xliff2State: String? {
        switch status {
        case .translated: "translated"
        case .reviewed: "reviewed"
        case .included: "final"
        default: nil
        }
    }

    /// The target state for the submission's status in XLIFF 1.2: translated, signed-off or final.
    public var xliff12State: String? {
        switch status {
        case .translated: "translated"
        case .reviewed: "signed-off"
        case .included: "final"
        default: nil
        }
    }

    /// True when the units carry targets.
    public var hasTargets: Bool { units.contains { $0.parts.contains { $0.target != nil } } }

    /// The notes every export carries: State, agenda items, received date, paper.
    public var notes: [(id: String, category: String, text: String)] {
        var out: [(String, String, String)] = [("state", "state", "State: \(state)")]
        for i in items {
            out.append(("item-\(i.number)", "agenda-item", "Agenda item \(i.number)" + (i.title.isEmpty ? "" : ": \(i.title)")))
        }
        out.append(("received", "received", "Received: \(received)"))
        out.append(("paper", "paper", "Paper: \(paperSymbol)"))
        if let translationNote { out.append(("translation", "translation", translationNote)) }
        return out
    }

    /// Builds the plan of a submission from the store.
    public static func make(_ sub: Submission, store: Store) throws -> ExportPlan {
        try sub.requireProofread("exported")
        let original = try store.originalText(sub)
        let language = sub.record.language
        let paperLanguage = store.paper.language
        let paragraphs = ExchangeText.paragraphs(original)
        var translated: [String]?
        var note: String?
        if let t = try store.translation(sub) {
            let tp = ExchangeText.paragraphs(t.text)
            if tp.count == paragraphs.count {
                translated = tp
            } else {
                note = "The attached translation has \(tp.count) paragraphs and the original \(paragraphs.count), so it is not given as targets."
            }
        }
        var units: [Unit] = []
        for (i, p) in paragraphs.enumerated() {
            var parts: [Part] = []
            if let tr = translated?[i] {
                for (piece, target) in try ExchangeText.align(p, language: language, translation: tr, translationLanguage: paperLanguage) {
                    if case .sentence(let s) = piece {
                        parts.append(Part(isSegment: true, source: s, target: target))
                    } else {
                        parts.append(Part(isSegment: false, source: piece.text, target: nil))
                    }
                }
            } else {
                for piece in try ExchangeText.pieces(p, language: language) {
                    if case .sentence(let s) = piece {
                        parts.append(Part(isSegment: true, source: s, target: nil))
                    } else {
                        parts.append(Part(isSegment: false, source: piece.text, target: nil))
                    }
                }
            }
            units.append(Unit(id: "p\(i + 1)", parts: parts))
        }
        let items = sub.record.items.map { n in (n, store.paper.items.first { $0.number == n }?.title ?? "") }
        return ExportPlan(
            id: sub.id, state: sub.record.state, sourceLanguage: language, targetLanguage: paperLanguage, items: items,
            received: sub.record.received, paperSymbol: store.paper.symbol, status: sub.status, units: units,
            translationNote: note)
    }
}
