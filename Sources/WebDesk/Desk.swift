import Foundation
import Hummingbird
import Intake
import NIOCore
import NIOPosix
import Secretariat
import Submissions
import Team

/// What the desk is started with, built by `crp-serve` from its arguments and environment.
public struct DeskConfiguration: Sendable {
    /// The workspace folder.
    public var root: URL
    /// A fresh `Workspace` for one request: the store is opened again every time, so that nothing
    /// the CLI changes in between (paper.yaml included) is seen stale.
    public var workspace: @Sendable () throws -> Workspace
    public var bind: String
    public var port: Int
    /// Mark the session cookie Secure (set when a reverse proxy serves the desk over TLS).
    public var secureCookies: Bool
    /// The desk's own TLS (`--tls-cert`/`--tls-key`); nil: plain HTTP, on loopback or behind a proxy.
    public var tls: DeskTLS?
    /// Cookies are Secure whenever the browser reaches the desk over TLS: its own, or a proxy's.
    public var cookiesAreSecure: Bool { secureCookies || tls != nil }
    public var strings: DeskStrings
    /// A private folder outside the workspace for files made on request (exports), removed after.
    public var scratch: URL
    /// Sync with the other duty stations every so many seconds and after changes (`--sync-every`); nil: never.
    public var syncEvery: Double?

    public init(
        root: URL, workspace: @escaping @Sendable () throws -> Workspace, bind: String = "127.0.0.1", port: Int = 8080,
        secureCookies: Bool = false, strings: DeskStrings = .english, scratch: URL
    ) {
        self.root = root; self.workspace = workspace; self.bind = bind; self.port = port
        self.secureCookies = secureCookies; self.strings = strings; self.scratch = scratch
    }

    /// The same, syncing every `syncEvery` seconds (`crp serve --sync-every`).
    public init(
        root: URL, workspace: @escaping @Sendable () throws -> Workspace, bind: String, port: Int, secureCookies: Bool, scratch: URL, syncEvery: Double?
    ) {
        self.init(root: root, workspace: workspace, bind: bind, port: port, secureCookies: secureCookies, scratch: scratch)
        self.syncEvery = syncEvery
    }
}

/// The request context: Hummingbird's, with the client's address (for the sign-in throttle).
public struct DeskContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    let remote: String
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remote = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }
    /// Uploads are limited by the workspace's size limit, checked in `Desk.form`.
    public var maxUploadSize: Int { 2 * 1024 * 1024 }
}

/// Who is asking: their session and their entry in the team's file (read again on each request,
/// so that a user removed or given another role with the CLI is seen at once).
struct Visitor: Sendable {
    let session: Session
    let member: Member
    var name: String { member.name }
    var role: Role { member.role }
}

/// The web desk: routes, sessions, roles. Every action calls the function the CLI calls.
final class Desk: Sendable {
    let config: DeskConfiguration
    let sessions = Sessions()
    /// What actions noticed, shown once on the next page (`DeskNotices`).
    let notices = DeskNotices()
    /// Five failed sign-ins per name (and password) in 15 minutes block that name.
    let throttle = SignInThrottle()
    /// Fifty per address: a guesser trying many names from one place is stopped too.
    let addressThrottle = SignInThrottle(limit: 50)
    static let cookieName = "crp_session"
    var s: DeskStrings { config.strings }
    var team: Team { Team(workspaceRoot: config.root) }
    /// The desk's sync with the other duty stations (DeskSync.swift), when asked for.
    let schedule: SyncSchedule?

    init(config: DeskConfiguration) {
        self.config = config
        self.schedule = config.syncEvery.map { SyncSchedule(every: $0) }
    }

