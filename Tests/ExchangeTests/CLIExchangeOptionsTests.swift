import Foundation
import TestSupport
import Testing

/// `crp export --format xliff1` and `crp import --allow-partial` through the built binary.
@Suite(.serialized) struct CLIExchangeOptionsTests {
    static let env = ["CRP_NOW": "2020-10-20T10:00:00Z"]

    @Test func exportXLIFF1ThenImportAPartialTranslationOnlyWithAllowPartial() throws {
        let dir = try Scratch.dir("xlf1-partial")
        defer { try? FileManager.default.removeItem(at: dir) }
        let ws = dir.appendingPathComponent("paper")
        let ref = ExchangeFixtures.reference
        func crp(_ args: [String]) throws -> ProcResult { try CRPRunner.run(args, cwd: ws, env: Self.env) }
        var r = try CRPRunner.run(["init", ws.path, "--from", ref.appendingPathComponent("paper.yaml").path], cwd: dir, env: Self.env)
        #expect(r.exitCode == 0, "\(r)")
        r = try crp([
            "register", ref.appendingPathComponent("morocco-item2.ar.txt").path, "--state", "Morocco", "--language", "ar", "--item", "2",
            "--received", "2020-09-18",
        ])
        #expect(r.exitCode == 0, "\(r)")
        let id = r.out.trimmingCharacters(in: .whitespacesAndNewlines)

        r = try crp(["export", id, "--format", "xliff1", "--output", "../out"])
        #expect(r.exitCode == 0, "\(r)")
        let xlf = dir.appendingPathComponent("out/\(id).xliff")
        #expect(r.out.contains(xlf.path), "export names the file it wrote: \(r.out)")
        let xml = try String(contentsOf: xlf, encoding: .utf8)
        #expect(xml.contains("version=\"1.2\"") && xml.contains("urn:oasis:names:tc:xliff:document:1.2"), "an XLIFF 1.2 file: \(xml.prefix(300))")
        #expect(xml.contains("source-language=\"ar\"") && xml.contains("<seg-source>"), "\(xml.prefix(600))")

        // A CAT tool that translated every paragraph but the second.
        let english = try String(contentsOf: ref.appendingPathComponent("morocco-item2.en.txt"), encoding: .utf8)
        try Data(CATTool.fillXLIFF12(xml, english: english, skip: ["p2"]).utf8).write(to: xlf)
        let before = StoreSnapshot.take(ws)
        r = try crp(["import", xlf.path])
        expectRefused(r, code: 1, saying: ["\(id).xliff", "--allow-partial"])
        #expect(StoreSnapshot.take(ws) == before, "a refused import changes nothing")

        r = try crp(["import", xlf.path, "--allow-partial"])
        #expect(r.exitCode == 0, "\(r)")
        #expect(r.out.contains(id) && r.out.contains("translated ("), "\(r.out)")
        let shown = try crp(["show", id])
        #expect(shown.out.contains("translation"), "\(shown.out)")
        let log = try crp(["log", id, "--json"])
        #expect(
            log.out.contains("partial") || log.out.contains("untranslated") || log.out.contains("no target"),
            "the partial translation is recorded: \(log.out.suffix(800))")
    }
}
