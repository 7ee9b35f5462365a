import Foundation
import SafeXML

/// Namespaces of XLIFF and of the XLIFF 2 modules.
public enum XLIFFNamespace {
    /// XLIFF 2.0, 2.1 and 2.2 core.
    public static let core2 = "urn:oasis:names:tc:xliff:document:2.0"
    /// XLIFF 1.2.
    public static let v12 = "urn:oasis:names:tc:xliff:document:1.2"
    static let fs = "urn:oasis:names:tc:xliff:fs:2.0"
    static let slr = "urn:oasis:names:tc:xliff:sizerestriction:2.0"
    static let modulePrefix = "urn:oasis:names:tc:xliff:"
}

/// Reads XLIFF 2.x and 1.2 documents safely (no DTD, no entities, size limits) and checks them
/// against the schema and the core processing requirements of the specification.
///
/// Reading is the first stage of an import; matching the result with the store is the second
/// (`XLIFFImporter`). A valid XLIFF file that RoomPaper did not write reads correctly here and is
/// refused at matching.
public enum XLIFFReader {
    /// The limits for XLIFF: 64 MiB, nesting 128, 256 attributes per element, 5 000 000 nodes.
    public static let limits = XMLLimits(maxBytes: 64 * 1024 * 1024, maxDepth: 128, maxAttributesPerElement: 256, maxNodes: 5_000_000)

    /// Parses and validates an XLIFF document; `name` is the file name used in messages.
    public static func parse(_ bytes: [UInt8], name: String, limits: XMLLimits = XLIFFReader.limits) throws -> XLIFFFile {
        let doc: XMLDocument
        do {
            doc = try XMLDocument.parse(bytes, limits: limits)
        } catch let e as XMLError {
            switch e {
            case .doctypeForbidden, .undefinedEntity, .documentTooLarge, .depthLimitExceeded, .attributeLimitExceeded, .nodeLimitExceeded:
                throw XLIFFError.unsafeXML(file: name, detail: e.description)
            default:
                throw XLIFFError.notXLIFF(file: name, detail: "it is not well-formed XML (\(e.description))")
            }
        }
        let root = doc.root
        guard root.localName == "xliff" else {
            throw XLIFFError.notXLIFF(file: name, detail: "its top element is <\(root.name)>, not <xliff>")
        }
        switch root.namespaceURI {
        case XLIFFNamespace.core2?:
            return try XLIFF2Reader(file: name).read(root)
        case XLIFFNamespace.v12?:
            return try XLIFF12Reader(file: name, namespace: XLIFFNamespace.v12).read(root)
        case nil:
            let v = root.attribute("version") ?? ""
            if v.hasPrefix("1.") { return try XLIFF12Reader(file: name, namespace: nil).read(root) }
            throw XLIFFError.notXLIFF(file: name, detail: "its <xliff> element has no namespace; XLIFF 2 uses \(XLIFFNamespace.core2)")
        case let ns?:
            throw XLIFFError.notXLIFF(file: name, detail: "its <xliff> element is in the namespace \(ns), not an XLIFF namespace")
        }
    }

    /// Parses `Data`; see `parse(_:name:limits:)`.
    public static func parse(_ data: Data, name: String, limits: XMLLimits = XLIFFReader.limits) throws -> XLIFFFile {
        try parse([UInt8](data), name: name, limits: limits)
    }
}

// MARK: - Shared helpers

/// Which attributes from other namespaces an element accepts.
enum ForeignAttributes { case none, modules, any }

extension XMLElement {
    /// True for an element in `ns` with this local name.
    func isCore(_ local: String, _ ns: String?) -> Bool { localName == local && namespaceURI == ns }

    /// Attributes that are not namespace declarations.
    var plainAttributes: [XMLAttribute] {
        attributes.filter { $0.namespaceURI != XMLNamespace.xmlns && $0.name != "xmlns" && $0.prefix != "xmlns" }
    }

    /// Non-whitespace text directly inside, if any.
    var strayText: String? {
        for case .text(let t) in children where !t.allSatisfy(\.isWhitespace) { return t }
        return nil
    }
}

/// Elements of the XLIFF 2 modules, per module namespace; any other element in a module namespace
/// is refused.
private let moduleElements: [String: Set<String>] = [
    "urn:oasis:names:tc:xliff:validation:2.0": ["validation", "rule"],
    "urn:oasis:names:tc:xliff:glossary:2.0": ["glossary", "glossEntry", "term", "translation", "definition"],
    "urn:oasis:names:tc:xliff:matches:2.0": ["matches", "match"],
    "urn:oasis:names:tc:xliff:metadata:2.0": ["metadata", "metaGroup", "meta"],
    "urn:oasis:names:tc:xliff:resourcedata:2.0": ["resourceData", "resourceItem", "resourceItemRef", "source", "target", "reference"],
    "urn:oasis:names:tc:xliff:changetracking:2.0": ["changeTrack", "revisions", "revision", "item"],
    "urn:oasis:names:tc:xliff:changetracking:2.1": ["changeTrack", "revisions", "revision", "item"],
    "urn:oasis:names:tc:xliff:sizerestriction:2.0": ["profiles", "normalization", "data"],
]

/// HTML element names that the Format Style module allows as fs:fs values.
private let htmlElements: Set<String> = [
    "a", "abbr", "address", "area", "article", "aside", "audio", "b", "base", "bdi", "bdo", "blockquote", "body", "br",
    "button", "canvas", "caption", "cite", "code", "col", "colgroup", "command", "datalist", "dd", "del", "details", "dfn",
    "div", "dl", "dt", "em", "embed", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "head", "header", "hgroup", "hr", "html", "i", "iframe", "img", "input", "ins", "kbd", "keygen", "label",
    "legend", "li", "link", "map", "mark", "menu", "meta", "meter", "nav", "noscript", "object", "ol", "optgroup",
    "option", "output", "p", "param", "pre", "progress", "q", "rp", "rt", "ruby", "s", "samp", "script", "section",
    "select", "small", "source", "span", "strong", "style", "sub", "summary", "sup", "table", "tbody", "td", "textarea",
    "tfoot", "th", "thead", "time", "title", "tr", "track", "u", "ul", "var", "video", "wbr",
]

/// Fragment identifier prefixes: the core ones and those of the modules and registered extensions.
private let corePrefixes: Set<String> = ["f", "g", "u", "n", "d", "t"]
private let registeredPrefixes: Set<String> = ["mtc", "gls", "fs", "mda", "res", "slr", "val", "ctr", "its", "tbx"]

// MARK: - XLIFF 2

