import Exchange
import Foundation
import Intake
import Platform
import Secretariat
import Submissions
import WebDesk

/// crp-serve: the web desk, started by `crp serve` with the workspace and Locales it found:
/// `crp-serve --workspace DIR --locales DIR [--bind ADDR] [--port N] [--secure-cookies] [--tls-cert PEM --tls-key PEM]`.
/// Like `crp`, this executable is the only place that reads the process (arguments, environment:
/// CRP_NOW, CRP_MAX_BYTES, CRP_SOFFICE, PATH) and builds the `Workspace` passed down.
func fail(_ message: String, code: Int32 = 2) -> Never {
    FileHandle.standardError.write(Data("crp-serve: error: \(message)\n".utf8))
    exit(code)
}

var options: [String: String] = [:]
var flags: Set<String> = []
var args = CommandLine.arguments.dropFirst()
while let a = args.popFirst() {
    switch a {
    case "--workspace", "--locales", "--bind", "--port", "--sync-every", "--tls-cert", "--tls-key":
        guard let v = args.popFirst() else { fail("\(a) needs a value.") }
        options[a] = v
    case "--secure-cookies": flags.insert(a)
    default: fail("unknown argument \(a). Start the desk with `crp serve`.")
    }
}
guard let rootPath = options["--workspace"], let localesPath = options["--locales"] else {
    fail("--workspace and --locales are required. Start the desk with `crp serve`, which finds them.")
}
let settings = Settings(ProcessInfo.processInfo.environment)
let root = URL(fileURLWithPath: rootPath)
let bind = options["--bind"] ?? "127.0.0.1"
guard let port = Int(options["--port"] ?? "8080"), (0...65535).contains(port) else { fail("--port must be a number from 0 to 65535.") }
// The same settings as crp's: the clock in the computer's time zone, the size and page limits.
let clock: Clock
do { clock = try settings.clock() } catch { fail(error.localizedDescription) }
let programs = settings.programs
let readers = Settings.readers(programs)
let catalog: LocaleCatalog
do {
    catalog = try LocaleCatalog(folder: URL(fileURLWithPath: localesPath))
    _ = try Store(root: root, clock: clock)
} catch { fail(error.localizedDescription, code: 1) }

// The desk's own TLS: both files read and checked now, before anything listens (renewed: restart).
var tls: DeskTLS? = nil
switch (options["--tls-cert"], options["--tls-key"]) {
case (let cert?, let key?):
    do { tls = try DeskTLS.load(certificate: URL(fileURLWithPath: cert), key: URL(fileURLWithPath: key)) } catch { fail(error.localizedDescription, code: 1) }
case (nil, nil): break
default: fail("--tls-cert and --tls-key go together: the certificate (PEM) and its private key (PEM).")
}
func warn(_ text: String) { FileHandle.standardError.write(Data("crp-serve: warning: \(text)\n".utf8)) }
if let tls, tls.notValidAfter < Date() {
    // The real time, not CRP_NOW: browsers check the certificate against their own clock.
    warn("the certificate \(tls.certificateFile.path) expired on \(Clock.stamp(tls.notValidAfter)): browsers will refuse it. Renew it and restart crp serve.")
}
if !["127.0.0.1", "::1", "localhost"].contains(bind) && !flags.contains("--secure-cookies") && tls == nil {
    warn(
        """
        listening on \(bind) without TLS: passwords and session cookies cross the network in clear. \
        Serve other machines with TLS: the desk's own (--tls-cert CERT.pem --tls-key KEY.pem), or a reverse proxy with TLS \
        in front and --secure-cookies (README: Serve the team).
        """)
}

// The status index kept between requests while nothing is written (StoreMemory): the store stays the truth.
let memory = StoreMemory()
var syncEvery: Double? = nil
if let every = options["--sync-every"] {
    guard let seconds = SyncSchedule.seconds(every) else { fail("--sync-every takes a duration of at least 10 s: 5m, 30s, 1h.") }
    syncEvery = seconds
}
var config = DeskConfiguration(
    root: root,
    workspace: {
        Workspace(
            store: try Store(root: root, clock: clock, memory: memory), catalog: catalog, programs: programs, readers: readers, maxBytes: settings.maxBytes,
            limits: settings.limits)
    },
    bind: bind, port: port, secureCookies: flags.contains("--secure-cookies"),
    scratch: FileManager.default.temporaryDirectory.appendingPathComponent("crp-serve-\(getpid())"), syncEvery: syncEvery)
config.tls = tls
let scheme = tls == nil ? "http" : "https"
do {
    try await WebDesk.run(config) { port in
        FileHandle.standardOutput.write(
            Data("crp-serve: the desk for \(root.path) is at \(scheme)://\(bind.contains(":") ? "[\(bind)]" : bind):\(port)/\n".utf8))
    }
} catch {
    fail(error.localizedDescription, code: 1)
}
