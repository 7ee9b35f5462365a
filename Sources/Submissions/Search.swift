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
                            id: sub.id, state: sub.record.state, field: name, line: n + 1, excerpt: try excerpt(of: line, around: needle),
                            status: sub.status.rawValue))
                }
            }
        }
        let withdrawn = Status.withdrawn.rawValue
        return hits.filter { $0.status != withdrawn } + hits.filter { $0.status == withdrawn }
    }

    /// Up to 160 characters of `line` that hold the match: the line itself when short, else a
    /// window from a little before the match, cut ends marked "…". The match is found on the
    /// search key character by character (folding keeps within a character), so the window is
    /// placed on the State's own characters.
    static func excerpt(of line: String, around needle: String, width: Int = 160) throws -> String {
        let characters = Array(line)
        if characters.count <= width { return line }
        var key: [Character] = []
        var owner: [Int] = []
        for (i, c) in characters.enumerated() {
            for k in try Normalizer.searchKey(String(c)) {
                key.append(k)
                owner.append(i)
            }
        }
        let target = Array(needle)
        var at = 0
        if target.count <= key.count, let hit = (0...(key.count - target.count)).first(where: { Array(key[$0..<$0 + target.count]) == target }) {
            at = owner[hit]
        }
        let start = max(0, min(at - 40, characters.count - width))
        let end = min(characters.count, start + width)
        return (start > 0 ? "…" : "") + String(characters[start..<end]) + (end < characters.count ? "…" : "")
    }
}
