import ArgumentParser
import Foundation
import MultilingualText
import Intake
import Secretariat
import Submissions

struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the history of a submission.")
    @Argument(help: "The submission id.") var id: String
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var ws: WorkspaceOptions

    func run() throws {
        try guarded {
            let events = try ws.open().history(id).events
            if json { try Terminal.json(events); return }
            for e in events { print(SafeText.oneLine(e.summary)) }
        }
    }
}
