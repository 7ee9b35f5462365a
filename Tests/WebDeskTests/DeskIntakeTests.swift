import Foundation
import Submissions
import TestSupport
import Testing

/// Hostile files uploaded through the register form get exactly what `crp register` gives the same
/// file: intake's own refusal (its message on the page, nothing stored), or the same safe record.
@Suite(.serialized, .enabled(if: Clients.runs(Clients.installed("curl")))) struct DeskIntakeTests {
    init() { _ = Clients.require(["curl"], "curl (the HTTP client of these tests)") }

    @Test func hostileUploadsAreTreatedAsTheCLITreatsThem() throws {
        let d = try DeskServer("hostile")
        let cli = try Scratch.dir("hostile-cli").appendingPathComponent("paper")
        try #require(try CRPRunner.run(["init", cli.path, "--from", Repo.fixturePaper.path], env: DeskServer.now).status == 0)
        let corpus = try Scratch.dir("hostile-files")
        var noise = SystemRandomNumberGenerator()
        let spanish = try Repo.fixtureText("peru-item3.es.txt")
        let files: [(String, Data)] = [
            ("garbage.txt", Data((0..<3000).map { _ in UInt8.random(in: 0...255, using: &noise) })),
            ("cut.jpg", HostileFormats.cutJPEG),
            ("encrypted.pdf", HostileFormats.encryptedPDF()),
            ("nota\u{202E}txt.exe.txt", Data(spanish.utf8)),
            ("<script>alert(1)</script>.txt", Data(("\u{202E}" + spanish).utf8)),
        ]
        let olga = try d.signIn("olga")
        let token = try d.csrf(olga)
        var refused = 0, stored = 0
        for (name, bytes) in files {
            // The CLI first, in a workspace of its own, with the file under the same name.
            let file = corpus.appendingPathComponent(name.replacingOccurrences(of: "/", with: "_"))
            try bytes.write(to: file)
            let c = try CRPRunner.run(
                ["register", file.path, "--state", "Peru", "--language", "es", "--item", "2", "--received", "2020-09-19"],
                cwd: cli, env: DeskServer.now)
            #expect(!c.crashed, "crp register \(name) crashed")
            let before = try d.snapshot()
            let w = try d.request(
                "POST", "/register", session: olga,
                form: [("csrf", token), ("state", "Peru"), ("language", "es"), ("item", "2"), ("received", "2020-09-19")],
                files: [("file", file, name)])
            if c.status == 0 {
                stored += 1
                #expect(w.status == 303, "\(name): the CLI stored it, the desk answered \(w.status): \(w.body.prefix(400))")
                let page = try d.request("GET", w.location ?? "/", session: olga).body
                #expect(!page.contains("\u{202E}"), "\(name): a live RLO reached the page")
                #expect(!page.contains("<script>"), "\(name): markup from the file name reached the page")
            } else {
                refused += 1
                #expect(c.status == 1, "\(name): crp register exited \(c.status)")
                let message = c.err.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "crp: error: ", with: "")
                let escaped = message.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(
                    of: ">", with: "&gt;")
                #expect(w.status == 422, "\(name): \(w.status)")
                #expect(w.body.contains(escaped), "\(name): the page does not say what crp register says:\n\(message)\n\(w.body.prefix(1500))")
                #expect(try d.snapshot() == before, "\(name): a refused upload changed the store")
            }
        }
        // The corpus holds both kinds, so both branches are tried.
        #expect(refused == 3 && stored == 2, "refused \(refused), stored \(stored)")
        let staged = (try? FileManager.default.contentsOfDirectory(atPath: d.ws.appendingPathComponent(".crp/uploads").path)) ?? []
        #expect(staged.isEmpty, "uploads left staged: \(staged)")
    }
}
