import MultilingualText

/// Renders a `Document` as Markdown (CommonMark): one walk over the blocks.
public struct MarkdownRenderer {
    public init() {}

    public func render(_ doc: Document) -> String {
        var out: [String] = []
        for block in doc.blocks {
            switch block {
            case .masthead(let m):
                out.append(escape(m.symbol))
                out.append(escape(m.date))
                out.append(escape(m.distribution))
                out.append(escape(m.body))
                out.append("**\(escape(m.session))**")
                out.append(escape(m.venueAndDates))
                out.append(runs(m.agendaLine, doc))
                out.append("**\(escape(m.agendaTitle))**")
            case .heading(let h):
                let text = (h.number.map { $0 + " " } ?? "") + runs(h.runs, doc)
                switch h.role {
                case .title, .subtitle: out.append("**\(text)**")
                case .chapter, .annex: out.append("## \(text)")
                case .itemNumber, .annexSection: out.append("### \(text)")
                case .itemTitle: out.append("#### \(text)")
                case .state: out.append("**\(text)**")
                }
            case .paragraph(let p):
                let body = runs(p.runs, doc, language: p.language)
                out.append(p.number.map { "\($0). \(body)" } ?? escapeLeading(body))
            case .point(let pt):
                out.append("\(escape(pt.label)) \(runs(pt.runs, doc, language: pt.language))")
            case .table(let t):
                // Pipe tables have no direction of their own: a right-to-left table is wrapped in
                // an HTML block that gives it (GitHub and pandoc keep the table inside).
                out.append(t.direction == .rtl ? "<div dir=\"rtl\">\n\n" + table(t, doc) + "\n\n</div>" : table(t, doc))
            case .note(let n):
                out.append("<sup>\(escape(n.marker))</sup> \(runs(n.runs, doc, language: n.language))")
            case .pageBreak:
                out.append("---")
            }
        }
        if !doc.footnotes.isEmpty {
            out.append("---")
            for f in doc.footnotes { out.append("\(escape(f.marker)) \(escape(f.text))") }
        }
        return out.joined(separator: "\n\n") + "\n"
    }

    func runs(_ runs: [Inline], _ doc: Document, language: String? = nil) -> String {
        runs.map { r -> String in
            switch r {
            case .text(let s): return escape(s)
            case .field(let s):
                let safe = Bidi.neutralize(s)
                // Isolate a name only when it could change the direction around it.
                let risky = safe.unicodeScalars.contains { CharacterProperties.isBidiControl($0) } || Bidi.baseDirection(safe) == .rtl
                return risky ? "\u{2068}\(escape(safe))\u{2069}" : escape(safe)
            case .noteReference(let m): return escape(m)
            case .commentNoteReference(let m): return "<sup>\(escape(m))</sup>"
            case .lineBreak: return "<br>"
            }
        }.joined()
    }

    /// A pipe table (GitHub Flavored Markdown): the first row is the header row, every row has
    /// as many cells as the widest, and a `|` inside a cell is escaped, so cells stay paired.
    func table(_ t: Table, _ doc: Document) -> String {
        let columns = max(t.columns, 1)
        var lines: [String] = []
        for (i, row) in t.rows.enumerated() {
            var cells = row.map { runs($0.runs, doc, language: t.language) }
            while cells.count < columns { cells.append("") }
            lines.append("| " + cells.joined(separator: " | ") + " |")
            if i == 0 { lines.append("|" + String(repeating: " --- |", count: columns)) }
        }
        return lines.joined(separator: "\n")
    }

    /// Backslash-escapes the characters Markdown would read as markup.
    func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count + 8)
        for ch in s {
            switch ch {
            // "&" too: an unescaped "&amp;" in a State's text would be read as an entity.
            case "\\", "*", "_", "`", "[", "]", "<", ">", "|", "#", "&": out.append("\\"); out.append(ch)
            case "\n": out.append(" ")
            default: out.append(ch)
            }
        }
        return out
    }

    /// Keeps an unnumbered paragraph from being read as a list or a heading.
    func escapeLeading(_ s: String) -> String {
        var i = s.startIndex
        while i < s.endIndex, s[i].isNumber { i = s.index(after: i) }
        if i > s.startIndex, i < s.endIndex, s[i] == "." || s[i] == ")" {
            return String(s[..<i]) + "\\" + String(s[i...])
        }
        if let f = s.first, "-+=".contains(f) { return "\\" + s }
        return s
    }
}
