import ArgumentParser
import Foundation

@main
struct CRP: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crp",
        abstract: "RoomPaper: register States' comments, pair them with translations, track them, and compile the Conference Room Paper.",
        discussion:
            "The workspace is found as git finds a repository: the current folder or the nearest one above it that holds paper.yaml (or Submissions/paper.yaml); --workspace overrides. Without one, crp reads the embedded reference store (CTOC/COP/2020/CRP.1); commands that change something then refuse until you create a workspace with `crp init DIR`.",
        version: "0.2.0",
        subcommands: [
            Init.self, Register.self, ImportFolder.self, Proofread.self, Translate.self, Review.self, Include.self, Withdraw.self, Reopen.self,
            Amend.self, Revise.self, StatusCommand.self, Show.self, Log.self, Compile.self, Search.self, Workload.self, Verify.self, Check.self, Report.self,
            ExportCommand.self, ImportCommand.self, TMCommand.self, Doctor.self, Completions.self, Assign.self, UserCommand.self, Serve.self,
            Sync.self, Clone.self, ConfigCommand.self, PaperCommand.self,
        ]
    )

    /// Runs the command; every usage error, whether swift-argument-parser finds it (an unknown or
    /// missing option, a failed `validate()`) or a command does (an unknown State, a missing
    /// --item), is told the same way: "crp: error: …" on standard error, exit code 2. The command's
    /// usage line follows the parser's messages.
    static func main() {
        ProcessEnvironment.current.armWriteFault()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            var text = fullMessage(for: error)
            if text.hasPrefix("Error: ") { text.removeFirst("Error: ".count) }
            Terminal.errorLine(text.trimmingCharacters(in: .newlines))
            Foundation.exit(usageExitCode)
        }
    }

    /// The exit code of a usage error (the README's "Exit codes").
    static let usageExitCode: Int32 = 2
}
