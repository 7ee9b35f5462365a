import ArgumentParser
import Foundation
import Intake
import Secretariat
import Submissions

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the paper definition and the store together; exits non-zero on any problem, listing each.",
        discussion:
            "Checks that paper.yaml loads (each problem with its line and column), that it holds no template value, that every submission is on an item of the paper, and everything `crp verify` checks."
    )
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var ws: WorkspaceOptions

    func run() throws {
        try guarded {
            let env = ProcessEnvironment.current
            let result = Workspace.check(root: try ws.root(env)) { try ws.open(env) }
            if json {
                try Terminal.json(result)
            } else if result.clean {
                print("\(result.paperFile): the paper definition and \(result.submissions) submission(s) are in order.")
            } else {
                for f in result.findings { print("\(f.kind): \(f.description)") }
                Terminal.note("\(result.findings.count) problem(s) found.")
            }
            if !result.clean { throw ExitCode(1) }
        }
    }
}
