import Foundation
import TestSupport
import Testing

/// Issue 14 end to end: the paper definition explains itself and says where it is wrong, `check`,
/// the template refusal, status filters and totals, `report`, and the smaller messages.
@Suite(.serialized) struct PaperOverviewCLITests {
    static let now = ["CRP_NOW": "2020-10-06T09:00:00Z"]

    /// A writable copy of the embedded reference store.
    static func referenceCopy(_ tag: String) throws -> URL {
        let ws = try CLI.tempDir(tag).appendingPathComponent("ws")
        try FileManager.default.copyItem(at: CLI.repo.appendingPathComponent("Submissions"), to: ws)
        return ws
    }

    static func lineNumber(of prefix: String, in text: String) -> Int {
        text.components(separatedBy: "\n").firstIndex { $0.hasPrefix(prefix) }! + 1
    }

    @Test func untouchedTemplateIsRefusedByCompileAndListedByCheck() throws {
        let ws = try CLI.tempDir("tpl").appendingPathComponent("paper")
        var r = try CLI.run(["init", ws.path], env: Self.now)
        #expect(r.status == 0, "\(r.err)")
        let yaml = try String(contentsOf: ws.appendingPathComponent("paper.yaml"), encoding: .utf8)
        #expect(yaml.contains("`number` is what `crp register --item N` refers to"))
        let before = CLI.snapshot(ws)
        r = try CLI.run(["compile", "--output", ws.appendingPathComponent("p.md").path], cwd: ws, env: Self.now)
        expectRefused(r, code: CRPExit.refused, saying: ["still holds values of the template", "Replace each with the paper's own text"])
        for field in [
            "symbol (\"SYMBOL/CRP.1\")", "body (\"Name of the conference or commission\")", "title (\"Title of the paper\")", "session (\"Session\")",
            "agenda.symbol (\"CTOC/COP/YYYY/1\")", "agenda.title (\"Agenda item title\")",
            "items[1].title (\"Item title\")", "items[1].points[1] (\"First discussion point;\")",
        ] {
            #expect(r.err.contains(field), "\(field) not named in: \(r.err)")
        }
        #expect(r.err.contains(ws.appendingPathComponent("paper.yaml").path))
        #expect(CLI.snapshot(ws) == before)
        r = try CLI.run(["check"], cwd: ws, env: Self.now)
        #expect(r.status == 1)
        #expect(r.out.contains("template: \(ws.appendingPathComponent("paper.yaml").path): session still holds the template's \"Session\""))
        #expect(
            r.out.components(separatedBy: "\n").filter { $0.hasPrefix("template:") }.count == 9,
            "symbol, body, title, session, agenda symbol and title, item title, two points: \(r.out)")
    }

    @Test func initFromAFileTakesItsTextAndTheSymbolFlagOverrides() throws {
        let ws = try CLI.tempDir("from").appendingPathComponent("paper")
        let from = CLI.repo.appendingPathComponent("Submissions/paper.yaml")
        let r = try CLI.run(["init", ws.path, "--from", from.path, "--symbol", "CTOC/COP/2020/CRP.4"], env: Self.now)
        #expect(r.status == 0, "\(r.err)")
        let text = try String(contentsOf: ws.appendingPathComponent("paper.yaml"), encoding: .utf8)
        let original = try String(contentsOf: from, encoding: .utf8)
        #expect(text.contains("symbol: \"CTOC/COP/2020/CRP.4\""))
        #expect(!text.contains("symbol: CTOC/COP/2020/CRP.1"))
        // Everything else, comments included, as in the file.
        #expect(text.replacingOccurrences(of: "symbol: \"CTOC/COP/2020/CRP.4\"", with: "symbol: CTOC/COP/2020/CRP.1") == original)
    }

    @Test func brokenDefinitionsAreNamedWithLineAndColumnByCheckAndDoctor() throws {
        let ws = try Self.referenceCopy("broken")
        let file = ws.appendingPathComponent("paper.yaml")
        let good = try String(contentsOf: file, encoding: .utf8)

        // An unknown key: check and doctor both say where, and suggest the key.
        let typo = good.replacingOccurrences(of: "\nsubtitle: ", with: "\nsubtitel: ")
        try typo.write(to: file, atomically: true, encoding: .utf8)
        let line = Self.lineNumber(of: "subtitel:", in: typo)
        var r = try CLI.run(["check", "--workspace", ws.path], env: Self.now)
        #expect(r.status == 1)
        #expect(r.out.contains("paper: \(file.path): line \(line), column 1: subtitel — unknown field `subtitel` — did you mean subtitle?"), "\(r.out)")
        r = try CLI.run(["doctor", "--workspace", ws.path], env: Self.now)
        #expect(r.status == 1)
        #expect(r.out.contains("Workspace: broken:"))
        #expect(r.out.contains("did you mean subtitle?"))
        #expect(!r.out.contains("none found"))

        // An unclosed quote: the line and column where the quote opens.
        let quote = good.replacingOccurrences(of: "\ndistribution: English only", with: "\ndistribution: \"English only")
        try quote.write(to: file, atomically: true, encoding: .utf8)
        r = try CLI.run(["check", "--workspace", ws.path], env: Self.now)
        #expect(r.status == 1)
        #expect(r.out.contains("line \(Self.lineNumber(of: "distribution:", in: quote)), column 15: distribution — a quoted value starts here"), "\(r.out)")
        r = try CLI.run(["status", "--workspace", ws.path], env: Self.now)
        expectRefused(r, code: CRPExit.refused, saying: ["line \(Self.lineNumber(of: "distribution:", in: quote)), column 15"])

        // A date in words.
        let date = good.replacingOccurrences(of: "\ndate: '2020-10-09'", with: "\ndate: 10 October 2022")
        try date.write(to: file, atomically: true, encoding: .utf8)
        r = try CLI.run(["compile", "--workspace", ws.path], env: Self.now)
        expectRefused(
            r, code: CRPExit.refused,
            saying: ["line \(Self.lineNumber(of: "date:", in: date)), column 7: date — \"10 October 2022\" is not written as a date here — write 2022-10-10"])
    }

    @Test func checkIsCleanOnTheReferenceAndFindsItemsMissingFromThePaper() throws {
        let ws = try Self.referenceCopy("check")
        var r = try CLI.run(["check", "--workspace", ws.path], env: Self.now)
        #expect(r.status == 0, "\(r.out)\(r.err)")
        #expect(r.out.contains("3 submission(s) are in order"))
        let file = ws.appendingPathComponent("paper.yaml")
        let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "- number: 3", with: "- number: 5")
        try text.write(to: file, atomically: true, encoding: .utf8)
        r = try CLI.run(["check", "--workspace", ws.path, "--json"], env: Self.now)
        #expect(r.status == 1)
        let object = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as! [String: Any]
        let findings = object["findings"] as! [[String: Any]]
        #expect(findings.count == 1)
        #expect(findings.first?["kind"] as? String == "item")
        #expect(findings.first?["subject"] as? String == "peru-20200925-8e8004de")
        #expect((findings.first?["message"] as? String)?.contains("is on item 3, which paper.yaml does not have (its items: 2, 5)") == true)
    }

    @Test func unwritableOutputIsNamedAsGiven() throws {
        let r = try CLI.run(["compile", "--output", "/nonexistent-crp-dir/x.md"], env: Self.now)
        expectRefused(r, code: CRPExit.refused, saying: ["/nonexistent-crp-dir/x.md"])
        #expect(!r.err.contains(".tmp-"))
        #expect(r.err.contains("does not exist"))
    }

    @Test func statusFiltersAndTotals() throws {
        let ws = try Self.referenceCopy("status")
        #expect(try CLI.run(["withdraw", "peru-20200925-8e8004de", "--reason", "replaced", "--workspace", ws.path], env: Self.now).status == 0)
        var r = try CLI.run(["status", "--workspace", ws.path], env: Self.now)
        #expect(r.status == 0)
        #expect(r.out.contains("Total: 3 submission(s): 0 received, 0 translated, 0 reviewed, 2 included, 1 withdrawn; 0 late."))
        #expect(r.out.contains("6 days since the deadline (2020-09-30). Today is 2020-10-06."))
        r = try CLI.run(["status", "--workspace", ws.path, "--language", "ar"], env: Self.now)
        #expect(r.out.contains("morocco-20200918-1be77312") && !r.out.contains("peru-"))
        #expect(r.out.contains("Listed: language ar."))
        r = try CLI.run(["status", "--workspace", ws.path, "--status", "withdrawn"], env: Self.now)
        #expect(r.out.contains("peru-20200925-8e8004de") && !r.out.contains("peru-20200925-4db9a916"))
        r = try CLI.run(["status", "--workspace", ws.path, "--item", "3", "--state", "peru"], env: Self.now)
        #expect(r.out.contains("peru-20200925-8e8004de") && !r.out.contains("morocco"))
        r = try CLI.run(["status", "--workspace", ws.path, "--pending"], env: Self.now)
        #expect(r.out.contains("No submission matches: not yet in the paper."))
        r = try CLI.run(["status", "--workspace", ws.path, "--late"], env: Self.now)
        #expect(r.out.contains("No submission matches: late."))
        r = try CLI.run(["status", "--workspace", ws.path, "--status", "done"], env: Self.now)
        expectRefused(r, code: CRPExit.usage, saying: ["Unknown status \"done\""])
        r = try CLI.run(["status", "--workspace", ws.path, "--state", "Peur"], env: Self.now)
        expectRefused(r, code: CRPExit.usage, saying: ["Did you mean \"Peru\"?"])

        // --json without filters: the array as before, nothing added.
        r = try CLI.run(["status", "--workspace", ws.path, "--json"], env: Self.now)
        let rows = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as! [[String: Any]]
        #expect(rows.count == 3)
        // `states` (every State of a joint text) added beside `state`, which stays the first State.
        #expect(
            Set(rows[0].keys) == [
                "id", "items", "language", "late", "received", "registeredBy", "state", "states", "status", "translated", "warnings", "words",
            ])
        r = try CLI.run(["status", "--workspace", ws.path, "--json", "--language", "es"], env: Self.now)
        #expect((try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as! [[String: Any]]).count == 2)
        r = try CLI.run(["status", "--workspace", ws.path, "--json", "--totals", "--status", "included"], env: Self.now)
        let object = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as! [String: Any]
        #expect((object["rows"] as! [[String: Any]]).count == 2)
        #expect((object["totals"] as! [String: Any])["daysToDeadline"] as? Int == -6)
        r = try CLI.run(["status", "--workspace", ws.path, "--totals"], env: Self.now)
        expectRefused(r, code: CRPExit.usage, saying: ["--totals goes with --json"])
    }

    @Test func reportWritesEachFormat() throws {
        let dir = try CLI.tempDir("report")
        var r = try CLI.run(["report", "--format", "md"], env: Self.now)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("## Per agenda item and status"))
        #expect(r.out.contains("In the paper (3)"))
        let out = dir.appendingPathComponent("overview.html")
        r = try CLI.run(["report", "--output", out.path], env: Self.now)
        #expect(r.status == 0, "\(r.err)")
        let html = try String(contentsOf: out, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("<svg id=\"received-chart\""))
        r = try CLI.run(["report", "--format", "json"], env: Self.now)
        let object = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as! [String: Any]
        #expect(object["symbol"] as? String == "CTOC/COP/2020/CRP.1")
        r = try CLI.run(["report", "--format", "pptx"], env: Self.now)
        expectRefused(r, code: CRPExit.usage, saying: ["Use html, md or json"])
        r = try CLI.run(["report", "--output", "/nonexistent-crp-dir/r.html"], env: Self.now)
        expectRefused(r, code: CRPExit.refused, saying: ["/nonexistent-crp-dir/r.html"])
    }

    @Test func workloadSpeaksPlainWordsAndSearchMarksStatus() throws {
        let ws = try Self.referenceCopy("search")
        var r = try CLI.run(["workload", "--workspace", ws.path], env: Self.now)
        #expect(!r.out.contains("UBRK") && !r.err.contains("UBRK"))
        #expect(
            try CLI.run(["reopen", "morocco-20200918-1be77312", "--to", "received", "--reason", "redo", "--workspace", ws.path], env: Self.now).status == 0)
        r = try CLI.run(["workload", "--workspace", ws.path], env: Self.now)
        #expect(r.out.contains("Words are counted"))
        #expect(!r.out.contains("UBRK"))
        #expect(try CLI.run(["withdraw", "peru-20200925-4db9a916", "--reason", "replaced", "--workspace", ws.path], env: Self.now).status == 0)
        r = try CLI.run(["search", "SHERLOC", "--workspace", ws.path], env: Self.now)
        let lines = r.out.components(separatedBy: "\n").filter { !$0.isEmpty }
        #expect(lines.contains { $0.contains("[withdrawn]") })
        let firstWithdrawn = lines.firstIndex { $0.contains("[withdrawn]") } ?? 0
        #expect(lines[firstWithdrawn...].allSatisfy { $0.contains("[withdrawn]") }, "withdrawn hits are not last: \(lines)")
        #expect(lines.allSatisfy { $0.contains("[") })
    }

    @Test func annexHoldsOnlyOriginalsNotInThePaperLanguage() throws {
        let ws = try Self.referenceCopy("annex")
        var r = try CLI.run(
            [
                "register", CLI.fixtures.appendingPathComponent("peru-item3.en.txt").path, "--state", "Chile", "--language", "en", "--item", "3",
                "--received", "2020-09-20", "--workspace", ws.path,
            ], env: Self.now)
        #expect(r.status == 0, "\(r.err)")
        let chile = r.out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try CLI.run(["review", chile, "--workspace", ws.path], env: Self.now).status == 0)
        r = try CLI.run(["compile", "--with-originals", "--workspace", ws.path], env: Self.now)
        #expect(r.status == 0, "\(r.err)")
        let annex = r.out.components(separatedBy: "Comments as received, in the original language").last ?? ""
        #expect(r.out.contains("Comments as received, in the original language"))
        #expect(r.out.contains("Chile"))
        #expect(!annex.contains("Chile"))
        #expect(annex.contains("Morocco") && annex.contains("Peru"))
    }
}
