import ArgumentParser
import Foundation
import Intake
import MultilingualText
import Secretariat
import Submissions

struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the history of a submission.",
        discussion:
            "Each event, and what was recorded with it: for the registration the State, language, items, date received, file and encoding; for each translation its source, translator and file."
    )
    @Argument(help: "The submission id.") var id: String
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var ws: WorkspaceOptions

    func run() throws {
        try guarded {
            let history = try ws.open().history(id)
            if json { try Terminal.json(history.events); return }
            for line in history.lines { print(SafeText.oneLine(line)) }
        }
    }
}
