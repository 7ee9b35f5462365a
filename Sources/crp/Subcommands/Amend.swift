import ArgumentParser
import Foundation
import Intake
import MultilingualText
import Secretariat
import Submissions

struct Amend: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Correct a submission's State, language, agenda items, date received or encoding (recorded as an event; nothing is rewritten).",
        discussion: """
            Give only what changes. --item replaces the whole list of items (repeat it for several); --state replaces \
            the States (repeat it for a joint text). A language change re-derives the word counts and script checks; \
            --encoding reads a plain-text original again in another charset (the text read before stays stored). \
            `crp log ID` shows every correction as before → after.
            Example: crp amend colombia-20220926-f1f2e2eb --state Chile --reason "Registered under the wrong State"
            """)

    @Argument(help: "The submission id.") var id: String
    @Option(name: .customLong("state"), help: "The right State (repeat for a joint text).") var states: [String] = []
    @Option(help: "The right language of the original: ar, zh, en, fr, ru or es.") var language: String?
    @Option(name: .customLong("item"), help: "The right agenda item (repeat for several; replaces the list).") var items: [Int] = []
    @Option(help: "The right date received (YYYY-MM-DD).") var received: String?
    @Option(help: "The encoding the plain-text original is to be read in again (the text read before is kept).") var encoding: String?
    @Flag(help: "Accept a date received long before the session.") var force = false
    @Option(help: "Why the record is corrected (required).") var reason: String?
    @OptionGroup var ws: WorkspaceOptions
    @OptionGroup var actor: ActorOption

    func validate() throws {
        if states.isEmpty && language == nil && items.isEmpty && received == nil && encoding == nil {
            throw ValidationError("Say what to correct: --state, --language, --item, --received or --encoding.")
        }
    }

    func run() throws {
        try guarded {
            let change = Registrar.Correction(
                states: states.isEmpty ? nil : states, language: language, items: items.isEmpty ? nil : items,
                received: try parseDate(received), force: force, encoding: encoding)
            let done = try ws.open().amend(Workspace.AmendRequest(id: id, correction: change, reason: reason, by: actor.actor))
            for f in done.findings { print("\(done.value.id): \(f.message)") }
            print("\(done.value.id): \(done.value.status.rawValue)")
        }
    }
}
