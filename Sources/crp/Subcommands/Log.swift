import ArgumentParser
import Foundation
import MultilingualText
import Intake
import Submissions

struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the history of a submission.",
        discussion: "Each event, and what was recorded with it: for the registration the State, language, items, date received, file and encoding; for each translation its source, translator and file.")
    @Argument(help: "The submission id.") var id: String
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var ws: WorkspaceOptions

    func run() throws {
        try guarded {
            let workspace = try ws.open()
            let sub = try workspace.store.resolve(id)
            if json { try Terminal.json(sub.events); return }
            for line in workspace.store.historyLines(sub) { print(SafeText.oneLine(line)) }
        }
    }
}
