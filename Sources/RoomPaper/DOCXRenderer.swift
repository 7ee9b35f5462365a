import Foundation
import MultilingualText

/// Renders a `Document` as a Word document (WordprocessingML in a ZIP package).
///
/// One walk over the blocks writes `word/document.xml` as bytes (no XML tree in memory); the other
/// parts (styles, numbering, footnotes, properties) are small and fixed in shape. Right-to-left
/// paragraphs carry `w:bidi`; inside them the bidi algorithm splits runs so that only right-to-left
/// runs carry `w:rtl` (Latin words and digits do not, GUIDE §3), with the complex-script font and
/// `w:lang w:bidi`. Chinese runs carry the East Asian font and `w:lang w:eastAsia`. The package is
/// the same bytes for the same document: fixed entry order and fixed timestamps.
public struct DOCXRenderer {
    /// The fonts the document names. Word substitutes missing fonts through the font table.
    public struct Fonts: Sendable, Equatable {
        /// Latin and Cyrillic text.
        public var latin: String
        /// Complex-script (Arabic) text: `w:rFonts w:cs`.
        public var complex: String
        /// East Asian (Chinese) text: `w:rFonts w:eastAsia`.
        public var eastAsia: String

        public init(latin: String, complex: String, eastAsia: String) {
            self.latin = latin; self.complex = complex; self.eastAsia = eastAsia
        }

        /// The UN's fonts: Times New Roman, Simplified Arabic, SimSun.
        public static let un = Fonts(latin: "Times New Roman", complex: "Simplified Arabic", eastAsia: "SimSun")
        /// Free fonts with the same roles (Debian `fonts-noto-core`, `fonts-noto-cjk`).
        public static let noto = Fonts(latin: "Times New Roman", complex: "Noto Naskh Arabic", eastAsia: "Noto Serif CJK SC")
    }

    public var fonts: Fonts

    /// Who will read the package. Word and LibreOffice disagree on a custom footnote mark of more
    /// than one character ("**") in the note itself: Word shows only what the note's text holds,
    /// LibreOffice adds its own label before it. The package for LibreOffice (the PDF) leaves such
    /// a mark out of the note; the one for officers (Word) keeps it.
    public enum Reader: Sendable { case word, libreOffice }
    public var reader: Reader

    public init(fonts: Fonts = .un, reader: Reader = .word) {
        self.fonts = fonts
        self.reader = reader
    }

    /// The `.docx` file's bytes.
    public func render(_ doc: Document) throws -> Data {
        try DOCXPackage.zip(parts(doc))
    }

    /// Every part of the package, in the order they are written: path and content.
    func parts(_ doc: Document) -> [(path: String, data: [UInt8])] {
        var body = DOCXBody(doc: doc, fonts: fonts)
        body.reader = reader
        body.write()
        let p = DOCXParts(doc: doc, fonts: fonts)
        return [
            ("[Content_Types].xml", p.contentTypes),
            ("_rels/.rels", p.packageRelationships),
            ("docProps/core.xml", p.coreProperties),
            ("docProps/app.xml", p.appProperties),
            ("word/document.xml", body.w.bytes),
            ("word/_rels/document.xml.rels", p.documentRelationships),
            ("word/styles.xml", p.styles),
            ("word/numbering.xml", p.numbering(body.numberingInstances)),
            ("word/footnotes.xml", body.footnotesPart()),
            ("word/settings.xml", p.settings),
            ("word/fontTable.xml", p.fontTable),
            ("word/header1.xml", p.header),
            ("word/footer1.xml", p.footer),
        ]
    }
}

/// Language codes as Word wants them, with a region.
enum WordLanguage {
    static func tag(_ code: String) -> String {
        switch code {
        case "ar": "ar-SA"
        case "zh": "zh-CN"
        case "en": "en-GB"
        case "fr": "fr-FR"
        case "es": "es-ES"
        case "ru": "ru-RU"
        default: code
        }
    }

    /// Languages written right to left whose runs get `w:lang w:bidi`.
    static func isRightToLeft(_ code: String) -> Bool {
        ["ar", "fa", "he", "ur", "ps", "yi", "dv", "ug", "ckb", "sd"].contains(code.split(separator: "-").first.map(String.init) ?? code)
    }

    static func isChinese(_ code: String) -> Bool { code == "zh" || code.hasPrefix("zh-") }
}

/// A numbering instance: decimal paragraph numbers from a start, or a literal label.
enum DOCXNumbering: Equatable {
    case decimal(start: Int)
    case literal(label: String, start: Int, hanging: Int, font: String)
}

