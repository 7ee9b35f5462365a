import ArgumentParser
import Foundation
import Intake
import MultilingualText
import Secretariat
import Submissions

struct Revise: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Take a State's revised text: the earlier original and its translation stay stored as the previous version.",
        discussion: """
            The new text becomes current; the translation of the earlier text is marked outdated and the submission \
            returns to received, so it needs a new translation before it can go into the paper. `crp show ID` lists \
            the versions; `crp show ID --version 1` shows the first.
            Example: crp revise peru-20200925-4db9a916 peru-revised.docx --received 2020-09-29 --reason "Revised text sent by the mission"
            """)

    @Argument(help: "The submission id.") var id: String
    @Argument(help: "The revised file as received.") var file: String
    @Option(help: "The date the revised text was received (YYYY-MM-DD; default today).") var received: String?
    @Option(help: "The file's encoding, when it cannot be detected.") var encoding: String?
    @Option(help: ArgumentHelp("For an e-mail with several parts that could be the text: the attachment's file name, or body.", valueName: "NAME|body"))
    var part: String?
    @Option(help: "Why (default: \"Revised text received from the State\").") var reason: String?
    @OptionGroup var intake: IntakeFlags
    @OptionGroup var ws: WorkspaceOptions
    @OptionGroup var actor: ActorOption

    func run() throws {
        try guarded {
            let workspace = try ws.open()
            let done = try workspace.revise(
                Workspace.ReviseRequest(
                    id: id, file: ProcessEnvironment.current.url(file), received: try parseDate(received), reason: reason, by: actor.actor,
                    encoding: encoding, part: part, maxBytes: intake.maxBytesOption, limits: intake.limits(workspace)))
            Terminal.report(done.findings, .warning)
            print("\(done.value.id): version \(done.value.version), \(done.value.statusDisplay)")
            Terminal.report(done.findings, .note)
        }
    }
}
