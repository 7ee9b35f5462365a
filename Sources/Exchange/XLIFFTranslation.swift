import Foundation

/// The translation an XLIFF file carries, put together from its targets.
public enum XLIFFTranslation {
    /// The text put in place of a paragraph whose unit has no complete target (`--allow-partial`).
    public static func placeholder(_ unit: String) -> String {
        "[\(unit): not translated]"
    }

    /// The paragraph number of a unit id "p<N>", if it is one.
    public static func paragraphNumber(_ id: String) -> Int? {
        guard id.hasPrefix("p"), let n = Int(id.dropFirst()), n >= 1, "p\(n)" == id else { return nil }
        return n
    }

    /// The translation of a single-file XLIFF document: each unit's target (placeholder when
    /// incomplete), in paragraph order (`p1`, `p2`, … when every id has that form, else document
    /// order), joined by blank lines.
    public static func assemble(_ xliff: XLIFFFile) -> String {
        guard let file = xliff.files.first else { return "" }
        var units = file.units
        if units.allSatisfy({ paragraphNumber($0.id) != nil }) {
            units.sort { paragraphNumber($0.id)! < paragraphNumber($1.id)! }
        }
        let language = file.targetLanguage ?? xliff.targetLanguage
        return ExchangeText.join(
            units.map { u in
                u.translate
                    ? (u.targetText(language: language ?? "").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? placeholder(u.id))
                    : placeholder(u.id)
            })
    }

}
