import ArgumentParser
import Foundation
import Intake
import MultilingualText
import Secretariat
import Submissions

struct ImportFolder: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-folder",
        abstract: "Register every file of a folder at once, from a manifest or from file names like peru-item2.es.txt.",
        discussion: """
            Without --manifest, each file's name must say the State, the agenda item(s) and the language: \
            peru-item2.es.txt, cote-d-ivoire-item2+3.fr.docx. With --manifest, a CSV file with the header \
            file,state,language,items,received (items separated by ';' or spaces; an optional encoding column) \
            or a YAML list of maps with those keys says it instead; files of the folder the manifest does not \
            list are left alone. Every file is read and checked first; then each good one is registered on its \
            own. Files already registered are reported as duplicates, so the same command can be run again \
            after fixing what was refused. A file with the same bytes or text as another State's (in the store \
            or earlier in the folder) is refused, by --dry-run too; register a joint text once with --state \
            repeated, or two States' identical texts one by one with `crp register --allow-same-text`. The exit code is 1 when any file was refused.
            """
    )

    @Argument(help: "The folder holding the received files (sub-folders are not entered).") var folder: String
    @Option(help: "A manifest: CSV (file,state,language,items,received) or YAML (a list with those keys).") var manifest: String?
    @Option(help: "The date received for files that give none (YYYY-MM-DD; default today).") var received: String?
    @Flag(help: "Check every file and report; register nothing.") var dryRun = false
    @OptionGroup var intake: IntakeFlags
    @Flag(help: "Print the summary as JSON.") var json = false
    @OptionGroup var ws: WorkspaceOptions
    @OptionGroup var actor: ActorOption

    func run() throws {
        try guarded {
            let workspace = try ws.open()
            let env = ProcessEnvironment.current
            var bar = ProgressBar(enabled: Terminal.stderrIsTTY)
            let summary = try workspace.importFolder(
                Workspace.ImportFolderRequest(
                    folder: env.url(folder), manifest: manifest.map(env.url), received: try parseDate(received), by: actor.actor,
                    strict: intake.strict, dryRun: dryRun, maxBytes: intake.maxBytes(workspace), limits: intake.limits(workspace))
            ) { bar.draw($0) }
            bar.finish()
            if json {
                try Terminal.json(summary)
            } else {
                printSummary(summary)
            }
            if !summary.clean { throw ExitCode(1) }
        }
    }

    func printSummary(_ s: BulkSummary) {
        let width = max(12, s.outcomes.map { CharacterProperties.columns(SafeText.oneLine($0.file)) }.max() ?? 0)
        for o in s.outcomes {
            let file = SafeText.oneLine(o.file)
            let pad = String(repeating: " ", count: max(0, width - CharacterProperties.columns(file)))
            let status = o.status.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
            let colour = o.status == .refused ? "31" : o.status == .duplicate ? "33" : "32"
            var detail = ""
            switch o.status {
            case .registered: detail = o.id ?? ""
            case .ready: detail = "\(o.state ?? "") · \(o.language ?? "") · item \((o.items ?? []).map(String.init).joined(separator: ", "))"
            case .duplicate, .refused: detail = o.reason ?? ""
            }
            print(Terminal.paint(status, colour) + "  " + file + pad + "  " + SafeText.oneLine(detail))
            for w in o.warnings { Terminal.warn("\(file): \(w)") }
        }
        var parts = [
            dryRun ? "\(s.count(.ready)) ready" : "\(s.count(.registered)) registered",
            "\(s.count(.duplicate)) duplicate\(s.count(.duplicate) == 1 ? "" : "s")", "\(s.count(.refused)) refused",
        ]
        if !s.ignored.isEmpty { parts.append("\(s.ignored.count) ignored (\(s.ignored.map(SafeText.oneLine).joined(separator: ", ")))") }
        print("Summary: " + parts.joined(separator: ", ") + ".")
        if !s.clean {
            print(
                "Fix the refused files (or their manifest lines) and run the same command again: what is registered already is reported as a duplicate, not registered twice."
            )
        } else if dryRun {
            print("Nothing was registered (--dry-run). Run the command again without --dry-run to register.")
        }
    }
}