/// One inline element met in source or target content, in document order.
struct InlineEvent {
    enum Kind: String { case ph, pc, pcEnd, sc, ec, mrk, sm, em, cp }
    let kind: Kind
    let element: XMLElement
    let part: Int
    /// The identity used to match source and target: "ph:1", "sc:1", "ec:1" (by startRef or id)…
    var key: String {
        switch kind {
        case .ec:
            if let s = element.attribute("startRef") { return "ec:" + s }
            return "eci:" + (element.attribute("id") ?? "")
        case .pcEnd: return "pc/:" + (element.attribute("id") ?? "")
        case .em: return "em:" + (element.attribute("startRef") ?? "")
        default: return kind.rawValue + ":" + (element.attribute("id") ?? "")
        }
    }
    var isCode: Bool { kind == .ph || kind == .pc || kind == .pcEnd || kind == .sc || kind == .ec }
    func flag(_ name: String, default d: String = "yes") -> String { element.attribute(name) ?? d }
}

/// Validates an XLIFF 2 document and reduces it to `XLIFFFile`.
final class XLIFF2Reader {
    let file: String
    let ns = XLIFFNamespace.core2
    var srcLang = ""
    var trgLang: String?
    var sawTarget = false
    var targetWhere = ""

    init(file: String) { self.file = file }

    func fail(_ rule: XLIFFRule, _ at: String, _ detail: String) -> XLIFFError {
        .invalid(file: file, rule: rule, location: at, detail: detail)
    }

    struct Inherited {
        var space: String
        var lang: String?
    }

    func read(_ root: XMLElement) throws -> XLIFFFile {
        let at = "<xliff>"
        guard let version = root.attribute("version") else { throw fail(.version, at, "the version attribute is missing") }
        guard version.hasPrefix("2.") else { throw XLIFFError.unsupportedVersion(file: file, version: version) }
        try checkAttributes(root, ["version", "srcLang", "trgLang"], xmlSpace: true, foreign: .any, at: at)
        guard let s = root.attribute("srcLang"), !s.isEmpty else { throw fail(.sourceLanguage, at, "the srcLang attribute is missing") }
        try checkLanguage(s, "srcLang", at)
        srcLang = s
        if let t = root.attribute("trgLang") { try checkLanguage(t, "trgLang", at); trgLang = t }
        let inherited = try inherit(Inherited(space: "default", lang: nil), from: root, at: at)
        var files: [XLIFFFile.File] = []
        var fileIDs: Set<String> = []
        for node in root.children {
            switch node {
            case .text(let t):
                if !t.allSatisfy(\.isWhitespace) { throw fail(.contentModel, at, "text is not allowed directly inside <xliff>") }
            case .element(let e):
                guard e.isCore("file", ns) else {
                    throw fail(.contentModel, at, "<xliff> holds only <file> elements, not <\(e.name)>")
                }
                let f = try readFile(e, inherited: inherited)
                if let id = f.id, !fileIDs.insert(id).inserted {
                    throw fail(.uniqueFileID, "<file id=\"\(id)\">", "the file id \"\(id)\" is used twice")
                }
                files.append(f)
            }
        }
        if files.isEmpty { throw fail(.fileRequired, at, "the document holds no <file>") }
        if sawTarget && trgLang == nil {
            throw fail(.targetLanguageDeclared, targetWhere, "a <target> is present but <xliff> has no trgLang")
        }
        return XLIFFFile(version: version, majorVersion: 2, sourceLanguage: srcLang, targetLanguage: trgLang, files: files)
    }

    // MARK: attributes

    /// Checks attributes against the allowed no-namespace names; xml:lang is allowed where the
    /// schema's anyAttribute admits it (`foreign != .none`) or `xmlLang` is set.
    func checkAttributes(
        _ e: XMLElement, _ allowed: Set<String>, xmlSpace: Bool = false, xmlLang: Bool = false,
        foreign: ForeignAttributes, at: String
    ) throws {
        for a in e.plainAttributes {
            switch a.namespaceURI {
            case nil:
                if !allowed.contains(a.localName) {
                    throw fail(.attributeAllowed, at, "the attribute \(a.name) is not allowed on <\(e.localName)>")
                }
            case XMLNamespace.xml?:
                if a.localName == "space" && (xmlSpace || foreign != .none) {
                    if a.value != "default" && a.value != "preserve" {
                        throw fail(.xmlSpace, at, "xml:space is \"\(a.value)\"; it must be default or preserve")
                    }
                } else if a.localName == "lang" && (xmlLang || foreign != .none) {
                    try checkLanguage(a.value, "xml:lang", at)
                } else if foreign != .any {
                    throw fail(.attributeAllowed, at, "the attribute \(a.name) is not allowed on <\(e.localName)>")
                }
            case let other?:
                switch foreign {
                case .none:
                    throw fail(
                        .attributeAllowed, at,
                        "the attribute \(a.name) (namespace \(other)) is not allowed on <\(e.localName)>; it takes no extension or module attributes")
                case .modules:
                    if !other.hasPrefix(XLIFFNamespace.modulePrefix) {
                        throw fail(
                            .attributeAllowed, at,
                            "the extension attribute \(a.name) is not allowed on <\(e.localName)>; inline codes take only module attributes")
                    }
                case .any: break
                }
                try checkModuleAttribute(a, on: e, at: at)
            }
        }
        if let id = e.attribute("id"), !XMLNames.isNMToken(id) {
            throw fail(.nmtoken, at, "the id \"\(id)\" is not an NMTOKEN (letters, digits, . - _ : only)")
        }
    }

    func checkModuleAttribute(_ a: XMLAttribute, on e: XMLElement, at: String) throws {
        if a.namespaceURI == XLIFFNamespace.fs {
            switch a.localName {
            case "fs":
                if !htmlElements.contains(a.value) {
                    throw fail(.moduleAttribute, at, "fs:fs is \"\(a.value)\", which is not an HTML element name")
                }
            case "subFs":
                if e.attribute("fs", namespace: XLIFFNamespace.fs) == nil {
                    throw fail(.moduleAttribute, at, "fs:subFs is used without fs:fs")
                }
            default:
                throw fail(.moduleAttribute, at, "the Format Style module has no attribute \(a.localName) (only fs and subFs)")
            }
            if e.isCore("ec", ns) && e.attribute("isolated") != "yes" {
                throw fail(.moduleAttribute, at, "fs:\(a.localName) is allowed on <ec> only when it is isolated; put it on the <sc>")
            }
        } else if a.namespaceURI == XLIFFNamespace.slr {
            let known: Set<String> = ["storageRestriction", "sizeRestriction", "equivStorage", "sizeInfo", "sizeInfoRef"]
            if !known.contains(a.localName) {
                throw fail(.moduleAttribute, at, "the Size and Length Restriction module has no attribute \(a.localName)")
            }
            if e.isCore("ec", ns) && e.attribute("isolated") != "yes" {
                throw fail(.moduleAttribute, at, "slr:\(a.localName) is allowed on <ec> only when it is isolated")
            }
        }
    }

