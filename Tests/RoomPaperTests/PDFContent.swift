import Foundation
import MultilingualText
import TestSupport
import Testing

@testable import RoomPaper

/// What a PDF says, read the way a reader reads it, independent of where lines and pages break.
enum PDFContent {
    /// The running text of `pages` (pdftotext's text, one string a page): on every page the page
    /// furniture is removed — lines that are the running header (the paper's symbol), lines that
    /// are only a page number, and the footnote area (from the line that starts a footnote of the
    /// document to the end of the page) — so that a paragraph cut by a page break reads on.
    static func running(_ pages: [String], symbol: String, footnotes: [(marker: String, text: String)]) -> String {
        let header = RenderTextFolding.squeeze(symbol)
        let notes = footnotes.map { (marker: RenderTextFolding.squeeze($0.marker), text: RenderTextFolding.squeeze(String($0.text.prefix(24)))) }
        return pages.map { page -> String in
            let lines = page.components(separatedBy: "\n")
            let folded = lines.map(RenderTextFolding.squeeze)
            var kept: [String] = []
            for (i, line) in lines.enumerated() {
                // The footnote area, to the end of the page: a line that starts with a footnote's
                // marker and text, or the marker alone with the text on the next line that has any.
                let next = folded[(i + 1)...].first { !$0.isEmpty } ?? ""
                if notes.contains(where: { folded[i].hasPrefix($0.marker + $0.text) || (folded[i] == $0.marker && next.hasPrefix($0.text)) }) { break }
                if folded[i] == header { continue }
                // A page number, possibly wrapped in bidi embedding marks on a right-to-left page.
                let bare = line.unicodeScalars.filter { !CharacterProperties.isBidiControl($0) && !$0.properties.isWhitespace }
                if !bare.isEmpty && bare.allSatisfy({ $0.properties.numericType != nil || $0 == "-" }) { continue }
                kept.append(line)
            }
            return kept.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// A list label such as "(a)" or "(ز)" at the start of a block. pdftotext places a hanging
    /// label of a right-to-left paragraph wherever its box falls among the paragraph's lines, so
    /// labels are compared apart from the text they label.
    static let labelPattern = #"^\s*[\u200E\u200F\u202A-\u202E]*\(?[\p{L}\p{N}]{1,3}[\).]\s*"#

    static func withoutLabel(_ block: String) -> String {
        block.replacingOccurrences(of: labelPattern, with: "", options: .regularExpression)
    }

    /// The text with label-only lines removed (see `labelPattern`).
    static func withoutLabelLines(_ text: String) -> String {
        text.components(separatedBy: "\n").filter { line in
            let bare = line.unicodeScalars.filter { !CharacterProperties.isBidiControl($0) && !$0.properties.isWhitespace }
            return !(bare.count <= 5 && bare.contains("(") && bare.contains(")"))
        }.joined(separator: "\n")
    }

    /// pdftotext wraps each right-to-left run of a line in RLE…PDF and writes the runs of the line
    /// in drawing order (left to right): a line whose logical order is "B، A" comes out as
    /// "‫A‬،‫B‬", and a final period before the run: ".‫A‬". On lines made of such top-level runs
    /// and punctuation, the pieces are put back in logical order.
    static func logicalRunOrder(_ text: String) -> String {
        text.components(separatedBy: "\n").map { line -> String in
            let scalars = Array(line.unicodeScalars)
            guard scalars.contains("\u{202B}") else { return line }
            var pieces: [String] = []
            var current = String.UnicodeScalarView()
            var depth = 0, topRuns = 0
            for u in scalars {
                if depth == 0 && u == "\u{202B}" && !current.isEmpty { pieces.append(String(current)); current = .init() }
                current.append(u)
                if u == "\u{202A}" || u == "\u{202B}" || u == "\u{202D}" || u == "\u{202E}" {
                    if depth == 0 && u == "\u{202B}" { topRuns += 1 }
                    depth += 1
                } else if u == "\u{202C}" {
                    depth = max(0, depth - 1)
                    if depth == 0 { pieces.append(String(current)); current = .init() }
                }
            }
            if !current.isEmpty { pieces.append(String(current)) }
            // Only lines that are right-to-left runs and punctuation between them (no letters of
            // their own outside the runs) are reordered.
            let outside = pieces.filter { !$0.unicodeScalars.contains("\u{202B}") }
            let onlyPunctuation = outside.allSatisfy { $0.unicodeScalars.allSatisfy { !$0.properties.isAlphabetic } }
            return pieces.count >= 2 && onlyPunctuation ? pieces.reversed().joined() : line
        }.joined(separator: "\n")
    }

    static func running(_ pages: [String], _ doc: Document) -> String {
        running(pages, symbol: doc.metadata.symbol, footnotes: doc.footnotes.map { ($0.marker, $0.text) })
    }

    /// A word as `pdftotext -bbox-layout` places it on the page (points, origin top left).
    struct Word: Equatable {
        var text: String
        var xMin: Double, yMin: Double, xMax: Double, yMax: Double
    }

    /// The lines of every page of `pdf`, each a list of its words with their boxes, from
    /// `pdftotext -bbox-layout`: what was drawn where, whatever order the text was written in.
    static func lines(_ pdf: URL, pdftotext: URL) throws -> [[Word]] {
        let r = try RenderClients.run(pdftotext, ["-bbox-layout", "-enc", "UTF-8", pdf.path, "-"])
        #expect(r.ok, "pdftotext -bbox-layout: \(r.err)")
        return parseLines(r.out)
    }

    static func parseLines(_ xhtml: String) -> [[Word]] {
        var out: [[Word]] = []
        for chunk in xhtml.components(separatedBy: "<line").dropFirst() {
            let body = chunk.components(separatedBy: "</line>").first ?? chunk
            var words: [Word] = []
            for w in body.components(separatedBy: "<word ").dropFirst() {
                func attr(_ name: String) -> Double? {
                    guard let r = w.range(of: name + "=\"") else { return nil }
                    return Double(w[r.upperBound...].prefix { $0 != "\"" })
                }
                guard let end = w.range(of: "</word>"), let gt = w[..<end.lowerBound].firstIndex(of: ">"),
                    let x0 = attr("xMin"), let y0 = attr("yMin"), let x1 = attr("xMax"), let y1 = attr("yMax")
                else { continue }
                let text = String(w[w.index(after: gt)..<end.lowerBound])
                    .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                    .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
                words.append(Word(text: text, xMin: x0, yMin: y0, xMax: x1, yMax: y1))
            }
            if !words.isEmpty { out.append(words) }
        }
        return out
    }

    /// For a paragraph of right-to-left text: the rendered lines that hold two of its consecutive
    /// words (in logical order), and whether the earlier word was drawn to the right of the later
    /// one — the evidence of right-to-left rendering. Words are compared folded (no marks, no
    /// bidi controls), as pdftotext may split a word at a combining mark.
    static func logicalPairs(_ paragraph: String, in lines: [[Word]]) -> [(first: Word, second: Word, rightToLeft: Bool)] {
        let words = paragraph.split(whereSeparator: { $0.isWhitespace }).map { RenderTextFolding.squeeze(String($0)) }.filter { $0.count >= 3 }
        var found: [(Word, Word, Bool)] = []
        for line in lines {
            // pdftotext writes the letters of a right-to-left word in drawing order (reversed):
            // a word matches in either order; only its place on the line is evidence.
            let folded = line.map { RenderTextFolding.squeeze($0.text) }
            func same(_ i: Int, _ w: String) -> Bool { folded[i] == w || folded[i] == String(w.reversed()) }
            // Two consecutive words of the paragraph drawn next to each other on this line (a word
            // that occurs twice on the line is never paired with the wrong occurrence).
            for k in 0..<max(0, words.count - 1) {
                for i in folded.indices where same(i, words[k]) {
                    for j in [i - 1, i + 1] where folded.indices.contains(j) && same(j, words[k + 1]) {
                        found.append((line[i], line[j], line[i].xMin > line[j].xMax))
                    }
                }
            }
        }
        return found
    }
}

extension RenderClients {
    /// The DOCX of `doc` with its page size and body font size changed (an A5 page and a larger
    /// font here), so that LibreOffice breaks lines and pages elsewhere.
    static func relaidOut(_ doc: Document, pageWidth: Int, pageHeight: Int, fontHalfPoints: Int) throws -> Data {
        var parts = DOCXRenderer().parts(doc)
        for i in parts.indices {
            var xml = String(decoding: parts[i].data, as: UTF8.self)
            if parts[i].path == "word/document.xml" {
                let before = xml
                xml = xml.replacingOccurrences(
                    of: #"<w:pgSz w:w="\d+" w:h="\d+""#, with: "<w:pgSz w:w=\"\(pageWidth)\" w:h=\"\(pageHeight)\"",
                    options: .regularExpression)
                #expect(xml != before, "no page size in document.xml to change")
            }
            if parts[i].path == "word/styles.xml" {
                let before = xml
                xml = xml.replacingOccurrences(of: #"<w:sz w:val="20"/>"#, with: "<w:sz w:val=\"\(fontHalfPoints)\"/>")
                #expect(xml != before, "no body font size in styles.xml to change")
            }
            parts[i].data = Array(xml.utf8)
        }
        return try DOCXPackage.zip(parts)
    }
}
