import Testing

@testable import SafeXML

@Suite struct WellFormednessTests {
    @Test func mismatchedEndTag() {
        #expect(throws: XMLError.mismatchedEndTag(expected: "b", found: "a", line: 1, column: 7)) { try parse("<a><b></a></b>") }
        #expect(throws: XMLError.mismatchedEndTag(expected: "w:p", found: "w:r", line: 3, column: 1)) {
            try parse("<w:p xmlns:w=\"u\">\n  <w:r/>\n</w:r>")
        }
    }

    @Test func unclosedElementReportsWhereItOpened() {
        #expect(throws: XMLError.unclosedElement(name: "b", line: 2, column: 3)) { try parse("<a>\n  <b><c/>text") }
    }

    @Test func endTagWithoutStartTag() {
        guard case .malformed(_, 1, 1)? = parseError("</a>") else {
            Issue.record("expected malformed at 1:1, got \(String(describing: parseError("</a>")))")
            return
        }
    }

    @Test func duplicateAttribute() {
        #expect(throws: XMLError.duplicateAttribute(name: "x", line: 1, column: 10)) { try parse("<a x=\"1\" x=\"2\"/>") }
    }

    @Test func contentAfterRoot() {
        #expect(throws: XMLError.contentOutsideRoot(line: 1, column: 5)) { try parse("<a/>x") }
        #expect(throws: XMLError.contentOutsideRoot(line: 2, column: 1)) { try parse("<a/>\n<b/>") }
        #expect(throws: XMLError.contentOutsideRoot(line: 1, column: 5)) { try parse("<a/>&amp;") }
    }

    @Test func textBeforeRoot() {
        #expect(throws: XMLError.contentOutsideRoot(line: 1, column: 3)) { try parse("  x<a/>") }
    }

    @Test func missingRoot() {
        #expect(throws: XMLError.missingRootElement) { try parse("") }
        #expect(throws: XMLError.missingRootElement) { try parse("<?xml version=\"1.0\"?>\n<!-- nothing -->\n") }
        #expect(parseError([0xEF, 0xBB, 0xBF]) == .missingRootElement)
    }

    @Test func lessThanInAttributeValue() {
        #expect(throws: XMLError.lessThanInAttributeValue(line: 1, column: 8)) { try parse("<a x=\"a<b\"/>") }
    }

    @Test func cdataEndMarkerInTextRefused() {
        guard case .malformed(_, 1, 5)? = parseError("<a>x]]>y</a>") else {
            Issue.record("expected malformed at 1:5, got \(String(describing: parseError("<a>x]]>y</a>")))")
            return
        }
    }

    @Test(arguments: ["<a x=\"1", "<a", "<a><!-- x", "<a><![CDATA[x", "<a><?pi x", "<a>&amp", "<a x", "<a></a"])
    func truncatedInputRefused(xml: String) {
        let error = parseError(xml)
        switch error {
        case .unexpectedEndOfInput?, .malformed?: break
        default: Issue.record("expected a truncation error for \(xml), got \(String(describing: error))")
        }
        #expect(error?.line == 1)
    }

    @Test func unclosedAtEndOfInput() {
        #expect(throws: XMLError.unexpectedEndOfInput(expected: "an attribute value", line: 1, column: 8)) { try parse("<a x=\"1") }
    }

    @Test(arguments: ["<a x=1/>", "<a x/>", "<a x=\"1\"y=\"2\"/>", "<a/ >", "<a>< b/></a>"])
    func malformedTagsRefused(xml: String) {
        guard case .malformed(_, 1, _)? = parseError(xml) else {
            Issue.record("expected malformed for \(xml), got \(String(describing: parseError(xml)))")
            return
        }
    }

    @Test(arguments: [
        ([0xC3, 0x28] as [UInt8], "truncated 2-byte sequence"),
        ([0xC0, 0x80], "overlong NUL"),
        ([0xE0, 0x80, 0xAF], "overlong slash"),
        ([0xED, 0xA0, 0x80], "UTF-16 surrogate"),
        ([0xF4, 0x90, 0x80, 0x80], "beyond U+10FFFF"),
        ([0xFF], "invalid lead byte"),
        ([0x80], "lone continuation byte"),
        ([0xE2, 0x82], "cut off at end"),
    ])
    func invalidUTF8Refused(bytes: [UInt8], label: String) {
        let doc = Array("<a>".utf8) + bytes + (label == "cut off at end" ? [] : Array("</a>".utf8))
        #expect(parseError(doc) == .invalidUTF8(line: 1, column: 4), "\(label)")
    }

    @Test func invalidUTF8PositionCountsCharacters() {
        let doc = Array("<a>\néé€".utf8) + [0xFF] + Array("</a>".utf8)
        #expect(parseError(doc) == .invalidUTF8(line: 2, column: 4))
    }

    @Test func nulByteRefused() {
        #expect(parseError(Array("<a>".utf8) + [0] + Array("</a>".utf8)) == .forbiddenCharacter(codePoint: 0, line: 1, column: 4))
        #expect(parseError(Array("<a x=\"".utf8) + [0] + Array("\"/>".utf8)) == .forbiddenCharacter(codePoint: 0, line: 1, column: 7))
    }

    @Test(arguments: [0x01, 0x08, 0x0B, 0x0C, 0x1F] as [UInt8])
    func controlCharactersRefused(byte: UInt8) {
        let doc = Array("<a>\r\nx".utf8) + [byte] + Array("</a>".utf8)
        #expect(parseError(doc) == .forbiddenCharacter(codePoint: UInt32(byte), line: 2, column: 2))
    }

    @Test func nonCharactersFFFEandFFFFRefused() {
        #expect(parseError(Array("<a>".utf8) + [0xEF, 0xBF, 0xBE] + Array("</a>".utf8)) == .forbiddenCharacter(codePoint: 0xFFFE, line: 1, column: 4))
        #expect(parseError(Array("<a>".utf8) + [0xEF, 0xBF, 0xBF] + Array("</a>".utf8)) == .forbiddenCharacter(codePoint: 0xFFFF, line: 1, column: 4))
    }

    @Test func allowedWhitespaceControlsAndC1Accepted() throws {
        let root = try parse("<a>\tx\ny\u{85}\u{9F}</a>").root
        #expect(root.textContent == "\tx\ny\u{85}\u{9F}")
    }

    @Test func errorMessagesNameTheProblem() {
        #expect(
            XMLError.unboundPrefix(prefix: "w", line: 2, column: 5).description
                == "line 2, column 5: the namespace prefix \"w\" is used but never declared with xmlns:w=\"...\"")
        #expect(
            XMLError.forbiddenCharacter(codePoint: 0, line: 1, column: 4).description
                == "line 1, column 4: the document contains the invisible control character U+0000, which XML does not allow")
        #expect(
            XMLError.mismatchedEndTag(expected: "b", found: "a", line: 1, column: 7).description
                == "line 1, column 7: the closing tag </a> does not match the open element <b>")
    }
}
