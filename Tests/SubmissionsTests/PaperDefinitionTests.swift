import Foundation
import Submissions
import TestSupport
import Testing

/// The paper definition explains itself and says exactly where it is wrong.
@Suite("Paper definition: comments, positions, unknown keys, dates, template values")
struct PaperDefinitionTests {
    static let template = PaperDefinition.templateText(symbol: "CTOC/COP/2020/CRP.1", today: CalendarDate(year: 2020, month: 10, day: 9))

    /// The text with the first line that starts with `prefix` replaced, and that line's number (1-based).
    static func replacing(_ prefix: String, with line: String, in text: String = template) -> (text: String, line: Int) {
        var lines = text.components(separatedBy: "\n")
        let i = lines.firstIndex { $0.hasPrefix(prefix) }!
        lines[i] = line
        return (lines.joined(separator: "\n"), i + 1)
    }

    @Test func templateLoadsCleanly() throws {
        #expect(PaperDefinition.problems(inYAML: Self.template).isEmpty)
        let reference = try String(contentsOf: TestRepository.embeddedStore.appendingPathComponent("paper.yaml"), encoding: .utf8)
        #expect(PaperDefinition.problems(inYAML: reference).isEmpty)
    }

    @Test func unclosedQuoteNamesTheLineAndColumnWhereItOpens() {
        let (text, line) = Self.replacing("title: ", with: "title: \"Comments received on the discussion points")
        let p = PaperDefinition.problems(inYAML: text)
        #expect(p.count == 1)
        #expect(p.first?.line == line)
        #expect(p.first?.column == 8)
        #expect(p.first?.field == "title")
        #expect(p.first?.message.contains("closing quote is missing") == true)
    }

    @Test func dateWrittenInWordsGetsTheISOFormOfItself() {
        let (text, line) = Self.replacing("date: ", with: "date: 10 October 2022")
        let p = PaperDefinition.problems(inYAML: text)
        #expect(p.count == 1)
        #expect(p.first?.line == line)
        #expect(p.first?.column == 7)
        #expect(p.first?.field == "date")
        #expect(p.first?.description == "line \(line), column 7: date — \"10 October 2022\" is not written as a date here — write 2022-10-10 (YYYY-MM-DD)")
    }

    @Test func impossibleCalendarDateIsRefused() {
        let (text, line) = Self.replacing("deadline: ", with: "deadline: '2022-09-31'")
        let p = PaperDefinition.problems(inYAML: text)
        #expect(p.count == 1)
        #expect(p.first?.line == line)
        #expect(p.first?.column == 11)
        #expect(p.first?.field == "deadline")
        #expect(p.first?.message == "\"2022-09-31\" is not a date: September 2022 has 30 days")
        // A nested date too, and February of a leap year is fine.
        let (leap, _) = Self.replacing("deadline: ", with: "deadline: '2024-02-29'")
        #expect(PaperDefinition.problems(inYAML: leap).isEmpty)
        let (feb, _) = Self.replacing("deadline: ", with: "deadline: '2023-02-29'")
        #expect(PaperDefinition.problems(inYAML: feb).first?.message.contains("February 2023 has 28 days") == true)
    }

    @Test func unknownKeyIsRefusedWithTheNearestKnownOne() {
        let (text, line) = Self.replacing("subtitle: ", with: "subtitel: Note by the Secretariat")
        let p = PaperDefinition.problems(inYAML: text)
        #expect(p.count == 1)
        #expect(p.first?.description == "line \(line), column 1: subtitel — unknown field `subtitel` — did you mean subtitle?")
        // Nested: under introduction:, with its indentation.
        let (nested, nline) = Self.replacing("  heading: Introduction", with: "  headng: Introduction")
        let q = PaperDefinition.problems(inYAML: nested)
        #expect(q.map(\.description).contains("line \(nline), column 3: introduction.headng — unknown field `headng` — did you mean heading?"))
        // The required heading it stands for is not reported missing too, at the group's first
        // line: the misspelt line is where the fix is.
        #expect(q.count == 1, "\(q)")
        #expect(!q.contains { $0.field == "introduction.heading" })
        // A required field missing with no near name is still reported.
        let (gone, _) = Self.replacing("  heading: Introduction", with: "  colour: blue")
        #expect(PaperDefinition.problems(inYAML: gone).contains { $0.field == "introduction.heading" && $0.message.contains("is missing") })
    }