    /// Runs store and intake work (file I/O, LibreOffice, OCR, bcrypt) on NIO's thread pool, so
    /// that a long compile never stalls the event loops that serve everyone else.
    static func offLoop<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive(work)
    }

    // MARK: who is asking

    func visitor(_ request: Request) async throws -> Visitor? {
        guard let token = request.cookies[Self.cookieName]?.value, let session = await sessions.find(token) else { return nil }
        let team = self.team
        let user = session.user
        guard let member = try await Self.offLoop({ try team.member(user) }) else {
            await sessions.end(token)
            return nil
        }
        return Visitor(session: session, member: member)
    }

    /// A page for the roles given; signed out → the sign-in page, another role → 403.
    func page(
        _ request: Request, roles: Set<Role> = Set(Role.allCases),
        _ body: @escaping @Sendable (Visitor, Workspace) throws -> Response
    ) async throws -> Response {
        guard let v = try await visitor(request) else {
            // A cookie without a live session: it expired, or the desk restarted; the sign-in page says so.
            let expired = request.cookies[Self.cookieName] != nil ? "expired=1&" : ""
            return Self.redirect("/sign-in?\(expired)next=" + HTML.url(request.uri.path))
        }
        guard roles.contains(v.role) else { return failure(.forbidden, s.forbidden, visitor: v) }
        do {
            let workspace = config.workspace
            return try await Self.offLoop { try body(v, try workspace()) }
        } catch let e as NotVisible {
            return failure(e.status, e.status == .notFound ? s.notFound : s.forbidden, visitor: v)
        } catch {
            return failure(.unprocessableContent, words(error.localizedDescription), visitor: v)
        }
    }

    /// A form that changes something: signed in (else the sign-in page), the role allowed (else
    /// 403), a body within the size limit (else 413), a valid CSRF token (else 403); then `body`.
    /// A refusal by the library is shown with its own message (422), nothing changed.
    func action(
        _ request: Request, roles: Set<Role>, limit: Int? = nil,
        _ body: @escaping @Sendable (Visitor, Workspace, Form) throws -> Response
    ) async throws -> Response {
        guard let v = try await visitor(request) else { return Self.redirect("/sign-in") }
        guard roles.contains(v.role) else { return failure(.forbidden, s.forbidden, visitor: v) }
        let ws: Workspace
        do { ws = try config.workspace() } catch { return failure(.internalServerError, error.localizedDescription, visitor: v) }
        var request = request
        let form: Form
        do {
            // Room for the form around the file: fields and multipart headers.
            let buffer = try await request.collectBody(upTo: (limit ?? 256 * 1024) + 64 * 1024)
            form = try Form.parse(buffer, contentType: request.headers[.contentType])
        } catch let e as HTTPError where e.status == .contentTooLarge {
            return failure(.contentTooLarge, s.tooLarge, visitor: v)
        } catch is NIOTooManyBytesError {
            return failure(.contentTooLarge, s.tooLarge, visitor: v)
        } catch {
            return failure(.badRequest, error.localizedDescription, visitor: v)
        }
        guard let token = form.value("csrf"), Sessions.same(token, v.session.csrf) else {
            return failure(.forbidden, s.csrfRefused, visitor: v)
        }
        do {
            let response = try await Self.offLoop { try body(v, ws, form) }
            schedule?.changed(at: Date())
            return response
        } catch let e as NotVisible {
            return failure(e.status, e.status == .notFound ? s.notFound : s.forbidden, visitor: v)
        } catch {
            return failure(.unprocessableContent, s.refused + " " + words(error.localizedDescription), visitor: v)
        }
    }

    /// A submission the visitor may see, by id (or unique part), else `NotVisible`.
    func submission(_ id: String?, _ ws: Workspace, _ v: Visitor) throws -> Submission {
        guard let id, !id.isEmpty else { throw NotVisible(status: .notFound) }
        let sub: Submission
        do { sub = try ws.store.resolve(id) } catch StoreError.unknownSubmission { throw NotVisible(status: .notFound) }
        guard Team.canSee(v.member, sub) else { throw NotVisible(status: .forbidden) }
        return sub
    }

    // MARK: responses

    static let securityHeaders: HTTPFields = [
        .contentSecurityPolicy: "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        .xContentTypeOptions: "nosniff",
        .init("Referrer-Policy")!: "no-referrer",
        .cacheControl: "no-store",
    ]

    static func html(_ body: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = securityHeaders
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    static func redirect(_ location: String) -> Response {
        var headers = securityHeaders
        headers[.location] = location
        return Response(status: .seeOther, headers: headers)
    }

    /// A file to save, never shown in the browser.
    static func download(_ data: Data, name: String, type: String = "application/octet-stream") -> Response {
        var headers = securityHeaders
        headers[.contentType] = type
        let ascii = String(name.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" ? Character($0) : "_" })
        headers[.contentDisposition] = "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(HTML.url(name))"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    func failure(_ status: HTTPResponse.Status, _ message: String, visitor: Visitor?) -> Response {
        Self.html(
            layout(
                title: "\(status.code) \(status.reasonPhrase)", visitor: visitor,
                body: """
                    <h1>\(HTML.h(status.reasonPhrase))</h1>
                    <p role="alert" class="error">\(HTML.h(message))</p>
                    <p><a href="/board">\(HTML.h(s.back))</a></p>
                    """), status: status)
    }
}

/// A submission the visitor may not see, or that does not exist.
struct NotVisible: Error {
    let status: HTTPResponse.Status
}
