import Exchange
import Foundation
import Submissions

/// The units the store gives: every reviewed or included submission's original aligned sentence
/// by sentence with its translation (ICU sentence break on both sides, the paragraphs `crp
/// export` makes). Paragraphs pair by position when both texts have as many; sentences pair one
/// to one when a paragraph has as many on both sides, else by length (`LengthAlignment`), and
/// pairs the length alignment is not sure of are marked uncertain.
public enum StoreUnits {
    /// The units of every reviewed or included submission, in id order.
    public static func units(in store: Store) throws -> [MemoryUnit] {
        var out: [MemoryUnit] = []
        for sub in try store.all(analysis: false) { out += try units(of: sub, store: store) }
        return out
    }

    /// The units of one submission (none unless reviewed or included with a translation, not
    /// in the paper's language and not waiting for proofreading).
    public static func units(of sub: Submission, store: Store) throws -> [MemoryUnit] {
        guard sub.status == .reviewed || sub.status == .included, !sub.needsProofreading,
            sub.record.language != store.paper.language, let t = try store.translation(sub)
        else { return [] }
        let lang = sub.record.language, paper = store.paper.language
        let left = ExchangeText.paragraphs(try store.originalText(sub)), right = ExchangeText.paragraphs(t.text)
        let ls = try left.map { try sentences($0, lang) }, rs = try right.map { try sentences($0, paper) }
        var pairs: [(source: String, target: String, previous: String?, next: String?, certain: Bool)] = []
        func add(_ a: [String], _ b: [String]) {
            if a.count == b.count {
                for i in a.indices { pairs.append((a[i], b[i], i > 0 ? a[i - 1] : nil, i + 1 < a.count ? a[i + 1] : nil, true)) }
                return
            }
            for p in LengthAlignment.align(a.map(\.count), b.map(\.count)) {
                let s = p.source.map { a[$0] }.joined(separator: " "), tr = p.target.map { b[$0] }.joined(separator: " ")
                let first = p.source.first!, last = p.source.last!
                pairs.append((s, tr, first > 0 ? a[first - 1] : nil, last + 1 < a.count ? a[last + 1] : nil, p.certain))
            }
        }
        if ls.count == rs.count {
            for (a, b) in zip(ls, rs) { add(a, b) }
        } else {
            add(ls.flatMap { $0 }, rs.flatMap { $0 })
        }
        return pairs.compactMap { p in
            let s = TMXReader.cleaned(p.source).0, tr = TMXReader.cleaned(p.target).0
            guard !s.isEmpty, !tr.isEmpty else { return nil }
            return MemoryUnit(
                source: s, target: tr, sourceLanguage: lang, targetLanguage: paper, origin: "store", state: sub.record.state,
                items: sub.record.items, session: store.paper.symbol, date: sub.record.received.description, submission: sub.id,
                context: MemoryUnit.contextKey(previous: p.previous, next: p.next), uncertain: p.certain ? nil : true)
        }
    }

    /// The sentences of a paragraph (ICU sentence break), white space between them left out.
    public static func sentences(_ paragraph: String, _ language: String) throws -> [String] {
        try ExchangeText.pieces(paragraph, language: language).filter(\.isSentence).map(\.text)
    }
}
