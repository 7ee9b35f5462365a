import Foundation
import MultilingualText

/// One line of an original or translation that holds the text searched for.
public struct SearchHit: Codable, Equatable, Sendable {
    public let id: String
    public let state: String
    /// "original" or "translation".
    public let field: String
    public let line: Int
    public let excerpt: String
    /// Where the submission stands (a hit in a withdrawn submission is listed last).
    public let status: String
}

/// Finds text in the stored originals and translations, ignoring case, accents, tashkeel and
/// tatweel (`Normalizer.searchKey`).
public enum StoreSearch {
    /// Every line that holds `text`, by State name and date received, hits in withdrawn submissions last.
    public static func find(_ text: String, in store: Store) throws -> [SearchHit] {
        let needle = try Normalizer.searchKey(text)
        guard !needle.isEmpty else { throw StoreError.emptySearch }
        var hits: [SearchHit] = []
        for sub in store.inListingOrder(try store.all(analysis: false)) {
            var fields = [("original", try store.originalText(sub))]
            if let t = try store.translation(sub) { fields.append(("translation", t.text)) }
            for (name, body) in fields {
                for (n, line) in body.components(separatedBy: "\n").enumerated() where try Normalizer.searchKey(line).contains(needle) {
                    hits.append(
                        SearchHit(
                            id: sub.id, state: sub.record.state, field: name, line: n + 1, excerpt: String(line.prefix(160)),
                            status: sub.status.rawValue))
                }
            }
        }
        let withdrawn = Status.withdrawn.rawValue
        return hits.filter { $0.status != withdrawn } + hits.filter { $0.status == withdrawn }
    }
}
