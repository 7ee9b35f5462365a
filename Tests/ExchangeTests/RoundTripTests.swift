import Exchange
import Foundation
import Intake
import RoomPaper
import SafeXML
import Secretariat
import Submissions
import TestSupport
import Testing

/// Export → a CAT tool fills the targets → import → review → compile shows the translations.
@Suite struct RoundTripTests {
    func read(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

    func compile(_ w: ReferenceWorkspace) throws -> String {
        MarkdownRenderer().render(try Compiler(store: w.store, catalog: w.catalog).compile())
    }

    func checkImported(_ w: ReferenceWorkspace, format: Exporter.Format) throws {
        for sub in w.all {
            let s = try w.reload(sub)
            #expect(s.status == .translated)
            let t = try #require(try w.store.translation(s))
            #expect(t.text == (try w.english(sub)), "\(sub.id): the assembled translation is the reference English text")
            #expect(t.record.original.kind == .xliff)
            #expect(t.record.original.file == "original.xlf")
            let stored = try Data(contentsOf: s.folder.appendingPathComponent("translations/\(t.record.id)/original.xlf"))
            #expect(stored == (try Data(contentsOf: w.out.appendingPathComponent("\(sub.id).\(format.fileExtension)"))), "the XLIFF is kept byte for byte")
            let n = ExchangeText.paragraphs(try w.english(sub)).count
            #expect(s.events.last?.note?.contains("\(n) of \(n) paragraphs") == true, "\(sub.id): the event's note: \(s.events.last?.note ?? "none")")
            _ = try w.store.transition(s, .review, by: "tester")
        }
        let md = try compile(w)
        #expect(md.contains("Encouraging Member States to invite UNODC to provide technical assistance"))
        #expect(md.contains("Competent National Authorities Directory"))
        #expect(md.contains("which has been very useful during the COVID-19 pandemic"))
        // verify reads the stored XLIFF back into the same text.
        let problems = try Verifier(store: w.store, catalog: w.catalog, readers: XLIFFIntake.adding(to: .standard)).verify()
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test func xliff2RoundTripCompilesTheTranslations() throws {
        let w = try ReferenceWorkspace()
        defer { w.cleanup() }
        let result = try Exporter(store: w.store).export(.all, format: .xliff2, output: w.out)
        #expect(result.written.count == 3)
        for sub in w.all {
            let url = w.out.appendingPathComponent("\(sub.id).xlf")
            try Data(try CATTool.fillXLIFF2(read(url), english: w.english(sub)).utf8).write(to: url)
        }
        let importer = XLIFFImporter(store: w.store, catalog: w.catalog)
        let results = try importer.importFiles(
            result.written.map { (try Data(contentsOf: $0), $0.lastPathComponent) },
            allowPartial: false, kind: .unofficial, translator: "CAT", by: "tester")
        #expect(results.allSatisfy { $0.result?.status == .translated && $0.plan.missing.isEmpty })
        try checkImported(w, format: .xliff2)
    }

    @Test func xliff12RoundTripCompilesTheTranslations() throws {
        let w = try ReferenceWorkspace()
        defer { w.cleanup() }
        let result = try Exporter(store: w.store).export(.all, format: .xliff1, output: w.out)
        for sub in w.all {
            let url = w.out.appendingPathComponent("\(sub.id).xliff")
            try Data(CATTool.fillXLIFF12(read(url), english: try w.english(sub)).utf8).write(to: url)
        }
        let importer = XLIFFImporter(store: w.store, catalog: w.catalog)
        _ = try importer.importFiles(
            result.written.map { (try Data(contentsOf: $0), $0.lastPathComponent) },
            allowPartial: false, kind: .unofficial, translator: nil, by: "tester")
        try checkImported(w, format: .xliff1)
    }

    @Test func attachedTranslationsGoOutAsTargetsWithTheirStateAndComeBackUnchanged() throws {
        let w = try ReferenceWorkspace()
        defer { w.cleanup() }
        for sub in w.all {
            let file = w.dir.appendingPathComponent("\(sub.id).en.txt")
            try Data(try w.english(sub).utf8).write(to: file)
            _ = try w.registrar.translate(sub, file: file, kind: .unofficial, translator: "internal resources", by: "tester")
        }
        _ = try w.store.transition(try w.reload(w.peru2), .review, by: "tester")
        let result = try Exporter(store: w.store).export(.all, format: .xliff2, output: w.out)
        let morocco = try read(w.out.appendingPathComponent("\(w.morocco.id).xlf"))
        #expect(morocco.contains("state=\"translated\""))
        #expect(morocco.components(separatedBy: "<target>").count - 1 == 11, "3 sentences aligned in p1, one segment in each of p2…p9")
        let peru = try read(w.out.appendingPathComponent("\(w.peru2.id).xlf"))
        #expect(peru.contains("state=\"reviewed\"") && !peru.contains("state=\"translated\""))
        let x = try XLIFFReader.parse(try Data(contentsOf: w.out.appendingPathComponent("\(w.morocco.id).xlf")), name: "m.xlf")
        #expect(x.files[0].units.count == 9)
        #expect(x.files[0].units.allSatisfy { $0.isComplete })
        let importer = XLIFFImporter(store: w.store, catalog: w.catalog)
        for url in result.written {
            let p = try importer.plan(data: try Data(contentsOf: url), name: url.lastPathComponent, allowPartial: false)
            #expect(p.unchanged, "\(url.lastPathComponent): the targets are the attached translation")
        }
        let x12 = try Exporter(store: w.store).export(.ids([w.peru2.id]), format: .xliff1, output: w.out)
        let t12 = try read(x12.written[0])
        #expect(t12.contains("state=\"signed-off\""))
        #expect(try importer.plan(data: Data(t12.utf8), name: "p.xliff", allowPartial: false).unchanged)
    }

    @Test func missingTargetsAreRefusedUnlessPartialIsAllowedWhichRecordsThem() throws {
        let w = try ReferenceWorkspace()
        defer { w.cleanup() }
        let result = try Exporter(store: w.store).export(.ids([w.morocco.id]), format: .xliff2, output: w.out)
        let url = result.written[0]
        let filled = try CATTool.fillXLIFF2(read(url), english: w.english(w.morocco), skip: ["p3", "p7"])
        let importer = XLIFFImporter(store: w.store, catalog: w.catalog)
        #expect {
            _ = try importer.plan(data: Data(filled.utf8), name: "m.xlf", allowPartial: false)
        } throws: { e in
            guard case .missingTargets(let f, let units, let total, false)? = e as? ImportError else { return false }
            return f == "m.xlf" && units == ["p3", "p7"] && total == 9
                && (e as? LocalizedError)?.errorDescription?.contains("--allow-partial") == true
        }
        #expect(try w.reload(w.morocco).status == .received, "a refused import changes nothing")
        let plan = try importer.plan(data: Data(filled.utf8), name: "m.xlf", allowPartial: true)
        let sub = try importer.attach(plan, kind: .unofficial, translator: nil, by: "tester")
        #expect(sub.status == .translated)
        let text = try #require(try w.store.translation(sub)).text
        #expect(text.contains(XLIFFTranslation.placeholder("p3")) && text.contains(XLIFFTranslation.placeholder("p7")))
        #expect(ExchangeText.paragraphs(text).count == 9)
        #expect(sub.events.last?.note == "partial XLIFF 2.1 import of m.xlf: no translation for p3, p7 (2 of 9 paragraphs)")
        // A file with no target at all is refused even with --allow-partial.
        expectRefusal(
            ImportError.self, saying: ["empty.xlf holds no translation: none of its 9 paragraphs has a target", "Translate the file in the CAT tool"]
        ) {
            _ = try importer.plan(data: try Data(contentsOf: url), name: "empty.xlf", allowPartial: true)
        }
    }

    @Test func aChangedSourceIsRefusedNamingTheUnit() throws {
        let w = try ReferenceWorkspace()
        defer { w.cleanup() }
        let url = try Exporter(store: w.store).export(.ids([w.peru2.id]), format: .xliff2, output: w.out).written[0]
        var filled = try CATTool.fillXLIFF2(read(url), english: w.english(w.peru2))
        filled = filled.replacingOccurrences(of: "Directorio de Autoridades", with: "Directorio de las Autoridades")
        let importer = XLIFFImporter(store: w.store, catalog: w.catalog)
        #expect {
            _ = try importer.plan(data: Data(filled.utf8), name: "peru.xlf", allowPartial: false)
        } throws: { e in
            guard case .sourceChanged(let f, let unit, _, let found)? = e as? ImportError else { return false }
            return f == "peru.xlf" && unit == "p3" && found.contains("de las Autoridades")
        }
        // Re-segmentation and NFD are not changes: the text is compared in NFC, segments joined.
        let nfd = try CATTool.fillXLIFF2(read(url), english: w.english(w.peru2))
            .replacingOccurrences(of: "consideración", with: "consideracio\u{301}n")
        #expect(nfd.unicodeScalars.contains("\u{301}"))
        #expect(try importer.plan(data: Data(nfd.utf8), name: "peru.xlf", allowPartial: false).missing.isEmpty)
    }

