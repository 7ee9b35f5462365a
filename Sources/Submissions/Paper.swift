import Foundation
import Yams

/// The paper an officer defines in `paper.yaml`: everything the compiled paper says that does not
/// come from the States' submissions.
public struct PaperDefinition: Codable, Equatable, Sendable {
    /// The conference agenda item(s) the paper is issued under, and the provisional agenda's symbol
    /// (the `*` footnote).
    public struct ConferenceAgenda: Codable, Equatable, Sendable {
        public var symbol: String
        public var items: [Int]
        public var title: String
    }

    /// Meeting dates.
    public struct Dates: Codable, Equatable, Sendable {
        public var from: CalendarDate
        public var to: CalendarDate
    }

    /// A chapter of prose paragraphs. `{{received_comments}}` and `{{translation_note}}` in a
    /// paragraph are replaced by sentences generated from the store.
    public struct Section: Codable, Equatable, Sendable {
        public var heading: String
        public var paragraphs: [String]
    }

    /// The chapter that reproduces the discussion points and the comments.
    public struct CommentsChapter: Codable, Equatable, Sendable {
        public var heading: String
        /// The sentence before each item's discussion points.
        public var lead: String
    }

    /// A Working Group agenda item with its discussion points.
    public struct Item: Codable, Equatable, Sendable {
        public var number: Int
        public var title: String
        public var points: [String]
    }

    public var symbol: String
    /// The paper's language (its sentences come from `Locales/<language>.yaml`).
    public var language: String
    public var date: CalendarDate
    public var distribution: String
    public var body: String
    public var session: String
    public var venue: String
    public var dates: Dates
    public var agenda: ConferenceAgenda
    public var title: String
    public var subtitle: String?
    /// End of the reflection period: a submission received after it is late.
    public var deadline: CalendarDate
    /// Print the "has not been edited" note.
    public var unedited: Bool?
    public var introduction: Section
    public var comments: CommentsChapter
    public var items: [Item]

    /// Reads and checks a paper definition.
    public static func load(_ url: URL) throws -> PaperDefinition {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw StoreError.badPaperDefinition(file: url.path, reason: "it is not readable UTF-8 text")
        }
        do {
            let p = try YAMLDecoder().decode(PaperDefinition.self, from: text)
            try p.check(file: url.path)
            return p
        } catch let e as StoreError {
            throw e
        } catch let DecodingError.keyNotFound(key, ctx) {
            throw StoreError.badPaperDefinition(file: url.path, reason: "the field `\((ctx.codingPath + [key]).map(\.stringValue).joined(separator: "."))` is missing")
        } catch let DecodingError.typeMismatch(_, ctx) {
            throw StoreError.badPaperDefinition(file: url.path, reason: "the field `\(ctx.codingPath.map(\.stringValue).joined(separator: "."))` has the wrong kind of value")
        } catch let DecodingError.dataCorrupted(ctx) {
            throw StoreError.badPaperDefinition(file: url.path, reason: "the field `\(ctx.codingPath.map(\.stringValue).joined(separator: "."))` is not valid (\(ctx.debugDescription))")
        } catch {
            throw StoreError.badPaperDefinition(file: url.path, reason: "\(error)")
        }
    }

    func check(file: String) throws {
        if !LocaleCatalog.officialLanguages.contains(language) {
            throw StoreError.badPaperDefinition(file: file, reason: "language `\(language)` is not one of ar, zh, en, fr, ru, es")
        }
        let numbers = items.map(\.number)
        if Set(numbers).count != numbers.count {
            throw StoreError.badPaperDefinition(file: file, reason: "two agenda items have the same number")
        }
        if dates.to < dates.from {
            throw StoreError.badPaperDefinition(file: file, reason: "the meeting ends before it starts")
        }
    }

    /// The YAML text of this definition.
    public func yaml() throws -> String {
        try YAMLEncoder().encode(self)
    }

    /// A definition to start from: every field present, to be edited by the officer.
    public static func template(symbol: String) -> PaperDefinition {
        PaperDefinition(
            symbol: symbol, language: "en", date: CalendarDate.today(), distribution: "English only",
            body: "Conference of the Parties to the United Nations Convention against Transnational Organized Crime",
            session: "Session", venue: "Vienna",
            dates: Dates(from: CalendarDate.today(), to: CalendarDate.today()),
            agenda: ConferenceAgenda(symbol: "CTOC/COP/YYYY/1", items: [1], title: "Agenda item title"),
            title: "Comments received on the discussion points", subtitle: "Note by the Secretariat",
            deadline: CalendarDate.today(), unedited: true,
            introduction: Section(heading: "Introduction", paragraphs: [
                "Within the deadline, the Secretariat {{received_comments}}.",
                "This conference room paper contains the discussion points as well as the comments received. {{translation_note}}",
            ]),
            comments: CommentsChapter(heading: "Comments of States on the discussion points", lead: "The following discussion points were identified:"),
            items: [Item(number: 1, title: "Item title", points: ["First discussion point;", "Second discussion point."])])
    }
}
