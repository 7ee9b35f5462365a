import Foundation
import MultilingualText
import Submissions
import TestSupport
import Testing

@testable import Intake
@testable import Secretariat

let repoRoot = Repo.root
let reference = repoRoot.appendingPathComponent("Tests/Fixtures/ctoc-cop-2020")

func fixture(_ name: String) -> URL { reference.appendingPathComponent(name) }

@Suite struct VariantTests {
    /// Every variant decodes to exactly the stored text of its clean original, while its bytes stay its own.
    @Test(arguments: [
        ("variants/morocco-item2.windows-1256.txt", "morocco-item2.ar.txt", "windows-1256"),
        ("variants/morocco-item2.utf16le-bom.txt", "morocco-item2.ar.txt", "UTF-16LE"),
        ("variants/morocco-item2.utf8-bom-crlf.txt", "morocco-item2.ar.txt", "UTF-8"),
        ("variants/peru-item2.nfd.txt", "peru-item2.es.txt", "UTF-8"),
        ("variants/peru-item3.windows-1252.txt", "peru-item3.es.txt", "windows-1252"),
    ])
    func variantRegistersToTheCleanText(variant: String, clean: String, charset: String) throws {
        let v = try Intake.read(fixture(variant))
        let c = try Intake.read(fixture(clean))
        #expect(v.text == c.text)
        #expect(v.encoding == charset)
        #expect(v.bytes == (try Data(contentsOf: fixture(variant))))
        #expect(v.bytes != c.bytes)
        #expect(Normalizer.isNormalized(v.text, .nfc))
        #expect(!v.text.contains("\r"))
        #expect(!v.text.hasPrefix("\u{FEFF}"))
    }

    @Test func variantsThroughTheStoreKeepTheirBytes() throws {
        func store() throws -> (Store, Registrar) {
            let dir = Scratch.root.appendingPathComponent("crp-variants-\(UUID().uuidString)")
            let store = try Store.create(at: dir, paper: try PaperDefinition.load(fixture("paper.yaml")), clock: TestRepository.clock)
            return (store, Registrar(store: store, catalog: try LocaleCatalog(folder: repoRoot.appendingPathComponent("Locales"))))
        }
        let (cleanStore, c) = try store()
        let (store, r) = try store()
        let (clean, _) = try c.register(.init(file: fixture("morocco-item2.ar.txt"), state: "Morocco", language: "ar", items: [2], by: "t"))
        let (variant, _) = try r.register(
            .init(file: fixture("variants/morocco-item2.windows-1256.txt"), state: "Morocco", language: "ar", items: [2], by: "t"))
        #expect(try cleanStore.originalText(clean) == store.originalText(variant))
        // The same text in another encoding is the same submission: refused in one store, naming it.
        #expect { _ = try r.register(.init(file: fixture("morocco-item2.ar.txt"), state: "Morocco", language: "ar", items: [2], by: "t")) } throws: { e in
            guard case StoreError.duplicate(let existing, _, _, .text) = e else { return false }
            return existing == variant.id
        }
        let stored = try Data(contentsOf: variant.folder.appendingPathComponent(variant.record.original.file))
        #expect(stored == (try Data(contentsOf: fixture("variants/morocco-item2.windows-1256.txt"))))
        #expect(variant.record.original.sha256 == FileIO.sha256(stored))
        #expect(variant.analysis?.scripts == ["Arab"])
        #expect(variant.analysis?.directions.allSatisfy { $0 == .rtl } == true)
        #expect((variant.analysis?.words ?? 0) > 200)
    }
}

@Suite struct DecodingTests {
    func decode(_ bytes: [UInt8], _ declared: String? = nil) throws -> (String, String) {
        let r = try Intake.decodePlain(Data(bytes), file: "x.txt", encoding: declared)
        return (r.text, r.encoding ?? "")
    }

    @Test func invalidUTF8IsRefusedNotReplaced() throws {
        let bytes: [UInt8] = Array("Hola señor".utf8) + [0xC3]  // truncated sequence at the end
        expectRefusal(IntakeError.self, saying: ["x.txt is not valid UTF-8 (byte 11)", "Nothing was stored", "name it with --encoding"]) {
            try decode(bytes, "UTF-8")
        }
        // Without --encoding a short invalid text is not guessed either.
        expectRefusal(IntakeError.self, saying: ["x.txt is not valid UTF-8 (byte 11)", "Nothing was stored", "name it with --encoding"]) { try decode(bytes) }
    }