/// One piece of a paragraph before it is cut into runs.
enum DOCXPiece {
    /// Text, already cleaned (`SafeRun.clean`); a field arrives here already isolated.
    case text(String)
    /// A tab after a number or label.
    case tab
    /// A line break inside the paragraph (between the paragraphs of a table cell).
    case lineBreak
    /// A footnote reference with its id and marker, or a marker without a footnote.
    case note(id: Int?, marker: String)
}

/// Writes `word/document.xml`: a walker over the blocks.
struct DOCXBody {
    let doc: Document
    let fonts: DOCXRenderer.Fonts
    let notes: NoteTable
    var w: MarkupWriter
    /// Numbering instances, numId 1, 2, … in order of first use.
    var numberingInstances: [DOCXNumbering] = []
    private var literalNumbering: [String: Int] = [:]
    private var nextNumber: Int? = nil
    private var decimalNumId: Int? = nil
    private var breakBefore = false
    /// Footnotes referenced so far, by id.
    private var referenced: Set<Int> = []
    /// Who will read the package (see `DOCXRenderer.Reader`).
    var reader: DOCXRenderer.Reader = .word
    /// The State's own notes, as Word footnotes.
    let commentNotes: DOCXCommentNotes
    /// The footnote ids of the markers the block being written refers to.
    private var currentCommentNotes: [String: Int] = [:]

    /// A writer for `doc`; `capacity` bytes are reserved (by default about twice the document's text).
    init(doc: Document, fonts: DOCXRenderer.Fonts, capacity: Int? = nil) {
        self.doc = doc
        self.fonts = fonts
        self.notes = NoteTable(doc.footnotes)
        self.commentNotes = DOCXCommentNotes(doc)
        self.w = MarkupWriter(capacity: capacity ?? doc.estimatedTextBytes * 2 + 32_768)
    }

    mutating func write() {
        w.raw("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n")
        w.raw(
            "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><w:body>"
        )
        let L = doc.language, D = doc.direction
        for (index, block) in doc.blocks.enumerated() {
            currentCommentNotes = commentNotes.references[index] ?? [:]
            if commentNotes.noteBlocks.contains(index) { continue }  // written in footnotes.xml
            switch block {
            case .masthead(let m):
                masthead(m)
            case .heading(let h):
                paragraph(
                    style: Self.style(for: h.role), label: h.number.map(SafeRun.clean), language: h.language, direction: h.direction,
                    pieces: pieces(h.runs))
            case .paragraph(let p):
                if let n = p.number {
                    let numId = numbering(for: n)
                    paragraph(style: "NumberedPara", numId: numId, language: p.language, direction: p.direction, pieces: pieces(p.runs))
                } else {
                    let style: StaticString = p.role == .note ? "Note" : "SingleTxt"
                    paragraph(style: style, language: p.language, direction: p.direction, pieces: pieces(p.runs))
                }
            case .point(let pt):
                paragraph(
                    style: "Point", label: SafeRun.clean(pt.label), language: pt.language, direction: pt.direction,
                    pieces: pieces(pt.runs))
            case .table(let t):
                table(t)
            case .note(let n):
                paragraph(
                    style: "FootnoteText", label: SafeRun.clean(n.marker), language: n.language, direction: n.direction,
                    pieces: pieces(n.runs))
            case .pageBreak:
                breakBefore = true
            }
        }
        // Footnotes no block refers to still belong to the paper: print them at its end.
        for (i, f) in doc.footnotes.enumerated() where !referenced.contains(i + 1) && notes.number(f.marker) == i + 1 {
            paragraph(style: "FootnoteText", label: SafeRun.clean(f.marker), language: L, direction: D, pieces: [.text(SafeRun.clean(f.text))])
        }
        sectionProperties()
        w.raw("</w:body></w:document>")
    }

    static func style(for role: HeadingRole) -> StaticString {
        switch role {
        case .title: "Title"
        case .subtitle: "Subtitle"
        case .chapter: "Heading1"
        case .itemNumber: "Heading2"
        case .itemTitle: "Heading3"
        case .state: "Heading4"
        case .annex: "AnnexTitle"
        case .annexSection: "AnnexSection"
        }
    }

