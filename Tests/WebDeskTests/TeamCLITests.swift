import Foundation
import Submissions
import TestSupport
import Testing

/// `crp user` and `crp assign` through the built `crp`.
@Suite struct TeamCLITests {
    func workspace(_ tag: String) throws -> URL {
        let ws = try Scratch.dir(tag).appendingPathComponent("paper")
        let r = try CRPRunner.run(["init", ws.path, "--from", Repo.fixturePaper.path], env: DeskServer.now)
        try #require(r.status == 0, "\(r.err)")
        return ws
    }

    /// The password is read from standard input's first line, stored only as a bcrypt hash, in a
    /// file only its owner reads, git-ignored.
    @Test func userAddStoresABcryptHashNeverThePassword() throws {
        let ws = try workspace("user-add")
        try DeskServer.addUser("olga", role: "officer", password: "correct horse battery", ws: ws)
        let file = ws.appendingPathComponent(".crp/users.json")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(!text.contains("correct horse battery"))
        #expect(text.contains("\"passwordHash\" : \"$2b$12$"), "\(text)")
        let mode = (try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? NSNumber)?.intValue
        #expect(mode == 0o600)
        #expect(try String(contentsOf: ws.appendingPathComponent(".gitignore"), encoding: .utf8).contains(".crp/"))
        let list = try CRPRunner.run(["user", "list"], cwd: ws)
        #expect(list.status == 0 && list.out.contains("olga") && list.out.contains("officer"))
        // A second user of the same name, a short password, an unknown role: refused, said why.
        #expect(throws: HarnessError.self) { try DeskServer.addUser("olga", role: "viewer", password: "another password", ws: ws) }
        let short = try Proc.run("sh", ["-c", "printf 'short\\n' | \"$CRP\" user add vera --role viewer"], cwd: ws, env: ["CRP": try CRPBinary.path()])
        #expect(short.status == 1)
        #expect(short.err.contains("too short: use at least 10 characters"))
        let role = try CRPRunner.run(["user", "add", "x", "--role", "boss"], cwd: ws)
        #expect(role.status == 2)
        #expect(role.err.contains("--role must be officer, translator or viewer"))
        // A new password replaces the hash; an unknown user is named.
        let hashBefore = try String(contentsOf: file, encoding: .utf8)
        let pw = try Proc.run("sh", ["-c", "printf 'a much better password\\n' | \"$CRP\" user password olga"], cwd: ws, env: ["CRP": try CRPBinary.path()])
        #expect(pw.status == 0, "\(pw.err)")
        let hashAfter = try String(contentsOf: file, encoding: .utf8)
        #expect(hashAfter != hashBefore && !hashAfter.contains("a much better password"))
        let nobody = try Proc.run(
            "sh", ["-c", "printf 'a much better password\\n' | \"$CRP\" user password nobody"], cwd: ws, env: ["CRP": try CRPBinary.path()])
        #expect(nobody.status == 1)
        #expect(nobody.err.contains("There is no user named nobody. Users: olga."), "\(nobody.err)")
        let none = try CRPRunner.run(["user", "add", "vera", "--role", "viewer"], cwd: ws)
        #expect(none.status == 2)
        #expect(none.err.contains("No password on standard input"))
    }

    /// `crp assign` is an event in the history (`crp log`), and only translators and officers can
    /// be given work.
    @Test func assignIsAnEvent() throws {
        let ws = try workspace("assign")
        try DeskServer.addUser("tom", role: "translator", password: "translator-pass", ws: ws)
        try DeskServer.addUser("vera", role: "viewer", password: "viewer-password", ws: ws)
        let reg = try CRPRunner.run(
            [
                "register", Repo.fixture("peru-item2.es.txt").path, "--state", "Peru", "--language", "es", "--item", "2",
                "--received", "2020-09-18",
            ], cwd: ws, env: DeskServer.now)
        let id = reg.out.trimmingCharacters(in: .whitespacesAndNewlines)
        let a = try CRPRunner.run(["assign", id, "--to", "tom", "--by", "olga"], cwd: ws, env: DeskServer.now)
        #expect(a.status == 0, "\(a.err)")
        #expect(a.out.contains("assigned to tom"))
        let viewer = try CRPRunner.run(["assign", id, "--to", "vera"], cwd: ws, env: DeskServer.now)
        #expect(viewer.status == 1)
        #expect(viewer.err.contains("vera is a viewer: work is assigned to translators and officers only"))
        let unknown = try CRPRunner.run(["assign", id, "--to", "nobody"], cwd: ws, env: DeskServer.now)
        #expect(unknown.status == 1)
        #expect(unknown.err.contains("There is no user named nobody"))
        let again = try CRPRunner.run(["assign", id, "--to", "tom"], cwd: ws, env: DeskServer.now)
        #expect(again.status == 1)
        #expect(again.err.contains("already assigned to tom; nothing was changed"))
        let back = try CRPRunner.run(["assign", id, "--nobody", "--reason", "On leave"], cwd: ws, env: DeskServer.now)
        #expect(back.status == 0)
        let log = try CRPRunner.run(["log", id], cwd: ws)
        #expect(log.out.contains("assigned  by olga  to tom"), "\(log.out)")
        #expect(log.out.contains("assignment taken back  reason: On leave"), "\(log.out)")
    }
}
