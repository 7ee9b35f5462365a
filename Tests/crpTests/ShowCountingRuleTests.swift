import Foundation
import TestSupport
import Testing

/// `crp show` says how words are counted in plain words (issue 20, must-have 9), as `crp workload`
/// does, while `analysis.json` keeps the rule as it was stored.
@Suite struct ShowCountingRuleTests {
    @Test func showSaysTheWordRuleInPlainWords() throws {
        let dir = try CLI.tempDir("show-rule")
        defer { try? FileManager.default.removeItem(at: dir) }
        let ws = dir.appendingPathComponent("paper")
        let env = ["CRP_NOW": "2020-10-20T10:00:00Z"]
        var r = try CLI.run(["init", ws.path, "--from", CLI.fixtures.appendingPathComponent("paper.yaml").path], env: env)
        #expect(r.exitCode == 0, "\(r)")
        r = try CLI.run(
            [
                "register", CLI.fixtures.appendingPathComponent("peru-item2.es.txt").path, "--state", "Peru", "--language", "es",
                "--item", "2", "--received", "2020-09-18",
            ], cwd: ws, env: env)
        #expect(r.exitCode == 0, "\(r)")
        let id = r.out.trimmingCharacters(in: .whitespacesAndNewlines)
        r = try CLI.run(["show", id], cwd: ws, env: env)
        #expect(r.exitCode == 0, "\(r)")
        let words = r.out.split(separator: "\n").first { $0.contains("words") && $0.contains("(") }.map(String.init) ?? ""
        #expect(words.contains("(ICU's word-break rules for es: numbers and words count, punctuation and spaces do not)"), "\(r.out)")
        #expect(!r.out.contains("UBRK") && !r.out.contains("rule status"), "no ICU constant names: \(r.out)")
        // What is stored is unchanged (verify compares the whole analysis with a fresh one).
        let stored = try String(contentsOf: ws.appendingPathComponent("\(id)/analysis.json"), encoding: .utf8)
        #expect(stored.contains("ICU word break (es): tokens with rule status ≥ UBRK_WORD_NONE_LIMIT"))
        #expect(try CLI.run(["verify"], cwd: ws, env: env).exitCode == 0)
    }
}
