import Foundation
import MultilingualText
import Platform
import Submissions

/// One compilation of the paper: the paper's language resources, its collation and its agenda
/// order, and each step of `Compiler.compileWithReport` as a function of its own.
struct Compilation {
    typealias Entry = Compiler.Entry
    let compiler: Compiler
    let options: CompileOptions
    let paper: PaperDefinition
    let lang: LanguageResources
    let collator: Collator
    /// The paper's language.
    let L: String
    /// The agenda items in the paper's order.
    let itemOrder: [Int]

    init(compiler: Compiler, options: CompileOptions) throws {
        self.compiler = compiler
        self.options = options
        paper = compiler.store.paper
        lang = try compiler.catalog.language(paper.language)
        collator = try Collator(locale: lang.collation)
        L = paper.language
        itemOrder = paper.items.map(\.number)
    }

    var store: Store { compiler.store }
    var catalog: LocaleCatalog { compiler.catalog }

    // MARK: 1. select

    /// True when a submission's text may be printed: not withdrawn, proofread if it was read by
    /// OCR, and reviewed or included (or anything, with `--all`).
    func mayGoIn(_ sub: Submission) -> Bool {
        let s = sub.status
        return s != .withdrawn && !sub.needsProofreading && (s == .reviewed || s == .included || options.selection == .all)
    }

    /// The entries printed, in store order, and the report of what went in and what was left out
    /// with why. `texts` holds what `read` read (a submission it did not read is read here).
    func select(_ subs: [Submission], texts: [Result<Compiler.Texts, Error>?]) throws -> (entries: [Entry], report: CompileReport) {
        var report = CompileReport()
        var entries: [Entry] = []
        for (k, sub) in subs.enumerated() {
            let s = sub.status
            let late = store.isLate(sub)
            let states = collator.sorted(sub.record.allStates)
            func line(_ reason: String?) -> CompileReport.Line {
                CompileReport.Line(id: sub.id, states: states, status: s.rawValue, late: late, reason: reason)
            }
            if s == .withdrawn {
                report.withdrawn.append(line(sub.withdrawalReason))
                continue
            }
            // OCR text nobody has proofread is printed nowhere, not even with --all.
            if sub.needsProofreading {
                report.leftOut.append(line("read by OCR and not yet proofread (crp proofread \(sub.id))"))
                continue
            }
            let ready = s == .reviewed || s == .included
            guard ready || options.selection == .all else {
                report.leftOut.append(line(compiler.reasonNotReady(sub)))
                continue
            }
            let got = try texts[k]?.get() ?? Self.texts(of: sub, store: store, language: L, annex: options.withOriginals)
            entries.append(
                Entry(
                    sub: sub, translation: got.translation, originalText: got.original, late: late, states: states, paperBlocks: got.blocks,
                    problems: got.problems))
            if got.blocks == nil {
                report.pending.append(line("\(compiler.reasonNotReady(sub)): printed as \"translation pending\""))
            } else if !ready {
                report.pending.append(line("\(compiler.reasonNotReady(sub)): printed unreviewed (--all)"))
            } else {
                report.included.append(line(nil))
            }
        }
        return (entries, report)
    }

    // MARK: 2. read

    /// The texts of the submissions at `wanted`, read and cut into blocks on every core; nil for
    /// the others.
    func read(_ subs: [Submission], wanted: [Int]) -> [Result<Compiler.Texts, Error>?] {
        let (store, L, annex) = (self.store, self.L, options.withOriginals)
        let read = Locked([Result<Compiler.Texts, Error>?](repeating: nil, count: subs.count))
        DispatchQueue.concurrentPerform(iterations: wanted.count) { j in
            let r = Result { try Self.texts(of: subs[wanted[j]], store: store, language: L, annex: annex) }
            read.withLock { $0[wanted[j]] = r }
        }
        return read.current
    }

    /// What a submission brings to the paper. The original is read once: it is the paper's text
    /// when already in the paper's language, and kept only for the annex of originals. Each text
    /// is checked against its records from the bytes read (`Store.printedTexts`).
    static func texts(of sub: Submission, store: Store, language L: String, annex withOriginals: Bool) throws -> Compiler.Texts {
        let read = try store.printedTexts(sub, withTranslation: sub.record.language != L)
        let text = sub.record.language == L ? read.original : read.translation?.text
        let annex = withOriginals && sub.record.language != L
        return Compiler.Texts(
            original: annex ? read.original : nil, translation: read.translation?.record, blocks: text.map { TextBlocks.blocks(from: $0, language: L) },
            problems: read.problems)
    }

    // MARK: 3. order

    /// The item a text is printed under: the first of its items in the paper's order.
    func homeItem(_ e: Entry) -> Int { itemOrder.first { e.sub.record.items.contains($0) } ?? e.sub.record.items[0] }

