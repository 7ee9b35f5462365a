import Foundation
import MultilingualText
import Platform
import Submissions

/// Which submissions go into the paper.
public enum Selection: String, Sendable {
    /// Reviewed and included submissions (the default).
    case ready
    /// Every submission that is not withdrawn (a draft for the officer).
    case all
}

/// Compile options.
public struct CompileOptions: Sendable {
    public var selection: Selection
    /// Add an annex with each State's text in its original language (originals in the paper's
    /// language are already printed in the body and are not repeated).
    public var withOriginals: Bool
    public init(selection: Selection = .ready, withOriginals: Bool = false) {
        self.selection = selection
        self.withOriginals = withOriginals
    }
}

/// What went into a compiled paper and what did not, with why: the paper never says more than
/// the records support, and the officer is told what it leaves out.
public struct CompileReport: Codable, Equatable, Sendable {
    public struct Line: Codable, Equatable, Sendable {
        public let id: String
        public let states: [String]
        public let status: String
        public let late: Bool
        /// Why it was left out or is pending; nil for a submission printed in full.
        public let reason: String?
    }

    /// Printed with their English text.
    public var included: [Line] = []
    /// Printed with a "[Translation pending…]" note instead of text (only with `--all`).
    public var pending: [Line] = []
    /// Not in the paper (not withdrawn), with why.
    public var leftOut: [Line] = []
    public var withdrawn: [Line] = []

    /// True when every submission that is not withdrawn is in the paper with its text.
    public var complete: Bool { pending.isEmpty && leftOut.isEmpty }

    /// The report in sentences, one per line, for standard error.
    public var lines: [String] {
        func names(_ l: Line) -> String { l.states.joined(separator: ", ") + (l.late ? " (late)" : "") }
        // A State with several submissions in the paper is named with each one's id.
        let repeated = Dictionary(grouping: included, by: \.states).filter { $0.value.count > 1 }
        func named(_ l: Line) -> String { names(l) + (repeated[l.states] != nil ? " [\(l.id)]" : "") }
        var out = [
            "Compiled: \(included.count) submission(s) in the paper" + (included.isEmpty ? "." : ": " + included.map(named).joined(separator: "; ") + ".")
        ]
        for l in pending { out.append("Pending in the paper: \(l.id) (\(names(l))): \(l.reason ?? "")") }
        for l in leftOut { out.append("Left out: \(l.id) (\(names(l))): \(l.reason ?? "")") }
        for l in withdrawn { out.append("Left out: \(l.id) (\(names(l))): withdrawn\(l.reason.map { " (\($0))" } ?? "")") }
        if let warning = nothingReadyWarning { out.append(warning) }
        if let warning = unnamedStatesWarning { out.append(warning) }
        return out
    }

    /// States whose comments were received but none of which is printed: the paper's first
    /// paragraph ("Within the deadline, the Secretariat received comments from …") does not name
    /// them although they sent comments. Said, so that the officer does not send a paper that
    /// leaves a State out unknowingly (`--strict` refuses it, as anything left out).
    public var unnamedStatesWarning: String? {
        guard !included.isEmpty || !pending.isEmpty else { return nil }
        let printed = Set((included + pending).flatMap(\.states))
        var missing: [String] = []
        for l in leftOut { for s in l.states where !printed.contains(s) && !missing.contains(s) { missing.append(s) } }
        guard !missing.isEmpty else { return nil }
        return
            "Warning: the paper does not name \(missing.joined(separator: ", ")), whose comments were received but are not ready (listed above): its first paragraph lists only the States printed. Finish them first, or compile a draft of everything registered with --all."
    }

    /// With nothing printed while submissions wait, the paper's introduction says the Secretariat
    /// "received no comments", which is not so: said, so that such a draft is not sent (`--strict`
    /// refuses it, as anything left out).
    public var nothingReadyWarning: String? {
        guard included.isEmpty && pending.isEmpty && !leftOut.isEmpty else { return nil }
        return
            "Warning: this paper says the Secretariat received no comments, but \(leftOut.count) submission(s) are registered and waiting (listed above). Review them first, or compile a draft of everything registered with --all."
    }
}

