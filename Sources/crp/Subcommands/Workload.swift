import ArgumentParser
import Foundation
import Intake
import MultilingualText
import Secretariat
import Submissions

struct Workload: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Sum the words still to translate, per language and status.")
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var ws: WorkspaceOptions

    func run() throws {
        try guarded {
            let rows = try ws.open().workload()
            if json { try Terminal.json(rows); return }
            if rows.isEmpty { print("Nothing left to translate."); return }
            var table = [["LANGUAGE", "STATUS", "SUBMISSIONS", "WORDS", "CHARACTERS", "GMX-V"]]
            for r in rows {
                table.append([r.language, r.status, String(r.submissions), String(r.words), String(r.characters), r.gmxv.map { String($0) } ?? "-"])
            }
            table.append([
                "total", "", String(rows.reduce(0) { $0 + $1.submissions }), String(rows.reduce(0) { $0 + $1.words }),
                String(rows.reduce(0) { $0 + $1.characters }), "",
            ])
            printTable(table)
            print(WorkloadRow.countingRule)
        }
    }
}
