import Foundation
import MultilingualText
import Submissions
import TestSupport
import Testing

@testable import Intake
@testable import Secretariat

@Suite struct BulkImportTests {
    struct Setup {
        let folder: URL
        let store: Store
        let catalog: LocaleCatalog
        var importer: BulkImport { BulkImport(registrar: Registrar(store: store, catalog: catalog)) }
    }

    /// A workspace for the reference paper and an empty folder of received files.
    func setup(_ tag: String) throws -> Setup {
        let dir = try ReferenceTexts.tempDir("bulk-\(tag)")
        let store = try Store.create(
            at: dir.appendingPathComponent("ws"), paper: try PaperDefinition.load(ReferenceTexts.url("paper.yaml")), clock: TestRepository.clock)
        let folder = dir.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return Setup(folder: folder, store: store, catalog: try LocaleCatalog(folder: ReferenceTexts.locales))
    }

    func copy(_ fixture: String, to folder: URL, as name: String? = nil) throws {
        try FileManager.default.copyItem(at: ReferenceTexts.url(fixture), to: folder.appendingPathComponent(name ?? fixture))
    }

    func folders(_ store: Store) throws -> [String] { try store.ids() }

    @Test func namesGiveStateItemsAndLanguage() throws {
        let ok: [(String, String, [Int], String)] = [
            ("peru-item2.es.txt", "peru", [2], "es"),
            ("cote-d-ivoire-item2+3.fr.docx", "cote d ivoire", [2, 3], "fr"),
            ("Peru_items_2_3.ES.eml", "Peru", [2, 3], "es"),
        ]
        for (name, state, items, lang) in ok {
            guard case .success(let f) = BulkImport.infer(fileName: name) else { Issue.record("\(name) not inferred"); continue }
            #expect(f.state == state)
            #expect(f.items == items)
            #expect(f.language == lang)
        }
        for bad in ["notes.txt", "peru-item2.txt", "peru-item2.xx.txt", "peru-itemA.es.txt", "item2.es.txt", "united-kingdom-item12.en.v2.txt"] {
            guard case .failure(let e) = BulkImport.infer(fileName: bad) else { Issue.record("\(bad) inferred"); continue }
            #expect(e.message.hasPrefix(bad))
            #expect(e.message.contains("manifest"))
        }
    }

