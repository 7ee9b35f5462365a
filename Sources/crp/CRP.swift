import ArgumentParser
import Foundation
import Intake
import MultilingualText
import RoomPaper
import Submissions

#if canImport(Glibc)
    import Glibc
#endif

@main
struct CRP: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crp",
        abstract: "RoomPaper: register States' comments, pair them with translations, track them, and compile the Conference Room Paper.",
        discussion: "The workspace is found as git finds a repository: the current folder or the nearest one above it that holds paper.yaml (or Submissions/paper.yaml); --workspace overrides. Without one, crp uses the embedded default store of the reference paper.",
        version: "0.1.0",
        subcommands: [
            Init.self, Register.self, ImportFolder.self, Translate.self, Review.self, Include.self, Withdraw.self,
            Status.self, Show.self, Log.self, Compile.self, Search.self, Workload.self, Verify.self, Doctor.self,
            Completions.self,
        ] + extraCommands
    )
}

/// Options every command that uses a workspace takes.
struct WorkspaceOptions: ParsableArguments {
    @Option(name: .long, help: "The workspace folder (holding paper.yaml). Default: found from the current folder upward.")
    var workspace: String?

    func store() throws -> Store {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let override = workspace.map { URL(fileURLWithPath: $0, relativeTo: cwd).standardizedFileURL }
        return try Store(root: Store.locate(start: cwd, override: override, fallback: Store.embeddedDefault))
    }
}

/// Who does a change: --by, else CRP_USER, else the login name.
struct ActorOption: ParsableArguments {
    @Option(name: .long, help: "Who makes the change (default: CRP_USER or the login name).")
    var by: String?

    var actor: String {
        if let by, !by.isEmpty { return SafeText.oneLine(by) }
        let env = ProcessInfo.processInfo.environment
        return env["CRP_USER"] ?? env["USER"] ?? env["LOGNAME"] ?? "officer"
    }
}

enum SafeText {
    /// User text made safe for one line of terminal output: no controls, bidi neutralized.
    static func oneLine(_ s: String) -> String {
        Bidi.neutralize(String(s.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : Character($0) }.map { String($0) }.joined()))
    }
}

/// Runs a command body; prints any error as "crp: error: …" on stderr and exits non-zero.
func guarded(_ body: () throws -> Void) throws {
    do { try body() } catch let e as ExitCode {
        throw e
    } catch let e as CleanExit {
        throw e
    } catch {
        Terminal.error(error)
        throw ExitCode(error is StoreError && isUsage(error) ? 2 : 1)
    }
}

func isUsage(_ e: Error) -> Bool {
    switch e as? StoreError {
    case .unknownState, .unknownLanguage, .unknownItem, .noItem, .badDate, .suspiciousStateName: true
    default: false
    }
}

/// Terminal output: colours follow NO_COLOR and whether the stream is a terminal.
enum Terminal {
    static let stdoutIsTTY = isatty(1) == 1
    static let stderrIsTTY = isatty(2) == 1
    static var colour: Bool { colourAllowed && stdoutIsTTY }
    static var colourErr: Bool { colourAllowed && stderrIsTTY }
    /// NO_COLOR set to anything but the empty string (no-color.org) or a dumb terminal turns colour off.
    static var colourAllowed: Bool {
        let env = ProcessInfo.processInfo.environment
        return (env["NO_COLOR"] ?? "").isEmpty && env["TERM"] != "dumb"
    }

    static func paint(_ s: String, _ code: String, err: Bool = false) -> String {
        (err ? colourErr : colour) ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s
    }

    static func error(_ e: Error) {
        let msg = (e as? LocalizedError)?.errorDescription ?? "\(e)"
        FileHandle.standardError.write(Data((paint("crp: error:", "1;31", err: true) + " " + msg + "\n").utf8))
    }

    static func warn(_ s: String) {
        FileHandle.standardError.write(Data((paint("warning:", "33", err: true) + " " + s + "\n").utf8))
    }

    static func note(_ s: String) {
        FileHandle.standardError.write(Data((s + "\n").utf8))
    }

    static func json<T: Encodable>(_ value: T) throws {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try e.encode(value), as: UTF8.self))
    }
}

func parseDate(_ s: String?) throws -> CalendarDate? {
    guard let s else { return nil }
    return try CalendarDate(iso: s)
}
