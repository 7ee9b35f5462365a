import Foundation
import MultilingualText
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
    /// Add an annex with each State's text in its original language.
    public var withOriginals: Bool
    public init(selection: Selection = .ready, withOriginals: Bool = false) {
        self.selection = selection
        self.withOriginals = withOriginals
    }
}

/// Builds the `Document` of a paper from its definition, the store and the locale.
public struct Compiler {
    public let store: Store
    public let catalog: LocaleCatalog

    public init(store: Store, catalog: LocaleCatalog) {
        self.store = store
        self.catalog = catalog
    }

    /// A State's submission with the texts the paper needs.
    struct Entry {
        var sub: Submission
        var paperText: String?
        var translationKind: TranslationRecord.Kind?
        var originalText: String
    }

    public func compile(_ options: CompileOptions = CompileOptions()) throws -> Document {
        let paper = store.paper
        let lang = try catalog.language(paper.language)
        let collator = try Collator(locale: lang.collation)
        let L = paper.language

        // Selection.
        var entries: [Entry] = []
        for sub in try store.all() {
            let s = sub.status
            let take = options.selection == .all ? s != .withdrawn : (s == .reviewed || s == .included)
            guard take else { continue }
            let t = try store.translation(sub)
            // The original is read once: it is the paper's text when already in the paper's language.
            let original = try store.originalText(sub)
            let paperText = t?.text ?? (sub.record.language == paper.language ? original : nil)
            entries.append(Entry(sub: sub, paperText: paperText, translationKind: t?.record.kind, originalText: original))
        }
        let itemOrder = paper.items.map(\.number)
        func homeItem(_ e: Entry) -> Int { itemOrder.first { e.sub.record.items.contains($0) } ?? e.sub.record.items[0] }
        // States in the collation order of the paper's language; a State's submissions by agenda
        // item, then date received (the id only breaks a tie, so the order never depends on it
        // otherwise).
        func ordered(_ list: [Entry]) -> [Entry] {
            list.sorted { a, b in
                if a.sub.record.state != b.sub.record.state { return collator.less(a.sub.record.state, b.sub.record.state) }
                let ia = itemOrder.firstIndex(of: homeItem(a)) ?? Int.max, ib = itemOrder.firstIndex(of: homeItem(b)) ?? Int.max
                if ia != ib { return ia < ib }
                if a.sub.record.received != b.sub.record.received { return a.sub.record.received < b.sub.record.received }
                return a.sub.id < b.sub.id
            }
        }

        // Sentences generated from the store.
        let states = collator.sorted(Array(Set(entries.map(\.sub.record.state))))
        let receivedSentence = states.isEmpty
            ? lang.sentence("received_no_comments")
            : lang.sentence("received_comments", ["states": try ListFormat.join(states, locale: lang.listLocale)])
        let translationNote = try translationSentence(entries, lang: lang, collator: collator)

        var blocks: [Block] = []
        var footnotes: [Footnote] = []

        // Masthead.
        let agendaItems = try ListFormat.join(paper.agenda.items.map(String.init), locale: lang.listLocale)
        let agendaText = lang.sentence(paper.agenda.items.count == 1 ? "provisional_agenda_one" : "provisional_agenda_many", ["items": agendaItems])
        footnotes.append(Footnote(marker: "*", text: paper.agenda.symbol + "."))
        blocks.append(.masthead(Masthead(
            symbol: paper.symbol, date: lang.format(paper.date), distribution: paper.distribution, body: paper.body,
            session: paper.session, venueAndDates: "\(paper.venue), \(lang.format(from: paper.dates.from, to: paper.dates.to))",
            agendaLine: [.text(agendaText), .noteReference("*")], agendaTitle: paper.agenda.title)))
        var titleRuns: [Inline] = [.text(paper.title)]
        if paper.unedited == true {
            titleRuns.append(.noteReference("**"))
            footnotes.append(Footnote(marker: "**", text: lang.sentence("not_edited")))
        }
        blocks.append(.heading(Heading(role: .title, number: nil, runs: titleRuns, language: L, direction: lang.direction)))
        if let sub = paper.subtitle {
            blocks.append(.heading(Heading(role: .subtitle, number: nil, runs: [.text(sub)], language: L, direction: lang.direction)))
        }

        // I. Introduction.
        var chapter = 1
        blocks.append(.heading(Heading(role: .chapter, number: roman(chapter) + ".", runs: [.text(paper.introduction.heading)], language: L, direction: lang.direction)))
        var number = 0
        for p in paper.introduction.paragraphs {
            number += 1
            var text = p.replacingOccurrences(of: "{{received_comments}}", with: receivedSentence)
            text = text.replacingOccurrences(of: "{{translation_note}}", with: translationNote)
            text = text.replacingOccurrences(of: "  ", with: " ").trimmingCharacters(in: .whitespaces)
            blocks.append(.paragraph(Paragraph(role: .body, number: number, runs: [.text(text)], language: L, direction: lang.direction)))
        }

        // II. Discussion points and comments, item by item.
        chapter += 1
        blocks.append(.heading(Heading(role: .chapter, number: roman(chapter) + ".", runs: [.text(paper.comments.heading)], language: L, direction: lang.direction)))
        for item in paper.items {
            blocks.append(.heading(Heading(role: .itemNumber, number: nil, runs: [.text(lang.sentence("agenda_item", ["number": String(item.number)]))], language: L, direction: lang.direction)))
            blocks.append(.heading(Heading(role: .itemTitle, number: nil, runs: [.text(item.title)], language: L, direction: lang.direction)))
            if !item.points.isEmpty {
                blocks.append(.paragraph(Paragraph(role: .lead, number: nil, runs: [.text(paper.comments.lead)], language: L, direction: lang.direction)))
                for (i, point) in item.points.enumerated() {
                    blocks.append(.point(Point(label: lang.letter(i), runs: [.text(point)], language: L, direction: lang.direction, fromState: false)))
                }
            }
            for e in ordered(entries.filter { homeItem($0) == item.number }) {
                blocks.append(.heading(Heading(role: .state, number: nil, runs: [.field(e.sub.record.state)], language: L, direction: lang.direction)))
                let others = e.sub.record.items.filter { $0 != item.number }
                if !others.isEmpty {
                    let list = try ListFormat.join(others.map(String.init), locale: lang.listLocale)
                    blocks.append(.paragraph(Paragraph(role: .note, number: nil, runs: [.text(lang.sentence("also_concerns", ["items": list]))], language: L, direction: lang.direction)))
                }
                if let text = e.paperText {
                    blocks += TextBlocks.blocks(from: text, language: L)
                } else {
                    let langName = lang.languages[e.sub.record.language] ?? e.sub.record.language
                    blocks.append(.paragraph(Paragraph(role: .note, number: nil, runs: [.text(lang.sentence("translation_pending", ["language": langName]))], language: L, direction: lang.direction)))
                }
            }
        }

        // Annex: the originals, each in its own language and direction.
        if options.withOriginals {
            let originals = ordered(entries)
            if !originals.isEmpty {
                blocks.append(.pageBreak)
                blocks.append(.heading(Heading(role: .annex, number: nil, runs: [.text(lang.sentence("annex"))], language: L, direction: lang.direction)))
                blocks.append(.heading(Heading(role: .annexSection, number: nil, runs: [.text(lang.sentence("originals_title"))], language: L, direction: lang.direction)))
                for e in originals {
                    let langName = lang.languages[e.sub.record.language] ?? e.sub.record.language
                    let items = try ListFormat.join(e.sub.record.items.map(String.init), locale: lang.listLocale)
                    let title = lang.sentence("original_of", ["state": "\u{1}", "language": langName]) + " (" + lang.sentence("agenda_item", ["number": items]) + ")"
                    let parts = title.components(separatedBy: "\u{1}")
                    var runs: [Inline] = []
                    for (i, part) in parts.enumerated() {
                        if i > 0 { runs.append(.field(e.sub.record.state)) }
                        if !part.isEmpty { runs.append(.text(part)) }
                    }
                    blocks.append(.heading(Heading(role: .state, number: nil, runs: runs, language: L, direction: lang.direction)))
                    blocks += TextBlocks.blocks(from: e.originalText, language: e.sub.record.language)
                }
            }
        }

        return Document(
            language: L, direction: lang.direction,
            metadata: Metadata(symbol: paper.symbol, title: paper.title, date: lang.format(paper.date), distribution: paper.distribution, subject: paper.agenda.title),
            blocks: blocks, footnotes: footnotes)
    }

