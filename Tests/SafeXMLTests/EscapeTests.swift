import Testing

@testable import SafeXML

@Suite struct EscapeTests {
    @Test func textEscaping() {
        #expect(XMLEscape.text("a<b>&c \"q\" 'a'") == "a&lt;b&gt;&amp;c \"q\" 'a'")
        #expect(XMLEscape.text("]]>") == "]]&gt;")
        #expect(XMLEscape.text("tab\tlf\ncr\r") == "tab\tlf\ncr&#13;")
        #expect(XMLEscape.text("plain text") == "plain text")
        #expect(XMLEscape.text("") == "")
    }

    @Test func attributeEscaping() {
        #expect(XMLEscape.attribute("\"x\" & <y>\n\t\r'") == "&quot;x&quot; &amp; &lt;y&gt;&#10;&#9;&#13;'")
        #expect(XMLEscape.attribute("plain") == "plain")
    }

    @Test func forbiddenCharactersRemoved() {
        #expect(XMLEscape.text("a\u{0}b\u{1}c\u{FFFE}d\u{FFFF}e\u{B}f\u{1F}") == "abcdef")
        #expect(XMLEscape.attribute("a\u{0}b\u{8}<\u{FFFF}") == "ab&lt;")
        // Neighbours of the non-characters survive.
        #expect(XMLEscape.text("\u{FFFD}\u{FEFF}\u{10000}") == "\u{FFFD}\u{FEFF}\u{10000}")
    }

    static let samples = [
        "]]>", "<script>alert('x')</script>", "{{x}}", "مرحبا بالعالم", "你好，世界",
        "\u{202E}evil\u{202C} and \u{200F}rtl", "a & b && c", "tab\tnl\ncr\r\ncrlf\rcr", "  leading and trailing  ",
        "emoji 😀 👩🏽‍💻", "\"quoted\" 'single'", "&amp; literally", "]]]]>><<", "",
    ]

    @Test(arguments: samples)
    func escapeThenParseRoundTrips(sample: String) throws {
        let xml = "<r a=\"\(XMLEscape.attribute(sample))\">\(XMLEscape.text(sample))</r>"
        let root = try parse(xml).root
        #expect(root.textContent == sample)
        #expect(root.attribute("a") == sample)
    }

    @Test func roundTripDropsOnlyForbiddenCharacters() throws {
        let dirty = "ok\u{0}\u{7}\u{FFFE}<ok>"
        let root = try parse("<r a=\"\(XMLEscape.attribute(dirty))\">\(XMLEscape.text(dirty))</r>").root
        #expect(root.textContent == "ok<ok>")
        #expect(root.attribute("a") == "ok<ok>")
    }

    @Test func largeStringEscapesQuickly() {
        let chunk = "Paragraph with <tags> & \"quotes\" — مرحبا 你好\n"
        let big = String(repeating: chunk, count: 50_000)
        let escaped = XMLEscape.text(big)
        #expect(escaped.utf8.count > big.utf8.count)
        #expect(escaped.hasPrefix("Paragraph with &lt;tags&gt; &amp; \"quotes\""))
    }
}

@Suite struct LargeDocumentTests {
    /// Builds a WordprocessingML-like document of at least `bytes` bytes with `count` paragraphs.
    static func makeDocument(minimumBytes: Int) -> (bytes: [UInt8], paragraphs: Int) {
        var out: [UInt8] = []
        out.reserveCapacity(minimumBytes + 1024)
        out += Array("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<w:document xmlns:w=\"\(wNS)\"><w:body>".utf8)
        var n = 0
        while out.count < minimumBytes {
            n += 1
            let para =
                "<w:p><w:pPr><w:jc w:val=\"both\"/></w:pPr><w:r><w:rPr><w:b/></w:rPr>"
                + "<w:t xml:space=\"preserve\">Paragraph \(n): text &amp; more — مرحبا 你好 </w:t></w:r></w:p>\n"
            out += Array(para.utf8)
        }
        out += Array("</w:body></w:document>".utf8)
        return (out, n)
    }

    @Test func fiveMegabyteDocumentParses() throws {
        let (bytes, count) = Self.makeDocument(minimumBytes: 5 * 1024 * 1024)
        #expect(bytes.count >= 5 * 1024 * 1024)
        let root = try XMLDocument.parse(bytes).root
        let body = try #require(root.firstChild(named: "body", namespace: wNS))
        let paragraphs = body.children(named: "p", namespace: wNS)
        #expect(paragraphs.count == count)
        #expect(paragraphs.last?.textContent == "Paragraph \(count): text & more — مرحبا 你好 ")
        #expect(paragraphs.first?.descendants(named: "jc", namespace: wNS).first?.attribute("val", namespace: wNS) == "both")
        // Newlines between paragraphs are kept as text nodes.
        #expect(body.children.count == count * 2)
    }
}
