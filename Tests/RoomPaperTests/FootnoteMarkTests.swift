import Foundation
import Platform
import RoomPaper
import TestSupport
import Testing

/// A footnote marked "**" (the "not edited" note on the title) shows its mark once: in Word's model
/// of our DOCX (read by python-docx) and on page 1 of the PDF LibreOffice makes. LibreOffice used
/// to print "2020)****" and "** **".
@Suite(.serialized) struct FootnoteMarkTests {
    static let note = "This conference room paper has not been edited."

    /// The reference paper with the "not edited" note on its title.
    static func document() throws -> Document {
        var doc = try RenderFixtures.referenceDocument(withOriginals: false)
        doc.blocks = doc.blocks.map { block in
            guard case .heading(var h) = block, h.role == .title else { return block }
            h.runs.append(.noteReference("**"))
            return .heading(h)
        }
        doc.footnotes.append(Footnote(marker: "**", text: Self.note))
        return doc
    }

    @Test func libreOfficePrintsTheDoubleMarkOnceOnPageOne() throws {
        guard let pdftotext = RenderClients.require(RenderClients.pdftotext, "pdftotext (poppler-utils)"),
            RenderClients.require(RenderClients.office, "LibreOffice (soffice)") != nil
        else { return }
        let programs = Programs.locate(environment: ProcessInfo.processInfo.environment)
        let pdf = try PaperWriter(programs: programs).render(try Self.document(), format: .pdf)
        let dir = try RenderClients.workFolder("footnote-marks")
        let url = dir.appendingPathComponent("marks.pdf")
        try pdf.write(to: url)
        let r = try RenderClients.run(pdftotext, ["-f", "1", "-l", "1", "-enc", "UTF-8", url.path, "-"])
        #expect(r.status == 0, "\(r.err)")
        let page = r.out
        #expect(!page.contains("***"), "a mark printed twice on page 1: \(page.components(separatedBy: "\n").filter { $0.contains("*") })")
        #expect(page.contains("2020)**"), "the title's mark")
        let starred = page.components(separatedBy: "\n").filter { $0.contains("**") }
        #expect(starred.count == 2, "the title's mark and the note's label, once each: \(starred)")
        #expect(page.contains(Self.note))
        #expect(!page.contains("** **") && !page.contains("**" + Self.note), "the note's mark twice: \(starred)")
    }

    @Test func wordsModelHoldsTheMarkOnceInTheTitleAndOnceInTheNote() throws {
        guard let python = RenderClients.require(RenderClients.python, "python3") else { return }
        guard Clients.pythonImports("docx") else {
            Clients.missing("python-docx is not installed")
            return
        }
        let dir = try RenderClients.workFolder("footnote-marks-word")
        let url = dir.appendingPathComponent("marks.docx")
        try DOCXRenderer().render(try Self.document()).write(to: url)
        let script = """
            import sys, json, docx, zipfile, re
            d = docx.Document(sys.argv[1])
            title = [p.text for p in d.paragraphs if "Working Group on Technical Assistance (9" in p.text]
            notes = zipfile.ZipFile(sys.argv[1]).read("word/footnotes.xml").decode()
            texts = ["".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", f)) for f in re.findall(r'<w:footnote w:id="[1-9][0-9]*">(.*?)</w:footnote>', notes)]
            print(json.dumps({"title": title, "notes": texts}, ensure_ascii=False))
            """
        let r = try RenderClients.run(python, ["-c", script, url.path])
        #expect(r.status == 0, "\(r.err)")
        struct Model: Decodable { var title: [String]; var notes: [String] }
        let m = try JSONDecoder().decode(Model.self, from: r.stdout)
        #expect(m.title.count == 1)
        #expect(m.title.first?.hasSuffix("2020)**") == true, "\(m.title)")
        #expect(m.notes.contains("**" + Self.note), "\(m.notes)")
        #expect(m.notes.allSatisfy { !$0.contains("****") })
    }
}
