import Foundation
import MultilingualText
import TestSupport
import Testing

@testable import RoomPaper

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A WordprocessingML part read back with Foundation's XML parser: paragraphs with their
/// properties and runs, so tests look at what Word would see rather than at strings.
final class RenderDOCXReader: NSObject, XMLParserDelegate {
    struct Run {
        var text = ""
        var rtl = false
        var csFont: String?
        var eastAsiaFont: String?
        var langBidi: String?
        var langEastAsia: String?
        var langLatin: String?
        var tab = false
        var footnoteReference: Int?
    }

    struct Paragraph {
        var style: String?
        var bidi = false
        var numId: Int?
        var pageBreakBefore = false
        var runs: [Run] = []
        var text: String { runs.map { $0.tab ? "\t" : $0.text }.joined() }
    }

    private(set) var paragraphs: [Paragraph] = []
    private(set) var elements: [String: Int] = [:]
    private var paragraph: Paragraph?
    private var run: Run?
    private var inText = false
    private var inRunProperties = false
    private(set) var failure: String?

    /// Parses a part; nil and a failure message when it is not well-formed XML.
    static func read(_ bytes: [UInt8]) -> RenderDOCXReader {
        let reader = RenderDOCXReader()
        let parser = XMLParser(data: Data(bytes))
        parser.shouldProcessNamespaces = false
        parser.delegate = reader
        if !parser.parse() { reader.failure = parser.parserError.map { "\($0)" } ?? "not well-formed" }
        return reader
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes a: [String: String] = [:]) {
        elements[name, default: 0] += 1
        switch name {
        case "w:p": paragraph = Paragraph()
        case "w:pStyle": paragraph?.style = a["w:val"]
        case "w:bidi" where run == nil: paragraph?.bidi = a["w:val"].map { $0 != "0" && $0 != "false" } ?? true
        case "w:numId": paragraph?.numId = a["w:val"].flatMap(Int.init)
        case "w:pageBreakBefore": paragraph?.pageBreakBefore = true
        case "w:r": run = Run()
        case "w:rPr" where run != nil: inRunProperties = true
        case "w:rtl" where inRunProperties: run?.rtl = true
        case "w:rFonts" where inRunProperties:
            run?.csFont = a["w:cs"]; run?.eastAsiaFont = a["w:eastAsia"]
        case "w:lang" where inRunProperties:
            run?.langBidi = a["w:bidi"]; run?.langEastAsia = a["w:eastAsia"]; run?.langLatin = a["w:val"]
        case "w:t": inText = true
        case "w:tab" where run != nil: run?.tab = true
        case "w:footnoteReference": run?.footnoteReference = a["w:id"].flatMap(Int.init)
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "w:t": inText = false
        case "w:rPr": inRunProperties = false
        case "w:r":
            if let r = run { paragraph?.runs.append(r) }
            run = nil
        case "w:p":
            if let p = paragraph { paragraphs.append(p) }
            paragraph = nil
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { run?.text += string }
    }
}

/// The entries of a ZIP archive, read from its central directory.
enum RenderZip {
    struct Entry {
        var name: String
        var dosTime: UInt16
        var dosDate: UInt16
        var method: UInt16
    }

    static func entries(_ data: Data) -> [Entry]? {
        let b = [UInt8](data)
        func u16(_ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
        func u32(_ i: Int) -> Int { u16(i) | u16(i + 2) << 16 }
        guard b.count >= 22, let eocd = stride(from: b.count - 22, through: 0, by: -1).first(where: { u32($0) == 0x0605_4B50 }) else { return nil }
        let count = u16(eocd + 10)
        var p = u32(eocd + 16)
        var out: [Entry] = []
        for _ in 0..<count {
            guard p + 46 <= b.count, u32(p) == 0x0201_4B50 else { return nil }
            let nameLength = u16(p + 28), extra = u16(p + 30), comment = u16(p + 32)
            let name = String(decoding: b[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self)
            out.append(Entry(name: name, dosTime: UInt16(u16(p + 12)), dosDate: UInt16(u16(p + 14)), method: UInt16(u16(p + 10))))
            p += 46 + nameLength + extra + comment
        }
        return out
    }
}

/// Which scripts a text holds, for the DOCX checks.
enum RenderScripts {
    /// Arabic letters (not digits, not punctuation).
    static func arabic(_ s: String) -> Bool {
        s.unicodeScalars.contains { (0x0621...0x064A).contains($0.value) || (0x0671...0x06D3).contains($0.value) }
    }
    static func han(_ s: String) -> Bool { s.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } }
    static func cyrillic(_ s: String) -> Bool { s.unicodeScalars.contains { (0x0400...0x04FF).contains($0.value) } }
    static func latin(_ s: String) -> Bool { s.unicodeScalars.contains { ("A"..."Z").contains($0) || ("a"..."z").contains($0) } }
}

@Suite struct DOCXRendererTests {
    static let partNames = [
        "[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml", "word/document.xml",
        "word/_rels/document.xml.rels", "word/styles.xml", "word/numbering.xml", "word/footnotes.xml",
        "word/settings.xml", "word/fontTable.xml", "word/header1.xml", "word/footer1.xml",
    ]

