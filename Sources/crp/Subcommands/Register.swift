import ArgumentParser
import Foundation
import Intake
import MultilingualText
import Platform
import Secretariat
import Submissions

struct Register: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Register a State's original submission; prints its id.")

    static let fileHelp =
        "The file as received: \(ProcessEnvironment.current.readers(Programs()).originalFormats). For a whole folder, use `crp import-folder`."
    static let stateHelp = "The State, by its UN English short name (aliases such as Turkey or Bolivia work). Repeat for a joint text signed by several States."

    @Argument(help: ArgumentHelp(Register.fileHelp)) var file: String
    @Option(name: .customLong("state"), help: ArgumentHelp(Register.stateHelp)) var states: [String] = []
    @Option(help: "The language of the original: ar, zh, en, fr, ru or es.") var language: String
    @Option(name: .customLong("item"), help: "An agenda item of the paper the comments concern (repeatable).") var items: [Int] = []
    @Option(help: "The date the submission was received (YYYY-MM-DD; default today).") var received: String?
    @Option(help: "The file's encoding, when it cannot be detected (e.g. windows-1256).") var encoding: String?
    @Option(help: ArgumentHelp("For an e-mail with several parts that could be the comments: the attachment's file name, or body.", valueName: "NAME|body"))
    var part: String?
    @Flag(help: "Register even when the same text is already registered for another State (give --reason).") var allowSameText = false
    @Flag(help: "Register despite a refusal that can be overridden (script of the text, a date long before the session); give --reason.") var force = false
    @Option(help: "Why --force or --allow-same-text is used (recorded in the history).") var reason: String?
    @OptionGroup var intake: IntakeFlags
    @Flag(help: "Print the result as JSON.") var json = false
    @OptionGroup var ws: WorkspaceOptions
    @OptionGroup var actor: ActorOption

    func validate() throws {
        if states.isEmpty { throw ValidationError("Name the State with --state, for example --state Peru.") }
        do { try Registrar.Overrides(force: force, allowSameText: allowSameText, reason: reason).requireReason() } catch {
            throw ValidationError(error.localizedDescription)
        }
    }

    func run() throws {
        try guarded {
            let workspace = try ws.open()
            let request = Registrar.Request(
                file: ProcessEnvironment.current.url(file), states: states, language: language, items: items, received: try parseDate(received),
                by: actor.actor,
                options: workspace.intakeOptions(encoding: encoding, maxBytes: intake.maxBytesOption, part: part, limits: intake.limits(workspace)),
                strict: intake.strict,
                overrides: Registrar.Overrides(force: force, allowSameText: allowSameText, reason: reason.map(SafeText.oneLine)))
            let done = try workspace.register(request)
            let sub = done.value
            Terminal.report(done.findings, .warning)
            if json {
                try Terminal.json(WithFindings(StatusRow(sub, store: workspace.store), findings: done.findings))
            } else {
                print(sub.id)
                let a = sub.analysis
                let r = sub.record
                Terminal.report(done.findings, .note)
                Terminal.note(
                    "Registered \(r.statesDisplay), \(r.language), item \(r.items.map(String.init).joined(separator: ", ")): \(a?.words ?? 0) words, \(r.original.encoding ?? r.original.kind.rawValue), script \(a?.scripts.joined(separator: "+") ?? "-"), sha256 \(r.original.sha256.prefix(12))…"
                )
            }
        }
    }
}
