import ArgumentParser
import Foundation
import Platform
import Secretariat

/// `crp serve`: hands over to `crp-serve`, the web desk, found beside `crp`'s own executable (a
/// program of its own, so that building `crp` never builds the web server).
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the web desk for the team (hands over to crp-serve, installed beside crp).",
        discussion:
            "Binds 127.0.0.1 unless --bind says otherwise. To serve other machines, use TLS: the desk's own (--tls-cert and --tls-key, read once at start: restart after renewing), or a reverse proxy with TLS and --secure-cookies (README: Serve the team)."
    )
    @Option(help: "The address to listen on.") var bind = "127.0.0.1"
    @Option(help: "The port to listen on (0: any free port, printed at start).") var port = 8080
    @Flag(help: "Mark the session cookie Secure: set it when a reverse proxy serves the desk over TLS (with --tls-cert it is Secure anyway).")
    var secureCookies = false
    @Option(name: .customLong("tls-cert"), help: "Serve HTTPS with this certificate (PEM; its chain, the server's first). Needs --tls-key.")
    var tlsCert: String?
    @Option(name: .customLong("tls-key"), help: "The certificate's private key (PEM, not encrypted). Needs --tls-cert.")
    var tlsKey: String?
    @Option(help: "Sync with the other duty stations (crp sync) on this interval and soon after each change: 5m, 30s, 1h.") var syncEvery: String?
    @OptionGroup var ws: WorkspaceOptions

    func validate() throws {
        if (tlsCert == nil) != (tlsKey == nil) {
            throw ValidationError(
                "--tls-cert and --tls-key go together: give the certificate (PEM) and its private key (PEM), or neither to serve plain HTTP on 127.0.0.1.")
        }
        if let syncEvery, SyncSchedule.seconds(syncEvery) == nil {
            throw ValidationError("--sync-every takes a duration of at least 10 seconds: 5m, 30s or 1h (not \"\(syncEvery)\").")
        }
    }

    func run() throws {
        try guarded {
            let env = ProcessEnvironment.current
            let workspace = try ws.openChangeable()
            let server = URL(fileURLWithPath: env.program).resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("crp-serve").path
            guard FileManager.default.isExecutableFile(atPath: server) else {
                throw ValidationFailure(
                    "The web desk program crp-serve is not installed beside crp (looked for \(server)). Build it with `swift build --product crp-serve`, or copy it beside crp."
                )
            }
            try Platform.replaceProcess(
                with: server,
                arguments: [
                    "--workspace", workspace.store.root.path, "--locales", env.localesFolder.path, "--bind", bind, "--port", String(port),
                ] + (secureCookies ? ["--secure-cookies"] : []) + (syncEvery.map { ["--sync-every", $0] } ?? [])
                    + [("--tls-cert", tlsCert), ("--tls-key", tlsKey)].flatMap { option, path in path.map { [option, $0] } ?? [] })
        }
    }
}
