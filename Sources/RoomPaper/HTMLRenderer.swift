import MultilingualText

/// Renders a `Document` as one self-contained HTML page: UN layout in print CSS (A4, masthead,
/// hanging paragraph numbers, lettered points, `*` footnotes), `lang`/`dir` on every block whose
/// language differs from the page, `<bdi>` around inserted names, every text escaped.
///
/// A walker over the blocks, like `MarkdownRenderer`: it prints what the tree holds and nothing else.
public struct HTMLRenderer {
    public init() {}

    /// The page as a string (UTF-8 when written): the head with its print style, every block in
    /// order, then the paper's footnotes.
    public func render(_ doc: Document) -> String {
        var w = MarkupWriter(capacity: doc.estimatedTextBytes * 5 / 4 + 16_384)
        let notes = NoteTable(doc.footnotes)
        head(doc, &w)
        var breakBefore = false
        // A State's own notes: each reference linked to its note, and back (ids cn-N, cnref-N).
        let commentNotes = DOCXCommentNotes(doc)
        var noteIDs: [Int: Int] = [:]  // note block index → its number
        for (i, _) in doc.blocks.enumerated() where commentNotes.noteBlocks.contains(i) {
            noteIDs[i] = commentNotes.entries[noteIDs.count].id
        }
        for (index, block) in doc.blocks.enumerated() {
            var notes = notes
            notes.commentNotes = commentNotes.references[index] ?? [:]
            self.block(block, at: index, doc, notes, noteID: noteIDs[index], breakBefore: &breakBefore, &w)
        }
        footnotes(doc, &w)
        w.raw("</main>\n</body>\n</html>\n")
        return w.string
    }

