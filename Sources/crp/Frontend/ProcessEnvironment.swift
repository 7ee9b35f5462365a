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

    /// The clock: fixed by `CRP_NOW`, else the system's; its days in the computer's time zone
    /// (a paper.yaml that names `timezone` replaces it).
    func clock() throws -> Clock {
        guard let s = variables["CRP_NOW"], !s.isEmpty else { return Clock(timeZone: timeZone) }
        guard let d = Clock.parse(s) else {
            throw ValidationFailure("CRP_NOW=\(s) is not an ISO 8601 instant such as 2020-09-14T10:00:00Z. Unset it or correct it.")
        }
        return Clock(fixed: d, timeZone: timeZone)
    }

    /// The computer's time zone: `TZ` when it names a zone ("Europe/Vienna", ":Europe/Vienna"),
    /// else the system's setting (/etc/localtime).
    var timeZone: TimeZone {
        if let tz = variables["TZ"], let zone = TimeZone(identifier: tz.hasPrefix(":") ? String(tz.dropFirst()) : tz) { return zone }
        return TimeZone.current
    }

    /// The size limit for received files: `CRP_MAX_BYTES`, else 100 MiB.
    var maxBytes: Int {
        if let s = variables["CRP_MAX_BYTES"], let n = Int(s), n > 0 { return n }
        return IntakeOptions.standardMaxBytes
    }

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
    var programs: Programs { Programs.locate(environment: variables) }

    /// Every reader `crp` has: intake's own, XLIFF from Exchange, `tnef` for Outlook's winmail.dat
    /// attachments, and .doc/.rtf/.odt, PDF and scans through the programs found (LibreOffice,
    /// poppler, Tesseract).
    func readers(_ programs: Programs) -> ReaderRegistry {
        IntakeFormats.adding(to: XLIFFIntake.adding(to: .standard).with(tnef: TNEF.unpacker(programs: programs)), programs: programs)
    }

    /// Page, pixel and time limits: `CRP_MAX_PAGES`, `CRP_MAX_MEGAPIXELS`, `CRP_CONVERSION_TIMEOUT`,
    /// `CRP_OCR_TIMEOUT` (seconds per page), else the defaults.
    var limits: ConversionLimits {
        var l = ConversionLimits()
        if let s = variables["CRP_MAX_PAGES"], let n = Int(s), n > 0 { l.maxPages = n }
        if let s = variables["CRP_MAX_MEGAPIXELS"], let n = Double(s), n > 0 { l.maxMegapixels = n }
        if let s = variables["CRP_CONVERSION_TIMEOUT"], let n = Double(s), n > 0 { l.conversionSeconds = n }
        if let s = variables["CRP_OCR_TIMEOUT"], let n = Double(s), n > 0 { l.ocrSecondsPerPage = n }
        return l
    }

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