    /// States in the collation order of the paper's language (a joint text by its first State);
    /// a State's submissions by agenda item, then date received (the id only breaks a tie, so the
    /// order never depends on it otherwise).
    func ordered(_ list: [Entry]) -> [Entry] {
        list.sorted { a, b in
            if a.states != b.states {
                for (x, y) in zip(a.states, b.states) where x != y { return collator.less(x, y) }
                return a.states.count < b.states.count
            }
            let ia = itemOrder.firstIndex(of: homeItem(a)) ?? Int.max, ib = itemOrder.firstIndex(of: homeItem(b)) ?? Int.max
            if ia != ib { return ia < ib }
            if a.sub.record.received != b.sub.record.received { return a.sub.record.received < b.sub.record.received }
            return a.sub.id < b.sub.id
        }
    }

    // MARK: 4. sentences

    /// The sentences generated from the store for the introduction.
    struct Sentences {
        /// Who commented within the deadline (or "no comments").
        var received: String
        /// Everyone who commented.
        var all: String
        /// Who commented after the deadline ("" when nobody).
        var late: String
        /// Who translated what from which language.
        var translation: String
    }

    /// Who commented within the deadline, who after it, who at all, and who translated.
    func sentences(_ entries: [Entry]) throws -> Sentences {
        func stateList(_ list: [Entry]) throws -> String? {
            let names = collator.sorted(Array(Set(list.flatMap(\.states))))
            if names.isEmpty { return nil }
            return try ListFormat.join(names.map(catalog.runningName), locale: lang.listLocale)
        }
        let onTime = try stateList(entries.filter { !$0.late })
        let lateList = try stateList(entries.filter(\.late))
        let everyone = try stateList(entries)
        return Sentences(
            received: onTime.map { lang.sentence("received_comments", ["states": $0]) } ?? lang.sentence("received_no_comments"),
            all: everyone.map { lang.sentence("received_comments", ["states": $0]) } ?? lang.sentence("received_no_comments"),
            late: lateList.map { lang.sentence("received_comments_late", ["states": $0]) } ?? "",
            translation: try compiler.translationSentence(entries, lang: lang, collator: collator))
    }

    // MARK: 5. document

    /// A heading in the paper's language and direction.
    func heading(_ role: HeadingRole, number: String? = nil, _ runs: [Inline]) -> Block {
        .heading(Heading(role: role, number: number, runs: runs, language: L, direction: lang.direction))
    }

    /// The masthead (symbol, date, body, session, the agenda line with its note), the title and
    /// the subtitle.
    func masthead(into blocks: inout [Block], footnotes: inout [Footnote]) throws {
        let agendaItems = try ListFormat.join(paper.agenda.items.map(String.init), locale: lang.listLocale)
        let agendaText = lang.sentence(paper.agenda.items.count == 1 ? "provisional_agenda_one" : "provisional_agenda_many", ["items": agendaItems])
        footnotes.append(Footnote(marker: "*", text: paper.agenda.symbol + "."))
        blocks.append(
            .masthead(
                Masthead(
                    symbol: paper.symbol, date: lang.format(paper.date), distribution: paper.distribution, body: paper.body,
                    session: paper.session, venueAndDates: "\(paper.venue), \(lang.format(from: paper.dates.from, to: paper.dates.to))",
                    agendaLine: [.text(agendaText), .noteReference("*")], agendaTitle: paper.agenda.title)))
        var titleRuns: [Inline] = [.text(paper.title)]
        if paper.unedited == true {
            titleRuns.append(.noteReference("**"))
            footnotes.append(Footnote(marker: "**", text: lang.sentence("not_edited")))
        }
        blocks.append(heading(.title, titleRuns))
        if let sub = paper.subtitle { blocks.append(heading(.subtitle, [.text(sub)])) }
    }

    /// I. Introduction: the definition's numbered paragraphs with the generated sentences in place.
    func introduction(_ s: Sentences, into blocks: inout [Block]) {
        blocks.append(heading(.chapter, number: lang.chapterNumber(1), [.text(paper.introduction.heading)]))
        let definitionSaysLate = paper.introduction.paragraphs.contains { $0.contains("{{received_comments_late}}") }
        var number = 0
        for p in paper.introduction.paragraphs {
            number += 1
            var text = p
            if !definitionSaysLate && !s.late.isEmpty, let r = text.range(of: "{{received_comments}}") {
                // The definition names only the States within the deadline: the late ones get their
                // own sentence right after that one.
                let rest = text[r.upperBound...]
                let end = rest.firstIndex(where: { $0 == "." || $0 == "。" }).map { rest.index(after: $0) } ?? rest.endIndex
                text.insert(contentsOf: " " + s.late, at: end)
            }
            text = text.replacingOccurrences(of: "{{received_comments_late}}", with: s.late)
            text = text.replacingOccurrences(of: "{{received_comments_all}}", with: s.all)
            text = text.replacingOccurrences(of: "{{received_comments}}", with: s.received)
            text = text.replacingOccurrences(of: "{{translation_note}}", with: s.translation)
            text = text.replacingOccurrences(of: "  ", with: " ").trimmingCharacters(in: .whitespaces)
            blocks.append(.paragraph(Paragraph(role: .body, number: number, runs: [.text(text)], language: L, direction: lang.direction)))
        }
    }

