import Foundation
import SafeXML

/// Validates an XLIFF 1.2 document as CAT tools write it (OmegaT, Okapi, Trados, memoQ, Translate
/// Toolkit) and reduces it to `XLIFFFile`.
///
/// Checked: version, required attributes of `<file>` and `<trans-unit>`, well-formed language
/// tags, `<body>` and the order of `<source>`, `<seg-source>` and `<target>`, unique trans-unit ids
/// per file, target languages, target states, paired `<bpt>`/`<ept>`, and unique segment markers.
/// Elements of other namespaces (tool extensions such as sdl: or mq:) are skipped.
final class XLIFF12Reader {
    let file: String
    let ns: String?

    init(file: String, namespace: String?) {
        self.file = file
        self.ns = namespace
    }

    func fail(_ rule: XLIFFRule, _ at: String, _ detail: String) -> XLIFFError {
        .invalid(file: file, rule: rule, location: at, detail: detail)
    }

    static let states: Set<String> = [
        "final", "needs-adaptation", "needs-l10n", "needs-review-adaptation", "needs-review-l10n",
        "needs-review-translation", "needs-translation", "new", "signed-off", "translated",
    ]

    func read(_ root: XMLElement) throws -> XLIFFFile {
        guard let version = root.attribute("version") else { throw fail(.version, "<xliff>", "the version attribute is missing") }
        guard version == "1.2" else { throw XLIFFError.unsupportedVersion(file: file, version: version) }
        var files: [XLIFFFile.File] = []
        for node in root.children {
            switch node {
            case .text(let t):
                if !t.allSatisfy(\.isWhitespace) { throw fail(.contentModel, "<xliff>", "text is not allowed directly inside <xliff>") }
            case .element(let e):
                if e.namespaceURI != ns { continue }
                guard e.localName == "file" else { throw fail(.contentModel, "<xliff>", "<xliff> holds only <file> elements, not <\(e.name)>") }
                files.append(try readFile(e, index: files.count + 1))
            }
        }
        guard let first = files.first else { throw fail(.fileRequired, "<xliff>", "the document holds no <file>") }
        return XLIFFFile(version: version, majorVersion: 1, sourceLanguage: first.sourceLanguage, targetLanguage: first.targetLanguage, files: files)
    }

    func readFile(_ e: XMLElement, index: Int) throws -> XLIFFFile.File {
        var at = "<file> \(index)"
        guard let original = e.attribute("original") else { throw fail(.requiredAttribute, at, "<file> has no original attribute") }
        at = "file \"\(original)\""
        guard let src = e.attribute("source-language"), !src.isEmpty else {
            throw fail(.sourceLanguage, at, "<file> has no source-language attribute")
        }
        guard LanguageTag.isWellFormed(src) else { throw fail(.languageTag, at, "source-language \"\(src)\" is not a well-formed language tag") }
        let trg = e.attribute("target-language")
        if let trg, !LanguageTag.isWellFormed(trg) { throw fail(.languageTag, at, "target-language \"\(trg)\" is not a well-formed language tag") }
        guard e.attribute("datatype") != nil else { throw fail(.requiredAttribute, at, "<file> has no datatype attribute") }
        if let s = e.attribute("space", namespace: XMLNamespace.xml), s != "default" && s != "preserve" {
            throw fail(.xmlSpace, at, "xml:space is \"\(s)\"; it must be default or preserve")
        }
        var notes: [String] = []
        var body: XMLElement?
        for c in e.childElements where c.namespaceURI == ns {
            switch c.localName {
            case "header":
                guard body == nil else { throw fail(.contentModel, at, "<header> must come before <body>") }
                notes = c.childElements.filter { $0.namespaceURI == ns && $0.localName == "note" }.map(\.textContent)
            case "body":
                guard body == nil else { throw fail(.contentModel, at, "<file> holds one <body>, not two") }
                body = c
            default:
                throw fail(.contentModel, at, "<file> holds <header> and <body>, not <\(c.localName)>")
            }
        }
        guard let body else { throw fail(.contentModel, at, "<file> has no <body>") }
        var units: [XLIFFFile.Unit] = []
        var ids: Set<String> = []
        try readGroup(body, at: at, source: src, target: trg, ids: &ids, into: &units)
        return XLIFFFile.File(id: nil, original: original, sourceLanguage: src, targetLanguage: trg, notes: notes, units: units)
    }

    func readGroup(_ e: XMLElement, at: String, source: String, target: String?, ids: inout Set<String>, into units: inout [XLIFFFile.Unit]) throws {
        for c in e.childElements where c.namespaceURI == ns {
            switch c.localName {
            case "group": try readGroup(c, at: at, source: source, target: target, ids: &ids, into: &units)
            case "trans-unit":
                let u = try readTransUnit(c, at: at, source: source, target: target)
                if !ids.insert(u.id).inserted {
                    throw fail(.uniqueUnitID, at + " › trans-unit \"\(u.id)\"", "the trans-unit id \"\(u.id)\" is used twice in the file")
                }
                units.append(u)
            case "bin-unit", "context-group", "count-group", "prop-group", "note": continue
            default:
                if e.localName == "body" { throw fail(.contentModel, at + " › <body>", "<body> cannot hold <\(c.localName)>") }
            }
        }
    }

