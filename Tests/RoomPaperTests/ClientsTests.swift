import Foundation
import MultilingualText
import Platform
import TestSupport
import Testing

@testable import RoomPaper

/// What python-docx reports about a Word file (the script below prints it as JSON).
struct RenderPyDocxReport: Decodable {
    struct Run: Decodable {
        var text: String
        var rtl: Bool
        var cs: String?
        var eastAsia: String?
        var langBidi: String?
        var langEastAsia: String?
    }

    struct Paragraph: Decodable {
        var text: String
        var style: String
        var bidi: Bool
        var runs: [Run]
    }

    var title: String?
    var identifier: String?
    var paragraphs: [Paragraph]

    static let script = """
        import sys, json, docx
        from docx.oxml.ns import qn
        d = docx.Document(sys.argv[1])
        def attr(el, name):
            return None if el is None else el.get(qn(name))
        paras = []
        for p in d.paragraphs:
            ppr = p._p.pPr
            bidi = ppr is not None and ppr.find(qn('w:bidi')) is not None
            runs = []
            for r in p.runs:
                rpr = r._r.rPr
                fonts = rpr.find(qn('w:rFonts')) if rpr is not None else None
                lang = rpr.find(qn('w:lang')) if rpr is not None else None
                runs.append({"text": r.text, "rtl": rpr is not None and rpr.find(qn('w:rtl')) is not None,
                             "cs": attr(fonts, 'w:cs'), "eastAsia": attr(fonts, 'w:eastAsia'),
                             "langBidi": attr(lang, 'w:bidi'), "langEastAsia": attr(lang, 'w:eastAsia')})
            paras.append({"text": p.text, "style": p.style.name, "bidi": bidi, "runs": runs})
        cp = d.core_properties
        print(json.dumps({"title": cp.title, "identifier": cp.identifier, "paragraphs": paras}, ensure_ascii=False))
        """
}

/// Our files opened by the programs people open them with: LibreOffice (and `pdftotext` on the
/// PDF it makes), python-docx, headless Chromium, xmllint. In CI all are installed; locally a
/// missing one is a printed skip only under CRP_ALLOW_MISSING_CLIENTS=1, otherwise a failure.
@Suite(.serialized) struct ClientsTests {
    // MARK: Helpers

    /// Converts through `PDFConverter` (LibreOffice) and returns the text `pdftotext` extracts, page by page.
    func pdfText(_ doc: Document, name: String, docx given: Data? = nil) throws -> (pages: [String], info: String, pdf: URL)? {
        guard RenderClients.require(RenderClients.office, "LibreOffice (soffice)") != nil,
            let pdftotext = RenderClients.require(RenderClients.pdftotext, "pdftotext (poppler-utils)")
        else { return nil }
        let dir = try RenderClients.workFolder(name)
        let docx = try given ?? DOCXRenderer().render(doc)
        try docx.write(to: dir.appendingPathComponent("\(name).docx"))
        let pdf = try PDFConverter(programs: Programs.locate(environment: ProcessInfo.processInfo.environment)).convert(docx: docx)
        let pdfURL = dir.appendingPathComponent("\(name).pdf")
        try pdf.write(to: pdfURL)
        if let ppm = RenderClients.pdftoppm, ProcessInfo.processInfo.environment["CRP_RENDER_KEEP"] != nil {
            _ = try RenderClients.run(ppm, ["-png", "-r", "60", pdfURL.path, dir.appendingPathComponent("page").path])
        }
        let r = try RenderClients.run(pdftotext, ["-enc", "UTF-8", pdfURL.path, "-"])
        #expect(r.status == 0, "pdftotext: \(r.err)")
        let info = try RenderClients.find("pdfinfo").map { try RenderClients.run($0, ["-enc", "UTF-8", pdfURL.path]).out } ?? ""
        return (r.out.components(separatedBy: "\u{0C}"), info, pdfURL)
    }

