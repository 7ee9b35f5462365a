import Foundation
import Intake
import MultilingualText
import Secretariat
import Submissions
import TestSupport
import Testing

@testable import RoomPaper

/// Builds a workspace of the reference paper in a temporary folder, through the library calls the
/// CLI makes.
struct ReferenceWorkspace {
    static let repo = Repo.root
    static let fixtures = repo.appendingPathComponent("Tests/Fixtures/ctoc-cop-2020")
    let store: Store
    let catalog: LocaleCatalog
    var ids: [String: String] = [:]

    init(states: Bool = true, review: Bool = true) throws {
        let dir = Scratch.root.appendingPathComponent("crp-compile-\(UUID().uuidString)")
        store = try Store.create(at: dir, paper: try PaperDefinition.load(Self.fixtures.appendingPathComponent("paper.yaml")), clock: TestRepository.clock)
        catalog = try LocaleCatalog(folder: Self.repo.appendingPathComponent("Locales"))
        guard states else { return }
        let r = Registrar(store: store, catalog: catalog)
        for (key, state, lang, item, date) in [
            ("morocco-item2", "Morocco", "ar", 2, "2020-09-18"), ("peru-item2", "Peru", "es", 2, "2020-09-25"), ("peru-item3", "Peru", "es", 3, "2020-09-25"),
        ] {
            let (sub, _) = try r.register(
                Registrar.Request(
                    file: Self.fixtures.appendingPathComponent("\(key).\(lang).txt"), state: state, language: lang, items: [item],
                    received: try CalendarDate(iso: date), by: "test"))
            ids[key] = sub.id
            let t = try r.translate(sub, file: Self.fixtures.appendingPathComponent("\(key).en.txt"), kind: .unofficial, translator: nil, by: "test")
            if review { _ = try store.transition(t, .review, by: "test") }
        }
    }
}

/// Folds a Markdown text into comparable blocks: emphasis markers, escapes, heading marks, link
/// syntax and white space are removed; the published paper's page break and run-together masthead
/// are seen through.
enum PaperFolding {
    static func blocks(_ markdown: String) -> [String] {
        var text = markdown.replacingOccurrences(of: "****", with: "\n")
        // links [x](#) → x
        while let r = text.range(of: #"\[([^\]]*)\]\([^)]*\)"#, options: .regularExpression) {
            let inner = text[r].dropFirst().prefix { $0 != "]" }
            text.replaceSubrange(r, with: inner)
        }
        let lines = text.components(separatedBy: "\n").map(fold).filter { !$0.isEmpty && $0 != "---" }
        // Footnotes are compared apart from the running text: the published paper prints its
        // footnote inside paragraph 4 (a page break); a line that starts with a lower-case letter
        // continues the line before the break.
        var body: [String] = []
        var notes: [String] = []
        for l in lines {
            if l.hasPrefix("* ") { notes.append(l); continue }
            if let f = l.first, f.isLowercase, !body.isEmpty { body[body.count - 1] += " " + l } else { body.append(l) }
        }
        return body + notes
    }

