import ArgumentParser
import Foundation
import MultilingualText
import Secretariat
import Submissions

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Settings of this copy of the workspace.", subcommands: [SiteSetting.self])

    struct SiteSetting: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "site",
            abstract: "Name this copy's duty station (Vienna, New York…): every change made here records it. Without NAME, print it.",
            discussion: "Kept in .crp/site, which is not shared: each copy names its own.")
        @Argument(help: "The duty station's name.") var name: String?
        @OptionGroup var ws: WorkspaceOptions

        func run() throws {
            try guarded {
                let workspace = try ws.openChangeable()
                guard let name else {
                    print(workspace.store.site ?? "(no duty station named: `crp config site NAME`)")
                    return
                }
                let set = try workspace.store.setSite(name)
                print("This copy now records its changes as made at \(set.name)\(set.previous.map { " (was \($0))" } ?? "").")
            }
        }
    }
}
