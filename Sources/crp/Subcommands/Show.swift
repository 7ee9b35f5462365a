import ArgumentParser
import Exchange
import Foundation
import Intake
import Memory
import MultilingualText
import Secretariat
import Submissions

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print a submission: its facts, versions, original and translation.")
    @Argument(help: "The submission id.") var id: String
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "Print right-to-left text in visual order, shaped (for terminals without bidi).") var visual = false
    @Flag(help: "Print text in logical order (for terminals that do bidi, and for pipes).") var logical = false
    @Flag(help: "Print original and translation side by side, paragraph by paragraph.") var aligned = false
    @Flag(help: "Print each sentence with its best match in the translation memory (quality and origin).") var matches = false
    @Flag(name: .customLong("full-scan"), help: .hidden) var fullScan = false
    @Option(help: "Width of the aligned view (default: terminal width or 120).") var width: Int?
    @Option(
        name: .customLong("text-version"),
        help: ArgumentHelp("Show this version of the original (1 is the first received; default: the current one).", valueName: "N")) var version: Int?
    @OptionGroup var ws: WorkspaceOptions

    struct ShowJSON: Encodable {
        let record: SubmissionRecord
        let status: String
        let late: Bool
        let analysis: TextAnalysis?
        let original: String
        let translation: String?
        let translationRecord: TranslationRecord?
        let events: [Event]
        let version: Int
        let versions: [OriginalVersion]
    }

    func run() throws {
        try guarded {
            if matches { return try printMatches(try ws.open()) }
            let view = try ws.open().show(id, version: version)
            let (sub, shown, original, t) = (view.submission, view.shown, view.original, view.translation)
            if json {
                try Terminal.json(
                    ShowJSON(
                        record: sub.record, status: sub.status.rawValue, late: view.late, analysis: view.analysis,
                        original: original, translation: t?.text, translationRecord: t?.record, events: sub.events,
                        version: shown.number, versions: sub.versions))
                return
            }
            let useVisual = visual || (!logical && Terminal.stdoutIsTTY && ProcessEnvironment.current.variables["CRP_TERMINAL_BIDI"] == nil)
            printFacts(view)
            if aligned {
                print("")
                for line in AlignedView.lines(original: original, translation: t?.text ?? "", width: width ?? Terminal.width(), visual: useVisual) {
                    print(line)
                }
                return
            }
            print("\n" + Terminal.paint("— original —", "2"))
            printText(original, visual: useVisual)
            if let t {
                print("\n" + Terminal.paint("— translation —", "2"))
                printText(t.text, visual: useVisual)
            }
        }
    }

    /// The facts of the submission as shown: record, versions, the original as received, its
    /// parts and extraction, its counts, and the translation.
    func printFacts(_ view: Workspace.SubmissionView) {
        let (sub, shown, t, analysis) = (view.submission, view.shown, view.translation, view.analysis)
        let r = sub.record
        func field(_ k: String, _ v: String) { print(Terminal.paint(k.padding(toLength: 12, withPad: " ", startingAt: 0), "1") + v) }
        field("id", r.id)
        field(r.allStates.count > 1 ? "states" : "state", SafeText.oneLine(r.statesDisplay))
        field("language", r.language)
        field("items", r.items.map(String.init).joined(separator: ", "))
        field("received", r.received.description + (view.late ? " (late: after \(view.deadline))" : ""))
        field("status", sub.statusDisplay + (sub.status == .withdrawn ? sub.withdrawalReason.map { " (\(SafeText.oneLine($0)))" } ?? "" : ""))
        if sub.versions.count > 1 {
            for v in sub.versions {
                let mark = v.number == sub.version ? " (current)" : v.number == shown.number ? " (shown)" : ""
                field("version \(v.number)", "\(v.received) · \(SafeText.oneLine(v.file.receivedName)) · sha256 \(v.file.sha256.prefix(12))…\(mark)")
            }
        }
        let f = shown.file
        field("original", "\(SafeText.oneLine(f.receivedName)) · \(f.kind.rawValue) · \(f.encoding ?? "-") · \(f.bytes) bytes · sha256 \(f.sha256)")
        if let link = sub.linkNote(ofVersion: shown.number) { field("link", SafeText.oneLine(link)) }
        // Every part of what arrived, taken or left, with why (e-mail parts, Word letterheads).
        for p in sub.parts(ofVersion: shown.number) ?? [] { field("part", SafeText.oneLine(p.line)) }
        if let x = f.extraction {
            for line in ExtractionLines.lines(x, proofread: shown.number == sub.version ? sub.proofreadState : nil, folder: shown.folder, id: sub.id) {
                field(line.0, line.1)
            }
        }
        if let a = analysis {
            field("scripts", a.scripts.joined(separator: ", "))
            field("directions", Dictionary(grouping: a.directions, by: { $0 }).map { "\($0.value.count) \($0.key.rawValue)" }.sorted().joined(separator: ", "))
            for key in a.counts.keys.sorted() { field(key, "\(format(a.counts[key]!.value)) (\(a.counts[key]!.ruleInPlainWords))") }
            field("sentences", String(a.sentences))
            for w in a.warnings { print(Terminal.paint("warning: ", "33") + SafeText.oneLine(w)) }
        }
        if let t {
            field(
                "translation",
                "\(t.record.kind.rawValue) (\(t.record.effectiveSource.rawValue)), by \(SafeText.oneLine(t.record.translator ?? "-")), attached \(t.record.attachedAt) · sha256 \(t.record.original.sha256)"
            )
            if let link = sub.linkNote(ofTranslation: t.record.id) { field("link", SafeText.oneLine(link)) }
            if !view.translationsToChoose.isEmpty {
                print(Terminal.paint("warning: ", "33") + Workspace.choiceLine(sub, view.translationsToChoose) + " (the one shown is the latest)")
            }
        } else if let old = sub.outdatedTranslationID, shown.number == sub.version {
            field("translation", "none for this version (translation \(old) is of an earlier version: outdated)")
        }
    }

    func format(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(v) }
}