    func readTransUnit(_ e: XMLElement, at file: String, source srcLang: String, target trgLang: String?) throws -> XLIFFFile.Unit {
        guard let id = e.attribute("id"), !id.isEmpty else { throw fail(.requiredAttribute, file + " › <trans-unit>", "<trans-unit> has no id") }
        let at = file + " › trans-unit \"\(id)\""
        var source: XMLElement?, segSource: XMLElement?, target: XMLElement?
        for c in e.childElements where c.namespaceURI == ns {
            switch c.localName {
            case "source":
                guard source == nil else { throw fail(.contentModel, at, "<trans-unit> holds one <source>, not two") }
                source = c
            case "seg-source":
                guard source != nil, target == nil, segSource == nil else {
                    throw fail(.contentModel, at, "<seg-source> must follow <source>, once, before <target>")
                }
                segSource = c
            case "target":
                guard source != nil, target == nil else { throw fail(.contentModel, at, "<target> must follow <source>, once") }
                target = c
            default: continue
            }
        }
        guard let source else { throw fail(.contentModel, at, "<trans-unit> has no <source>") }
        if let l = source.attribute("lang", namespace: XMLNamespace.xml), !LanguageTag.same(l, srcLang) {
            throw fail(.sourceLanguageMatches, at + " › <source>", "the source is in \"\(l)\" but the file's source-language is \"\(srcLang)\"")
        }
        let sourceText = try text(source, at: at + " › <source>")
        var targetText: String?
        var state: String?
        if let target {
            let tat = at + " › <target>"
            if let l = target.attribute("lang", namespace: XMLNamespace.xml) {
                guard LanguageTag.isWellFormed(l) else { throw fail(.languageTag, tat, "xml:lang \"\(l)\" is not a well-formed language tag") }
                if let trgLang, !LanguageTag.same(l, trgLang) {
                    throw fail(.targetLanguageMatches, tat, "the target is in \"\(l)\" but the file's target-language is \"\(trgLang)\"")
                }
            }
            if let s = target.attribute("state") {
                guard Self.states.contains(s) || s.hasPrefix("x-") else {
                    throw fail(.attributeValue, tat, "state is \"\(s)\"; it must be a state of XLIFF 1.2 (new, translated, signed-off, final, …) or x-…")
                }
                state = s
            }
            targetText = try text(target, at: tat)
        }
        let translate = e.attribute("translate") != "no"
        // Segmented units: seg-source markers matched with the target's markers by mid.
        if let segSource, let target, !segments(of: target).isEmpty {
            let sourceSegs = segments(of: segSource)
            var mids: Set<String> = []
            for m in sourceSegs {
                guard let mid = m.attribute("mid") else { throw fail(.requiredAttribute, at + " › <seg-source>", "a segment <mrk> has no mid") }
                if !mids.insert(mid).inserted { throw fail(.segmentMarkers, at + " › <seg-source>", "the mid \"\(mid)\" is used twice") }
            }
            var targetByMid: [String: String] = [:]
            for m in segments(of: target) {
                if let mid = m.attribute("mid") { targetByMid[mid] = try text(m, at: at + " › <target>") }
            }
            var parts: [XLIFFFile.Part] = []
            for node in segSource.children {
                switch node {
                case .text(let t): parts.append(.init(kind: .ignorable, id: nil, source: t, target: nil, state: nil, order: nil))
                case .element(let m):
                    let s = try text(m, at: at + " › <seg-source>")
                    if m.localName == "mrk", m.attribute("mtype") == "seg", let mid = m.attribute("mid") {
                        parts.append(.init(kind: .segment, id: mid, source: s, target: targetByMid[mid], state: state, order: nil))
                    } else {
                        parts.append(.init(kind: .ignorable, id: nil, source: s, target: nil, state: nil, order: nil))
                    }
                }
            }
            return XLIFFFile.Unit(id: id, translate: translate, parts: parts)
        }
        return XLIFFFile.Unit(
            id: id, translate: translate,
            parts: [.init(kind: .segment, id: nil, source: sourceText, target: targetText, state: state, order: nil)])
    }

    /// The segment markers directly inside seg-source or target.
    func segments(of e: XMLElement) -> [XMLElement] {
        e.childElements.filter { $0.namespaceURI == ns && $0.localName == "mrk" && $0.attribute("mtype") == "seg" }
    }

    /// The text of 1.2 inline content: text, `<g>` and `<mrk>` content; native codes (`ph`, `bpt`,
    /// `ept`, `it`) and empty codes (`x`, `bx`, `ex`) carry no text. Checks `bpt`/`ept` pairing.
    func text(_ e: XMLElement, at: String) throws -> String {
        var out = ""
        var open: [String] = []
        var stack: [IndexingIterator<[XMLNode]>] = [e.children.makeIterator()]
        while !stack.isEmpty {
            guard let node = stack[stack.count - 1].next() else { stack.removeLast(); continue }
            switch node {
            case .text(let t): out += t
            case .element(let c):
                guard c.namespaceURI == ns else { continue }
                switch c.localName {
                case "g", "mrk":
                    if c.localName == "mrk" && c.attribute("mtype") == nil {
                        throw fail(.requiredAttribute, at, "<mrk> has no mtype attribute")
                    }
                    stack.append(c.children.makeIterator())
                case "bpt":
                    open.append(c.attribute("rid") ?? c.attribute("id") ?? "")
                case "ept":
                    let key = c.attribute("rid") ?? c.attribute("id") ?? ""
                    guard let i = open.lastIndex(of: key) else {
                        throw fail(.startEndCodes, at, "<ept> \"\(key)\" closes no earlier <bpt> of the same content")
                    }
                    open.remove(at: i)
                case "x":
                    // A State's note marker that crp export wrote as a code comes back as the marker.
                    if let m = c.attribute("equiv-text"), NoteMarkers.isMarker(Substring(m)) { out += m }
                case "bx", "ex", "ph", "it", "sub": continue
                default:
                    throw fail(.contentModel, at, "<\(c.localName)> is not an XLIFF 1.2 inline element")
                }
            }
        }
        if let lone = open.first { throw fail(.startEndCodes, at, "<bpt> \"\(lone)\" has no <ept> in the same content") }
        return out
    }
}
