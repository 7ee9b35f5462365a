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
            let workspace = try ws.open()
            let sub = try workspace.store.resolve(id)
            if json { try Terminal.json(sub.events); return }
            for e in sub.events { print(SafeText.oneLine(e.summary)) }
        }
    }
}
