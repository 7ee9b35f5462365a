import Testing

@testable import SafeXML

@Suite struct NamespaceTests {
    @Test func xliff2DefaultNamespace() throws {
        let doc = try parse(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="fr">
              <file id="f1">
                <unit id="u1">
                  <segment><source>Hello <pc id="1">world</pc></source><target>Bonjour</target></segment>
                </unit>
              </file>
            </xliff>
            """)
        let root = doc.root
        #expect(root.name == "xliff")
        #expect(root.localName == "xliff")
        #expect(root.prefix == nil)
        #expect(root.namespaceURI == xliff2NS)
        #expect(root.attribute("srcLang") == "en")
        #expect(root.attributes.first { $0.name == "version" }?.namespaceURI == nil)
        #expect(root.children(named: "file", namespace: nil).isEmpty)
        let file = try #require(root.firstChild(named: "file", namespace: xliff2NS))
        #expect(file.attribute("id") == "f1")
        let sources = root.descendants(named: "source", namespace: xliff2NS)
        #expect(sources.count == 1)
        #expect(sources.first?.textContent == "Hello world")
        #expect(root.descendants(named: "pc", namespace: xliff2NS).first?.namespaceURI == xliff2NS)
        #expect(root.descendants(named: "target", namespace: xliff2NS).first?.textContent == "Bonjour")
    }

    @Test func wordprocessingMLPrefixed() throws {
        let doc = try parse(
            """
            <w:document xmlns:w="\(wNS)" xmlns:r="\(rNS)"><w:body>\
            <w:p><w:r><w:t xml:space="preserve"> Hello </w:t></w:r><w:r><w:t>world</w:t></w:r></w:p>\
            <w:p><w:hyperlink r:id="rId5"><w:r><w:t xml:space="preserve">   </w:t></w:r></w:hyperlink></w:p>\
            </w:body></w:document>
            """)
        let root = doc.root
        #expect(root.name == "w:document")
        #expect(root.prefix == "w")
        #expect(root.localName == "document")
        #expect(root.namespaceURI == wNS)
        let paragraphs = root.descendants(named: "p", namespace: wNS)
        #expect(paragraphs.count == 2)
        #expect(paragraphs[0].textContent == " Hello world")
        let t = try #require(paragraphs[0].descendants(named: "t", namespace: wNS).first)
        #expect(t.attribute("space", namespace: XMLNamespace.xml) == "preserve")
        #expect(t.attribute(qualifiedName: "xml:space") == "preserve")
        #expect(t.attribute("space") == nil)
        let link = try #require(paragraphs[1].firstChild(named: "hyperlink", namespace: wNS))
        #expect(link.attribute("id", namespace: rNS) == "rId5")
        let spaces = try #require(link.descendants(named: "t", namespace: wNS).first)
        #expect(spaces.children.count == 1)
        #expect(spaces.children.first?.text == "   ")
    }

    @Test func scopingRedeclarationAndUndeclaration() throws {
        let root = try parse(
            """
            <a xmlns="urn:1" xmlns:p="urn:p"><b/><p:c p:x="1" y="2"/><d xmlns=""><e/></d><p:f xmlns:p="urn:p2"/><p:g/><h/></a>
            """
        ).root
        let kids = root.childElements
        #expect(kids.map(\.name) == ["b", "p:c", "d", "p:f", "p:g", "h"])
        #expect(kids.map(\.namespaceURI) == ["urn:1", "urn:p", nil, "urn:p2", "urn:p", "urn:1"])
        #expect(kids[1].attribute("x", namespace: "urn:p") == "1")
        #expect(kids[1].attribute("y") == "2")
        #expect(kids[1].attributes.map(\.namespaceURI) == ["urn:p", nil])
        #expect(kids[2].childElements.first?.namespaceURI == nil)
        let decl = try #require(root.attributes.first { $0.name == "xmlns:p" })
        #expect(decl.namespaceURI == XMLNamespace.xmlns)
        #expect(decl.prefix == "xmlns")
        #expect(decl.localName == "p")
        #expect(decl.value == "urn:p")
    }

    @Test func unboundElementPrefixRefused() {
        #expect(throws: XMLError.unboundPrefix(prefix: "p", line: 1, column: 5)) { try parse("<a><p:b/></a>") }
    }

    @Test func unboundAttributePrefixRefused() {
        #expect(throws: XMLError.unboundPrefix(prefix: "q", line: 1, column: 4)) { try parse("<a q:x=\"1\"/>") }
    }

    @Test func prefixOutOfScopeAfterClose() {
        #expect(throws: XMLError.unboundPrefix(prefix: "p", line: 1, column: 24)) {
            try parse("<a><b xmlns:p=\"u\"/><c><p:d/></c></a>")
        }
    }

    @Test func duplicateExpandedAttributeRefused() {
        #expect(throws: XMLError.duplicateAttribute(name: "q:x", line: 1, column: 36)) {
            try parse("<a xmlns:p=\"u\" xmlns:q=\"u\" p:x=\"1\" q:x=\"2\"/>")
        }
    }

    @Test(arguments: [
        "<a xmlns:xml=\"urn:x\"/>",
        "<a xmlns:p=\"\"/>",
        "<a xmlns:xmlns=\"urn:x\"/>",
        "<a xmlns:p=\"http://www.w3.org/XML/1998/namespace\"/>",
        "<a xmlns=\"http://www.w3.org/2000/xmlns/\"/>",
    ])
    func reservedNamespaceDeclarationsRefused(xml: String) {
        guard case .invalidNamespaceDeclaration(_, 1, 4)? = parseError(xml) else {
            Issue.record("expected invalidNamespaceDeclaration at 1:4, got \(String(describing: parseError(xml)))")
            return
        }
    }

    @Test func xmlPrefixMayBeDeclaredCorrectly() throws {
        let root = try parse("<a xmlns:xml=\"http://www.w3.org/XML/1998/namespace\" xml:lang=\"ar\"/>").root
        #expect(root.attribute("lang", namespace: XMLNamespace.xml) == "ar")
    }

    @Test(arguments: ["<a:b:c/>", "<:a/>", "<a:/>", "<1a/>"])
    func invalidNamesRefused(xml: String) {
        guard case .malformed(_, 1, _)? = parseError(xml) else {
            Issue.record("expected malformed, got \(String(describing: parseError(xml)))")
            return
        }
    }
}

@Suite struct ContentTests {
    @Test func predefinedEntitiesAndCharacterReferences() throws {
        let root = try parse("<a t=\"&lt;&gt;&amp;&quot;&apos;&#65;\">&lt;&gt;&amp;&quot;&apos; &#65;&#x42;&#x1F600;&#233;&#xe9;</a>").root
        #expect(root.attribute("t") == "<>&\"'A")
        #expect(root.textContent == "<>&\"' AB😀éé")
        #expect(root.children.count == 1)
    }

    @Test(arguments: [
        ("&#0;", "&#0;"), ("&#x0;", "&#x0;"), ("&#1;", "&#1;"), ("&#xD800;", "&#xD800;"), ("&#xDFFF;", "&#xDFFF;"),
        ("&#xFFFE;", "&#xFFFE;"), ("&#xFFFF;", "&#xFFFF;"), ("&#x110000;", "&#x110000;"),
        ("&#99999999999999999999999;", "&#99999999999999999999999;"),
    ])
    func forbiddenCharacterReferencesRefused(ref: String, shown: String) {
        #expect(throws: XMLError.invalidCharacterReference(reference: shown, line: 1, column: 4)) { try parse("<a>\(ref)</a>") }
        #expect(throws: XMLError.invalidCharacterReference(reference: shown, line: 1, column: 7)) { try parse("<a b=\"\(ref)\"/>") }
    }

    @Test(arguments: ["&#X41;", "&#;", "&#x;", "&#12", "& b", "&amp", "&#xG;", "&#x-1;", "&;"])
    func malformedReferencesRefused(ref: String) {
        guard case .malformed(_, 1, 4)? = parseError("<a>\(ref)</a>") else {
            Issue.record("expected malformed at 1:4 for \(ref), got \(String(describing: parseError("<a>\(ref)</a>")))")
            return
        }
    }

    @Test func undefinedEntityRefused() {
        #expect(throws: XMLError.undefinedEntity(name: "nbsp", line: 1, column: 6)) { try parse("<a>x &nbsp;</a>") }
        #expect(throws: XMLError.undefinedEntity(name: "e", line: 1, column: 7)) { try parse("<a b=\"&e;\"/>") }
        #expect(throws: XMLError.undefinedEntity(name: "LT", line: 1, column: 4)) { try parse("<a>&LT;</a>") }
    }

    @Test func cdataBecomesTextAndMerges() throws {
        let root = try parse("<a>x<![CDATA[<b>&amp; ]]]]><![CDATA[>]]>y</a>").root
        #expect(root.children.count == 1)
        #expect(root.children.first?.text == "x<b>&amp; ]]>y")
        let crlf = try parse("<a><![CDATA[1\r\n2\r3]]></a>").root
        #expect(crlf.textContent == "1\n2\n3")
    }

    @Test func cdataOutsideRootRefused() {
        #expect(throws: XMLError.contentOutsideRoot(line: 1, column: 1)) { try parse("<![CDATA[x]]><a/>") }
    }

    @Test func commentsDropped() throws {
        let root = try parse("<!-- before --><a>x<!-- y - z -->z<b><!----></b></a><!-- after -->").root
        #expect(root.children.count == 2)
        #expect(root.children.first?.text == "xz")
        #expect(root.childElements.first?.children.isEmpty == true)
    }

    @Test func doubleHyphenInCommentRefused() {
        #expect(throws: XMLError.malformed("a comment contains \"--\", which XML does not allow inside comments", line: 1, column: 11)) {
            try parse("<a><!-- x -- y --></a>")
        }
    }

    @Test func processingInstructionsDropped() throws {
        let root = try parse("<?xml version=\"1.0\" standalone=\"yes\"?><?xml-stylesheet href=\"s.css\"?><a><?target x?>t<?x?></a><?end?>").root
        #expect(root.children.count == 1)
        #expect(root.textContent == "t")
    }

    @Test func misplacedXMLDeclarationRefused() {
        guard case .malformed(_, 1, 2)? = parseError(" <?xml version=\"1.0\"?><a/>") else {
            Issue.record("expected malformed at 1:2, got \(String(describing: parseError(" <?xml version=\"1.0\"?><a/>")))")
            return
        }
    }

    @Test func byteOrderMarkSkipped() throws {
        let doc = try XMLDocument.parse([0xEF, 0xBB, 0xBF] + Array("<?xml version=\"1.0\"?><a>x</a>".utf8))
        #expect(doc.root.textContent == "x")
        // Columns are counted after the BOM.
        #expect(parseError([0xEF, 0xBB, 0xBF] + Array("<a>&bad;</a>".utf8)) == .undefinedEntity(name: "bad", line: 1, column: 4))
    }

    @Test func utf16Refused() {
        let utf16LE: [UInt8] = [0xFF, 0xFE] + "<a/>".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let utf16BE: [UInt8] = [0xFE, 0xFF] + "<a/>".utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let noBOM: [UInt8] = "<a/>".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(parseError(utf16LE) == .unsupportedEncoding("UTF-16"))
        #expect(parseError(utf16BE) == .unsupportedEncoding("UTF-16"))
        #expect(parseError(noBOM) == .unsupportedEncoding("UTF-16"))
    }

    @Test func declaredLegacyEncodingRefused() throws {
        #expect(throws: XMLError.unsupportedEncoding("ISO-8859-1")) {
            try parse("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>")
        }
        _ = try parse("<?xml version='1.0' encoding='utf-8'?><a/>")
    }

    @Test func attributeValueNormalization() throws {
        let root = try parse("<a x=\"1\t2\n3\r\n4\r5  6\" y='a&#10;b&#9;c&#13;d' z=\"'\" q='\"'/>").root
        #expect(root.attribute("x") == "1 2 3 4 5  6")
        #expect(root.attribute("y") == "a\nb\tc\rd")
        #expect(root.attribute("z") == "'")
        #expect(root.attribute("q") == "\"")
    }

    @Test func lineEndNormalizationInText() throws {
        let root = try parse("<a>1\r\n2\r3\n4&#13;5</a>").root
        #expect(root.textContent == "1\n2\n3\n4\r5")
    }

    @Test func whitespaceOnlyTextNodesKept() throws {
        let root = try parse("<a> <b/>\n\t</a>").root
        #expect(root.children.count == 3)
        #expect(root.children[0].text == " ")
        #expect(root.children[1].element?.name == "b")
        #expect(root.children[2].text == "\n\t")
    }

    @Test func whitespaceAroundRootAllowed() throws {
        let root = try parse("\n  <a/>  \n\n").root
        #expect(root.name == "a")
        #expect(root.children.isEmpty)
    }

    @Test func endTagWithSpaceAndNonASCIINames() throws {
        let root = try parse("<données ç=\"1\"><日本 ></日本  ></données >").root
        #expect(root.name == "données")
        #expect(root.attribute("ç") == "1")
        #expect(root.childElements.first?.name == "日本")
    }
}
