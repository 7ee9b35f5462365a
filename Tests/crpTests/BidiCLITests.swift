import Foundation
import TestSupport
import Testing

@Suite(.serialized) struct BidiCLITests {
    @Test func overridesWarnAtRegistrationAndAreNeutralizedInOutputs() throws {
        let ws = try CLI.tempDir("bidi").appendingPathComponent("paper")
        #expect(try CLI.run(["init", ws.path, "--from", CLI.fixtures.appendingPathComponent("paper.yaml").path]).status == 0)
        let f = ws.deletingLastPathComponent().appendingPathComponent("rlo.txt")
        try "Comentario con \u{202E}texto invertido sin cierre.\n\nSegundo párrafo normal.\n".write(to: f, atomically: true, encoding: .utf8)
        var r = try CLI.run(["register", f.path, "--state", "Chile", "--language", "es", "--item", "2"], cwd: ws)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.err.contains("RLO"))
        let id = r.out.trimmingCharacters(in: .whitespacesAndNewlines)
        // The stored original keeps the control; every output is neutralized.
        let original = try Data(contentsOf: ws.appendingPathComponent(id).appendingPathComponent("original.txt"))
        #expect(String(decoding: original, as: UTF8.self).contains("\u{202E}"))
        r = try CLI.run(["show", id, "--logical"], cwd: ws)
        #expect(r.out.contains("warning"))
        #expect(!r.out.contains("\u{202E}"))
        let e = ws.deletingLastPathComponent().appendingPathComponent("rlo.en.txt")
        try "Comment with \u{202E}reversed text.\n".write(to: e, atomically: true, encoding: .utf8)
        #expect(try CLI.run(["translate", id, e.path], cwd: ws).status == 0)
        r = try CLI.run(["compile", "--all", "--with-originals", "--format", "md"], cwd: ws)
        #expect(r.status == 0, "\(r.err)")
        #expect(!r.out.contains("\u{202E}"))
        #expect(r.out.contains("texto invertido"))
    }

    @Test func showPrintsArabicInVisualOrderWhenAsked() throws {
        let ws = try CLI.tempDir("visual").appendingPathComponent("paper")
        #expect(try CLI.run(["init", ws.path, "--from", CLI.fixtures.appendingPathComponent("paper.yaml").path]).status == 0)
        let r0 = try CLI.run(
            ["register", CLI.fixtures.appendingPathComponent("morocco-item2.ar.txt").path, "--state", "Morocco", "--language", "ar", "--item", "2"], cwd: ws)
        let id = r0.out.trimmingCharacters(in: .whitespacesAndNewlines)
        let logical = try CLI.run(["show", id, "--logical"], cwd: ws).out
        let visual = try CLI.run(["show", id, "--visual"], cwd: ws).out
        // Logical output keeps the stored letters; visual output shapes them (Arabic presentation
        // forms, U+FE70–U+FEFF) and reverses the runs.
        #expect(logical.contains("يتوقف التنفيذ"))
        #expect(!logical.unicodeScalars.contains { $0.value >= 0xFE70 && $0.value <= 0xFEFF })
        #expect(visual.unicodeScalars.contains { $0.value >= 0xFE70 && $0.value <= 0xFEFF })
        #expect(!visual.contains("يتوقف التنفيذ"))
        #expect(visual.contains("SHERLOC"))  // Latin runs stay readable left to right
    }

    @Test func workloadSumsWordsStillToTranslate() throws {
        let ws = try CLI.tempDir("workload").appendingPathComponent("paper")
        #expect(try CLI.run(["init", ws.path, "--from", CLI.fixtures.appendingPathComponent("paper.yaml").path]).status == 0)
        let a = try CLI.run(
            ["register", CLI.fixtures.appendingPathComponent("morocco-item2.ar.txt").path, "--state", "Morocco", "--language", "ar", "--item", "2"], cwd: ws)
        _ = try CLI.run(
            ["register", CLI.fixtures.appendingPathComponent("peru-item2.es.txt").path, "--state", "Peru", "--language", "es", "--item", "2"], cwd: ws)
        let p3 = try CLI.run(
            ["register", CLI.fixtures.appendingPathComponent("peru-item3.es.txt").path, "--state", "Peru", "--language", "es", "--item", "3"], cwd: ws)
        _ = try CLI.run(
            ["translate", p3.out.trimmingCharacters(in: .whitespacesAndNewlines), CLI.fixtures.appendingPathComponent("peru-item3.en.txt").path], cwd: ws)
        let status = try JSONSerialization.jsonObject(with: Data(try CLI.run(["status", "--json"], cwd: ws).out.utf8)) as! [[String: Any]]
        let words = Dictionary(uniqueKeysWithValues: status.map { ($0["id"] as! String, $0["words"] as! Int) })
        let r = try CLI.run(["workload", "--json"], cwd: ws)
        #expect(r.status == 0)
        let rows = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as! [[String: Any]]
        let ar = rows.first { $0["language"] as? String == "ar" }
        let es = rows.first { $0["language"] as? String == "es" }
        #expect(ar?["words"] as? Int == words[a.out.trimmingCharacters(in: .whitespacesAndNewlines)])
        #expect(es?["submissions"] as? Int == 1)  // Peru's item 3 is translated already
        #expect(rows.allSatisfy { $0["status"] as? String == "received" })
    }
}

@Suite(.serialized) struct XLIFFThroughRegisterTests {
    @Test func xliffGivenToRegisterOrTranslateIsSentToImport() throws {
        let ws = try CLI.tempDir("xlfreg").appendingPathComponent("paper")
        #expect(try CLI.run(["init", ws.path, "--from", CLI.fixtures.appendingPathComponent("paper.yaml").path]).status == 0)
        let id = try CLI.run(
            ["register", CLI.fixtures.appendingPathComponent("peru-item2.es.txt").path, "--state", "Peru", "--language", "es", "--item", "2"], cwd: ws
        ).out.trimmingCharacters(in: .whitespacesAndNewlines)
        let out = ws.deletingLastPathComponent().appendingPathComponent("xlf")
        #expect(try CLI.run(["export", id, "--format", "xliff2", "--output", out.path], cwd: ws).status == 0)
        let xlf = out.appendingPathComponent("\(id).xlf")
        let before = CLI.snapshot(ws)
        var r = try CLI.run(["translate", id, xlf.path], cwd: ws)
        expectRefused(r, code: CRPExit.refused, saying: ["crp import"])
        r = try CLI.run(["register", xlf.path, "--state", "Chile", "--language", "es", "--item", "2"], cwd: ws)
        expectRefused(r, code: CRPExit.refused, saying: ["crp import"])
        #expect(CLI.snapshot(ws) == before)
    }
}
