import ArgumentParser
import Foundation
import Intake
import MultilingualText
import RoomPaper
import Submissions

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create a paper: paper.yaml to edit, in a new workspace folder.")

    @Argument(help: "The folder to create (default: Submissions).")
    var folder: String = "Submissions"
    @Option(help: "The paper's symbol, for example CTOC/COP/2020/CRP.1.")
    var symbol: String = "SYMBOL/CRP.1"
    @Option(help: "Start from an existing paper definition (YAML) instead of the template.")
    var from: String?

    func run() throws {
        try guarded {
            let dir = URL(fileURLWithPath: folder)
            var paper = PaperDefinition.template(symbol: symbol)
            if let from {
                paper = try PaperDefinition.load(URL(fileURLWithPath: from))
            }
            let store = try Store.create(at: dir, paper: paper)
            print("Created \(store.root.path)/paper.yaml. Edit it, then register submissions with `crp register FILE --state NAME --language CODE --item N`.")
        }
    }
}

struct Register: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Register a State's original submission; prints its id.")

    @Argument(help: "The file as received (.txt, .docx, .eml, .html, .md).") var file: String
    @Option(help: "The State, by its UN English short name (aliases such as Turkey or Bolivia work).") var state: String
    @Option(help: "The language of the original: ar, zh, en, fr, ru or es.") var language: String
    @Option(name: .customLong("item"), help: "An agenda item of the paper the comments concern (repeatable).") var items: [Int] = []
    @Option(help: "The date the submission was received (YYYY-MM-DD; default today).") var received: String?
    @Option(help: "The file's encoding, when it cannot be detected (e.g. windows-1256).") var encoding: String?
    @OptionGroup var intake: IntakeFlags
    @Flag(help: "Print the result as JSON.") var json = false
    @OptionGroup var ws: WorkspaceOptions
    @OptionGroup var actor: ActorOption

    func run() throws {
        try guarded {
            let store = try ws.store()
            let registrar = Registrar(store: store, catalog: try LocaleCatalog.load())
            let request = Registrar.Request(
                file: URL(fileURLWithPath: file), state: state, language: language, items: items, received: try parseDate(received),
                by: actor.actor, options: IntakeOptions(encoding: encoding, maxBytes: intake.maxBytes), strict: intake.strict)
            let (sub, warnings) = try registrar.register(request)
            for w in warnings { Terminal.warn(w) }
            if json {
                try Terminal.json(StatusRow(sub, store: store))
            } else {
                print(sub.id)
                let a = sub.analysis
                Terminal.note("Registered \(sub.record.state), \(sub.record.language), item \(sub.record.items.map(String.init).joined(separator: ", ")): \(a?.words ?? 0) words, \(sub.record.original.encoding ?? sub.record.original.kind), script \(a?.scripts.joined(separator: "+") ?? "-"), sha256 \(sub.record.original.sha256.prefix(12))…")
            }
        }
    }
}

/// What every command that reads received files takes: the script check and the size limit.
struct IntakeFlags: ParsableArguments {
    @Flag(help: "Refuse a text whose script does not match the declared language.") var strict = false
    @Option(name: .customLong("max-bytes"), help: "Largest file accepted, in bytes (default 100 MiB or CRP_MAX_BYTES).") var maxBytesOption: Int?

    var maxBytes: Int { maxBytesOption ?? IntakeOptions.defaultMaxBytes }
}

struct Translate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Attach the English translation of a submission.")

    @Argument(help: "The submission id (or a unique part of it).") var id: String
    @Argument(help: "The translation file.") var file: String
    @Option(help: "Who translated it.") var translator: String?
    @Option(help: "unofficial (default) or official.") var kind: String = "unofficial"
    @Option(help: "The file's encoding, when it cannot be detected.") var encoding: String?
    @OptionGroup var ws: WorkspaceOptions
    @OptionGroup var actor: ActorOption

    func run() throws {
        try guarded {
            guard let k = TranslationRecord.Kind(rawValue: kind) else {
                throw ValidationError("--kind must be unofficial or official")
            }
            let store = try ws.store()
            let registrar = Registrar(store: store, catalog: try LocaleCatalog.load())
            let sub = try store.resolve(id)
            let updated = try registrar.translate(sub, file: URL(fileURLWithPath: file), kind: k, translator: translator.map(SafeText.oneLine), by: actor.actor, options: IntakeOptions(encoding: encoding))
            print("\(updated.id): \(updated.status.rawValue)")
        }
    }
}