/// A compiled paper and its report.
public struct CompiledPaper: Sendable {
    public let document: Document
    public let report: CompileReport
    /// For each submission printed whose text is not the one its records hold (a file changed
    /// outside crp), the problems found, by id (`Store.printedTexts`): the bytes checked are the
    /// bytes printed. Compile refuses such a paper (`Workspace.compile`).
    public var alteredTexts: [String: [String]] = [:]

    public init(document: Document, report: CompileReport, alteredTexts: [String: [String]] = [:]) {
        self.document = document
        self.report = report
        self.alteredTexts = alteredTexts
    }
}

/// Builds the `Document` of a paper from its definition, the store and the locale.
public struct Compiler: Sendable {
    public let store: Store
    public let catalog: LocaleCatalog

    public init(store: Store, catalog: LocaleCatalog) {
        self.store = store
        self.catalog = catalog
    }

    /// A State's submission with the texts the paper needs.
    struct Entry {
        var sub: Submission
        var translation: TranslationRecord?
        /// The original, kept only for the annex of originals (`withOriginals`, not in the paper's language).
        var originalText: String?
        var late: Bool
        /// The States in the collation order of the paper's language.
        var states: [String]
        /// The paper's text (the translation, or the original in the paper's language) as blocks;
        /// nil while the translation is pending.
        var paperBlocks: [Block]?
        /// What `Store.printedTexts` found altered in the texts read.
        var problems: [String] = []
    }

    /// What a selected submission brings to the paper, read from the store. Only the blocks are
    /// kept of the paper's text (the strings are dropped once cut), and the original only when
    /// the annex prints it.
    struct Texts: Sendable {
        var original: String?
        var translation: TranslationRecord?
        var blocks: [Block]?
        var problems: [String] = []
    }

    public func compile(_ options: CompileOptions = CompileOptions()) throws -> Document {
        try compileWithReport(options).document
    }

    /// Why a submission that is not withdrawn is not printed with its text.
    func reasonNotReady(_ sub: Submission) -> String {
        switch sub.status {
        case .received where sub.outdatedTranslationID != nil:
            return "translation outdated after a revision (version \(sub.version) needs its own translation)"
        case .received: return "not translated"
        case .translated: return "translated, not reviewed"
        default: return sub.status.rawValue
        }
    }

    /// Compiles the paper in five steps a reader can follow: select the submissions (and say why
    /// the others are left out), read their texts, order them, make the sentences the records
    /// support, and build the document (masthead, introduction, comments item by item, annex).
    /// `submissions`: the store's submissions already read (compile's caller reads them with the
    /// chain of their histories, `Store.allAudited`), else read here.
    public func compileWithReport(_ options: CompileOptions = CompileOptions(), submissions: [Submission]? = nil) throws -> CompiledPaper {
        let c = try Compilation(compiler: self, options: options)
        let subs = try submissions ?? store.all(analysis: false)
        let texts = c.read(subs, wanted: subs.indices.filter { c.mayGoIn(subs[$0]) })
        let (entries, report) = try c.select(subs, texts: texts)
        let sentences = try c.sentences(entries)
        var blocks: [Block] = []
        var footnotes: [Footnote] = []
        try c.masthead(into: &blocks, footnotes: &footnotes)
        c.introduction(sentences, into: &blocks)
        try c.comments(entries, into: &blocks)
        if options.withOriginals { try c.annex(entries, into: &blocks) }
        let paper = store.paper
        let document = Document(
            language: c.L, direction: c.lang.direction,
            metadata: Metadata(
                symbol: paper.symbol, title: paper.title, date: c.lang.format(paper.date), distribution: paper.distribution, subject: paper.agenda.title),
            blocks: blocks, footnotes: footnotes)
        let altered = Dictionary(entries.filter { !$0.problems.isEmpty }.map { ($0.sub.id, $0.problems) }, uniquingKeysWith: +)
        return CompiledPaper(document: document, report: report, alteredTexts: altered)
    }

