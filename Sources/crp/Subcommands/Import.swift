import ArgumentParser
import Exchange
import Foundation
import Intake
import MultilingualText
import Secretariat
import Submissions

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Take translations back from XLIFF files (2.x or 1.2) that crp export wrote and a CAT tool filled.",
        discussion: """
            Each file is matched with its submission by its file id (XLIFF 2) or original attribute (XLIFF 1.2); every \
            unit's source must still be the registered original. The targets, paragraph by paragraph, become the \
            submission's translation (status: translated); the XLIFF file is kept as received. All files are checked \
            before any is attached: a refused import changes nothing.
            --source says who translated, as for crp translate, and the paper's sentence follows it; without \
            it the paper says only that the texts were translated unofficially.
            Example: crp import back/peru-20200925-4db9a916.xlf --source contractor --translator "Ana Pérez"
            """
    )

    @Argument(help: "The XLIFF files.") var files: [String]
    @Flag(help: "Attach even when some paragraphs have no target; they are marked in the text and recorded.") var allowPartial = false
    @Option(help: "Who translated it.") var translator: String?
    @Option(
        help: "internal, contractor, state or secretariat: who translated (as for crp translate). Without it the paper says only \"translated unofficially\".")
    var source: String?
    @Option(help: "unofficial (default) or official (implied by --source; official needs --source state or secretariat).") var kind: String?
    @OptionGroup var ws: WorkspaceOptions
    @OptionGroup var actor: ActorOption

    func validate() throws {
        if files.isEmpty { throw ValidationError("Name at least one XLIFF file.") }
        if let kind, TranslationRecord.Kind(rawValue: kind) == nil { throw ValidationError("--kind must be unofficial or official.") }
        if let source, TranslationSource(rawValue: source).map(TranslationSource.selectable.contains) != true {
            throw ValidationError("--source must be internal, contractor, state or secretariat.")
        }
        if TranslationSource.resolveImport(
            source: source.flatMap(TranslationSource.init(rawValue:)),
            kind: kind.flatMap(TranslationRecord.Kind.init(rawValue:))) == nil
        {
            throw ValidationError("--kind official needs --source state or secretariat: say who made the official translation.")
        }
    }

    func run() throws {
        try guarded {
            let workspace = try ws.open()
            let inputs = try Workspace.readImportFiles(files.map { (ProcessEnvironment.current.url($0), $0) })
            let done = try workspace.importTranslations(
                Workspace.ImportRequest(
                    files: inputs, allowPartial: allowPartial, source: source.flatMap(TranslationSource.init(rawValue:)),
                    kind: kind.flatMap(TranslationRecord.Kind.init(rawValue:)), translator: translator, by: actor.actor))
            Terminal.report(done.findings, .warning)
            for f in done.value {
                guard let updated = f.updated else {
                    print("\(f.plan.submission.id): unchanged (the targets of \(f.plan.file) are the translation already attached)")
                    continue
                }
                print("\(updated.id): \(updated.status.rawValue) (\(f.plan.total - f.plan.missing.count) of \(f.plan.total) paragraphs from \(f.plan.file))")
            }
            Terminal.report(done.findings, .note)
        }
    }
}
