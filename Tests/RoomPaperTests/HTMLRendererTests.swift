import Foundation
import MultilingualText
import TestSupport
import Testing

@testable import RoomPaper

/// The HTML page's text as a reader sees it: the body without tags, entities decoded.
enum RenderHTMLText {
    static func visible(_ html: String) -> String {
        var body = html
        if let r = body.range(of: "<body>") { body = String(body[r.upperBound...]) }
        body = body.replacingOccurrences(of: #"<[^>]*>"#, with: " ", options: .regularExpression)
        for (entity, char) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&amp;", "&")] {
            body = body.replacingOccurrences(of: entity, with: char)
        }
        return body
    }

    static func count(_ needle: String, in hay: String) -> Int { hay.components(separatedBy: needle).count - 1 }
}

@Suite struct HTMLRendererTests {
    @Test func referencePaperHoldsEveryPublishedBlockInOrder() throws {
        let html = HTMLRenderer().render(try RenderFixtures.referenceDocument(withOriginals: false))
        let missing = RenderTextFolding.missingInOrder(try RenderFixtures.publishedBlocks(), in: RenderHTMLText.visible(html))
        #expect(missing.isEmpty, "published blocks missing or out of order: \(missing.map { String($0.prefix(80)) })")
    }

    @Test func pageCarriesItsLanguageAndEveryOtherLanguageBlockItsOwn() throws {
        let doc = try RenderFixtures.referenceDocument()
        let html = HTMLRenderer().render(doc)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">"))
        var byLanguage: [String: Int] = [:]
        for block in doc.blocks {
            switch block {
            case .paragraph(let p) where p.language != doc.language: byLanguage[p.language + "/" + p.direction.rawValue, default: 0] += 1
            case .point(let p) where p.language != doc.language: byLanguage[p.language + "/" + p.direction.rawValue, default: 0] += 1
            case .heading(let h) where h.language != doc.language: byLanguage[h.language + "/" + h.direction.rawValue, default: 0] += 1
            default: break
            }
        }
        #expect(byLanguage["ar/rtl", default: 0] >= 9, "the Arabic original: an opening paragraph and points (أ) to (ح)")
        #expect(byLanguage["es/ltr", default: 0] >= 3)
        for (key, n) in byLanguage {
            let parts = key.split(separator: "/")
            #expect(RenderHTMLText.count("lang=\"\(parts[0])\" dir=\"\(parts[1])\"", in: html) == n, "\(key)")
        }
        #expect(RenderHTMLText.count("lang=\"en\"", in: html) == 1, "blocks in the page's language inherit it")
        // The Arabic annex block is right to left and holds the original's text.
        let arabic = try String(contentsOf: RenderFixtures.fixtures.appendingPathComponent("morocco-item2.ar.txt"), encoding: .utf8)
        let firstSentence = String(arabic.prefix { $0 != "." && $0 != "\n" })
        #expect(html.contains("<p class=\"comment\" lang=\"ar\" dir=\"rtl\">" + firstSentence))
    }

    @Test func everyInsertedNameIsIsolated() throws {
        let doc = try RenderFixtures.referenceDocument()
        let html = HTMLRenderer().render(doc)
        var fields: [String] = []
        for block in doc.blocks {
            if case .heading(let h) = block { for case .field(let f) in h.runs { fields.append(f) } }
        }
        #expect(fields.count == 6, "Morocco and Peru twice each: in the comments and in the annex")
        #expect(RenderHTMLText.count("<bdi>", in: html) == fields.count)
        for f in Set(fields) { #expect(html.contains("<bdi>\(f)</bdi>")) }
    }

    @Test func mastheadNumbersPointsAndFootnote() throws {
        let doc = try RenderFixtures.referenceDocument()
        let html = HTMLRenderer().render(doc)
        #expect(html.contains("<p class=\"mh-symbol\">CTOC/COP/2020/CRP.1</p>"))
        #expect(html.contains("<p class=\"mh-date\">9 October 2020</p>"))
        #expect(html.contains("Item 4 of the provisional agenda<sup class=\"fnref\"><a href=\"#fn-1\">*</a></sup>"))
        #expect(html.contains("<p class=\"footnote\" id=\"fn-1\"><span class=\"fnmark\">*</span>CTOC/COP/2020/1.</p>"))
        let numbers = html.matches(of: #/<span class="pnum">(\d+)\.</span>/#).map { String($0.1) }
        #expect(numbers == ["1", "2", "3", "4", "5"])
        let points = doc.blocks.filter { if case .point = $0 { true } else { false } }.count
        #expect(RenderHTMLText.count("<span class=\"plabel\">", in: html) == points)
        #expect(html.contains("<span class=\"plabel\">(أ)</span>"))
        #expect(RenderHTMLText.count("class=\"annex break\"", in: html) == 1, "the annex starts a new page")
    }

    @Test func hostileTextShowsAsTextAndChangesNothingAroundIt() throws {
        let html = HTMLRenderer().render(try RenderFixtures.document(RenderFixtures.hostileSubmissions()))
        for markup in ["<script", "<!--", "<b>", "<w:p>", "</w:t>"] {
            #expect(!html.contains(markup), "\(markup) reached the page as markup")
        }
        #expect(html.contains("&lt;script&gt;alert(\"crp\")&lt;/script&gt; ]]&gt; {{translation_note}} &amp;amp;"))
        #expect(html.contains("&lt;w:p&gt;&lt;w:r&gt;&lt;w:t&gt;injected"))
        #expect(!html.contains("\u{202E}"), "the override must not reach the page")
        #expect(!html.contains("\u{2069}"), "a stray isolate closer must not reach the page")
        #expect(html.contains("desrever ot sdrow emos"))
    }

    @Test func forbiddenCharactersAndBidiControlsInFieldsAreNeutralized() {
        let L = "en"
        let doc = Document(
            language: L, direction: .ltr,
            metadata: Metadata(
                symbol: "X/1\"; } </style><script>alert(1)</script>", title: "</title><script>t</script>", date: "1 May 2024", distribution: "General",
                subject: "s"),
            blocks: [
                .heading(
                    Heading(
                        role: .state, number: nil, runs: [.field("Evil\u{202E}Name\u{0}\u{1}\u{FFFE}\u{85}"), .text(": original")], language: L, direction: .ltr
                    )),
                .paragraph(Paragraph(role: .comment, number: nil, runs: [.text("a\u{0}b\tc\u{7}d & <e>")], language: L, direction: .ltr)),
            ],
            footnotes: [])
        let html = HTMLRenderer().render(doc)
        #expect(html.contains("<bdi>EvilName</bdi>: original"))
        #expect(html.contains(">ab cd &amp; &lt;e&gt;</p>"))
        #expect(RenderHTMLText.count("</style>", in: html) == 1)
        #expect(RenderHTMLText.count("<script", in: html) == 0)
        #expect(html.contains("<title>X/1&quot;; } &lt;/style&gt;") || html.contains("<title>X/1\"; } &lt;/style&gt;"))
        for bad: Unicode.Scalar in ["\u{0}", "\u{1}", "\u{7}", "\u{85}", "\u{FFFE}", "\u{202E}"] {
            #expect(!html.unicodeScalars.contains(bad), "U+\(String(bad.value, radix: 16)) reached the page")
        }
    }
}
