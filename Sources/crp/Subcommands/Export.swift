import ArgumentParser
import Exchange
import Foundation
import Intake
import MultilingualText
import Secretariat
import Submissions

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
            let fmt = Exporter.Format(rawValue: format)!
            let selection: Exporter.Selection = all ? .all : status.map { .status(Submissions.Status(rawValue: $0)!) } ?? .ids(ids)
            let done = try ws.open().export(
                Workspace.ExportRequest(selection: selection, format: fmt, output: ProcessEnvironment.current.url(output), force: force))
            let result = done.value
            Terminal.report(done.findings)
            for url in result.written { print(url.path) }
            switch fmt {
            case .tmx: Terminal.note("Wrote \(result.pairs) sentence pairs (TMX 1.4b).")
            case .xliff2:
                Terminal.note("Wrote \(result.written.count) XLIFF 2.1 file(s). Send them to the translators; take them back with `crp import FILE…`.")
            case .xliff1:
                Terminal.note("Wrote \(result.written.count) XLIFF 1.2 file(s). Send them to the translators; take them back with `crp import FILE…`.")
            }
        }
    }
}
