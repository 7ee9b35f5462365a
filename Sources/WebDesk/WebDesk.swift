import Foundation
import Hummingbird
import HummingbirdTLS
import NIOCore
import Team

/// The web desk for the team (`crp serve`): server-rendered HTML, every action a form that works
/// without JavaScript, roles enforced here, every change a store event signed with the user's name.
public enum WebDesk {
    /// Runs the desk until the process is told to stop (SIGINT, SIGTERM). `onListening` gets the
    /// port it listens on (the one asked for, or the one the system chose for port 0).
    public static func run(_ config: DeskConfiguration, onListening: @escaping @Sendable (Int) -> Void) async throws {
        let desk = Desk(config: config)
        // Uploads staged by an earlier run (killed mid-request, or an e-mail whose part was never
        // chosen) are not the store's: they go.
        try? FileManager.default.removeItem(at: Uploads(root: config.root).folder)
        let syncing = desk.startSyncing()
        defer { syncing?.cancel() }
        // With TLS, HTTPS only on this port: a plain HTTP request fails its handshake and is closed.
        let app = Application(
            router: desk.router(), server: try config.tls.map { try .tls(.http1(), tlsConfiguration: $0.configuration) } ?? .http1(),
            configuration: .init(address: .hostname(config.bind, port: config.port), serverName: nil),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? config.port) })
        try await app.runService()
    }
}

extension Desk {
    func router() -> Router<DeskContext> {
        let router = Router(context: DeskContext.self)
        // Before the routes: each route keeps the middleware added before it.
        if config.tls != nil { router.middlewares.add(StrictTransport()) }
        router.get("/") { _, _ in Self.redirect("/board") }
        router.get("/desk.css") { _, _ in
            var headers = Self.securityHeaders
            headers[.contentType] = "text/css; charset=utf-8"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: Self.css)))
        }
        router.get("/sign-in") { request, _ in
            self.signInPage(
                request,
                message: request.uri.queryParameters.get("expired") == "1" ? self.s.sessionExpired : nil,
                next: Self.safeNext(request.uri.queryParameters.get("next")))
        }
        router.post("/sign-in") { request, context in try await self.signIn(request, context) }
        router.post("/sign-out") { request, _ in try await self.signOut(request) }
        router.get("/board") { request, _ in try await self.board(request) }
        router.get("/register") { request, _ in try await self.registerPage(request) }
        router.post("/register") { request, _ in try await self.register(request) }
        router.get("/compile") { request, _ in try await self.compilePage(request) }
        router.get("/compile/paper") { request, _ in try await self.compiledPaper(request) }
        router.get("/exchange") { request, _ in try await self.exchangePage(request) }
        router.get("/exchange/download") { request, _ in try await self.exchangeDownload(request) }
        router.get("/search") { request, _ in try await self.searchPage(request) }
        router.get("/report") { request, _ in try await self.overviewReport(request) }
        router.get("/verify") { request, _ in try await self.verifyPage(request) }
        router.get("/s/:id") { request, context in try await self.submissionPage(request, context) }
        router.get("/s/:id/original") { request, context in try await self.original(request, context) }
        for kind in ["review", "include", "withdraw", "reopen"] {
            router.post("/s/:id/\(kind)") { request, context in try await self.transition(request, context, kind) }
        }
        router.post("/s/:id/assign") { request, context in try await self.assign(request, context) }
        router.get("/s/:id/proofread") { request, context in try await self.proofreadPage(request, context) }
        router.get("/s/:id/scan") { request, context in try await self.scan(request, context) }
        router.get("/s/:id/page/:page") { request, context in try await self.pdfPage(request, context) }
        router.get("/s/:id/page/:page/unread/:line") { request, context in try await self.unreadCrop(request, context) }
        router.post("/s/:id/proofread") { request, context in try await self.proofread(request, context) }
        router.get("/s/:id/xliff") { request, context in try await self.xliff(request, context) }
        router.post("/s/:id/xliff") { request, context in try await self.importXLIFF(request, context) }
        router.post("/s/:id/amend") { request, context in try await self.amend(request, context) }
        router.post("/s/:id/revise") { request, context in try await self.revise(request, context) }
        router.post("/s/:id/translate") { request, context in try await self.translate(request, context) }
        router.post("/s/:id/choose-translation") { request, context in try await self.chooseTranslation(request, context) }
        return router
    }
}

/// With the desk's own TLS, every answer tells the browser to come back over HTTPS only, for a
/// year (`Strict-Transport-Security`), so that a later visit typed as http:// is not sent in the
/// clear. Behind a reverse proxy the proxy, which holds the certificate, says it.
struct StrictTransport<Context: RequestContext>: RouterMiddleware {
    static var value: String { "max-age=31536000" }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do { response = try await next(request, context) } catch let error as HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        response.headers[.strictTransportSecurity] = Self.value
        return response
    }
}
