import Foundation

/// Words still to translate by translation-memory match band, as `crp workload` counts them; the
/// application layer fills them in (the memory is not the compiler's business).
public struct MatchBandRow: Codable, Equatable, Sendable {
    public let language: String
    /// Words per band, in the order of `Overview.bandNames`.
    public let words: [Int]

    public init(language: String, words: [Int]) {
        self.language = language
        self.words = words
    }
}

extension Overview {
    /// The bands, as the columns are headed.
    public static let bandNames = ["new", "75–84", "85–94", "95–99", "100", "101", "repetitions"]

    /// The section of the Markdown report.
    func bandsMarkdown() -> String {
        guard let rows = matchBands, !rows.isEmpty else { return "" }
        var o = "\n## Words to translate by match band\n\n| language | " + Self.bandNames.joined(separator: " | ") + " | total |\n|---|"
        o += String(repeating: "---:|", count: Self.bandNames.count + 1) + "\n"
        for r in rows { o += "| \(r.language) | " + r.words.map(String.init).joined(separator: " | ") + " | \(r.words.reduce(0, +)) |\n" }
        return o
    }

    /// The section of the HTML report.
    func htmlBands(_ w: inout MarkupWriter) {
        guard let rows = matchBands, !rows.isEmpty else { return }
        w.raw("<section>\n<h2>Words to translate by match band</h2>\n<table id=\"bands\">\n<thead><tr><th>Original</th>")
        for n in Self.bandNames { w.raw("<th class=\"n\">"); w.text(n); w.raw("</th>") }
        w.raw("<th class=\"n\">Total</th></tr></thead>\n<tbody>\n")
        for r in rows {
            w.raw("<tr><th scope=\"row\">"); w.text(r.language); w.raw("</th>")
            for n in r.words + [r.words.reduce(0, +)] { w.raw("<td class=\"n\">"); w.text(String(n)); w.raw("</td>") }
            w.raw("</tr>\n")
        }
        w.raw("</tbody>\n</table>\n</section>\n")
    }
}