    /// The heading above a comment: the State's bare name, or the States of a joint text joined.
    func heading(_ e: Entry, lang: LanguageResources) throws -> String {
        e.states.count == 1 ? e.states[0] : try ListFormat.join(e.states, locale: lang.listLocale)
    }

    /// One sentence per kind of translator, in the order internal resources, contractor, the
    /// States themselves, the Secretariat — "(Morocco in Arabic and Peru in Spanish)" inside the
    /// locale's sentence — or "" when every comment was in the paper's language.
    func translationSentence(_ entries: [Entry], lang: LanguageResources, collator: Collator) throws -> String {
        var sentences: [String] = []
        let keys: [(TranslationSource, String)] = [
            (.internal, "translated_unofficially"), (.contractor, "translated_contractor"),
            (.unstated, "translated_unofficially_unstated"),
            (.state, "translated_by_state"), (.secretariat, "translated_officially"),
        ]
        for (source, key) in keys {
            var byState: [String: [String]] = [:]
            var submissions = 0
            for e in entries where e.sub.record.language != store.paper.language && e.translation?.effectiveSource == source {
                submissions += 1
                let name = lang.languages[e.sub.record.language] ?? e.sub.record.language
                for state in e.states where !(byState[state] ?? []).contains(name) { byState[state, default: []].append(name) }
            }
            if byState.isEmpty { continue }
            let list = try languageGroups(byState, collator: collator).map { group in
                lang.sentence(
                    "translated_entry",
                    [
                        "state": try ListFormat.join(group.states.map(catalog.runningName), locale: lang.listLocale),
                        "language": try ListFormat.join(group.languages, locale: lang.listLocale),
                    ])
            }
            let sentence = lang.sentence(key, count: submissions, ["list": try ListFormat.join(list, locale: lang.listLocale)])
            if !sentences.contains(sentence) { sentences.append(sentence) }
        }
        return sentences.joined(separator: " ")
    }

    /// States that wrote in the same languages, named together ("Mexico and Peru in Spanish", not
    /// "Mexico in Spanish and Peru in Spanish", which a joint text would otherwise print), in the
    /// collation order of each group's first State.
    func languageGroups(_ byState: [String: [String]], collator: Collator) -> [(states: [String], languages: [String])] {
        var groups: [(states: [String], languages: [String])] = []
        for state in collator.sorted(Array(byState.keys)) {
            let languages = byState[state] ?? []
            if let i = groups.firstIndex(where: { $0.languages == languages }) {
                groups[i].states.append(state)
            } else {
                groups.append((states: [state], languages: languages))
            }
        }
        return groups
    }
}

/// Splits a State's text into paragraphs and lettered points.
public enum TextBlocks {
    /// Paragraphs are separated by blank lines (or by line ends when the text has no blank line);
    /// a paragraph that starts with a label such as "(a)", "a)", "(iv)" or "(أ)" is a point.
    /// Works on the stored text (LF line ends) without Foundation string calls: a paper of a
    /// million words is split in milliseconds.
    ///
    /// Tables and a State's own notes follow the conventions of `StateText`: a run of lines with
    /// the same number of tabs is a table (a row per line, cells split at tabs), `[^1]` refers to a
    /// note and a paragraph `[^1]: text` is the note.
    public static func blocks(from text: String, language: String) -> [Block] {
        if StateText.mayHoldTablesOrNotes(text) { return StateText.blocks(from: text, language: language) }
        return simpleBlocks(from: text, language: language)
    }

