import ArgumentParser
import Foundation
import MultilingualText
import Secretariat
import Submissions

struct PaperCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paper", abstract: "The paper definition (paper.yaml) shared by the duty stations.", subcommands: [Resolve.self])

    struct Resolve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "resolve",
            abstract: "Choose the value of a field of paper.yaml that two duty stations changed differently (crp check lists them).",
            discussion:
                "mine: the value written at this duty station; theirs: the other one's; anything else: the value itself. The choice is recorded with who made it and where; the other value stays in the history. crp sync sends it."
        )
        @Argument(help: "The field, as crp check names it: title, agenda.title, items[2].title.") var field: String
        @Option(help: "mine, theirs, or the value itself.") var use: String
        @OptionGroup var ws: WorkspaceOptions
        @OptionGroup var actor: ActorOption

        func run() throws {
            try guarded {
                let workspace = try ws.openChangeable()
                let done = try workspace.resolvePaper(PaperResolveRequest(field: field, use: use, by: actor.actor)).value
                print(
                    done.changedPaper
                        ? "paper.yaml: \(done.field) is now \"\(SafeText.oneLine(done.value))\" (the other value, \"\(SafeText.oneLine(done.other))\", stays in the history)."
                        : "paper.yaml: \(done.field) keeps \"\(SafeText.oneLine(done.value))\"; the choice is recorded (the other value, \"\(SafeText.oneLine(done.other))\", stays in the history)."
                )
            }
        }
    }
}
