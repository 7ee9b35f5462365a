import ArgumentParser
import Foundation
import Intake
import MultilingualText
import RoomPaper
import Secretariat
import Submissions

struct Compile: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compile the Conference Room Paper.",
        discussion: """
            By default the paper holds the submissions that are reviewed or included. Standard error reports what went \
            into the paper and what was left out, with why (not translated, not reviewed, translation outdated after a \
            revision, withdrawn); --json prints that report on standard output instead (write the paper with --output). \
            --strict exits non-zero when anything not withdrawn was left out or is pending.
            """)
    @Option(help: "md, html, docx or pdf (default: from the --output file's extension, else md).") var format: String?
    @Option(name: .shortAndLong, help: "Write to this file (default: standard output for md and html; PAPER-SYMBOL.docx/.pdf otherwise).") var output: String?
    @Flag(help: "Take every submission that is not withdrawn, not only reviewed and included ones.") var all = false
    @Flag(help: "Add an annex with each State's text in its original language (originals in the paper's language are already in the body).") var withOriginals =
        false
    @Flag(help: "Exit non-zero when any submission that is not withdrawn was left out or is still pending.") var strict = false
    @Flag(help: "Print the report as JSON on standard output (the paper then needs --output).") var json = false
    @OptionGroup var ws: WorkspaceOptions

    func validate() throws {
        let f: PaperFormat
        do { f = try Workspace.paperFormat(given: format, outputName: output) } catch let p as ActionProblem { throw ValidationError(p.message) }
        if json && output == nil && (f == .md || f == .html) {
            throw ValidationError("--json prints the report on standard output: give --output FILE for the paper.")
        }
    }

    func run() throws {
        try guarded {
            let compiled = try ws.open().compile(
                Workspace.CompileRequest(
                    format: try Workspace.paperFormat(given: format, outputName: output), all: all, withOriginals: withOriginals))
            let data = compiled.data
            if output == nil && (compiled.format == .md || compiled.format == .html) {
                FileHandle.standardOutput.write(data)
            } else {
                let name = output ?? compiled.suggestedFileName
                try PaperWriter.write(data, to: ProcessEnvironment.current.url(name), shownAs: name)
                Terminal.note("Wrote \(name) (\(data.count) bytes).")
            }
            let report = compiled.report
            if json {
                try Terminal.json(report)
            } else {
                for line in report.lines { Terminal.note(line) }
            }
            if strict && !report.complete {
                Terminal.note("--strict: \(report.leftOut.count + report.pending.count) submission(s) not withdrawn are left out or pending.")
                throw ExitCode(1)
            }
        }
    }
}