    @Test func shortLegacyTextAsksForEncodingWithCandidates() throws {
        let bytes = try Charsets.encode(Array("Привет, мир".utf16), charset: "windows-1251")
        do {
            _ = try decode(bytes)
            Issue.record("a 11-letter legacy text must not be guessed")
        } catch let e as IntakeError {
            // What is wrong (the encoding cannot be told for sure, for this file) and what to do.
            expectMessage(e, saying: ["x.txt", "for sure", "--encoding"])
        }
        // With --encoding it is read.
        #expect(try decode(bytes, "windows-1251").0 == "Привет, мир")
    }

    @Test(arguments: ["windows-1251", "KOI8-R"])
    func longRussianIsDetected(charset: String) throws {
        let text = String(repeating: "Российская Федерация поддерживает предложения о расширении технической помощи государствам. ", count: 30)
        let bytes = try Charsets.encode(Array(text.utf16), charset: charset)
        let (decoded, used) = try decode(bytes)
        #expect(decoded == text)
        #expect(used == charset)
    }

    @Test func utf16WithBOMAndCRLF() throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for u in "Línea uno\r\nLínea dos\r\n".utf16 { bytes += [UInt8(u & 0xFF), UInt8(u >> 8)] }
        #expect(try decode(bytes).0 == "Línea uno\nLínea dos\n")
    }

    @Test func unknownEncodingNameIsRefused() {
        expectRefusal(IntakeError.self, saying: ["\"no-such-charset\" is not an encoding ICU knows (for x.txt)", "Try names like UTF-8"]) {
            try decode(Array("abc".utf8), "no-such-charset")
        }
    }

    @Test func nulBytesMakeABinaryFile() {
        expectRefusal(IntakeError.self, saying: ["x.txt is not a text document (it contains NUL bytes)", "Ask the sender"]) {
            try decode([0x41, 0x00, 0x42, 0x43, 0x00, 0x00, 0x01, 0x02])
        }
    }

    @Test func controlCharactersAreRefused() {
        expectRefusal(IntakeError.self, saying: ["x.txt holds the control character U+0001 on line 1", "ask the sender for it again"]) {
            try decode(Array("abc\u{1}def".utf8))
        }
    }

    @Test func nbspSurvives() throws {
        let text = "Article 1\u{00A0}: « texte\u{202F}»"
        #expect(try decode(Array(text.utf8)).0 == text)
    }
}

@Suite struct StateNameTests {
    let catalog: LocaleCatalog
    init() throws { catalog = try LocaleCatalog(folder: repoRoot.appendingPathComponent("Locales")) }

    @Test func canonicalNamesAndAliases() throws {
        #expect(try catalog.canonicalState("Peru") == "Peru")
        #expect(try catalog.canonicalState("turkey") == "Türkiye")
        #expect(try catalog.canonicalState("Bolivia") == "Bolivia (Plurinational State of)")
        #expect(try catalog.canonicalState("Cote d'Ivoire") == "Côte d'Ivoire")
        #expect(catalog.states.filter { $0.kind == "member" }.count == 193)
    }

    @Test func nearMissGetsASuggestion() {
        #expect(throws: StoreError.unknownState("Peur", suggestion: "Peru")) { try catalog.canonicalState("Peur") }
        #expect(throws: StoreError.unknownState("Morroco", suggestion: "Morocco")) { try catalog.canonicalState("Morroco") }
        #expect(throws: StoreError.unknownState("Chli", suggestion: "Chile")) { try catalog.canonicalState("Chli") }
        #expect(throws: StoreError.unclearState("Chine", candidates: ["Chile", "China"])) { try catalog.canonicalState("Chine") }
        #expect(throws: StoreError.unclearState("Korea", candidates: ["Democratic People's Republic of Korea", "Republic of Korea"])) {
            try catalog.canonicalState("Korea")
        }
    }

    @Test func spoofedNameIsRefusedWithTheNameItImitates() {
        #expect(throws: StoreError.suspiciousStateName("Реru", resembles: "Peru")) { try catalog.canonicalState("Реru") }
    }
}