    /// A note paragraph of the paper (in its language).
    func note(_ text: String) -> Block {
        .paragraph(Paragraph(role: .note, number: nil, runs: [.text(text)], language: L, direction: lang.direction))
    }

    /// II. Discussion points and comments, item by item. A text on several items is printed once,
    /// under the first of them in the paper; under the others its State is listed with a pointer
    /// to it, so each item names every State that commented on it.
    func comments(_ entries: [Entry], into blocks: inout [Block]) throws {
        blocks.append(heading(.chapter, number: lang.chapterNumber(2), [.text(paper.comments.heading)]))
        for item in paper.items {
            blocks.append(heading(.itemNumber, [.text(lang.sentence("agenda_item", ["number": String(item.number)]))]))
            blocks.append(heading(.itemTitle, [.text(item.title)]))
            if !item.points.isEmpty {
                blocks.append(.paragraph(Paragraph(role: .lead, number: nil, runs: [.text(paper.comments.lead)], language: L, direction: lang.direction)))
                for (i, point) in item.points.enumerated() {
                    blocks.append(.point(Point(label: lang.letter(i), runs: [.text(point)], language: L, direction: lang.direction, fromState: false)))
                }
            }
            var previous: (states: [String], pointer: String?)?
            for e in ordered(entries.filter { $0.sub.record.items.contains(item.number) }) {
                // A State's further texts under the same item follow its heading once, each told
                // apart by the day it came (and whether that was after the deadline).
                let again = previous?.states == e.states
                if !again { blocks.append(heading(.state, [.field(try compiler.heading(e, lang: lang))])) }
                if homeItem(e) != item.number {
                    let pointer = lang.sentence("printed_under", ["item": String(homeItem(e))])
                    if !again || previous?.pointer != pointer { blocks.append(note(pointer)) }
                    previous = (e.states, pointer)
                    continue
                }
                if again { blocks.append(note(furtherComments(e))) }
                previous = (e.states, nil)
                let others = e.sub.record.items.filter { $0 != item.number }
                if !others.isEmpty {
                    let list = try ListFormat.join(others.map(String.init), locale: lang.listLocale)
                    blocks.append(note(lang.sentence("also_concerns", ["items": list])))
                }
                if let text = e.paperBlocks {
                    blocks += text
                } else {
                    let langName = lang.languages[e.sub.record.language] ?? e.sub.record.language
                    blocks.append(note(lang.sentence("translation_pending", ["language": langName])))
                }
            }
        }
    }

    /// The note that tells a State's further text under one heading from the one before it.
    func furtherComments(_ e: Entry) -> String {
        lang.sentence(e.late ? "further_comments_late" : "further_comments", ["date": lang.format(e.sub.record.received)])
    }

    /// The annex: the originals not in the paper's language, each in its own language and direction.
    func annex(_ entries: [Entry], into blocks: inout [Block]) throws {
        let originals = ordered(entries.filter { $0.sub.record.language != paper.language })
        if originals.isEmpty { return }
        blocks.append(.pageBreak)
        blocks.append(heading(.annex, [.text(lang.sentence("annex"))]))
        blocks.append(heading(.annexSection, [.text(lang.sentence("originals_title"))]))
        var previousRuns: [Inline]?
        for e in originals {
            let langName = lang.languages[e.sub.record.language] ?? e.sub.record.language
            let items = try ListFormat.join(e.sub.record.items.map(String.init), locale: lang.listLocale)
            let title =
                lang.sentence("original_of", ["state": "\u{1}", "language": langName]) + " ("
                + lang.sentence(e.sub.record.items.count == 1 ? "agenda_item" : "agenda_items", ["number": items]) + ")"
            let parts = title.components(separatedBy: "\u{1}")
            var runs: [Inline] = []
            for (i, part) in parts.enumerated() {
                if i > 0 { runs.append(.field(try compiler.heading(e, lang: lang))) }
                if !part.isEmpty { runs.append(.text(part)) }
            }
            let again = previousRuns == runs
            if again { blocks.append(note(furtherComments(e))) } else { blocks.append(heading(.state, runs)) }
            previousRuns = runs
            blocks += TextBlocks.blocks(from: e.originalText ?? "", language: e.sub.record.language)
        }
    }
}
