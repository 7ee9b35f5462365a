import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `crp serve`: the hand-over to `crp-serve`, the warning for an address other than loopback, the
/// Secure cookie behind a TLS proxy (the desk's own TLS: ServeTLSTests).
@Suite(.serialized, .enabled(if: Clients.runs(Clients.installed("curl")))) struct ServeCLITests {
    init() { _ = Clients.require(["curl"], "curl (the HTTP client of these tests)") }

    @Test func serveWithoutCrpServeBesideItSaysWhatToDo() throws {
        let ws = try Scratch.dir("serve-alone").appendingPathComponent("paper")
        try #require(try CRPRunner.run(["init", ws.path, "--from", Repo.fixturePaper.path]).status == 0)
        let copy = try Scratch.dir("lonely-crp").appendingPathComponent("crp")
        try #require(try Proc.run("cp", [try CRPBinary.path(), copy.path]).status == 0)
        let r = try Proc.run(copy.path, ["serve", "--workspace", ws.path], env: ["NO_COLOR": "1"], timeout: 60)
        #expect(r.status == 2, "\(r.err)")
        #expect(r.err.contains("The web desk program crp-serve is not installed beside crp"), "\(r.err)")
        #expect(r.err.contains("swift build --product crp-serve"))
    }

    @Test func bindingBeyondLoopbackWarnsAndSecureCookiesAreSecure() throws {
        let open = try DeskServer("bind-any", serveArguments: ["--bind", "0.0.0.0"])
        let out = open.stop()
        #expect(out.err.contains("warning: listening on 0.0.0.0 without TLS"), "\(out.err)")
        #expect(out.err.contains("the desk's own (--tls-cert CERT.pem --tls-key KEY.pem)"), "\(out.err)")
        #expect(out.err.contains("or a reverse proxy with TLS in front and --secure-cookies (README: Serve the team)"), "\(out.err)")
        #expect(!out.crashed)

        let behindProxy = try DeskServer("secure", serveArguments: ["--secure-cookies"])
        let r = try behindProxy.postSignIn("olga", DeskServer.passwords["olga"]!)
        let cookie = r.headers["set-cookie"] ?? ""
        #expect(cookie.contains("; Secure") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "\(cookie)")
        // Over plain HTTP the desk does not send Strict-Transport-Security: a proxy holding the
        // certificate says it (and a browser ignores it over HTTP anyway).
        #expect(r.headers["strict-transport-security"] == nil, "\(r.headers)")
        #expect(!behindProxy.stop().err.contains("warning"))
    }

    /// The desk killed (SIGKILL) while it registers an upload leaves a store that `crp verify`
    /// finds clean: every write is staged and published by a rename.
    @Test func killedDuringARegistrationLeavesTheStoreClean() throws {
        let d = try DeskServer("killed")
        let olga = try d.signIn("olga")
        let token = try d.csrf(olga)
        let big = try Scratch.dir("killed-upload").appendingPathComponent("peru-long.txt")
        try Data(String(repeating: try Repo.fixtureText("peru-item2.es.txt") + "\n\n", count: 400).utf8).write(to: big)
        let upload = try Proc.spawn(
            "curl",
            [
                "-s", "-o", "/dev/null", "--max-time", "60", "-H", "Cookie: crp_session=\(olga)",
                "--form-string", "csrf=\(token)", "--form-string", "state=Peru", "--form-string", "language=es",
                "--form-string", "item=2", "--form-string", "received=2020-09-19", "-F", "file=@\(big.path)",
                d.base + "/register",
            ])
        usleep(700_000)
        d.process.kill(SIGKILL)
        _ = upload.wait(timeout: 60)
        // Killed before the rename, the registration left at most its staging copy, which nothing
        // refers to: verify names it and --repair moves it aside; no record is half written.
        var v = try d.crp("verify")
        if v.status != 0 {
            let lines = v.out.split(separator: "\n").filter { $0.hasPrefix(".crp/staging/") }
            #expect(!lines.isEmpty && lines.allSatisfy { $0.contains("a staging folder left by an interrupted") }, "\(v.out) \(v.err)")
            _ = try d.crp("verify", "--repair")
            v = try d.crp("verify")
        }
        #expect(v.status == 0, "\(v.out) \(v.err)")
        #expect(v.out.contains("no problem found"), "\(v.out)")
    }
}
