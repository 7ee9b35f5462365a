import ArgumentParser
import Foundation
import Intake
import Memory
import MultilingualText
import Secretariat
import Submissions

struct Workload: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Sum the words still to translate, per language and status.")
    @Flag(help: "Print JSON.") var json = false
    @Flag(name: .customLong("bands"), help: "Only the words per match band (new, 75-84, 85-94, 95-99, 100, 101, repetitions), per submission and language.")
    var bandsOnly = false
    @OptionGroup var ws: WorkspaceOptions

    /// Words per match band, per submission and per language.
    func printBands(_ report: Workspace.BandReport) {
        var table = [["LANGUAGE", "SUBMISSION"] + Bands.names.map { $0.uppercased() } + ["TOTAL"]]
        for r in report.rows {
            table.append([r.language, r.submission ?? "all"] + r.bands.values.map(String.init) + [String(r.bands.total)])
        }
        table.append(["total", ""] + report.total.values.map(String.init) + [String(report.total.total)])
        printTable(table)
        print(Workspace.BandReport.rule)
    }

    func run() throws {
        try guarded {
            let workspace = try ws.open()
            let rows = try workspace.workload()
            let bands = try workspace.workloadBands()
            if json && bandsOnly { try Terminal.json(bands); return }
            if json { try Terminal.json(rows); return }
            if bandsOnly { printBands(bands); return }
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
            print("")
            printBands(bands)
        }
    }
}
