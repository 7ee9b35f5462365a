import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `crp serve --tls-cert --tls-key`: the desk's own HTTPS (Hummingbird's TLS, BoringSSL through
/// swift-nio-ssl), with throwaway certificates made by the `openssl` command; curl is the client.
@Suite(.serialized, .enabled(if: Clients.runs(Clients.installed("curl") && Clients.installed("openssl"))))
struct ServeTLSTests {
    init() { _ = Clients.require(["curl"], "curl (the HTTP client of these tests)") }

    /// A self-signed certificate for 127.0.0.1 and its private key (EC P-256, so that it is made at once).
    struct Pair {
        let cert: URL
        let key: URL
    }

    static func makePair(_ dir: URL, _ name: String) throws -> Pair {
        guard let openssl = Clients.require(["openssl"], "openssl (makes the tests' throwaway certificates)") else {
            throw HarnessError("openssl is not installed")
        }
        let pair = Pair(cert: dir.appendingPathComponent("\(name)-cert.pem"), key: dir.appendingPathComponent("\(name)-key.pem"))
        let r = try Proc.run(
            openssl,
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", pair.key.path, "-out", pair.cert.path,
            ], timeout: 60)
        guard r.status == 0 else { throw HarnessError("openssl req: \(r.err)") }
        return pair
    }

    static func openssl(_ args: String...) throws {
        let r = try Proc.run("openssl", args, timeout: 60)
        guard r.status == 0 else { throw HarnessError("openssl \(args.joined(separator: " ")): \(r.err)") }
    }

    /// The desk serves the sign-in page over HTTPS with the certificate given; both cookies are
    /// Secure without --secure-cookies; plain HTTP on that port gets no page; bound beyond
    /// loopback with TLS, it gives no warning and prints its https:// address.
    @Test func servesHTTPSAndItsCookiesAreSecure() throws {
        let dir = try Scratch.dir("tls-ok")
        let pair = try Self.makePair(dir, "desk")
        // Given through symbolic links, as Let's Encrypt's live/NAME/fullchain.pem and privkey.pem are.
        let live = dir.appendingPathComponent("live")
        try FileManager.default.createDirectory(at: live, withIntermediateDirectories: true)
        let chain = live.appendingPathComponent("fullchain.pem"), key = live.appendingPathComponent("privkey.pem")
        try FileManager.default.createSymbolicLink(atPath: chain.path, withDestinationPath: "../desk-cert.pem")
        try FileManager.default.createSymbolicLink(atPath: key.path, withDestinationPath: "../desk-key.pem")
        let d = try DeskServer("tls", serveArguments: ["--bind", "0.0.0.0", "--tls-cert", chain.path, "--tls-key", key.path], trust: pair.cert)
        #expect(d.base.hasPrefix("https://"))
        let page = try d.request("GET", "/sign-in")
        #expect(page.status == 200)
        #expect(page.body.contains("User name") && page.body.contains("Password") && page.body.contains("Sign in"), "\(page.body)")
        let signInCookie = page.headers["set-cookie"] ?? ""
        #expect(signInCookie.hasPrefix("crp_signin=") && signInCookie.contains("; Secure"), "\(signInCookie)")
        // The browser is told to come back over HTTPS only, on pages and on refusals alike.
        #expect(page.headers["strict-transport-security"] == "max-age=31536000", "\(page.headers)")
        #expect(try d.request("GET", "/board").headers["strict-transport-security"] == "max-age=31536000")
        #expect(try d.request("GET", "/no-such-page").headers["strict-transport-security"] == "max-age=31536000")

        let r = try d.postSignIn("olga", DeskServer.passwords["olga"]!)
        #expect(r.status == 303, "\(r.status) \(r.body)")
        let cookie = r.headers["set-cookie"] ?? ""
        #expect(cookie.hasPrefix("crp_session=") && cookie.contains("; Secure"), "\(cookie)")
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "\(cookie)")
        let session = String(cookie.prefix { $0 != ";" }.dropFirst("crp_session=".count))
        let board = try d.request("GET", "/board", session: session)
        #expect(board.status == 200 && board.body.contains("olga"), "\(board.status)")

        // Plain HTTP to the TLS port: the handshake fails and nothing is served.
        let plainBody = try Scratch.dir("tls-plain").appendingPathComponent("body")
        let plain = try Proc.run("curl", ["-s", "-S", "--max-time", "20", "-o", plainBody.path, "http://127.0.0.1:\(d.port)/sign-in"], timeout: 40)
        #expect(plain.status != 0 && !plain.timedOut, "plain HTTP was answered: \(plain)")
        let served = (try? String(contentsOf: plainBody, encoding: .utf8)) ?? ""
        #expect(!served.contains("Password"), "\(served)")
        // Without trusting the certificate, curl refuses it: the desk presents the one given.
        let untrusted = try Proc.run("curl", ["-s", "-o", "/dev/null", "--max-time", "20", "\(d.base)/sign-in"], timeout: 40)
        #expect(untrusted.exitCode == 60, "\(untrusted)")

        let out = d.stop()
        #expect(!out.crashed)
        #expect(out.out.contains("is at https://0.0.0.0:\(d.port)/"), "\(out.out)")
        #expect(!out.err.contains("warning"), "\(out.err)")
    }

    /// An expired certificate (made by `openssl ca` with dates in 2020) is served, with a warning
    /// at start that names it and says to renew it and restart: browsers will refuse it.
    @Test func anExpiredCertificateIsNamedAtStart() throws {
        let dir = try Scratch.dir("tls-expired")
        let ws = dir.appendingPathComponent("paper")
        try #require(try CRPRunner.run(["init", ws.path, "--from", Repo.fixturePaper.path]).status == 0)
        let config = dir.appendingPathComponent("ca.cnf")
        try Data(
            """
            [ca]
            default_ca = d
            [d]
            database = \(dir.path)/index.txt
            new_certs_dir = \(dir.path)
            serial = \(dir.path)/serial
            default_md = sha256
            policy = p
            [p]
            commonName = supplied

            """.utf8
        ).write(to: config)
        try Data().write(to: dir.appendingPathComponent("index.txt"))
        try Data("01\n".utf8).write(to: dir.appendingPathComponent("serial"))
        let key = dir.appendingPathComponent("key.pem"), request = dir.appendingPathComponent("req.csr"), cert = dir.appendingPathComponent("cert.pem")
        try Self.openssl(
            "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", key.path, "-out",
            request.path)
        try Self.openssl(
            "ca", "-batch", "-config", config.path, "-selfsign", "-keyfile", key.path, "-in", request.path, "-startdate", "20200101000000Z", "-enddate",
            "20200102000000Z", "-out", cert.path)
        // It keeps serving: stopped by the time limit once it has started.
        let r = try CRPRunner.run(["serve", "--workspace", ws.path, "--port", "0", "--tls-cert", cert.path, "--tls-key", key.path], timeout: 6)
        #expect(r.timedOut, "\(r)")
        #expect(r.err.contains("warning: the certificate \(cert.path) expired on 2020-01-02T00:00:00"), "\(r.err)")
        #expect(r.err.contains("Renew it and restart crp serve"), "\(r.err)")
    }

    /// One of the two options alone is a usage error (exit 2) that says they go together.
    @Test func theTwoOptionsGoTogether() throws {
        let ws = try Scratch.dir("tls-half").appendingPathComponent("paper")
        try #require(try CRPRunner.run(["init", ws.path, "--from", Repo.fixturePaper.path]).status == 0)
        for args in [["--tls-cert", "/etc/ssl/crp.pem"], ["--tls-key", "k.pem"]] {
            let r = try CRPRunner.run(["serve", "--workspace", ws.path, "--port", "0"] + args, timeout: 30)
            expectRefused(r, code: CRPExit.usage, saying: ["--tls-cert and --tls-key go together"])
            #expect(!r.out.contains("is at"), "the desk started: \(r.out)")
        }
    }

    /// Each wrong file is refused before the desk listens (exit 1, else the run would not end),
    /// with a message that names the option, the file, and what to do.
    @Test func wrongFilesAreRefusedBeforeListening() throws {
        let dir = try Scratch.dir("tls-bad")
        let ws = dir.appendingPathComponent("paper")
        try #require(try CRPRunner.run(["init", ws.path, "--from", Repo.fixturePaper.path]).status == 0)
        let pair = try Self.makePair(dir, "desk")
        let other = try Self.makePair(dir, "other")
        let der = dir.appendingPathComponent("desk-cert.der")
        try Self.openssl("x509", "-in", pair.cert.path, "-outform", "der", "-out", der.path)
        let encrypted = dir.appendingPathComponent("encrypted-key.pem")
        try Self.openssl("pkey", "-in", pair.key.path, "-aes256", "-passout", "pass:secret", "-out", encrypted.path)
        let notes = dir.appendingPathComponent("notes.txt")
        try Data("Not a certificate: the notes of the meeting.\n".utf8).write(to: notes)
        let cut = dir.appendingPathComponent("cut-cert.pem")
        try Data((String(try String(contentsOf: pair.cert, encoding: .utf8).prefix(120)) + "\n-----END CERTIFICATE-----\n").utf8).write(to: cut)
        let absent = dir.appendingPathComponent("absent.pem")

        let cases: [(cert: URL, key: URL, saying: [String])] = [
            (absent, pair.key, ["--tls-cert \(absent.path)", "there is no such file", "certificate"]),
            (pair.cert, absent, ["--tls-key \(absent.path)", "there is no such file", "private key"]),
            (dir, pair.key, ["--tls-cert \(dir.path) is not a file"]),
            (der, pair.key, ["--tls-cert \(der.path) is not a PEM file", "openssl x509 -inform der"]),
            (pair.cert, notes, ["--tls-key \(notes.path) is not a PEM file", "openssl pkey -inform der"]),
            (cut, pair.key, ["--tls-cert \(cut.path)", "cannot be read (damaged or cut short)"]),
            (pair.key, pair.cert, ["--tls-cert \(pair.key.path) holds a private key, not a certificate", "swapped"]),
            (pair.cert, encrypted, ["--tls-key \(encrypted.path) is encrypted with a passphrase", "openssl pkey -in"]),
            (pair.cert, other.key, ["--tls-key \(other.key.path) is not the private key of the certificate --tls-cert \(pair.cert.path)"]),
        ]
        for c in cases {
            let r = try CRPRunner.run(
                ["serve", "--workspace", ws.path, "--port", "0", "--tls-cert", c.cert.path, "--tls-key", c.key.path], timeout: 30)
            expectRefused(r, code: CRPExit.refused, saying: c.saying)
            #expect(!r.out.contains("is at"), "the desk started: \(r.out)")
        }
        // A file this user may not read (root reads every file, so only as another user).
        if getuid() != 0 {
            try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: other.key.path)
            let r = try CRPRunner.run(
                ["serve", "--workspace", ws.path, "--port", "0", "--tls-cert", other.cert.path, "--tls-key", other.key.path], timeout: 30)
            expectRefused(r, code: CRPExit.refused, saying: ["--tls-key \(other.key.path) cannot be read by this user"])
        }
    }
}
