import Foundation
@testable import RoomPaper
import TestSupport
import Testing

/// What a PDF says, read the way a reader reads it, independent of where lines and pages break.
enum PDFContent {
    /// The running text of `pages` (pdftotext's text, one string a page): on every page the page
    /// furniture is removed — lines that are the running header (the paper's symbol), lines that
    /// are only a page number, and the footnote area (from the line that starts a footnote of the
    /// document to the end of the page) — so that a paragraph cut by a page break reads on.
    static func running(_ pages: [String], symbol: String, footnotes: [(marker: String, text: String)]) -> String {
        let header = RenderTextFolding.squeeze(symbol)
        let starts = footnotes.map { RenderTextFolding.squeeze($0.marker + String($0.text.prefix(24))) }.filter { !$0.isEmpty }
        return pages.map { page -> String in
            var kept: [String] = []
            for line in page.components(separatedBy: "\n") {
                let folded = RenderTextFolding.squeeze(line)
                if starts.contains(where: { folded.hasPrefix($0) }) { break }  // the footnote area: to the end of the page
                if folded == header { continue }
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if !trimmed.isEmpty && trimmed.allSatisfy({ $0.isNumber || $0 == "-" || $0 == " " }) { continue }
                kept.append(line)
            }
            return kept.joined(separator: "\n")
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
                    let x0 = attr("xMin"), let y0 = attr("yMin"), let x1 = attr("xMax"), let y1 = attr("yMax") else { continue }
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
            func at(_ w: String) -> Int? { folded.firstIndex(of: w) ?? folded.firstIndex(of: String(w.reversed())) }
            for k in 0..<max(0, words.count - 1) {
                guard let i = at(words[k]), let j = at(words[k + 1]), i != j else { continue }
                found.append((line[i], line[j], line[i].xMin > line[j].xMax))
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
                xml = xml.replacingOccurrences(of: #"<w:pgSz w:w="\d+" w:h="\d+""#, with: "<w:pgSz w:w=\"\(pageWidth)\" w:h=\"\(pageHeight)\"",
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