    func part(_ parts: [(path: String, data: [UInt8])], _ name: String) -> [UInt8] {
        parts.first { $0.path == name }?.data ?? []
    }

    @Test func sameDocumentGivesTheSameBytesWithFixedEntriesAndDates() throws {
        let doc = try RenderFixtures.referenceDocument()
        let a = try DOCXRenderer().render(doc)
        let b = try DOCXRenderer().render(doc)
        #expect(a == b)
        let entries = try #require(RenderZip.entries(a))
        #expect(entries.map(\.name) == Self.partNames)
        for e in entries {
            #expect(e.dosDate == (1 << 5 | 1) && e.dosTime == 0, "\(e.name) is not dated 1980-01-01 00:00")
            #expect(e.method == 8, "\(e.name) is not deflated")
        }
    }

    @Test func everyPartIsWellFormedXML() throws {
        for doc in [
            try RenderFixtures.referenceDocument(), try RenderFixtures.document(RenderFixtures.cjkSubmissions()),
            try RenderFixtures.document(RenderFixtures.hostileSubmissions()),
        ] {
            for (path, data) in DOCXRenderer().parts(doc) {
                let reader = RenderDOCXReader.read(data)
                #expect(reader.failure == nil, "\(path): \(reader.failure ?? "")")
            }
        }
    }

