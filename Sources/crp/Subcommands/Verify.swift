import ArgumentParser
import Foundation
import MultilingualText
import Intake
import Submissions

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check every stored hash, derived file and history; exits non-zero when something is wrong.")
    @Flag(help: "Rebuild derived files that are missing or stale (never an original).") var repair = false
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var ws: WorkspaceOptions

    func run() throws {
        try guarded {
            let workspace = repair ? try ws.openForChanges() : try ws.open()
            let problems = try workspace.verifier.verify(repair: repair)
            if json { try Terminal.json(problems) } else if problems.isEmpty {
                print("Verified \(try workspace.store.ids().count) submissions: no problem found.")
            } else {
                for p in problems { print("\(p.file): \(p.problem)\(p.repairable ? " (crp verify --repair fixes this)" : "")") }
                Terminal.note("\(problems.count) problem(s).")
            }
            if !problems.isEmpty { throw ExitCode(1) }
        }
    }
}
