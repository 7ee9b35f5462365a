import ArgumentParser
import Foundation
import MultilingualText
import Submissions
import Team

struct Assign: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Give a submission to a translator (or officer) of the team; recorded in its history.",
        discussion: "A translator sees on the web desk only the submissions assigned to them. --nobody takes the assignment back.")
    @Argument(help: "The submission id.") var id: String
    @Option(help: "The user name (see `crp user list`).") var to: String?
    @Flag(help: "Take the assignment back.") var nobody = false
    @Option(help: "Why (optional, recorded in the history).") var reason: String?
    @OptionGroup var ws: WorkspaceOptions
    @OptionGroup var actor: ActorOption

    func validate() throws {
        if (to == nil) == !nobody { throw ValidationError("Give --to NAME, or --nobody to take the assignment back.") }
    }

    func run() throws {
        try guarded {
            let workspace = try ws.openChangeable()
            let sub = try workspace.store.resolve(id)
            let updated = try Team(workspaceRoot: workspace.store.root).assign(
                sub, to: to, in: workspace.store, by: actor.actor,
                reason: reason.map(SafeText.oneLine))
            print("\(updated.id): assigned to \(updated.assignee ?? "nobody")")
        }
    }
}
