import Exchange
import Foundation
import Intake
import Secretariat
import Submissions
import TestSupport
import Testing

/// Our XLIFF as other programs read it, hostile XML, XLIFF 1.2 as CAT tools write it, and the
/// paragraph and sentence cutting.
@Suite struct ExchangeFormatTests {
    // MARK: other programs

    @Test func ourXLIFF2ValidatesWithXmllintAgainstTheCoreSchema() throws {
        guard let xmllint = Clients.which("xmllint") else { return Clients.missing("xmllint is not installed") }
        let w = try ReferenceWorkspace()
        defer { w.cleanup() }
        let schema = ExchangeFixtures.xliff.appendingPathComponent("schemas/xliff_core_2.0.xsd").path
        // Without targets, then with targets (a translation attached, the submission reviewed).
        let bare = try Exporter(store: w.store).export(.all, format: .xliff2, output: w.out.appendingPathComponent("bare"))
        let file = w.dir.appendingPathComponent("m.en.txt")
        try Data(try w.english(w.morocco).utf8).write(to: file)
        _ = try w.registrar.translate(w.morocco, file: file, kind: .unofficial, translator: nil, by: "t")
        _ = try w.store.transition(try w.reload(w.morocco), .review, by: "t")
        let full = try Exporter(store: w.store).export(.ids([w.morocco.id]), format: .xliff2, output: w.out.appendingPathComponent("full"))
        for url in bare.written + full.written {
            let r = try Proc.run(xmllint, ["--noout", "--nonet", "--schema", schema, url.path])
            #expect(r.status == 0, "\(url.lastPathComponent): \(r.err)")
            #expect(r.err.contains("validates"))
        }
        #expect(try String(contentsOf: full.written[0], encoding: .utf8).contains("state=\"reviewed\""))
    }

    @Test func translateToolkitReadsOurXLIFF12WithTheSameUnitCount() throws {
        guard let python = Clients.which("python3") else { return Clients.missing("python3 is not installed") }
        let w = try ReferenceWorkspace()
        defer { w.cleanup() }
        let written = try Exporter(store: w.store).export(.all, format: .xliff1, output: w.out).written
        let script = """
            import sys
            from translate.storage import xliff
            for path in sys.argv[1:]:
                s = xliff.xlifffile.parsefile(path)
                print(len(s.units), ",".join(u.getid().split("\\x04")[-1] for u in s.units))
            """
        let r = try Proc.run(python, ["-c", script] + written.map(\.path))
        if r.status != 0 && r.err.contains("ModuleNotFoundError") {
            return Clients.missing("Translate Toolkit (pip translate-toolkit) is not installed for python3")
        }
        #expect(r.status == 0, "\(r.err)")
        let lines = r.out.split(separator: "\n").map(String.init)
        #expect(lines.count == written.count)
        for (url, line) in zip(written, lines) {
            let ours = try XLIFFReader.parse(try Data(contentsOf: url), name: url.lastPathComponent)
            let units = ours.files[0].units
            #expect(line == "\(units.count) " + units.map(\.id).joined(separator: ","), "\(url.lastPathComponent)")
        }
        #expect(lines.map { $0.split(separator: " ")[0] }.sorted() == ["2", "3", "9"])
    }

    // MARK: hostile XML

