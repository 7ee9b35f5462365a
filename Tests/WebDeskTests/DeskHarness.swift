import Foundation
import Submissions
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A scratch workspace from the reference paper, with a team (olga: officer, tom and tina:
/// translators, vera: viewer) and the desk started on a free loopback port through the built
/// `crp serve`. Requests go through curl, a real HTTP client.
/// Requests may be sent from several threads at once (each is its own curl process); only `stop`
/// changes state, and it is called from the test's own thread.
final class DeskServer: @unchecked Sendable {
    static let now = ["CRP_NOW": "2020-09-25T10:00:00Z"]
    static let passwords = ["olga": "officer-pass-1", "tom": "translator-pass-1", "tina": "translator-pass-2", "vera": "viewer-pass-1"]

    let ws: URL
    let port: Int
    let process: Spawned
    /// The certificate curl trusts when the desk serves its own TLS (`--tls-cert`); nil: plain HTTP.
    let trust: URL?
    var base: String { "\(trust == nil ? "http" : "https")://127.0.0.1:\(port)" }

    init(_ tag: String, env: [String: String] = [:], serveArguments: [String] = [], trust: URL? = nil) throws {
        self.trust = trust
        ws = try Scratch.dir("desk-\(tag)").appendingPathComponent("paper")
        let r = try CRPRunner.run(["init", ws.path, "--from", Repo.fixturePaper.path], env: Self.now)
        guard r.status == 0 else { throw HarnessError("crp init: \(r.err)") }
        for (name, role) in [("olga", "officer"), ("tom", "translator"), ("tina", "translator"), ("vera", "viewer")] {
            try Self.addUser(name, role: role, password: Self.passwords[name]!, ws: ws)
        }
        port = try Self.freePort()
        process = try CRPRunner.spawn(["serve", "--port", String(port)] + serveArguments, cwd: ws, env: Self.now.merging(env) { $1 })
        // Wait until it answers (a slow machine builds nothing here, it only starts).
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if let r = try? request("GET", "/sign-in"), r.status == 200 { return }
            usleep(200_000)
        }
        process.kill()
        let out = process.wait(timeout: 5)
        throw HarnessError("crp serve did not answer on port \(port): \(out.out) \(out.err)")
    }

    private var stopped: ProcResult?

    /// Stops the server (SIGTERM) and returns what it printed.
    @discardableResult
    func stop() -> ProcResult {
        if let stopped { return stopped }
        process.kill(SIGTERM)
        let r = process.wait(timeout: 10)
        stopped = r
        return r
    }

    deinit { stop() }

    static func addUser(_ name: String, role: String, password: String, ws: URL) throws {
        let r = try Proc.run(
            "sh", ["-c", "printf '%s\\n' \"$PW\" | \"$CRP\" user add \(name) --role \(role)"], cwd: ws,
            env: ["PW": password, "CRP": try CRPBinary.path(), "NO_COLOR": "1", "CRP_USER": "tester"].merging(now) { $1 })
        guard r.status == 0 else { throw HarnessError("crp user add \(name): \(r.err)") }
    }

    /// A port the system has just given out and taken back.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
        }
        guard ok else { throw HarnessError("no free port") }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    @discardableResult
    func crp(_ args: String..., env: [String: String] = [:]) throws -> ProcResult {
        try CRPRunner.run(args, cwd: ws, env: Self.now.merging(env) { $1 })
    }

    struct Reply {
        let status: Int
        let headers: [String: String]
        let body: String
        /// The body's bytes (an image, an archive).
        var data = Data()
        var location: String? { headers["location"] }
        /// The location without its query (an action's notices ride on it once).
        var path: String? { location.map { String($0.prefix { $0 != "?" }) } }
    }

    /// One request through curl: a form (urlencoded), or with `files` a multipart form.
    func request(
        _ method: String, _ path: String, session: String? = nil, cookie: String? = nil, form: [(String, String)] = [],
        files: [(field: String, file: URL, name: String)] = []
    ) throws -> Reply {
        let dir = try Scratch.dir("curl")
        defer { try? FileManager.default.removeItem(at: dir) }
        let head = dir.appendingPathComponent("h"), body = dir.appendingPathComponent("b")
        var args = ["-s", "-S", "--path-as-is", "-X", method, "-D", head.path, "-o", body.path, "--max-time", "120"]
        if let trust { args += ["--cacert", trust.path] }
        let cookies = [session.map { "crp_session=\($0)" }, cookie].compactMap { $0 }
        if !cookies.isEmpty { args += ["-H", "Cookie: " + cookies.joined(separator: "; ")] }
        if files.isEmpty {
            for (k, v) in form { args += ["--data-urlencode", "\(k)=\(v)"] }
        } else {
            for (k, v) in form { args += ["--form-string", "\(k)=\(v)"] }
            for f in files { args += ["-F", "\(f.field)=@\(f.file.path);filename=\"\(f.name)\""] }
        }
        args.append(base + path)
        let r = try Proc.run("curl", args, timeout: 150)
        guard r.status == 0 else { throw HarnessError("curl \(method) \(path): \(r.err)") }
        let headText = (try? String(contentsOf: head, encoding: .utf8)) ?? ""
        var headers: [String: String] = [:]
        var status = 0
        for line in headText.split(whereSeparator: \.isNewline) {
            if line.hasPrefix("HTTP/") { status = Int(line.split(separator: " ")[1]) ?? 0; continue }
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let bytes = (try? Data(contentsOf: body)) ?? Data()
        return Reply(status: status, headers: headers, body: String(data: bytes, encoding: .utf8) ?? "", data: bytes)
    }

    /// Signs in and returns the session cookie's value.
    func signIn(_ user: String) throws -> String {
        let r = try postSignIn(user, Self.passwords[user] ?? "")
        guard r.status == 303, let cookie = r.headers["set-cookie"], let value = cookie.split(separator: ";").first?.split(separator: "=", maxSplits: 1).last
        else { throw HarnessError("sign-in as \(user): \(r.status) \(r.body)") }
        return String(value)
    }

    /// Posts the sign-in form as a browser does: the page first (its sign-in cookie and the
    /// form's token), then the form with both.
    func postSignIn(_ user: String, _ password: String) throws -> Reply {
        let page = try request("GET", "/sign-in")
        guard let cookie = page.headers["set-cookie"]?.split(separator: ";").first, cookie.hasPrefix("crp_signin="),
            let r = page.body.range(of: "name=\"csrf\" value=\"")
        else { throw HarnessError("the sign-in page has no CSRF token and cookie: \(page.headers) \(page.body)") }
        let token = String(page.body[r.upperBound...].prefix { $0 != "\"" })
        return try request("POST", "/sign-in", cookie: String(cookie), form: [("csrf", token), ("user", user), ("password", password)])
    }

    /// The CSRF token of a session, read from a page's forms.
    func csrf(_ session: String) throws -> String {
        let page = try request("GET", "/board", session: session).body
        guard let r = page.range(of: "name=\"csrf\" value=\"") else { throw HarnessError("no CSRF token on the board") }
        return String(page[r.upperBound...].prefix { $0 != "\"" })
    }

    /// Every file of the workspace outside `.crp/` with its SHA-256: a refusal must leave it equal.
    func snapshot() throws -> [String: String] {
        var out: [String: String] = [:]
        let root = ws.path + "/"
        guard let e = FileManager.default.enumerator(atPath: ws.path) else { return out }
        while let rel = e.nextObject() as? String {
            if rel == ".crp" || rel.hasPrefix(".crp/") { continue }
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root + rel, isDirectory: &isDir), !isDir.boolValue else { continue }
            out[rel] = FileIO.sha256(try Data(contentsOf: URL(fileURLWithPath: root + rel)))
        }
        return out
    }

    /// Registers a fixture through the CLI and returns the id.
    func register(_ fixture: String, state: String, language: String, item: Int = 2) throws -> String {
        let r = try crp("register", Repo.fixture(fixture).path, "--state", state, "--language", language, "--item", String(item), "--received", "2020-09-18")
        guard r.status == 0 else { throw HarnessError("register: \(r.err)") }
        return r.out.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
