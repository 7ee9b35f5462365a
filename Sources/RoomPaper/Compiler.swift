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
            entries.append(Entry(sub: sub, paperText: try store.paperText(sub), translationKind: t?.record.kind, originalText: try store.originalText(sub)))
        }
        let itemOrder = paper.items.map(\.number)
        func homeItem(_ e: Entry) -> Int { itemOrder.first { e.sub.record.items.contains($0) } ?? e.sub.record.items[0] }
        func ordered(_ list: [Entry]) -> [Entry] {
            list.sorted { a, b in
                if a.sub.record.state != b.sub.record.state { return collator.less(a.sub.record.state, b.sub.record.state) }
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
    public static func blocks(from text: String, language: String) -> [Block] {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n")
        let hasBlank = normalized.contains("\n\n")
        let pieces = hasBlank
            ? normalized.components(separatedBy: "\n\n").map { $0.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ") }
            : normalized.components(separatedBy: "\n")
        var out: [Block] = []
        for raw in pieces {
            let p = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if p.isEmpty { continue }
            let safe = Bidi.neutralize(p)
            let dir = Bidi.baseDirection(safe)
            let direction: TextDirection = dir == .neutral ? .ltr : dir
            if let (label, rest) = splitLabel(safe) {
                out.append(.point(Point(label: label, runs: [.text(rest)], language: language, direction: direction, fromState: true)))
            } else {
                out.append(.paragraph(Paragraph(role: .comment, number: nil, runs: [.text(safe)], language: language, direction: direction)))
            }
        }
        return out
    }

    /// "(a) text" → ("(a)", "text"); also "a) text" and labels in other scripts, up to 3 letters.
    static func splitLabel(_ p: String) -> (String, String)? {
        let scalars = Array(p.unicodeScalars.prefix(12))
        var i = 0
        let open = scalars.first == "("
        if open { i = 1 }
        var letters = 0
        while i < scalars.count, scalars[i].properties.isAlphabetic || scalars[i].properties.generalCategory == .nonspacingMark {
            i += 1; letters += 1
        }
        guard letters >= 1, letters <= 3, i < scalars.count, scalars[i] == ")" else { return nil }
        i += 1
        guard i < scalars.count, scalars[i] == " " || scalars[i] == "\t" || scalars[i] == "\u{00A0}" else { return nil }
        if !open && letters > 1 { return nil }
        let label = String(String.UnicodeScalarView(scalars[0..<i]))
        let rest = String(p.unicodeScalars.dropFirst(i + 1)).trimmingCharacters(in: .whitespaces)
        return (label, rest)
    }
}
