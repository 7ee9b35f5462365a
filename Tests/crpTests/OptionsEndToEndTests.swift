import Foundation
import TestSupport
import Testing

/// Options that no other test ran end to end (issue 20, must-have 8), each through the built `crp`
/// with the clock fixed.
@Suite(.serialized) struct OptionsEndToEndTests {
    static let env = ["CRP_NOW": "2020-10-20T10:00:00Z"]

    /// A workspace of the reference paper in a private scratch folder: (scratch, workspace).
    static func workspace(_ tag: String) throws -> (dir: URL, ws: URL) {
        let dir = try CLI.tempDir(tag)
        let ws = dir.appendingPathComponent("paper")
        let r = try CLI.run(["init", ws.path, "--from", CLI.fixtures.appendingPathComponent("paper.yaml").path], env: env)
        #expect(r.status == 0, "\(r)")
        return (dir, ws)
    }

    @discardableResult
    static func crp(_ args: [String], in ws: URL, sourceLocation: SourceLocation = #_sourceLocation) throws -> ProcResult {
        try CLI.run(args, cwd: ws, env: env)
    }

    /// Runs and requires exit 0; returns the trimmed standard output.
    @discardableResult
    static func ok(_ args: [String], in ws: URL, sourceLocation: SourceLocation = #_sourceLocation) throws -> ProcResult {
        let r = try crp(args, in: ws)
        #expect(r.exitCode == 0 && r.signal == nil, "crp \(args.joined(separator: " ")): \(r)", sourceLocation: sourceLocation)
        return r
    }

    static func fixture(_ name: String) -> String { CLI.fixtures.appendingPathComponent(name).path }

    /// Registers a reference fixture on item 2 and returns its id.
    static func registerFixture(_ name: String, state: String, language: String, received: String, in ws: URL) throws -> String {
        id(try ok(["register", fixture(name), "--state", state, "--language", language, "--item", "2", "--received", received], in: ws))
    }

    static func id(_ r: ProcResult) -> String { r.out.split(separator: "\n").first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? "" }

    @Test func registerWithTheRightEncodingAndJSON() throws {
        let (dir, ws) = try Self.workspace("opt-encoding")
        defer { try? FileManager.default.removeItem(at: dir) }
        // A short windows-1256 text: too short for detection to be sure, so --encoding says it.
        let bytes: [UInt8] = Array("Item 2: ".utf8) + [0xC7, 0xE1, 0xE3, 0xDB, 0xD1, 0xC8, 0x20, 0xED, 0xDE, 0xCA, 0xD1, 0xC8] + Array(".\r\n".utf8)
        let file = dir.appendingPathComponent("morocco-short.txt")
        try Data(bytes).write(to: file)
        let r = try Self.ok(
            [
                "register", file.path, "--state", "Morocco", "--language", "ar", "--item", "2", "--received", "2020-09-18",
                "--encoding", "windows-1256", "--json",
            ], in: ws)
        let json = try JSONSerialization.jsonObject(with: r.stdout) as? [String: Any]
        let id = json?["id"] as? String ?? ""
        #expect(id.hasPrefix("morocco-20200918-"), "register --json prints the new id: \(r.out)")
        let shown = try Self.ok(["show", id], in: ws)
        #expect(shown.out.contains("windows-1256"), "\(shown.out)")
        #expect(shown.out.contains("المغرب يقترب"), "the text decoded with the given encoding: \(shown.out)")
    }

    @Test func registerJSONCarriesTheFindingsTheTerminalPrints() throws {
        let (dir, ws) = try Self.workspace("opt-json-findings")
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Self.ok(
            [
                "register", Self.fixture("peru-item2.es.txt"), "--state", "Peru", "--language", "es", "--item", "2", "--received", "2020-10-05",
                "--json",
            ], in: ws)
        let json = try JSONSerialization.jsonObject(with: r.stdout) as? [String: Any]
        let findings = json?["findings"] as? [[String: Any]] ?? []
        let late = findings.first { $0["code"] as? String == "register.late" }
        #expect(late?["severity"] as? String == "warning", "register --json carries the late warning: \(r.out)")
        #expect(late?["subject"] as? String == json?["id"] as? String)
        let message = late?["message"] as? String ?? "(none)"
        #expect(message.contains("after the deadline"))
        #expect(r.err.contains("warning: " + message), "the same finding, on the terminal: \(r.err)")
    }