    func checkLanguage(_ tag: String, _ what: String, _ at: String) throws {
        if !LanguageTag.isWellFormed(tag) {
            throw fail(.languageTag, at, "\(what) \"\(tag)\" is not a well-formed language tag")
        }
    }

    func checkEnum(_ e: XMLElement, _ name: String, _ values: Set<String>, _ at: String) throws {
        if let v = e.attribute(name), !values.contains(v) {
            throw fail(.attributeValue, at, "\(name) is \"\(v)\"; it must be one of \(values.sorted().joined(separator: ", "))")
        }
    }

    func require(_ e: XMLElement, _ name: String, _ at: String) throws -> String {
        guard let v = e.attribute(name) else {
            throw fail(.requiredAttribute, at, "<\(e.localName)> has no \(name) attribute")
        }
        return v
    }

    func inherit(_ base: Inherited, from e: XMLElement, at: String) throws -> Inherited {
        var out = base
        if let s = e.attribute("space", namespace: XMLNamespace.xml) { out.space = s }
        if let l = e.attribute("lang", namespace: XMLNamespace.xml) { out.lang = l }
        return out
    }

    static let yesNo: Set<String> = ["yes", "no"]
    static let dirs: Set<String> = ["ltr", "rtl", "auto"]

    func checkCommonStructural(_ e: XMLElement, at: String) throws {
        try checkEnum(e, "canResegment", Self.yesNo, at)
        try checkEnum(e, "translate", Self.yesNo, at)
        try checkEnum(e, "srcDir", Self.dirs, at)
        try checkEnum(e, "trgDir", Self.dirs, at)
        if let t = e.attribute("type"), !isUserDefined(t) {
            throw fail(.attributeValue, at, "type is \"\(t)\"; it must have the form prefix:value")
        }
    }

    func isUserDefined(_ v: String) -> Bool {
        let parts = v.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { !$0.isEmpty && !$0.contains(where: \.isWhitespace) }
    }

    // MARK: extensions and modules

    /// Checks an extension or module element at file, group or unit level; collects ids for the
    /// uniqueness rule.
    func checkExtension(_ e: XMLElement, ids: inout Set<String>, at: String) throws {
        var stack = [e]
        while let x = stack.popLast() {
            if let ns = x.namespaceURI, ns != self.ns {
                if let known = moduleElements[ns], !known.contains(x.localName) {
                    throw fail(.moduleElement, at, "<\(x.name)> is not an element of the module \(ns)")
                }
                for key in [x.attribute("id"), x.attribute("id", namespace: XMLNamespace.xml)].compactMap({ $0 }) {
                    if !ids.insert(ns + " " + key).inserted {
                        throw fail(.uniqueExtensionID, at, "the id \"\(key)\" is used twice by extension elements (<\(x.name)>)")
                    }
                }
            }
            stack.append(contentsOf: x.childElements.reversed())
        }
    }

    // MARK: file, group, notes

    func readFile(_ e: XMLElement, inherited: Inherited) throws -> XLIFFFile.File {
        var at = "<file>"
        try checkAttributes(e, ["id", "canResegment", "original", "translate", "srcDir", "trgDir"], xmlSpace: true, foreign: .any, at: at)
        let id = try require(e, "id", at)
        at = "file \"\(id)\""
        try checkCommonStructural(e, at: at)
        let inh = try inherit(inherited, from: e, at: at)
        let unitIDs = Set(e.descendants(named: "unit", namespace: ns).compactMap { $0.attribute("id") })
        var phase = 0
        var notes: [String] = []
        var units: [XLIFFFile.Unit] = []
        var groupIDs: Set<String> = []
        var seenUnitIDs: Set<String> = []
        var extIDs: Set<String> = []
        var hasUnitOrGroup = false
        for node in e.children {
            guard case .element(let c) = node else {
                if let t = node.text, !t.allSatisfy(\.isWhitespace) { throw fail(.contentModel, at, "text is not allowed directly inside <file>") }
                continue
            }
            if c.namespaceURI != ns {
                guard phase <= 1 else {
                    throw fail(.contentModel, at, "the extension element <\(c.name)> comes after <notes>, <unit> or <group>; extension elements come first")
                }
                phase = 1
                try checkExtension(c, ids: &extIDs, at: at)
                continue
            }
            switch c.localName {
            case "skeleton":
                guard phase == 0 else { throw fail(.contentModel, at, "<skeleton> must be the first element of <file>") }
                phase = 1
                try checkSkeleton(c, at: at)
            case "notes":
                guard phase <= 1 else { throw fail(.contentModel, at, "<notes> must come before the units and groups of <file>") }
                phase = 2
                notes = try readNotes(c, at: at).map(\.text)
            case "unit", "group":
                phase = 3
                hasUnitOrGroup = true
                try readUnitOrGroup(c, fileID: id, inherited: inh, unitIDs: unitIDs, groupIDs: &groupIDs, seenUnits: &seenUnitIDs, into: &units)
            default:
                throw fail(.contentModel, at, "<file> cannot hold <\(c.localName)>")
            }
        }
        if !hasUnitOrGroup { throw fail(.unitOrGroupRequired, at, "the file holds no <unit> or <group>") }
        return XLIFFFile.File(id: id, original: e.attribute("original"), sourceLanguage: srcLang, targetLanguage: trgLang, notes: notes, units: units)
    }

    func checkSkeleton(_ e: XMLElement, at: String) throws {
        try checkAttributes(e, ["href"], foreign: .none, at: at + " › <skeleton>")
        let hasContent = e.strayText != nil || !e.childElements.isEmpty
        for c in e.childElements where c.namespaceURI == ns {
            throw fail(.contentModel, at + " › <skeleton>", "<skeleton> holds only extension elements, not <\(c.localName)>")
        }
        if e.attribute("href") != nil && hasContent {
            throw fail(.skeleton, at + " › <skeleton>", "<skeleton> has both an href and content")
        }
        if e.attribute("href") == nil && !hasContent {
            throw fail(.skeleton, at + " › <skeleton>", "<skeleton> is empty and has no href")
        }
    }

    struct Note { var id: String?; var text: String }

