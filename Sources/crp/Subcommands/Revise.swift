import ArgumentParser
import Foundation
import MultilingualText
import Intake
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
    @Option(help: ArgumentHelp("For an e-mail with several parts that could be the text: the attachment's file name, or body.", valueName: "NAME|body")) var part: String?
    @Option(help: "Why (default: \"Revised text received from the State\").") var reason: String?
    @OptionGroup var intake: IntakeFlags
    @OptionGroup var ws: WorkspaceOptions
    @OptionGroup var actor: ActorOption

    func run() throws {
        try guarded {
            let workspace = try ws.openForChanges()
            let sub = try workspace.store.resolve(id)
            let (updated, warnings) = try workspace.registrar.revise(
                sub, file: ProcessEnvironment.current.url(file), received: try parseDate(received),
                reason: reason.map(SafeText.oneLine) ?? Registrar.defaultRevisionReason, by: actor.actor,
                options: workspace.intakeOptions(encoding: encoding, maxBytes: intake.maxBytesOption, part: part, limits: intake.limits(workspace)))
            for w in warnings { Terminal.warn(w) }
            print("\(updated.id): version \(updated.version), \(updated.statusDisplay)")
            for p in updated.parts(ofVersion: updated.version) ?? [] { Terminal.note(SafeText.oneLine(p.line)) }
            if let x = updated.currentVersion.file.extraction { Terminal.note("extraction: " + SafeText.oneLine(x.summary)) }
            if updated.outdatedTranslationID != nil {
                Terminal.note("The translation of version \(updated.version - 1) is now outdated: attach the translation of the revised text with `crp translate \(updated.id) FILE`.")
            }
        }
    }
}
