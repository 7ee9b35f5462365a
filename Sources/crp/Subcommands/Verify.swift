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
            let report = try workspace.verifier.report(repair: repair)
            let problems = report.problems
            let repaired = report.repaired.map { "  \(SafeText.oneLine($0.file)): \(SafeText.oneLine($0.problem))" }
            let moved = report.movedAside.map { "  \(SafeText.oneLine($0.file)): \(SafeText.oneLine($0.problem))" }
            let aside = moved.isEmpty ? [] : ["Moved aside \(moved.count) leftover\(moved.count == 1 ? "" : "s") of interrupted commands (never deleted):"] + moved
            let rebuilt = "Repaired \(report.repaired.count) derived file\(report.repaired.count == 1 ? "" : "s") (rebuilt from the originals):"
            if json {
                try Terminal.json(problems)
                if !repaired.isEmpty { Terminal.note(([rebuilt] + repaired).joined(separator: "\n")) }
                if !aside.isEmpty { Terminal.note(aside.joined(separator: "\n")) }
            } else {
                if !repaired.isEmpty { print(([rebuilt] + repaired).joined(separator: "\n")) }
                if !aside.isEmpty { print(aside.joined(separator: "\n")) }
                if problems.isEmpty {
                    print("Verified \(report.submissions) submissions: \(repaired.isEmpty && aside.isEmpty ? "no problem found." : "the store is clean now.")")
                } else {
                    for p in problems { print("\(p.file): \(p.problem)\(p.repairable ? " (crp verify --repair fixes this)" : "")") }
                    Terminal.note("\(problems.count) problem(s)\(repaired.isEmpty ? "" : " remain after the repair").")
                }
            }
            if !problems.isEmpty { throw ExitCode(1) }
        }
    }
}