    func readNotes(_ e: XMLElement, at: String) throws -> [Note] {
        let here = at + " › <notes>"
        try checkAttributes(e, [], foreign: .none, at: here)
        if e.strayText != nil { throw fail(.contentModel, here, "text is not allowed directly inside <notes>") }
        var out: [Note] = []
        var ids: Set<String> = []
        for c in e.childElements {
            guard c.isCore("note", ns) else { throw fail(.contentModel, here, "<notes> holds only <note> elements, not <\(c.name)>") }
            let nat = here + " › <note>"
            try checkAttributes(c, ["id", "appliesTo", "category", "priority"], foreign: .any, at: nat)
            try checkEnum(c, "appliesTo", ["source", "target"], nat)
            if let p = c.attribute("priority"), Int(p).map({ !(1...10).contains($0) }) ?? true {
                throw fail(.attributeValue, nat, "priority is \"\(p)\"; it must be a whole number from 1 to 10")
            }
            if let x = c.childElements.first { throw fail(.contentModel, nat, "<note> holds only text, not <\(x.name)>") }
            if let id = c.attribute("id"), !ids.insert(id).inserted {
                throw fail(.uniqueNoteID, nat, "the note id \"\(id)\" is used twice")
            }
            out.append(Note(id: c.attribute("id"), text: c.textContent))
        }
        if out.isEmpty { throw fail(.contentModel, here, "<notes> holds no <note>") }
        return out
    }

    func readUnitOrGroup(
        _ e: XMLElement, fileID: String, inherited: Inherited, unitIDs: Set<String>,
        groupIDs: inout Set<String>, seenUnits: inout Set<String>, into units: inout [XLIFFFile.Unit]
    ) throws {
        if e.localName == "unit" {
            let u = try readUnit(e, fileID: fileID, inherited: inherited, fileUnitIDs: unitIDs)
            if !seenUnits.insert(u.id).inserted {
                throw fail(.uniqueUnitID, "file \"\(fileID)\" › unit \"\(u.id)\"", "the unit id \"\(u.id)\" is used twice in the file")
            }
            units.append(u)
            return
        }
        var at = "file \"\(fileID)\" › <group>"
        try checkAttributes(e, ["id", "name", "canResegment", "translate", "srcDir", "trgDir", "type"], xmlSpace: true, foreign: .any, at: at)
        let id = try require(e, "id", at)
        at = "file \"\(fileID)\" › group \"\(id)\""
        if !groupIDs.insert(id).inserted { throw fail(.uniqueGroupID, at, "the group id \"\(id)\" is used twice in the file") }
        try checkCommonStructural(e, at: at)
        let inh = try inherit(inherited, from: e, at: at)
        var phase = 0
        var extIDs: Set<String> = []
        for node in e.children {
            guard case .element(let c) = node else {
                if let t = node.text, !t.allSatisfy(\.isWhitespace) { throw fail(.contentModel, at, "text is not allowed directly inside <group>") }
                continue
            }
            if c.namespaceURI != ns {
                guard phase == 0 else {
                    throw fail(.contentModel, at, "the extension element <\(c.name)> comes after <notes>, <unit> or <group>; extension elements come first")
                }
                try checkExtension(c, ids: &extIDs, at: at)
                continue
            }
            switch c.localName {
            case "notes":
                guard phase == 0 else { throw fail(.contentModel, at, "<notes> must come before the units and groups of <group>") }
                phase = 1
                _ = try readNotes(c, at: at)
            case "unit", "group":
                phase = 2
                try readUnitOrGroup(c, fileID: fileID, inherited: inh, unitIDs: unitIDs, groupIDs: &groupIDs, seenUnits: &seenUnits, into: &units)
            default:
                throw fail(.contentModel, at, "<group> cannot hold <\(c.localName)>")
            }
        }
    }

    // MARK: unit

    func readUnit(_ e: XMLElement, fileID: String, inherited: Inherited, fileUnitIDs: Set<String>) throws -> XLIFFFile.Unit {
        var at = "file \"\(fileID)\" › <unit>"
        try checkAttributes(e, ["id", "name", "canResegment", "translate", "srcDir", "trgDir", "type"], xmlSpace: true, foreign: .any, at: at)
        let id = try require(e, "id", at)
        at = "file \"\(fileID)\" › unit \"\(id)\""
        try checkCommonStructural(e, at: at)
        let inh = try inherit(inherited, from: e, at: at)
        var phase = 0
        var extIDs: Set<String> = []
        var notes: [Note] = []
        var dataIDs: Set<String> = []
        var partElements: [XMLElement] = []
        for node in e.children {
            guard case .element(let c) = node else {
                if let t = node.text, !t.allSatisfy(\.isWhitespace) { throw fail(.contentModel, at, "text is not allowed directly inside <unit>") }
                continue
            }
            if c.namespaceURI != ns {
                guard phase == 0 else {
                    throw fail(
                        .contentModel, at, "the extension element <\(c.name)> comes after <notes>, <originalData> or a segment; extension elements come first")
                }
                try checkExtension(c, ids: &extIDs, at: at)
                if c.namespaceURI == XLIFFWriter.matchesNamespace && c.localName == "matches" { try checkMatches(c, unit: e, at: at) }
                continue
            }
            switch c.localName {
            case "notes":
                guard phase == 0 else { throw fail(.contentModel, at, "<notes> must come before <originalData> and the segments") }
                phase = 1
                notes = try readNotes(c, at: at)
            case "originalData":
                guard phase <= 1 else { throw fail(.contentModel, at, "<originalData> must come before the segments") }
                phase = 2
                dataIDs = try readOriginalData(c, at: at)
            case "segment", "ignorable":
                phase = 3
                partElements.append(c)
            default:
                throw fail(.contentModel, at, "<unit> cannot hold <\(c.localName)>")
            }
        }
        if !partElements.contains(where: { $0.localName == "segment" }) {
            throw fail(.segmentRequired, at, "the unit holds no <segment>")
        }
        let ctx = UnitContext(
            fileID: fileID, unitID: id, at: at, dataIDs: dataIDs,
            noteIDs: Set(notes.compactMap(\.id)), fileUnitIDs: fileUnitIDs)
        var parts: [XLIFFFile.Part] = []
        var partIDs: Set<String> = []
        for (i, p) in partElements.enumerated() {
            let part = try readPart(p, index: i, inherited: inh, ctx: ctx)
            if let pid = part.id, !partIDs.insert(pid).inserted {
                throw fail(.uniquePartID, at, "the id \"\(pid)\" is used by two segments or ignorables")
            }
            parts.append(part)
        }
        try checkUnitCodes(ctx, partIDs: partIDs, parts: parts)
        // Target order: unique and within 1…number of parts.
        var orders: [Int: Int] = [:]
        for (i, p) in parts.enumerated() where p.target != nil {
            let o = p.order ?? (i + 1)
            if o < 1 || o > parts.count {
                throw fail(.targetOrder, at, "a target has order \(o), but the unit has \(parts.count) segments and ignorables")
            }
            if let other = orders[o] {
                throw fail(.targetOrder, at, "the targets of parts \(other + 1) and \(i + 1) both have order \(o)")
            }
            orders[o] = i
        }
        return XLIFFFile.Unit(id: id, translate: e.attribute("translate") != "no", parts: parts)
    }

