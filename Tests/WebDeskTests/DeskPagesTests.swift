import Foundation
import Submissions
import TestSupport
import Testing

/// The register form's joint texts and overrides, the sign-in form's CSRF token, the history in
/// the duty station's time, notes as footnotes, a PDF's pages drawn for proofreading, and an export
/// of several chosen submissions: each through a real HTTP client against the built `crp serve`.
@Suite(.serialized, .enabled(if: Clients.runs(Clients.installed("curl")))) struct DeskPagesTests {
    init() { _ = Clients.require(["curl"], "curl (the HTTP client of these tests)") }

    /// A joint text is registered for every State named, and the board lists them all. An override
    /// without a reason is refused with the library's message and stores nothing; with a reason,
    /// the same text is registered for another State and the reason is in the history.
    @Test func registerFormTakesJointTextsAndOverrides() throws {
        let d = try DeskServer("register-joint")
        let olga = try d.signIn("olga")
        let token = try d.csrf(olga)
        let file = Repo.fixture("peru-item2.es.txt")
        let base: [(String, String)] = [("csrf", token), ("language", "es"), ("item", "2"), ("received", "2020-09-18")]
        let joint = try d.request(
            "POST", "/register", session: olga, form: base + [("state", "Peru"), ("also", "Chile\nColombia")], files: [("file", file, "peru.txt")])
        #expect(joint.status == 303, "\(joint.status) \(joint.body.prefix(600))")
        let id = String((joint.path ?? "").dropFirst(3))
        let log = try d.crp("log", id)
        #expect(log.status == 0)
        let board = try d.request("GET", "/board", session: olga).body
        #expect(board.contains("<bdi>Peru</bdi>, <bdi>Chile</bdi>, <bdi>Colombia</bdi>"), "the board names every State of the joint text")
        let page = try d.request("GET", "/s/\(id)", session: olga).body
        #expect(page.contains("<bdi>Peru</bdi>, <bdi>Chile</bdi>, <bdi>Colombia</bdi>"))

        // The same text for Mexico: refused as the CLI refuses it; with the override and no reason: refused too.
        let before = try d.snapshot()
        let same = try d.request("POST", "/register", session: olga, form: base + [("state", "Mexico")], files: [("file", file, "peru.txt")])
        #expect(same.status == 422, "\(same.status)")
        #expect(same.body.contains("tick “The same text is already registered for another State"), "\(same.body.prefix(1500))")
        let noReason = try d.request(
            "POST", "/register", session: olga, form: base + [("state", "Mexico"), ("allow-same-text", "1")], files: [("file", file, "peru.txt")])
        #expect(noReason.status == 422, "\(noReason.status)")
        #expect(noReason.body.contains("needs a reason"), "\(noReason.body.prefix(1500))")
        #expect(try d.snapshot() == before, "a refused registration changed the store")
        let allowed = try d.request(
            "POST", "/register", session: olga,
            form: base + [("state", "Mexico"), ("allow-same-text", "1"), ("reason", "Mexico sent the text Peru drafted")],
            files: [("file", file, "peru.txt")])
        #expect(allowed.status == 303, "\(allowed.status) \(allowed.body.prefix(800))")
        let mexico = String((allowed.path ?? "").dropFirst(3))
        #expect(try d.crp("log", mexico).out.contains("Mexico sent the text Peru drafted"))
    }

    /// A registration refused for its form (a misspelt State) keeps its file: the form says so,
    /// and sent again corrected, without choosing the file again, it registers. A chosen file of
    /// 0 bytes gets intake's own message, not "File is missing".
    @Test func aRefusedRegistrationKeepsItsFile() throws {
        let d = try DeskServer("register-kept")
        let olga = try d.signIn("olga")
        let token = try d.csrf(olga)
        let base: [(String, String)] = [("csrf", token), ("language", "es"), ("item", "2"), ("received", "2020-09-18")]
        let before = try d.snapshot()
        let refused = try d.request(
            "POST", "/register", session: olga, form: base + [("state", "Perou")], files: [("file", Repo.fixture("peru-item2.es.txt"), "peru.txt")])
        #expect(refused.status == 422, "\(refused.status)")
        #expect(refused.body.contains("peru.txt</bdi> (kept from your last try)"), "\(refused.body.prefix(2000))")
        #expect(try d.snapshot() == before, "a refused registration changed the store")
        let kept = try #require(refused.body.range(of: "name=\"upload\" value=\""))
        let upload = String(refused.body[kept.upperBound...].prefix { $0 != "\"" })
        let again = try d.request("POST", "/register", session: olga, form: base + [("state", "Peru"), ("upload", upload)])
        #expect(again.status == 303, "\(again.status) \(again.body.prefix(800))")
        let id = String((again.path ?? "").dropFirst(3))
        #expect(try d.crp("show", id).out.contains("peru.txt"))

        let empty = d.ws.deletingLastPathComponent().appendingPathComponent("empty.txt")
        try Data().write(to: empty)
        let zero = try d.request("POST", "/register", session: olga, form: base + [("state", "Peru")], files: [("file", empty, "letter.txt")])
        #expect(zero.status == 422, "\(zero.status)")
        #expect(zero.body.contains("letter.txt is empty"), "\(zero.body.prefix(2000))")
        #expect(!zero.body.contains("File is missing"))
    }

    /// The sign-in form carries a token that must match the sign-in cookie: a form posted from
    /// elsewhere (no cookie, or another token) signs no one in.
    @Test func signInFormNeedsItsCSRFToken() throws {
        let d = try DeskServer("signin-csrf")
        let password = DeskServer.passwords["olga"]!
        let bare = try d.request("POST", "/sign-in", form: [("user", "olga"), ("password", password)])
        #expect(bare.status == 403, "\(bare.status)")
        #expect(bare.body.contains("This form did not come from this desk or has expired"))
        #expect(!(bare.headers["set-cookie"] ?? "").contains("crp_session="), "a session was started without the token")
        let page = try d.request("GET", "/sign-in")
        let cookie = String(page.headers["set-cookie"]?.split(separator: ";").first ?? "")
        #expect(cookie.hasPrefix("crp_signin="))
        #expect((page.headers["set-cookie"] ?? "").contains("HttpOnly") && (page.headers["set-cookie"] ?? "").contains("SameSite=Strict"))
        let forged = try d.request(
            "POST", "/sign-in", cookie: cookie, form: [("csrf", String(repeating: "A", count: 43)), ("user", "olga"), ("password", password)])
        #expect(forged.status == 403, "\(forged.status)")
        #expect(try d.postSignIn("olga", password).status == 303)
    }

    /// The history shows the duty station's time (TZ of the server), the UTC instant kept in `datetime`.
    @Test func historyIsInTheWorkspacesTime() throws {
        let d = try DeskServer("history-tz", env: ["TZ": "Asia/Tokyo"])
        let peru = try d.register("peru-item2.es.txt", state: "Peru", language: "es")
        let page = try d.request("GET", "/s/\(peru)", session: try d.signIn("olga")).body
        #expect(page.contains("<time datetime=\"2020-09-25T10:00:00.000Z\">2020-09-25 19:00:00 UTC+9</time>"), "\(page)")
    }

    /// A State's note markers are links to the notes, which are shown as footnotes, not `[^1]`.
    @Test func notesAreFootnotes() throws {
        let d = try DeskServer("notes")
        let dir = try Scratch.dir("notes-files")
        let file = dir.appendingPathComponent("peru-notes.es.txt")
        try Data(
            "El Perú apoya el proyecto[^1] y propone enmiendas.\n\n[^1]: Véase el documento CTOC/COP/2020/3.\n".utf8
        ).write(to: file)
        let r = try d.crp("register", file.path, "--state", "Peru", "--language", "es", "--item", "2", "--received", "2020-09-18")
        try #require(r.status == 0, "\(r.err)")
        let id = r.out.trimmingCharacters(in: .whitespacesAndNewlines)
        let page = try d.request("GET", "/s/\(id)", session: try d.signIn("olga")).body
        #expect(!page.contains("[^1]"), "a raw note marker is on the page")
        #expect(page.contains("proyecto<sup><a href=\"#o-note-1\" id=\"o-ref-1\">1</a></sup> y propone"), "\(page)")
        #expect(page.contains("class=\"footnote\" id=\"o-note-1\"><a href=\"#o-ref-1\">1</a>. Véase el documento CTOC/COP/2020/3."), "\(page)")
    }

    /// A PDF's page is drawn by pdftoppm for the proofreading page, as PNG, for those who may see
    /// the submission; a page it does not have is refused with the reason.
    @Test(.enabled(if: Clients.runs(["pdftoppm", "pdftotext", "pdfinfo"].allSatisfy(Clients.installed))))
    func pdfPagesAreDrawnForProofreading() throws {
        guard ["pdftoppm", "pdftotext", "pdfinfo"].allSatisfy({ Clients.available($0, reason: "PDF pages") }) else { return }
        let d = try DeskServer("pdf-page")
        let dir = try Scratch.dir("pdf-page-files")
        let pdf = dir.appendingPathComponent("peru.pdf")
        let lines = ["El Peru apoya la propuesta de la secretaria.", "", "Propone que se consulte a los Estados."]
        try HostileFormats.pdf(objects: [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            HostileFormats.stream("BT /F1 14 Tf 72 720 Td 18 TL " + lines.map { "(\($0)) Tj T* " }.joined() + "ET"),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]).write(to: pdf)
        let r = try d.crp("register", pdf.path, "--state", "Peru", "--language", "es", "--item", "2", "--received", "2020-09-18")
        try #require(r.status == 0, "\(r.err)")
        let id = r.out.trimmingCharacters(in: .whitespacesAndNewlines)
        try #require(d.crp("assign", id, "--to", "tom").status == 0)
        let olga = try d.signIn("olga")
        let proofread = try d.request("GET", "/s/\(id)/proofread", session: olga).body
        #expect(proofread.contains("<img src=\"/s/\(id)/page/1\" alt=\"Page 1\""), "\(proofread)")
        #expect(!proofread.contains("download it to compare"))
        let png = try d.request("GET", "/s/\(id)/page/1", session: olga)
        #expect(png.status == 200 && png.headers["content-type"] == "image/png", "\(png.status) \(png.headers)")
        #expect(png.data.starts(with: [0x89, 0x50, 0x4E, 0x47]), "not a PNG: \(png.data.prefix(8).map { $0 })")
        let missing = try d.request("GET", "/s/\(id)/page/7", session: olga)
        #expect(missing.status == 422 && missing.body.contains("the PDF has 1 page; there is no page 7"), "\(missing.status) \(missing.body)")
        // Whoever may see the submission sees its pages; a translator it is not assigned to does not, nor the signed out.
        #expect(try d.request("GET", "/s/\(id)/page/1", session: try d.signIn("tom")).status == 200)
        #expect(try d.request("GET", "/s/\(id)/page/1", session: try d.signIn("tina")).status == 403)
        let out = try d.request("GET", "/s/\(id)/page/1")
        #expect(out.status == 303 && (out.location ?? "").hasPrefix("/sign-in"))
        // A text original has no pages.
        let peru = try d.register("peru-item2.es.txt", state: "Chile", language: "es")
        let text = try d.request("GET", "/s/\(peru)/page/1", session: olga)
        #expect(text.status == 422 && text.body.contains("is not a PDF"), "\(text.status)")
    }

    /// Several submissions chosen on the exchange page come as one download: a ZIP of their XLIFF
    /// files, or one TMX; the export's refusals are shown in its words; a translator exports only
    /// what is assigned to them.
    @Test func exportOfSeveralChosenSubmissions() throws {
        let d = try DeskServer("export-chosen")
        let morocco = try d.register("morocco-item2.ar.txt", state: "Morocco", language: "ar")
        let peru = try d.register("peru-item2.es.txt", state: "Peru", language: "es")
        try #require(d.crp("assign", peru, "--to", "tom").status == 0)
        let olga = try d.signIn("olga")
        let page = try d.request("GET", "/exchange", session: olga).body
        #expect(page.contains("value=\"\(morocco)\"") && page.contains("value=\"\(peru)\""))
        let zip = try d.request("GET", "/exchange/download?id=\(morocco)&id=\(peru)&format=xliff2", session: olga)
        #expect(zip.status == 200 && zip.headers["content-type"] == "application/zip", "\(zip.status) \(zip.body.prefix(300))")
        let dir = try Scratch.dir("export-chosen-files")
        let archive = dir.appendingPathComponent("chosen.zip")
        try zip.data.write(to: archive)
        let listing = try Proc.run(
            "/usr/bin/env", ["python3", "-c", "import sys,zipfile;print('\\n'.join(sorted(zipfile.ZipFile(sys.argv[1]).namelist())))", archive.path])
        #expect(listing.out.split(separator: "\n").map(String.init) == ["\(morocco).xlf", "\(peru).xlf"].sorted(), "\(listing)")
        let one = try d.request("GET", "/exchange/download?id=\(peru)&format=xliff1", session: olga)
        #expect(one.status == 200 && one.body.contains("<xliff") && one.body.contains("version=\"1.2\""))
        let tmx = try d.request("GET", "/exchange/download?id=\(morocco)&id=\(peru)&format=tmx", session: olga)
        #expect(tmx.status == 422 && tmx.body.contains("a TMX holds only reviewed translations"), "\(tmx.status) \(tmx.body.prefix(800))")
        let tom = try d.signIn("tom")
        let mine = try d.request("GET", "/exchange", session: tom).body
        #expect(mine.contains("value=\"\(peru)\"") && !mine.contains("value=\"\(morocco)\""))
        #expect(try d.request("GET", "/exchange/download?id=\(morocco)&id=\(peru)&format=xliff2", session: tom).status == 403)
        #expect(try d.request("GET", "/exchange/download?id=\(peru)&format=xliff2", session: tom).status == 200)
    }
}

