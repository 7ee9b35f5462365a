import Foundation
import MultilingualText
import Submissions
import TestSupport
import Testing

@testable import Intake
@testable import Secretariat

/// Word files read fully (issue 15, item 4): notes, text boxes, tables, comments, tracked
/// changes and the letterhead, each built in code as Word lays it out.
@Suite struct WordFullyTests {
    static let w = DOCXBuilder.w

    static func notesPart(_ kind: String, _ notes: [(Int, String)]) -> String {
        let body = notes.map { id, text in
            "<w:\(kind) w:id=\"\(id)\"><w:p><w:pPr><w:pStyle w:val=\"FootnoteText\"/></w:pPr><w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:\(kind)Ref/></w:r><w:r><w:t xml:space=\"preserve\"> \(DOCXBuilder.escape(text))</w:t></w:r></w:p></w:\(kind)>"
        }.joined()
        return
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:\(kind)s xmlns:w=\"\(w)\"><w:\(kind) w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p></w:\(kind)>\(body)</w:\(kind)s>"
    }

    static func reference(_ kind: String, _ id: Int) -> String {
        "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:\(kind)Reference w:id=\"\(id)\"/></w:r>"
    }

    /// Footnotes and endnotes are notes of their paragraph: `[^1]` where the reference stands,
    /// the note after the paragraph; endnotes numbered i, ii; a custom mark kept.
    @Test func footnotesAndEndnotesAreNotesOfTheirParagraph() throws {
        var b = DOCXBuilder()
        b.add("<w:p>\(DOCXBuilder.run("The Convention applies"))\(Self.reference("footnote", 1))\(DOCXBuilder.run(" to all States."))</w:p>")
        b.add(DOCXBuilder.paragraph("A paragraph without notes."))
        b.add(
            "<w:p>\(DOCXBuilder.run("See the report"))\(Self.reference("endnote", 2))\(DOCXBuilder.run(" and the annex"))<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteReference w:customMarkFollows=\"1\" w:id=\"3\"/><w:t>*</w:t></w:r>\(DOCXBuilder.run("."))</w:p>"
        )
        b.related = [
            ("footnotes", "footnotes.xml", Self.notesPart("footnote", [(1, "CTOC/COP/2020/2, para. 4."), (3, "Annex not attached.")])),
            ("endnotes", "endnotes.xml", Self.notesPart("endnote", [(2, "Published in 2019.")])),
        ]
        let r = try DOCXReader.read(try b.build(), file: "notes.docx")
        #expect(
            r.text == """
                The Convention applies[^1] to all States.

                [^1]: CTOC/COP/2020/2, para. 4.

                A paragraph without notes.

                See the report[^i] and the annex[^*].

                [^i]: Published in 2019.

                [^*]: Annex not attached.

                """)
        #expect(r.parts.contains { $0.name == "notes" && $0.taken })
    }

    /// A text box (DrawingML with its VML fallback) is read once, after its paragraph.
    @Test func textBoxesAreReadOnceInReadingOrder() throws {
        let box = "<w:txbxContent><w:p>\(DOCXBuilder.run("Box text: the Mission's position."))</w:p></w:txbxContent>"
        let anchored = """
            <w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="wps"><w:drawing><wp:anchor xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData><wps:wsp xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:txbx>\(box)</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox>\(box)</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>
            """
        var b = DOCXBuilder()
        b.add(DOCXBuilder.paragraph("First paragraph."))
        b.add("<w:p>\(DOCXBuilder.run("Second paragraph."))\(anchored)</w:p>")
        b.add(DOCXBuilder.paragraph("Third paragraph."))
        let r = try DOCXReader.read(try b.build(), file: "box.docx")
        #expect(r.text == "First paragraph.\n\nSecond paragraph.\n\nBox text: the Mission's position.\n\nThird paragraph.\n")
    }

    static func cell(_ text: String, tcPr: String = "", pPr: String = "") -> String {
        "<w:tc>\(tcPr.isEmpty ? "" : "<w:tcPr>\(tcPr)</w:tcPr>")\(DOCXBuilder.paragraph(text, pPr: pPr))</w:tc>"
    }

    static func table(_ rows: [[String]], tblPr: String = "", pPr: String = "") -> String {
        "<w:tbl><w:tblPr>\(tblPr)</w:tblPr>" + rows.map { "<w:tr>" + $0.map { cell($0, pPr: pPr) }.joined() + "</w:tr>" }.joined() + "</w:tbl>"
    }

    /// A "point | comment" table stays paired: one row per line, cells separated by a tab.
    @Test func pointCommentTableStaysPaired() throws {
        var b = DOCXBuilder()
        b.add(DOCXBuilder.paragraph("Comments of Peru on the draft:"))
        b.add(Self.table([["Point", "Comment"], ["(a)", "We agree with the wording."], ["(b)", "Replace \"shall\" by \"should\"."]]))
        b.add(DOCXBuilder.paragraph("Lima, 25 September 2020."))
        let r = try DOCXReader.read(try b.build(), file: "table.docx")
        #expect(
            r.text == """
                Comments of Peru on the draft:

                Point\tComment
                (a)\tWe agree with the wording.
                (b)\tReplace "shall" by "should".

                Lima, 25 September 2020.

                """)
    }

    /// A right-to-left table keeps its cells in logical order; merged cells leave empty cells so
    /// that every row has as many cells; a table of one column is paragraphs.
    @Test func rightToLeftMergedAndOneColumnTables() throws {
        var b = DOCXBuilder()
        b.add(Self.table([["النقطة", "التعليق"], ["(أ)", "نوافق على الصياغة."]], tblPr: "<w:bidiVisual/>", pPr: "<w:bidi/>"))
        b.add(
            "<w:tbl><w:tr>\(Self.cell("Both columns", tcPr: "<w:gridSpan w:val=\"2\"/>"))</w:tr><w:tr>\(Self.cell("left"))\(Self.cell("right"))</w:tr></w:tbl>")
        b.add(Self.table([["Only one"], ["column"]]))
        let r = try DOCXReader.read(try b.build(), file: "rtl.docx")
        #expect(r.text == "النقطة\tالتعليق\n(أ)\tنوافق على الصياغة.\n\nBoth columns\t\nleft\tright\n\nOnly one\n\ncolumn\n")
    }

    /// Table edge cases: a table of one row stays a table (its line and the empty-row marker);
    /// paragraphs and line breaks inside a cell stay apart (LINE SEPARATOR), tabs in a cell become
    /// spaces; a table inside a footnote is flattened into the note's text, nothing lost.
    @Test func oneRowTablesCellParagraphsAndTablesInNotes() throws {
        var b = DOCXBuilder()
        b.add(Self.table([["(a)", "We agree with the wording."]]))
        b.add(
            "<w:tbl><w:tr>\(Self.cell("(b)"))<w:tc>\(DOCXBuilder.paragraph("Replace the word."))\(DOCXBuilder.paragraph("Keep the rest."))<w:p>\(DOCXBuilder.run("Line one"))<w:r><w:br/><w:t>line two</w:t></w:r></w:p></w:tc></w:tr>"
                + "<w:tr>\(Self.cell("(c)"))\(Self.cell("No change."))</w:tr></w:tbl>")
        b.add("<w:p>\(DOCXBuilder.run("See the table"))\(Self.reference("footnote", 1))\(DOCXBuilder.run("."))</w:p>")
        let noteTable = Self.table([["Article", "Change"], ["5", "Delete"]])
        b.related = [
            (
                "footnotes", "footnotes.xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:footnotes xmlns:w=\"\(Self.w)\"><w:footnote w:id=\"1\"><w:p>\(DOCXBuilder.run("Proposed changes:"))</w:p>\(noteTable)</w:footnote></w:footnotes>"
            )
        ]
        let r = try DOCXReader.read(try b.build(), file: "edges.docx")
        #expect(
            r.text == """
                (a)\tWe agree with the wording.
                \t

                (b)\tReplace the word.\u{2028}Keep the rest.\u{2028}Line one\u{2028}line two
                (c)\tNo change.

                See the table[^1].

                [^1]: Proposed changes: Article Change 5 Delete

                """, "\(r.text.debugDescription)")
    }

    /// Comments in the margin and tracked changes become warnings; headers and footers (the
    /// letterhead) are left out of the text and named as parts.
    @Test func commentsTrackedChangesAndLetterheadAreReported() throws {
        var b = DOCXBuilder()
        b.add(
            "<w:p>\(DOCXBuilder.run("We "))<w:del w:id=\"1\" w:author=\"A\"><w:r><w:delText>do not </w:delText></w:r></w:del><w:ins w:id=\"2\" w:author=\"A\">\(DOCXBuilder.run("fully "))</w:ins>\(DOCXBuilder.run("support the text."))<w:commentRangeStart w:id=\"0\"/><w:r><w:commentReference w:id=\"0\"/></w:r></w:p>"
        )
        b.related = [
            (
                "header", "header1.xml",
                "<?xml version=\"1.0\"?><w:hdr xmlns:w=\"\(Self.w)\"><w:p>\(DOCXBuilder.run("Permanent Mission of Peru to the United Nations"))</w:p></w:hdr>"
            ),
            ("footer", "footer1.xml", "<?xml version=\"1.0\"?><w:ftr xmlns:w=\"\(Self.w)\"><w:p>\(DOCXBuilder.run("Vienna, Austria"))</w:p></w:ftr>"),
            (
                "comments", "comments.xml",
                "<?xml version=\"1.0\"?><w:comments xmlns:w=\"\(Self.w)\"><w:comment w:id=\"0\" w:author=\"Legal Adviser\"><w:p>\(DOCXBuilder.run("Check with capital"))</w:p></w:comment></w:comments>"
            ),
        ]
        let r = try DOCXReader.read(try b.build(), file: "changes.docx")
        #expect(r.text == "We fully support the text.\n")
        #expect(!r.text.contains("Permanent Mission"))
        #expect(r.warnings.count == 2)
        #expect(r.warnings.contains { $0.contains("2 tracked change(s)") })
        #expect(r.warnings.contains { $0.contains("1 comment(s)") && $0.contains("Legal Adviser") })
        let left = r.parts.filter { !$0.taken }.map(\.name)
        #expect(left == ["header (word/header1.xml)", "footer (word/footer1.xml)", "comments (word/comments.xml)"])
        #expect(r.parts.first { $0.name.hasPrefix("header") }?.why.contains("Permanent Mission of Peru") == true)
        #expect(r.parts.first?.name == "body" && r.parts.first?.taken == true)
    }

    /// A Word file with nothing but a letterhead is refused, naming the letterhead.
    @Test func onlyALetterheadIsRefusedByName() throws {
        var b = DOCXBuilder()
        b.add("<w:p/>")
        b.related = [("header", "header1.xml", "<?xml version=\"1.0\"?><w:hdr xmlns:w=\"\(Self.w)\"><w:p>\(DOCXBuilder.run("Mission of Chile"))</w:p></w:hdr>")]
        #expect {
            try DOCXReader.read(try b.build(), file: "empty.docx")
        } throws: { e in
            (e as? LocalizedError)?.errorDescription?.contains("header (word/header1.xml)") == true
        }
    }

    /// The registration records the parts and the reader's warnings; verify finds nothing wrong.
    @Test func registrationRecordsPartsAndWarnings() throws {
        var b = DOCXBuilder()
        b.add(
            "<w:p>\(DOCXBuilder.run("We "))<w:ins w:id=\"2\" w:author=\"A\">\(DOCXBuilder.run("fully "))</w:ins>\(DOCXBuilder.run("support paragraph 4 of the draft resolution."))</w:p>"
        )
        b.add(Self.table([["Point", "Comment"], ["4", "Agreed."]]))
        b.related = [
            ("header", "header1.xml", "<?xml version=\"1.0\"?><w:hdr xmlns:w=\"\(Self.w)\"><w:p>\(DOCXBuilder.run("Permanent Mission of Peru"))</w:p></w:hdr>")
        ]
        let dir = try ReferenceTexts.tempDir("word-parts")
        let store = try Store.create(
            at: dir.appendingPathComponent("ws"), paper: try PaperDefinition.load(ReferenceTexts.url("paper.yaml")), clock: TestRepository.clock)
        let catalog = try LocaleCatalog(folder: ReferenceTexts.locales)
        let file = dir.appendingPathComponent("peru.docx")
        try b.build().write(to: file)
        let (sub, warnings) = try Registrar(store: store, catalog: catalog).register(.init(file: file, state: "Peru", language: "en", items: [2], by: "t"))
        #expect(warnings.contains { $0.code == "intake.text" && $0.message.contains("tracked change") })
        #expect(sub.record.readerWarnings?.count == 1)
        #expect(sub.record.parts?.contains { $0.name == "header (word/header1.xml)" && !$0.taken } == true)
        #expect(sub.analysis?.warnings.contains { $0.contains("tracked change") } == true)
        #expect(try store.originalText(sub).contains("Point\tComment\n4\tAgreed."))
        let problems = try Verifier(store: store, catalog: catalog, readers: .standard).verify()
        #expect(problems.isEmpty, "\(problems)")
        // A language correction re-derives the analysis and keeps the reader's warnings.
        let amended = try Registrar(store: store, catalog: catalog).amend(sub, .init(language: "es"), reason: "declared wrongly", by: "t")
        #expect(amended.analysis?.warnings.contains { $0.contains("tracked change") } == true)
        let after = try Verifier(store: store, catalog: catalog, readers: .standard).verify()
        #expect(after.isEmpty, "\(after)")
    }
}

