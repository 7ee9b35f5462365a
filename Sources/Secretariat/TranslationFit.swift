import Foundation
import MultilingualText
import Submissions

/// Whether an attached translation fits its original: the checks that catch the wrong file (the
/// translation of another State's comments, attached here, would print that State's words under
/// this State's name) and a cut-off one. They warn and change nothing: the officer reviews.
extension Workspace {
    /// English words per original word, by the original's language, outside of which a
    /// translation is questioned: wide bounds (a State's text and its translation vary), so that
    /// only a text far too short or too long is. Chinese is counted in ICU's dictionary words.
    static let translationWordRatio: [String: ClosedRange<Double>] = [
        "ar": 0.5...3.0, "es": 0.4...2.2, "fr": 0.4...2.2, "ru": 0.5...2.8, "zh": 0.3...3.5,
    ]

    /// Findings on the current translation of `sub` (none when it has none).
    public func translationFit(_ sub: Submission) -> [Finding] {
        guard let (record, text) = try? store.translation(sub) else { return [] }
        var out: [Finding] = []
        let words = (try? TextBreaks.wordCount(text, locale: store.paper.language)) ?? 0
        if let original = sub.analysis?.words, original >= 20, let range = Self.translationWordRatio[sub.record.language] {
            let ratio = Double(words) / Double(original)
            if !range.contains(ratio) {
                out.append(
                    .warning(
                        "translation.length", subject: sub.id,
                        "the translation has \(words) words for an original of \(original) (\(String(format: "%.1f", ratio)) per word, where \(range.lowerBound)–\(range.upperBound) is usual): check that it is the whole translation of \(sub.id)'s comments and not of another text before reviewing it"
                    ))
            }
        }
        if let other = sameTranslationElsewhere(sub, bytes: record.original.sha256, text: text) {
            out.append(
                .warning(
                    "translation.elsewhere", subject: sub.id,
                    "the same translation is attached to \(other.id) (\(other.record.statesDisplay)): the paper would print it under both; if it was attached here by mistake, attach the right file with `crp translate \(sub.id) FILE` (this one stays in the history)"
                ))
        }
        return out
    }

    /// Another submission, not withdrawn, on one of the same agenda items, whose current
    /// translation has the same bytes or the same text.
    func sameTranslationElsewhere(_ sub: Submission, bytes: String, text: String) -> Submission? {
        guard let summaries = try? StatusIndex(store: store).summaries() else { return nil }
        let items = Set(sub.record.items)
        for s in summaries where s.id != sub.id && s.hasTranslation && s.status != .withdrawn && !items.isDisjoint(with: s.items) {
            guard let other = try? store.resolve(s.id), let (r, t) = try? store.translation(other) else { continue }
            if r.original.sha256 == bytes || t == text { return other }
        }
        return nil
    }
}