    /// The numbering instance for paragraph `n`: the current one when `n` follows on, a new one
    /// that starts at `n` otherwise, so Word prints exactly the document's numbers.
    mutating func numbering(for n: Int) -> Int {
        if nextNumber != n || decimalNumId == nil {
            numberingInstances.append(.decimal(start: n))
            decimalNumId = numberingInstances.count
        }
        nextNumber = n + 1
        return decimalNumId!
    }

    /// A numbering instance that prints `label` as it is, hanging before the text: how labels of
    /// right-to-left paragraphs are set, because LibreOffice misplaces a tab after a label there.
    mutating func literalNumbering(_ label: String, style: StaticString) -> Int {
        let (start, hanging) = Self.labelIndent(style)
        let key = "\(start) \(hanging) \(label)"
        if let id = literalNumbering[key] { return id }
        numberingInstances.append(.literal(label: label, start: start, hanging: hanging, font: fonts.complex))
        literalNumbering[key] = numberingInstances.count
        return numberingInstances.count
    }

    /// Where the text of a labelled paragraph starts and how far its label hangs, in twips (as in styles.xml).
    static func labelIndent(_ style: StaticString) -> (Int, Int) {
        switch style.description {
        case "Point": (1440, 360)
        case "NumberedPara", "FootnoteText": (1080, 360)
        default: (720, 720)
        }
    }

    func pieces(_ runs: [Inline]) -> [DOCXPiece] {
        runs.map { r in
            switch r {
            case .text(let s): return .text(SafeRun.clean(s))
            case .field(let s):
                let safe = SafeRun.clean(s)
                // Isolate a name when it could turn the text around it.
                let risky = safe.unicodeScalars.contains { CharacterProperties.isBidiControl($0) } || Bidi.baseDirection(safe) == .rtl
                return .text(risky ? "\u{2068}" + safe + "\u{2069}" : safe)
            case .noteReference(let m): return .note(id: notes.number(m), marker: SafeRun.clean(m))
            case .commentNoteReference(let m): return .note(id: currentCommentNotes[m], marker: SafeRun.clean(m))
            case .lineBreak: return .lineBreak
            }
        }
    }

    // MARK: Paragraphs and runs

    /// Writes a paragraph. A `label` ("(a)", "I.") hangs before the text: a tab follows it in
    /// left-to-right paragraphs, a literal numbering level carries it in right-to-left ones.
    mutating func paragraph(
        style: StaticString, numId: Int? = nil, label: String? = nil, language: String, direction: TextDirection,
        pieces: [DOCXPiece]
    ) {
        let rtl = direction == .rtl || (direction == .neutral && doc.direction == .rtl)
        var numId = numId
        var pieces = pieces
        if let label, !label.isEmpty {
            if rtl && numId == nil && !label.contains("%") {
                numId = literalNumbering(label, style: style)
            } else {
                pieces.insert(contentsOf: [.text(label), .tab], at: 0)
            }
        }
        w.raw("<w:p><w:pPr><w:pStyle w:val=\"")
        w.raw(style)
        w.raw("\"/>")
        if breakBefore { w.raw("<w:pageBreakBefore/>"); breakBefore = false }
        if let numId { w.raw("<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"\(numId)\"/></w:numPr>") }
        if rtl { w.raw("<w:bidi/>") }
        w.raw("</w:pPr>")
        runs(pieces, language: language, rtlParagraph: rtl)
        w.raw("</w:p>")
    }