    /// Good files are registered, bad ones refused with reasons, noise ignored; progress goes
    /// through the checking phase for every file, then the registering phase for the good ones.
    @Test func folderFromFileNames() throws {
        let s = try setup("names")
        try copy("peru-item2.es.txt", to: s.folder)
        try copy("variants/peru-item3.windows-1252.txt", to: s.folder, as: "peru-item3.es.txt")
        try DOCXBuilder.reference("morocco-item2.ar.txt", format: "arabicAbjad", rtl: true).build()
            .write(to: s.folder.appendingPathComponent("morocco-item2.ar.docx"))
        try Data("nothing to infer".utf8).write(to: s.folder.appendingPathComponent("notes.txt"))
        try Data("Texto\u{01}\u{02} con controles".utf8).write(to: s.folder.appendingPathComponent("france-item2.fr.txt"))
        try copy("peru-item2.es.txt", to: s.folder, as: "peru-item9.es.txt")
        try copy("peru-item3.es.txt", to: s.folder, as: "atlantis-item2.es.txt")
        try Data("x".utf8).write(to: s.folder.appendingPathComponent(".DS_Store"))
        try Data("x".utf8).write(to: s.folder.appendingPathComponent("~$rocco-item2.ar.docx"))
        try FileManager.default.createDirectory(at: s.folder.appendingPathComponent("old"), withIntermediateDirectories: true)

        let plan = try BulkImport.plan(folder: s.folder)
        var events: [BulkProgress] = []
        let summary = try s.importer.run(plan, options: .init(received: try CalendarDate(iso: "2020-09-25"), by: "t", letters: TestRepository.letters)) {
            events.append($0)
        }

        #expect(summary.count(.registered) == 3)
        #expect(summary.count(.refused) == 4)
        #expect(summary.count(.duplicate) == 0)
        #expect(!summary.clean)
        #expect(Set(summary.ignored) == [".DS_Store", "~$rocco-item2.ar.docx"])
        let refused = Dictionary(uniqueKeysWithValues: summary.outcomes.filter { $0.status == .refused }.map { ($0.file, $0.reason ?? "") })
        #expect(refused["notes.txt"]?.contains("State-itemN.language") == true)
        #expect(refused["france-item2.fr.txt"]?.contains("control character U+0001") == true)
        #expect(refused["peru-item9.es.txt"]?.contains("no agenda item 9") == true)
        #expect(refused["atlantis-item2.es.txt"]?.contains("not a UN Member State") == true)

        // Every file was checked before the first registration.
        let firstRegistering = events.firstIndex { $0.phase == .registering }!
        #expect(events[..<firstRegistering].allSatisfy { $0.phase == .checking && $0.total == 6 })
        #expect(events[firstRegistering...].allSatisfy { $0.phase == .registering && $0.total == 3 })
        #expect(events.last?.done == 3)

        // Nothing half-registered: three complete folders whose texts are the references.
        let subs = try s.store.all()
        #expect(subs.count == 3)
        for sub in subs {
            let reference = sub.record.state == "Morocco" ? "morocco-item2.ar.txt" : "peru-item\(sub.record.items[0]).es.txt"
            #expect(try s.store.originalText(sub) == ReferenceTexts.text(reference))
            #expect(sub.record.received.description == "2020-09-25")
        }
        #expect(try Verifier(store: s.store, catalog: s.catalog, readers: .standard).verify().isEmpty)

        // Running it again registers nothing and reports duplicates.
        let again = try s.importer.run(try BulkImport.plan(folder: s.folder), options: .init(by: "t", letters: TestRepository.letters))
        #expect(again.count(.duplicate) == 3)
        #expect(again.count(.registered) == 0)
        #expect(try folders(s.store).count == 3)
    }

    /// An e-mail and its attachment saved apart: other bytes, same text: the second is a duplicate.
    @Test func sameTextFromAnotherFileIsADuplicate() throws {
        let s = try setup("sametext")
        try copy("morocco-item2.ar.txt", to: s.folder)
        try DOCXBuilder.reference("morocco-item2.ar.txt", format: "arabicAbjad", rtl: true).build()
            .write(to: s.folder.appendingPathComponent("morocco-item2.ar.docx"))
        let summary = try s.importer.run(try BulkImport.plan(folder: s.folder), options: .init(by: "t", letters: TestRepository.letters))
        #expect(summary.count(.registered) == 1)
        #expect(summary.count(.duplicate) == 1)
        #expect(summary.outcomes[1].status == .duplicate)
        #expect(summary.outcomes[1].reason?.contains("the same text as morocco-item2.ar.docx") == true)
    }