    /// "(Morocco in Arabic and Peru in Spanish)" inside the locale's sentence, or "" when every
    /// comment was in the paper's language.
    func translationSentence(_ entries: [Entry], lang: LanguageResources, collator: Collator) throws -> String {
        var sentences: [String] = []
        for kind in [TranslationRecord.Kind.unofficial, .official] {
            var byState: [String: [String]] = [:]
            for e in entries where e.sub.record.language != store.paper.language && e.translationKind == kind {
                let name = lang.languages[e.sub.record.language] ?? e.sub.record.language
                if !(byState[e.sub.record.state] ?? []).contains(name) { byState[e.sub.record.state, default: []].append(name) }
            }
            if byState.isEmpty { continue }
            let list = try collator.sorted(Array(byState.keys)).map { state in
                lang.sentence("translated_entry", ["state": state, "language": try ListFormat.join(byState[state]!, locale: lang.listLocale)])
            }
            sentences.append(lang.sentence(kind == .unofficial ? "translated_unofficially" : "translated_officially",
                                           ["list": try ListFormat.join(list, locale: lang.listLocale)]))
        }
        return sentences.joined(separator: " ")
    }
}

/// Roman numerals for chapter numbers.
func roman(_ n: Int) -> String {
    let table: [(Int, String)] = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    var n = n, out = ""
    for (v, s) in table { while n >= v { out += s; n -= v } }
    return out
}

/// Splits a State's text into paragraphs and lettered points.
public enum TextBlocks {
    /// Paragraphs are separated by blank lines (or by line ends when the text has no blank line);
    /// a paragraph that starts with a label such as "(a)", "a)", "(iv)" or "(أ)" is a point.
    /// Works on the stored text (LF line ends) without Foundation string calls: a paper of a
    /// million words is split in milliseconds.
    public static func blocks(from text: String, language: String) -> [Block] {
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
                } else { current.append(l) }
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
                out.append(.point(Point(label: label, runs: [.text(rest)], language: language, direction: direction, fromState: true)))
            } else {
                out.append(.paragraph(Paragraph(role: .comment, number: nil, runs: [.text(safe)], language: language, direction: direction)))
            }
        }
        return out
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
