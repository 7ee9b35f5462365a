import ArgumentParser
import Foundation
import Intake
import RoomPaper
import Secretariat
import Submissions

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "One page for a head of unit: counts per agenda item and status, arrivals against the deadline, languages, words to translate, late and withdrawn submissions, and what the next compile would contain and leave out.",
        discussion: "The HTML is one self-contained file (inline CSS and SVG, no scripts) that prints on A4. Without --output it goes to standard output.")
    @Option(help: "html, md or json.") var format: String = "html"
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?
    @OptionGroup var ws: WorkspaceOptions

    func validate() throws {
        guard ["html", "md", "json"].contains(format) else { throw ValidationError("Unknown format \"\(format)\". Use html, md or json.") }
    }

    func run() throws {
        try guarded {
            let overview = try ws.open().overview()
            let text = format == "json" ? try overview.json() : format == "md" ? overview.markdown() : overview.html()
            if let output {
                try PaperWriter.write(Data(text.utf8), to: ProcessEnvironment.current.url(output), shownAs: output)
                Terminal.note("Wrote \(output) (\(text.utf8.count) bytes).")
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        }
    }
}
