import ArgumentParser
import Foundation
import Platform

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
        Interruption.cleanUpOnSignals()
        do {
            var command = try parseAsRoot(workspaceAfterCommand(Array(CommandLine.arguments.dropFirst())))
            try command.run()
        } catch {
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            var text = fullMessage(for: error)
            if text.hasPrefix("Error: ") { text.removeFirst("Error: ".count) }
            Terminal.errorLine(text.trimmingCharacters(in: .newlines))
            Foundation.exit(usageExitCode)
        }
    }

    /// `crp --workspace W status` as `crp status --workspace W`: the option belongs to each
    /// command, but people (and git's habit, `git -C DIR`) put it first.
    static func workspaceAfterCommand(_ args: [String]) -> [String] {
        guard let first = args.first else { return args }
        let taken = first == "--workspace" ? 2 : first.hasPrefix("--workspace=") ? 1 : 0
        guard taken > 0, args.count > taken else { return args }
        var rest = Array(args.dropFirst(taken))
        let option = Array(args.prefix(taken))
        // After the command and its subcommand (`tm import`, `user add`): before the first option or argument that follows them.
        let group = configuration.subcommands.contains { $0.configuration.commandName == rest[0] && !$0.configuration.subcommands.isEmpty }
        rest.insert(contentsOf: option, at: group && rest.count > 1 && !rest[1].hasPrefix("-") ? 2 : 1)
        return rest
    }

    /// The exit code of a usage error (the README's "Exit codes").
    static let usageExitCode: Int32 = 2
}
