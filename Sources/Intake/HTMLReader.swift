import Foundation
import MultilingualText
import Submissions

/// Reads HTML (a saved web page, an e-mail's HTML body) into plain text with its paragraph
/// structure, without running or fetching anything.
///
/// A small tokenizer, not a browser: `head`, `script`, `style`, `template` and comments are dropped;
/// block elements (`p`, `div`, headings, `li`, `blockquote`…) become paragraphs separated by a
/// blank line; a table of two columns or more becomes one row per line with its cells separated
/// by tabs (the convention of `StateText`, so it prints as a table again; a cell's paragraphs are
/// separated by LINE SEPARATOR, U+2028; a table of one row is followed by a line of its tabs alone); `br` a line feed; white space collapses except in `pre`; character
/// references are decoded (the 253 HTML 4 names and numeric ones); list items get their labels:
/// `<ol type="a">` gives "(a) text", as the plain-text originals write them, `<ol>` "1. text",
/// `<ul>` "• text". A paragraph inside `dir="rtl"` whose first strong letter is left-to-right gets
/// a RIGHT-TO-LEFT MARK in front, as Word paragraphs marked right-to-left do.
///
/// The charset comes from a byte order mark, else `--encoding`, else the charset an e-mail declares
/// for the part, else `<meta charset>` (or `http-equiv`) in the first 1 024 bytes, else detection.
public enum HTMLReader {
    /// Reads received HTML into stored form.
    public static func read(_ data: Data, file: String, options: IntakeOptions = IntakeOptions(), declared: String? = nil) throws -> ReceivedText {
        let bytes = [UInt8](data.prefix(1024))
        let bom =
            bytes.starts(with: [0xEF, 0xBB, 0xBF]) || bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])
            || bytes.starts(with: [0, 0, 0xFE, 0xFF])
        let charset = bom ? nil : (options.encoding ?? declared ?? metaCharset(bytes))
        let decoded = try EMLReader.decodeText(data, file: file, declared: charset, fallback: nil)
        let text = convert(decoded.text)
        if text.isEmpty {
            throw IntakeError.noText(file: file, detail: "the HTML has no visible text outside scripts, styles and the page head")
        }
        return try Intake.assembled(text, bytes: data, file: file, kind: .html, encoding: decoded.encoding)
    }

    /// The charset a `<meta>` in the first 1 024 bytes declares (UTF-16 labels are ignored: the
    /// bytes were read as ASCII to find them).
    static func metaCharset(_ bytes: [UInt8]) -> String? {
        let head = String(bytes.prefix(1024).map { Character(Unicode.Scalar($0)) })
        var t = Tokenizer(head)
        while let token = t.next() {
            guard case let .start(name, attrs, _) = token, name == "meta" else { continue }
            var cs = attrs["charset"]
            if cs == nil, attrs["http-equiv"]?.lowercased() == "content-type", let content = attrs["content"] {
                cs = EMLReader.parseParameters(content).params["charset"]
            }
            if let cs = cs?.trimmingCharacters(in: .whitespaces), !cs.isEmpty, !cs.lowercased().hasPrefix("utf-16") {
                return cs
            }
        }
        return nil
    }

    // MARK: - Conversion

    static let blocks: Set<String> = [
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr", "td", "th",
        "thead", "tbody", "tfoot", "caption", "blockquote", "pre", "section", "article", "header", "footer", "main",
        "nav", "aside", "address", "figure", "figcaption", "center", "form", "fieldset", "legend", "details",
        "summary", "body", "html",
    ]
    static let dropped: Set<String> = ["head", "script", "style", "template", "noscript", "title", "object", "svg", "math", "iframe", "select", "button"]
    static let headContent: Set<String> = ["title", "meta", "link", "style", "script", "base", "noscript", "template"]
    static let void: Set<String> = ["br", "hr", "img", "meta", "link", "input", "wbr", "area", "base", "col", "embed", "param", "source", "track"]

    /// Plain text from HTML text already decoded: paragraphs separated by a blank line, ending
    /// with a line feed (empty when nothing is visible).
    public static func convert(_ html: String) -> String {
        var b = Builder()
        var t = Tokenizer(html)
        while let token = t.next() {
            switch token {
            case let .text(s):
                if b.dropDepth == 0 { b.text(s) }
            case let .start(name, attrs, selfClosing):
                if b.dropDepth > 0, b.stack.last(where: { $0.dropped })?.name == "head", !headContent.contains(name) {
                    b.close("head")  // the page body starts: a missing </head> is implied
                }
                if dropped.contains(name) {
                    if !selfClosing { b.dropDepth += 1; b.stack.append(.init(name: name, dir: nil, list: nil, dropped: true)) }
                    continue
                }
                if name == "br" { b.lineBreak(); continue }
                if name == "hr" { b.flush(); continue }
                if void.contains(name) { continue }
                b.open(name, attrs)
                if selfClosing { b.close(name) }
            case let .end(name):
                if name == "br" { b.lineBreak(); continue }
                b.close(name)
            }
        }
        b.flush()
        while !b.tables.isEmpty { b.finishTable() }
        return b.paragraphs.isEmpty ? "" : b.paragraphs.joined(separator: "\n\n") + "\n"
    }

    /// An element that is open.
    struct Open {
        var name: String
        var dir: String?
        var list: ListState?
        var dropped = false
        var msoListLabel = false
    }

    /// Counting in an open list.
    struct ListState {
        var ordered: Bool
        var type: String
        var next: Int
    }

    /// Collects paragraphs while elements open and close.
    struct Builder {
        var paragraphs: [String] = []
        var current = ""
        var label = ""
        var stack: [Open] = []
        var dropDepth = 0
        var preDepth = 0
        var pendingSpace = false
        /// Tables open, innermost last: a table is stored one row per line, cells separated by tabs.
        var tables: [TableState] = []

        /// A table being read: finished rows, the row and the cell (its paragraphs) being read.
        struct TableState {
            var rows: [[String]] = []
            var row: [String]? = nil
            var cell: [String]? = nil
        }

        /// A finished paragraph goes to the open table cell, else to the text.
        mutating func emit(_ paragraph: String) {
            if !tables.isEmpty, tables[tables.count - 1].cell != nil {
                tables[tables.count - 1].cell!.append(paragraph)
            } else {
                paragraphs.append(paragraph)
            }
        }

        mutating func finishCell() {
            guard !tables.isEmpty, let cell = tables[tables.count - 1].cell else { return }
            // A cell's paragraphs (and line breaks) stay apart: LINE SEPARATOR between them.
            let text = String(cell.joined(separator: "\u{2028}").map { $0 == "\t" ? " " : $0 == "\n" || $0 == "\r\n" ? "\u{2028}" : $0 })
            if tables[tables.count - 1].row == nil { tables[tables.count - 1].row = [] }
            tables[tables.count - 1].row!.append(text)
            tables[tables.count - 1].cell = nil
        }

        mutating func finishRow() {
            finishCell()
            guard !tables.isEmpty, let row = tables[tables.count - 1].row else { return }
            if row.contains(where: { !$0.unicodeScalars.allSatisfy { $0.properties.isWhitespace } }) { tables[tables.count - 1].rows.append(row) }
            tables[tables.count - 1].row = nil
        }

        /// Closes the innermost table: two columns or more as tab-separated lines, one column as paragraphs.
        mutating func finishTable() {
            finishRow()
            guard let t = tables.popLast() else { return }
            let columns = t.rows.map(\.count).max() ?? 0
            if columns <= 1 {
                for r in t.rows { if let c = r.first { for p in c.split(separator: "\u{2028}") { emit(String(p)) } } }
            } else {
                var lines = t.rows.map { r in (r + Array(repeating: "", count: columns - r.count)).joined(separator: "\t") }
                // A table of one row is marked by an empty row after it (see `StateText`).
                if lines.count == 1 { lines.append(String(repeating: "\t", count: columns - 1)) }
                emit(lines.joined(separator: "\n"))
            }
        }

        var rtl: Bool { stack.last(where: { $0.dir != nil })?.dir == "rtl" }
        var inMsoLabel: Bool { stack.contains { $0.msoListLabel } }

        mutating func text(_ s: String) {
            if preDepth > 0 {
                current += s
                return
            }
            let nbspAsSpace = inMsoLabel
            for scalar in s.unicodeScalars {
                if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar == "\u{0C}" || (nbspAsSpace && scalar == "\u{A0}") {
                    pendingSpace = true
                    continue
                }
                if pendingSpace && !current.isEmpty && current.unicodeScalars.last != "\n" { current += " " }
                pendingSpace = false
                current.unicodeScalars.append(scalar)
            }
        }

        mutating func lineBreak() {
            pendingSpace = false
            if !current.isEmpty && current.unicodeScalars.last != "\n" { current += "\n" }
        }

        mutating func flush() {
            var text = current
            current = ""
            pendingSpace = false
            let edge: (Unicode.Scalar) -> Bool = { $0.properties.isWhitespace }
            while let f = text.unicodeScalars.first, edge(f) { text.unicodeScalars.removeFirst() }
            while let l = text.unicodeScalars.last, edge(l) { text.unicodeScalars.removeLast() }
            guard !text.isEmpty else { return }  // a list label waits for the item's first text
            let labelled = label.isEmpty ? text : label + " " + text
            label = ""
            if rtl && Bidi.baseDirection(labelled) == .ltr {
                emit("\u{200F}" + labelled)
            } else {
                emit(labelled)
            }
        }

        mutating func open(_ name: String, _ attrs: [String: String]) {
            let isBlock = HTMLReader.blocks.contains(name)
            if isBlock { flush() }
            if name == "p", let i = stack.lastIndex(where: { $0.name == "p" }), !stack[i...].contains(where: { $0.name == "div" || $0.name == "td" }) {
                popTo(i)  // <p> closes an open <p>
            }
            if name == "li", let i = stack.lastIndex(where: { $0.name == "li" || $0.list != nil }), stack[i].name == "li" {
                popTo(i)  // <li> closes an open <li> of the same list
            }
            var o = Open(name: name, dir: attrs["dir"]?.lowercased(), list: nil)
            if o.dir != "rtl" && o.dir != "ltr" { o.dir = nil }
            if name == "ol" || name == "ul" {
                let type = attrs["type"] ?? HTMLReader.listType(fromStyle: attrs["style"]) ?? (name == "ol" ? "1" : "disc")
                o.list = ListState(ordered: name == "ol", type: type, next: attrs["start"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? 1)
            }
            if name == "span", let style = attrs["style"]?.lowercased().replacingOccurrences(of: " ", with: ""), style.contains("mso-list:ignore") {
                o.msoListLabel = true  // Word's HTML writes list labels as text followed by &nbsp;s
            }
            if name == "pre" { preDepth += 1 }
            switch name {
            case "table": tables.append(TableState())
            case "tr": if !tables.isEmpty { finishRow(); tables[tables.count - 1].row = [] }
            case "td", "th": if !tables.isEmpty { finishCell(); tables[tables.count - 1].cell = [] }
            default: break
            }
            if name == "li", let li = stack.lastIndex(where: { $0.list != nil }) {
                var list = stack[li].list!
                if let v = attrs["value"].flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) { list.next = v }
                label = list.ordered ? HTMLReader.label(list.next, type: list.type) : "•"
                list.next += 1
                stack[li].list = list
            }
            stack.append(o)
        }

        mutating func close(_ name: String) {
            guard let i = stack.lastIndex(where: { $0.name == name }) else { return }
            if HTMLReader.blocks.contains(name) || stack[i...].contains(where: { HTMLReader.blocks.contains($0.name) }) { flush() }
            let closedTables = stack[i...].filter { $0.name == "table" }.count
            if closedTables == 0 {
                if name == "td" || name == "th" { finishCell() }
                if name == "tr" { finishRow() }
            }
            for _ in 0..<closedTables where !tables.isEmpty { finishTable() }
            popTo(i)
        }

        mutating func popTo(_ i: Int) {
            for o in stack[i...] {
                if o.dropped { dropDepth -= 1 }
                if o.name == "pre" { preDepth -= 1 }
            }
            stack.removeSubrange(i...)
        }
    }

    /// The list type a CSS `list-style-type` asks for, as an `<ol type>` letter.
    static func listType(fromStyle style: String?) -> String? {
        guard let s = style?.lowercased() else { return nil }
        if s.contains("lower-alpha") || s.contains("lower-latin") { return "a" }
        if s.contains("upper-alpha") || s.contains("upper-latin") { return "A" }
        if s.contains("lower-roman") { return "i" }
        if s.contains("upper-roman") { return "I" }
        if s.contains("arabic-indic") { return "arabic-indic" }
        return nil
    }

    /// "(a)" for letters and roman numerals, as UN documents letter sub-paragraphs; "1." for digits.
    static func label(_ n: Int, type: String) -> String {
        switch type {
        case "a": return "(" + ListLabels.format(n, as: "lowerLetter") + ")"
        case "A": return "(" + ListLabels.format(n, as: "upperLetter") + ")"
        case "i": return "(" + ListLabels.format(n, as: "lowerRoman") + ")"
        case "I": return "(" + ListLabels.format(n, as: "upperRoman") + ")"
        case "arabic-indic": return ListLabels.format(n, as: "hindiNumbers") + "."
        default: return "\(n)."
        }
    }

    // MARK: - Tokens

    /// A piece of HTML.
    enum Token {
        case text(String)
        case start(String, [String: String], selfClosing: Bool)
        case end(String)
    }

    /// Splits HTML into text, start and end tags; comments, doctypes and processing instructions
    /// are skipped, raw-text elements (`script`, `style`, `title`, `textarea`) are read to their end tag.
    struct Tokenizer {
        let s: [Unicode.Scalar]
        var i = 0
        var rawTextEnd: String? = nil

        init(_ text: String) { s = Array(text.unicodeScalars) }

        static let rawText: Set<String> = ["script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes"]

        mutating func next() -> Token? {
            if let end = rawTextEnd {
                rawTextEnd = nil
                let start = i
                while i < s.count {
                    if s[i] == "<" && i + 1 < s.count && s[i + 1] == "/" && matchesName(at: i + 2, end) { break }
                    i += 1
                }
                return .text(String(String.UnicodeScalarView(s[start..<i])))
            }
            while i < s.count {
                if s[i] == "<" {
                    switch tag() {
                    case .token(let t): return t
                    case .skipped: continue
                    case .notATag: break  // a lone "<" is text
                    }
                }
                let start = i
                i += 1
                while i < s.count && s[i] != "<" { i += 1 }
                return .text(HTMLReader.decodeReferences(String(String.UnicodeScalarView(s[start..<i])), inAttribute: false))
            }
            return nil
        }

        /// What "<" started.
        enum TagResult {
            case token(Token)
            case skipped
            case notATag
        }

        func matchesName(at k: Int, _ name: String) -> Bool {
            let n = Array(name.unicodeScalars)
            guard k + n.count <= s.count else { return false }
            for (j, c) in n.enumerated() where lower(s[k + j]) != c { return false }
            let after = k + n.count
            return after == s.count || !isNameChar(s[after])
        }

        func lower(_ c: Unicode.Scalar) -> Unicode.Scalar {
            (c.value >= 0x41 && c.value <= 0x5A) ? Unicode.Scalar(c.value + 0x20)! : c
        }

        func isNameChar(_ c: Unicode.Scalar) -> Bool {
            !(c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0C}" || c == "/" || c == ">")
        }

        func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0C}" }

        /// Reads a tag, comment or declaration at "<".
        mutating func tag() -> TagResult {
            let k = i + 1
            guard k < s.count else { return .notATag }
            if s[k] == "!" {
                if k + 2 < s.count && s[k + 1] == "-" && s[k + 2] == "-" {
                    // Comment: to "-->".
                    var j = k + 3
                    while j + 2 < s.count && !(s[j] == "-" && s[j + 1] == "-" && s[j + 2] == ">") { j += 1 }
                    i = min(s.count, j + 3)
                } else {
                    // Doctype, CDATA, Word's <![if …]>: to ">".
                    var j = k
                    while j < s.count && s[j] != ">" { j += 1 }
                    i = min(s.count, j + 1)
                }
                return .skipped
            }
            if s[k] == "?" {
                var j = k
                while j < s.count && s[j] != ">" { j += 1 }
                i = min(s.count, j + 1)
                return .skipped
            }
            let closing = s[k] == "/"
            var j = closing ? k + 1 : k
            guard j < s.count, s[j].properties.isAlphabetic else { return .notATag }
            var name = ""  // Word's o:p and other prefixed names stay unknown, so inline
            while j < s.count && isNameChar(s[j]) { name.unicodeScalars.append(lower(s[j])); j += 1 }
            var attrs: [String: String] = [:]
            var selfClosing = false
            while j < s.count {
                while j < s.count && isSpace(s[j]) { j += 1 }
                guard j < s.count else { break }
                if s[j] == ">" { j += 1; break }
                if s[j] == "/" { selfClosing = true; j += 1; continue }
                var an = ""
                while j < s.count && isNameChar(s[j]) && s[j] != "=" { an.unicodeScalars.append(lower(s[j])); j += 1 }
                if an.isEmpty { j += 1; continue }
                while j < s.count && isSpace(s[j]) { j += 1 }
                var value = ""
                if j < s.count && s[j] == "=" {
                    j += 1
                    while j < s.count && isSpace(s[j]) { j += 1 }
                    if j < s.count && (s[j] == "\"" || s[j] == "'") {
                        let q = s[j]
                        j += 1
                        while j < s.count && s[j] != q { value.unicodeScalars.append(s[j]); j += 1 }
                        j += 1
                    } else {
                        while j < s.count && !isSpace(s[j]) && s[j] != ">" { value.unicodeScalars.append(s[j]); j += 1 }
                    }
                }
                if attrs[an] == nil { attrs[an] = HTMLReader.decodeReferences(value, inAttribute: true) }
            }
            i = min(j, s.count)
            if closing { return .token(.end(name)) }
            if Self.rawText.contains(name) && !selfClosing { rawTextEnd = name }
            return .token(.start(name, attrs, selfClosing: selfClosing))
        }
    }

    // MARK: - Character references

    /// Decodes `&name;`, `&#NNN;` and `&#xHH;`. Numeric references to 0x80–0x9F mean windows-1252
    /// characters, NUL and surrogates become U+FFFD, other C0 controls are dropped (as browsers do
    /// not show them). Legacy names without ";" are decoded when no letter, digit or "=" follows.
    public static func decodeReferences(_ text: String, inAttribute: Bool) -> String {
        guard text.contains("&") else { return text }
        let s = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < s.count {
            guard s[i] == "&" else { out.append(s[i]); i += 1; continue }
            var j = i + 1
            if j < s.count && s[j] == "#" {
                j += 1
                let hex = j < s.count && (s[j] == "x" || s[j] == "X")
                if hex { j += 1 }
                let start = j
                while j < s.count && (hex ? s[j].properties.isASCIIHexDigit : ("0"..."9").contains(s[j])) { j += 1 }
                if j > start, let v = UInt32(String(String.UnicodeScalarView(s[start..<j])).prefix(8), radix: hex ? 16 : 10) {
                    if j < s.count && s[j] == ";" { j += 1 }
                    if let c = numericReference(v) { out.append(c) }
                    i = j
                    continue
                }
                out.append(s[i])
                i += 1
                continue
            }
            while j < s.count && j - i <= 32
                && (s[j].properties.isASCIIHexDigit || ("a"..."z").contains(s[j]) || ("A"..."Z").contains(s[j]) || ("0"..."9").contains(s[j]))
            { j += 1 }
            let name = String(String.UnicodeScalarView(s[(i + 1)..<j]))
            if let v = entities[name] {
                if j < s.count && s[j] == ";" {
                    out.append(Unicode.Scalar(v)!)
                    i = j + 1
                    continue
                }
                let follower = j < s.count ? s[j] : " "
                if v < 0x100 && !(inAttribute && (follower == "=" || follower.properties.isAlphabetic)) {
                    out.append(Unicode.Scalar(v)!)
                    i = j
                    continue
                }
            }
            out.append(s[i])
            i += 1
        }
        return String(out)
    }

    static let windows1252: [UInt32: UInt32] = [
        0x80: 0x20AC, 0x82: 0x201A, 0x83: 0x0192, 0x84: 0x201E, 0x85: 0x2026, 0x86: 0x2020, 0x87: 0x2021, 0x88: 0x02C6,
        0x89: 0x2030, 0x8A: 0x0160, 0x8B: 0x2039, 0x8C: 0x0152, 0x8E: 0x017D, 0x91: 0x2018, 0x92: 0x2019, 0x93: 0x201C,
        0x94: 0x201D, 0x95: 0x2022, 0x96: 0x2013, 0x97: 0x2014, 0x98: 0x02DC, 0x99: 0x2122, 0x9A: 0x0161, 0x9B: 0x203A,
        0x9C: 0x0153, 0x9E: 0x017E, 0x9F: 0x0178,
    ]

    static func numericReference(_ v: UInt32) -> Unicode.Scalar? {
        if v == 0 || (0xD800...0xDFFF).contains(v) || v > 0x10FFFF { return "\u{FFFD}" }
        if let w = windows1252[v] { return Unicode.Scalar(w) }
        if v < 0x20 && v != 0x09 && v != 0x0A { return nil }
        if v == 0x7F || (0x80...0x9F).contains(v) { return nil }
        return Unicode.Scalar(v)
    }

    /// The HTML 4 named character references (and `apos`), name → code point.
    static let entities: [String: UInt32] = {
        var d: [String: UInt32] = [:]
        for pair in table.split(separator: " ") {
            let kv = pair.split(separator: "=")
            if kv.count == 2, let v = UInt32(kv[1], radix: 16) { d[String(kv[0])] = v }
        }
        return d
    }()

    static let table =
        "quot=22 amp=26 apos=27 lt=3C gt=3E nbsp=A0 iexcl=A1 cent=A2 pound=A3 curren=A4 yen=A5 brvbar=A6 "
        + "sect=A7 uml=A8 copy=A9 ordf=AA laquo=AB not=AC shy=AD reg=AE macr=AF deg=B0 plusmn=B1 sup2=B2 "
        + "sup3=B3 acute=B4 micro=B5 para=B6 middot=B7 cedil=B8 sup1=B9 ordm=BA raquo=BB frac14=BC frac12=BD "
        + "frac34=BE iquest=BF Agrave=C0 Aacute=C1 Acirc=C2 Atilde=C3 Auml=C4 Aring=C5 AElig=C6 Ccedil=C7 "
        + "Egrave=C8 Eacute=C9 Ecirc=CA Euml=CB Igrave=CC Iacute=CD Icirc=CE Iuml=CF ETH=D0 Ntilde=D1 Ograve=D2 "
        + "Oacute=D3 Ocirc=D4 Otilde=D5 Ouml=D6 times=D7 Oslash=D8 Ugrave=D9 Uacute=DA Ucirc=DB Uuml=DC "
        + "Yacute=DD THORN=DE szlig=DF agrave=E0 aacute=E1 acirc=E2 atilde=E3 auml=E4 aring=E5 aelig=E6 "
        + "ccedil=E7 egrave=E8 eacute=E9 ecirc=EA euml=EB igrave=EC iacute=ED icirc=EE iuml=EF eth=F0 ntilde=F1 "
        + "ograve=F2 oacute=F3 ocirc=F4 otilde=F5 ouml=F6 divide=F7 oslash=F8 ugrave=F9 uacute=FA ucirc=FB "
        + "uuml=FC yacute=FD thorn=FE yuml=FF OElig=152 oelig=153 Scaron=160 scaron=161 Yuml=178 fnof=192 "
        + "circ=2C6 tilde=2DC Alpha=391 Beta=392 Gamma=393 Delta=394 Epsilon=395 Zeta=396 Eta=397 Theta=398 "
        + "Iota=399 Kappa=39A Lambda=39B Mu=39C Nu=39D Xi=39E Omicron=39F Pi=3A0 Rho=3A1 Sigma=3A3 Tau=3A4 "
        + "Upsilon=3A5 Phi=3A6 Chi=3A7 Psi=3A8 Omega=3A9 alpha=3B1 beta=3B2 gamma=3B3 delta=3B4 epsilon=3B5 "
        + "zeta=3B6 eta=3B7 theta=3B8 iota=3B9 kappa=3BA lambda=3BB mu=3BC nu=3BD xi=3BE omicron=3BF pi=3C0 "
        + "rho=3C1 sigmaf=3C2 sigma=3C3 tau=3C4 upsilon=3C5 phi=3C6 chi=3C7 psi=3C8 omega=3C9 thetasym=3D1 "
        + "upsih=3D2 piv=3D6 ensp=2002 emsp=2003 thinsp=2009 zwnj=200C zwj=200D lrm=200E rlm=200F ndash=2013 "
        + "mdash=2014 lsquo=2018 rsquo=2019 sbquo=201A ldquo=201C rdquo=201D bdquo=201E dagger=2020 Dagger=2021 "
        + "bull=2022 hellip=2026 permil=2030 prime=2032 Prime=2033 lsaquo=2039 rsaquo=203A oline=203E "
        + "frasl=2044 euro=20AC image=2111 weierp=2118 real=211C trade=2122 alefsym=2135 larr=2190 uarr=2191 "
        + "rarr=2192 darr=2193 harr=2194 crarr=21B5 lArr=21D0 uArr=21D1 rArr=21D2 dArr=21D3 hArr=21D4 "
        + "forall=2200 part=2202 exist=2203 empty=2205 nabla=2207 isin=2208 notin=2209 ni=220B prod=220F "
        + "sum=2211 minus=2212 lowast=2217 radic=221A prop=221D infin=221E ang=2220 and=2227 or=2228 cap=2229 "
        + "cup=222A int=222B there4=2234 sim=223C cong=2245 asymp=2248 ne=2260 equiv=2261 le=2264 ge=2265 "
        + "sub=2282 sup=2283 nsub=2284 sube=2286 supe=2287 oplus=2295 otimes=2297 perp=22A5 sdot=22C5 "
        + "lceil=2308 rceil=2309 lfloor=230A rfloor=230B lang=2329 rang=232A loz=25CA spades=2660 clubs=2663 " + "hearts=2665 diams=2666"
}