/// The board of a store larger than one page: 200 rows a page, links to the next and previous
/// pages with the filters kept, and totals that count every submission.
@Suite(.serialized, .enabled(if: Clients.runs(Clients.installed("curl")))) struct DeskBoardPagesTests {
    init() { _ = Clients.require(["curl"], "curl (the HTTP client of these tests)") }

    @Test func aLongBoardComesInPages() throws {
        let d = try DeskServer("board-pages")
        let folder = try Scratch.dir("board-pages-files")
        for i in 0..<205 {
            try Data("El Perú presenta la observación número \(i) sobre la cooperación internacional en asuntos penales.\n".utf8)
                .write(to: folder.appendingPathComponent("peru-item2.es-\(i).txt"))
        }
        let lines = (0..<205).map { "peru-item2.es-\($0).txt,Peru,es,2,2020-09-18" }
        try Data((["file,state,language,items,received"] + lines).joined(separator: "\n").utf8).write(to: folder.appendingPathComponent("m.csv"))
        let r = try d.crp("import-folder", folder.path, "--manifest", folder.appendingPathComponent("m.csv").path)
        try #require(r.status == 0, "\(r.out)\n\(r.err)")
        let olga = try d.signIn("olga")
        let first = try d.request("GET", "/board?language=es", session: olga).body
        #expect(first.components(separatedBy: "<tr><td><a href=\"/s/").count - 1 == 200)
        #expect(first.contains("Rows 1–200 of 205"), "\(first.suffix(2000))")
        #expect(first.contains("<a rel=\"next\" href=\"/board?language=es&amp;page=2\">Next page</a>"), "\(first.suffix(2000))")
        #expect(first.contains("Total: 205 submission(s)"))
        // The overview's chart of what the filter keeps, drawn on the board: every row on its day.
        #expect(first.contains("<svg id=\"received-chart\"") && first.contains("<title>2020-09-18: 205 received</title>"), "\(first.suffix(3000))")
        #expect(first.contains("<a href=\"/report\">Overview report"))
        #expect(try d.request("GET", "/board?language=ar", session: olga).body.contains("<title>2020-09-18: 205 received</title>") == false)
        let second = try d.request("GET", "/board?language=es&page=2", session: olga).body
        #expect(second.components(separatedBy: "<tr><td><a href=\"/s/").count - 1 == 5)
        #expect(second.contains("Rows 201–205 of 205") && second.contains("rel=\"prev\""), "\(second.suffix(2000))")
        // A page beyond the last shows the last.
        #expect(try d.request("GET", "/board?page=99", session: olga).body.contains("Rows 201–205 of 205"))
    }
}