    /// Writes the runs of a paragraph, cutting text where the bidi level changes parity when the
    /// paragraph is right to left or holds right-to-left characters.
    mutating func runs(_ pieces: [DOCXPiece], language: String, rtlParagraph: Bool) {
        var needsBidi = rtlParagraph
        if !needsBidi {
            for p in pieces { if case .text(let s) = p, Self.mayHoldRightToLeft(s) { needsBidi = true; break } }
        }
        var levels: [UInt8] = []
        if needsBidi {
            var all = ""
            for p in pieces {
                switch p {
                case .text(let s): all += s
                case .tab: all += "\t"
                case .lineBreak: all += "\u{2028}"
                case .note(_, let m): all += m
                }
            }
            levels = (try? BidiText(all, level: rtlParagraph ? .rtl : .ltr).levels()) ?? []
        }
        var offset = 0  // UTF-16 offset into the paragraph's text
        for p in pieces {
            switch p {
            case .tab:
                w.raw("<w:r>")
                runProperties(language: language, rtl: false)
                w.raw("<w:tab/></w:r>")
                offset += 1
            case .lineBreak:
                w.raw("<w:r><w:br/></w:r>")
                offset += 1
            case .note(let id, let marker):
                if let id, !referenced.contains(id) {
                    referenced.insert(id)
                    // The custom mark's first character follows the reference in its run; the rest
                    // in a run of its own (LibreOffice reads only one character as the mark and
                    // would print a longer one twice; Word shows both runs as the mark).
                    let first = String(marker.prefix(1)), rest = String(marker.dropFirst())
                    w.raw("<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteReference w:customMarkFollows=\"1\" w:id=\"\(id)\"/><w:t>")
                    w.text(first)
                    w.raw("</w:t></w:r>")
                    if !rest.isEmpty {
                        w.raw("<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:t>")
                        w.text(rest)
                        w.raw("</w:t></w:r>")
                    }
                } else {
                    w.raw("<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:t>")
                    w.text(marker)
                    w.raw("</w:t></w:r>")
                }
                offset += marker.utf16.count
            case .text(let s):
                if s.isEmpty { continue }
                if levels.isEmpty {
                    run(s, language: language, rtl: false)
                    offset += s.utf16.count
                    continue
                }
                // Cut where the level's parity changes.
                let scalars = s.unicodeScalars
                var start = scalars.startIndex
                var startOdd: Bool? = nil
                var i = scalars.startIndex
                while i != scalars.endIndex {
                    let u = scalars[i]
                    let odd = offset < levels.count ? levels[offset] & 1 == 1 : rtlParagraph
                    if let so = startOdd, so != odd {
                        run(String(scalars[start..<i]), language: language, rtl: so)
                        start = i
                    }
                    if startOdd != odd { startOdd = odd }
                    offset += u.utf16.count
                    i = scalars.index(after: i)
                }
                if start != scalars.endIndex { run(String(scalars[start...]), language: language, rtl: startOdd ?? rtlParagraph) }
            }
        }
    }

    /// Whether `s` may hold a right-to-left character (a quick byte test, then a scalar test).
    static func mayHoldRightToLeft(_ s: String) -> Bool { CharacterProperties.containsRightToLeft(s) }

    mutating func run(_ s: String, language: String, rtl: Bool) {
        w.raw("<w:r>")
        runProperties(language: language, rtl: rtl)
        w.raw("<w:t xml:space=\"preserve\">")
        w.text(s)
        w.raw("</w:t></w:r>")
    }

    /// Run properties for a language and direction; nothing for plain text in the paper's language.
    mutating func runProperties(language: String, rtl: Bool) {
        if rtl {
            w.raw("<w:rPr><w:rFonts w:cs=\"")
            w.attribute(fonts.complex)
            w.raw("\" w:hint=\"cs\"/><w:rtl/>")
            if WordLanguage.isRightToLeft(language) {
                w.raw("<w:lang w:bidi=\"")
                w.attribute(WordLanguage.tag(language))
                w.raw("\"/>")
            }
            w.raw("</w:rPr>")
        } else if WordLanguage.isChinese(language) {
            w.raw("<w:rPr><w:rFonts w:eastAsia=\"")
            w.attribute(fonts.eastAsia)
            w.raw("\" w:hint=\"eastAsia\"/><w:lang w:eastAsia=\"")
            w.attribute(WordLanguage.tag(language))
            w.raw("\"/></w:rPr>")
        } else if language != doc.language && !WordLanguage.isRightToLeft(language) {
            w.raw("<w:rPr><w:lang w:val=\"")
            w.attribute(WordLanguage.tag(language))
            w.raw("\"/></w:rPr>")
        }
    }

    // MARK: Masthead

