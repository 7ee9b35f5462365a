import ArgumentParser
import Foundation
import MultilingualText
import Intake
import RoomPaper
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
    @Flag(help: "Add an annex with each State's text in its original language (originals in the paper's language are already in the body).") var withOriginals = false
    @Flag(help: "Exit non-zero when any submission that is not withdrawn was left out or is still pending.") var strict = false
    @Flag(help: "Print the report as JSON on standard output (the paper then needs --output).") var json = false
    @OptionGroup var ws: WorkspaceOptions

    /// The paper's format: --format, or the extension of --output (.md, .html/.htm, .docx, .pdf),
    /// else Markdown. A --format that contradicts the extension is refused, so that a file named
    /// paper.pdf never holds Markdown.
    static func format(given: String?, output: String?) throws -> PaperFormat {
        let ext = output.map { URL(fileURLWithPath: $0).pathExtension.lowercased() } ?? ""
        let implied = PaperFormat(rawValue: ext)
        guard let given else { return implied ?? .md }
        guard let f = PaperFormat(rawValue: given) else { throw ValidationError("Unknown format \"\(given)\". Use md, html, docx or pdf.") }
        if let implied, implied != f, let output {
            throw ValidationError("--format \(f.rawValue) does not match --output \(output), whose name ends in .\(ext). Name the file .\(f.rawValue), or leave out --format.")
        }
        return f
    }

    func validate() throws {
        let f = try Self.format(given: format, output: output)
        if json && output == nil && (f == .md || f == .html) {
            throw ValidationError("--json prints the report on standard output: give --output FILE for the paper.")
        }
    }

    func run() throws {
        try guarded {
            let workspace = try ws.open()
            let store = workspace.store
            let paperFormat = try Self.format(given: format, output: output)
            let compiled = try PaperBuild.compile(store: store, catalog: workspace.catalog, programs: workspace.programs,
                                                  options: CompileOptions(selection: all ? .all : .ready, withOriginals: withOriginals), format: paperFormat)
            let data = compiled.data
            let env = ProcessEnvironment.current
            if let output {
                try PaperWriter.write(data, to: env.url(output), shownAs: output)
                Terminal.note("Wrote \(output) (\(data.count) bytes).")
            } else if paperFormat == .md || paperFormat == .html {
                FileHandle.standardOutput.write(data)
            } else {
                let name = SafeName.reduce(store.paper.symbol, limit: 60) + "." + paperFormat.rawValue
                try PaperWriter.write(data, to: env.url(name), shownAs: name)
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
