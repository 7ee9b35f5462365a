import ArgumentParser
import Foundation
import MultilingualText
import Intake
import Submissions

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "List every submission and where it stands.")
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var ws: WorkspaceOptions

    func run() throws {
        try guarded {
            let workspace = try ws.open()
            let rows = try StatusRow.all(in: workspace.store)
            if json { FileHandle.standardOutput.write(Data(StatusRow.json(rows).utf8)); return }
            if rows.isEmpty { print("No submissions yet in \(workspace.store.root.path)."); return }
            var table = [["ID", "STATE", "LANG", "ITEMS", "RECEIVED", "STATUS", "WORDS", "TRANSLATED"]]
            for r in rows {
                let status = r.late ? "\(r.statusDisplay) (late)" : r.statusDisplay
                table.append([r.id, SafeText.oneLine(r.state), r.language, r.items.map(String.init).joined(separator: ","), r.received, status,
                              String(r.words), r.translated ? "yes" : "no"])
            }
            printTable(table)
        }
    }
}
