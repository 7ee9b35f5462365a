import Foundation
import TestSupport
import Testing

/// What an action noticed is shown on the page it leads to, once, to the member who acted, in
/// the desk's words: the same findings the CLI prints after the command.
@Suite(.serialized) struct DeskNoticesTests {
    @Test func aRegistrationsWarningsAreShownOnceOnTheNextPage() throws {
        let d = try DeskServer("notices")
        let olga = try d.signIn("olga")
        func register(_ file: URL, _ name: String) throws -> DeskServer.Reply {
            try d.request(
                "POST", "/register", session: olga,
                form: [("csrf", try d.csrf(olga)), ("state", "Peru"), ("language", "es"), ("item", "2"), ("received", "2020-09-19")],
                files: [("file", file, name)])
        }
        var r = try register(Repo.fixture("peru-item2.es.txt"), "peru.es.txt")
        #expect(r.status == 303, "\(r.status) \(r.body.prefix(300))")
        // The same letter again with the line breaks of a PDF's text: registered, with a warning.
        let text = try Repo.fixtureText("peru-item2.es.txt")
        let wrapped = try Scratch.dir("notices-files").appendingPathComponent("peru-pdf.txt")
        try Data(text.replacingOccurrences(of: " de ", with: " de\n").utf8).write(to: wrapped)
        r = try register(wrapped, "peru-pdf.txt")
        #expect(r.status == 303, "\(r.status) \(r.body.prefix(300))")
        let location = try #require(r.location)
        #expect(location.contains("notices="), "\(location)")
        let page = try d.request("GET", location, session: olga)
        #expect(page.status == 200)
        #expect(page.body.contains("<strong>Warning:</strong>") && page.body.contains("has the same words as peru-"), "\(page.body.prefix(2000))")
        // Once: the same address again shows the page without it; another member never sees it.
        #expect(!(try d.request("GET", location, session: olga)).body.contains("has the same words as"))
        let vera = try d.signIn("vera")
        #expect(!(try d.request("GET", location, session: vera)).body.contains("has the same words as"))
    }
}

/// A translation whose XLIFF still marks segments as drafts is reviewed at the desk only with a
/// reason, as `crp review --reason`: the form asks for it, and the same refusal stands without it.
@Suite(.serialized) struct DeskDraftReviewTests {
    @Test func aDraftTranslationIsReviewedOnlyWithAReason() throws {
        let d = try DeskServer("draft-review")
        let olga = try d.signIn("olga")
        let id = try d.crp("register", Repo.fixture("peru-item2.es.txt").path, "--state", "Peru", "--language", "es", "--item", "2", "--received", "2020-09-19")
            .out.trimmingCharacters(in: .whitespacesAndNewlines)
        let dir = try Scratch.dir("draft-review-files")
        #expect(try d.crp("export", id, "--format", "xliff1", "--output", dir.path).status == 0)
        // Every segment given a target still marked as needing review (a memory's fuzzy match).
        let url = dir.appendingPathComponent("\(id).xliff")
        var xliff = try String(contentsOf: url, encoding: .utf8)
        let seg = try Regex(#"<seg-source>(.*?)</seg-source>"#).dotMatchesNewlines()
        xliff = xliff.replacing(seg) { m in
            let source = String(m.output[1].substring ?? "")
            let target = source.replacing(try! Regex(#"(<mrk mtype="seg" mid="\d+">)[^<]*(</mrk>)"#)) { t in
                String(t.output[1].substring ?? "") + "The Permanent Mission of Peru presents its comments." + String(t.output[2].substring ?? "")
            }
            return "<seg-source>\(source)</seg-source><target xml:lang=\"en\" state=\"needs-review-translation\">\(target)</target>"
        }
        try xliff.write(to: url, atomically: true, encoding: .utf8)
        let imported = try d.crp("import", url.path)
        #expect(imported.status == 0, "\(imported.err)")
        let page = try d.request("GET", "/s/\(id)", session: olga).body
        #expect(page.contains("still marks") && page.contains("id=\"reason-review\""), "\(page.prefix(3000))")
        var r = try d.request("POST", "/s/\(id)/review", session: olga, form: [("csrf", try d.csrf(olga))])
        #expect(r.status >= 400 && r.body.contains("still marked as a draft"), "\(r.status) \(r.body.prefix(500))")
        r = try d.request("POST", "/s/\(id)/review", session: olga, form: [("csrf", try d.csrf(olga)), ("reason", "checked each segment")])
        #expect(r.status == 303, "\(r.status) \(r.body.prefix(500))")
        #expect(try d.crp("log", id).out.contains("checked each segment"))
    }
}
