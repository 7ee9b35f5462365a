import ArgumentParser
import Foundation
import Intake
import MultilingualText
import Secretariat
import Submissions

/// review / include / withdraw / reopen share one shape: a submission, a move, maybe a reason.
protocol TransitionCommand: ParsableCommand {
    var id: String { get }
    var ws: WorkspaceOptions { get }
    var actor: ActorOption { get }
    var move: Transition { get }
    var reason: String? { get }
}

extension TransitionCommand {
    func run() throws {
        try guarded {
            let updated = try ws.open().move(Workspace.MoveRequest(id: id, move: move, reason: reason, by: actor.actor)).value
            print("\(updated.id): \(updated.status.rawValue)")
        }
    }
}

struct Review: TransitionCommand {
    static let configuration = CommandConfiguration(abstract: "Mark a translated submission as reviewed.")
    @Argument(help: "The submission id.") var id: String
    @OptionGroup var ws: WorkspaceOptions
    @OptionGroup var actor: ActorOption
    @Option(help: "Why it is reviewed although its XLIFF still marks segments as drafts (recorded).") var reason: String?
    var move: Transition { .review }
}

struct Include: TransitionCommand {
    static let configuration = CommandConfiguration(abstract: "Mark a reviewed submission as included in the paper.")
    @Argument(help: "The submission id.") var id: String
    @OptionGroup var ws: WorkspaceOptions
    @OptionGroup var actor: ActorOption
    var move: Transition { .include }
    var reason: String? { nil }
}

struct Withdraw: TransitionCommand {
    static let configuration = CommandConfiguration(abstract: "Withdraw a submission (it stays stored, out of the paper; `crp reopen` brings it back).")
    @Argument(help: "The submission id.") var id: String
    @Option(help: "Why it is withdrawn (required).") var reason: String?
    @OptionGroup var ws: WorkspaceOptions
    @OptionGroup var actor: ActorOption
    var move: Transition { .withdraw }
}

struct Reopen: TransitionCommand {
    static let configuration = CommandConfiguration(
        abstract: "Move a submission back to an earlier step (received, translated or reviewed), or reinstate a withdrawn one.",
        discussion: """
            Undoes review, include or withdraw with an event of its own; nothing is deleted. --to received drops the \
            attached translation from the paper's view (it stays stored and is listed by `crp show`). A reason is required.
            Example: crp reopen peru-20200925-4db9a916 --to translated --reason "Reviewed by mistake"
            """)
    @Argument(help: "The submission id.") var id: String
    @Option(help: "received, translated or reviewed.") var to: String
    @Option(help: "Why (required).") var reason: String?
    @OptionGroup var ws: WorkspaceOptions
    @OptionGroup var actor: ActorOption

    func validate() throws {
        guard let s = Status(rawValue: to), [.received, .translated, .reviewed].contains(s) else {
            throw ValidationError("--to must be received, translated or reviewed.")
        }
    }

    var move: Transition { .reopen(to: Status(rawValue: to) ?? .received) }
}