    /// `<!DOCTYPE html>` to `<main>`: language and direction, title, Dublin Core metadata, the
    /// stylesheet with the running head and page numbers of print.
    func head(_ doc: Document, _ w: inout MarkupWriter) {
        w.raw("<!DOCTYPE html>\n<html lang=\"")
        w.attribute(doc.language)
        w.raw("\" dir=\"")
        w.raw(doc.direction == .rtl ? "rtl" : "ltr")
        w.raw("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
        w.text(doc.metadata.symbol)
        if !doc.metadata.title.isEmpty {
            w.raw(" \u{2013} ")
            w.text(doc.metadata.title)
        }
        w.raw("</title>\n<meta name=\"dcterms.identifier\" content=\"")
        w.attribute(doc.metadata.symbol)
        w.raw("\">\n<meta name=\"dcterms.subject\" content=\"")
        w.attribute(doc.metadata.subject)
        w.raw("\">\n<meta name=\"dcterms.date\" content=\"")
        w.attribute(doc.metadata.date)
        w.raw("\">\n<style>\n")
        w.raw(Self.stylesheet)
        // Running head and page numbers in print, from page 2 (the masthead is on page 1).
        let side = doc.direction == .rtl ? "left" : "right"
        w.raw("@page { @top-\(side) { content: \"")
        w.raw(Self.cssString(doc.metadata.symbol))
        w.raw(
            "\"; font: bold 8pt \"Times New Roman\", \"Liberation Serif\", serif; vertical-align: bottom; } @bottom-\(side) { content: counter(page); font: bold 8pt \"Times New Roman\", \"Liberation Serif\", serif; } }\n@page :first { @top-\(side) { content: none; } @bottom-\(side) { content: none; } }\n"
        )
        w.raw("</style>\n</head>\n<body>\n<main class=\"paper\">\n")
    }

    /// One block of the paper; `breakBefore` carries a page break to the next block that prints.
    func block(
        _ block: Block, at index: Int, _ doc: Document, _ notes: NoteTable, noteID: Int?, breakBefore: inout Bool,
        _ w: inout MarkupWriter
    ) {
        switch block {
        case .masthead(let m):
            masthead(m, doc, notes, &w)
        case .heading(let h):
            let (tag, cls) = Self.element(for: h.role)
            w.raw("<"); w.raw(tag); w.raw(" class=\""); w.raw(cls)
            if breakBefore { w.raw(" break"); breakBefore = false }
            w.raw("\"")
            langDir(h.language, h.direction, doc, &w)
            w.raw(">")
            if let n = h.number {
                w.raw("<span class=\"hnum\">"); w.text(n); w.raw("</span>")
            }
            runs(h.runs, notes, &w)
            w.raw("</"); w.raw(tag); w.raw(">\n")
        case .paragraph(let p):
            w.raw("<p class=\"")
            w.raw(p.number != nil ? "para" : p.role.rawValue)
            if breakBefore { w.raw(" break"); breakBefore = false }
            w.raw("\"")
            langDir(p.language, p.direction, doc, &w)
            w.raw(">")
            if let n = p.number {
                w.raw("<span class=\"pnum\">"); w.raw(String(n)); w.raw(".</span>")
            }
            runs(p.runs, notes, &w)
            w.raw("</p>\n")
        case .point(let pt):
            w.raw(pt.fromState ? "<p class=\"point state-text" : "<p class=\"point")
            if breakBefore { w.raw(" break"); breakBefore = false }
            w.raw("\"")
            langDir(pt.language, pt.direction, doc, &w)
            w.raw("><span class=\"plabel\">")
            w.text(pt.label)
            w.raw("</span>")
            runs(pt.runs, notes, &w)
            w.raw("</p>\n")
        case .table(let t):
            table(t, doc, notes, breakBefore: breakBefore, &w)
            breakBefore = false
        case .note(let n):
            w.raw(breakBefore ? "<p class=\"comment-note break\"" : "<p class=\"comment-note\"")
            breakBefore = false
            if let id = noteID { w.raw(" id=\"cn-\(id)\" role=\"note\"") }
            langDir(n.language, n.direction, doc, &w)
            // Kept whole and with the block before it on a page; its marker is raised only within the line (vertical-align:
            // top), so a note at the top of a printed page does not reach into the margin where
            // Chromium prints the running header.
            w.raw(
                " style=\"font-size: 8pt; line-height: 10pt; margin: 0 1.27cm 3pt; break-inside: avoid; break-before: avoid;\"><sup class=\"fnref\" style=\"vertical-align: top; line-height: 1;\">"
            )
            if let id = noteID {
                w.raw("<a href=\"#cnref-\(id)\">"); w.text(n.marker); w.raw("</a>")
            } else {
                w.text(n.marker)
            }
            w.raw("</sup> ")
            runs(n.runs, notes, &w)
            w.raw("</p>\n")
        case .pageBreak:
            breakBefore = true
        }
    }

    /// The paper's own footnotes (`*`, `**`) at the end of the page.
    func footnotes(_ doc: Document, _ w: inout MarkupWriter) {
        if !doc.footnotes.isEmpty {
            w.raw("<footer class=\"footnotes\">\n")
            for (i, f) in doc.footnotes.enumerated() {
                w.raw("<p class=\"footnote\" id=\"fn-\(i + 1)\"><span class=\"fnmark\">")
                w.text(f.marker)
                w.raw("</span>")
                w.text(f.text)
                w.raw("</p>\n")
            }
            w.raw("</footer>\n")
        }
    }

    /// The masthead: the body on the start side, symbol, date and distribution on the end side,
    /// a rule, then session, venue and dates, agenda line and agenda title.
    func masthead(_ m: Masthead, _ doc: Document, _ notes: NoteTable, _ w: inout MarkupWriter) {
        w.raw("<header class=\"masthead\">\n<div class=\"mh-row\">\n<p class=\"mh-body\">")
        w.text(m.body)
        w.raw("</p>\n<div class=\"mh-ref\">\n<p class=\"mh-symbol\">")
        w.text(m.symbol)
        w.raw("</p>\n<p class=\"mh-date\">")
        w.text(m.date)
        w.raw("</p>\n<p class=\"mh-distribution\">")
        w.text(m.distribution)
        w.raw("</p>\n</div>\n</div>\n<div class=\"mh-session\">\n<p class=\"mh-session-name\">")
        w.text(m.session)
        w.raw("</p>\n<p>")
        w.text(m.venueAndDates)
        w.raw("</p>\n<p class=\"mh-agenda\">")
        runs(m.agendaLine, notes, &w)
        w.raw("</p>\n<p class=\"mh-agenda-title\">")
        w.text(m.agendaTitle)
        w.raw("</p>\n</div>\n</header>\n")
    }

    /// `lang` and `dir` for a block whose language or direction differs from the page's.
    func langDir(_ language: String, _ direction: TextDirection, _ doc: Document, _ w: inout MarkupWriter) {
        if language != doc.language {
            w.raw(" lang=\""); w.attribute(language); w.raw("\"")
            w.raw(direction == .rtl ? " dir=\"rtl\"" : direction == .ltr ? " dir=\"ltr\"" : " dir=\"auto\"")
        } else if direction != doc.direction {
            w.raw(direction == .rtl ? " dir=\"rtl\"" : direction == .ltr ? " dir=\"ltr\"" : " dir=\"auto\"")
        }
    }

    /// The runs of a block: text escaped, fields isolated in `<bdi>`, note references linked.
    func runs(_ runs: [Inline], _ notes: NoteTable, _ w: inout MarkupWriter) {
        for r in runs {
            switch r {
            case .text(let s):
                w.text(Bidi.neutralize(s))
            case .field(let s):
                w.raw("<bdi>")
                w.text(Bidi.neutralize(s))
                w.raw("</bdi>")
            case .noteReference(let m):
                if let n = notes.number(m) {
                    w.raw("<sup class=\"fnref\"><a href=\"#fn-\(n)\">")
                    w.text(m)
                    w.raw("</a></sup>")
                } else {
                    w.raw("<sup class=\"fnref\">"); w.text(m); w.raw("</sup>")
                }
            case .commentNoteReference(let m):
                if let id = notes.commentNotes[m] {
                    w.raw("<sup class=\"fnref\"><a href=\"#cn-\(id)\" id=\"cnref-\(id)\">"); w.text(m); w.raw("</a></sup>")
                } else {
                    w.raw("<sup class=\"fnref\">"); w.text(m); w.raw("</sup>")
                }
            case .lineBreak:
                w.raw("<br>")
            }
        }
    }

    /// A State's table: one `<tr>` per row, one `<td>` per cell, `dir` always written on the table
    /// (a right-to-left table puts its first column on the right) and on a cell whose direction
    /// differs from the table's. Styled inline, so the stylesheet of papers without tables is unchanged.
    func table(_ t: Table, _ doc: Document, _ notes: NoteTable, breakBefore: Bool, _ w: inout MarkupWriter) {
        w.raw(breakBefore ? "<table class=\"state-table break\"" : "<table class=\"state-table\"")
        if t.language != doc.language { w.raw(" lang=\""); w.attribute(t.language); w.raw("\"") }
        w.raw(t.direction == .rtl ? " dir=\"rtl\"" : " dir=\"ltr\"")
        w.raw(" style=\"border-collapse: collapse; margin: 0 1.27cm 6pt;\">\n")
        let columns = t.columns
        for row in t.rows {
            w.raw("<tr>")
            for i in 0..<columns {
                w.raw("<td")
                if i < row.count, row[i].direction != t.direction, row[i].direction != .neutral {
                    w.raw(row[i].direction == .rtl ? " dir=\"rtl\"" : " dir=\"ltr\"")
                }
                w.raw(" style=\"border: 0.5pt solid #000; padding: 2pt 4pt; vertical-align: top;\">")
                if i < row.count { runs(row[i].runs, notes, &w) }
                w.raw("</td>")
            }
            w.raw("</tr>\n")
        }
        w.raw("</table>\n")
    }

    /// Text for a double-quoted CSS string inside `<style>`: everything but letters, digits and
    /// `.` `/` `-` written as a hex escape, so no text can close the string or the element.
    static func cssString(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "a"..."z", "A"..."Z", "0"..."9", ".", "/", "-": out.unicodeScalars.append(u)
            default:
                if u.value < 0x20 || u.value == 0x7F || (u.value >= 0x80 && u.value <= 0x9F) || u.value == 0xFFFE || u.value == 0xFFFF { continue }
                out += "\\" + String(u.value, radix: 16) + " "
            }
        }
        return out
    }

    /// The element and class of a heading, by its role.
    static func element(for role: HeadingRole) -> (String, String) {
        switch role {
        case .title: ("h1", "title")
        case .subtitle: ("p", "subtitle")
        case .chapter: ("h2", "chapter")
        case .annex: ("h2", "annex")
        case .itemNumber: ("h3", "item-number")
        case .annexSection: ("h3", "annex-section")
        case .itemTitle: ("h4", "item-title")
        case .state: ("h5", "state")
        }
    }

    /// Print CSS close to the UN layout: A4, a Times-like serif at 10/12 pt, masthead with the
    /// symbol on the end side and a rule under it, body text indented 1.27 cm on both sides,
    /// hanging paragraph numbers and lettered points. Logical properties (`inline-start`) make
    /// right-to-left blocks mirror by themselves.
    static let stylesheet = """
        @page { size: A4; margin: 2cm 1.9cm 2.2cm 1.9cm; }
        html { font-family: "Times New Roman", Times, "Liberation Serif", "Noto Serif", serif;
          font-size: 10pt; line-height: 12pt; color: #000; background: #fff;
          -webkit-text-size-adjust: 100%; }
        body { margin: 0; }
        .paper { max-width: 17.2cm; margin: 1cm auto 2cm; padding: 0 1cm; }
        p, h1, h2, h3, h4, h5 { margin: 0; }
        :lang(ar) { font-family: "Simplified Arabic", "Traditional Arabic", "Noto Naskh Arabic", "Times New Roman", serif;
          font-size: 12.5pt; line-height: 17pt; }
        :lang(zh) { font-family: "Times New Roman", Times, "Liberation Serif", SimSun, "Songti SC", "Noto Serif CJK SC", "Noto Sans CJK SC", serif;
          font-size: 10.5pt; line-height: 15pt; }
        :lang(ru) { font-family: "Times New Roman", Times, "Liberation Serif", "Noto Serif", serif; }
        bdi { unicode-bidi: isolate; }
        .masthead { margin-bottom: 18pt; }
        .mh-row { display: flex; justify-content: space-between; align-items: flex-end; gap: 1cm;
          border-bottom: 2.25pt solid #000; padding-bottom: 3pt; margin-bottom: 6pt; }
        .mh-body { flex: 1 1 58%; font-size: 12pt; line-height: 14pt; font-weight: bold; }
        .mh-ref { flex: 0 0 auto; min-width: 5.2cm; text-align: start; }
        .mh-symbol { font-size: 12pt; line-height: 16pt; font-weight: bold; margin-bottom: 6pt; }
        .mh-session-name { font-weight: bold; }
        .mh-agenda-title { font-weight: bold; margin-top: 0; }
        h1.title { font-size: 17pt; line-height: 20pt; font-weight: bold; margin: 24pt 1.27cm 6pt; }
        .subtitle { font-size: 12pt; line-height: 14pt; font-weight: bold; margin: 6pt 1.27cm 18pt; }
        h2.chapter, h2.annex { font-size: 12pt; line-height: 14pt; font-weight: bold; margin: 18pt 1.27cm 9pt;
          padding-inline-start: 0; page-break-after: avoid; break-after: avoid; }
        h2.annex { font-size: 17pt; line-height: 20pt; margin-inline: 0; }
        .hnum { display: inline-block; width: 1.27cm; margin-inline-start: -1.27cm; }
        h3.item-number, h3.annex-section { font-size: 10pt; font-weight: bold; margin: 12pt 1.27cm 3pt;
          break-after: avoid; }
        h3.annex-section { font-size: 12pt; line-height: 14pt; margin: 6pt 0 12pt; }
        h4.item-title { font-size: 10pt; font-weight: bold; margin: 0 1.27cm 9pt; break-after: avoid; }
        h5.state { font-size: 10pt; font-weight: bold; margin: 12pt 1.27cm 6pt; break-after: avoid; }
        .para, .lead, .comment, .note, .point { margin: 0 1.27cm 6pt; text-align: justify; orphans: 2; widows: 2; }
        .para { padding-inline-start: 0.63cm; }
        .pnum { display: inline-block; width: 0.63cm; margin-inline-start: -0.63cm; }
        .point { padding-inline-start: 1.27cm; }
        .plabel { display: inline-block; min-width: 0.63cm; margin-inline-start: -0.63cm; padding-inline-end: 0.15cm;
          box-sizing: border-box; }
        .note { font-style: italic; }
        .break { break-before: page; page-break-before: always; }
        sup.fnref { font-size: 7pt; line-height: 0; vertical-align: 4pt; }
        sup.fnref a { color: inherit; text-decoration: none; }
        .footnotes { margin: 24pt 0 0; }
        .footnotes::before { content: ""; display: block; width: 5cm; border-top: 0.75pt solid #000; margin-bottom: 3pt; }
        .footnote { font-size: 8pt; line-height: 10pt; margin-inline-start: 1.27cm; text-indent: -0.4cm; }
        .fnmark { display: inline-block; width: 0.4cm; }
        @media screen { html { background: #eee; } .paper { background: #fff; padding: 1.5cm 1.9cm; box-shadow: 0 0 4px #999; max-width: 17.2cm; } }
        @media print { .paper { max-width: none; margin: 0; padding: 0; } a { color: inherit; text-decoration: none; } }

        """
}
