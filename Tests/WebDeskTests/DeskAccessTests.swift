import Foundation
import Submissions
import TestSupport
import Testing

/// The desk's guard rails through a real HTTP client against the built `crp serve`: every route as
/// every role and signed out, CSRF, path traversal, oversized uploads, the sign-in throttle.
@Suite(.serialized, .enabled(if: Clients.runs(Clients.installed("curl")))) struct DeskAccessTests {
    init() { _ = Clients.require(["curl"], "curl (the HTTP client of these tests)") }

    /// A refusal leaves the store as it was: 403 for a role without the right, a redirect to the
    /// sign-in page when signed out — and then the officer's same requests do change it, so the
    /// comparison can fail.
    @Test func everyRouteAsEveryRoleAndSignedOut() throws {
        let d = try DeskServer("roles")
        let morocco = try d.register("morocco-item2.ar.txt", state: "Morocco", language: "ar")
        let peru = try d.register("peru-item2.es.txt", state: "Peru", language: "es")
        try #require(d.crp("assign", peru, "--to", "tom").status == 0)
        let translation = Repo.fixture("morocco-item2.en.txt")
        let upload = Repo.fixture("peru-item3.es.txt")

        struct Route { let method: String; let path: String; let form: [(String, String)]; let files: [(field: String, file: URL, name: String)] }
        let officerOnly = ["/register", "/s/\(morocco)/proofread"]
        let everyone = ["/board", "/search?q=asistencia", "/exchange"]
        let gets =
            [
                "/board", "/search?q=asistencia", "/verify", "/s/\(morocco)", "/s/\(morocco)/original", "/s/\(morocco)/xliff?format=xliff2", "/compile",
                "/compile/paper?format=md",
                "/report", "/exchange", "/exchange/download?id=\(morocco)&format=xliff2",
            ] + officerOnly
        let posts: [Route] = [
            Route(method: "POST", path: "/s/\(morocco)/review", form: [], files: []),
            Route(method: "POST", path: "/s/\(morocco)/include", form: [], files: []),
            Route(method: "POST", path: "/s/\(morocco)/withdraw", form: [("reason", "test")], files: []),
            Route(method: "POST", path: "/s/\(morocco)/reopen", form: [("to", "received"), ("reason", "test")], files: []),
            Route(method: "POST", path: "/s/\(morocco)/assign", form: [("to", "tina")], files: []),
            Route(method: "POST", path: "/s/\(morocco)/proofread", form: [("do", "confirm")], files: []),
            Route(method: "POST", path: "/s/\(morocco)/xliff", form: [], files: [("file", translation, "morocco.xlf")]),
            Route(method: "POST", path: "/s/\(morocco)/amend", form: [("items", "3"), ("reason", "test")], files: []),
            Route(method: "POST", path: "/s/\(morocco)/revise", form: [("reason", "test")], files: [("file", upload, "revised.txt")]),
            Route(method: "POST", path: "/s/\(morocco)/translate", form: [("source", "contractor")], files: [("file", translation, "morocco.en.txt")]),
            Route(
                method: "POST", path: "/register", form: [("state", "Chile"), ("language", "es"), ("item", "2"), ("received", "2020-09-19")],
                files: [("file", upload, "chile.txt")]),
        ]
        let before = try d.snapshot()

        // Signed out: every page and every action leads to the sign-in page.
        for path in gets {
            let r = try d.request("GET", path)
            #expect(r.status == 303 && (r.location ?? "").hasPrefix("/sign-in"), "GET \(path) signed out: \(r.status) \(r.location ?? "")")
        }
        for p in posts {
            let r = try d.request(p.method, p.path, form: p.form, files: p.files)
            #expect(r.status == 303 && (r.location ?? "").hasPrefix("/sign-in"), "POST \(p.path) signed out: \(r.status)")
        }
        // A forged or expired session cookie is no session; the sign-in page says it ended.
        let forged = try d.request("GET", "/board", session: "forged")
        #expect(forged.status == 303 && (forged.location ?? "").hasPrefix("/sign-in?expired=1"), "\(forged.location ?? "")")
        #expect(try d.request("GET", forged.location ?? "/sign-in").body.contains("Your session has ended. Sign in again."))

        // The viewer reads everything and changes nothing; the translator sees only what is theirs.
        let vera = try d.signIn("vera"), tom = try d.signIn("tom")
        let veraToken = try d.csrf(vera), tomToken = try d.csrf(tom)
        for path in gets {
            let r = try d.request("GET", path, session: vera)
            #expect(r.status == (officerOnly.contains(path) ? 403 : 200), "viewer GET \(path): \(r.status)")
        }
        for p in posts {
            let r = try d.request(p.method, p.path, session: vera, form: p.form + [("csrf", veraToken)], files: p.files)
            #expect(r.status == 403, "viewer POST \(p.path): \(r.status)")
            #expect(r.body.contains("your role does not allow this"), "viewer POST \(p.path): \(r.body.prefix(300))")
        }
        for path in gets where !everyone.contains(path) {
            let r = try d.request("GET", path, session: tom)
            #expect(r.status == 403, "translator GET \(path) (not theirs): \(r.status)")
        }
        for p in posts {
            let r = try d.request(p.method, p.path, session: tom, form: p.form + [("csrf", tomToken)], files: p.files)
            #expect(r.status == 403, "translator POST \(p.path) (not theirs): \(r.status)")
        }
        // The translator's board lists only Peru, assigned to them.
        let board = try d.request("GET", "/board", session: tom).body
        #expect(board.contains(peru) && !board.contains(morocco))
        // Search finds Peru's Spanish text for the translator, and for the viewer; the officer's
        // verify page says the store is clean.
        #expect(try d.request("GET", "/search?q=LEGISLACION", session: tom).body.contains(peru))
        #expect(try d.request("GET", "/search?q=%D8%A7%D9%84%D8%AA%D9%82%D9%86%D9%8A%D8%A9", session: tom).body.contains("No submission contains this text."))
        #expect(try d.request("GET", "/search?q=%D8%A7%D9%84%D8%AA%D9%82%D9%86%D9%8A%D8%A9", session: vera).body.contains(morocco))
        #expect(try d.request("GET", "/verify", session: vera).body.contains("no problem found"))
        #expect(try d.request("GET", "/s/\(peru)", session: tom).status == 200)
        #expect(try d.request("POST", "/s/\(peru)/review", session: tom, form: [("csrf", tomToken)]).status == 403)
        #expect(try d.snapshot() == before, "a refused request changed the store")

        // The officer's requests change it, signed with her name.
        let olga = try d.signIn("olga")
        let token = try d.csrf(olga)
        let t = try d.request(
            "POST", "/s/\(morocco)/translate", session: olga, form: [("csrf", token), ("source", "contractor")],
            files: [("file", translation, "morocco.en.txt")])
        #expect(t.status == 303, "\(t.body.prefix(500))")
        #expect(try d.request("POST", "/s/\(morocco)/review", session: olga, form: [("csrf", token)]).status == 303)
        #expect(try d.snapshot() != before)
        let log = try d.crp("log", morocco)
        #expect(log.out.contains("translated  by olga") && log.out.contains("reviewed  by olga"), "\(log.out)")
        // Signed out again, the old session cookie opens nothing.
        #expect(try d.request("POST", "/sign-out", session: olga, form: [("csrf", token)]).status == 303)
        #expect(try d.request("GET", "/board", session: olga).status == 303)
    }

    /// A form without the session's CSRF token is refused (403) and changes nothing.
    @Test func formWithoutCSRFTokenIsRefused() throws {
        let d = try DeskServer("csrf")
        let peru = try d.register("peru-item2.en.txt", state: "Peru", language: "en")
        let olga = try d.signIn("olga")
        let before = try d.snapshot()
        for form in [[(String, String)](), [("csrf", "")], [("csrf", "wrong-token")], [("csrf", try d.csrf(d.signIn("vera")))]] {
            let r = try d.request("POST", "/s/\(peru)/review", session: olga, form: form)
            #expect(r.status == 403, "\(form): \(r.status)")
            #expect(r.body.contains("did not come from this desk"), "\(r.body.prefix(300))")
        }
        #expect(try d.snapshot() == before)
        let ok = try d.request("POST", "/s/\(peru)/review", session: olga, form: [("csrf", try d.csrf(olga))])
        #expect(ok.status == 303)
        #expect(try d.crp("log", peru).out.contains("reviewed  by olga"))
    }

    /// Ids and file names that try to leave the workspace are refused or stored safely.
    @Test func pathTraversalInIdsAndFileNames() throws {
        let d = try DeskServer("traversal")
        let olga = try d.signIn("olga")
        for path in ["/s/..%2F..%2Fpaper.yaml", "/s/..%2Fpaper.yaml/original", "/s/%2e%2e/original", "/s/.crp/original", "/s/..", "/s/%00"] {
            let r = try d.request("GET", path, session: olga)
            #expect([400, 404].contains(r.status), "GET \(path): \(r.status) \(r.body.prefix(200))")
            #expect(!r.body.contains("symbol:"), "GET \(path) served paper.yaml")
        }
        let paperBefore = try Data(contentsOf: d.ws.appendingPathComponent("paper.yaml"))
        let r = try d.request(
            "POST", "/register", session: olga,
            form: [("csrf", try d.csrf(olga)), ("state", "Peru"), ("language", "es"), ("item", "2"), ("received", "2020-09-19")],
            files: [("file", Repo.fixture("peru-item2.es.txt"), "../../paper.yaml.txt")])
        #expect(r.status == 303, "\(r.status) \(r.body.prefix(500))")
        #expect(try Data(contentsOf: d.ws.appendingPathComponent("paper.yaml")) == paperBefore)
        let show = try d.crp("show", "peru", "--json")
        let json = try JSONSerialization.jsonObject(with: Data(show.out.utf8)) as? [String: Any]
        let name = ((json?["record"] as? [String: Any])?["original"] as? [String: Any])?["receivedName"] as? String
        #expect(name == "paper.yaml.txt", "received name: \(name ?? "-")")
        // A name with a semicolon (quoted in the multipart header) is kept whole.
        let semi = try d.request(
            "POST", "/register", session: olga,
            form: [("csrf", try d.csrf(olga)), ("state", "Chile"), ("language", "es"), ("item", "2"), ("received", "2020-09-19")],
            files: [("file", Repo.fixture("peru-item3.es.txt"), "nota;1 (Chile).txt")])
        #expect(semi.status == 303, "\(semi.status) \(semi.body.prefix(500))")
        #expect(try d.crp("show", "chile").out.contains("nota;1 (Chile).txt"))
        // Nothing staged is left behind.
        let staged = (try? FileManager.default.contentsOfDirectory(atPath: d.ws.appendingPathComponent(".crp/uploads").path)) ?? []
        #expect(staged.isEmpty, "\(staged)")
    }

    /// An upload larger than the workspace's limit is refused with 413; nothing is stored.
    @Test func oversizedUploadIsRefused() throws {
        let d = try DeskServer("oversize", env: ["CRP_MAX_BYTES": "2000"])
        let olga = try d.signIn("olga")
        let big = try Scratch.dir("big").appendingPathComponent("big.txt")
        try Data(String(repeating: "Comentarios del Perú sobre el tema. ", count: 8000).utf8).write(to: big)
        let before = try d.snapshot()
        let r = try d.request(
            "POST", "/register", session: olga,
            form: [("csrf", try d.csrf(olga)), ("state", "Peru"), ("language", "es"), ("item", "2")],
            files: [("file", big, "big.txt")])
        #expect(r.status == 413, "\(r.status)")
        #expect(r.body.contains("larger than the desk accepts"))
        #expect(try d.snapshot() == before)
    }

    /// After five wrong passwords for a name, even the right one is refused for a while (429).
    @Test func failedSignInsAreThrottled() throws {
        let d = try DeskServer("throttle")
        for _ in 0..<5 {
            let r = try d.postSignIn("olga", "wrong-password")
            #expect(r.status == 401)
            #expect(r.body.contains("The user name or the password is wrong"))
        }
        let r = try d.postSignIn("olga", DeskServer.passwords["olga"]!)
        #expect(r.status == 429)
        #expect(r.body.contains("Too many failed sign-ins"))
        #expect(r.headers["set-cookie"] == nil)
        // The rest of the team, from the same address (behind the reverse proxy every member is),
        // still signs in.
        #expect(try d.postSignIn("vera", DeskServer.passwords["vera"]!).status == 303)
        // A new password, set with the CLI as the message says, lifts the block at once.
        let reset = try Proc.run(
            "sh", ["-c", "printf '%s\\n' \"$PW\" | \"$CRP\" user password olga"], cwd: d.ws,
            env: ["PW": "officer-pass-2", "CRP": try CRPBinary.path(), "NO_COLOR": "1", "CRP_USER": "tester"].merging(DeskServer.now) { $1 })
        #expect(reset.status == 0, "\(reset.err)")
        #expect(try d.postSignIn("olga", "officer-pass-2").status == 303)
    }

    /// The store is the single truth: a change made with the CLI shows on the next page load, and
    /// a user removed with the CLI is signed out at their next request.
    @Test func cliChangesShowOnTheNextPageLoad() throws {
        let d = try DeskServer("truth")
        let peru = try d.register("peru-item2.en.txt", state: "Peru", language: "en")
        let olga = try d.signIn("olga"), vera = try d.signIn("vera")
        #expect(try d.request("GET", "/s/\(peru)", session: olga).body.contains("<dd>translated</dd>"))
        // The board keeps the status index in memory between loads while nothing is written: loaded
        // twice, then changed by the CLI, it shows the change on the next load.
        for _ in 1...2 { #expect(try d.request("GET", "/board", session: olga).body.contains("<td>translated</td>")) }
        #expect(try d.crp("review", peru).status == 0)
        #expect(try d.request("GET", "/s/\(peru)", session: olga).body.contains("<dd>reviewed</dd>"))
        let board = try d.request("GET", "/board", session: olga).body
        #expect(board.contains("<td>reviewed</td>") && !board.contains("<td>translated</td>"), "\(board)")
        let morocco = try d.register("morocco-item2.ar.txt", state: "Morocco", language: "ar")
        #expect(try d.request("GET", "/board", session: olga).body.contains(morocco))
        #expect(try d.crp("assign", morocco, "--to", "tom").status == 0)
        #expect(try d.request("GET", "/board", session: d.signIn("tom")).body.contains(morocco))
        #expect(try d.crp("user", "remove", "vera").status == 0)
        #expect(try d.request("GET", "/board", session: vera).status == 303)
    }

    /// The translator takes the XLIFF of the submission assigned to them and returns it translated:
    /// `crp export` and `crp import` through the desk; an XLIFF of another submission is refused.
    @Test func translatorExchangesXLIFF() throws {
        let d = try DeskServer("xliff")
        let peru = try d.register("peru-item2.es.txt", state: "Peru", language: "es")
        let morocco = try d.register("morocco-item2.ar.txt", state: "Morocco", language: "ar")
        try #require(d.crp("assign", peru, "--to", "tom").status == 0)
        let tom = try d.signIn("tom")
        let x = try d.request("GET", "/s/\(peru)/xliff?format=xliff2", session: tom)
        #expect(x.status == 200)
        #expect(x.body.contains("<xliff") && x.body.contains("version=\"2.1\""), "\(x.body.prefix(300))")
        #expect((x.headers["content-disposition"] ?? "").hasPrefix("attachment"))
        // The CAT tool's work: a target after every source.
        let pieces = x.body.components(separatedBy: "</source>")
        let n = pieces.count - 1
        var translated = pieces[0]
        for (i, piece) in pieces.dropFirst().enumerated() {
            translated += "</source><target>Translated sentence number \(i + 1) of the comments.</target>" + piece
        }
        #expect(n > 3)
        let file = try Scratch.dir("xliff").appendingPathComponent("peru.xlf")
        try Data(translated.utf8).write(to: file)
        let olga = try d.signIn("olga")
        let before = try d.snapshot()
        let wrong = try d.request("POST", "/s/\(morocco)/xliff", session: olga, form: [("csrf", try d.csrf(olga))], files: [("file", file, "peru.xlf")])
        #expect(wrong.status == 422)
        #expect(wrong.body.contains("is the XLIFF of submission \(peru), not of \(morocco)"), "\(wrong.body.prefix(800))")
        #expect(try d.snapshot() == before)
        let back = try d.request("POST", "/s/\(peru)/xliff", session: tom, form: [("csrf", try d.csrf(tom))], files: [("file", file, "peru.xlf")])
        #expect(back.status == 303, "\(back.body.prefix(800))")
        let log = try d.crp("log", peru).out
        #expect(log.contains("translated  by tom"), "\(log)")
        #expect(log.contains("XLIFF 2.1 import of peru.xlf"), "\(log)")
    }

    /// The officer corrects a registration and registers a revised text from the desk: `crp log`
    /// shows the amendment (before → after) and the new version, signed with her name.
    @Test func officerCorrectsAndRevises() throws {
        let d = try DeskServer("amend")
        let peru = try d.register("peru-item2.es.txt", state: "Peru", language: "es")
        let olga = try d.signIn("olga")
        let token = try d.csrf(olga)
        let page = try d.request("GET", "/s/\(peru)", session: olga).body
        #expect(page.contains("Correct the registration") && page.contains("Register a revised text"))
        let noReason = try d.request("POST", "/s/\(peru)/amend", session: olga, form: [("csrf", token), ("items", "3"), ("language", "es")])
        #expect(noReason.status == 422, "\(noReason.status)")
        let amended = try d.request(
            "POST", "/s/\(peru)/amend", session: olga,
            form: [
                ("csrf", token), ("state", "Peru"), ("language", "es"), ("items", "3"), ("received", "2020-09-18"),
                ("reason", "Concerns item 3, not 2"),
            ])
        #expect(amended.status == 303, "\(amended.body.prefix(600))")
        let revised = try d.request(
            "POST", "/s/\(peru)/revise", session: olga, form: [("csrf", token), ("received", "2020-09-21")],
            files: [("file", Repo.fixture("peru-item3.es.txt"), "peru-revised.txt")])
        #expect(revised.status == 303, "\(revised.body.prefix(600))")
        let log = try d.crp("log", peru).out
        #expect(log.contains("amended  by olga  items: 2 → 3  reason: Concerns item 3, not 2"), "\(log)")
        #expect(log.contains("revised  by olga  version 2 (peru-revised.txt, received 2020-09-21)  reason: Revised text received from the State"), "\(log)")
        let report = try d.request("GET", "/report", session: olga)
        #expect(report.status == 200 && report.body.contains("Peru"))
    }
}
