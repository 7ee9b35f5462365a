import Foundation

/// What Tesseract read on a page, word by word with its box (its TSV output), and the text built
/// from it: the same text as Tesseract's own `txt` output (a blank line between blocks), less
/// the marks Tesseract adds that no image can contain.
struct OCRLayout: Sendable {
    /// A box on the page image, in pixels.
    struct Box: Sendable, Equatable {
        var left: Int
        var top: Int
        var width: Int
        var height: Int
        var bottom: Int { top + height }
        var right: Int { left + width }

        /// The smallest box holding both.
        func union(_ o: Box) -> Box {
            let l = min(left, o.left), t = min(top, o.top)
            return Box(left: l, top: t, width: max(right, o.right) - l, height: max(bottom, o.bottom) - t)
        }
    }

    struct Word: Sendable {
        var box: Box
        var confidence: Double
        var text: String
    }

    struct Line: Sendable {
        var block: Int
        var box: Box
        var words: [Word]
        /// Put back by a second reading (a line of ink Tesseract's page reading left out).
        var reread = false
        var text: String { words.reduce("") { PageText.joinWords($0, $1.text) } }
        var confidence: Double { words.isEmpty ? 0 : words.map(\.confidence).reduce(0, +) / Double(words.count) }
    }

    var lines: [Line]
    /// Words of lines read again that were left out under the confidence floor, one entry per
    /// line (its box, the words left out): each is a finding (OCRLayout+LeftOut.swift).
    var leftOut: [Line] = []

    /// Parses Tesseract's TSV: level 4 rows are lines (with their box), level 5 rows words.
    /// `offset` moves every box (a crop read on its own), `scale` divides it (a crop read enlarged).
    init(tsv: String, offset: (x: Int, y: Int) = (0, 0), scale: Double = 1) {
        var lines: [Line] = []
        var keys: [String] = []
        func box(_ f: [Substring]) -> Box? {
            guard let l = Int(f[6]), let t = Int(f[7]), let w = Int(f[8]), let h = Int(f[9]) else { return nil }
            return Box(
                left: offset.x + Int(Double(l) / scale), top: offset.y + Int(Double(t) / scale), width: Int(Double(w) / scale),
                height: Int(Double(h) / scale))
        }
        for row in tsv.split(separator: "\n").dropFirst() {
            let f = row.split(separator: "\t", omittingEmptySubsequences: false)
            guard f.count >= 12, let level = Int(f[0]), let b = box(f) else { continue }
            let key = "\(f[2]).\(f[3]).\(f[4])"
            if level == 4 {
                keys.append(key)
                lines.append(Line(block: Int(f[2]) ?? 0, box: b, words: []))
            } else if level == 5, let conf = Double(f[10]), conf >= 0, let i = keys.lastIndex(of: key) {
                let word = Self.clean(String(f[11])).trimmingCharacters(in: .whitespaces)
                if !word.isEmpty { lines[i].words.append(Word(box: b, confidence: conf, text: word)) }
            }
        }
        self.lines = lines.filter { !$0.words.isEmpty }
    }

    /// The lines that lie over at least one band of text ink (rows `top..<bottom`): a line read
    /// from a stamp's lighter ink alone is no line of the letter.
    func onlyOver(_ bands: [InkLines.Band]) -> OCRLayout {
        var out = self
        out.lines = lines.filter { l in bands.contains { $0.bottom > l.box.top && $0.top < l.box.bottom } }
        return out
    }

    /// The words, all lines together.
    var words: [Word] { lines.flatMap(\.words) }

    /// The text: lines one a line, a blank line between Tesseract's blocks (as its `txt` output).
    var text: String {
        var out = ""
        var block: Int? = nil
        for l in lines {
            if let b = block { out += b == l.block ? "\n" : "\n\n" }
            out += l.text
            block = l.block
        }
        return out.isEmpty ? "" : out + "\n"
    }

    /// Bidi marks Tesseract writes around runs of the other direction (U+200E LEFT-TO-RIGHT MARK,
    /// U+200F RIGHT-TO-LEFT MARK, U+061C ARABIC LETTER MARK): invisible, so no image contains them.
    static let addedMarks: Set<Unicode.Scalar> = ["\u{200E}", "\u{200F}", "\u{061C}"]

    /// `s` without the marks Tesseract adds.
    static func clean(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { addedMarks.contains($0) }) else { return s }
        var v = String.UnicodeScalarView()
        v.append(contentsOf: s.unicodeScalars.filter { !addedMarks.contains($0) })
        return String(v)
    }

    // MARK: Latin inside Arabic

    static func isArabicLetter(_ u: Unicode.Scalar) -> Bool {
        (0x0621...0x064A).contains(u.value) || (0x0671...0x06D3).contains(u.value) || (0xFB50...0xFEFC).contains(u.value)
    }

    /// A word the Arabic model read where the page most likely has Latin letters: no Arabic
    /// letter in it, and either a sign no Arabic text uses (©, !, |, }…) or digits mixed with
    /// punctuation at low confidence ("5111101060", ":©1106"). Figures such as "2020" or "(٦)"
    /// read with confidence are not suspect.
    static func latinSuspect(_ w: Word) -> Bool {
        let s = w.text.unicodeScalars
        if s.contains(where: isArabicLetter) { return false }
        if s.contains(where: { ($0.properties.isAlphabetic && $0.value < 0x0250) }) { return true }
        let odd = s.contains { "©®!|}{[]<>@#$^*_=~\\".unicodeScalars.contains($0) }
        return odd || w.confidence < 60
    }

    /// Runs of neighbouring suspect words on Arabic lines (a line with at least one Arabic
    /// word): (line index, word range) for each run.
    func latinRuns() -> [(line: Int, words: Range<Int>)] {
        var out: [(Int, Range<Int>)] = []
        for (i, l) in lines.enumerated() where l.words.contains(where: { $0.text.unicodeScalars.contains(where: Self.isArabicLetter) }) {
            var start: Int? = nil
            for (j, w) in l.words.enumerated() {
                if Self.latinSuspect(w) {
                    if start == nil { start = j }
                } else if let s = start {
                    out.append((i, s..<j))
                    start = nil
                }
            }
            if let s = start { out.append((i, s..<l.words.count)) }
        }
        return out
    }
}
