import Foundation
import Platform

/// Paragraphs from the geometry of a PDF's text layer (`pdftotext -bbox-layout`: each line and
/// word with its box), not from the characters alone (issue 25):
/// - a vertical gap clearly larger than the page's usual line pitch, a change of font size (a
///   heading), a first-line indent, or a line that goes back up the page (a new column) starts a
///   paragraph;
/// - a line that stops before the right margin although the next line's first word would have fit
///   ends deliberately: a paragraph when it ends a sentence (".", ":", "。"…), otherwise a hard
///   line break kept inside the paragraph as LINE SEPARATOR (U+2028) — a letterhead's lines, a
///   reference line, a signature block ("Yours sincerely," / "Permanent Mission of Mexico");
/// - other lines of a paragraph are joined (hyphens seen through, no space between Chinese
///   characters), across pages too — unless the previous page ended a sentence with room left
///   for another line (the space after the paragraph did not fit), or the new page's first line
///   is indented.
/// Page furniture (running headers, footers, page numbers) is removed first, as for plain text.
enum PDFLayout {
    /// One line of a page with its box, in points from the page's top left.
    struct Line: Equatable {
        var text: String
        var xMin: Double, yMin: Double, xMax: Double, yMax: Double
        /// The width of the line's first word (of its first character, for Chinese).
        var firstWord: Double
        var height: Double { yMax - yMin }
    }

    /// Pages of lines from `pdftotext -bbox-layout` XHTML (read with a small scanner: the output
    /// carries a DOCTYPE, which the safe XML parser refuses by design).
    static func parse(_ html: String) -> [[Line]] {
        var pages: [[Line]] = []
        var line: Line? = nil
        var words: [String] = []
        var s = Substring(html)
        while let open = s.firstIndex(of: "<") {
            guard let close = s[open...].firstIndex(of: ">") else { break }
            let tag = s[s.index(after: open)..<close]
            let after = s.index(after: close)
            if tag.hasPrefix("page ") || tag == "page" {
                pages.append([])
            } else if tag.hasPrefix("line ") {
                line = Line(text: "", xMin: number(tag, "xMin"), yMin: number(tag, "yMin"), xMax: number(tag, "xMax"), yMax: number(tag, "yMax"), firstWord: 0)
                words = []
            } else if tag.hasPrefix("word "), let end = s[after...].range(of: "</word>") {
                let w = decodeEntities(String(s[after..<end.lowerBound])).trimmingCharacters(in: .whitespaces)
                if words.isEmpty, line != nil {
                    let width = number(tag, "xMax") - number(tag, "xMin")
                    line?.firstWord = PageText.isCJK(w.first) ? width / Double(max(w.count, 1)) : width
                }
                if !w.isEmpty { words.append(w) }
                s = s[end.upperBound...]
                continue
            } else if tag == "/line", var l = line {
                l.text = words.reduce("") { PageText.joinWords($0, $1) }
                if !l.text.isEmpty, !pages.isEmpty { pages[pages.count - 1].append(l) }
                line = nil
            }
            s = s[after...]
        }
        return pages
    }

    static func number(_ tag: Substring, _ name: String) -> Double {
        guard let r = tag.range(of: name + "=\"") else { return 0 }
        return Double(tag[r.upperBound...].prefix { $0 != "\"" }) ?? 0
    }

