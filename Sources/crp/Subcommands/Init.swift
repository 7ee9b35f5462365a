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
    @Option(help: "Share the new workspace through this empty repository (a path, file://, ssh:// or https://); see `crp sync`.")
    var remote: String?
    @Option(help: "The name of this duty station (see `crp config site`).")
    var site: String?

    func run() throws {
        try guarded {
            let env = ProcessEnvironment.current
            let clock = try env.clock()
            let site = try site.map(Store.checkedSite)
            if let remote { try Workspace.requireEmptyRemote(remote, programs: env.programs, near: env.url(folder)) }
            let store = try Workspace.create(at: env.url(folder), from: from.map(env.url), symbol: symbol, clock: clock)
            print("Created \(store.root.path)/paper.yaml. Edit it, then register submissions with `crp register FILE --state NAME --language CODE --item N`.")
            if let site { try store.setSite(site) }
            if let remote { try share(store, remote: remote, env: env) }
        }
    }

    /// Connects the new workspace to its remote and sends it there (the first `crp sync`).
    func share(_ store: Store, remote: String, env: ProcessEnvironment) throws {
        let workspace = Workspace(store: try Store(root: store.root, clock: store.clock), catalog: try env.catalog(), programs: env.programs)
        let done = try workspace.sync(SyncRequest(remote: remote, by: (try? env.user()) ?? "crp"))
        if done.value.pushed {
            print("Shared through \(remote): other duty stations join with `crp clone \(remote) DIR`; `crp sync` sends and takes in changes.")
        }
        Terminal.report(done.findings, .warning)
        if done.value.offline != nil { throw ExitCode(Sync.offlineExitCode) }
    }
}
