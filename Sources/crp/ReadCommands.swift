import ArgumentParser
import Foundation
import Intake
import MultilingualText
import RoomPaper
import Submissions

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print a submission: its facts, original and translation.")
    @Argument(help: "The submission id.") var id: String
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "Print right-to-left text in visual order, shaped (for terminals without bidi).") var visual = false
    @Flag(help: "Print text in logical order (for terminals that do bidi, and for pipes).") var logical = false
    @Flag(help: "Print original and translation side by side, paragraph by paragraph.") var aligned = false
    @Option(help: "Width of the aligned view (default: terminal width or 120).") var width: Int?
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
    }

    func run() throws {
        try guarded {
            let store = try ws.store()
            let sub = try store.resolve(id)
            let original = try store.originalText(sub)
            let t = try store.translation(sub)
            if json {
                try Terminal.json(ShowJSON(record: sub.record, status: sub.status.rawValue, late: store.isLate(sub), analysis: sub.analysis,
                                           original: original, translation: t?.text, translationRecord: t?.record, events: sub.events))
                return
            }
            let useVisual = visual || (!logical && Terminal.stdoutIsTTY && ProcessInfo.processInfo.environment["CRP_TERMINAL_BIDI"] == nil)
            let r = sub.record
            func field(_ k: String, _ v: String) { print(Terminal.paint(k.padding(toLength: 12, withPad: " ", startingAt: 0), "1") + v) }
            field("id", r.id)
            field("state", SafeText.oneLine(r.state))
            field("language", r.language)
            field("items", r.items.map(String.init).joined(separator: ", "))
            field("received", r.received.description + (store.isLate(sub) ? " (late: after \(store.paper.deadline))" : ""))
            field("status", sub.status.rawValue + (sub.withdrawalReason.map { " (\(SafeText.oneLine($0)))" } ?? ""))
            field("original", "\(SafeText.oneLine(r.original.receivedName)) · \(r.original.kind) · \(r.original.encoding ?? "-") · \(r.original.bytes) bytes · sha256 \(r.original.sha256)")
            if let a = sub.analysis {
                field("scripts", a.scripts.joined(separator: ", "))
                field("directions", Dictionary(grouping: a.directions, by: { $0 }).map { "\($0.value.count) \($0.key.rawValue)" }.sorted().joined(separator: ", "))
                for key in a.counts.keys.sorted() { field(key, "\(format(a.counts[key]!.value)) (\(a.counts[key]!.rule))") }
                field("sentences", String(a.sentences))
                for w in a.warnings { print(Terminal.paint("warning: ", "33") + SafeText.oneLine(w)) }
            }
            if let t {
                field("translation", "\(t.record.kind.rawValue), by \(SafeText.oneLine(t.record.translator ?? "-")), attached \(t.record.attachedAt) · sha256 \(t.record.original.sha256)")
            }
            if aligned {
                print("")
                let w = width ?? terminalWidth()
                AlignedView.print(original: original, translation: t?.text ?? "", width: w, visual: useVisual)
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

    func format(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(v) }
}

func terminalWidth() -> Int {
    if let c = ProcessInfo.processInfo.environment["COLUMNS"], let n = Int(c), n > 20 { return n }
    var ws = winsize()
    if ioctl(1, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 20 { return Int(ws.ws_col) }
    return 120
}

/// Prints stored text safely: bidi neutralized per paragraph; visual order when asked.
func printText(_ text: String, visual: Bool) {
    for line in text.components(separatedBy: "\n") {
        print(displayLine(line, visual: visual))
    }
}

func displayLine(_ line: String, visual: Bool) -> String {
    let safe = Bidi.neutralize(String(line.unicodeScalars.filter { $0.value >= 0x20 || $0 == "\t" }.map(Character.init)))
    guard visual, Bidi.baseDirection(safe) == .rtl || safe.unicodeScalars.contains(where: { CharacterProperties.isBidiControl($0) || ($0.value >= 0x0590 && $0.value <= 0x08FF) }) else { return safe }
    let dir = Bidi.baseDirection(safe)
    return (try? Bidi.visualLine(safe, level: dir == .rtl ? .rtl : .ltr)) ?? safe
}

/// Original and translation side by side, paragraph by paragraph — the paragraphs `crp export`
/// makes units of — wrapped to the width in terminal columns (CJK characters take two, marks and
/// format characters none). Right-to-left paragraphs are right-aligned. With `visual`, lines holding
/// right-to-left text are shaped and put in visual order for terminals without bidi; otherwise they
/// stay in logical order inside an isolate (RLI/FSI…PDI) so that a bidi terminal keeps the columns.
enum AlignedView {
    static func print(original: String, translation: String, width: Int, visual: Bool) {
        for line in lines(original: original, translation: translation, width: width, visual: visual) { Swift.print(line) }
    }

    /// The lines of the view.
    static func lines(original: String, translation: String, width: Int, visual: Bool) -> [String] {
        let left = paragraphs(original), right = paragraphs(translation)
        let col = max(10, (width - 3) / 2)
        var out: [String] = []
        if !right.isEmpty && left.count != right.count {
            out.append("(the original has \(left.count) paragraphs and the translation \(right.count): they may not line up)")
        }
        for i in 0..<max(left.count, right.count) {
            let l = i < left.count ? left[i] : ""
            let r = i < right.count ? right[i] : ""
            let lrtl = Bidi.baseDirection(l) == .rtl, rrtl = Bidi.baseDirection(r) == .rtl
            // Shaped before wrapping in visual mode: shaped marks take a column of their own.
            let ll = wrap(visual ? shaped(l) : l, col), rl = wrap(visual ? shaped(r) : r, col)
            for k in 0..<max(ll.count, rl.count) {
                let a = cell(k < ll.count ? ll[k] : "", rtl: lrtl, visual: visual)
                let b = cell(k < rl.count ? rl[k] : "", rtl: rrtl, visual: visual)
                let padA = String(repeating: " ", count: max(0, col - CharacterProperties.columns(a)))
                let padB = rrtl ? String(repeating: " ", count: max(0, col - CharacterProperties.columns(b))) : ""
                out.append((lrtl ? padA + a : a + padA) + " │ " + padB + b)
            }
            out.append(String(repeating: " ", count: col) + " │")
        }
        return out
    }

    /// One wrapped line as shown: unchanged without right-to-left letters; else in visual order
    /// (shaped) when asked, or isolated in logical order.
    static func cell(_ s: String, rtl: Bool, visual: Bool) -> String {
        guard s.unicodeScalars.contains(where: isRightToLeft) else { return s }
        if visual { return (try? Bidi.visualLine(s, level: rtl ? .rtl : .ltr)) ?? s }
        return (rtl ? "\u{2067}" : "\u{2068}") + s + "\u{2069}"
    }

    static func shaped(_ s: String) -> String {
        s.unicodeScalars.contains(where: isRightToLeft) ? (try? ArabicShaping.shape(s)) ?? s : s
    }

    static func isRightToLeft(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x0590...0x08FF, 0xFB1D...0xFDFF, 0xFE70...0xFEFF, 0x10800...0x10FFF, 0x1E800...0x1EFFF: true
        default: false
        }
    }

    /// The paragraphs as `crp export` cuts them, each on one line: line ends, tabs and other
    /// controls become spaces, bidi controls are balanced.
    static func paragraphs(_ s: String) -> [String] {
        exchangeParagraphs(s).map { p in
            let flat = String(String.UnicodeScalarView(p.unicodeScalars.map { $0.value < 0x20 || ($0.value >= 0x7F && $0.value < 0xA0) ? " " : $0 }))
            return Bidi.neutralize(flat.trimmingCharacters(in: .whitespaces))
        }.filter { !$0.isEmpty }
    }

    /// Wraps at spaces (or anywhere for CJK) so that no line takes more than `width` columns.
    static func wrap(_ s: String, _ width: Int) -> [String] {
        var lines: [String] = []
        var cur = "", curW = 0
        var word = "", wordW = 0
        func flushWord() {
            if curW + wordW > width && !cur.isEmpty { lines.append(cur.trimmingCharacters(in: .whitespaces)); cur = ""; curW = 0 }
            cur += word; curW += wordW; word = ""; wordW = 0
        }
        for ch in s {
            let w = CharacterProperties.columns(String(ch))
            if ch == " " { word += " "; wordW += 1; flushWord(); continue }
            if w == 2 { flushWord() }  // CJK may break before any ideograph
            if wordW + w > width { flushWord(); if !cur.isEmpty { lines.append(cur); cur = ""; curW = 0 } }
            word.append(ch); wordW += w
            if w == 2 { flushWord() }
        }
        flushWord()
        if !cur.trimmingCharacters(in: .whitespaces).isEmpty { lines.append(cur.trimmingCharacters(in: .whitespaces)) }
        return lines.isEmpty ? [""] : lines
    }
}

struct Search: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Find submissions whose original or translation contains TEXT (ignoring case, accents, tashkeel, tatweel).")
    @Argument(help: "The text to find.") var text: String
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var ws: WorkspaceOptions

    struct Hit: Encodable { let id: String; let state: String; let field: String; let line: Int; let excerpt: String }

    func run() throws {
        try guarded {
            let store = try ws.store()
            let needle = try Normalizer.searchKey(text)
            guard !needle.isEmpty else { throw ValidationError("Give some text to search for.") }
            var hits: [Hit] = []
            for sub in try store.all() {
                var fields = [("original", try store.originalText(sub))]
                if let t = try store.translation(sub) { fields.append(("translation", t.text)) }
                for (name, body) in fields {
                    for (n, line) in body.components(separatedBy: "\n").enumerated() {
                        if try Normalizer.searchKey(line).contains(needle) {
                            hits.append(Hit(id: sub.id, state: sub.record.state, field: name, line: n + 1, excerpt: String(line.prefix(160))))
                        }
                    }
                }
            }
            if json { try Terminal.json(hits); return }
            if hits.isEmpty { Terminal.note("No submission contains \"\(SafeText.oneLine(text))\"."); throw ExitCode(1) }
            for h in hits { print("\(h.id)  \(SafeText.oneLine(h.state))  \(h.field):\(h.line)  \(displayLine(h.excerpt, visual: false))") }
        }
    }
}

struct Workload: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Sum the words still to translate, per language and status.")
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var ws: WorkspaceOptions

    struct Row: Encodable { let language: String; let status: String; let submissions: Int; let words: Int; let characters: Int; let gmxv: Double? }

    func run() throws {
        try guarded {
            let store = try ws.store()
            var acc: [String: (Int, Int, Int, Double?)] = [:]
            for s in try StatusIndex(store: store).summaries() where s.status != .withdrawn && s.language != store.paper.language && !s.hasTranslation {
                let key = "\(s.language)\t\(s.status.rawValue)"
                var v = acc[key] ?? (0, 0, 0, nil)
                v.0 += 1; v.1 += s.words; v.2 += s.characters
                if let g = s.gmxv { v.3 = (v.3 ?? 0) + g }
                acc[key] = v
            }
            let rows = acc.keys.sorted().map { k -> Row in
                let p = k.split(separator: "\t").map(String.init)
                let v = acc[k]!
                return Row(language: p[0], status: p[1], submissions: v.0, words: v.1, characters: v.2, gmxv: v.3)
            }
            if json { try Terminal.json(rows); return }
            if rows.isEmpty { print("Nothing left to translate."); return }
            var table = [["LANGUAGE", "STATUS", "SUBMISSIONS", "WORDS", "CHARACTERS", "GMX-V"]]
            for r in rows { table.append([r.language, r.status, String(r.submissions), String(r.words), String(r.characters), r.gmxv.map { String($0) } ?? "-"]) }
            table.append(["total", "", String(rows.reduce(0) { $0 + $1.submissions }), String(rows.reduce(0) { $0 + $1.words }), String(rows.reduce(0) { $0 + $1.characters }), ""])
            printTable(table)
            print("Words: ICU word break, tokens with rule status ≥ UBRK_WORD_NONE_LIMIT. GMX-V (Chinese): characters ÷ 2.8.")
        }
    }
}

struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Report the ICU version, the store's health and which optional programs are installed.")
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var ws: WorkspaceOptions

    struct Report: Encodable {
        let icu: String, unicode: String, locales: String, workspace: String?, submissions: Int?, storeProblems: Int?
        let clients: [String: String?]
    }

    func run() throws {
        try guarded {
            var clients: [String: String?] = [:]
            for c in ["soffice", "chromium", "pandoc", "xmllint", "pdftotext", "uconv", "git"] { clients[c] = which(c) }
            let store = try? ws.store()
            var problems: Int? = nil
            if let store { problems = (try? Verifier(store: store, catalog: LocaleCatalog.load()).verify().count) }
            let report = Report(icu: ICU.version, unicode: ICU.unicodeVersion, locales: LocaleCatalog.locateFolder().path,
                                workspace: store?.root.path, submissions: try? store?.ids().count, storeProblems: problems, clients: clients)
            if json { try Terminal.json(report); return }
            print("ICU \(report.icu) (Unicode \(report.unicode))")
            print("Locales: \(report.locales)")
            if let s = store { print("Workspace: \(s.root.path): \(report.submissions ?? 0) submission(s), \(problems.map { $0 == 0 ? "verify clean" : "\($0) problems (run crp verify)" } ?? "not verified")") } else { print("Workspace: none found") }
            for (c, p) in clients.sorted(by: { $0.key < $1.key }) { print("\(c.padding(toLength: 10, withPad: " ", startingAt: 0)) \(p ?? "not installed")") }
        }
    }
}

func which(_ program: String) -> String? {
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
        let p = "\(dir)/\(program)"
        if FileManager.default.isExecutableFile(atPath: p) { return p }
    }
    return nil
}
