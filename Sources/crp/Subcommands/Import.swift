import ArgumentParser
import Exchange
import Foundation
import MultilingualText
import Intake
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
    @Option(help: "internal, contractor, state or secretariat: who translated (as for crp translate). Without it the paper says only \"translated unofficially\".") var source: String?
    @Option(help: "unofficial (default) or official (implied by --source; official needs --source state or secretariat).") var kind: String?
    @OptionGroup var ws: WorkspaceOptions
    @OptionGroup var actor: ActorOption

    func validate() throws {
        if files.isEmpty { throw ValidationError("Name at least one XLIFF file.") }
        if let kind, TranslationRecord.Kind(rawValue: kind) == nil { throw ValidationError("--kind must be unofficial or official.") }
        if let source, TranslationSource(rawValue: source).map(TranslationSource.selectable.contains) != true {
            throw ValidationError("--source must be internal, contractor, state or secretariat.")
        }
        if TranslationSource.resolveImport(source: source.flatMap(TranslationSource.init(rawValue:)),
                                           kind: kind.flatMap(TranslationRecord.Kind.init(rawValue:))) == nil {
            throw ValidationError("--kind official needs --source state or secretariat: say who made the official translation.")
        }
    }

    func run() throws {
        try guarded {
            let workspace = try ws.openForChanges()
            let importer = XLIFFImporter(store: workspace.store, catalog: workspace.catalog)
            var inputs: [(data: Data, name: String)] = []
            for f in files {
                let url = ProcessEnvironment.current.url(f)
                let name = SafeName.displayName(url.lastPathComponent)
                guard FileManager.default.fileExists(atPath: url.path) else { throw StoreError.fileMissing(f) }
                let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
                if size > XLIFFReader.limits.maxBytes { throw StoreError.tooLarge(file: name, bytes: size, limit: XLIFFReader.limits.maxBytes) }
                guard let data = try? Data(contentsOf: url) else { throw ImportError.unreadable(file: name, reason: "permission denied or not a regular file") }
                inputs.append((data, name))
            }
            let (k, src) = TranslationSource.resolveImport(source: source.flatMap(TranslationSource.init(rawValue:)),
                                                           kind: kind.flatMap(TranslationRecord.Kind.init(rawValue:)))!
            let results = try importer.importFiles(inputs, allowPartial: allowPartial, kind: k, source: src,
                                                   translator: translator.map(SafeText.oneLine), by: actor.actor)
            for (plan, updated) in results {
                for w in plan.warnings { Terminal.warn(w) }
                guard let updated else {
                    print("\(plan.submission.id): unchanged (the targets of \(plan.file) are the translation already attached)")
                    continue
                }
                if !plan.missing.isEmpty {
                    Terminal.warn("\(plan.file): attached without \(plan.missing.joined(separator: ", ")) (\(plan.missing.count) of \(plan.total) paragraphs); they are marked \"\(XLIFFTranslation.placeholder("pN"))\" in the text")
                }
                print("\(updated.id): \(updated.status.rawValue) (\(plan.total - plan.missing.count) of \(plan.total) paragraphs from \(plan.file))")
                // One file per submission in a run (importFiles refuses two), so the plan's is the one before.
                if let replaced = workspace.registrar.replacementNote(before: plan.submission, after: updated) { Terminal.note(replaced) }
            }
            if src == .unstated, results.contains(where: { $0.result != nil }) { Terminal.note(TranslationSource.unstatedNote) }
        }
    }
}
