extension XMLDocument {
    /// Parses UTF-8 bytes into a document, refusing DTDs, custom entities and anything over `limits`.
    public static func parse(_ bytes: [UInt8], limits: XMLLimits = .default) throws -> XMLDocument {
        if bytes.count > limits.maxBytes {
            throw XMLError.documentTooLarge(size: bytes.count, limit: limits.maxBytes)
        }
        return try bytes.withUnsafeBufferPointer { buffer in
            var parser = SafeXMLParser(buffer, limits: limits)
            return XMLDocument(root: try parser.parseDocument())
        }
    }

    /// Parses a string (as its UTF-8 bytes) into a document; see `parse(_:limits:)` for `[UInt8]`.
    public static func parse(_ text: String, limits: XMLLimits = .default) throws -> XMLDocument {
        try parse(Array(text.utf8), limits: limits)
    }
}

// MARK: - Byte constants

private enum B {
    static let tab: UInt8 = 0x09, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D, space: UInt8 = 0x20
    static let bang: UInt8 = 0x21, quot: UInt8 = 0x22, hash: UInt8 = 0x23, amp: UInt8 = 0x26
    static let apos: UInt8 = 0x27, minus: UInt8 = 0x2D, slash: UInt8 = 0x2F, colon: UInt8 = 0x3A
    static let semicolon: UInt8 = 0x3B, lt: UInt8 = 0x3C, eq: UInt8 = 0x3D, gt: UInt8 = 0x3E
    static let question: UInt8 = 0x3F, lbracket: UInt8 = 0x5B, rbracket: UInt8 = 0x5D, x: UInt8 = 0x78
}

@inline(__always) private func isWhitespace(_ b: UInt8) -> Bool {
    b == B.space || b == B.lf || b == B.tab || b == B.cr
}

