import ArgumentParser
import Foundation
import Intake
import MultilingualText
import Secretariat
import Submissions

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check every stored hash, derived file and history; exits non-zero when something is wrong.")
    @Flag(help: "Rebuild derived files that are missing or stale (never an original).") var repair = false
    @Flag(help: "Seal the histories written before events were chained (one `sealed` event each; never a history with a problem).") var seal = false
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var ws: WorkspaceOptions
    @Option(help: "With --seal: who seals (default: CRP_USER, USER, LOGNAME or the account's name).") var by: String?

    func validate() throws {
        if seal && repair { throw ValidationError("--seal and --repair are done one at a time: repair first, then seal.") }
    }

    func run() throws {
        try guarded {
            let workspace = try ws.open()
            let (report, sealed) =
                seal
                ? try workspace.seal(by: by.map(SafeText.oneLine) ?? ProcessEnvironment.current.user())
                : (try workspace.verify(repair: repair), [])
            let problems = report.problems
            let repaired = report.repaired.map { "  \(SafeText.oneLine($0.file)): \(SafeText.oneLine($0.problem))" }
            let moved = report.movedAside.map { "  \(SafeText.oneLine($0.file)): \(SafeText.oneLine($0.problem))" }
            let aside =
                moved.isEmpty ? [] : ["Moved aside \(moved.count) leftover\(moved.count == 1 ? "" : "s") of interrupted commands (never deleted):"] + moved
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
            let unsealed = report.unsealed.filter { !sealed.contains($0) }
            if !sealed.isEmpty {
                Terminal.note("Sealed \(sealed.count) histor\(sealed.count == 1 ? "y" : "ies"): each has a `sealed` event naming every record before it.")
            }
            if !unsealed.isEmpty {
                Terminal.note(
                    "\(unsealed.count) histor\(unsealed.count == 1 ? "y is" : "ies are") not sealed (written before crp chained events): a change to \(unsealed.count == 1 ? "its" : "their") records cannot be proven. \(seal ? "A history with a problem is not sealed." : "`crp verify --seal` seals them.")"
                )
            }
            if !problems.isEmpty { throw ExitCode(1) }
        }
    }
}
