import Foundation
import MultilingualText
import Testing

@testable import RoomPaper

/// A State's tables and notes (issue 15, item 4): the stored-text convention turns back into
/// table and note blocks, and every renderer prints them, pairs kept.
@Suite struct StateTableRenderTests {
    static let english = "Comments of Peru:\n\nPoint\tComment\n(a)\tWe agree[^1].\n(b)\tReplace | by \"should\".\n\n[^1]: Subject to paragraph 4.\n"
    static let arabic = "النقطة\tالتعليق\n(أ)\tنوافق على الصياغة.\n(ب)\tتحذف الفقرة.\n"

    static func document(_ blocks: [Block], language: String = "en") -> Document {
        Document(
            language: language, direction: language == "ar" ? .rtl : .ltr,
            metadata: Metadata(symbol: "TEST/1", title: "Tables", date: "1 January 2020", distribution: "General", subject: "test"),
            blocks: blocks, footnotes: [])
    }

    @Test func storedTextBecomesTableAndNoteBlocks() throws {
        let blocks = TextBlocks.blocks(from: Self.english, language: "en")
        #expect(blocks.count == 3)
        guard blocks.count == 3, case .table(let t) = blocks[1], case .note(let n) = blocks[2] else {
            Issue.record("not paragraph, table, note: \(blocks)")
            return
        }
        #expect(t.rows.map { $0.map(\.runs.plain) } == [["Point", "Comment"], ["(a)", "We agree1."], ["(b)", "Replace | by \"should\"."]])
        #expect(t.rows[1][1].runs == [.text("We agree"), .commentNoteReference("1"), .text(".")])
        #expect(t.direction == .ltr)
        #expect(n.marker == "1" && n.runs.plain == "Subject to paragraph 4.")
        // Text without tabs or notes takes the plain path, unchanged.
        #expect(TextBlocks.blocks(from: "One.\n\n(a) Two", language: "en") == TextBlocks.simpleBlocks(from: "One.\n\n(a) Two", language: "en"))
        // One line with a tab is no table.
        #expect(TextBlocks.blocks(from: "Tel.:\t+43 1 26060", language: "en").allSatisfy { if case .paragraph = $0 { true } else { false } })
    }

    /// A table of one row (its line, then the empty-row marker) is a table of one row; cell
    /// paragraphs (LINE SEPARATOR) are line breaks in every renderer; a right-to-left table is
    /// marked right to left in Markdown too.
    @Test func oneRowTablesLineBreaksInCellsAndRightToLeftMarkdown() throws {
        let text = "Comments of Peru:\n\n(a)\tWe agree.\u{2028}Subject to review.\n\t\n\nLima.\n"
        let blocks = TextBlocks.blocks(from: text, language: "en")
        #expect(blocks.count == 3, "\(blocks)")
        guard blocks.count == 3, case .table(let t) = blocks[1] else {
            Issue.record("no table of one row: \(blocks)")
            return
        }
        #expect(t.rows.count == 1 && t.columns == 2)
        #expect(t.rows[0][1].runs == [.text("We agree."), .lineBreak, .text("Subject to review.")])
        let doc = Self.document(blocks + TextBlocks.blocks(from: Self.arabic, language: "ar"))
        let md = MarkdownRenderer().render(doc)
        #expect(md.contains("| (a) | We agree.<br>Subject to review. |\n| --- | --- |\n\nLima."), "\(md)")
        #expect(md.contains("<div dir=\"rtl\">\n\n| النقطة | التعليق |"), "\(md)")
        #expect(md.contains("| (ب) | تحذف الفقرة. |\n\n</div>"))
        #expect(!md.contains("<div dir=\"rtl\">\n\n| (a)"), "a left-to-right table is not wrapped")
        let html = HTMLRenderer().render(doc)
        #expect(html.contains(">We agree.<br>Subject to review.</td></tr>\n</table>"), "\(html)")
        var body = DOCXBody(doc: doc, fonts: .un)
        body.write()
        let xml = body.w.string
        #expect(xml.components(separatedBy: "<w:tbl>").count == 3, "two tables, the first of one row")
        #expect(xml.contains("We agree.</w:t></w:r><w:r><w:br/></w:r>"), "a line break in the Word cell")
        #expect(RenderDOCXReader.read(Array(xml.utf8)).failure == nil)
        // Without the marker, one line with tabs is still a paragraph.
        #expect(!TextBlocks.blocks(from: "(a)\tWe agree.\n\nLima.\n", language: "en").contains { if case .table = $0 { true } else { false } })
    }

    @Test func arabicTableIsRightToLeft() throws {
        guard case .table(let t)? = TextBlocks.blocks(from: Self.arabic, language: "ar").first else {
            Issue.record("no table")
            return
        }
        #expect(t.direction == .rtl)
        #expect(t.rows.count == 3 && t.rows.allSatisfy { $0.count == 2 })
    }

    @Test func markdownPrintsAPipeTableAndTheNote() throws {
        let md = MarkdownRenderer().render(Self.document(TextBlocks.blocks(from: Self.english, language: "en")))
        #expect(md.contains("| Point | Comment |\n| --- | --- |\n| (a) | We agree<sup>1</sup>. |\n| (b) | Replace \\| by \"should\". |"))
        #expect(md.contains("<sup>1</sup> Subject to paragraph 4."))
    }