    /// The running text of the pages, page furniture removed page by page (`PDFContent.running`).
    func running(_ pages: [String], _ doc: Document) -> String { PDFContent.running(pages, doc) }

    /// Checks that every Arabic paragraph of `arabic` was drawn right to left in `pdf`: on the
    /// rendered lines, each word is to the right of the word after it (geometry from the output,
    /// not from our markup).
    func expectDrawnRightToLeft(_ arabic: [String], in pdf: URL, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        guard let pdftotext = RenderClients.require(RenderClients.pdftotext, "pdftotext (poppler-utils)") else { return }
        let lines = try PDFContent.lines(pdf, pdftotext: pdftotext)
        var pairs = 0
        for paragraph in arabic {
            let found = PDFContent.logicalPairs(paragraph, in: lines)
            pairs += found.count
            for f in found where !f.rightToLeft {
                Issue.record(
                    "\(what): \(f.first.text) (x \(f.first.xMin)) comes before \(f.second.text) (x \(f.second.xMin)) but is drawn to its left",
                    sourceLocation: sourceLocation)
            }
        }
        #expect(pairs >= arabic.count, "\(what): too few Arabic word pairs found on the rendered lines (\(pairs))", sourceLocation: sourceLocation)
    }

    func pyDocx(_ doc: Document, name: String) throws -> RenderPyDocxReport? {
        guard let python = RenderClients.require(RenderClients.python, "python3") else { return nil }
        guard RenderClients.pythonDocx else {
            Issue.record("python-docx is not installed: run Scripts/setup.sh, or set CRP_ALLOW_MISSING_CLIENTS=1 to skip this check locally")
            return nil
        }
        let dir = try RenderClients.workFolder(name)
        let url = dir.appendingPathComponent("\(name).docx")
        try DOCXRenderer().render(doc).write(to: url)
        let r = try RenderClients.run(python, ["-c", RenderPyDocxReport.script, url.path])
        #expect(r.status == 0, "python-docx could not open the file: \(r.err)")
        guard r.status == 0 else { return nil }
        return try JSONDecoder().decode(RenderPyDocxReport.self, from: Data(r.out.utf8))
    }

    /// Renders the page in headless Chromium: a screenshot (checked to be a PNG) and the DOM
    /// Chromium built from our markup.
    func chromium(_ doc: Document, name: String) throws -> (dom: String, pdf: URL)? {
        guard let chromium = RenderClients.require(RenderClients.chromium, "Chromium") else { return nil }
        let dir = try RenderClients.workFolder(name)
        let html = dir.appendingPathComponent("\(name).html")
        try Data(HTMLRenderer().render(doc).utf8).write(to: html)
        let common = ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=" + dir.appendingPathComponent("chromium-profile").path]
        // The page as Chromium laid it out and drew it: printed to PDF (its geometry is read with
        // pdftotext -bbox-layout), not the DOM re-serialized from our own markup.
        let pdf = dir.appendingPathComponent("\(name)-print.pdf")
        let print = try RenderClients.run(chromium, common + ["--no-pdf-header-footer", "--print-to-pdf=" + pdf.path, html.absoluteString])
        #expect(print.ok, "Chromium failed: \(print.err.suffix(600))")
        let bytes = (try? Data(contentsOf: pdf)) ?? Data()
        #expect(bytes.starts(with: Array("%PDF".utf8)), "Chromium printed no PDF (\(bytes.count) bytes)")
        let dom = try RenderClients.run(chromium, common + ["--dump-dom", html.absoluteString])
        #expect(dom.ok && dom.out.contains("</html>"), "Chromium could not load the page: \(dom.err.suffix(600))")
        return (dom.out, pdf)
    }

    // MARK: The reference paper