    /// Paragraphs and points only (no tables, no notes).
    static func simpleBlocks(from text: String, language: String) -> [Block] {
        var lines: [Substring] = []
        var start = text.startIndex
        let u = text.utf8
        var i = u.startIndex
        while i < u.endIndex {
            if u[i] == 0x0A {
                lines.append(text[start..<i])
                start = u.index(after: i)
            }
            i = u.index(after: i)
        }
        lines.append(text[start..<text.endIndex])
        let trimmedLines = lines.map(trim)
        let hasBlank = trimmedLines.contains { $0.isEmpty } && trimmedLines.contains { !$0.isEmpty } && trimmedLines.dropLast().contains { $0.isEmpty }
        var pieces: [String] = []
        if hasBlank {
            var current: [Substring] = []
            for l in trimmedLines {
                if l.isEmpty {
                    if !current.isEmpty { pieces.append(current.joined(separator: " ")); current.removeAll() }
                } else {
                    current.append(l)
                }
            }
            if !current.isEmpty { pieces.append(current.joined(separator: " ")) }
        } else {
            pieces = trimmedLines.filter { !$0.isEmpty }.map(String.init)
        }
        var out: [Block] = []
        out.reserveCapacity(pieces.count)
        for p in pieces {
            let safe = Bidi.neutralize(p)
            let direction = Self.direction(safe)
            if let (label, rest) = splitLabel(safe) {
                out.append(.point(Point(label: label, runs: lineRuns(rest), language: language, direction: direction, fromState: true)))
            } else {
                out.append(.paragraph(Paragraph(role: .comment, number: nil, runs: lineRuns(safe), language: language, direction: direction)))
            }
        }
        return out
    }

    /// A paragraph's text as runs: LINE SEPARATOR (U+2028, a hard line break inside a paragraph —
    /// a letterhead's lines, a signature block) becomes a line break, printed `<br>` in Markdown
    /// and HTML and `w:br` in Word.
    static func lineRuns(_ s: String) -> [Inline] {
        guard s.unicodeScalars.contains("\u{2028}") else { return [.text(s)] }
        var runs: [Inline] = []
        for (k, piece) in s.split(separator: "\u{2028}", omittingEmptySubsequences: false).enumerated() {
            if k > 0 { runs.append(.lineBreak) }
            let t = trim(piece)
            if !t.isEmpty { runs.append(.text(String(t))) }
        }
        return runs
    }

    /// Direction from the first strong character; plain ASCII text is decided without ICU.
    static func direction(_ s: String) -> TextDirection {
        for b in s.utf8 {
            if b >= 0x80 { break }
            if (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) { return .ltr }
        }
        let d = Bidi.baseDirection(s)
        return d == .neutral ? .ltr : d
    }

    /// White space trimmed at both ends (Unicode white space, NBSP included).
    static func trim(_ s: Substring) -> Substring {
        var a = s.unicodeScalars.startIndex, b = s.unicodeScalars.endIndex
        while a < b, s.unicodeScalars[a].properties.isWhitespace { a = s.unicodeScalars.index(after: a) }
        while b > a, s.unicodeScalars[s.unicodeScalars.index(before: b)].properties.isWhitespace { b = s.unicodeScalars.index(before: b) }
        return s[a..<b]
    }

    /// "(a) text" → ("(a)", "text"); also "a) text" and labels in other scripts, up to 3 letters.
    static func splitLabel(_ p: String) -> (String, String)? {
        let view = p.unicodeScalars
        var idx = view.startIndex
        guard idx < view.endIndex else { return nil }
        let open = view[idx] == "("
        if open { idx = view.index(after: idx) }
        var letters = 0
        while idx < view.endIndex, letters <= 3, view[idx].properties.isAlphabetic || view[idx].properties.generalCategory == .nonspacingMark {
            idx = view.index(after: idx); letters += 1
        }
        guard letters >= 1, letters <= 3, idx < view.endIndex, view[idx] == ")" else { return nil }
        idx = view.index(after: idx)
        guard idx < view.endIndex, view[idx] == " " || view[idx] == "\t" || view[idx] == "\u{00A0}" else { return nil }
        if !open && letters > 1 { return nil }
        let label = String(p[p.startIndex..<idx])
        let rest = String(trim(p[view.index(after: idx)...]))
        return (label, rest)
    }
}
