import ArgumentParser
import Foundation
import Intake
import MultilingualText
import Secretariat
import Submissions

struct Translate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Attach the English translation of a submission.",
        discussion: """
            --source says who translated, and the paper's sentence follows it: internal (the Secretariat's own \
            resources, unofficial), contractor (an outside translator, unofficial; name them with --translator), \
            state (an official translation sent by the State itself) or secretariat (official translation by the \
            Secretariat's translation service). Attaching a translation to an original already in the paper's \
            language is refused, and so is a text not mostly in the script of the paper's language (Latin for English) \
            or mostly in the original's script; --force --reason TEXT attaches it anyway and records why.
            """)

    @Argument(help: "The submission id (or a unique part of it).") var id: String
    @Argument(help: "The translation file.") var file: String?
    @Option(help: "Choose this attached translation (an id from `crp log`) as the current one, instead of attaching a file.") var use: String?
    @Option(help: "Who translated it (a person, a contractor, a service).") var translator: String?
    @Option(help: "internal (default), contractor, state or secretariat.") var source: String?
    @Option(help: "unofficial or official (implied by --source; kept for scripts).") var kind: String?
    @Option(help: "The file's encoding, when it cannot be detected.") var encoding: String?
    @Option(help: ArgumentHelp("For an e-mail with several parts that could be the text: the attachment's file name, or body.", valueName: "NAME|body"))
    var part: String?
    @Option(name: .customLong("max-bytes"), help: "Largest file accepted, in bytes (default 100 MiB or CRP_MAX_BYTES).") var maxBytes: Int?
    @Flag(help: "Attach despite a script refusal (the text is not mostly in the paper language's script, or mostly in the original's); give --reason.")
    var force = false
    @Option(help: "Why --force is used (recorded in the history).") var reason: String?
    @OptionGroup var ws: WorkspaceOptions
    @OptionGroup var actor: ActorOption

    func validate() throws {
        if (file == nil) == (use == nil) { throw ValidationError("Give the translation FILE to attach, or --use T to choose one already attached.") }
        if force && (reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--force needs --reason TEXT: say why, it is recorded in the history.")
        }
        if let kind, TranslationRecord.Kind(rawValue: kind) == nil { throw ValidationError("--kind must be unofficial or official.") }
        if let source, TranslationSource(rawValue: source).map(TranslationSource.selectable.contains) != true {
            throw ValidationError("--source must be internal, contractor, state or secretariat.")
        }
    }

    func run() throws {
        try guarded {
            if let use {
                let chosen = try ws.open().chooseTranslation(id, use: use, by: actor.actor)
                print("\(chosen.value.id): \(chosen.value.status.rawValue)")
                Terminal.report(chosen.findings)
                return
            }
            let done = try ws.open().translate(
                Workspace.TranslateRequest(
                    id: id, file: ProcessEnvironment.current.url(file ?? ""), source: source.flatMap(TranslationSource.init(rawValue:)),
                    kind: kind.flatMap(TranslationRecord.Kind.init(rawValue:)), translator: translator, by: actor.actor, encoding: encoding,
                    part: part, maxBytes: maxBytes, overrides: Registrar.Overrides(force: force, reason: reason.map(SafeText.oneLine))))
            print("\(done.value.id): \(done.value.status.rawValue)")
            Terminal.report(done.findings)
        }
    }
}
