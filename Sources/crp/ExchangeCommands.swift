import ArgumentParser
import Exchange
import Foundation
import Intake
import Submissions

/// The translator-exchange commands, registered through `extraCommands` (Renderers.swift).
///
/// Reading `registered` also installs the XLIFF reader into intake (`XLIFFIntake.install()`), so
/// that every command — `crp verify` included — reads stored XLIFF translations back into their
/// text. `extraCommands` is read when `crp` builds its command list, before any command runs.
enum ExchangeCommands {
    static let registered: [ParsableCommand.Type] = {
        XLIFFIntake.install()
        return [ExportCommand.self, ImportCommand.self]
    }()
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Send submissions to translators as XLIFF (one file each), or reviewed sentence pairs as TMX.",
        discussion: """
            xliff2 writes XLIFF 2.1 (ID.xlf), xliff1 writes XLIFF 1.2 (ID.xliff): the normalized original, one unit per \
            paragraph (p1, p2, …), one segment per sentence (ICU sentence break), notes with the State, agenda items and \
            received date, and an attached translation as targets with its state. tmx writes the aligned sentence pairs \
            of reviewed submissions as TMX 1.4b (PAPER-SYMBOL.tmx, or the .tmx path given).
            Examples:
              crp export --all --format xliff2 --output out/
              crp export peru-20200925-4db9a916 --format xliff1 --output out/
              crp export --status reviewed --format tmx --output memory.tmx
            """
    )

    @Argument(help: "Submission ids (or unique parts of them).") var ids: [String] = []
    @Flag(help: "Every submission that needs a translation (not withdrawn, not in the paper's language); for tmx, every reviewed one.") var all = false
    @Option(help: "Every submission with this status: received, translated, reviewed, included.") var status: String?
    @Option(help: "xliff2 (XLIFF 2.1), xliff1 (XLIFF 1.2) or tmx (TMX 1.4b).") var format: String = "xliff2"
    @Option(name: .shortAndLong, help: "The folder to write into (created if missing); for tmx also a file ending in .tmx.") var output: String
    @Flag(help: "Replace files that exist already.") var force = false
    @OptionGroup var ws: WorkspaceOptions

    func validate() throws {
        let ways = (ids.isEmpty ? 0 : 1) + (all ? 1 : 0) + (status == nil ? 0 : 1)
        if ways != 1 { throw ValidationError("Say which submissions: ids, --all or --status STATUS (exactly one of them).") }
        if Exporter.Format(rawValue: format) == nil { throw ValidationError("--format must be xliff2, xliff1 or tmx.") }
        if let status, Submissions.Status(rawValue: status) == nil {
            throw ValidationError("--status must be one of \(Submissions.Status.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
    }

    func run() throws {
        try guarded {
            let store = try ws.store()
            let fmt = Exporter.Format(rawValue: format)!
            let selection: Exporter.Selection = all ? .all : status.map { .status(Submissions.Status(rawValue: $0)!) } ?? .ids(ids)
            let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            let out = URL(fileURLWithPath: output, relativeTo: cwd).standardizedFileURL
            let result = try Exporter(store: store).export(selection, format: fmt, output: out, force: force)
            for s in result.skipped { Terminal.note("skipped \(s.id): \(s.reason)") }
            for url in result.written { print(url.path) }
            switch fmt {
            case .tmx: Terminal.note("Wrote \(result.pairs) sentence pairs (TMX 1.4b).")
            case .xliff2: Terminal.note("Wrote \(result.written.count) XLIFF 2.1 file(s). Send them to the translators; take them back with `crp import FILE…`.")
            case .xliff1: Terminal.note("Wrote \(result.written.count) XLIFF 1.2 file(s). Send them to the translators; take them back with `crp import FILE…`.")
            }
        }
    }
}

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Take translations back from XLIFF files (2.x or 1.2) that crp export wrote and a CAT tool filled.",
        discussion: """
            Each file is matched with its submission by its file id (XLIFF 2) or original attribute (XLIFF 1.2); every \
            unit's source must still be the registered original. The targets, paragraph by paragraph, become the \
            submission's translation (status: translated); the XLIFF file is kept as received. All files are checked \
            before any is attached: a refused import changes nothing.
            Example: crp import back/peru-20200925-4db9a916.xlf --translator "Ana Pérez"
            """
    )

    @Argument(help: "The XLIFF files.") var files: [String]
    @Flag(help: "Attach even when some paragraphs have no target; they are marked in the text and recorded.") var allowPartial = false
    @Option(help: "Who translated it.") var translator: String?
    @Option(help: "unofficial (default) or official.") var kind: String = "unofficial"
    @OptionGroup var ws: WorkspaceOptions
    @OptionGroup var actor: ActorOption

    func validate() throws {
        if files.isEmpty { throw ValidationError("Name at least one XLIFF file.") }
        if TranslationRecord.Kind(rawValue: kind) == nil { throw ValidationError("--kind must be unofficial or official.") }
    }

    func run() throws {
        try guarded {
            let store = try ws.store()
            let importer = XLIFFImporter(store: store, catalog: try LocaleCatalog.load())
            var inputs: [(data: Data, name: String)] = []
            for f in files {
                let url = URL(fileURLWithPath: f)
                let name = SafeName.displayName(url.lastPathComponent)
                guard FileManager.default.fileExists(atPath: url.path) else { throw StoreError.fileMissing(f) }
                let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
                if size > XLIFFReader.limits.maxBytes { throw StoreError.tooLarge(file: name, bytes: size, limit: XLIFFReader.limits.maxBytes) }
                guard let data = try? Data(contentsOf: url) else { throw ImportError.unreadable(file: name, reason: "permission denied or not a regular file") }
                inputs.append((data, name))
            }
            let results = try importer.importFiles(inputs, allowPartial: allowPartial, kind: TranslationRecord.Kind(rawValue: kind)!,
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
            }
        }
    }
}

/// The paragraphs of a text as `crp export` makes units of them (for `crp show --aligned`).
func exchangeParagraphs(_ text: String) -> [String] { ExchangeText.paragraphs(text) }