    @Test func wrongKindsAndLanguageAreNamedWithTheValue() {
        let (a, la) = Self.replacing("language: ", with: "language: english")
        #expect(
            PaperDefinition.problems(inYAML: a).first?.description
                == "line \(la), column 11: language — \"english\" is not an official language: write ar, zh, en, fr, ru or es")
        let (b, lb) = Self.replacing("unedited: ", with: "unedited: maybe")
        #expect(PaperDefinition.problems(inYAML: b).first?.description == "line \(lb), column 11: unedited — expected true or false, found \"maybe\"")
        let (c, lc) = Self.replacing("- number: ", with: "- number: two")
        #expect(
            PaperDefinition.problems(inYAML: c).first?.description
                == "line \(lc), column 11: items[1].number — expected a whole number such as 2, found \"two\"")
    }

    @Test func loadErrorNamesTheFile() throws {
        let dir = Scratch.root.appendingPathComponent("crp-paperdef-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("paper.yaml")
        let (text, line) = Self.replacing("subtitle: ", with: "subtitel: x")
        try text.write(to: file, atomically: true, encoding: .utf8)
        do {
            _ = try PaperDefinition.load(file)
            Issue.record("a definition with an unknown key loaded")
        } catch {
            let m = (error as? LocalizedError)?.errorDescription ?? ""
            #expect(m.contains(file.path))
            #expect(m.contains("line \(line), column 1: subtitel — unknown field `subtitel` — did you mean subtitle?"))
        }
    }

    @Test func templateValuesAreListedByField() throws {
        let template = PaperDefinition.template(symbol: PaperDefinition.templateSymbol, today: CalendarDate(year: 2020, month: 1, day: 1))
        #expect(
            template.templateValues.map(\.field) == [
                "symbol", "body", "title", "session", "agenda.symbol", "agenda.title", "items[1].title", "items[1].points[1]", "items[1].points[2]",
            ])
        let reference = try PaperDefinition.load(TestRepository.embeddedStore.appendingPathComponent("paper.yaml"))
        #expect(reference.templateValues.isEmpty)
        expectRefusal(
            PaperDefinitionError.self,
            saying: ["paper.yaml still holds values of the template", "symbol (\"SYMBOL/CRP.1\")", "Replace each with the paper's own text"]
        ) { try template.refuseTemplateValues(file: "paper.yaml") }
    }

    /// Every key of a definition has a comment line directly above at least one of its occurrences.
    static func uncommentedKeys(_ text: String) -> [String] {
        var seen: Set<String> = [], commented: Set<String> = []
        var previous = ""
        for line in text.components(separatedBy: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            let body = trimmed.hasPrefix("- ") ? String(trimmed.dropFirst(2)) : trimmed
            let indent = line.prefix { $0 == " " }.count
            if !trimmed.hasPrefix("#"), let colon = body.firstIndex(of: ":"), body[..<colon].allSatisfy({ $0.isLetter || $0 == "_" }), !body[..<colon].isEmpty {
                let key = "\(indent)/\(body[..<colon])"
                seen.insert(key)
                if previous.hasPrefix("#") { commented.insert(key) }
            }
            previous = trimmed
        }
        return seen.subtracting(commented).sorted()
    }

    @Test func everyFieldHasAComment() throws {
        #expect(Self.uncommentedKeys(Self.template) == [])
        let reference = try String(contentsOf: TestRepository.embeddedStore.appendingPathComponent("paper.yaml"), encoding: .utf8)
        #expect(Self.uncommentedKeys(reference) == [])
        #expect(Self.template.contains("crp register --item N"))
    }

    @Test func initFromAFileKeepsItsTextAndTheSymbolFlagOverrides() throws {
        let dir = Scratch.root.appendingPathComponent("crp-paperinit-\(UUID().uuidString)")
        let from = TestRepository.embeddedStore.appendingPathComponent("paper.yaml")
        let store = try Store.create(at: dir, from: from, symbol: "CTOC/COP/2020/CRP.4")
        #expect(store.paper.symbol == "CTOC/COP/2020/CRP.4")
        let text = try String(contentsOf: dir.appendingPathComponent("paper.yaml"), encoding: .utf8)
        let original = try String(contentsOf: from, encoding: .utf8)
        #expect(text.contains("# The Working Group's agenda items."))
        #expect(text.components(separatedBy: "\n").count == original.components(separatedBy: "\n").count)
        var expected = try PaperDefinition.load(from)
        expected.symbol = "CTOC/COP/2020/CRP.4"
        #expect(store.paper == expected)
    }
}
