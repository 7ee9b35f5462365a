import ArgumentParser
import Foundation
import Intake
import MultilingualText
import Secretariat
import Submissions

struct Search: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find submissions whose original or translation contains TEXT (ignoring case, accents, tashkeel, tatweel).")
    @Argument(help: "The text to find.") var text: String
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var ws: WorkspaceOptions

    func run() throws {
        try guarded {
            let hits = try ws.open().search(text)
            if json { try Terminal.json(hits); return }
            if hits.isEmpty { Terminal.note("No submission contains \"\(SafeText.oneLine(text))\"."); throw ExitCode(1) }
            for h in hits {
                print("\(h.id)  \(SafeText.oneLine(h.state))  [\(h.status)]  \(h.field):\(h.line)  \(displayLine(h.excerpt, visual: false))")
            }
        }
    }
}