    @Test(
        .enabled(
            if: RenderClients.shouldRun(RenderClients.office != nil && RenderClients.pdftotext != nil),
            "LibreOffice or pdftotext is missing (CRP_ALLOW_MISSING_CLIENTS=1)"))
    func libreOfficePDFHoldsThePublishedPaperInOrderAndTheArabicAnnex() throws {
        let doc = try RenderFixtures.referenceDocument()
        guard let (pages, info, pdf) = try pdfText(doc, name: "reference") else { return }
        #expect(info.contains("Tagged:          yes"), "the PDF is not tagged (accessible)")
        #expect(info.contains("Title:           " + doc.metadata.title), "the PDF's title is not the paper's")
        let text = running(pages, doc)
        let missing = RenderTextFolding.missingInOrder(try RenderFixtures.publishedBlocks(), in: text)
        #expect(missing.isEmpty, "published paragraphs missing from the PDF or out of order: \(missing.map { String($0.prefix(80)) })")
        // The annex: Morocco's original, paragraph by paragraph, after the English text.
        let arabic = try String(contentsOf: RenderFixtures.fixtures.appendingPathComponent("morocco-item2.ar.txt"), encoding: .utf8)
        let arabicBlocks = arabic.components(separatedBy: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        #expect(arabicBlocks.count == 9)
        let annex = text.range(of: "Annex").map { String(text[$0.upperBound...]) } ?? ""
        let missingArabic = RenderTextFolding.missingInOrder(arabicBlocks, in: annex)
        #expect(missingArabic.isEmpty, "Arabic annex paragraphs missing from the PDF: \(missingArabic.map { String($0.prefix(40)) })")
        let spanish = try String(contentsOf: RenderFixtures.fixtures.appendingPathComponent("peru-item3.es.txt"), encoding: .utf8)
        #expect(RenderTextFolding.missingInOrder(spanish.components(separatedBy: "\n"), in: annex).isEmpty)
        #expect(pages.count >= 5, "the annex starts on a page of its own")
        try expectDrawnRightToLeft(arabicBlocks, in: pdf, "LibreOffice's PDF")
    }

    /// The content check does not depend on layout: the same paper on an A5 page with a 12-point
    /// body font (other line breaks, other page breaks, other hyphenation) passes it too.
    @Test(
        .enabled(
            if: RenderClients.shouldRun(RenderClients.office != nil && RenderClients.pdftotext != nil),
            "LibreOffice or pdftotext is missing (CRP_ALLOW_MISSING_CLIENTS=1)"))
    func theContentCheckPassesOnAnotherPageAndFontSize() throws {
        let doc = try RenderFixtures.referenceDocument()
        guard let (normal, _, _) = try pdfText(doc, name: "reference-a4") else { return }
        let docx = try RenderClients.relaidOut(doc, pageWidth: 8391, pageHeight: 11906, fontHalfPoints: 24)
        guard let (pages, _, pdf) = try pdfText(doc, name: "reference-a5", docx: docx) else { return }
        #expect(pages.count > normal.count + 2, "the relaid-out paper should have more pages (\(pages.count) vs \(normal.count)): the layout did not change")
        let text = running(pages, doc)
        // The masthead's date and distribution sit in frames placed for an A4 page; on another page
        // size they land elsewhere on page 1, so they are looked for on page 1, not in reading order.
        var published = try RenderFixtures.publishedBlocks()
        let frames = [doc.metadata.date, doc.metadata.distribution]
        published.removeAll { frames.contains($0) }
        for f in frames { #expect(RenderTextFolding.squeeze(pages[0]).contains(RenderTextFolding.squeeze(f)), "\(f) is not on page 1") }
        let missing = RenderTextFolding.missingInOrder(published, in: text)
        #expect(missing.isEmpty, "published paragraphs missing from the A5 PDF or out of order: \(missing.map { String($0.prefix(80)) })")
        let arabic = try String(contentsOf: RenderFixtures.fixtures.appendingPathComponent("morocco-item2.ar.txt"), encoding: .utf8)
        let arabicBlocks = arabic.components(separatedBy: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        let annex = text.range(of: "Annex").map { String(text[$0.upperBound...]) } ?? ""
        // List labels are compared apart from their paragraphs (see PDFContent.labelPattern).
        #expect(
            RenderTextFolding.missingInOrder(arabicBlocks.map(PDFContent.withoutLabel), in: PDFContent.logicalRunOrder(PDFContent.withoutLabelLines(annex)))
                .isEmpty,
            "Arabic annex paragraphs missing from the A5 PDF")
        try expectDrawnRightToLeft(arabicBlocks, in: pdf, "LibreOffice's A5 PDF")
    }

    /// The furniture and hyphen rules on their own, with page text as pdftotext gives it.
    @Test func furnitureIsRemovedPageByPageAndHyphensAreSeenThrough() {
        let pages = [
            "CTOC/COP/2020/CRP.1\n4. In order to facilitate the non-\npaper and the money-\n1\n1 CTOC/COP/2020/1.\nmore footnote text\n",
            "CTOC/COP/2020/CRP.1\nlaundering rules of the nonpaper.\n- 2 -\n",
        ]
        let text = PDFContent.running(pages, symbol: "CTOC/COP/2020/CRP.1", footnotes: [("1", "CTOC/COP/2020/1.")])
        #expect(!text.contains("CRP.1") && !text.contains("footnote"))
        #expect(
            RenderTextFolding.missingInOrder(["4. In order to facilitate the non-paper and the money-laundering rules of the non-paper."], in: text).isEmpty)
        #expect(!RenderTextFolding.missingInOrder(["the paper and the non-paper"], in: text).isEmpty, "a check that cannot fail proves nothing")
        // Right-to-left runs written in drawing order are put back in logical order.
        #expect(PDFContent.logicalRunOrder("\u{202B}من أجل\u{202C}،\u{202B}الوطنية\u{202C}") == "\u{202B}الوطنية\u{202C}،\u{202B}من أجل\u{202C}")
        #expect(PDFContent.logicalRunOrder(".\u{202B}المنظمة\u{202C}") == "\u{202B}المنظمة\u{202C}.")
        #expect(PDFContent.logicalRunOrder("Morocco \u{202B}المغرب\u{202C} said") == "Morocco \u{202B}المغرب\u{202C} said")
        #expect(PDFContent.logicalRunOrder("\u{202B}لدى (\u{202A})SHERLOC\u{202C} السلطات\u{202C}") == "\u{202B}لدى (\u{202A})SHERLOC\u{202C} السلطات\u{202C}")
    }

    @Test(
        .enabled(if: RenderClients.shouldRun(RenderClients.python != nil && RenderClients.pythonDocx), "python-docx is missing (CRP_ALLOW_MISSING_CLIENTS=1)"))
    func pythonDocxSeesArabicParagraphsAsBidiAndEnglishOnesNot() throws {
        let doc = try RenderFixtures.referenceDocument()
        guard let report = try pyDocx(doc, name: "reference-python-docx") else { return }
        #expect(report.identifier == "CTOC/COP/2020/CRP.1")
        #expect(report.title == doc.metadata.title)
        let arabic = report.paragraphs.filter { RenderScripts.arabic($0.text) }
        let english = report.paragraphs.filter { !RenderScripts.arabic($0.text) && RenderScripts.latin($0.text) }
        #expect(arabic.count == 9 && english.count > 40)
        for p in arabic {
            #expect(p.bidi, "not bidi: \(p.text.prefix(40))")
            for r in p.runs where RenderScripts.arabic(r.text) {
                #expect(r.rtl && r.cs == "Simplified Arabic" && r.langBidi == "ar-SA")
            }
            for r in p.runs where RenderScripts.latin(r.text) { #expect(!r.rtl, "w:rtl on \(r.text)") }
        }
        for p in english { #expect(!p.bidi, "bidi: \(p.text.prefix(40))") }
        let morocco = try #require(report.paragraphs.first { $0.text.hasPrefix("Morocco: original in Arabic") })
        #expect(morocco.style.lowercased() == "heading 4")
    }

    @Test(.enabled(if: RenderClients.shouldRun(RenderClients.chromium != nil), "Chromium is missing (CRP_ALLOW_MISSING_CLIENTS=1)"))
    func chromiumRendersThePageAndTheArabicAnnexIsRightToLeft() throws {
        let doc = try RenderFixtures.referenceDocument()
        guard let (dom, pdf) = try chromium(doc, name: "reference-html") else { return }
        let arabic = try String(contentsOf: RenderFixtures.fixtures.appendingPathComponent("morocco-item2.ar.txt"), encoding: .utf8)
        let arabicBlocks = arabic.components(separatedBy: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        try expectDrawnRightToLeft(arabicBlocks, in: pdf, "Chromium's rendering")
        let opening = String(arabic.prefix(40))
        #expect(dom.contains("<p class=\"comment\" lang=\"ar\" dir=\"rtl\">" + opening), "the Arabic annex block is not right to left in Chromium's DOM")
        #expect(dom.contains("<p class=\"point state-text\" lang=\"ar\" dir=\"rtl\"><span class=\"plabel\">(أ)</span>"))
        #expect(dom.contains("<html lang=\"en\" dir=\"ltr\">"))
        #expect(dom.contains("<bdi>Morocco</bdi>"))
    }

    @Test(.enabled(if: RenderClients.shouldRun(RenderClients.xmllint != nil), "xmllint is missing (CRP_ALLOW_MISSING_CLIENTS=1)"))
    func xmllintAcceptsEveryPartOfThePackage() throws {
        guard let xmllint = RenderClients.require(RenderClients.xmllint, "xmllint (libxml2-utils)") else { return }
        let dir = try RenderClients.workFolder("xmllint")
        for (name, doc) in [
            ("reference", try RenderFixtures.referenceDocument()), ("hostile", try RenderFixtures.document(RenderFixtures.hostileSubmissions())),
        ] {
            for (i, part) in DOCXRenderer().parts(doc).enumerated() {
                let url = dir.appendingPathComponent("\(name)-\(i).xml")
                try Data(part.data).write(to: url)
                let r = try RenderClients.run(xmllint, ["--noout", url.path])
                #expect(r.status == 0, "\(name) \(part.path): \(r.err)")
            }
        }
    }

    // MARK: A paper whose annex holds Chinese and Russian

    @Test(
        .enabled(
            if: RenderClients.shouldRun(RenderClients.office != nil && RenderClients.pdftotext != nil),
            "LibreOffice or pdftotext is missing (CRP_ALLOW_MISSING_CLIENTS=1)"))
    func libreOfficePDFHoldsTheChineseAndRussianAnnex() throws {
        let doc = try RenderFixtures.document(RenderFixtures.cjkSubmissions())
        guard let (pages, _, _) = try pdfText(doc, name: "cjk") else { return }
        let text = running(pages, doc)
        let annex = text.range(of: "Annex").map { String(text[$0.upperBound...]) } ?? ""
        let originals = (RenderFixtures.chineseOriginal + "\n" + RenderFixtures.russianOriginal).components(separatedBy: "\n")
        let missing = RenderTextFolding.missingInOrder(originals, in: annex)
        #expect(missing.isEmpty, "annex paragraphs missing from the PDF: \(missing)")
        let translations = (RenderFixtures.chineseTranslation + "\n" + RenderFixtures.russianTranslation).components(separatedBy: "\n")
        #expect(RenderTextFolding.missingInOrder(translations, in: text).isEmpty)
        #expect(
            RenderTextFolding.missingInOrder(["received comments from China and the Russian Federation"], in: text).isEmpty
                || RenderTextFolding.missingInOrder(["received comments from China and Russian Federation"], in: text).isEmpty)
    }

    @Test(
        .enabled(if: RenderClients.shouldRun(RenderClients.python != nil && RenderClients.pythonDocx), "python-docx is missing (CRP_ALLOW_MISSING_CLIENTS=1)"))
    func pythonDocxSeesChineseRunsWithTheEastAsianFont() throws {
        let doc = try RenderFixtures.document(RenderFixtures.cjkSubmissions())
        guard let report = try pyDocx(doc, name: "cjk-python-docx") else { return }
        let chinese = report.paragraphs.filter { RenderScripts.han($0.text) }
        let russian = report.paragraphs.filter { RenderScripts.cyrillic($0.text) }
        #expect(chinese.count == 3 && russian.count == 2)
        for p in chinese + russian { #expect(!p.bidi) }
        for p in chinese {
            for r in p.runs where RenderScripts.han(r.text) {
                #expect(r.eastAsia == "SimSun" && r.langEastAsia == "zh-CN" && !r.rtl, "\(r.text.prefix(20))")
            }
        }
        #expect(report.paragraphs.allSatisfy { !$0.bidi }, "no paragraph of this paper is right to left")
    }

    @Test(.enabled(if: RenderClients.shouldRun(RenderClients.chromium != nil), "Chromium is missing (CRP_ALLOW_MISSING_CLIENTS=1)"))
    func chromiumRendersTheChineseAndRussianAnnex() throws {
        let doc = try RenderFixtures.document(RenderFixtures.cjkSubmissions())
        guard let (dom, _) = try chromium(doc, name: "cjk-html") else { return }
        #expect(dom.contains("<p class=\"comment\" lang=\"zh\" dir=\"ltr\">中国支持各国更新其立法记录"))
        #expect(dom.contains("<p class=\"comment\" lang=\"ru\" dir=\"ltr\">Российская Федерация считает"))
        #expect(!dom.contains("dir=\"rtl\""))
    }

    // MARK: Hostile text

    @Test(.enabled(if: RenderClients.shouldRun(RenderClients.chromium != nil), "Chromium is missing (CRP_ALLOW_MISSING_CLIENTS=1)"))
    func chromiumBuildsNoElementFromHostileText() throws {
        let doc = try RenderFixtures.document(RenderFixtures.hostileSubmissions())
        guard let (dom, _) = try chromium(doc, name: "hostile-html") else { return }
        #expect(!dom.contains("<script"), "a script element was built from text")
        #expect(!dom.contains("<b>bold</b>") && !dom.contains("<w:p>"))
        #expect(dom.contains("&lt;script&gt;alert(\"crp\")&lt;/script&gt;"))
    }

    @Test(
        .enabled(
            if: RenderClients.shouldRun(RenderClients.office != nil && RenderClients.pdftotext != nil),
            "LibreOffice or pdftotext is missing (CRP_ALLOW_MISSING_CLIENTS=1)"))
    func libreOfficeShowsHostileTextAsText() throws {
        let doc = try RenderFixtures.document(RenderFixtures.hostileSubmissions())
        guard let (pages, _, pdf) = try pdfText(doc, name: "hostile") else { return }
        let text = running(pages, doc)
        #expect(
            RenderTextFolding.missingInOrder(
                ["<script>alert(\"crp\")</script> ]]> {{translation_note}} &amp;", "</w:t></w:r></w:p><w:p><w:r><w:t>injected"], in: text
            ).isEmpty)
        // The right-to-left override before "desrever ot sdrow emos" must not take effect: the
        // words are drawn left to right, each left of the next (read from the PDF's geometry; an
        // override that reached LibreOffice would draw them in the opposite order).
        guard let pdftotext = RenderClients.require(RenderClients.pdftotext, "pdftotext (poppler-utils)") else { return }
        let pairs = PDFContent.logicalPairs("desrever ot sdrow emos", in: try PDFContent.lines(pdf, pdftotext: pdftotext))
        #expect(!pairs.isEmpty, "the overridden words were not found on a rendered line")
        for p in pairs { #expect(!p.rightToLeft, "\(p.first.text) is drawn right of \(p.second.text): the override took effect") }
    }
}