    static func fold(_ s: String) -> String {
        var t = s.replacingOccurrences(of: "**", with: "")
        t = t.replacingOccurrences(of: "\\", with: "")
        t = t.replacingOccurrences(of: #"^#+\s*"#, with: "", options: .regularExpression)
        return t.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// The published blocks that are missing from `ours`, in order (empty when all are there in order).
    static func missing(published: [String], in ours: [String]) -> [String] {
        var i = 0
        var missing: [String] = []
        for p in published {
            if let j = ours[i...].firstIndex(of: p) { i = j + 1 } else { missing.append(p) }
        }
        return missing
    }
}

@Suite struct CompileTests {
    @Test func referencePaperHoldsEveryPublishedBlockInOrder() throws {
        let ws = try ReferenceWorkspace()
        let md = MarkdownRenderer().render(try Compiler(store: ws.store, catalog: ws.catalog).compile())
        let published = PaperFolding.blocks(try String(contentsOf: ReferenceWorkspace.fixtures.appendingPathComponent("published-paper.md"), encoding: .utf8))
        let ours = PaperFolding.blocks(md)
        #expect(published.count > 40)
        let missing = PaperFolding.missing(published: published, in: ours)
        #expect(missing.isEmpty, "missing or out of order: \(missing)")
        #expect(!md.contains("****"))
        print("reference paper: \(published.count) published blocks, all found in order among our \(ours.count)")
    }

    @Test func embeddedDefaultStoreCompilesToTheSamePaper() throws {
        let embedded = try Store(root: ReferenceWorkspace.repo.appendingPathComponent("Submissions"))
        let ws = try ReferenceWorkspace()
        let catalog = ws.catalog
        let a = MarkdownRenderer().render(try Compiler(store: embedded, catalog: catalog).compile())
        let b = MarkdownRenderer().render(try Compiler(store: ws.store, catalog: catalog).compile())
        #expect(a == b)
    }

    @Test func sentencesFollowTheStore() throws {
        let ws = try ReferenceWorkspace(review: false)
        // Nothing reviewed: the paper has no comments and says so.
        let none = MarkdownRenderer().render(try Compiler(store: ws.store, catalog: ws.catalog).compile())
        #expect(none.contains("received no comments"))
        #expect(!none.contains("translated unofficially"))
        #expect(!none.contains("**Morocco**"))
        // --all takes them; review only Peru's item 3 and the sentence names Peru alone.
        let all = MarkdownRenderer().render(try Compiler(store: ws.store, catalog: ws.catalog).compile(CompileOptions(selection: .all)))
        #expect(all.contains("received comments from Morocco and Peru."))
        let peru3 = try ws.store.load(id: ws.ids["peru-item3"]!)
        _ = try ws.store.transition(peru3, .review, by: "t")
        let one = MarkdownRenderer().render(try Compiler(store: ws.store, catalog: ws.catalog).compile())
        #expect(one.contains("received comments from Peru."))
        #expect(
            one.contains("The submission received in other language than English (Peru in Spanish) was translated unofficially"), "one submission: singular")
        #expect(!one.contains("Morocco"))
    }

    /// A text on two items is printed once, under the first in the paper; the other item names
    /// the State and points to it, so each item lists every State that commented on it.
    @Test func aTextOnTwoItemsIsPrintedOnceAndNamedUnderBoth() throws {
        let ws = try ReferenceWorkspace(states: false)
        let r = Registrar(store: ws.store, catalog: ws.catalog)
        let f = ReferenceWorkspace.fixtures
        let (sub, _) = try r.register(
            Registrar.Request(
                file: f.appendingPathComponent("peru-item2.es.txt"), state: "Peru", language: "es", items: [3, 2],
                received: try CalendarDate(iso: "2020-09-25"), by: "test"))
        let t = try r.translate(sub, file: f.appendingPathComponent("peru-item2.en.txt"), kind: .unofficial, translator: nil, by: "test")
        _ = try ws.store.transition(t, .review, by: "test")
        let md = MarkdownRenderer().render(try Compiler(store: ws.store, catalog: ws.catalog).compile())
        let order = ws.store.paper.items.map(\.number).filter { [2, 3].contains($0) }
        #expect(order == [2, 3])
        let firstLine = try #require(
            try String(contentsOf: f.appendingPathComponent("peru-item2.en.txt"), encoding: .utf8)
                .split(separator: "\n").first { $0.count > 40 }
        ).prefix(40)
        #expect(md.components(separatedBy: String(firstLine)).count == 2, "the text is printed once")
        let title3 = try #require(ws.store.paper.items.first { $0.number == 3 }).title
        let item3 = try #require(md.range(of: title3))
        let also = try #require(md.range(of: "These comments also concern agenda item 3."))
        let pointer = try #require(md.range(of: "These comments are printed under agenda item 2."))
        #expect(also.lowerBound < item3.lowerBound && item3.lowerBound < pointer.lowerBound)
        #expect(md[item3.upperBound..<pointer.lowerBound].contains("Peru"), "item 3 names Peru")
    }