/// Name start characters; non-ASCII bytes are accepted as name characters without checking XML's exact ranges.
@inline(__always) private func isNameStart(_ b: UInt8) -> Bool {
    (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || b == 0x5F || b == B.colon || b >= 0x80
}

@inline(__always) private func isNameChar(_ b: UInt8) -> Bool {
    isNameStart(b) || (b >= 0x30 && b <= 0x39) || b == B.minus || b == 0x2E
}

/// Whether `v` is a `Char` in XML 1.0.
@inline(__always) func isXMLChar(_ v: UInt32) -> Bool {
    if v >= 0x20 { return v <= 0xD7FF || (v >= 0xE000 && v <= 0xFFFD) || (v >= 0x10000 && v <= 0x10FFFF) }
    return v == 0x9 || v == 0xA || v == 0xD
}

@inline(__always) private func appendScalar(_ v: UInt32, to buf: inout [UInt8]) {
    if v < 0x80 {
        buf.append(UInt8(v))
    } else if v < 0x800 {
        buf.append(UInt8(0xC0 | (v >> 6)))
        buf.append(UInt8(0x80 | (v & 0x3F)))
    } else if v < 0x10000 {
        buf.append(UInt8(0xE0 | (v >> 12)))
        buf.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
        buf.append(UInt8(0x80 | (v & 0x3F)))
    } else {
        buf.append(UInt8(0xF0 | (v >> 18)))
        buf.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
        buf.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
        buf.append(UInt8(0x80 | (v & 0x3F)))
    }
}

// MARK: - Parser

/// An element whose start tag has been read but whose end tag has not.
private struct OpenElement {
    let name: String
    let prefix: String?
    let localName: String
    let namespaceURI: String?
    let attributes: [XMLAttribute]
    var children: [XMLNode] = []
    let nameStart: Int
    let nameEnd: Int
    let tagStart: Int
    let bindingsMark: Int
}

/// A single-pass, iterative (non-recursive) parser over a byte buffer.
private struct SafeXMLParser {
    let p: UnsafeBufferPointer<UInt8>
    let n: Int
    let limits: XMLLimits
    /// Offset after the BOM; line/column are counted from here.
    var origin = 0
    var i = 0
    var nodeCount = 0
    var text: [UInt8] = []
    var valueBuffer: [UInt8] = []
    /// Attributes of the start tag being read: name byte range and expanded value.
    var rawAttributes: [(s: Int, e: Int, value: String)] = []
    var stack: [OpenElement] = []
    /// In-scope namespace bindings: prefix ("" for the default) to a stack of URIs, innermost last.
    var namespaces: [String: [String]] = [:]
    /// Prefixes declared by open elements, in order, so they can be unbound when the element closes.
    var declaredPrefixes: [String] = []
    var root: XMLElement?

    init(_ p: UnsafeBufferPointer<UInt8>, limits: XMLLimits) {
        self.p = p
        self.n = p.count
        self.limits = limits
    }

    // MARK: Positions and errors

    /// Converts a byte offset into a 1-based line and column (columns count characters).
    func location(_ offset: Int) -> (line: Int, column: Int) {
        var line = 1, column = 1
        var k = origin
        let end = min(offset, n)
        while k < end {
            let b = p[k]
            if b == B.lf {
                line += 1; column = 1
            } else if b == B.cr {
                if k + 1 < n && p[k + 1] == B.lf { k += 1 }
                line += 1; column = 1
            } else if b & 0xC0 != 0x80 {
                column += 1
            }
            k += 1
        }
        return (line, column)
    }

    func malformed(_ message: String, at offset: Int) -> XMLError {
        let (l, c) = location(offset)
        return .malformed(message, line: l, column: c)
    }

    func unexpectedEnd(_ expected: String) -> XMLError {
        let (l, c) = location(n)
        return .unexpectedEndOfInput(expected: expected, line: l, column: c)
    }

    func string(_ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: p[start..<end]), as: UTF8.self)
    }

    /// A string for an error message, shortened so hostile input cannot make messages huge.
    func clipped(_ start: Int, _ end: Int) -> String {
        let s = string(start, min(end, start + 200))
        guard end - start > 200 else { return s }
        return String(s.unicodeScalars.prefix(60)) + "…"
    }

    @inline(__always) func hasPrefix(_ ascii: StaticString, at offset: Int) -> Bool {
        let count = ascii.utf8CodeUnitCount
        guard offset + count <= n else { return false }
        let s = ascii.utf8Start
        for k in 0..<count where p[offset + k] != s[k] { return false }
        return true
    }

    // MARK: Encoding checks

    /// Rejects UTF-16/32, skips a UTF-8 BOM and validates UTF-8 and XML 1.0 characters in one pass.
    mutating func checkEncoding() throws {
        if n >= 2 && ((p[0] == 0xFE && p[1] == 0xFF) || (p[0] == 0xFF && p[1] == 0xFE)) {
            throw XMLError.unsupportedEncoding("UTF-16")
        }
        if n >= 2 && ((p[0] == 0 && p[1] == B.lt) || (p[0] == B.lt && p[1] == 0)) {
            throw XMLError.unsupportedEncoding("UTF-16")
        }
        if n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF {
            origin = 3
        }
        var k = origin
        while k < n {
            let b = p[k]
            if b < 0x80 {
                if b < 0x20 && b != B.tab && b != B.lf && b != B.cr {
                    let (l, c) = location(k)
                    throw XMLError.forbiddenCharacter(codePoint: UInt32(b), line: l, column: c)
                }
                k += 1
                continue
            }
            var need = 0
            var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; lo = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: need = 2
            case 0xED: need = 2; hi = 0x9F
            case 0xF0: need = 3; lo = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; hi = 0x8F
            default: need = -1
            }
            if need < 0 || k + need >= n || p[k + 1] < lo || p[k + 1] > hi {
                let (l, c) = location(k)
                throw XMLError.invalidUTF8(line: l, column: c)
            }
            var m = 2
            while m <= need {
                if p[k + m] & 0xC0 != 0x80 {
                    let (l, c) = location(k)
                    throw XMLError.invalidUTF8(line: l, column: c)
                }
                m += 1
            }
            if b == 0xEF && p[k + 1] == 0xBF && p[k + 2] >= 0xBE {
                let (l, c) = location(k)
                throw XMLError.forbiddenCharacter(codePoint: p[k + 2] == 0xBE ? 0xFFFE : 0xFFFF, line: l, column: c)
            }
            k += need + 1
        }
    }

    // MARK: Document

    mutating func parseDocument() throws -> XMLElement {
        try checkEncoding()
        i = origin
        if hasPrefix("<?xml", at: i) && i + 5 < n && isWhitespace(p[i + 5]) {
            try parseXMLDeclaration()
        }
        while i < n {
            let b = p[i]
            if b == B.lt {
                guard i + 1 < n else { throw unexpectedEnd("a tag") }
                switch p[i + 1] {
                case B.slash: try parseEndTag()
                case B.bang: try parseBang()
                case B.question: try parseProcessingInstruction()
                default: try parseStartTag()
                }
            } else if stack.isEmpty {
                guard isWhitespace(b) else {
                    let (l, c) = location(i)
                    throw XMLError.contentOutsideRoot(line: l, column: c)
                }
                i += 1
            } else if b == B.amp {
                let v = try parseReference()
                appendScalar(v, to: &text)
            } else {
                try scanText()
            }
        }
        if let open = stack.last {
            let (l, c) = location(open.tagStart)
            throw XMLError.unclosedElement(name: open.name, line: l, column: c)
        }
        guard let root else { throw XMLError.missingRootElement }
        return root
    }

    /// Reads `<?xml version="1.0" encoding="..." standalone="..."?>` and refuses non-UTF-8 encodings.
    mutating func parseXMLDeclaration() throws {
        i += 5
        while true {
            skipWhitespace()
            guard i < n else { throw unexpectedEnd("the XML declaration (<?xml ... ?>)") }
            if hasPrefix("?>", at: i) { i += 2; return }
            let nameStart = i
            let (ns, ne) = try scanName()
            let name = string(ns, ne)
            skipWhitespace()
            guard i < n, p[i] == B.eq else {
                throw malformed("the XML declaration is malformed: expected \"=\" after \(name)", at: i)
            }
            i += 1
            skipWhitespace()
            guard i < n, p[i] == B.quot || p[i] == B.apos else {
                throw malformed("the XML declaration is malformed: expected a quoted value for \(name)", at: i)
            }
            let quote = p[i]
            i += 1
            let vs = i
            while i < n && p[i] != quote && p[i] != B.gt { i += 1 }
            guard i < n, p[i] == quote else { throw malformed("the XML declaration is malformed: unterminated value", at: vs) }
            let value = string(vs, i)
            i += 1
            guard i < n, isWhitespace(p[i]) || p[i] == B.question else {
                throw malformed("the XML declaration is malformed: expected a space after the value of \(name)", at: i)
            }
            switch name {
            case "version":
                guard value.hasPrefix("1.") else {
                    throw malformed("XML version \"\(value)\" is not supported; only XML 1.x is", at: nameStart)
                }
            case "encoding":
                let lower = value.lowercased()
                guard ["utf-8", "utf8", "us-ascii", "ascii"].contains(lower) else {
                    throw XMLError.unsupportedEncoding(value)
                }
            case "standalone":
                break
            default:
                throw malformed("the XML declaration contains an unknown setting \"\(name)\"", at: nameStart)
            }
        }
    }

    @inline(__always) mutating func skipWhitespace() {
        while i < n && isWhitespace(p[i]) { i += 1 }
    }

    /// Scans a name at `i`, returning its byte range.
    @inline(__always) mutating func scanName() throws -> (Int, Int) {
        let s = i
        guard i < n else { throw unexpectedEnd("a name") }
        guard isNameStart(p[i]) else {
            throw malformed("expected a name (for example an element or attribute name) here", at: i)
        }
        i += 1
        while i < n && isNameChar(p[i]) { i += 1 }
        return (s, i)
    }

    mutating func countNode(at offset: Int) throws {
        nodeCount += 1
        if nodeCount > limits.maxNodes {
            let (l, c) = location(offset)
            throw XMLError.nodeLimitExceeded(limit: limits.maxNodes, line: l, column: c)
        }
    }

    // MARK: Text

    mutating func scanText() throws {
        var runStart = i
        let scanStart = i
        var j = i
        while j < n {
            let b = p[j]
            if b == B.lt || b == B.amp { break }
            if b == B.cr {
                text.append(contentsOf: UnsafeBufferPointer(rebasing: p[runStart..<j]))
                text.append(B.lf)
                j += (j + 1 < n && p[j + 1] == B.lf) ? 2 : 1
                runStart = j
                continue
            }
            if b == B.gt && j - 2 >= scanStart && p[j - 1] == B.rbracket && p[j - 2] == B.rbracket {
                throw malformed("the text contains \"]]>\", which is not allowed in XML text; write it as ]]&gt;", at: j - 2)
            }
            j += 1
        }
        text.append(contentsOf: UnsafeBufferPointer(rebasing: p[runStart..<j]))
        i = j
    }

    /// Turns accumulated text into a text node of the innermost open element.
    mutating func flushText(at offset: Int) throws {
        guard !text.isEmpty else { return }
        try countNode(at: offset)
        let s = String(decoding: text, as: UTF8.self)
        text.removeAll(keepingCapacity: true)
        stack[stack.count - 1].children.append(.text(s))
    }

    /// Parses `&...;` at `i` and returns the code point it stands for.
    mutating func parseReference() throws -> UInt32 {
        let start = i
        i += 1
        if i < n && p[i] == B.hash {
            i += 1
            var hex = false
            if i < n && p[i] == B.x { hex = true; i += 1 }
            var value: UInt32 = 0
            var digits = 0
            while i < n {
                let b = p[i]
                var d: UInt32
                if b >= 0x30 && b <= 0x39 {
                    d = UInt32(b - 0x30)
                } else if hex && b >= 0x61 && b <= 0x66 {
                    d = UInt32(b - 0x61 + 10)
                } else if hex && b >= 0x41 && b <= 0x46 {
                    d = UInt32(b - 0x41 + 10)
                } else {
                    break
                }
                value = min(value * (hex ? 16 : 10) + d, 0x110000)
                digits += 1
                i += 1
            }
            guard digits > 0, i < n, p[i] == B.semicolon else {
                throw malformed("a character reference must look like &#233; or &#xE9; (digits followed by \";\")", at: start)
            }
            i += 1
            guard isXMLChar(value) else {
                let (l, c) = location(start)
                throw XMLError.invalidCharacterReference(reference: clipped(start, i), line: l, column: c)
            }
            return value
        }
        let ns = i
        while i < n && isNameChar(p[i]) { i += 1 }
        guard i > ns, isNameStart(p[ns]), i < n, p[i] == B.semicolon else {
            throw malformed("a \"&\" must start a reference such as &amp; (write a literal ampersand as &amp;)", at: start)
        }
        let ne = i
        i += 1
        switch ne - ns {
        case 2:
            if p[ns] == 0x6C && p[ns + 1] == 0x74 { return 0x3C }  // lt
            if p[ns] == 0x67 && p[ns + 1] == 0x74 { return 0x3E }  // gt
        case 3:
            if hasPrefix("amp", at: ns) { return 0x26 }
        case 4:
            if hasPrefix("quot", at: ns) { return 0x22 }
            if hasPrefix("apos", at: ns) { return 0x27 }
        default:
            break
        }
        let (l, c) = location(start)
        throw XMLError.undefinedEntity(name: clipped(ns, ne), line: l, column: c)
    }

    // MARK: Markup

    /// Handles `<!--`, `<![CDATA[` and refuses `<!DOCTYPE`.
    mutating func parseBang() throws {
        let start = i
        if hasPrefix("<!--", at: i) {
            var j = i + 4
            while true {
                guard j + 1 < n else { throw unexpectedEnd("a comment (<!-- ... -->)") }
                if p[j] == B.minus && p[j + 1] == B.minus {
                    guard j + 2 < n else { throw unexpectedEnd("a comment (<!-- ... -->)") }
                    guard p[j + 2] == B.gt else {
                        throw malformed("a comment contains \"--\", which XML does not allow inside comments", at: j)
                    }
                    i = j + 3
                    return
                }
                j += 1
            }
        }
        if hasPrefix("<![CDATA[", at: i) {
            if stack.isEmpty {
                let (l, c) = location(start)
                throw XMLError.contentOutsideRoot(line: l, column: c)
            }
            var j = i + 9
            var runStart = j
            while true {
                guard j + 2 < n else { throw unexpectedEnd("a CDATA section (<![CDATA[ ... ]]>)") }
                let b = p[j]
                if b == B.rbracket && p[j + 1] == B.rbracket && p[j + 2] == B.gt {
                    text.append(contentsOf: UnsafeBufferPointer(rebasing: p[runStart..<j]))
                    i = j + 3
                    return
                }
                if b == B.cr {
                    text.append(contentsOf: UnsafeBufferPointer(rebasing: p[runStart..<j]))
                    text.append(B.lf)
                    j += p[j + 1] == B.lf ? 2 : 1
                    runStart = j
                    continue
                }
                j += 1
            }
        }
        if i + 9 <= n {
            var word = ""
            for k in 2..<9 { word.unicodeScalars.append(Unicode.Scalar(p[i + k] | 0x20)) }
            if word == "doctype" {
                let (l, c) = location(start)
                throw XMLError.doctypeForbidden(line: l, column: c)
            }
        }
        if hasPrefix("<!ENTITY", at: i) {
            let (l, c) = location(start)
            throw XMLError.doctypeForbidden(line: l, column: c)
        }
        throw malformed("unrecognised markup starting with \"<!\"; only comments and CDATA sections are allowed", at: start)
    }

    /// Skips `<?target ...?>`; refuses a misplaced XML declaration.
    mutating func parseProcessingInstruction() throws {
        let start = i
        i += 2
        let (ts, te) = try scanName()
        if te - ts == 3 && (p[ts] | 0x20) == 0x78 && (p[ts + 1] | 0x20) == 0x6D && (p[ts + 2] | 0x20) == 0x6C {
            throw malformed("the XML declaration <?xml ...?> may only appear at the very start of the document", at: start)
        }
        guard i < n else { throw unexpectedEnd("a processing instruction (<? ... ?>)") }
        guard isWhitespace(p[i]) || p[i] == B.question else {
            throw malformed("a processing instruction name must be followed by a space or \"?>\"", at: i)
        }
        while true {
            guard i + 1 < n else { throw unexpectedEnd("a processing instruction (<? ... ?>)") }
            if p[i] == B.question && p[i + 1] == B.gt {
                i += 2
                return
            }
            i += 1
        }
    }

    /// Parses a quoted attribute value at `i`, expanding references and normalizing whitespace.
    mutating func parseAttributeValue() throws -> String {
        let quote = p[i]
        i += 1
        let valueStart = i
        var runStart = i
        var simple = true
        valueBuffer.removeAll(keepingCapacity: true)
        while true {
            guard i < n else { throw unexpectedEnd("an attribute value") }
            let b = p[i]
            if b == quote { break }
            if b == B.lt {
                let (l, c) = location(i)
                throw XMLError.lessThanInAttributeValue(line: l, column: c)
            }
            if b == B.amp || b == B.tab || b == B.lf || b == B.cr {
                simple = false
                valueBuffer.append(contentsOf: UnsafeBufferPointer(rebasing: p[runStart..<i]))
                if b == B.amp {
                    let v = try parseReference()
                    appendScalar(v, to: &valueBuffer)
                } else {
                    valueBuffer.append(B.space)
                    i += (b == B.cr && i + 1 < n && p[i + 1] == B.lf) ? 2 : 1
                }
                runStart = i
                continue
            }
            i += 1
        }
        let result: String
        if simple {
            result = string(valueStart, i)
        } else {
            valueBuffer.append(contentsOf: UnsafeBufferPointer(rebasing: p[runStart..<i]))
            result = String(decoding: valueBuffer, as: UTF8.self)
        }
        i += 1
        return result
    }

    /// Splits a QName byte range into (prefix, localName) strings, validating Namespaces-in-XML syntax.
    func splitQName(_ s: Int, _ e: Int, qname: String) throws -> (String?, String) {
        var colon = -1
        for k in s..<e where p[k] == B.colon {
            guard colon < 0 else {
                throw malformed("the name \"\(clipped(s, e))\" contains more than one colon", at: s)
            }
            colon = k
        }
        if colon < 0 { return (nil, qname) }
        guard colon > s, colon + 1 < e, isNameStart(p[colon + 1]) else {
            throw malformed("the name \"\(clipped(s, e))\" is not a valid prefixed name (prefix:name)", at: s)
        }
        return (string(s, colon), string(colon + 1, e))
    }

    func lookupNamespace(_ prefix: String) -> String? {
        namespaces[prefix]?.last
    }

    mutating func bind(_ prefix: String, _ uri: String) {
        namespaces[prefix, default: []].append(uri)
        declaredPrefixes.append(prefix)
    }

    /// Removes the bindings declared since `mark` (a count of `declaredPrefixes`).
    mutating func unbind(to mark: Int) {
        while declaredPrefixes.count > mark {
            let prefix = declaredPrefixes.removeLast()
            namespaces[prefix]?.removeLast()
        }
    }

    /// A start tag or an empty-element tag, in four steps: its name and attributes as written,
    /// the namespaces it declares, its attributes with their namespaces (duplicates refused), and
    /// its own name's namespace; then the element is opened or, self-closing, attached.
    mutating func parseStartTag() throws {
        let tagStart = i
        if stack.isEmpty && root != nil {
            let (l, c) = location(tagStart)
            throw XMLError.contentOutsideRoot(line: l, column: c)
        }
        if stack.count >= limits.maxDepth {
            let (l, c) = location(tagStart)
            throw XMLError.depthLimitExceeded(limit: limits.maxDepth, line: l, column: c)
        }
        i += 1
        let (ns, ne) = try scanName()
        try countNode(at: tagStart)
        let selfClosing = try scanAttributes(tag: ns, ne)

        if !stack.isEmpty { try flushText(at: tagStart) }

        // Namespace declarations first: they apply to this element and its attributes.
        let raw = rawAttributes
        let mark = declaredPrefixes.count
        try bindDeclaredNamespaces(raw)
        let attributes = try resolveAttributes(raw)
        let name = string(ns, ne)
        let (prefix, local, uri) = try resolveElementName(ns, ne, name: name)

        if selfClosing {
            unbind(to: mark)
            attach(XMLElement(name: name, localName: local, prefix: prefix, namespaceURI: uri, attributes: attributes))
        } else {
            stack.append(
                OpenElement(
                    name: name, prefix: prefix, localName: local, namespaceURI: uri,
                    attributes: attributes, nameStart: ns, nameEnd: ne,
                    tagStart: tagStart, bindingsMark: mark))
        }
    }

    /// Reads the attributes of the tag named at `ns..<ne` into `rawAttributes`, up to and
    /// including its closing `>` or `/>`; true when the tag closes itself.
    mutating func scanAttributes(tag ns: Int, _ ne: Int) throws -> Bool {
        rawAttributes.removeAll(keepingCapacity: true)
        while true {
            let before = i
            skipWhitespace()
            guard i < n else { throw unexpectedEnd("the tag <\(clipped(ns, ne))>") }
            let b = p[i]
            if b == B.gt { i += 1; return false }
            if b == B.slash {
                guard i + 1 < n else { throw unexpectedEnd("the tag <\(clipped(ns, ne))>") }
                guard p[i + 1] == B.gt else { throw malformed("expected \">\" after \"/\" in a tag", at: i + 1) }
                i += 2
                return true
            }
            guard i > before else {
                throw malformed("unexpected character in the tag <\(clipped(ns, ne))>; attributes must be separated by spaces", at: i)
            }
            if rawAttributes.count >= limits.maxAttributesPerElement {
                let (l, c) = location(i)
                throw XMLError.attributeLimitExceeded(limit: limits.maxAttributesPerElement, line: l, column: c)
            }
            let attrStart = i
            let (as_, ae) = try scanName()
            skipWhitespace()
            guard i < n else { throw unexpectedEnd("the tag <\(clipped(ns, ne))>") }
            guard p[i] == B.eq else {
                throw malformed("the attribute \"\(clipped(as_, ae))\" must be followed by \"=\" and a quoted value", at: i)
            }
            i += 1
            skipWhitespace()
            guard i < n else { throw unexpectedEnd("the tag <\(clipped(ns, ne))>") }
            guard p[i] == B.quot || p[i] == B.apos else {
                throw malformed("the value of attribute \"\(clipped(as_, ae))\" must be in quotes", at: i)
            }
            try countNode(at: attrStart)
            let value = try parseAttributeValue()
            rawAttributes.append((as_, ae, value))
        }
    }

    /// Binds the namespaces the tag declares (`xmlns`, `xmlns:p`), refusing the reserved ones.
    mutating func bindDeclaredNamespaces(_ raw: [(s: Int, e: Int, value: String)]) throws {
        for a in raw {
            let len = a.e - a.s
            if len == 5 && hasPrefix("xmlns", at: a.s) {
                if a.value == XMLNamespace.xml || a.value == XMLNamespace.xmlns {
                    throw namespaceError("the default namespace cannot be set to the reserved URI \(a.value)", at: a.s)
                }
                bind("", a.value)
            } else if len > 6 && hasPrefix("xmlns:", at: a.s) {
                let prefix = string(a.s + 6, a.e)
                if prefix == "xmlns" {
                    throw namespaceError("the prefix \"xmlns\" is reserved and cannot be declared", at: a.s)
                }
                if (prefix == "xml") != (a.value == XMLNamespace.xml) || a.value == XMLNamespace.xmlns {
                    throw namespaceError(
                        "the prefix \"\(prefix)\" cannot be bound to \(a.value); the xml and xmlns prefixes and their URIs are reserved", at: a.s)
                }
                if a.value.isEmpty {
                    throw namespaceError("the namespace prefix \"\(prefix)\" is declared with an empty URI, which is not allowed", at: a.s)
                }
                bind(prefix, a.value)
            }
        }
    }

    /// The tag's attributes with their namespaces; an attribute given twice (by name, or by local
    /// name and namespace) is refused.
    func resolveAttributes(_ raw: [(s: Int, e: Int, value: String)]) throws -> [XMLAttribute] {
        var attributes: [XMLAttribute] = []
        attributes.reserveCapacity(raw.count)
        var seenNames = Set<String>()
        for a in raw {
            let qname = string(a.s, a.e)
            let (prefix, local) = try splitQName(a.s, a.e, qname: qname)
            let uri: String?
            if let prefix {
                if prefix == "xmlns" {
                    uri = XMLNamespace.xmlns
                } else if prefix == "xml" {
                    uri = XMLNamespace.xml
                } else if let bound = lookupNamespace(prefix) {
                    uri = bound
                } else {
                    let (l, c) = location(a.s)
                    throw XMLError.unboundPrefix(prefix: prefix, line: l, column: c)
                }
            } else {
                uri = qname == "xmlns" ? XMLNamespace.xmlns : nil
            }
            let attribute = XMLAttribute(name: qname, localName: local, prefix: prefix, namespaceURI: uri, value: a.value)
            var duplicate = false
            if raw.count <= 16 {
                for other in attributes where other.name == qname || (other.localName == local && other.namespaceURI == uri) {
                    duplicate = true
                }
            } else {
                // Large attribute lists: hash instead of comparing every pair.
                let expanded = (uri ?? "") + "\u{0}" + local
                duplicate = !seenNames.insert(qname).inserted || !seenNames.insert(expanded).inserted
            }
            if duplicate {
                let (l, c) = location(a.s)
                throw XMLError.duplicateAttribute(name: qname, line: l, column: c)
            }
            attributes.append(attribute)
        }
        return attributes
    }

    /// The element name's prefix, local name and namespace (the default namespace when unprefixed).
    func resolveElementName(_ ns: Int, _ ne: Int, name: String) throws -> (prefix: String?, local: String, uri: String?) {
        let (prefix, local) = try splitQName(ns, ne, qname: name)
        guard let prefix else {
            let d = lookupNamespace("")
            return (nil, local, (d?.isEmpty ?? true) ? nil : d)
        }
        if prefix == "xml" { return (prefix, local, XMLNamespace.xml) }
        if prefix == "xmlns" { throw namespaceError("an element cannot use the reserved prefix \"xmlns\"", at: ns) }
        guard let bound = lookupNamespace(prefix) else {
            let (l, c) = location(ns)
            throw XMLError.unboundPrefix(prefix: prefix, line: l, column: c)
        }
        return (prefix, local, bound)
    }

    func namespaceError(_ message: String, at offset: Int) -> XMLError {
        let (l, c) = location(offset)
        return .invalidNamespaceDeclaration(message, line: l, column: c)
    }

    mutating func attach(_ element: XMLElement) {
        if stack.isEmpty {
            root = element
        } else {
            stack[stack.count - 1].children.append(.element(element))
        }
    }

    mutating func parseEndTag() throws {
        let tagStart = i
        i += 2
        let (ns, ne) = try scanName()
        skipWhitespace()
        guard i < n else { throw unexpectedEnd("the closing tag </\(clipped(ns, ne))>") }
        guard p[i] == B.gt else { throw malformed("expected \">\" to end the closing tag </\(clipped(ns, ne))>", at: i) }
        i += 1
        guard let open = stack.last else {
            throw malformed("the closing tag </\(clipped(ns, ne))> has no matching opening tag", at: tagStart)
        }
        var same = ne - ns == open.nameEnd - open.nameStart
        if same {
            var k = 0
            while k < ne - ns {
                if p[ns + k] != p[open.nameStart + k] { same = false; break }
                k += 1
            }
        }
        guard same else {
            let (l, c) = location(tagStart)
            throw XMLError.mismatchedEndTag(expected: open.name, found: clipped(ns, ne), line: l, column: c)
        }
        try flushText(at: tagStart)
        let done = stack.removeLast()
        unbind(to: done.bindingsMark)
        attach(
            XMLElement(
                name: done.name, localName: done.localName, prefix: done.prefix,
                namespaceURI: done.namespaceURI, attributes: done.attributes, children: done.children))
    }
}
