import Foundation
import MultilingualText

/// Turns the lines of laid-out pages (a PDF's text layer, OCR output) back into paragraphs:
/// page furniture removed (running headers and footers that repeat on every page, page numbers),
/// the embedding marks extractors wrap right-to-left lines in removed, hyphens at line ends seen
/// through, lines of a paragraph joined (without a space between Chinese characters).
public enum PageText {
    /// Bidi embedding and override marks (U+202A–U+202E) that poppler wraps lines in: they are
    /// the extractor's, not the author's.
    static func stripEmbeddingMarks(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { (0x202A...0x202E).contains($0.value) }) else { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars where !(0x202A...0x202E).contains(u.value) { out.append(u) }
        return String(out)
    }

    /// A line that is only a page number: "3", "- 3 -", "Page 3", "Page 3 of 7", "Página 3", "٣", "第3页".
    static func isPageNumber(_ line: String) -> Bool {
        var s = line.lowercased().trimmingCharacters(in: .whitespaces)
        for word in ["page", "página", "pagina", "страница", "стр.", "صفحة", "الصفحة", "第", "页", "頁", "of", "de", "из", "من", "sur"] {
            s = s.replacingOccurrences(of: word, with: " ")
        }
        s = s.filter { !" -–—./|()".contains($0) }
        return !s.isEmpty && s.count <= 8 && s.unicodeScalars.allSatisfy { $0.properties.numericType != nil }
    }

    /// A line's shape for comparing furniture across pages: digits replaced, spaces folded.
    static func shape(_ line: String) -> String {
        String(line.unicodeScalars.map { $0.properties.numericType != nil ? "#" : Character($0) }).split(separator: " ").joined(separator: " ")
    }

    /// Removes running headers, footers and page numbers. `pages` holds each page's lines (trimmed,
    /// empty lines kept as ""). Returns the pages without them and what was removed.
    static func removeFurniture(_ pages: [[String]]) -> (pages: [[String]], removed: [String]) {
        var pages = pages
        var removed: [String] = []
        let edge = 2
        // A top or bottom line whose shape appears at the top or bottom of every page (of two or more).
        if pages.filter({ $0.contains { !$0.isEmpty } }).count >= 2 {
            func edges(_ p: [String]) -> [String] {
                let ne = p.filter { !$0.isEmpty }
                return Array(ne.prefix(edge)) + Array(ne.suffix(edge))
            }
            let nonEmpty = pages.filter { $0.contains { !$0.isEmpty } }
            var common = Set(edges(nonEmpty[0]).map(shape))
            for p in nonEmpty.dropFirst() { common.formIntersection(edges(p).map(shape)) }
            if !common.isEmpty {
                for i in pages.indices {
                    let e = Set(edges(pages[i]))
                    pages[i] = pages[i].filter { l in
                        if !l.isEmpty, e.contains(l), common.contains(shape(l)) {
                            if !removed.contains(shape(l)) { removed.append(shape(l)) }
                            return false
                        }
                        return true
                    }
                }
            }
        }
        // A page number alone on the first or last line of a page.
        for i in pages.indices {
            let idx = pages[i].indices.filter { !pages[i][$0].isEmpty }
            for j in [idx.first, idx.last].compactMap({ $0 }).sorted(by: >) where isPageNumber(pages[i][j]) {
                removed.append(pages[i][j])
                pages[i].remove(at: j)
            }
        }
        return (pages, removed)
    }

    static func isCJK(_ c: Character?) -> Bool {
        guard let u = c?.unicodeScalars.first else { return false }
        switch u.value {
        case 0x2E80...0x9FFF, 0xF900...0xFAFF, 0xFF00...0xFFEF, 0x20000...0x3FFFF: return true
        default: return false
        }
    }

    /// Joins two pieces of one paragraph: no space between Chinese characters. A soft hyphen at a
    /// line end between two letters is dropped; a hard hyphen there, before a lower-case letter, may
    /// be the producer's hyphenation ("protec-tion") or the State's own ("victim-centred"): it is
    /// kept, marked (`lineEndHyphen`), for `resolveLineEndHyphens` to decide once the whole text is
    /// known.
    static func join(_ a: String, _ b: String) -> String {
        if a.isEmpty { return b }
        if b.isEmpty { return a }
        if isCJK(a.last) && isCJK(b.first) { return a + b }
        if let last = a.last, last == "-" || last == "\u{00AD}", a.count >= 2,
            a[a.index(a.endIndex, offsetBy: -2)].isLetter, let f = b.first, f.isLowercase
        {
            return String(a.dropLast()) + (last == "-" ? String(lineEndHyphen) : "") + b
        }
        return a + " " + b
    }

    /// Marks a hard hyphen met at a line end, until `resolveLineEndHyphens` decides (a private-use
    /// character: received text never holds one here, it is checked for control characters first).
    static let lineEndHyphen: Character = "\u{F8FF}"