    @Test func htmlPrintsATableWithDirection() throws {
        let html = HTMLRenderer().render(
            Self.document(TextBlocks.blocks(from: Self.english, language: "en") + TextBlocks.blocks(from: Self.arabic, language: "ar")))
        #expect(html.contains("<table class=\"state-table\" dir=\"ltr\""))
        // The State's note is a real note: the reference links to it and the note back.
        #expect(
            html.contains(
                ">(a)</td><td style=\"border: 0.5pt solid #000; padding: 2pt 4pt; vertical-align: top;\">We agree<sup class=\"fnref\"><a href=\"#cn-1\" id=\"cnref-1\">1</a></sup>.</td></tr>"
            ), "\(html)")
        #expect(html.contains("<table class=\"state-table\" lang=\"ar\" dir=\"rtl\""))
        #expect(html.contains(">(أ)</td><td style=\"border: 0.5pt solid #000; padding: 2pt 4pt; vertical-align: top;\">نوافق على الصياغة.</td>"))
        #expect(html.contains("<p class=\"comment-note\" id=\"cn-1\" role=\"note\""))
        #expect(
            html.contains("<sup class=\"fnref\" style=\"vertical-align: top; line-height: 1;\"><a href=\"#cnref-1\">1</a></sup> Subject to paragraph 4.</p>"))
    }

    @Test func docxWritesWordTablesWithBidiVisualForRightToLeft() throws {
        let doc = Self.document(TextBlocks.blocks(from: Self.english, language: "en") + TextBlocks.blocks(from: Self.arabic, language: "ar"))
        var body = DOCXBody(doc: doc, fonts: .un)
        body.write()
        let xml = body.w.string
        #expect(xml.components(separatedBy: "<w:tbl>").count == 3)
        #expect(xml.components(separatedBy: "<w:bidiVisual/>").count == 2)
        #expect(xml.contains("<w:gridCol w:w=\"4099\"/><w:gridCol w:w=\"4099\"/>"))
        let parsed = RenderDOCXReader.read(Array(xml.utf8))
        #expect(parsed.failure == nil)
    }

    /// python-docx (what scripts and many tools read .docx with) sees both tables with their
    /// cells paired; the State's note is a Word footnote (in footnotes.xml, not a body paragraph).
    @Test(
        .enabled(if: RenderClients.shouldRun(RenderClients.python != nil && RenderClients.pythonDocx), "python-docx is missing (CRP_ALLOW_MISSING_CLIENTS=1)"))
    func pythonDocxReadsThePairedCells() throws {
        guard let python = RenderClients.require(RenderClients.python, "python3") else { return }
        guard RenderClients.pythonDocx else {
            Issue.record("python-docx is not installed: run Scripts/setup.sh, or set CRP_ALLOW_MISSING_CLIENTS=1 to skip this check locally")
            return
        }
        let doc = Self.document(TextBlocks.blocks(from: Self.english, language: "en") + TextBlocks.blocks(from: Self.arabic, language: "ar"))
        let dir = try RenderClients.workFolder("state-tables")
        let url = dir.appendingPathComponent("tables.docx")
        try DOCXRenderer().render(doc).write(to: url)
        let script = """
            import docx, json, sys
            d = docx.Document(sys.argv[1])
            tables = [[[c.text for c in r.cells] for r in t.rows] for t in d.tables]
            rtl = [t._tbl.tblPr.find('{http://schemas.openxmlformats.org/wordprocessingml/2006/main}bidiVisual') is not None for t in d.tables]
            print(json.dumps({"tables": tables, "rtl": rtl, "paragraphs": [p.text for p in d.paragraphs]}, ensure_ascii=False))
            """
        let r = try RenderClients.run(python, ["-c", script, url.path])
        #expect(r.status == 0, "python-docx could not open the file: \(r.err)")
        struct Report: Decodable { var tables: [[[String]]]; var rtl: [Bool]; var paragraphs: [String] }
        let report = try JSONDecoder().decode(Report.self, from: r.stdout)
        #expect(
            report.tables == [
                [["Point", "Comment"], ["(a)", "We agree1."], ["(b)", "Replace | by \"should\"."]],
                [["النقطة", "التعليق"], ["(أ)", "نوافق على الصياغة."], ["(ب)", "تحذف الفقرة."]],
            ])
        #expect(report.rtl == [false, true])
        #expect(!report.paragraphs.contains { $0.contains("Subject to paragraph 4.") }, "the note is not typed into the body")
        let part = "import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())"
        let notes = try RenderClients.run(python, ["-c", part, url.path, "word/footnotes.xml"])
        #expect(notes.out.contains("<w:footnote w:id=\"1\">") && notes.out.contains("Subject to paragraph 4."), "\(notes.out)")
        let body = try RenderClients.run(python, ["-c", part, url.path, "word/document.xml"])
        #expect(body.out.contains("<w:footnoteReference w:customMarkFollows=\"1\" w:id=\"1\"/><w:t>1</w:t>"), "\(body.out)")
    }
}
