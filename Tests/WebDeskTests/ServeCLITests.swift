import Foundation
import TestSupport
import Testing

/// `crp serve`: the hand-over to `crp-serve`, the warning for an address other than loopback, the
/// Secure cookie behind a TLS proxy.
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
        #expect(!out.crashed)

        let behindProxy = try DeskServer("secure", serveArguments: ["--secure-cookies"])
        let r = try behindProxy.request("POST", "/sign-in", form: [("user", "olga"), ("password", DeskServer.passwords["olga"]!)])
        let cookie = r.headers["set-cookie"] ?? ""
        #expect(cookie.contains("; Secure") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "\(cookie)")
        #expect(!behindProxy.stop().err.contains("warning"))
    }
}