/// review / include / withdraw share one shape.
protocol TransitionCommand: ParsableCommand {
    var id: String { get }
    var ws: WorkspaceOptions { get }
    var actor: ActorOption { get }
    var action: Event.Action { get }
    var reason: String? { get }
}

extension TransitionCommand {
    func run() throws {
        try guarded {
            let store = try ws.store()
            let sub = try store.resolve(id)
            let updated = try store.transition(sub, to: action, by: actor.actor, reason: reason.map(SafeText.oneLine))
            print("\(updated.id): \(updated.status.rawValue)")
        }
    }
}

struct Review: TransitionCommand {
    static let configuration = CommandConfiguration(abstract: "Mark a translated submission as reviewed.")
    @Argument(help: "The submission id.") var id: String
    @OptionGroup var ws: WorkspaceOptions
    @OptionGroup var actor: ActorOption
    var action: Event.Action { .reviewed }
    var reason: String? { nil }
}

struct Include: TransitionCommand {
    static let configuration = CommandConfiguration(abstract: "Mark a reviewed submission as included in the paper.")
    @Argument(help: "The submission id.") var id: String
    @OptionGroup var ws: WorkspaceOptions
    @OptionGroup var actor: ActorOption
    var action: Event.Action { .included }
    var reason: String? { nil }
}

struct Withdraw: TransitionCommand {
    static let configuration = CommandConfiguration(abstract: "Withdraw a submission (it stays stored, out of the paper).")
    @Argument(help: "The submission id.") var id: String
    @Option(help: "Why it is withdrawn.") var reason: String?
    @OptionGroup var ws: WorkspaceOptions
    @OptionGroup var actor: ActorOption
    var action: Event.Action { .withdrawn }
}

/// One line of `crp status --json`.
struct StatusRow: Encodable {
    let id: String, state: String, language: String, items: [Int], received: String
    let late: Bool, status: String, words: Int, translated: Bool
    let registeredBy: String
    let warnings: Int

    init(_ s: Submission, store: Store) { self.init(SubmissionSummary(s), store: store) }

    /// The rows as a pretty-printed JSON array with sorted keys, written directly (a store of
    /// thousands of submissions is listed without the generic encoder's cost).
    static func json(_ rows: [StatusRow]) -> String {
        var o = "[\n"
        o.reserveCapacity(rows.count * 300)
        for (i, r) in rows.enumerated() {
            o += "  {\n"
            o += "    \"id\" : \(JSONText.string(r.id)),\n"
            o += "    \"items\" : [\(r.items.map(String.init).joined(separator: ", "))],\n"
            o += "    \"language\" : \(JSONText.string(r.language)),\n"
            o += "    \"late\" : \(r.late),\n"
            o += "    \"received\" : \(JSONText.string(r.received)),\n"
            o += "    \"registeredBy\" : \(JSONText.string(r.registeredBy)),\n"
            o += "    \"state\" : \(JSONText.string(r.state)),\n"
            o += "    \"status\" : \(JSONText.string(r.status)),\n"
            o += "    \"translated\" : \(r.translated),\n"
            o += "    \"warnings\" : \(r.warnings),\n"
            o += "    \"words\" : \(r.words)\n"
            o += i == rows.count - 1 ? "  }\n" : "  },\n"
        }
        return o + "]\n"
    }

    init(_ s: SubmissionSummary, store: Store) {
        id = s.id; state = s.state; language = s.language; items = s.items
        received = s.received.description; late = s.received > store.paper.deadline; status = s.status.rawValue
        words = s.words; translated = s.translated; registeredBy = s.registeredBy; warnings = s.warnings
    }
}

