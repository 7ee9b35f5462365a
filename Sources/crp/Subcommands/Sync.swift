import ArgumentParser
import Foundation
import Memory
import MultilingualText
import Secretariat
import Submissions

#if canImport(Glibc)
    import Glibc
#endif

struct Sync: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Share the workspace with the other duty stations: send what was done here, take in what they did.",
        discussion: """
            Records every change made here, takes in the other duty stations' changes, checks the store (crp verify) and sends \
            the result to the shared copy. --remote connects the workspace the first time (a path, file://, ssh:// or https://). \
            Exit codes: 0 done, 1 refused or the store has a problem (nothing sent), 3 the shared copy could not be reached \
            (everything stays recorded here for the next crp sync).
            """)
    @Option(help: "The shared copy to connect to (needed once; later syncs use it).") var remote: String?
    @OptionGroup var ws: WorkspaceOptions
    @OptionGroup var actor: ActorOption

    /// The exit code when the remote could not be reached (README, "Exit codes").
    static let offlineExitCode: Int32 = 3

    func run() throws {
        try guarded {
            let env = ProcessEnvironment.current
            let workspace = try ws.openChangeable()
            let kill = env.variables["CRP_TEST_SYNC_KILL"].flatMap(SyncStep.init(rawValue:))
            let done = try workspace.sync(
                SyncRequest(remote: remote, by: actor.actor) { step in if step == kill { Glibc.kill(getpid(), SIGKILL) } })
            let result = done.value
            let changes = result.recorded.isEmpty ? [] : ["\(result.recorded.count) change\(result.recorded.count == 1 ? "" : "s")"]
            let shared = changes + result.recordedShared.map(Self.words)
            print(shared.isEmpty ? "Nothing new to send from here." : "Recorded " + Self.list(shared) + " made here.")
            if result.offline == nil && result.problems.isEmpty || !result.arrived.isEmpty {
                let came = result.arrivals
                if !came.isEmpty || result.paperChanges.isEmpty {
                    print(came.isEmpty ? "Nothing new came in." : "Came in: " + came.joined(separator: "; ") + ".")
                }
            }
            for line in result.paperChanges { print(line + ".") }
            if result.pushed { print("Sent to \(result.remote): every duty station can now take it in.") }
            Terminal.report(done.findings, .warning)
            if !result.problems.isEmpty {
                Terminal.errorLine(
                    "After taking in the other duty stations' changes, `crp verify` finds \(result.problems.count) problem(s), so nothing was sent. Run `crp verify` to see them (`crp verify --repair` fixes derived files), then `crp sync` again."
                )
                throw ExitCode(1)
            }
            if result.offline != nil { throw ExitCode(Self.offlineExitCode) }
        }
    }
}

extension Sync {
    /// How a shared file recorded by a sync is named to the officer.
    static func words(_ shared: String) -> String {
        switch shared {
        case StoreLayout.paper: "an edit of \(StoreLayout.paper)"
        case PaperHistory.folderName + "/": "a \(StoreLayout.paper) conflict found or settled"
        case TranslationMemory.folderName + "/": "a translation memory import"
        default: shared
        }
    }

    /// "a", "a and b", "a, b and c".
    static func list(_ parts: [String]) -> String {
        parts.count < 2 ? parts.joined() : parts.dropLast().joined(separator: ", ") + " and " + parts[parts.count - 1]
    }
}