/// HTML tables stay tables (issue 15, item 4).
@Suite struct HTMLTableTests {
    @Test func pointCommentTableStaysPaired() {
        let html = """
            <html><body><p>Comments of Spain:</p>
            <table border="1"><tr><th>Punto</th><th>Comentario</th></tr>
            <tr><td>(a)</td><td><p>De acuerdo</p><p>con el <b>texto</b>.</p></td></tr>
            <tr><td>(b)</td><td>Suprimir | el párrafo</td></tr></table>
            <p>Madrid</p></body></html>
            """
        // The cell's two paragraphs stay apart (LINE SEPARATOR), not joined by a space.
        #expect(
            HTMLReader.convert(html) == "Comments of Spain:\n\nPunto\tComentario\n(a)\tDe acuerdo\u{2028}con el texto.\n(b)\tSuprimir | el párrafo\n\nMadrid\n")
    }

    /// A table of one row stays a table: its line is followed by the empty-row marker; `<br>` in a
    /// cell is a line break in the cell.
    @Test func oneRowTableAndLineBreaksInCells() {
        let html = "<p>Peru:</p><table><tr><td>(a)</td><td>We agree.<br>Subject to review.</td></tr></table><p>Lima</p>"
        #expect(HTMLReader.convert(html) == "Peru:\n\n(a)\tWe agree.\u{2028}Subject to review.\n\t\n\nLima\n")
        // A one-column table is still paragraphs, a cell's paragraphs each its own.
        #expect(HTMLReader.convert("<table><tr><td><p>One</p><p>Two</p></td></tr></table>") == "One\n\nTwo\n")
    }

    @Test func rightToLeftAndUnclosedCells() {
        let html = "<table dir=\"rtl\"><tr><td>النقطة<td>التعليق<tr><td>(أ)<td>SHERLOC مفيد</table>"
        #expect(HTMLReader.convert(html) == "النقطة\tالتعليق\n(أ)\t\u{200F}SHERLOC مفيد\n")
    }
}
