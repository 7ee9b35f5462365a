import ArgumentParser
import Foundation
import MultilingualText
import Secretariat
import Submissions

struct Clone: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Join a shared workspace: make a copy of it in a new folder (then `crp sync` keeps it in step).")
    @Argument(help: "The shared copy (a path, file://, ssh:// or https://).") var url: String
    @Argument(help: "The new folder.") var folder: String
    @Option(help: "The name of this duty station (see `crp config site`).") var site: String?

    func run() throws {
        try guarded {
            let env = ProcessEnvironment.current
            let site = try site.map(Store.checkedSite)
            let dir = try Workspace.clone(url, into: env.url(folder), programs: env.programs, by: (try? env.user()) ?? "crp", site: site)
            print("Joined: \(dir.path) is a copy of \(url). Run `crp sync` there to send your changes and take in the others'.")
            if site == nil { Terminal.warn("Name this duty station once: `crp config site NAME --workspace \(dir.path)`.") }
        }
    }
}
