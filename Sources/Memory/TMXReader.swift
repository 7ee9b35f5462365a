import Exchange
import Foundation
import MultilingualText

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Reads TMX 1.4b (also 1.1–1.4 as OmegaT, Trados and Translate Toolkit's po2tmx write them) as a
/// stream: libxml2's push parser (through Foundation's `XMLParser`) reads the file in small
/// pieces, and each `<tu>` is handed on as soon as it ends, so a file of any size is read in
/// constant memory. A file that is not well-formed, not TMX, or whose units hold no pair the paper
/// can use (a source in one of the official languages and a translation in the paper's) is refused
/// with the line and the reason.
public final class TMXReader: NSObject, XMLParserDelegate {
    /// What the reading found, for the import's report.
    public struct Report: Sendable, Equatable, Codable {
        public var units = 0
        /// Units skipped because a side was empty.
        public var empty = 0
        /// Units whose text held control characters, bidi controls or markup, cleaned.
        public var cleanedControls = 0
        public var cleanedBidi = 0
        public var cleanedMarkup = 0
        /// Units per source language.
        public var languages: [String: Int] = [:]
        /// Units left out because they are this store's own (a TMX written by `crp tm export` of
        /// this paper): they are in the memory already. Nil in records written before it was counted.
        public var storesOwn: Int? = nil
        public init() {}
    }

    let name: String
    let targetLanguage: String
    let sourceLanguages: Set<String>
    let origin: String
    let onUnit: (MemoryUnit) throws -> Void
    /// True for a unit (by its `x-` properties) that is the store's own and is left out.
    var isStoresOwn: ([String: String]) -> Bool = { _ in false }
    public private(set) var report = Report()
    var failure: Error?
    weak var parser: XMLParser?

    // State of the element being read.
    var stack: [String] = []
    var sawRoot = false
    var headerLanguage: String?
    var tuLine = 0
    var tuLanguage: String?
    var tuDate: String?
    var tuvs: [(lang: String, text: String, markup: Bool)] = []
    var tuvLang: String?
    var segText: String?
    var skipDepth = 0
    var segMarkup = false
    var tuProps: [String: String] = [:]
    var propType: String?
    var propText: String?

    /// A reader for the file called `name`; `onUnit` gets each usable unit (cleaned).
    public init(name: String, targetLanguage: String, sourceLanguages: Set<String>, origin: String, onUnit: @escaping (MemoryUnit) throws -> Void) {
        self.name = name
        self.targetLanguage = targetLanguage
        self.sourceLanguages = sourceLanguages
        self.origin = origin
        self.onUnit = onUnit
    }

    /// Reads the file; throws the first refusal.
    public func read(_ url: URL) throws -> Report {
        guard let stream = InputStream(url: url) else { throw MemoryError.unreadable(file: name, reason: "it cannot be opened") }
        if let kind = try Self.notXML(url) { throw MemoryError.notTMX(file: name, line: 1, reason: kind) }
        let p = XMLParser(stream: stream)
        p.shouldProcessNamespaces = false
        p.shouldResolveExternalEntities = false
        p.delegate = self
        parser = p
        let ok = p.parse()
        if let failure { throw failure }
        if !ok {
            let code = (p.parserError as NSError?)?.code ?? 0
            throw MemoryError.notWellFormed(file: name, line: max(1, p.lineNumber), reason: Self.describe(code))
        }
        if !sawRoot { throw MemoryError.notTMX(file: name, line: 1, reason: "it has no <tmx> element") }
        if report.units == 0, let own = report.storesOwn { throw MemoryError.onlyStoresOwn(file: name, units: own) }
        if report.units == 0 { throw MemoryError.empty(file: name) }
        return report
    }

    /// What the file is when it is not XML at all (the parser would only say "document is empty"):
    /// nil when its first character, after a byte-order mark and spaces, is "<".
    static func notXML(_ url: URL) throws -> String? {
        guard let h = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? h.close() }
        var head = [UInt8]((try h.read(upToCount: 512)) ?? Data())
        if head.isEmpty { return "the file is empty" }
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { head.removeFirst(3) }
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) { return nil }  // UTF-16 XML: the parser reads it
        guard let first = head.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) else { return "the file holds only spaces" }
        if first == UInt8(ascii: "<") { return nil }
        if head.starts(with: Array("PK".utf8)) { return "it is a ZIP archive (a Word or other Office file?), not XML" }
        if head.starts(with: Array("%PDF".utf8)) { return "it is a PDF, not XML" }
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) { return "it is an old Office file, not XML" }
        return "it is not XML: it does not start with \"<\""
    }

    static func describe(_ code: Int) -> String {
        switch code {
        case 4: "the document is empty"
        case 5: "the document ends before its elements are closed"
        case 9: "a character that XML does not allow"
        case 23, 26, 27: "an entity that is not defined"
        case 38, 39, 40, 41, 42: "an attribute is written wrongly"
        case 64, 65, 73: "a tag is not closed"
        case 76: "an end tag does not match its start tag"
        default: "libxml2 error \(code)"
        }
    }

    func fail(_ e: Error) {
        if failure == nil { failure = e }
        parser?.abortParsing()
    }

    var line: Int { max(1, parser?.lineNumber ?? 1) }

    public func parser(_ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?) {
        fail(MemoryError.notTMX(file: self.name, line: line, reason: "it declares its own entities, which a TMX never needs"))
    }

    public func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?, attributes: [String: String] = [:]
    ) {
        if stack.isEmpty {
            guard elementName == "tmx" else {
                return fail(MemoryError.notTMX(file: name, line: line, reason: "its root element is <\(elementName)>, not <tmx>"))
            }
            guard let v = attributes["version"], ["1.1", "1.2", "1.3", "1.4", "1.4b"].contains(v) else {
                return fail(MemoryError.notTMX(file: name, line: line, reason: "<tmx> has no version 1.1–1.4"))
            }
            sawRoot = true
        }
        defer { stack.append(elementName) }
        if skipDepth > 0 { skipDepth += 1; return }
        switch elementName {
        case "header":
            headerLanguage = attributes["srclang"]
            if let h = headerLanguage, h != "*all*", !usable(h) && LanguageTag.primary(h) != LanguageTag.primary(targetLanguage) {
                fail(MemoryError.unusablePair(file: name, line: line, reason: "the memory's source language is \(h)"))
            }
        case "tu":
            tuLine = line; tuLanguage = attributes["srclang"]; tuvs = []; tuProps = [:]
            tuDate = attributes["changedate"] ?? attributes["creationdate"]
        case "tuv":
            tuvLang = attributes["xml:lang"] ?? attributes["lang"]
        case "prop":
            if stack.last == "tu" { propType = attributes["type"]; propText = "" }
        case "seg":
            segText = ""; segMarkup = false
        case "bpt", "ept", "it", "ph", "ut", "sub":
            if segText != nil { skipDepth = 1; segMarkup = true }
        case "hi":
            if segText != nil { segMarkup = true }
        default: break
        }
    }

    public func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        stack.removeLast()
        if skipDepth > 0 { skipDepth -= 1; return }
        switch elementName {
        case "seg":
            if let t = segText, let l = tuvLang { tuvs.append((l, t, segMarkup)) }
            segText = nil
        case "prop":
            if let t = propType, let v = propText { tuProps[t] = v }
            propType = nil; propText = nil
        case "tu": finishUnit()
        default: break
        }
    }

    public func parser(_ parser: XMLParser, foundCharacters string: String) {
        if propText != nil { propText! += string }
        if skipDepth == 0, segText != nil { segText! += string }
    }

    public func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        if skipDepth == 0, segText != nil { segText! += String(decoding: CDATABlock, as: UTF8.self) }
    }

    func usable(_ tag: String) -> Bool { sourceLanguages.contains(LanguageTag.primary(tag)) }

    func finishUnit() {
        let paper = LanguageTag.primary(targetLanguage)
        guard let target = tuvs.first(where: { LanguageTag.primary($0.lang) == paper }) else {
            let langs = tuvs.map(\.lang).joined(separator: ", ")
            return fail(
                MemoryError.unusablePair(
                    file: name, line: tuLine, reason: "the unit has no translation in \(targetLanguage) (its languages: \(langs.isEmpty ? "none" : langs))"))
        }
        let declared = tuLanguage.flatMap { $0 == "*all*" ? nil : $0 } ?? headerLanguage.flatMap { $0 == "*all*" ? nil : $0 }
        let source =
            tuvs.first(where: { usable($0.lang) && declared.map(LanguageTag.primary) == LanguageTag.primary($0.lang) })
            ?? tuvs.first(where: { usable($0.lang) })
        guard let source else {
            let langs = tuvs.map(\.lang).joined(separator: ", ")
            return fail(
                MemoryError.unusablePair(
                    file: name, line: tuLine, reason: "the unit has no source in Arabic, Chinese, French, Russian or Spanish (its languages: \(langs))"))
        }
        let (s, sc, sb) = Self.cleaned(source.text), (t, tc, tb) = Self.cleaned(target.text)
        if s.isEmpty || t.isEmpty { report.empty += 1; return }
        if isStoresOwn(tuProps) { report.storesOwn = (report.storesOwn ?? 0) + 1; return }
        if sc || tc { report.cleanedControls += 1 }
        if sb || tb { report.cleanedBidi += 1 }
        if source.markup || target.markup { report.cleanedMarkup += 1 }
        let lang = LanguageTag.primary(source.lang)
        report.units += 1
        report.languages[lang, default: 0] += 1
        let date = tuDate.flatMap { $0.count >= 8 ? "\($0.prefix(4))-\($0.dropFirst(4).prefix(2))-\($0.dropFirst(6).prefix(2))" : nil }
        do {
            try onUnit(MemoryUnit(source: s, target: t, sourceLanguage: lang, targetLanguage: paper, origin: origin, date: date))
        } catch { fail(error) }
    }

    /// A segment's text as intake cleans text: NFC, controls dropped (line ends and tabs become
    /// spaces), bidi overrides removed and other bidi controls balanced, white space folded.
    /// Also says whether controls or bidi controls were there.
    static func cleaned(_ raw: String) -> (String, Bool, Bool) {
        let hadControls = raw.unicodeScalars.contains { ($0.value < 0x20 && $0 != " ") || ($0.value >= 0x7F && $0.value <= 0x9F) }
        let cleaned = MatchText.clean(raw)
        let hadBidi = Bidi.containsBidiControl(raw)
        return (MatchText.exactKey(cleaned), hadControls, hadBidi)
    }
}
