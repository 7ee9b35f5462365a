import Foundation
import MultilingualText
import TestSupport
import Testing

@testable import Intake

@Suite struct HTMLReaderTests {
    /// The English reference as a web page with an `<ol type="a">` list gives back the letters.
    @Test func letteredListGivesTheReferenceText() throws {
        let paras = try ReferenceTexts.paragraphs("morocco-item2.en.txt")
        var html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Comments</title>\n<style>p { margin: 0 }</style>"
        html += "<script>document.write('<p>not text</p>')</script></head>\n<body>\n<!-- from the mission -->\n<p>\(paras[0])</p>\n<ol type=\"a\">\n"
        for p in paras.dropFirst() { html += "  <li><p>\n    \(String(p.dropFirst(4)).replacingOccurrences(of: "'", with: "&#39;"))\n  </p></li>\n" }
        html += "</ol>\n</body></html>\n"
        let r = try Intake.read(data: Data(html.utf8), name: "m.html")
        #expect(r.kind == .html)
        #expect(r.text == (try ReferenceTexts.text("morocco-item2.en.txt")))
    }

    /// A Spanish page saved by an old editor in windows-1252, declared in `<meta http-equiv>`.
    @Test func metaCharsetIsHonoured() throws {
        let paras = try ReferenceTexts.paragraphs("peru-item3.es.txt")
        let html =
            "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"></head><body>"
            + paras.map { "<p class=MsoNormal>\($0)</p>" }.joined(separator: "\r\n") + "</body></html>"
        let bytes = try Charsets.encode(Array(html.utf16), charset: "windows-1252")
        let r = try Intake.read(data: Data(bytes), name: "peru.htm")
        #expect(r.encoding == "windows-1252")
        #expect(r.text == (try ReferenceTexts.text("peru-item3.es.txt")))
    }

    @Test func entitiesWhitespaceAndBreaks() throws {
        let html = """
            <html><body><div>Caf&eacute; &amp; th&#233; &#xE9;t&eacute;&nbsp;: &laquo;&#8239;oui&#8239;&raquo; &copy 2020 &notanentity; &#150; &#0; a&#1;b
            <br>line  two <b>bold</b><i>italic</i>
            </div><pre>  keep   this
              layout</pre><table><tr><td>cell one</td><td>cell two</td></tr></table><hr>after rule<p>a<p>b</body></html>
            """
        let text = HTMLReader.convert(html)
        #expect(
            text
                == "Café & thé été\u{A0}: «\u{202F}oui\u{202F}» © 2020 &notanentity; – \u{FFFD} ab\nline two bolditalic\n\nkeep   this\n  layout\n\ncell one\tcell two\n\t\n\nafter rule\n\na\n\nb\n"
        )
    }

    @Test func wordHTMLListLabelsAndMissingHeadEnd() throws {
        let html = """
            <html><head><title>x</title><meta name=Generator content="Microsoft Word 15">
            <p class=MsoListParagraph style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span
            style='mso-list:Ignore'>(a)<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;
            </span></span><![endif]>Encouraging Member States<o:p></o:p></p>
            """
        #expect(HTMLReader.convert(html) == "(a) Encouraging Member States\n")
    }

    @Test func listsRomanStartValueAndNesting() throws {
        let html = "<ol type=i start=3><li>three<li>four<ol type=A><li>inner</ol><li value=10>ten</ol><ul><li>dot</li></ul><ol><li>one</li></ol>"
        #expect(HTMLReader.convert(html) == "(iii) three\n\n(iv) four\n\n(A) inner\n\n(x) ten\n\n• dot\n\n1. one\n")
    }

    @Test func rightToLeftBlocks() throws {
        let html = "<html dir=\"rtl\" lang=\"ar\"><body><p>تشجيع الدول</p><p>SHERLOC بوابة</p><p dir=\"ltr\">SHERLOC portal</p></body></html>"
        let r = try Intake.read(data: Data(html.utf8), name: "ar.html")
        #expect(r.text == "تشجيع الدول\n\n\u{200F}SHERLOC بوابة\n\nSHERLOC portal\n")
        #expect(Bidi.paragraphDirections(r.text) == [.rtl, .rtl, .ltr])
    }

    @Test func manyCommentsDoNotExhaustTheStack() throws {
        let html = "<p>start</p>" + String(repeating: "<!-- c -->", count: 200_000) + "<p>end</p>"
        #expect(HTMLReader.convert(html) == "start\n\nend\n")
    }

    @Test func pageWithoutVisibleTextIsRefused() throws {
        let html = "<html><head><title>Only a title</title></head><body><script>var x = '<p>hidden</p>';</script></body></html>"
        expectRefusal(IntakeError.self, saying: ["empty.html holds no text to register", "no visible text", "Ask the sender"]) {
            try Intake.read(data: Data(html.utf8), name: "empty.html")
        }
    }

    /// pandoc writes the English reference as HTML with `<ol type="a">`; the text comes back.
    @Test(.enabled(if: Clients.runs(Clients.installed("pandoc")), "SKIPPED: pandoc is not installed"))
    func pandocHTML() throws {
        guard Clients.available("pandoc", reason: "pandoc writes the HTML page") else { return }
        let out = try ReferenceTexts.tempDir("pandoc-html").appendingPathComponent("m.html")
        // A fragment (what pandoc writes without --standalone), then a whole page whose title block
        // is visible text.
        var r = try Proc.run("pandoc", ["-f", "markdown-smart", ReferenceTexts.url("morocco-item2.en.txt").path, "-o", out.path])
        try #require(r.status == 0, "\(r.err)")
        #expect(try Intake.read(out).text == ReferenceTexts.text("morocco-item2.en.txt"))
        r = try Proc.run(
            "pandoc", ["-f", "markdown-smart", "-s", "--metadata", "title=Comments", ReferenceTexts.url("morocco-item2.en.txt").path, "-o", out.path])
        try #require(r.status == 0, "\(r.err)")
        #expect(try Intake.read(out).text == "Comments\n\n" + ReferenceTexts.text("morocco-item2.en.txt"))
    }
}