    /// An Arabic letter declared English would go into the English paper untranslated: refused,
    /// though a Latin name inside it shares the declared script, with the language it reads as.
    @Test func anArabicLetterDeclaredEnglishIsRefusedNamingArabic() throws {
        let (dir, ws) = try Self.workspace("opt-ar-as-en")
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Self.crp(
            ["register", Self.fixture("morocco-item2.ar.txt"), "--state", "Morocco", "--language", "en", "--item", "2", "--received", "2020-09-18"], in: ws)
        expectRefused(r, code: 1, saying: ["declared as English", "Arabic (--language ar)", "Nothing was stored"])
        #expect(!r.err.contains("--encoding windows"), "valid UTF-8: no encoding is suggested: \(r.err)")
        let listed = try JSONSerialization.jsonObject(with: try Self.ok(["status", "--json"], in: ws).stdout) as? [Any]
        #expect(listed?.isEmpty == true)
    }

    @Test func allowSameTextForAnotherStateWithAReason() throws {
        let (dir, ws) = try Self.workspace("opt-same-text")
        defer { try? FileManager.default.removeItem(at: dir) }
        let peru = try Self.registerFixture("peru-item2.es.txt", state: "Peru", language: "es", received: "2020-09-18", in: ws)
        let before = CLI.snapshot(ws)
        let refused = try Self.crp(
            [
                "register", Self.fixture("peru-item2.es.txt"), "--state", "Chile", "--language", "es", "--item", "2",
                "--received", "2020-09-18",
            ], in: ws)
        expectRefused(refused, code: 1, saying: [peru, "--allow-same-text"])
        #expect(CLI.snapshot(ws) == before, "a refused registration changes nothing")
        let chile = Self.id(
            try Self.ok(
                [
                    "register", Self.fixture("peru-item2.es.txt"), "--state", "Chile", "--language", "es", "--item", "2",
                    "--received", "2020-09-18", "--allow-same-text", "--reason", "Joint statement sent by both missions",
                ], in: ws))
        #expect(chile.hasPrefix("chile-20200918-"))
        let log = try Self.ok(["log", chile], in: ws)
        #expect(log.out.contains("Joint statement sent by both missions"), "the reason is in the history: \(log.out)")
    }

    @Test func translateChoosesAnEmailPartAndDecodesTheGivenEncoding() throws {
        let (dir, ws) = try Self.workspace("opt-translate")
        defer { try? FileManager.default.removeItem(at: dir) }
        let peru = try Self.registerFixture("peru-item2.es.txt", state: "Peru", language: "es", received: "2020-09-18", in: ws)
        let mail = dir.appendingPathComponent("translation.eml")
        try EMLPartCLITests.message().write(to: mail)
        let before = CLI.snapshot(ws)
        expectRefused(try Self.crp(["translate", peru, mail.path], in: ws), code: 1, saying: ["translation.eml", "--part"])
        #expect(CLI.snapshot(ws) == before)
        let r = try Self.ok(["translate", peru, mail.path, "--part", "body"], in: ws)
        #expect(r.exitCode == 0)
        var shown = try Self.ok(["show", peru], in: ws)
        #expect(shown.out.contains("Peru supports the use of SHERLOC"), "the body is the translation: \(shown.out)")
        #expect(!shown.out.contains("Note verbale"), "the attachment is left: \(shown.out)")

        // Another translation in windows-1252, named by --encoding.
        let latin =
            Array("Comments of Peru: the Conference should encourage States parties to share case law; the Secretariat ".utf8)
            + [0x96] + Array(" with ".utf8) + [0x93] + Array("SHERLOC".utf8) + [0x94] + Array(" ".utf8) + [0x96]
            + Array(" keeps it up to date.\n".utf8)
        let file = dir.appendingPathComponent("peru.en.txt")
        try Data(latin).write(to: file)
        try Self.ok(["translate", peru, file.path, "--encoding", "windows-1252"], in: ws)
        shown = try Self.ok(["show", peru], in: ws)
        #expect(shown.out.contains("Secretariat \u{2013} with \u{201C}SHERLOC\u{201D} \u{2013} keeps"), "\(shown.out)")
    }