    @Test func csvManifest() throws {
        let s = try setup("csv")
        try copy("peru-item2.es.txt", to: s.folder, as: "a.txt")
        try copy("peru-item3.es.txt", to: s.folder, as: "b.txt")
        try copy("morocco-item2.ar.txt", to: s.folder, as: "c.txt")
        try copy("morocco-item2.en.txt", to: s.folder, as: "unlisted.txt")
        let csv = """
            \u{FEFF}File,State,Language,Items,Received
            a.txt,Peru,es,2,2020-09-25
            "b.txt","Peru",es,"3",2020-09-26
            # a comment line
            c.txt,Kingdom of Morocco,ar,2,2020-09-18
            c.txt,Morocco,ar,2;3,2020-09-18
            a.txt,Peru,es,2,2020-09-25
            missing.txt,Peru,es,2,
            b.txt,Peru,es,2,25/09/2020

            """
        let manifest = s.folder.appendingPathComponent("manifest.csv")
        try Data(csv.replacingOccurrences(of: "\n", with: "\r\n").utf8).write(to: manifest)
        let plan = try BulkImport.plan(folder: s.folder, manifest: manifest)
        #expect(plan.ignored == ["unlisted.txt"])
        let summary = try s.importer.run(plan, options: .init(by: "t", letters: TestRepository.letters))
        let byLine = summary.outcomes.map { "\($0.file) \($0.status.rawValue)" }
        #expect(
            byLine == [
                "b.txt refused", "a.txt registered", "b.txt registered", "c.txt refused", "c.txt registered",
                "a.txt duplicate", "missing.txt refused",
            ])
        let reasons = summary.outcomes.compactMap(\.reason)
        #expect(reasons.contains { $0.hasPrefix("manifest.csv line 9:") && $0.contains("YYYY-MM-DD") })
        #expect(reasons.contains { $0.contains("\"Kingdom of Morocco\" is not a UN Member State") })
        #expect(reasons.contains { $0.contains("earlier in this import") })
        #expect(reasons.contains { $0.contains("names missing.txt, which is not in") })
        let morocco = try s.store.all().first { $0.record.state == "Morocco" }
        #expect(morocco?.record.items == [2, 3])
    }

    @Test func yamlManifestAndDryRun() throws {
        let s = try setup("yaml")
        try copy("peru-item2.es.txt", to: s.folder, as: "peru.txt")
        try copy("variants/morocco-item2.windows-1256.txt", to: s.folder, as: "maroc.txt")
        let yaml = """
            files:
              - file: peru.txt
                state: Peru
                language: es
                items: [2]
                received: 2020-09-25
              - file: maroc.txt
                state: Morocco
                language: ar
                items: 2
                received: "2020-09-18"
                encoding: windows-1256
            """
        let manifest = s.folder.appendingPathComponent("m.yaml")
        try yaml.write(to: manifest, atomically: true, encoding: .utf8)
        let plan = try BulkImport.plan(folder: s.folder, manifest: manifest)
        #expect(plan.entries.map(\.items) == [[2], [2]])
        #expect(plan.entries[1].encoding == "windows-1256")
        let dry = try s.importer.run(plan, options: .init(by: "t", dryRun: true, letters: TestRepository.letters))
        #expect(dry.outcomes.map(\.status) == [.ready, .ready])
        #expect(try folders(s.store).isEmpty)
        let real = try s.importer.run(plan, options: .init(by: "t", letters: TestRepository.letters))
        #expect(real.outcomes.map(\.status) == [.registered, .registered])
        let maroc = try s.store.all().first { $0.record.state == "Morocco" }!
        #expect(maroc.record.original.encoding.flatMap(Charsets.canonicalName) == Charsets.canonicalName("windows-1256"))
        #expect(try s.store.originalText(maroc) == ReferenceTexts.text("morocco-item2.ar.txt"))
    }

    @Test func unusableManifestsAreRefusedAsAWhole() throws {
        let s = try setup("badmanifest")
        for (name, content, expected) in [
            ("m.csv", "file,language,items\na.txt,es,2\n", "no \"state\" column"),
            ("m.yaml", "just: a map\n", "not a list of files"),
            ("m.yml", "- [unclosed\n", "not valid YAML"),
            ("e.csv", "\n\n", "it is empty"),
        ] {
            let url = s.folder.appendingPathComponent(name)
            try content.write(to: url, atomically: true, encoding: .utf8)
            do {
                _ = try BulkImport.plan(folder: s.folder, manifest: url)
                Issue.record("\(name) accepted")
            } catch let e as IntakeError {
                let m = e.errorDescription ?? ""
                #expect(m.contains(expected), "\(m)")
                #expect(m.contains("run import-folder again"))
            }
        }
        expectRefusal(StoreError.self, saying: ["nope does not exist", "Check the path"]) {
            try BulkImport.plan(folder: s.folder.appendingPathComponent("nope"))
        }
    }

    @Test func semicolonCSVFromExcel() throws {
        let rows = BulkImport.parseCSV("file;state;language;items\r\n\"a;b.txt\";Côte d'Ivoire;fr;2 3\r\n")
        try #require(rows.count == 2)
        #expect(rows[1].fields == ["a;b.txt", "Côte d'Ivoire", "fr", "2 3"])
    }
}
