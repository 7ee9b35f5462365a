import ArgumentParser
import Foundation
import MultilingualText
import Secretariat
import Submissions

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create a paper: paper.yaml to edit, in a new workspace folder.")

    @Argument(help: "The folder to create (default: Submissions).")
    var folder: String = "Submissions"
    @Option(help: "The paper's symbol, for example CTOC/COP/2020/CRP.1.")
    var symbol: String?
    @Option(help: "Start from an existing paper definition (YAML) instead of the template; --symbol overrides its symbol.")
    var from: String?

    func run() throws {
        try guarded {
            let env = ProcessEnvironment.current
            let clock = try env.clock()
            let store = try Workspace.create(at: env.url(folder), from: from.map(env.url), symbol: symbol, clock: clock)
            print("Created \(store.root.path)/paper.yaml. Edit it, then register submissions with `crp register FILE --state NAME --language CODE --item N`.")
        }
    }
}