    @Test func reviseWithAnEncodingAndAReason() throws {
        let (dir, ws) = try Self.workspace("opt-revise")
        defer { try? FileManager.default.removeItem(at: dir) }
        let id = try Self.registerFixture("morocco-item2.ar.txt", state: "Morocco", language: "ar", received: "2020-09-18", in: ws)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: Self.fixture("variants/morocco-item2.windows-1256.txt")))
        bytes.append(contentsOf: [0x0D, 0x0A] + [0xC7, 0xE1, 0xE3, 0xDB, 0xD1, 0xC8] + Array(" (Rev.1)\r\n".utf8))
        let file = dir.appendingPathComponent("morocco-rev1.txt")
        try bytes.write(to: file)
        try Self.ok(["revise", id, file.path, "--encoding", "windows-1256", "--received", "2020-10-01", "--reason", "Corrected text from the Mission"], in: ws)
        let shown = try Self.ok(["show", id], in: ws)
        #expect(shown.out.contains("version 2"), "\(shown.out)")
        #expect(shown.out.contains("windows-1256"), "\(shown.out)")
        #expect(shown.out.contains("المغرب (Rev.1)"), "the revision decoded as windows-1256: \(shown.out)")
        let log = try Self.ok(["log", id], in: ws)
        #expect(log.out.contains("Corrected text from the Mission"), "\(log.out)")
    }

    @Test func amendForceAcceptsADateLongBeforeTheSession() throws {
        let (dir, ws) = try Self.workspace("opt-amend")
        defer { try? FileManager.default.removeItem(at: dir) }
        let id = try Self.registerFixture("peru-item2.es.txt", state: "Peru", language: "es", received: "2020-09-18", in: ws)
        let before = CLI.snapshot(ws)
        let refused = try Self.crp(["amend", id, "--received", "2017-01-10", "--reason", "Date typed from the note verbale"], in: ws)
        expectRefused(refused, code: 1, saying: ["2017-01-10", "--force"])
        #expect(CLI.snapshot(ws) == before)
        try Self.ok(["amend", id, "--received", "2017-01-10", "--force", "--reason", "Date typed from the note verbale"], in: ws)
        let rows = try JSONSerialization.jsonObject(with: try Self.ok(["status", "--json"], in: ws).stdout) as? [[String: Any]] ?? []
        #expect(rows.first?["received"] as? String == "2017-01-10", "\(rows)")
        #expect(try Self.ok(["log", id], in: ws).out.contains("2020-09-18 → 2017-01-10"))
    }

    @Test func statusLateAndPendingKeepWhatMatches() throws {
        let (dir, ws) = try Self.workspace("opt-status")
        defer { try? FileManager.default.removeItem(at: dir) }
        let morocco = try Self.registerFixture("morocco-item2.ar.txt", state: "Morocco", language: "ar", received: "2020-09-18", in: ws)
        let peru = try Self.registerFixture("peru-item2.es.txt", state: "Peru", language: "es", received: "2020-10-05", in: ws)
        try Self.ok(["translate", morocco, Self.fixture("morocco-item2.en.txt")], in: ws)
        try Self.ok(["review", morocco], in: ws)
        func ids(_ filter: [String]) throws -> [String] {
            let rows = try JSONSerialization.jsonObject(with: try Self.ok(["status", "--json"] + filter, in: ws).stdout) as? [[String: Any]] ?? []
            return rows.compactMap { $0["id"] as? String }.sorted()
        }
        #expect(try ids([]) == [morocco, peru].sorted())
        #expect(try ids(["--late"]) == [peru], "only Peru came after the deadline")
        #expect(try ids(["--pending"]) == [peru], "Morocco is reviewed: in the paper")
        let text = try Self.ok(["status", "--late"], in: ws)
        #expect(text.out.contains(peru) && !text.out.contains(morocco), "\(text.out)")
    }

    @Test func compileToTheDefaultFileNameAndToPDF() throws {
        let (dir, ws) = try Self.workspace("opt-compile")
        defer { try? FileManager.default.removeItem(at: dir) }
        let morocco = try Self.registerFixture("morocco-item2.ar.txt", state: "Morocco", language: "ar", received: "2020-09-18", in: ws)
        try Self.ok(["translate", morocco, Self.fixture("morocco-item2.en.txt")], in: ws)
        try Self.ok(["review", morocco], in: ws)
        // DOCX without --output: the paper's symbol as a file name (CTOC/COP/2020/CRP.1 → ctoc-cop-2020-crp-1.docx).
        let out = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let r = try CLI.run(["compile", "--format", "docx", "--workspace", ws.path], cwd: out, env: Self.env)
        #expect(r.exitCode == 0, "\(r)")
        let written = (try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []
        #expect(written == ["ctoc-cop-2020-crp-1.docx"], "\(written) \(r.err)")
        if let name = written.first {
            #expect(r.err.contains(name) || r.out.contains(name), "compile says where it wrote: \(r)")
            let data = try Data(contentsOf: out.appendingPathComponent(name))
            #expect(data.prefix(2) == Data("PK".utf8))
        }

        guard Clients.available("soffice", reason: "compile to PDF needs LibreOffice (apt-get install libreoffice-writer)") else { return }
        let pdf = dir.appendingPathComponent("paper.pdf")
        let p = try CLI.run(["compile", "--output", pdf.path, "--workspace", ws.path], cwd: dir, env: Self.env)
        #expect(p.exitCode == 0, "\(p)")
        let data = (try? Data(contentsOf: pdf)) ?? Data()
        #expect(data.prefix(5) == Data("%PDF-".utf8), "\(p.err)")
        if Clients.available("pdftotext", reason: "reading the PDF back needs poppler-utils") {
            let t = try Proc.run("pdftotext", ["-enc", "UTF-8", pdf.path, "-"])
            #expect(t.out.contains("Morocco"), "the PDF holds the paper: \(t.out.prefix(400))")
        }
    }
}
