import ArgumentParser

@main
struct CRP: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crp",
        abstract: "RoomPaper: register States' comments, pair them with translations, track them, and compile the Conference Room Paper.",
        discussion: "The workspace is found as git finds a repository: the current folder or the nearest one above it that holds paper.yaml (or Submissions/paper.yaml); --workspace overrides. Without one, crp reads the embedded reference store (CTOC/COP/2020/CRP.1); commands that change something then refuse until you create a workspace with `crp init DIR`.",
        version: "0.2.0",
        subcommands: [
            Init.self, Register.self, ImportFolder.self, Proofread.self, Translate.self, Review.self, Include.self, Withdraw.self, Reopen.self,
            Amend.self, Revise.self, StatusCommand.self, Show.self, Log.self, Compile.self, Search.self, Workload.self, Verify.self, Check.self, Report.self,
            ExportCommand.self, ImportCommand.self, Doctor.self, Completions.self,
        ]
    )
}
