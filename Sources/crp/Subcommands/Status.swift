import ArgumentParser
import Foundation
import Intake
import MultilingualText
import Secretariat
import Submissions

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "List the submissions and where they stand, with totals.",
        discussion: """
            Filters combine (every one given must hold). The totals under the table count the listed submissions: \
            per status, the words waiting for translation, and the days to the deadline (or since it). \
            --json prints the listed rows as a JSON array (without filters: exactly every row, as before); \
            --json --totals prints an object {"filter", "rows", "totals"} instead.
            """)
    @Option(help: "Only this status: received, translated, reviewed, included or withdrawn.") var status: String?
    @Option(help: "Only submissions on this agenda item (items[].number in paper.yaml).") var item: Int?
    @Option(help: "Only originals in this language (ar, zh, en, fr, ru, es).") var language: String?
    @Option(help: "Only this State (UN short name; aliases accepted).") var state: String?
    @Flag(help: "Only submissions received after the deadline.") var late = false
    @Flag(help: "Only submissions not yet in the paper (not reviewed or included, not withdrawn).") var pending = false
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "With --json: print an object with the rows and the totals.") var totals = false
    @OptionGroup var ws: WorkspaceOptions

    func validate() throws {
        if let status, Status(rawValue: status) == nil {
            throw ValidationError("Unknown status \"\(status)\". Use received, translated, reviewed, included or withdrawn.")
        }
        if let language, !LocaleCatalog.officialLanguages.contains(language) {
            throw ValidationError("\"\(language)\" is not one of the six official languages. Use ar, zh, en, fr, ru or es.")
        }
        if totals && !json { throw ValidationError("--totals goes with --json (the table always ends with the totals).") }
    }

    func run() throws {
        try guarded {
            let workspace = try ws.open()
            let filter = StatusFilter(
                status: status.flatMap(Status.init(rawValue:)), item: item, language: language,
                state: try state.map(workspace.catalog.canonicalState), late: late, pending: pending)
            let listing = try workspace.status(filter)
            if json {
                let text = totals ? try listing.json() : StatusRow.json(listing.rows)
                FileHandle.standardOutput.write(Data(text.utf8)); return
            }
            if listing.rows.isEmpty {
                print(filter.isEmpty ? "No submissions yet in \(workspace.store.root.path)." : "No submission matches: \(filter.summary).")
            } else {
                var table = [["ID", "STATE", "LANG", "ITEMS", "RECEIVED", "STATUS", "WORDS", "TRANSLATED"]]
                for r in listing.rows {
                    let status = r.late ? "\(r.statusDisplay) (late)" : r.statusDisplay
                    table.append([
                        r.id, SafeText.oneLine(r.statesDisplay), r.language, r.items.map(String.init).joined(separator: ","), r.received, status,
                        String(r.words), r.translated ? "yes" : "no",
                    ])
                }
                printTable(table)
            }
            if !filter.isEmpty { print("Listed: \(filter.summary).") }
            for line in listing.totals.lines { print(line) }
            // Translations attached at two duty stations, each before seeing the other's.
            for (sub, translations) in try workspace.translationsToChoose() where listing.rows.contains(where: { $0.id == sub.id }) {
                print(Workspace.choiceLine(sub, translations))
            }
        }
    }
}