    @Test func filesThatAreNotForThisWorkspaceAreRefusedAtMatching() throws {
        let w = try ReferenceWorkspace()
        defer { w.cleanup() }
        let importer = XLIFFImporter(store: w.store, catalog: w.catalog)
        let foreign = try Data(contentsOf: ExchangeFixtures.xliff.appendingPathComponent("valid/everything-core.xlf"))
        #expect {
            _ = try importer.plan(data: foreign, name: "everything-core.xlf", allowPartial: false)
        } throws: { e in
            guard case .notRoomPaperExport("everything-core.xlf", "f1")? = e as? ImportError else { return false }
            return (e as? LocalizedError)?.errorDescription?.contains("not a RoomPaper export: no submission id") == true
        }
        let url = try Exporter(store: w.store).export(.ids([w.peru2.id]), format: .xliff2, output: w.out).written[0]
        let filled = try CATTool.fillXLIFF2(read(url), english: w.english(w.peru2))
        let other = filled.replacingOccurrences(of: w.peru2.id, with: "peru-20200925-00000000")
        #expect(throws: ImportError.unknownSubmission(file: "x.xlf", id: "peru-20200925-00000000")) {
            _ = try importer.plan(data: Data(other.utf8), name: "x.xlf", allowPartial: false)
        }
        let french = filled.replacingOccurrences(of: "srcLang=\"es\"", with: "srcLang=\"fr\"")
        #expect(throws: ImportError.languageMismatch(file: "x.xlf", what: "source language", expected: "es", found: "fr")) {
            _ = try importer.plan(data: Data(french.utf8), name: "x.xlf", allowPartial: false)
        }
        let renamed = filled.replacingOccurrences(of: "<unit id=\"p2\">", with: "<unit id=\"para2\">")
        #expect(throws: ImportError.unknownUnit(file: "x.xlf", unit: "para2", paragraphs: 3)) {
            _ = try importer.plan(data: Data(renamed.utf8), name: "x.xlf", allowPartial: false)
        }
        // Two files for one submission in one import: refused, nothing attached.
        expectRefusal(ImportError.self, saying: ["b.xlf and a.xlf are both for submission", "Import only the newer one"]) {
            _ = try importer.importFiles(
                [(Data(filled.utf8), "a.xlf"), (Data(filled.utf8), "b.xlf")], allowPartial: false,
                kind: .unofficial, translator: nil, by: "tester")
        }
        #expect(try w.reload(w.peru2).status == .received)
    }

    @Test func tmxHoldsTheAlignedPairsOfReviewedSubmissions() throws {
        let w = try ReferenceWorkspace()
        defer { w.cleanup() }
        expectRefusal(ExportError.self, saying: ["No submission to export: no submission is reviewed", "`crp status`"]) {
            _ = try Exporter(store: w.store).export(.all, format: .tmx, output: w.out)
        }
        for sub in w.all {
            let file = w.dir.appendingPathComponent("\(sub.id).en.txt")
            try Data(try w.english(sub).utf8).write(to: file)
            _ = try w.registrar.translate(sub, file: file, kind: .unofficial, translator: nil, by: "tester")
        }
        _ = try w.store.transition(try w.reload(w.morocco), .review, by: "tester")
        _ = try w.store.transition(try w.reload(w.peru3), .review, by: "tester")
        #expect(
            throws: ExportError.notExportable(
                id: w.peru2.id, reason: "it is translated; a TMX holds only reviewed translations (run `crp review \(w.peru2.id)` first)")
        ) {
            _ = try Exporter(store: w.store).export(.ids([w.peru2.id]), format: .tmx, output: w.out)
        }
        let r = try Exporter(store: w.store).export(.status(.reviewed), format: .tmx, output: w.out.appendingPathComponent("memory.tmx"))
        #expect(r.written.map(\.lastPathComponent) == ["memory.tmx"])
        // Morocco: 11 segments (p1 in 3 sentences); Peru item 3: 2 sentences in p1, 1 in p2.
        let text = try read(r.written[0])
        #expect(r.pairs == 11 + 3)
        #expect(text.components(separatedBy: "<tu ").count - 1 == r.pairs)
        #expect(text.contains("<tuv xml:lang=\"ar\"><seg>يتوقف التنفيذ الفعّال"))
        #expect(text.contains("<tuv xml:lang=\"en\"><seg>Effective implementation of the Organized Crime Convention"))
        #expect(!text.contains(w.peru2.id), "not reviewed: not in the memory")
        let doc = try SafeXMLCheck.parse(text)
        #expect(doc == "tmx")
        if let python = Clients.which("python3") {
            let script = "import sys\nfrom translate.storage import tmx\ns = tmx.tmxfile.parsefile(sys.argv[1])\nprint(len(s.units))"
            let res = try Proc.run(python, ["-c", script, r.written[0].path])
            if res.status != 0 && res.err.contains("ModuleNotFoundError") {
                Clients.missing("Translate Toolkit (pip translate-toolkit) is not installed for python3")
            } else {
                #expect(res.status == 0, "\(res.err)")
                #expect(res.out.trimmingCharacters(in: .whitespacesAndNewlines) == String(r.pairs))
            }
        } else {
            Clients.missing("python3 is not installed")
        }
        // Existing files are not replaced without --force.
        #expect(throws: ExportError.exists(path: r.written[0].path)) {
            _ = try Exporter(store: w.store).export(.status(.reviewed), format: .tmx, output: r.written[0])
        }
        _ = try Exporter(store: w.store).export(.status(.reviewed), format: .tmx, output: r.written[0], force: true)
    }

    @Test func englishAndWithdrawnSubmissionsDoNotGoOut() throws {
        let w = try ReferenceWorkspace()
        defer { w.cleanup() }
        let en = try w.registrar.register(
            Registrar.Request(
                file: ExchangeFixtures.reference.appendingPathComponent("peru-item3.en.txt"),
                state: "Canada", language: "en", items: [3], received: try CalendarDate(iso: "2020-09-20"), by: "t")
        ).submission
        _ = try w.store.transition(w.peru3, .withdraw, by: "t", reason: "replaced")
        expectRefusal(ExportError.self, saying: ["cannot be exported: it is in en, the paper", "nothing to translate"]) {
            _ = try Exporter(store: w.store).export(.ids([en.id]), format: .xliff2, output: w.out)
        }
        let r = try Exporter(store: w.store).export(.all, format: .xliff2, output: w.out)
        #expect(Set(r.written.map(\.lastPathComponent)) == [w.morocco.id + ".xlf", w.peru2.id + ".xlf"])
        #expect(Set(r.skipped.map(\.id)) == [en.id, w.peru3.id])
    }
}

/// The root element name of a document read by SafeXML.
enum SafeXMLCheck {
    static func parse(_ text: String) throws -> String {
        try SafeXML.XMLDocument.parse(text).root.localName
    }
}