    static func decodeEntities(_ s: String) -> String {
        guard s.contains("&") else { return s }
        var out = ""
        var rest = Substring(s)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            guard let semi = rest[amp...].firstIndex(of: ";"), rest.distance(from: amp, to: semi) <= 10 else {
                out.append("&"); rest = rest[rest.index(after: amp)...]; continue
            }
            let name = rest[rest.index(after: amp)..<semi]
            switch name {
            case "amp": out.append("&")
            case "lt": out.append("<")
            case "gt": out.append(">")
            case "quot": out.append("\"")
            case "apos": out.append("'")
            default:
                let v = name.hasPrefix("#x") ? UInt32(name.dropFirst(2), radix: 16) : name.hasPrefix("#") ? UInt32(name.dropFirst()) : nil
                if let v, let u = Unicode.Scalar(v) { out.unicodeScalars.append(u) } else { out += "&" + name + ";" }
            }
            rest = rest[rest.index(after: semi)...]
        }
        return out + rest
    }

    /// Pieces of one line that poppler gives as lines of their own (the words of a widely
    /// justified line, each in a flow of its own, not always next to each other): lines are put
    /// back together by baseline, left to right, and the page read top to bottom. A page whose
    /// baselines often hold pieces far apart (columns) keeps poppler's order.
    static func mergingBaselines(_ page: [Line]) -> [Line] {
        guard page.count > 1 else { return page }
        let h = median(page.map(\.height)) ?? 12
        let ordered = page.enumerated().sorted { $0.element.yMin != $1.element.yMin ? $0.element.yMin < $1.element.yMin : $0.offset < $1.offset }.map(\.element)
        var bands: [[Line]] = []
        for l in ordered {
            if let last = bands.last?.first, abs(last.yMin - l.yMin) < 0.3 * h, abs(last.yMax - l.yMax) < 0.3 * h {
                bands[bands.count - 1].append(l)
            } else {
                bands.append([l])
            }
        }
        let sorted = bands.map { $0.sorted { $0.xMin < $1.xMin } }
        let wide = sorted.filter { b in zip(b, b.dropFirst()).contains { $1.xMin - $0.xMax > 3 * h } }.count
        if wide > 0 && wide * 5 >= bands.count { return page }
        return sorted.map { band in
            var line = band[0]
            for piece in band.dropFirst() {
                line.text = PageText.joinWords(line.text, piece.text)
                line.xMax = max(line.xMax, piece.xMax)
                line.yMin = min(line.yMin, piece.yMin)
                line.yMax = max(line.yMax, piece.yMax)
            }
            return line
        }
    }

    static func median(_ xs: [Double]) -> Double? {
        guard !xs.isEmpty else { return nil }
        let s = xs.sorted()
        return s[s.count / 2]
    }

    static func endsSentence(_ text: String) -> Bool {
        text.last.map { ".:;!?。！？：；؟؛»\")”".contains($0) } ?? false
    }

    /// The text of laid-out pages: paragraphs separated by blank lines, hard line breaks as
    /// U+2028, with what was left out as page furniture.
    static func text(_ pages: [[Line]]) -> (text: String, removed: [String]) {
        let pages = pages.map(mergingBaselines)
        let (kept, removed) = PageText.removeFurniture(pages.map { $0.map(\.text) })
        // The furniture-free lines, with their boxes (kept is a subsequence of each page).
        var clean: [[Line]] = []
        for (page, texts) in zip(pages, kept) {
            var out: [Line] = []
            var k = 0
            for l in page where k < texts.count && l.text == texts[k] {
                out.append(l)
                k += 1
            }
            clean.append(out)
        }
        let paras = paragraphs(clean)
        return (paras.isEmpty ? "" : paras.joined(separator: "\n\n") + "\n", removed)
    }

    static func paragraphs(_ pages: [[Line]]) -> [String] {
        let all = pages.flatMap { $0 }
        guard let left = all.map(\.xMin).min(), let right = all.map(\.xMax).max(), let bottom = all.map(\.yMax).max() else { return [] }
        let width = max(right - left, 1)
        var out: [String] = []
        var current = ""
        var prev: Line? = nil
        var previousPitch = 14.0
        for page in pages where !page.isEmpty {
            let h = median(page.map(\.height)) ?? 12
            var pitches: [Double] = []
            for (a, b) in zip(page, page.dropFirst()) {
                let dy = b.yMin - a.yMin
                if dy > 0.5 * h && dy < 3 * h { pitches.append(dy) }
            }
            let pitch = median(pitches.filter { $0 < 1.6 * (pitches.min() ?? $0) }) ?? 1.2 * h
            for (i, line) in page.enumerated() {
                guard let p = prev else { current = line.text; prev = line; continue }
                // The previous line stopped short: the next line's first word would have fit after it.
                let room = right - p.xMax
                let deliberate = room > line.firstWord + 0.35 * h && room > 0.04 * width
                var newParagraph = false
                var hardBreak = false
                if i > 0 {
                    let dy = line.yMin - p.yMin
                    let centered = abs((line.xMin + line.xMax) / 2 - (left + right) / 2) < 0.04 * width && line.xMin - left > 2 * h
                    if dy <= 0.3 * h || dy > pitch * 1.3 {
                        newParagraph = true  // extra space before it, or a new column
                    } else if abs(line.height - p.height) > 0.2 * h {
                        newParagraph = true  // another font size: a heading, or the body after one
                    } else if line.xMin - left > 1.2 * h && p.xMin - left < 0.5 * h && !centered {
                        newParagraph = true  // a first-line indent
                    }
                } else if endsSentence(p.text) && bottom - p.yMax > 0.8 * previousPitch {
                    // The previous page ended a sentence with room for another line below it:
                    // the paragraph ended there (the space after it did not fit on the page).
                    newParagraph = true
                } else if line.xMin - left > 1.2 * h && p.xMin - left < 0.5 * h {
                    newParagraph = true  // a first-line indent at the top of the page
                }
                if !newParagraph && deliberate {
                    if endsSentence(p.text) { newParagraph = true } else { hardBreak = true }
                }
                if newParagraph {
                    out.append(current)
                    current = line.text
                } else if hardBreak {
                    current += "\u{2028}" + line.text
                } else {
                    current = PageText.join(current, line.text)
                }
                prev = line
            }
            previousPitch = pitch
        }
        if !current.isEmpty { out.append(current) }
        return out
    }
}
