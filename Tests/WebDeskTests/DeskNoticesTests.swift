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