    func readOriginalData(_ e: XMLElement, at: String) throws -> Set<String> {
        let here = at + " › <originalData>"
        try checkAttributes(e, [], foreign: .none, at: here)
        if e.strayText != nil { throw fail(.contentModel, here, "text is not allowed directly inside <originalData>") }
        var ids: Set<String> = []
        for c in e.childElements {
            guard c.isCore("data", ns) else { throw fail(.contentModel, here, "<originalData> holds only <data>, not <\(c.name)>") }
            let dat = here + " › <data>"
            try checkAttributes(c, ["id", "dir"], xmlSpace: true, foreign: .none, at: dat)
            let id = try require(c, "id", dat)
            try checkEnum(c, "dir", Self.dirs, dat)
            if let s = c.attribute("space", namespace: XMLNamespace.xml), s != "preserve" {
                throw fail(.xmlSpace, dat, "xml:space on <data> can only be preserve")
            }
            for x in c.childElements {
                guard x.isCore("cp", ns) else { throw fail(.contentModel, dat, "<data> holds only text and <cp>, not <\(x.name)>") }
                _ = try codePoint(x, at: dat)
            }
            if !ids.insert(id).inserted { throw fail(.uniqueDataID, dat, "the data id \"\(id)\" is used twice") }
        }
        if ids.isEmpty { throw fail(.contentModel, here, "<originalData> holds no <data>") }
        return ids
    }

    final class UnitContext {
        let fileID: String, unitID: String, at: String
        let dataIDs: Set<String>, noteIDs: Set<String>, fileUnitIDs: Set<String>
        var source: [InlineEvent] = []
        var target: [InlineEvent] = []
        /// Per part: does it have a target?
        var hasTarget: [Bool] = []
        var targetOrder: [Int] = []
        init(fileID: String, unitID: String, at: String, dataIDs: Set<String>, noteIDs: Set<String>, fileUnitIDs: Set<String>) {
            self.fileID = fileID; self.unitID = unitID; self.at = at
            self.dataIDs = dataIDs; self.noteIDs = noteIDs; self.fileUnitIDs = fileUnitIDs
        }
    }

    func readPart(_ e: XMLElement, index: Int, inherited: Inherited, ctx: UnitContext) throws -> XLIFFFile.Part {
        let isSegment = e.localName == "segment"
        let at = ctx.at + " › " + (e.attribute("id").map { "\(e.localName) \"\($0)\"" } ?? "\(e.localName) \(index + 1)")
        if isSegment {
            try checkAttributes(e, ["id", "canResegment", "state", "subState"], foreign: .none, at: at)
            try checkEnum(e, "canResegment", Self.yesNo, at)
            try checkEnum(e, "state", ["initial", "translated", "reviewed", "final"], at)
            if e.attribute("subState") != nil && e.attribute("state") == nil {
                throw fail(.subState, at, "subState is set but state is not")
            }
        } else {
            try checkAttributes(e, ["id"], foreign: .none, at: at)
        }
        if e.strayText != nil { throw fail(.contentModel, at, "text is not allowed directly inside <\(e.localName)>") }
        let kids = e.childElements
        guard let first = kids.first, first.isCore("source", ns) else {
            throw fail(.contentModel, at, "<\(e.localName)> must start with a <source>")
        }
        var targetEl: XMLElement?
        for (k, c) in kids.enumerated().dropFirst() {
            if k == 1 && c.isCore("target", ns) { targetEl = c; continue }
            throw fail(.contentModel, at, "<\(e.localName)> holds one <source> and at most one <target>, not also <\(c.name)>")
        }
        // Source.
        let sat = at + " › <source>"
        try checkAttributes(first, [], xmlSpace: true, xmlLang: true, foreign: .none, at: sat)
        let srcInh = try inherit(inherited, from: first, at: sat)
        if let l = srcInh.lang, !LanguageTag.same(l, srcLang) {
            throw fail(.sourceLanguageMatches, sat, "the source is in \"\(l)\" (xml:lang) but srcLang is \"\(srcLang)\"")
        }
        var sourceEvents: [InlineEvent] = []
        let source = try inlineText(first, part: index, events: &sourceEvents, at: sat, ctx: ctx)
        ctx.source += sourceEvents
        // Target.
        var target: String?
        var order: Int?
        if let t = targetEl {
            let tat = at + " › <target>"
            if !sawTarget { sawTarget = true; targetWhere = tat }
            try checkAttributes(t, ["order"], xmlSpace: true, xmlLang: true, foreign: .none, at: tat)
            if let o = t.attribute("order") {
                guard let n = Int(o), n >= 1 else { throw fail(.attributeValue, tat, "order is \"\(o)\"; it must be a positive whole number") }
                order = n
            }
            let trgInh = try inherit(inherited, from: t, at: tat)
            if let l = trgInh.lang, let tl = trgLang, !LanguageTag.same(l, tl) {
                throw fail(.targetLanguageMatches, tat, "the target is in \"\(l)\" (xml:lang) but trgLang is \"\(tl)\"")
            }
            if trgInh.space != srcInh.space {
                throw fail(.xmlSpace, tat, "the source has xml:space=\"\(srcInh.space)\" but the target has \"\(trgInh.space)\"")
            }
            var targetEvents: [InlineEvent] = []
            target = try inlineText(t, part: index, events: &targetEvents, at: tat, ctx: ctx)
            ctx.target += targetEvents
        }
        ctx.hasTarget.append(targetEl != nil)
        ctx.targetOrder.append(order ?? (index + 1))
        return XLIFFFile.Part(
            kind: isSegment ? .segment : .ignorable, id: e.attribute("id"), source: source, target: target,
            state: isSegment ? e.attribute("state") : nil, order: order)
    }

    // MARK: inline content

    func codePoint(_ e: XMLElement, at: String) throws -> Unicode.Scalar? {
        let cat = at + " › <cp>"
        try checkAttributes(e, ["hex"], foreign: .none, at: cat)
        let hex = try require(e, "hex", cat)
        if !e.children.isEmpty { throw fail(.contentModel, cat, "<cp> is empty") }
        guard !hex.isEmpty, hex.count % 2 == 0, hex.allSatisfy(\.isHexDigit), let v = UInt32(hex, radix: 16) else {
            throw fail(.codePoint, cat, "hex is \"\(hex)\", which is not a hexadecimal code")
        }
        if v > 0x10FFFF { throw fail(.codePoint, cat, "hex \(hex) is beyond the last Unicode code point") }
        if XMLNames.isXMLChar(v) {
            throw fail(.codePoint, cat, "U+\(hex.uppercased()) is a character XML allows; write it as text, not as <cp>")
        }
        return Unicode.Scalar(v)
    }