/// JSON string literals, escaped as RFC 8259 requires.
enum JSONText {
    static func string(_ s: String) -> String {
        var o = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": o += "\\\""
            case "\\": o += "\\\\"
            case "\n": o += "\\n"
            case "\r": o += "\\r"
            case "\t": o += "\\t"
            default:
                if u.value < 0x20 || u.value == 0x2028 || u.value == 0x2029 { o += String(format: "\\u%04x", u.value) } else { o.unicodeScalars.append(u) }
            }
        }
        return o + "\""
    }
}

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List every submission and where it stands.")
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var ws: WorkspaceOptions

    func run() throws {
        try guarded {
            let store = try ws.store()
            let rows = try StatusIndex(store: store).summaries().map { StatusRow($0, store: store) }
            if json { FileHandle.standardOutput.write(Data(StatusRow.json(rows).utf8)); return }
            if rows.isEmpty { print("No submissions yet in \(store.root.path)."); return }
            let header = ["ID", "STATE", "LANG", "ITEMS", "RECEIVED", "STATUS", "WORDS", "TRANSLATED"]
            var table = [header]
            for r in rows {
                let status = r.late ? "\(r.status) (late)" : r.status
                table.append([r.id, SafeText.oneLine(r.state), r.language, r.items.map(String.init).joined(separator: ","), r.received, status, String(r.words), r.translated ? "yes" : "no"])
            }
            printTable(table)
        }
    }
}

func printTable(_ rows: [[String]]) {
    guard let first = rows.first else { return }
    var widths = [Int](repeating: 0, count: first.count)
    for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], CharacterProperties.columns(c)) } }
    for (n, r) in rows.enumerated() {
        let line = r.enumerated().map { i, c in
            i == r.count - 1 ? c : c + String(repeating: " ", count: widths[i] - CharacterProperties.columns(c))
        }.joined(separator: "  ")
        print(n == 0 ? Terminal.paint(line, "1") : line)
    }
}

struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the history of a submission.")
    @Argument(help: "The submission id.") var id: String
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var ws: WorkspaceOptions

    func run() throws {
        try guarded {
            let store = try ws.store()
            let sub = try store.resolve(id)
            if json { try Terminal.json(sub.events); return }
            for e in sub.events {
                var line = "\(e.at)  \(e.action.rawValue)  by \(SafeText.oneLine(e.by))"
                if let r = e.reason { line += "  reason: \(SafeText.oneLine(r))" }
                if let t = e.translation { line += "  translation \(t)" }
                if let n = e.note { line += "  note: \(SafeText.oneLine(n))" }
                print(line)
            }
        }
    }
}

struct Compile: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Compile the Conference Room Paper.")
    @Option(help: "md, html, docx or pdf.") var format: String = "md"
    @Option(name: .shortAndLong, help: "Write to this file (default: standard output for md and html; PAPER-SYMBOL.docx/.pdf otherwise).") var output: String?
    @Flag(help: "Take every submission that is not withdrawn, not only reviewed and included ones.") var all = false
    @Flag(help: "Add an annex with each State's text in its original language.") var withOriginals = false
    @OptionGroup var ws: WorkspaceOptions

    func run() throws {
        try guarded {
            let store = try ws.store()
            let doc = try Compiler(store: store, catalog: try LocaleCatalog.load())
                .compile(CompileOptions(selection: all ? .all : .ready, withOriginals: withOriginals))
            let data = try Renderers.render(doc, format: format)
            if let output {
                try FileIO.writeAtomically(data, to: URL(fileURLWithPath: output))
                Terminal.note("Wrote \(output) (\(data.count) bytes).")
            } else if format == "md" || format == "html" {
                FileHandle.standardOutput.write(data)
            } else {
                let name = SafeName.reduce(store.paper.symbol, limit: 60) + "." + format
                try FileIO.writeAtomically(data, to: URL(fileURLWithPath: name))
                Terminal.note("Wrote \(name) (\(data.count) bytes).")
            }
        }
    }
}