    /// Decides each hyphen met at a line end (marked by `join`) from what the text itself shows:
    /// kept when the text writes the hyphenated word elsewhere on one line, dropped when it writes
    /// the joined word elsewhere; otherwise dropped, as hyphenation usually is, and the word is
    /// returned among the guesses ("victim-centred"), for the officer to check against the file.
    static func resolveLineEndHyphens(_ text: String) -> (text: String, guesses: [String]) {
        guard text.contains(lineEndHyphen) else { return (text, []) }
        let mark = String(lineEndHyphen)
        // The words the text writes on one line, hyphenated or whole, folded for case.
        var written = Set<String>()
        for w in text.split(whereSeparator: { !$0.isLetter && $0 != "-" && $0 != lineEndHyphen }) where !w.contains(lineEndHyphen) {
            written.insert(w.lowercased())
            for part in w.split(separator: "-") { written.insert(part.lowercased()) }
        }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var guesses: [String] = []
        var word = ""
        func flush() {
            defer { word = "" }
            guard word.contains(lineEndHyphen) else { out += word; return }
            let hyphenated = word.replacingOccurrences(of: mark, with: "-")
            let joined = word.replacingOccurrences(of: mark, with: "")
            if written.contains(hyphenated.lowercased()) {
                out += hyphenated
            } else {
                out += joined
                if !written.contains(joined.lowercased()) && !guesses.contains(hyphenated) { guesses.append(hyphenated) }
            }
        }
        for c in text {
            if c.isLetter || c == lineEndHyphen { word.append(c) } else { flush(); out.append(c) }
        }
        flush()
        return (out, guesses)
    }

    /// Paragraphs from lines: a blank line ends one; so does a line clearly shorter than the page's
    /// full lines that ends a sentence. Pages are read as one flow (a paragraph may cross a page).
    static func paragraphs(_ pages: [[String]]) -> [String] {
        var out: [String] = []
        var current = ""
        for page in pages {
            let full = page.map(\.count).max() ?? 0
            for line in page {
                if line.isEmpty {
                    if !current.isEmpty { out.append(current); current = "" }
                    continue
                }
                current = join(current, line)
                let ends = line.last.map { ".:;!?。！？：；؟؛».\")”".contains($0) } ?? false
                if ends && full > 20 && Double(line.count) < Double(full) * 0.8 { out.append(current); current = "" }
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    /// The text of laid-out pages: each page's raw text (lines separated by "\n") in, paragraphs
    /// separated by blank lines out, with what was left out as page furniture.
    public static func text(pages raw: [String]) -> (text: String, removed: [String]) {
        let pages = raw.map { p in
            stripEmbeddingMarks(p).replacingOccurrences(of: "\r", with: "").split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
        }
        let (clean, removed) = removeFurniture(pages)
        let paras = paragraphs(clean)
        return (paras.isEmpty ? "" : paras.joined(separator: "\n\n") + "\n", removed)
    }

    /// Right-to-left lines from poppler put neutral punctuation on the wrong side of a space
    /// ("الوطنية .ولذلك ،يمكن" for "الوطنية. ولذلك، يمكن") and pad parentheses ("( أ)"); this puts
    /// them back. Tashkeel that poppler moved away from its letter cannot be put back from the text
    /// alone, which is why Arabic from a text layer is marked for proofreading.
    static func repairRightToLeft(_ line: String) -> String {
        guard CharacterProperties.containsRightToLeft(line) else { return line }
        var s = line
        // " .X" / " ،X" → ". X" / "، X" before a letter.
        for p in [".", "،", "؛", ":", "!", "؟", ","] {
            var out = ""
            var i = s.startIndex
            while i < s.endIndex {
                let c = s[i]
                let next = s.index(after: i)
                if c == " ", next < s.endIndex, String(s[next]) == p {
                    let after = s.index(after: next)
                    if after < s.endIndex, s[after].isLetter {
                        out += p + " "
                        i = after
                        continue
                    }
                }
                out.append(c)
                i = next
            }
            s = out
        }
        s = s.replacingOccurrences(of: "( ", with: "(")
        return s
    }
}

extension PageText {
    /// Two words of one line: a space between them, except between Chinese characters.
    static func joinWords(_ a: String, _ b: String) -> String {
        if a.isEmpty { return b }
        return isCJK(a.last) && isCJK(b.first) ? a + b : a + " " + b
    }

    static func isDigit(_ c: Character?) -> Bool { c.map { $0.isASCII && $0.isNumber } ?? false }

    /// Removes spaces OCR and PDF text layers put between Chinese characters ("中 国" → "中国"),
    /// and between a Chinese character and a figure.
    static func foldCJKSpaces(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { $0.value >= 0x2E80 }) else { return s }
        var out = ""
        let chars = Array(s)
        for (i, c) in chars.enumerated() {
            if c == " " || c == "\u{3000}" {
                var j = i
                while j < chars.count, chars[j] == " " || chars[j] == "\u{3000}" { j += 1 }
                let prev = out.last
                let next: Character? = j < chars.count ? chars[j] : nil
                // Between two Chinese characters, or a Chinese character and a figure ("项目 2 的"):
                // the space is the typesetter's, not the author's.
                if isCJK(prev) && (isCJK(next) || isDigit(next)) || isDigit(prev) && isCJK(next) { continue }
            }
            out.append(c)
        }
        return out
    }
}

extension PageText {
    /// A program's complaint, on one line and short, for an error message.
    static func brief(_ err: String) -> String {
        let line = SafeText.oneLine(err.split(separator: "\n").first { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map(String.init) ?? "no message")
        return String(line.prefix(160))
    }
}
