import Testing

@testable import SafeXML

@Suite struct SafetyTests {
    @Test func billionLaughsRefusedAsDoctype() {
        let lols = (1...9).map { n in
            "  <!ENTITY lol\(n) \"" + String(repeating: "&lol\(n - 1);", count: 10) + "\">"
        }.joined(separator: "\n")
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [
              <!ENTITY lol0 "lol">
            \(lols)
            ]>
            <lolz>&lol9;</lolz>
            """
        #expect(throws: XMLError.doctypeForbidden(line: 2, column: 1)) { try parse(xml) }
    }

    @Test func externalEntityRefusedAsDoctype() {
        let xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n<x>&e;</x>"
        #expect(throws: XMLError.doctypeForbidden(line: 2, column: 1)) { try parse(xml) }
    }

    @Test func doctypeAnywhereAndInAnyCaseRefused() {
        #expect(throws: XMLError.doctypeForbidden(line: 1, column: 1)) { try parse("<!DOCTYPE a><a/>") }
        #expect(throws: XMLError.doctypeForbidden(line: 1, column: 1)) { try parse("<!doctype a><a/>") }
        #expect(throws: XMLError.doctypeForbidden(line: 1, column: 4)) { try parse("<a><!DOCTYPE a></a>") }
        #expect(throws: XMLError.doctypeForbidden(line: 1, column: 4)) { try parse("<a><!ENTITY e \"x\"></a>") }
    }

    @Test func doctypeErrorMessageIsPlain() {
        let error = XMLError.doctypeForbidden(line: 3, column: 7)
        #expect(error.description == "line 3, column 7: the document declares a DTD (<!DOCTYPE>), which is refused for safety")
        #expect(error.line == 3)
        #expect(error.column == 7)
        #expect(XMLError.missingRootElement.line == nil)
        #expect(XMLError.missingRootElement.description == "the document contains no XML element (it is empty or holds only comments)")
    }

    @Test func depthBombRefusedWithoutStackOverflow() {
        let n = 100_000
        let xml = String(repeating: "<a>", count: n) + "x" + String(repeating: "</a>", count: n)
        // The 257th start tag begins after 256 × 3 bytes.
        #expect(throws: XMLError.depthLimitExceeded(limit: 256, line: 1, column: 769)) { try parse(xml) }
    }

    @Test func depthExactlyAtLimitAccepted() throws {
        let n = 256
        let root = try parse(String(repeating: "<a>", count: n) + "x" + String(repeating: "</a>", count: n)).root
        #expect(root.descendants(named: "a").count == n - 1)
        #expect(root.textContent == "x")
    }

    @Test func customDepthLimit() throws {
        let limits = XMLLimits(maxDepth: 3)
        _ = try parse("<a><b><c/></b></a>", limits: limits)
        #expect(throws: XMLError.depthLimitExceeded(limit: 3, line: 1, column: 10)) {
            try parse("<a><b><c><d/></c></b></a>", limits: limits)
        }
    }

    @Test func attributeLimit() throws {
        let attrs = (1...256).map { "a\($0)=\"\($0)\"" }.joined(separator: " ")
        let ok = try parse("<e \(attrs)/>").root
        #expect(ok.attributes.count == 256)
        #expect(ok.attribute("a200") == "200")
        guard case .attributeLimitExceeded(256, 1, _)? = parseError("<e \(attrs) extra=\"1\"/>") else {
            Issue.record("expected attributeLimitExceeded(256)")
            return
        }
    }

    @Test func duplicateDetectedInLargeAttributeList() {
        let attrs = (1...40).map { "a\($0)=\"\($0)\"" }.joined(separator: " ")
        guard case .duplicateAttribute("a7", 1, _)? = parseError("<e \(attrs) a7=\"again\"/>") else {
            Issue.record("expected duplicateAttribute(a7), got \(String(describing: parseError("<e \(attrs) a7=\"again\"/>")))")
            return
        }
        guard
            case .duplicateAttribute("p:x", 1, _)? =
                parseError("<e xmlns:p=\"u\" xmlns:q=\"u\" q:x=\"1\" \(attrs) p:x=\"2\"/>")
        else {
            Issue.record("expected duplicateAttribute(p:x) via the namespace-expanded name")
            return
        }
    }

    @Test func nodeLimit() throws {
        let limits = XMLLimits(maxNodes: 6)
        _ = try parse("<a><b/><b/><b/><b/><b/></a>", limits: limits)
        #expect(throws: XMLError.nodeLimitExceeded(limit: 6, line: 1, column: 24)) {
            try parse("<a><b/><b/><b/><b/><b/><b/></a>", limits: limits)
        }
        // Attributes and text count too.
        #expect(throws: XMLError.nodeLimitExceeded(limit: 2, line: 1, column: 11)) {
            try parse("<a x=\"1\">t</a>", limits: XMLLimits(maxNodes: 2))
        }
    }

    @Test func sizeLimit() throws {
        #expect(throws: XMLError.documentTooLarge(size: 11, limit: 10)) { try parse("<a>xxxx</a>", limits: XMLLimits(maxBytes: 10)) }
        _ = try parse("<a>xxx</a>", limits: XMLLimits(maxBytes: 10))
    }

    @Test func defaultLimits() {
        #expect(XMLLimits.default == XMLLimits(maxBytes: 64 * 1024 * 1024, maxDepth: 256, maxAttributesPerElement: 256, maxNodes: 5_000_000))
    }
}