    @Test func arabicParagraphsAreBidiWithRightToLeftRunsAndEnglishOnesAreNot() throws {
        let doc = try RenderFixtures.referenceDocument()
        let body = RenderDOCXReader.read(DOCXRenderer().parts(doc).first { $0.path == "word/document.xml" }!.data)
        let arabic = body.paragraphs.filter { RenderScripts.arabic($0.text) }
        let latin = body.paragraphs.filter { !RenderScripts.arabic($0.text) && RenderScripts.latin($0.text) }
        #expect(arabic.count == 9, "the Arabic original: one paragraph and eight points")
        #expect(latin.count > 40)
        for p in arabic { #expect(p.bidi, "Arabic paragraph without w:bidi: \(p.text.prefix(40))") }
        for p in latin { #expect(!p.bidi, "non-Arabic paragraph with w:bidi: \(p.text.prefix(40))") }
        for p in latin { for r in p.runs { #expect(!r.rtl, "w:rtl on \(r.text.prefix(30))") } }
        var sawSherloc = false
        for p in arabic {
            for r in p.runs where RenderScripts.arabic(r.text) {
                #expect(r.rtl && r.csFont == DOCXRenderer.Fonts.un.complex && r.langBidi == "ar-SA", "Arabic run without its marks: \(r.text.prefix(30))")
                #expect(!RenderScripts.latin(r.text), "Latin left inside an Arabic run: \(r.text)")
            }
            for r in p.runs where r.text.contains("SHERLOC") {
                sawSherloc = true
                #expect(!r.rtl, "the Latin word SHERLOC carries w:rtl")
                #expect(r.text.trimmingCharacters(in: .whitespaces) == "SHERLOC")
            }
        }
        #expect(sawSherloc, "the Arabic original mentions SHERLOC")
    }

    @Test func digitsAndLatinInsideArabicAreSplitOutWithoutRTL() throws {
        let text = "أطلق مكتب الأمم المتحدة (UNODC) في عام 2020 بوابة SHERLOC للمعارف."
        let doc = Document(
            language: "en", direction: .ltr,
            metadata: Metadata(symbol: "S/1", title: "T", date: "d", distribution: "General", subject: "s"),
            blocks: [.paragraph(Paragraph(role: .comment, number: nil, runs: [.text(text)], language: "ar", direction: .rtl))],
            footnotes: [])
        let body = RenderDOCXReader.read(DOCXRenderer().parts(doc).first { $0.path == "word/document.xml" }!.data)
        let p = try #require(body.paragraphs.first)
        #expect(p.bidi)
        #expect(p.text == text, "splitting runs must keep every character in order")
        let pieces = p.runs.map { ($0.text, $0.rtl) }
        for word in ["UNODC", "2020", "SHERLOC"] {
            let run = try #require(p.runs.first { $0.text.contains(word) }, "\(word)")
            #expect(!run.rtl && run.text.trimmingCharacters(in: .whitespaces) == word, "\(word) in \(pieces)")
        }
        #expect(p.runs.filter(\.rtl).count == 4, "\(pieces)")
    }

    @Test func chineseRunsCarryTheEastAsianFontAndRussianRunsTheirLanguage() throws {
        let doc = try RenderFixtures.document(RenderFixtures.cjkSubmissions())
        let body = RenderDOCXReader.read(DOCXRenderer().parts(doc).first { $0.path == "word/document.xml" }!.data)
        let chinese = body.paragraphs.filter { RenderScripts.han($0.text) }
        let russian = body.paragraphs.filter { RenderScripts.cyrillic($0.text) }
        #expect(chinese.count == 3 && russian.count == 2)
        for p in chinese + russian { #expect(!p.bidi) }
        for p in chinese {
            for r in p.runs where RenderScripts.han(r.text) {
                #expect(r.eastAsiaFont == DOCXRenderer.Fonts.un.eastAsia && r.langEastAsia == "zh-CN" && !r.rtl, "\(r.text.prefix(20))")
            }
        }
        for p in russian { for r in p.runs where RenderScripts.cyrillic(r.text) { #expect(r.langLatin == "ru-RU") } }
        // The styles give every run the fonts by default too.
        let styles = String(decoding: DOCXRenderer().parts(doc).first { $0.path == "word/styles.xml" }!.data, as: UTF8.self)
        #expect(styles.contains("w:eastAsia=\"SimSun\"") && styles.contains("w:cs=\"Simplified Arabic\""))
    }

    @Test func agendaSymbolIsARealFootnoteAndPropertiesNameThePaper() throws {
        let doc = try RenderFixtures.referenceDocument()
        let parts = DOCXRenderer().parts(doc)
        let body = RenderDOCXReader.read(part(parts, "word/document.xml"))
        let refs = body.paragraphs.flatMap(\.runs).filter { $0.footnoteReference != nil }
        #expect(refs.count == 1 && refs[0].footnoteReference == 1 && refs[0].text == "*")
        let agenda = try #require(body.paragraphs.first { $0.runs.contains { $0.footnoteReference != nil } })
        #expect(agenda.text == "Item 4 of the provisional agenda*")
        let notes = RenderDOCXReader.read(part(parts, "word/footnotes.xml"))
        #expect(notes.failure == nil)
        #expect(notes.paragraphs.map(\.text).contains("*\tCTOC/COP/2020/1."))
        let core = String(decoding: part(parts, "docProps/core.xml"), as: UTF8.self)
        #expect(core.contains("<dc:identifier>CTOC/COP/2020/CRP.1</dc:identifier>"))
        #expect(core.contains("<dc:title>\(doc.metadata.title)</dc:title>"))
        let settings = String(decoding: part(parts, "word/settings.xml"), as: UTF8.self)
        #expect(settings.contains("<w:footnotePr><w:footnote w:id=\"-1\"/><w:footnote w:id=\"0\"/></w:footnotePr>"))
    }

    @Test func numberedParagraphsUseWordNumberingStartingAtTheDocumentsNumbers() throws {
        let L = "en"
        func para(_ n: Int) -> Block { .paragraph(Paragraph(role: .body, number: n, runs: [.text("Paragraph \(n).")], language: L, direction: .ltr)) }
        let doc = Document(
            language: L, direction: .ltr, metadata: Metadata(symbol: "S/1", title: "T", date: "d", distribution: "General", subject: "s"),
            blocks: [
                para(3), para(4), .heading(Heading(role: .chapter, number: "II.", runs: [.text("Next")], language: L, direction: .ltr)), para(9), para(10),
            ],
            footnotes: [])
        let parts = DOCXRenderer().parts(doc)
        let body = RenderDOCXReader.read(part(parts, "word/document.xml"))
        let numbered = body.paragraphs.filter { $0.style == "NumberedPara" }
        #expect(numbered.map(\.numId) == [1, 1, 2, 2])
        let numbering = String(decoding: part(parts, "word/numbering.xml"), as: UTF8.self)
        let starts = numbering.matches(of: #/<w:num w:numId="(\d+)"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="(\d+)"/>/#)
            .map { "\($0.1):\($0.2)" }
        #expect(starts == ["1:3", "2:9"])
        let chapter = try #require(body.paragraphs.first { $0.style == "Heading1" })
        #expect(chapter.text == "II.\tNext")
        // The reference paper: five paragraphs numbered 1 to 5 in one list.
        let ref = RenderDOCXReader.read(DOCXRenderer().parts(try RenderFixtures.referenceDocument()).first { $0.path == "word/document.xml" }!.data)
        #expect(ref.paragraphs.filter { $0.style == "NumberedPara" }.map(\.numId) == [1, 1, 1, 1, 1])
    }

    @Test func labelsHangByTabLeftToRightAndByLiteralNumberingRightToLeft() throws {
        let doc = try RenderFixtures.referenceDocument()
        let parts = DOCXRenderer().parts(doc)
        let body = RenderDOCXReader.read(part(parts, "word/document.xml"))
        let points = body.paragraphs.filter { $0.style == "Point" }
        let ltr = points.filter { !$0.bidi }, rtl = points.filter(\.bidi)
        #expect(ltr.count == 7 + 8 + 8 && rtl.count == 8)
        for p in ltr { #expect(p.text.hasPrefix("(") && p.text.contains(")\t") && p.numId == nil) }
        let numbering = String(decoding: part(parts, "word/numbering.xml"), as: UTF8.self)
        for (p, label) in zip(rtl, ["(أ)", "(ب)", "(ج)", "(د)", "(هـ)", "(و)", "(ز)", "(ح)"]) {
            let id = try #require(p.numId)
            #expect(!p.text.contains(label), "the label is carried by numbering, not text")
            #expect(
                numbering.contains(
                    "<w:abstractNum w:abstractNumId=\"\(id)\"><w:multiLevelType w:val=\"singleLevel\"/><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"none\"/><w:lvlText w:val=\"\(label)\"/>"
                ), "\(label)")
        }
    }

    @Test func hostileTextStaysTextInsideItsRuns() throws {
        let doc = try RenderFixtures.document(RenderFixtures.hostileSubmissions())
        let parts = DOCXRenderer().parts(doc)
        let xml = String(decoding: part(parts, "word/document.xml"), as: UTF8.self)
        let body = RenderDOCXReader.read(part(parts, "word/document.xml"))
        #expect(body.failure == nil)
        #expect(!body.paragraphs.contains { $0.text == "injected" }, "text opened a paragraph of its own")
        #expect(body.paragraphs.contains { $0.text.contains("</w:t></w:r></w:p><w:p><w:r><w:t>injected") })
        #expect(body.paragraphs.contains { $0.text.contains("<script>alert(\"crp\")</script> ]]> {{translation_note}} &amp;") })
        #expect(!xml.contains("\u{202E}") && !xml.contains("\u{2069}"))
        // Paragraphs: masthead (8), title, subtitle, chapters, intro, items… equal the blocks'.
        var expected = 8 - 1  // masthead paragraphs, less the masthead block itself counted below
        for b in doc.blocks where b != .pageBreak { expected += 1 }
        #expect(body.paragraphs.count == expected)
    }

    @Test func forbiddenCharactersAreDroppedAndRightToLeftNamesIsolated() throws {
        let L = "en"
        let doc = Document(
            language: L, direction: .ltr, metadata: Metadata(symbol: "S/1\u{0}", title: "T\u{1}", date: "d", distribution: "General", subject: "s"),
            blocks: [
                .heading(
                    Heading(role: .state, number: nil, runs: [.field("Evil\u{202E}Name\u{0}\u{FFFE}\u{85}"), .text(": text")], language: L, direction: .ltr)),
                .heading(Heading(role: .state, number: nil, runs: [.field("المغرب"), .text(": original")], language: L, direction: .ltr)),
            ],
            footnotes: [])
        let parts = DOCXRenderer().parts(doc)
        for (path, data) in parts { #expect(RenderDOCXReader.read(data).failure == nil, "\(path)") }
        let body = RenderDOCXReader.read(part(parts, "word/document.xml"))
        #expect(body.paragraphs.map(\.text) == ["EvilName: text", "\u{2068}المغرب\u{2069}: original"])
    }
}