@Suite struct TranslationCheckTests {
    @Test func arabicTextIsNotAnEnglishTranslation() throws {
        let dir = Scratch.root.appendingPathComponent("crp-tr-\(UUID().uuidString)")
        let store = try Store.create(at: dir, paper: try PaperDefinition.load(fixture("paper.yaml")), clock: TestRepository.clock)
        let r = Registrar(store: store, catalog: try LocaleCatalog(folder: repoRoot.appendingPathComponent("Locales")))
        let (sub, _) = try r.register(.init(file: fixture("morocco-item2.ar.txt"), state: "Morocco", language: "ar", items: [2], by: "t"))
        expectRefusal(
            IntakeError.self, saying: ["morocco-item2.utf8-bom-crlf.txt is the same text as the original, not a translation", "Attach the English text"]
        ) { try r.translate(sub, file: fixture("variants/morocco-item2.utf8-bom-crlf.txt"), kind: .unofficial, translator: nil, by: "t") }
        #expect(try store.load(id: sub.id).status == .received)
        let ok = try r.translate(sub, file: fixture("morocco-item2.en.txt"), kind: .unofficial, translator: nil, by: "t")
        #expect(ok.status == .translated)
    }

    @Test func scriptMismatchIsRefusedUnlessForcedWithAReason() throws {
        let dir = Scratch.root.appendingPathComponent("crp-strict-\(UUID().uuidString)")
        let store = try Store.create(at: dir, paper: try PaperDefinition.load(fixture("paper.yaml")), clock: TestRepository.clock)
        let r = Registrar(store: store, catalog: try LocaleCatalog(folder: repoRoot.appendingPathComponent("Locales")))
        #expect { try r.register(.init(file: fixture("peru-item2.es.txt"), state: "Peru", language: "ar", items: [2], by: "t")) } throws: { e in
            guard case IntakeError.wrongScript(_, "Arabic", ["Arab"], ["Latn"], "UTF-8", [], _) = e else { return false }
            return true
        }
        #expect(try store.ids().isEmpty)
        let forced = try r.register(
            .init(
                file: fixture("peru-item2.es.txt"), states: ["Peru"], language: "ar", items: [2], by: "t",
                overrides: .init(force: true, reason: "Arabic comments with a Spanish annex")))
        #expect(forced.findings.contains { $0.code == "intake.text" && $0.message.contains("declared language ar") })
        #expect(forced.submission.events[0].note?.contains("Arabic comments with a Spanish annex") == true)
        expectRefusal(
            IntakeError.self,
            saying: [
                "peru-item3.es.txt was declared as Russian, written in Cyrl", "its letters are Latn", "Nothing was stored", "Check --language and --encoding",
            ]
        ) {
            try r.register(
                .init(
                    file: fixture("peru-item3.es.txt"), states: ["Peru"], language: "ru", items: [3], by: "t", strict: true,
                    overrides: .init(force: true, reason: "x")))
        }
        #expect(try store.ids().count == 1)
    }

    /// A windows-1251 text decoded as windows-1252 gives Latin mojibake: refused, with the charsets
    /// that give Cyrillic.
    @Test func mojibakeFromTheWrongEncodingIsRefusedWithTheRightCandidates() throws {
        let dir = Scratch.root.appendingPathComponent("crp-mojibake-\(UUID().uuidString)")
        let store = try Store.create(at: dir, paper: try PaperDefinition.load(fixture("paper.yaml")), clock: TestRepository.clock)
        let r = Registrar(store: store, catalog: try LocaleCatalog(folder: repoRoot.appendingPathComponent("Locales")))
        let russian = "Российская Федерация поддерживает предложения, изложенные в пунктах (a) и (b).\n"
        let bytes = try Charsets.encode(Array(russian.utf16), charset: "windows-1251")
        let file = dir.appendingPathComponent("ru.txt")
        try Data(bytes).write(to: file)
        #expect {
            try r.register(
                .init(
                    file: file, state: "Russian Federation", language: "ru", items: [2], by: "t",
                    options: IntakeOptions(encoding: "windows-1252")))
        } throws: { e in
            guard case IntakeError.wrongScript(_, _, ["Cyrl"], _, "windows-1252", let candidates, _) = e else { return false }
            return candidates.first == "windows-1251"
        }
        #expect(try store.ids().isEmpty)
    }
}