    /// A two-column table: the body on the start side; symbol, date and distribution on the end
    /// side; a thick rule under it. Then session, venue and dates, agenda line and agenda title.
    mutating func masthead(_ m: Masthead) {
        let L = doc.language, D = doc.direction
        let text = 9638, left = 5669, right = text - 5669
        w.raw("<w:tbl><w:tblPr>")
        if D == .rtl { w.raw("<w:bidiVisual/>") }
        w.raw(
            "<w:tblW w:w=\"\(text)\" w:type=\"dxa\"/><w:tblBorders><w:bottom w:val=\"single\" w:sz=\"18\" w:space=\"0\" w:color=\"000000\"/></w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"0\" w:type=\"dxa\"/></w:tblCellMar><w:tblLook w:val=\"0000\" w:firstRow=\"0\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr>"
        )
        w.raw("<w:tblGrid><w:gridCol w:w=\"\(left)\"/><w:gridCol w:w=\"\(right)\"/></w:tblGrid><w:tr>")
        w.raw("<w:tc><w:tcPr><w:tcW w:w=\"\(left)\" w:type=\"dxa\"/><w:vAlign w:val=\"bottom\"/></w:tcPr>")
        paragraph(style: "MastheadBody", language: L, direction: D, pieces: [.text(SafeRun.clean(m.body))])
        w.raw("</w:tc><w:tc><w:tcPr><w:tcW w:w=\"\(right)\" w:type=\"dxa\"/><w:vAlign w:val=\"bottom\"/></w:tcPr>")
        paragraph(style: "MastheadSymbol", language: L, direction: D, pieces: [.text(SafeRun.clean(m.symbol))])
        paragraph(style: "Masthead", language: L, direction: D, pieces: [.text(SafeRun.clean(m.date))])
        paragraph(style: "MastheadLast", language: L, direction: D, pieces: [.text(SafeRun.clean(m.distribution))])
        w.raw("</w:tc></w:tr></w:tbl>")
        paragraph(style: "MastheadSession", language: L, direction: D, pieces: [.text(SafeRun.clean(m.session))])
        paragraph(style: "Masthead", language: L, direction: D, pieces: [.text(SafeRun.clean(m.venueAndDates))])
        paragraph(style: "Masthead", language: L, direction: D, pieces: pieces(m.agendaLine))
        paragraph(style: "MastheadAgendaTitle", language: L, direction: D, pieces: [.text(SafeRun.clean(m.agendaTitle))])
    }

    // MARK: Section and footnotes

    mutating func sectionProperties() {
        w.raw(
            "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rId7\"/><w:footerReference w:type=\"default\" r:id=\"rId8\"/><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1134\" w:right=\"1134\" w:bottom=\"1247\" w:left=\"1134\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/><w:cols w:space=\"720\"/><w:titlePg/>"
        )
        if doc.direction == .rtl { w.raw("<w:bidi/>") }
        w.raw("</w:sectPr>")
    }

    /// `word/footnotes.xml`: the separators and every footnote the text refers to.
    func footnotesPart() -> [UInt8] {
        var f = DOCXBody(doc: doc, fonts: fonts, capacity: 4096)
        f.w.raw("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n")
        f.w.raw(
            "<w:footnotes xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
        )
        f.w.raw(
            "<w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>"
        )
        f.w.raw(
            "<w:footnote w:type=\"continuationSeparator\" w:id=\"0\"><w:p><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
        )
        let rtl = doc.direction == .rtl
        for (i, note) in doc.footnotes.enumerated() where referenced.contains(i + 1) {
            f.w.raw("<w:footnote w:id=\"\(i + 1)\"><w:p><w:pPr><w:pStyle w:val=\"FootnoteText\"/>")
            if rtl { f.w.raw("<w:bidi/>") }
            f.w.raw("</w:pPr>")
            if reader == .word || note.marker.count == 1 {
                f.w.raw("<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/><w:vertAlign w:val=\"baseline\"/></w:rPr><w:t>")
                f.w.text(note.marker)
                f.w.raw("</w:t></w:r>")
            }
            // A tab after the marker, except right to left, where LibreOffice misplaces it.
            f.runs([rtl ? .text(" ") : .tab, .text(SafeRun.clean(note.text))], language: doc.language, rtlParagraph: rtl)
            f.w.raw("</w:p></w:footnote>")
        }
        // A State's own notes, in the State's language and direction, marked as in its text.
        for entry in commentNotes.entries where referenced.contains(entry.id) {
            let noteRTL = entry.note.direction == .rtl
            f.w.raw("<w:footnote w:id=\"\(entry.id)\"><w:p><w:pPr><w:pStyle w:val=\"FootnoteText\"/>")
            if noteRTL { f.w.raw("<w:bidi/>") }
            f.w.raw("</w:pPr>")
            // Word shows only what the note holds; LibreOffice (the PDF) prints its own label, and
            // would print the State's mark a second time ("¹ 1Note").
            if reader == .word {
                f.w.raw("<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/><w:vertAlign w:val=\"baseline\"/></w:rPr><w:t>")
                f.w.text(SafeRun.clean(entry.marker))
                f.w.raw("</w:t></w:r>")
            }
            f.runs([noteRTL ? .text(" ") : .tab] + f.pieces(entry.note.runs), language: entry.note.language, rtlParagraph: noteRTL)
            f.w.raw("</w:p></w:footnote>")
        }
        f.w.raw("</w:footnotes>")
        return f.w.bytes
    }
}
