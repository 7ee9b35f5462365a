import Exchange
import Foundation
import TestSupport
import Testing

/// The translation memory through the built `crp`: bands on texts built so the counts are known,
/// matches in XLIFF exports, TMX import (po2tmx, OmegaT's and Trados' shapes) and its refusals,
/// and `verify` of the memory's indexes.
@Suite(.serialized) struct MemoryCLITests {
    @discardableResult
    func crp(_ args: [String], in cwd: URL, date: String = "2020-10-06T10:00:00Z") throws -> ProcResult {
        try CRPRunner.run(args, cwd: cwd, env: ["CRP_NOW": date])
    }

    /// A workspace of the reference paper with one reviewed Peru submission (item 2) whose five
    /// one-sentence paragraphs are in the memory.
    func workspace(_ tag: String) throws -> (dir: URL, ws: URL) {
        let dir = Scratch.root.appendingPathComponent("crp-tm-\(tag)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let ws = dir.appendingPathComponent("paper")
        var r = try crp(["init", ws.path, "--from", ExchangeFixtures.reference.appendingPathComponent("paper.yaml").path], in: dir)
        #expect(r.status == 0, "\(r.err)")
        let original = Self.memorySentences.map(\.0).joined(separator: "\n\n") + "\n"
        let english = Self.memorySentences.map(\.1).joined(separator: "\n\n") + "\n"
        try original.write(to: dir.appendingPathComponent("a.es.txt"), atomically: true, encoding: .utf8)
        try english.write(to: dir.appendingPathComponent("a.en.txt"), atomically: true, encoding: .utf8)
        r = try crp(["register", "../a.es.txt", "--state", "Peru", "--language", "es", "--item", "2", "--received", "2020-09-18"], in: ws)
        #expect(r.status == 0, "\(r.err)")
        let id = r.out.trimmingCharacters(in: .whitespacesAndNewlines)
        r = try crp(["translate", id, "../a.en.txt"], in: ws)
        #expect(r.status == 0, "\(r.err)")
        r = try crp(["review", id], in: ws)
        #expect(r.status == 0, "\(r.err)")
        return (dir, ws)
    }

    static let memorySentences = [
        ("Alfa beta gama delta épsilon zeta eta theta iota kappa.", "Alpha beta gamma delta epsilon zeta eta theta iota kappa."),
        ("Lambda mu nu xi ómicron pi rho sigma tau ípsilon.", "Lambda mu nu xi omicron pi rho sigma tau upsilon."),
        ("Uno dos tres cuatro cinco seis siete ocho nueve diez.", "One two three four five six seven eight nine ten."),
        ("Rojo verde azul negro blanco gris rosa marrón violeta naranja.", "Red green blue black white grey pink brown violet orange."),
        (
            "Ca cb cc cd ce cf cg ch ci cj ck cl cm cn co cp cq cr cs ct.",
            "Ca cb cc cd ce cf cg ch ci cj ck cl cm cn co cp cq cr cs ct."
        ),
    ]

    func register(_ text: String, _ name: String, state: String, item: String, received: String, in dir: URL, ws: URL) throws -> String {
        try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        let r = try crp(["register", "../\(name)", "--state", state, "--language", "es", "--item", item, "--received", received], in: ws)
        #expect(r.status == 0, "\(r.err)")
        return r.out.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Chile (item 3) sends: an exact sentence (100), one with 1 word of 10 changed (90), one with
    /// 2 of 10 changed (80), one with 5 of 10 changed (new), the exact one again (repetition) and a
    /// 20-word one with 1 word changed (95). Peru later sends, on the same item as its memory, a
    /// sentence it sent before (101). Each sentence has 10 words but the last of Chile's (20).
    @Test func workloadBandsOnTextsWithKnownCounts() throws {
        let (dir, ws) = try workspace("bands")
        defer { try? FileManager.default.removeItem(at: dir) }
        let chile = [
            "Alfa beta gama delta épsilon zeta eta theta iota kappa.",
            "Lambda mu nu xi ómicron pi rho sigma tau omega.",
            "Uno dos tres cuatro cinco seis siete ocho once doce.",
            "Rojo verde azul negro blanco lunes martes jueves viernes sábado.",
            "Alfa beta gama delta épsilon zeta eta theta iota kappa.",
            "Ca cb cc cd ce cf cg ch ci cj ck cl cm cn co cp cq cr cs cz.",
        ].joined(separator: "\n\n")
        let c = try register(chile, "c.es.txt", state: "Chile", item: "3", received: "2020-09-20", in: dir, ws: ws)
        let p = try register(
            "Rojo verde azul negro blanco gris rosa marrón violeta naranja.\n", "p.es.txt", state: "Peru", item: "2", received: "2020-09-21", in: dir, ws: ws)
        let r = try crp(["workload", "--bands", "--json"], in: ws)
        #expect(r.status == 0, "\(r.err)")
        let report = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as! [String: Any]
        let rows = report["rows"] as! [[String: Any]]
        func bands(_ id: String?) -> [String: Int]? {
            rows.first { ($0["submission"] as? String) == id && ($0["language"] as? String) == "es" }?["bands"] as? [String: Int]
        }
        #expect(bands(c) == ["new": 10, "fuzzy75": 10, "fuzzy85": 10, "fuzzy95": 20, "exact": 10, "context": 0, "repetitions": 10])
        #expect(bands(p) == ["new": 0, "fuzzy75": 0, "fuzzy85": 0, "fuzzy95": 0, "exact": 0, "context": 10, "repetitions": 0])
        #expect(bands(nil) == ["new": 10, "fuzzy75": 10, "fuzzy85": 10, "fuzzy95": 20, "exact": 10, "context": 10, "repetitions": 10])
        // The table says the same, and `show --matches` names quality and origin.
        let table = try crp(["workload"], in: ws)
        #expect(table.out.contains("75-84") && table.out.contains("REPETITIONS"), "\(table.out)")
        let shown = try crp(["show", c, "--matches"], in: ws)
        #expect(shown.status == 0, "\(shown.err)")
        #expect(shown.out.contains("[90% store] Lambda mu nu xi ómicron pi rho sigma tau omega."), "\(shown.out)")
        #expect(shown.out.contains("[new] Rojo verde azul negro blanco lunes"), "\(shown.out)")
    }

    /// Exports carry the matches: XLIFF 2.1 with mtc:matches that the schema and our reader accept,
    /// fuzzy targets as initial; XLIFF 1.2 with alt-trans, read by Translate Toolkit; a TMX unit
    /// holding a right-to-left override gives a target without it.
    @Test func exportsCarryMatches() throws {
        let (dir, ws) = try workspace("export")
        defer { try? FileManager.default.removeItem(at: dir) }
        let tmx = """
            <?xml version="1.0" encoding="UTF-8"?>
            <tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="es" datatype="plaintext"/><body>
            <tu><tuv xml:lang="es"><seg>Hola mundo hermoso de las naciones unidas hoy.</seg></tuv><tuv xml:lang="en"><seg>Hello \u{202E}beautiful world of the United Nations today.</seg></tuv></tu>
            </body></tmx>
            """
        try tmx.write(to: dir.appendingPathComponent("rlo.tmx"), atomically: true, encoding: .utf8)
        var r = try crp(["tm", "import", "../rlo.tmx", "--origin", "unit-2019"], in: ws)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("1 with bidi controls"), "\(r.out)")
        let id = try register(
            "Lambda mu nu xi ómicron pi rho sigma tau omega.\n\nHola mundo hermoso de las naciones unidas hoy.\n", "e.es.txt", state: "Chile", item: "3",
            received: "2020-09-20", in: dir, ws: ws)
        r = try crp(["export", id, "--format", "xliff2", "--output", "../out"], in: ws)
        #expect(r.status == 0, "\(r.err)")
        let x2 = try String(contentsOf: dir.appendingPathComponent("out/\(id).xlf"), encoding: .utf8)
        #expect(x2.contains("<mtc:match id=\"m1\" ref=\"#s1\" type=\"tm\" matchQuality=\"90.0\" similarity=\"90.0\" origin=\"store\">"), "\(x2)")
        #expect(x2.contains("<segment id=\"s1\" state=\"initial\">"), "\(x2)")
        #expect(x2.contains("origin=\"unit-2019\""), "\(x2)")
        #expect(!x2.unicodeScalars.contains("\u{202E}"), "a bidi override reached the export")
        let parsed = try XLIFFReader.parse(Data(x2.utf8), name: "\(id).xlf")
        #expect(parsed.files.first?.units.count == 2)
        if let xmllint = Clients.require(["xmllint"], "xmllint (libxml2-utils)") {
            let schema = ExchangeFixtures.xliff.appendingPathComponent("schemas/xliff_core_2.0.xsd").path
            let v = try Proc.run(xmllint, ["--noout", "--nonet", "--schema", schema, dir.appendingPathComponent("out/\(id).xlf").path])
            #expect(v.status == 0 && v.err.contains("validates"), "xmllint: \(v.err)")
        }
        r = try crp(["export", id, "--format", "xliff1", "--output", "../out"], in: ws)
        #expect(r.status == 0, "\(r.err)")
        let x1 = try String(contentsOf: dir.appendingPathComponent("out/\(id).xliff"), encoding: .utf8)
        #expect(x1.contains("<alt-trans mid=\"1\" match-quality=\"90%\" origin=\"store\">"), "\(x1)")
        #expect(x1.contains("state=\"needs-review-translation\""), "\(x1)")
        // Taken back untouched, the fuzzy target is attached with a warning that it needs review.
        r = try crp(["import", "../out/\(id).xliff"], in: ws)
        #expect(r.status == 0, "\(r.err)")
        #expect((r.out + r.err).contains("1 segment(s) have a target still marked as a draft"), "\(r.out) \(r.err)")
        // Reviewing it would say the memory's unconfirmed match is right: refused until someone says why.
        let before = try crp(["log", id], in: ws).out
        r = try crp(["review", id], in: ws)
        expectRefused(r, saying: ["1 segment(s) still marked as a draft", "import the file again", "--reason"])
        #expect(try crp(["log", id], in: ws).out == before, "a refused review changed the history")
        r = try crp(["review", id, "--reason", "checked each segment against the original"], in: ws)
        #expect(r.status == 0 && r.out.contains("reviewed"), "\(r.out) \(r.err)")
        #expect(try crp(["log", id], in: ws).out.contains("checked each segment against the original"))
        if let pocount = Clients.require(["pocount"], "Translate Toolkit's pocount (pip translate-toolkit)") {
            let v = try Proc.run(pocount, ["--csv", dir.appendingPathComponent("out/\(id).xliff").path])
            #expect(v.status == 0, "pocount: \(v.err)")
            #expect(v.out.contains(",2,"), "pocount read: \(v.out)")  // two strings, both pre-filled (fuzzy)
        }
    }

    /// TMX from po2tmx and in OmegaT's and Trados' shapes is imported and counted; a file not
    /// well-formed, not TMX or of a pair the paper cannot use is refused with its line, and
    /// nothing is kept; `tm export` writes it all back; `verify` finds a damaged index and
    /// `verify --repair` rebuilds it.
    @Test func importRefuseExportVerify() throws {
        let (dir, ws) = try workspace("import")
        defer { try? FileManager.default.removeItem(at: dir) }
        let omegat = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE tmx SYSTEM "tmx11.dtd">
            <tmx version="1.1">
              <header creationtool="OmegaT" o-tmf="OmegaT TMX" adminlang="EN-US" datatype="plaintext" creationtoolversion="5.7.1" segtype="sentence" srclang="ES"/>
              <body>
                <tu>
                  <tuv lang="ES"><seg>El Perú apoya firmemente la aplicación de la Convención.</seg></tuv>
                  <tuv lang="EN-GB" changedate="20190412T101010Z"><seg>Peru firmly supports the implementation of the Convention.</seg></tuv>
                </tu>
              </body>
            </tmx>
            """
        let trados = """
            <?xml version="1.0" encoding="utf-8"?>
            <tmx version="1.4"><header creationtool="SDL Language Platform" creationtoolversion="8.0" o-tmf="SDL TM8 Format" datatype="xml" segtype="sentence" adminlang="en-US" srclang="es-ES"/><body>
            <tu changedate="20190316T093000Z"><prop type="x-Client:SingleString">UNODC</prop><tuv xml:lang="es-ES"><seg>La Conferencia <bpt i="1" type="1" x="1" />aprobó<ept i="1" /> la resolución&#x9F; sin votación.</seg></tuv><tuv xml:lang="en-US"><seg>The Conference adopted the resolution without a vote.</seg></tuv></tu>
            </body></tmx>
            """
        try omegat.write(to: dir.appendingPathComponent("omegat.tmx"), atomically: true, encoding: .utf8)
        try trados.write(to: dir.appendingPathComponent("trados.tmx"), atomically: true, encoding: .utf8)
        var r = try crp(["tm", "import", "../omegat.tmx"], in: ws)
        #expect(r.status == 0, "\(r.err)")
        r = try crp(["tm", "import", "../trados.tmx", "--origin", "trados"], in: ws)
        #expect(r.status == 0, "\(r.err)")
        expectRefused(
            try crp(["tm", "import", "../trados.tmx"], in: ws), saying: ["trados.tmx: the same file was imported already as trados-", "nothing was imported"])
        #expect(r.out.contains("Cleaned: 1 with control characters, 0 with bidi controls, 1 with markup"), "\(r.out)")
        var expected = 5 + 1 + 1
        if let po2tmx = Clients.require(["po2tmx"], "Translate Toolkit's po2tmx (pip translate-toolkit)") {
            let po =
                "msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n\nmsgid \"Es necesario actualizar el portal.\"\nmsgstr \"The portal must be updated.\"\n"
            try po.write(to: dir.appendingPathComponent("es.po"), atomically: true, encoding: .utf8)
            let made = try Proc.run(
                po2tmx, ["-l", "en", "--source-language", "es", dir.appendingPathComponent("es.po").path, dir.appendingPathComponent("po.tmx").path])
            #expect(made.status == 0, "po2tmx: \(made.err)")
            r = try crp(["tm", "import", "../po.tmx", "--origin", "po2tmx"], in: ws)
            #expect(r.status == 0, "\(r.err)")
            expected += 1
        }
        r = try crp(["tm", "stats"], in: ws)
        #expect(r.out.contains("es→en  trados") && r.out.contains("es→en  store   5"), "\(r.out)")
        // Refusals: the line and the reason; nothing kept.
        let before = try FileManager.default.contentsOfDirectory(atPath: ws.appendingPathComponent("memory").path).sorted()
        for (name, text, phrases) in [
            (
                "bad.tmx", "<tmx version=\"1.4\"><body><tu><tuv xml:lang=\"es\"><seg>a</seg></tuv>\n<tuv xml:lang=\"en\"><seg>b</tuv></tu></body></tmx>",
                ["bad.tmx, line 2", "not well-formed"]
            ),
            ("x.tmx", "<xliff version=\"2.0\"/>", ["x.tmx, line 1", "not a TMX file", "<xliff>"]),
            ("letter.tmx", "Estimados colegas:\nLa Misión Permanente...\n", ["letter.tmx, line 1", "not a TMX file", "it is not XML"]),
            ("de.tmx", "<tmx version=\"1.4\"><header srclang=\"de\"/><body/></tmx>", ["de.tmx, line 1", "source language is de"]),
            (
                "fr-de.tmx",
                "<tmx version=\"1.4\"><header srclang=\"*all*\"/><body>\n\n<tu><tuv xml:lang=\"fr\"><seg>a</seg></tuv><tuv xml:lang=\"de\"><seg>b</seg></tuv></tu></body></tmx>",
                ["fr-de.tmx, line 3", "no translation in en"]
            ),
        ] {
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
            expectRefused(try crp(["tm", "import", "../\(name)"], in: ws), saying: phrases + ["nothing was imported"])
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: ws.appendingPathComponent("memory").path).sorted() == before)
        // The paper's own language is every unit's target, never a source: refused, not an empty file.
        expectRefused(try crp(["tm", "export", "../en.tmx", "--language", "en"], in: ws), saying: ["en is the paper's language", "nothing was written"])
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("en.tmx").path))
        r = try crp(["tm", "export", "../all.tmx"], in: ws)
        #expect(r.status == 0 && r.out.contains("Wrote \(expected) unit(s)"), "\(r.out) \(r.err)")
        let all = try String(contentsOf: dir.appendingPathComponent("all.tmx"), encoding: .utf8)
        #expect(all.components(separatedBy: "<tu ").count - 1 == expected)
        #expect(all.contains("<prop type=\"x-origin\">omegat</prop>"))
        // The store's own export imported back adds none of the store's units: only the units of
        // other origins it carries (here the imports', once more under the new origin).
        r = try crp(["tm", "import", "../all.tmx", "--origin", "roundtrip"], in: ws)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("Imported \(expected - 5) unit(s)") && r.out.contains("5 already in the memory as this store's own"), "\(r.out)")
        #expect(!(try crp(["tm", "stats"], in: ws).out.contains("es→en  store   10")))
        // A file of only the store's own units is refused with why.
        #expect(try crp(["tm", "export", "../own.tmx", "--language", "es"], in: ws).status == 0)
        let own = try String(contentsOf: dir.appendingPathComponent("own.tmx"), encoding: .utf8).components(separatedBy: "  <tu ")
        let storeUnits = own.dropFirst().map { "  <tu " + $0.replacingOccurrences(of: " </body>\n</tmx>\n", with: "") }.filter {
            $0.contains("x-origin\">store<")
        }
        try (own[0] + storeUnits.joined() + " </body>\n</tmx>\n").write(to: dir.appendingPathComponent("own-store.tmx"), atomically: true, encoding: .utf8)
        expectRefused(
            try crp(["tm", "import", "../own-store.tmx"], in: ws), saying: ["its 5 unit(s) are this store's own translations", "nothing was imported"])
        // verify: a damaged index is found and rebuilt.
        r = try crp(["verify"], in: ws)
        #expect(r.status == 0, "\(r.out) \(r.err)")
        let idx = ws.appendingPathComponent(".crp/memory/store.es.1.idx")
        let h = try FileHandle(forWritingTo: idx)
        try h.seekToEnd(); try h.write(contentsOf: Data([0])); try h.close()
        expectRefused(try crp(["verify"], in: ws), saying: ["store.es.1.idx was changed or damaged"], in: \.out)
        r = try crp(["verify", "--repair"], in: ws)
        #expect(r.status == 0, "\(r.out) \(r.err)")
        #expect(try crp(["verify"], in: ws).status == 0)
    }
}