    /// The text of source or target content; validates inline elements and records them.
    func inlineText(_ e: XMLElement, part: Int, events: inout [InlineEvent], at: String, ctx: UnitContext) throws -> String {
        var out = ""
        for node in e.children {
            switch node {
            case .text(let t): out += t
            case .element(let c):
                guard c.namespaceURI == ns else {
                    throw fail(.contentModel, at, "inline content holds only XLIFF inline elements, not <\(c.name)>")
                }
                let cat = at + " › <\(c.localName)\(c.attribute("id").map { " id=\"\($0)\"" } ?? "")>"
                let codeAttrs: Set<String> = ["canCopy", "canDelete", "canReorder", "copyOf", "id", "subType", "type"]
                switch c.localName {
                case "cp":
                    if let s = try codePoint(c, at: at) { out.unicodeScalars.append(s) }
                    events.append(InlineEvent(kind: .cp, element: c, part: part))
                case "ph":
                    try checkAttributes(c, codeAttrs.union(["disp", "equiv", "dataRef", "subFlows"]), foreign: .modules, at: cat)
                    try checkCode(c, at: cat, ctx: ctx)
                    try empty(c, cat)
                    events.append(InlineEvent(kind: .ph, element: c, part: part))
                    // A State's note marker that crp export wrote as a code comes back as the marker.
                    if let m = c.attribute("equiv"), NoteMarkers.isMarker(Substring(m)) { out += m }
                case "pc":
                    try checkAttributes(
                        c,
                        codeAttrs.union([
                            "canOverlap", "dispEnd", "dispStart", "equivEnd", "equivStart", "dataRefEnd",
                            "dataRefStart", "subFlowsEnd", "subFlowsStart", "dir",
                        ]), foreign: .modules, at: cat)
                    try checkCode(c, at: cat, ctx: ctx)
                    events.append(InlineEvent(kind: .pc, element: c, part: part))
                    out += try inlineText(c, part: part, events: &events, at: cat, ctx: ctx)
                    events.append(InlineEvent(kind: .pcEnd, element: c, part: part))
                case "sc", "ec":
                    try checkAttributes(
                        c,
                        codeAttrs.union(["canOverlap", "dataRef", "dir", "disp", "equiv", "isolated", "subFlows"])
                            .union(c.localName == "ec" ? ["startRef"] : []), foreign: .modules, at: cat)
                    try checkCode(c, at: cat, ctx: ctx)
                    try empty(c, cat)
                    events.append(InlineEvent(kind: c.localName == "sc" ? .sc : .ec, element: c, part: part))
                case "mrk", "sm":
                    try checkAttributes(c, ["id", "translate", "type", "ref", "value"], foreign: .any, at: cat)
                    _ = try require(c, "id", cat)
                    try checkMarker(c, at: cat, ctx: ctx)
                    events.append(InlineEvent(kind: c.localName == "mrk" ? .mrk : .sm, element: c, part: part))
                    if c.localName == "mrk" { out += try inlineText(c, part: part, events: &events, at: cat, ctx: ctx) } else { try empty(c, cat) }
                case "em":
                    try checkAttributes(c, ["startRef"], foreign: .none, at: cat)
                    let s = try require(c, "startRef", cat)
                    if !XMLNames.isNMToken(s) { throw fail(.nmtoken, cat, "startRef \"\(s)\" is not an NMTOKEN") }
                    try empty(c, cat)
                    events.append(InlineEvent(kind: .em, element: c, part: part))
                default:
                    throw fail(.contentModel, at, "<\(c.localName)> is not an XLIFF inline element")
                }
            }
        }
        return out
    }

    func empty(_ e: XMLElement, _ at: String) throws {
        if !e.children.isEmpty { throw fail(.contentModel, at, "<\(e.localName)> must be empty") }
    }

    /// Attribute rules of ph, pc, sc and ec that need no other element.
    func checkCode(_ c: XMLElement, at: String, ctx: UnitContext) throws {
        let isEc = c.localName == "ec"
        if !isEc { _ = try require(c, "id", at) }
        for name in ["canCopy", "canDelete", "canOverlap", "isolated"] { try checkEnum(c, name, Self.yesNo, at) }
        try checkEnum(c, "canReorder", ["yes", "no", "firstNo"], at)
        try checkEnum(c, "dir", Self.dirs, at)
        try checkEnum(c, "type", ["fmt", "ui", "quote", "link", "image", "other"], at)
        for name in ["copyOf", "dataRef", "dataRefStart", "dataRefEnd", "startRef"] {
            if let v = c.attribute(name), !XMLNames.isNMToken(v) { throw fail(.nmtoken, at, "\(name) \"\(v)\" is not an NMTOKEN") }
        }
        if let st = c.attribute("subType") {
            guard let type = c.attribute("type") else { throw fail(.subType, at, "subType is set but type is not") }
            guard isUserDefined(st) else { throw fail(.subType, at, "subType \"\(st)\" must have the form prefix:value") }
            if st.hasPrefix("xlf:") {
                let fixed = ["xlf:lb": "fmt", "xlf:pb": "fmt", "xlf:b": "fmt", "xlf:i": "fmt", "xlf:u": "fmt", "xlf:var": "ui"]
                guard let want = fixed[st] else { throw fail(.subType, at, "\(st) is not one of the xlf: subtypes") }
                if type != want { throw fail(.subType, at, "subType \(st) goes with type \(want), not \(type)") }
            }
        }
        for name in ["dataRef", "dataRefStart", "dataRefEnd"] {
            if let d = c.attribute(name), !ctx.dataIDs.contains(d) {
                throw fail(.dataRef, at, "\(name) \"\(d)\" names no <data> of the unit's <originalData>")
            }
        }
        if c.attribute("copyOf") != nil, ["dataRef", "dataRefStart", "dataRefEnd"].contains(where: { c.attribute($0) != nil }) {
            throw fail(.copyOf, at, "a code with copyOf cannot also point to original data")
        }
        for name in ["subFlows", "subFlowsStart", "subFlowsEnd"] {
            guard let v = c.attribute(name) else { continue }
            guard XMLNames.isNMTokens(v) else { throw fail(.subFlows, at, "\(name) \"\(v)\" is not a space-separated list of unit ids") }
            for u in v.split(separator: " ") where !ctx.fileUnitIDs.contains(String(u)) {
                throw fail(.subFlows, at, "\(name) names the unit \"\(u)\", which is not in this file")
            }
        }
        let reorder = c.attribute("canReorder") ?? "yes"
        if reorder != "yes" && (c.attribute("canCopy") != "no" || c.attribute("canDelete") != "no") {
            throw fail(.reorder, at, "canReorder is \(reorder), so canCopy and canDelete must both be no")
        }
    }

    /// Rules of mrk and sm: type, translate, comment annotations and references.
    func checkMarker(_ c: XMLElement, at: String, ctx: UnitContext) throws {
        try checkEnum(c, "translate", Self.yesNo, at)
        let type = c.attribute("type") ?? "generic"
        if !["generic", "comment", "term"].contains(type) && !isUserDefined(type) {
            throw fail(.attributeValue, at, "type is \"\(type)\"; it must be generic, comment, term or prefix:value")
        }
        let ref = c.attribute("ref")
        var selectors: [(prefix: String?, id: String)] = []
        if let ref, ref.hasPrefix("#") { selectors = try fragment(ref, at: at) }
        if type == "comment" {
            let hasValue = c.attribute("value") != nil
            if hasValue == (ref != nil) {
                throw fail(.commentAnnotation, at, hasValue ? "the comment has both a value and a ref" : "the comment has neither a value nor a ref")
            }
            if let ref {
                guard ref.hasPrefix("#"), let leaf = selectors.last, leaf.prefix == "n" else {
                    throw fail(.commentAnnotation, at, "ref \"\(ref)\" does not point to a <note> (n=…)")
                }
                let f = selectors.first { $0.prefix == "f" }?.id
                let u = selectors.first { $0.prefix == "u" }?.id
                let g = selectors.first { $0.prefix == "g" }?.id
                if (f != nil && f != ctx.fileID) || (g != nil && u == nil) || (f != nil && u == nil) || (u != nil && u != ctx.unitID) {
                    throw fail(.commentAnnotation, at, "ref \"\(ref)\" points outside its unit; a comment refers to a <note> of its own unit")
                }
                if !ctx.noteIDs.contains(leaf.id) {
                    throw fail(.commentAnnotation, at, "ref \"\(ref)\" names no <note> of the unit")
                }
            }
        }
    }

    /// Parses and checks a fragment identifier ("#f=f1/u=u1/n=n1", "#m1", "#t=m2").
    func fragment(_ ref: String, at: String) throws -> [(prefix: String?, id: String)] {
        var body = ref.dropFirst()
        if body.hasPrefix("/") { body = body.dropFirst() }
        let pieces = body.split(separator: "/", omittingEmptySubsequences: false)
        var out: [(String?, String)] = []
        var lastRank = -1
        for p in pieces {
            guard !p.isEmpty else { throw fail(.fragmentIdentifier, at, "ref \"\(ref)\" has an empty selector") }
            var prefix: String?
            var id = String(p)
            if let eq = p.firstIndex(of: "=") {
                prefix = String(p[..<eq]); id = String(p[p.index(after: eq)...])
            }
            if let prefix {
                guard XMLNames.isNMToken(prefix) else { throw fail(.fragmentIdentifier, at, "ref \"\(ref)\": the prefix \"\(prefix)\" is not an NMTOKEN") }
                if prefix.count == 1 && !corePrefixes.contains(prefix) {
                    throw fail(
                        .fragmentIdentifier, at, "ref \"\(ref)\": one-letter prefixes are reserved for the core (f, g, u, n, d, t), \"\(prefix)\" is not one")
                }
                if prefix.count > 1 && !registeredPrefixes.contains(prefix) {
                    throw fail(.fragmentIdentifier, at, "ref \"\(ref)\": the prefix \"\(prefix)\" is not registered")
                }
            }
            guard XMLNames.isNMToken(id) else { throw fail(.fragmentIdentifier, at, "ref \"\(ref)\": \"\(id)\" is not an NMTOKEN id") }
            let rank: Int
            switch prefix {
            case "f": rank = 0
            case "g": rank = 1
            case "u": rank = 2
            default: rank = 3
            }
            if rank <= lastRank {
                throw fail(.fragmentIdentifier, at, "ref \"\(ref)\": selectors must go file, group, unit, then one element, each at most once")
            }
            lastRank = rank
            out.append((prefix, id))
        }
        return out
    }

    // MARK: unit-wide code rules

    /// Checks the inline codes of a unit against the rules of XLIFF 2.1's core (one function per
    /// group of rules, in the order the specification gives them): start and end codes and
    /// annotation markers, ids, copyOf, markers in the target, reordering and deletion.
    func checkUnitCodes(_ ctx: UnitContext, partIDs: Set<String>, parts: [XLIFFFile.Part]) throws {
        try checkStartEndCodes(ctx)
        let idKinds = try checkInlineIDs(ctx, partIDs: partIDs)
        try checkCopyOfAndTargetMarkers(ctx, idKinds: idKinds)
        try checkReordering(ctx)
    }

    /// Where an inline code stands, for a refusal: the unit, the side, the element and its id.
    func location(_ ev: InlineEvent, _ side: String, in ctx: UnitContext) -> String {
        "\(ctx.at) › \(side) <\(ev.element.localName)\(ev.element.attribute("id").map { " id=\"\($0)\"" } ?? "")\(ev.element.attribute("startRef").map { " startRef=\"\($0)\"" } ?? "")>"
    }

    /// Start and end codes pair up in the source with matching attributes; annotation markers close.
    func checkStartEndCodes(_ ctx: UnitContext) throws {
        let at = ctx.at
        func loc(_ ev: InlineEvent, _ side: String) -> String { location(ev, side, in: ctx) }
        // Start and end codes, annotation markers (source, across segments in order).
        var openSC: [String: InlineEvent] = [:]
        var closedSC: Set<String> = []
        var openSM: Set<String> = []
        let ecRefs = Set(ctx.source.filter { $0.kind == .ec }.compactMap { $0.element.attribute("startRef") })
        for ev in ctx.source {
            let e = ev.element
            switch ev.kind {
            case .sc:
                let id = e.attribute("id") ?? ""
                if e.attribute("isolated") == "yes" {
                    if ecRefs.contains(id) {
                        throw fail(.startEndCodes, loc(ev, "source"), "the <sc> is marked isolated but its <ec> is in the same unit")
                    }
                } else {
                    if !ecRefs.contains(id) {
                        throw fail(.startEndCodes, loc(ev, "source"), "the <sc> is never closed in its unit; add its <ec> or mark it isolated=\"yes\"")
                    }
                    openSC[id] = ev
                }
            case .ec:
                if e.attribute("isolated") == "yes" {
                    if e.attribute("startRef") != nil {
                        throw fail(.startEndCodes, loc(ev, "source"), "an isolated <ec> has an id, not a startRef")
                    }
                    if e.attribute("id") == nil { throw fail(.startEndCodes, loc(ev, "source"), "an isolated <ec> needs an id") }
                } else {
                    if e.attribute("id") != nil {
                        throw fail(.startEndCodes, loc(ev, "source"), "an <ec> that is not isolated refers to its <sc> with startRef and has no id")
                    }
                    guard let s = e.attribute("startRef") else {
                        throw fail(.startEndCodes, loc(ev, "source"), "an <ec> that is not isolated needs a startRef")
                    }
                    guard let sc = openSC[s] else {
                        throw fail(
                            .startEndCodes, loc(ev, "source"),
                            closedSC.contains(s) ? "the <sc id=\"\(s)\"> is closed twice" : "the <ec> comes before any <sc id=\"\(s)\"> of the unit")
                    }
                    openSC[s] = nil
                    closedSC.insert(s)
                    for name in ["canCopy", "canDelete", "canOverlap"] where (sc.element.attribute(name) ?? "yes") != (e.attribute(name) ?? "yes") {
                        throw fail(
                            .startEndCodeAttributes, loc(ev, "source"),
                            "\(name) is \(e.attribute(name) ?? "yes") on the <ec> but \(sc.element.attribute(name) ?? "yes") on its <sc>")
                    }
                    let scReorder = sc.element.attribute("canReorder") ?? "yes"
                    let want = scReorder == "firstNo" ? "no" : scReorder
                    if (e.attribute("canReorder") ?? "yes") != want {
                        throw fail(
                            .startEndCodeAttributes, loc(ev, "source"),
                            "canReorder is \(e.attribute("canReorder") ?? "yes") on the <ec>; with \(scReorder) on its <sc> it must be \(want)")
                    }
                }
            case .sm:
                openSM.insert(e.attribute("id") ?? "")
            case .em:
                let s = e.attribute("startRef") ?? ""
                if openSM.remove(s) == nil {
                    throw fail(.annotationMarkers, loc(ev, "source"), "the <em> closes no earlier <sm id=\"\(s)\"> of the unit")
                }
            default: break
            }
        }
        if let lone = openSM.sorted().first {
            throw fail(.annotationMarkers, at, "the <sm id=\"\(lone)\"> is never closed by an <em> in the unit")
        }
    }

    /// Source inline ids share the unit's id space with segments and ignorables; target ids are
    /// unique in the target. Returns each id's code (source first).
    func checkInlineIDs(_ ctx: UnitContext, partIDs: Set<String>) throws -> [String: InlineEvent] {
        func loc(_ ev: InlineEvent, _ side: String) -> String { location(ev, side, in: ctx) }
        var ids = partIDs
        var idKinds: [String: InlineEvent] = [:]
        for ev in ctx.source where ev.kind != .pcEnd && ev.kind != .em && ev.kind != .cp {
            guard let id = ev.element.attribute("id") else { continue }
            if !ids.insert(id).inserted { throw fail(.uniquePartID, loc(ev, "source"), "the id \"\(id)\" is used twice in the unit") }
            idKinds[id] = ev
        }
        var targetIDs: Set<String> = []
        for ev in ctx.target where ev.kind != .pcEnd && ev.kind != .em && ev.kind != .cp {
            guard let id = ev.element.attribute("id") else { continue }
            if !targetIDs.insert(id).inserted { throw fail(.uniqueInlineID, loc(ev, "target"), "the id \"\(id)\" is used twice in the target content") }
            if idKinds[id] == nil { idKinds[id] = ev }
        }
        return idKinds
    }

    /// copyOf names a code that may be copied; every `<em>` of the target closes one of its `<sm>`.
    func checkCopyOfAndTargetMarkers(_ ctx: UnitContext, idKinds: [String: InlineEvent]) throws {
        func loc(_ ev: InlineEvent, _ side: String) -> String { location(ev, side, in: ctx) }
        // copyOf.
        for ev in ctx.source + ctx.target {
            guard let ref = ev.element.attribute("copyOf") else { continue }
            guard let base = idKinds[ref], base.isCode else {
                throw fail(.copyOf, loc(ev, "inline"), "copyOf \"\(ref)\" names no code of the unit")
            }
            if base.element.attribute("canCopy") == "no" {
                throw fail(.copyOf, loc(ev, "inline"), "copyOf \"\(ref)\" names a code with canCopy=\"no\"")
            }
        }
        // Target markers: each em closes an sm of the target content.
        let targetSM = Set(ctx.target.filter { $0.kind == .sm }.compactMap { $0.element.attribute("id") })
        for ev in ctx.target where ev.kind == .em && !targetSM.contains(ev.element.attribute("startRef") ?? "") {
            throw fail(.annotationMarkers, loc(ev, "target"), "the <em> closes no <sm> of the target content")
        }
    }

    /// Codes that cannot be reordered start with firstNo, stay whole and in order in the target;
    /// codes that cannot be deleted are in the target of their segment.
    func checkReordering(_ ctx: UnitContext) throws {
        let at = ctx.at
        func loc(_ ev: InlineEvent, _ side: String) -> String { location(ev, side, in: ctx) }
        // Reordering: a "no" code follows a firstNo or no code.
        let codes = ctx.source.filter(\.isCode)
        var previous: String?
        for ev in codes where ev.kind != .pcEnd {
            let r = ev.element.attribute("canReorder") ?? "yes"
            if r == "no" && !(previous == "no" || previous == "firstNo") {
                throw fail(.reorder, loc(ev, "source"), "a sequence of codes that cannot be reordered must start with canReorder=\"firstNo\"")
            }
            previous = r
        }
        // Non-removable codes appear in the target when their segment has one.
        let targetKeys = Set(ctx.target.map(\.key))
        for ev in ctx.source where ev.isCode && ev.kind != .pcEnd && ev.element.attribute("canDelete") == "no" {
            if ctx.hasTarget[ev.part] && !targetKeys.contains(ev.key) {
                throw fail(.nonRemovableCodes, loc(ev, "source"), "the code cannot be deleted (canDelete=\"no\") but the target lacks it")
            }
        }
        // Sequences that cannot be reordered stay whole and in order in the target.
        var sequences: [[String]] = []
        var current: [String] = []
        for ev in codes {
            let r = ev.element.attribute("canReorder") ?? "yes"
            if ev.kind != .pcEnd && r == "firstNo" {
                if !current.isEmpty { sequences.append(current) }
                current = [ev.key]
            } else if !current.isEmpty && (r == "no" || (ev.kind == .pcEnd && r == "firstNo")) {
                current.append(ev.key)
            } else {
                if !current.isEmpty { sequences.append(current) }
                current = []
            }
        }
        if !current.isEmpty { sequences.append(current) }
        if !sequences.isEmpty && !ctx.target.isEmpty {
            let order = ctx.targetOrder
            let targetCodes = ctx.target.filter(\.isCode).enumerated()
                .sorted { (order[$0.element.part], $0.offset) < (order[$1.element.part], $1.offset) }
                .map(\.element.key)
            for seq in sequences where seq.allSatisfy(targetKeys.contains) {
                guard let start = targetCodes.firstIndex(of: seq[0]), start + seq.count <= targetCodes.count,
                    Array(targetCodes[start..<(start + seq.count)]) == seq
                else {
                    throw fail(
                        .reorder, at, "the target moves codes that cannot be reordered (\(seq.joined(separator: ", "))); they must stay together and in order")
                }
            }
        }
    }
}