    @Test func hostileXMLIsRefusedByTheSafeReaderNamingTheFile() throws {
        let cases: [(String, String)] = [
            (
                "doctype.xlf",
                "<?xml version=\"1.0\"?>\n<!DOCTYPE xliff SYSTEM \"http://example.org/xliff.dtd\">\n<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.1\" srcLang=\"es\"/>"
            ),
            (
                "laughs.xlf",
                "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\"><!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>\n<xliff>&lol3;</xliff>"
            ),
            (
                "external.xlf",
                "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.1\" srcLang=\"es\"><file id=\"f\"><unit id=\"p1\"><segment><source>&xxe;</source></segment></unit></file></xliff>"
            ),
            (
                "entity.xlf",
                "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.1\" srcLang=\"es\"><file id=\"f\"><unit id=\"p1\"><segment><source>&xxe;</source></segment></unit></file></xliff>"
            ),
        ]
        for (name, text) in cases {
            #expect {
                _ = try XLIFFReader.parse(Data(text.utf8), name: name)
            } throws: { e in
                guard case .unsafeXML(let f, let detail)? = e as? XLIFFError else { return false }
                let message = (e as? LocalizedError)?.errorDescription ?? ""
                return f == name && message.hasPrefix(name) && (detail.contains("DTD") || detail.contains("entity"))
            }
        }
        // Size limits.
        let big = "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.1\" srcLang=\"es\">" + String(repeating: " ", count: 2000) + "</xliff>"
        expectRefusal(
            XLIFFError.self,
            saying: ["big.xlf was refused by the XML reader", "larger than the safety limit of 1000 bytes", "save the file again from the CAT tool"]
        ) {
            _ = try XLIFFReader.parse(Data(big.utf8), name: "big.xlf", limits: .init(maxBytes: 1000))
        }
        let deep = String(repeating: "<a>", count: 200) + String(repeating: "</a>", count: 200)
        #expect {
            _ = try XLIFFReader.parse(Data(deep.utf8), name: "deep.xlf")
        } throws: { e in
            if case .unsafeXML("deep.xlf", _)? = e as? XLIFFError { return true }
            return false
        }
        // Through the importer: refused, nothing attached.
        let w = try ReferenceWorkspace()
        defer { w.cleanup() }
        let importer = XLIFFImporter(store: w.store, catalog: w.catalog)
        expectRefusal(
            XLIFFError.self, saying: ["external.xlf was refused by the XML reader", "declares a DTD (<!DOCTYPE>)", "save the file again from the CAT tool"]
        ) {
            _ = try importer.importFiles([(Data(cases[2].1.utf8), "external.xlf")], allowPartial: true, kind: .unofficial, translator: nil, by: "t")
        }
        #expect(try w.reload(w.peru2).translationID == nil)
    }

    @Test func notXLIFFAndOtherVersionsAreRefusedWithWhatToDo() throws {
        #expect(throws: XLIFFError.notXLIFF(file: "a.xlf", detail: "its top element is <html>, not <xliff>")) {
            _ = try XLIFFReader.parse(Data("<html/>".utf8), name: "a.xlf")
        }
        #expect(throws: XLIFFError.unsupportedVersion(file: "b.xlf", version: "1.1")) {
            _ = try XLIFFReader.parse(Data("<xliff version=\"1.1\"/>".utf8), name: "b.xlf")
        }
        expectRefusal(
            XLIFFError.self,
            saying: [
                "c.xlf is not an XLIFF file", "has no namespace", "urn:oasis:names:tc:xliff:document:2.0", "Import the .xlf file that the CAT tool wrote back",
            ]
        ) {
            _ = try XLIFFReader.parse(Data("<xliff version=\"2.0\" srcLang=\"en\"/>".utf8), name: "c.xlf")
        }
    }

    // MARK: XLIFF 1.2 as CAT tools write it

    static let xliff12 = """
        <?xml version="1.0" encoding="UTF-8"?>
        <xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0">
         <file original="roompaper:x" source-language="es-PE" target-language="en-US" datatype="x-sdlfilterframework2">
          <header><tool tool-id="t" tool-name="Trados"/></header>
          <body>
           <group><trans-unit id="p1" sdl:x="1">
            <source>Uno. <g id="1">Dos</g>.</source>
            <seg-source><mrk mtype="seg" mid="a">Uno.</mrk> <mrk mtype="seg" mid="b"><g id="1">Dos</g>.</mrk></seg-source>
            <target><mrk mtype="seg" mid="a">One.</mrk> <mrk mtype="seg" mid="b"><g id="1">Two</g><x id="2"/>.</mrk></target>
           </trans-unit></group>
           <trans-unit id="p2"><source>Tres <bpt id="1">[b]</bpt>negrita<ept id="1">[/b]</ept></source><target state="needs-translation">Three <bpt id="1">[b]</bpt>bold<ept id="1">[/b]</ept></target></trans-unit>
          </body>
         </file>
        </xliff>
        """

    @Test func xliff12WithSegmentsCodesAndToolExtensionsReads() throws {
        let x = try XLIFFReader.parse(Data(Self.xliff12.utf8), name: "t.xlf")
        #expect(x.majorVersion == 1 && x.version == "1.2")
        #expect(x.sourceLanguage == "es-PE" && x.targetLanguage == "en-US")
        let units = x.files[0].units
        #expect(units.map(\.id) == ["p1", "p2"])
        #expect(units[0].sourceText == "Uno. Dos.")
        #expect(units[0].targetText == "One. Two.")
        #expect(units[1].targetText == "Three bold")
        #expect(units[1].parts[0].state == "needs-translation")
        // Namespace-less 1.2, as some older tools write it.
        let bare = Self.xliff12.replacingOccurrences(of: " xmlns=\"urn:oasis:names:tc:xliff:document:1.2\"", with: "")
        #expect(try XLIFFReader.parse(Data(bare.utf8), name: "t.xlf").files[0].units.count == 2)
        // A missing segment target makes the unit incomplete.
        let partial = Self.xliff12.replacingOccurrences(of: "<mrk mtype=\"seg\" mid=\"a\">One.</mrk>", with: "")
        #expect(try XLIFFReader.parse(Data(partial.utf8), name: "t.xlf").files[0].units[0].untranslatedSegments == ["a"])
    }

    @Test func invalidXLIFF12IsRefusedNamingTheRule() throws {
        let cases: [(String, XLIFFRule)] = [
            (Self.xliff12.replacingOccurrences(of: " source-language=\"es-PE\"", with: ""), .sourceLanguage),
            (Self.xliff12.replacingOccurrences(of: "trans-unit id=\"p2\"", with: "trans-unit id=\"p1\""), .uniqueUnitID),
            (Self.xliff12.replacingOccurrences(of: "<target state=", with: "<target xml:lang=\"fr\" state="), .targetLanguageMatches),
            (Self.xliff12.replacingOccurrences(of: "<ept id=\"1\">[/b]</ept></target>", with: "</target>"), .startEndCodes),
            (Self.xliff12.replacingOccurrences(of: "state=\"needs-translation\"", with: "state=\"done\""), .attributeValue),
            (Self.xliff12.replacingOccurrences(of: "mid=\"b\"><g", with: "mid=\"a\"><g"), .segmentMarkers),
            (Self.xliff12.replacingOccurrences(of: "<source>Tres <bpt id=\"1\">[b]</bpt>negrita<ept id=\"1\">[/b]</ept></source>", with: ""), .contentModel),
            (Self.xliff12.replacingOccurrences(of: " datatype=\"x-sdlfilterframework2\"", with: ""), .requiredAttribute),
            (Self.xliff12.replacingOccurrences(of: "target-language=\"en-US\"", with: "target-language=\"en US\""), .languageTag),
        ]
        for (i, (text, rule)) in cases.enumerated() {
            expectRefusal(
                XLIFFError.self,
                saying: ["t.xlf is not valid XLIFF: file \"roompaper:x\"", "(rule: ", "Nothing was imported; fix the file in the CAT tool or export again"]
            ) { _ = try XLIFFReader.parse(Data(text.utf8), name: "t.xlf") }
            do { _ = try XLIFFReader.parse(Data(text.utf8), name: "t.xlf") } catch let e as XLIFFError {
                #expect(e.rule == rule, "case \(i): \(e.errorDescription ?? "")")
                #expect(e.errorDescription?.contains("t.xlf") == true)
            }
        }
    }

    @Test func xliff2TargetsAreAssembledInTargetOrderWithIgnorables() throws {
        let url = ExchangeFixtures.xliff.appendingPathComponent("valid/toSegmentAndOrder.xlf")
        let unit = try XLIFFReader.parse(try Data(contentsOf: url), name: "o.xlf").files[0].units[0]
        #expect(unit.untranslatedSegments == ["s3"])
        #expect(unit.targetText == nil)
        let joined = try XLIFFReader.parse(try Data(contentsOf: ExchangeFixtures.xliff.appendingPathComponent("valid/everything-core.xlf")), name: "e.xlf")
        #expect(joined.files[0].units[0].targetText == "Contenu du segment. Exemple de segment.")
    }

    // MARK: text

    @Test func paragraphsAreCutAsTheCompilerCutsThem() {
        #expect(ExchangeText.paragraphs("a\n\nb\nc\n\n\n d \n") == ["a", "b\nc", " d "])
        #expect(ExchangeText.paragraphs("one\ntwo\nthree\n") == ["one", "two", "three"])
        #expect(ExchangeText.paragraphs("\n\nonly\n \n") == ["only"])
        #expect(ExchangeText.paragraphs("a\n \t\nb") == ["a", "b"])
        #expect(ExchangeText.join(["a", "b"]) == "a\n\nb\n")
    }

    @Test func sentencePiecesJoinBackToEveryReferenceParagraph() throws {
        let files = [("morocco-item2.ar.txt", "ar"), ("peru-item2.es.txt", "es"), ("peru-item3.es.txt", "es"), ("morocco-item2.en.txt", "en")]
        for (name, lang) in files {
            let text = try String(contentsOf: ExchangeFixtures.reference.appendingPathComponent(name), encoding: .utf8)
            for p in ExchangeText.paragraphs(text) {
                let pieces = try ExchangeText.pieces(p, language: lang)
                #expect(pieces.map(\.text).joined() == p, "\(name)")
                for case .sentence(let s) in pieces { #expect(s.first?.isWhitespace == false && s.last?.isWhitespace == false) }
            }
        }
        let zh = "各国应当加强合作。我们支持这一建议！  另外，请注意第三点。"
        let pieces = try ExchangeText.pieces(zh, language: "zh")
        #expect(pieces.filter(\.isSentence).map(\.text) == ["各国应当加强合作。", "我们支持这一建议！", "另外，请注意第三点。"])
        #expect(pieces.map(\.text).joined() == zh)
    }

    @Test func sentencesAlignWhenTheCountsMatchElseTheParagraphIsOnePair() throws {
        let a = try ExchangeText.align("Uno. Dos.", language: "es", translation: "One. Two.", translationLanguage: "en")
        #expect(a.map(\.source.text) == ["Uno.", " ", "Dos."])
        #expect(a.map(\.target) == ["One.", nil, "Two."])
        let b = try ExchangeText.align("Uno. Dos.", language: "es", translation: "One and two.", translationLanguage: "en")
        #expect(b.map(\.source.text) == ["Uno. Dos."])
        #expect(b.map(\.target) == ["One and two."])
    }

    @Test func languageTagsAndComparableText() {
        for good in ["en", "es-419", "zh-Hant-TW", "sr-Latn-RS", "en-US-x-twain", "x-klingon", "de-CH-1996", "i-klingon", "ar"] {
            #expect(LanguageTag.isWellFormed(good), "\(good)")
        }
        for bad in ["e", "f r", "", "en-", "toolongtag", "en-a", "-en", "en_US"] {
            #expect(!LanguageTag.isWellFormed(bad), "\(bad)")
        }
        #expect(LanguageTag.primary("es-PE") == "es")
        #expect(ExchangeText.comparable("consideracio\u{301}n\u{0C}") == "consideración")
    }

    @Test func charactersXMLCannotCarryGoOutAsCodePoints() throws {
        let plan = ExportPlan(
            id: "x-1", state: "Peru", sourceLanguage: "es", targetLanguage: "en", items: [], received: CalendarDate(year: 2020, month: 1, day: 2),
            paperSymbol: "S/1", status: .received, units: [.init(id: "p1", parts: [.init(isSegment: true, source: "a\u{0C}b & <c>", target: nil)])],
            translationNote: nil)
        let xml = XLIFFWriter.xliff2(plan)
        #expect(xml.contains("a<cp hex=\"000C\"/>b &amp; &lt;c&gt;"))
        let back = try XLIFFReader.parse(Data(xml.utf8), name: "x.xlf")
        #expect(back.files[0].units[0].sourceText == "a\u{0C}b & <c>")
    }
}