    /// The compile report names a State with two submissions in the paper once per submission,
    /// each with its id, so the officer can tell them apart.
    @Test func theReportTellsTwoSubmissionsOfOneStateApart() throws {
        let ws = try ReferenceWorkspace()
        let report = try Compiler(store: ws.store, catalog: ws.catalog).compileWithReport(CompileOptions()).report
        let first = try #require(report.lines.first)
        #expect(first.hasPrefix("Compiled: 3 submission(s) in the paper: "), "\(first)")
        #expect(first.contains("Morocco;") || first.contains("Morocco."), "Morocco has one submission: no id")
        for key in ["peru-item2", "peru-item3"] { #expect(first.contains("Peru [\(ws.ids[key]!)]"), "\(first)") }
    }

    @Test func statesFollowCollationAndListsHaveNoSerialComma() throws {
        let ws = try ReferenceWorkspace(states: false)
        let r = Registrar(store: ws.store, catalog: ws.catalog)
        let dir = Scratch.root.appendingPathComponent("crp-states-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (i, state) in ["Cuba", "Croatia", "Côte d'Ivoire", "Costa Rica"].enumerated() {
            let f = dir.appendingPathComponent("\(i).txt")
            try "Comentario número \(i) sobre el tema; texto en español.".write(to: f, atomically: true, encoding: .utf8)
            let (sub, _) = try r.register(
                Registrar.Request(file: f, state: state, language: "es", items: [2], received: try CalendarDate(iso: "2020-09-10"), by: "t"))
            let e = dir.appendingPathComponent("\(i).en.txt")
            try "Comment number \(i) on the item, in English.".write(to: e, atomically: true, encoding: .utf8)
            _ = try ws.store.transition(try r.translate(sub, file: e, kind: .unofficial, translator: nil, by: "t"), .review, by: "t")
        }
        let md = MarkdownRenderer().render(try Compiler(store: ws.store, catalog: ws.catalog).compile())
        #expect(md.contains("received comments from Costa Rica, Côte d'Ivoire, Croatia and Cuba."))
        let order = ["**Costa Rica**", "**Côte d'Ivoire**", "**Croatia**", "**Cuba**"].map { md.range(of: $0)?.lowerBound }
        #expect(order.allSatisfy { $0 != nil })
        #expect(zip(order, order.dropFirst()).allSatisfy { $0! < $1! })
    }

    @Test func letteredPointsAreRecognized() {
        let blocks = TextBlocks.blocks(from: "Intro.\n\n(a) First;\n\n(هـ) خامسا\n\nb) segundo\n\n(iv) fourth\n\n(Note) not a label", language: "en")
        let labels = blocks.compactMap { b -> String? in if case .point(let p) = b { return p.label } else { return nil } }
        #expect(labels == ["(a)", "(هـ)", "b)", "(iv)"])
    }

    @Test func hostileTextStaysText() {
        let doc = Document(
            language: "en", direction: .ltr, metadata: Metadata(symbol: "S", title: "T", date: "d", distribution: "x", subject: "s"),
            blocks: TextBlocks.blocks(
                from: "# heading?\n\n<script>alert(1)</script> **bold** [x](y)\n\n1. not a number\n\nRLO \u{202E}reversed", language: "en")
                + [.heading(Heading(role: .state, number: nil, runs: [.field("Peru\u{202E}")], language: "en", direction: .ltr))],
            footnotes: [])
        let md = MarkdownRenderer().render(doc)
        #expect(md.contains("\\# heading?"))
        #expect(md.contains("\\<script\\>"))
        #expect(md.contains("\\*\\*bold\\*\\*"))
        #expect(md.contains("1\\. not a number"))
        // [x](y) stays text: both brackets escaped, so no Markdown reader builds a link from it.
        #expect(md.contains("\\[x\\](y)"))
        #expect(!md.contains("[x](y)"))
        #expect(!md.contains("\u{202E}"))
    }
}
