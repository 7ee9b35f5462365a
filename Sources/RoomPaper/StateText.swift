import MultilingualText

/// The conventions by which a State's stored text (text.txt) carries tables and notes, and how
/// they come back as blocks. The readers (`DOCXReader`, `HTMLReader`) write them; plain text
/// written the same way by hand gives the same blocks.
///
/// - A table is a run of at least two consecutive lines that hold the same number (one or more)
///   of tabs: one line per row, cells separated by a tab. A two-column "point | comment" table is
///   stored as `point<TAB>comment`, one pair per line, so the pairing survives every step.
/// - A table of one row is its line followed by a line of its tabs alone (an empty row, which is
///   not printed): a single line with tabs is otherwise a paragraph ("Tel.:<TAB>+43 1 26060").
/// - Inside a cell, LINE SEPARATOR (U+2028) separates the cell's paragraphs: printed as a line
///   break in the cell.
/// - `[^1]` in a paragraph or cell refers to the State's note "1" (any marker of up to 8
///   characters without blanks or brackets); a paragraph `[^1]: text` is the note itself
///   (Markdown's footnote syntax). Notes become `Block.note`, printed after the block that
///   refers to them.
public enum StateText {
    /// True when the text holds a tab or `[^`: only then are tables and notes looked for, so
    /// other texts take the plain path unchanged.
    static func mayHoldTablesOrNotes(_ text: String) -> Bool {
        // Over the contiguous bytes: the `utf8` view's iterator was 3 % of compile's time.
        var text = text
        return text.withUTF8 { bytes in
            var previous: UInt8 = 0
            for b in bytes {
                if b == 0x09 || (previous == 0x5B && b == 0x5E) { return true }
                previous = b
            }
            return false
        }
    }

    /// The blocks of a stored text with tables and notes.
    public static func blocks(from text: String, language: String) -> [Block] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var out: [Block] = []
        var pending: [Substring] = []
        func flush() {
            if pending.isEmpty { return }
            let chunk = pending.joined(separator: "\n")
            pending.removeAll()
            out += TextBlocks.simpleBlocks(from: chunk, language: language).map { withNoteReferences($0) }
        }
        var i = 0
        while i < lines.count {
            let tabs = tabCount(lines[i])
            var j = i
            if tabs > 0 {
                while j < lines.count && tabCount(lines[j]) == tabs && !TextBlocks.trim(lines[j]).isEmpty { j += 1 }
            }
            if j - i >= 2 {
                flush()
                out.append(.table(table(Array(lines[i..<j]), language: language)))
                i = j
            } else if j - i == 1, j < lines.count, tabCount(lines[j]) == tabs, lines[j].allSatisfy({ $0 == "\t" }) {
                // A table of one row, marked by the empty row after it.
                flush()
                out.append(.table(table([lines[i]], language: language)))
                i = j + 1
            } else {
                pending.append(lines[i])
                i += 1
            }
        }
        flush()
        return notesMoved(out)
    }

    static func tabCount(_ line: Substring) -> Int {
        var n = 0
        for b in line.utf8 where b == 0x09 { n += 1 }
        return n
    }

    /// Rows of cells from table lines; the table's direction is that of its first strong letter.
    static func table(_ lines: [Substring], language: String) -> Table {
        var rows: [[TableCell]] = []
        for l in lines {
            rows.append(
                l.split(separator: "\t", omittingEmptySubsequences: false).map { raw in
                    // The cell's paragraphs, each on a line of its own.
                    let parts = TextBlocks.trim(raw).split(separator: "\u{2028}", omittingEmptySubsequences: true)
                        .map { Bidi.neutralize(String(TextBlocks.trim($0))) }.filter { !$0.isEmpty }
                    let d = Bidi.baseDirection(parts.joined(separator: " "))
                    var runs: [Inline] = []
                    for (k, p) in parts.enumerated() {
                        if k > 0 { runs.append(.lineBreak) }
                        runs += references(p)
                    }
                    return TableCell(runs: runs.isEmpty ? [.text("")] : runs, direction: d)
                })
        }
        let joined = Bidi.neutralize(lines.map { String($0) }.joined(separator: " "))
        let d = Bidi.baseDirection(joined)
        return Table(rows: rows, language: language, direction: d == .rtl ? .rtl : .ltr)
    }

    /// A paragraph or point with its `[^m]` references made note references.
    static func withNoteReferences(_ b: Block) -> Block {
        switch b {
        case .paragraph(var p):
            p.runs = p.runs.flatMap { r -> [Inline] in if case .text(let s) = r { return references(s) } else { return [r] } }
            return .paragraph(p)
        case .point(var p):
            p.runs = p.runs.flatMap { r -> [Inline] in if case .text(let s) = r { return references(s) } else { return [r] } }
            return .point(p)
        default:
            return b
        }
    }

    /// Text cut at `[^m]`: text runs and comment-note references.
    static func references(_ s: String) -> [Inline] {
        var out: [Inline] = []
        var rest = Substring(s)
        while let open = rest.range(of: "[^") {
            let after = rest[open.upperBound...]
            guard let close = after.firstIndex(of: "]") else { break }
            let marker = after[..<close]
            if !isMarker(marker) {
                out.append(.text(String(rest[..<open.upperBound])))
                rest = rest[open.upperBound...]
                continue
            }
            if open.lowerBound > rest.startIndex { out.append(.text(String(rest[..<open.lowerBound]))) }
            out.append(.commentNoteReference(String(marker)))
            rest = after[after.index(after: close)...]
        }
        if !rest.isEmpty { out.append(.text(String(rest))) }
        // Neighbouring text runs joined again.
        var merged: [Inline] = []
        for r in out {
            if case .text(let b) = r, case .text(let a)? = merged.last { merged[merged.count - 1] = .text(a + b) } else { merged.append(r) }
        }
        return merged.isEmpty ? [.text("")] : merged
    }

    static func isMarker(_ m: Substring) -> Bool {
        !m.isEmpty && m.count <= 8 && !m.contains(where: { $0 == "[" || $0 == "^" || $0.isWhitespace })
    }

    /// Paragraphs `[^m]: text` become notes where they stand (the readers write each note right
    /// after the paragraph or table that refers to it).
    static func notesMoved(_ blocks: [Block]) -> [Block] {
        var out: [Block] = []
        for b in blocks {
            if case .paragraph(let p) = b, let note = note(p) {
                out.append(.note(note))
            } else {
                out.append(b)
            }
        }
        return out
    }

    /// A paragraph `[^m]: text` as a note.
    static func note(_ p: Paragraph) -> Note? {
        guard p.role == .comment, p.runs.count >= 1, case .commentNoteReference(let m) = p.runs[0] else { return nil }
        var runs = Array(p.runs.dropFirst())
        guard case .text(let t)? = runs.first, t.hasPrefix(":") else { return nil }
        let body = String(TextBlocks.trim(t.dropFirst()))
        runs[0] = .text(body)
        let d = Bidi.baseDirection(runs.plain)
        return Note(marker: m, runs: runs, language: p.language, direction: d == .neutral ? p.direction : d)
    }
}
