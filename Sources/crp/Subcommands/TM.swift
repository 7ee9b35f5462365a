import ArgumentParser
import Foundation
import Memory
import MultilingualText
import Secretariat
import Submissions

struct TMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tm",
        abstract: "The translation memory: import and export TMX, list what it holds.",
        subcommands: [TMImport.self, TMExport.self, TMStats.self]
    )
}

struct TMImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a TMX 1.4b file (OmegaT, Trados, Translate Toolkit's po2tmx) into the translation memory.",
        discussion: "The file is kept as received in memory/<origin>-<stamp>/. Example: crp tm import omegat.tmx --origin omegat-2019")
    @Argument(help: "The TMX file.") var file: String
    @Option(help: "The name matches from this memory carry (letters, digits, - and _; default: the file's name).") var origin: String?
    @OptionGroup var actor: ActorOption
    @OptionGroup var ws: WorkspaceOptions

    func run() throws {
        try guarded {
            let done = try ws.open().importMemory(ProcessEnvironment.current.url(file), origin: origin, by: actor.actor)
            Terminal.report(done.findings)
            let r = done.value
            let langs = r.report.languages.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            print("Imported \(r.report.units) unit(s) as \(r.id) (origin \(r.origin); \(langs)).")
            print(
                "Cleaned: \(r.report.cleanedControls) with control characters, \(r.report.cleanedBidi) with bidi controls, \(r.report.cleanedMarkup) with markup; left out: \(r.report.empty) with an empty side, \(r.report.storesOwn ?? 0) already in the memory as this store's own."
            )
        }
    }
}

struct TMExport: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Write the translation memory as TMX 1.4b.")
    @Option(help: "Only units whose source is in this language (ar, zh, fr, ru, es).") var language: String?
    @Argument(help: "The TMX file to write.") var file: String
    @OptionGroup var ws: WorkspaceOptions

    func run() throws {
        try guarded {
            let n = try ws.open().exportMemory(to: ProcessEnvironment.current.url(file), language: language)
            print("Wrote \(n) unit(s) to \(file) (TMX 1.4b).")
        }
    }
}

struct TMStats: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Units of the translation memory per language pair and origin.")
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var ws: WorkspaceOptions

    func run() throws {
        try guarded {
            let rows = try ws.open().memoryStats()
            if json { try Terminal.json(rows); return }
            if rows.isEmpty { print("The translation memory is empty: review translations, or `crp tm import FILE.tmx`."); return }
            var table = [["PAIR", "ORIGIN", "UNITS"]]
            for r in rows { table.append(["\(r.sourceLanguage)→\(r.targetLanguage)", SafeText.oneLine(r.origin), String(r.units)]) }
            table.append(["total", "", String(rows.reduce(0) { $0 + $1.units })])
            printTable(table)
        }
    }
}

extension Show {
    /// `crp show ID --matches`: each sentence with its best match, quality and origin.
    func printMatches(_ ws: Workspace) throws {
        let found = try ws.matches(id, fullScan: fullScan)
        if json {
            struct Row: Encodable {
                let paragraph: Int, sentence: String, words: Int, quality: Int?, origin: String?, source: String?, target: String?, repeated: Bool
            }
            try Terminal.json(
                found.map {
                    Row(
                        paragraph: $0.paragraph, sentence: $0.sentence, words: $0.words, quality: $0.match?.quality, origin: $0.match?.unit.origin,
                        source: $0.match?.unit.source, target: $0.match.map { MatchText.clean($0.unit.target) }, repeated: $0.repeated)
                })
            return
        }
        for s in found {
            let q = s.match.map { "\($0.quality)%" } ?? "new"
            print("¶\(s.paragraph) [\(q)\(s.match.map { " \(SafeText.oneLine($0.unit.origin))" } ?? "")] \(SafeText.oneLine(s.sentence))")
            if let m = s.match { print("    → \(SafeText.oneLine(MatchText.clean(m.unit.target)))") }
        }
    }
}
