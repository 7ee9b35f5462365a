import Exchange
import Foundation
import Intake
import MultilingualText
import Platform
import Secretariat
import Submissions

/// What `crp` reads from the process, in one place: environment variables, the current folder,
/// where the program runs from, and which programs are installed. Everything below `crp` receives
/// the values built here (`Workspace`) and reads nothing of the process itself.
///
/// Variables: `CRP_NOW` (fixes the clock, ISO 8601), `CRP_MAX_BYTES` (size limit), `CRP_LOCALES`
/// (the Locales folder), `CRP_SOFFICE` (LibreOffice), `CRP_USER` (who makes changes), `PATH`,
/// `CRP_LOCK_LOG` (tests only: a file each hold of the store lock is appended to).
struct ProcessEnvironment {
    let variables: [String: String]
    let currentDirectory: URL
    /// The running program's file: the executable itself (`/proc/self/exe` on Linux, through
    /// `Bundle.main`), else `argv[0]` — which is only a bare name when `crp` was found on the `PATH`.
    let program: String

    static var current: ProcessEnvironment {
        ProcessEnvironment(
            variables: ProcessInfo.processInfo.environment,
            currentDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
            program: Bundle.main.executableURL?.path ?? CommandLine.arguments.first ?? "crp")
    }

    /// The settings the variables give (clock, time zone, limits, readers), parsed as `crp-serve`
    /// parses them (`Settings`, in the application layer).
    var settings: Settings { Settings(variables) }

    /// The clock: fixed by `CRP_NOW`, else the system's, in the computer's time zone.
    func clock() throws -> Clock { try settings.clock() }

    /// The size limit for received files: `CRP_MAX_BYTES`, else 100 MiB.
    var maxBytes: Int { settings.maxBytes }

    /// `CRP_LOCK_LOG`: where the store logs each hold of its lock (the concurrency test's proof
    /// that writers overlapped); nil when unset.
    var lockLog: URL? {
        guard let s = variables["CRP_LOCK_LOG"], !s.isEmpty else { return nil }
        return url(s)
    }

    /// Who makes a change when `--by` is not given: `CRP_USER`, `USER` or `LOGNAME` (the first
    /// set and not empty), else the name of the account crp runs as; refused when there is none,
    /// rather than recorded as someone nobody is.
    func user() throws -> String {
        for key in ["CRP_USER", "USER", "LOGNAME"] {
            if let v = variables[key]?.trimmingCharacters(in: .whitespacesAndNewlines), !v.isEmpty { return v }
        }
        if let name = Platform.accountName() { return name }
        throw UnknownOfficer(uid: Platform.effectiveUserID())
    }

    /// The RoomPaper folder this program belongs to: the nearest folder above the running program
    /// that holds `Locales/states.yaml`, else the source tree it was built from.
    var installRoot: URL {
        var dir = URL(fileURLWithPath: program).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Locales/states.yaml").path) { return dir }
            dir = dir.deletingLastPathComponent()
        }
        return Self.sourceRoot
    }

    /// The repository this program was built from.
    static let sourceRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The Locales folder: `CRP_LOCALES`, else the one of this installation.
    var localesFolder: URL {
        if let env = variables["CRP_LOCALES"], !env.isEmpty { return URL(fileURLWithPath: env) }
        return installRoot.appendingPathComponent("Locales")
    }

    /// The embedded default store (the reference paper) of this installation.
    var embeddedStore: URL { installRoot.appendingPathComponent("Submissions") }

    /// The programs found on the `PATH` (and `CRP_SOFFICE`).
    var programs: Programs { settings.programs }

    /// Every reader `crp` has (`Settings.readers`).
    func readers(_ programs: Programs) -> ReaderRegistry { Settings.readers(programs) }

    /// Page, pixel and time limits from the variables (`Settings.limits`).
    var limits: ConversionLimits { settings.limits }

    func catalog() throws -> LocaleCatalog { try LocaleCatalog(folder: localesFolder) }

    /// A path typed by the officer, relative to the current folder.
    func url(_ path: String) -> URL { URL(fileURLWithPath: path, relativeTo: currentDirectory).standardizedFileURL }
}

/// Nobody to record a change under: no `--by`, no `CRP_USER`/`USER`/`LOGNAME`, and an account
/// without a name. Commands that take `--by` refuse it as a missing option (exit 2), `verify --seal` as a refusal (exit 1).
struct UnknownOfficer: Error, LocalizedError {
    let uid: UInt32
    var errorDescription: String? {
        "crp cannot tell who makes this change: CRP_USER, USER and LOGNAME are not set, and the account crp runs as (user id \(uid)) has no name in the system's user database. Nothing was changed. Name yourself with --by NAME, or set CRP_USER once (`export CRP_USER=your.name`), and run the command again."
    }
}

/// A problem with how `crp` was called, told as a message (exit code 2).
struct ValidationFailure: Error, LocalizedError {
    let message: String
    init(_ message: String) { self.message = message }
    var errorDescription: String? { message }
}
