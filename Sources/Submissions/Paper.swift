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
    /// The duty station's time zone (an IANA name such as "Europe/Vienna"): "today", the date a
    /// text is received and so "late" are decided in it. Nil: the computer's own zone.
    public var timezone: String?
    /// Print the "has not been edited" note.
    public var unedited: Bool?
    public var introduction: Section
    public var comments: CommentsChapter
    public var items: [Item]

    /// Reads and checks a paper definition.
    public static func load(_ url: URL) throws -> PaperDefinition {
        let text: String
        if let why = outsideLink(url) { throw StoreError.badPaperDefinition(file: url.path, reason: why) }
        if let p = sizeProblem(of: url) { throw StoreError.badPaperDefinition(file: url.path, reason: p.message) }
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw StoreError.badPaperDefinition(file: url.path, reason: "it is not readable UTF-8 text")
        }
        do {
            let p = try decodeChecked(text, file: url.path)
            try p.check(file: url.path)
            return p
        } catch let e as StoreError {
            throw e
        } catch let DecodingError.keyNotFound(key, ctx) {
            throw StoreError.badPaperDefinition(
                file: url.path, reason: "the field `\((ctx.codingPath + [key]).map(\.stringValue).joined(separator: "."))` is missing")
        } catch let DecodingError.typeMismatch(_, ctx) {
            throw StoreError.badPaperDefinition(
                file: url.path, reason: "the field `\(ctx.codingPath.map(\.stringValue).joined(separator: "."))` has the wrong kind of value")
        } catch let DecodingError.dataCorrupted(ctx) {
            throw StoreError.badPaperDefinition(
                file: url.path, reason: "the field `\(ctx.codingPath.map(\.stringValue).joined(separator: "."))` is not valid (\(ctx.debugDescription))")
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
        if let timezone, TimeZone(identifier: timezone) == nil {
            throw StoreError.badPaperDefinition(file: file, reason: Self.timeZoneAdvice(timezone))
        }
        if dates.to < dates.from {
            throw StoreError.badPaperDefinition(file: file, reason: "the meeting ends before it starts")
        }
    }

    /// The YAML text of this definition.
    public func yaml() throws -> String {
        try YAMLEncoder().encode(self)
    }

    /// The symbol of the template, to be replaced by the officer.
    public static let templateSymbol = "SYMBOL/CRP.1"

    /// A line `symbol: …` replaced by `symbol` (quoted for YAML), comments and everything else kept.
    public static func replacingSymbol(in text: String, with symbol: String) throws -> String {
        var lines = text.components(separatedBy: "\n")
        guard let i = lines.firstIndex(where: { $0.hasPrefix("symbol:") }) else {
            throw StoreError.badPaperDefinition(file: "paper.yaml", reason: "it has no top-level `symbol:` line to replace with --symbol")
        }
        lines[i] = "symbol: " + yamlQuoted(symbol)
        return lines.joined(separator: "\n")
    }

    /// A YAML double-quoted scalar.
    static func yamlQuoted(_ s: String) -> String {
        var o = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": o += "\\\""
            case "\\": o += "\\\\"
            default:
                if u.value < 0x20 { o += "\\x" + String(format: "%02X", u.value) } else { o.unicodeScalars.append(u) }
            }
        }
        return o + "\""
    }

    /// The paper definition `crp init` writes: every field with a comment saying what it is, an
    /// example from the reference paper (CTOC/COP/2020/CRP.1), and which command uses it.
    /// Longer than 80 lines because it is one template, the file as the officer reads it.
    public static func templateText(symbol: String, today: CalendarDate) -> String {
        let d = today.description
        return """
            # RoomPaper paper definition (YAML). Edit every value below; `crp check` says what is wrong,
            # and `crp compile` refuses to run while a value of this template is left unchanged.
            # Text in {{…}} is filled from the registered submissions when the paper is compiled:
            #   {{received_comments}}       the States whose comments arrived within the deadline:
            #                               "received comments from Morocco and Peru"
            #   {{received_comments_late}}  "Comments were also received after the deadline from …" (empty
            #                               when none; added after {{received_comments}} when not placed)
            #   {{received_comments_all}}   every State whose comments are in the paper
            #   {{translation_note}}        which comments were translated, by whom, from which language

            # The document symbol, printed top right. Example: CTOC/COP/2020/CRP.1
            symbol: \(yamlQuoted(symbol))
            # The language of the paper: ar, zh, en, fr, ru or es. Its sentences come from Locales/<language>.yaml.
            language: en
            # The date printed under the symbol (YYYY-MM-DD). Example: 2020-10-09
            date: '\(d)'
            # The distribution line. Example: English only
            distribution: English only
            # The body the paper is issued for, printed in the masthead.
            # Example: Conference of the Parties to the United Nations Convention against Transnational Organized Crime
            body: Name of the conference or commission
            # The session. Example: Tenth session
            session: Session
            # Where the session meets. Example: Vienna
            venue: Vienna
            # When the session meets (YYYY-MM-DD). Example: 2020-10-12 to 2020-10-16
            dates:
              # The first day of the session.
              from: '\(d)'
              # The last day (not before `from`).
              to: '\(d)'
            # The session's provisional agenda: its symbol (the * footnote), the item numbers the paper is
            # issued under and their title. Example: CTOC/COP/2020/1, items [4], International cooperation.
            # These are the Conference's items, not the Working Group items under `items:` below.
            agenda:
              # The provisional agenda's symbol. Example: CTOC/COP/2020/1
              symbol: CTOC/COP/YYYY/1
              # The Conference item number(s). Example: 4
              items:
              - 1
              # The title of that Conference item. Example: International cooperation
              title: Agenda item title
            # The title of the paper. Example: Comments received on the discussion points
            title: Title of the paper
            # The line under the title (optional; delete the line to print none).
            subtitle: Note by the Secretariat
            # The end of the reflection period (YYYY-MM-DD): comments received after it are marked late,
            # and the paper names their States in a sentence of their own, never "within the deadline".
            deadline: '\(d)'
            # The duty station's time zone, an IANA name (Europe/Vienna, America/New_York, Africa/Nairobi):
            # "today", the date a text is received and so whether it is late are decided in it. Without
            # this line, the computer's own time zone is used. Example: Europe/Vienna
            # timezone: Europe/Vienna
            # true prints the footnote "This conference room paper has not been edited."
            unedited: true
            # Chapter I: its heading and its numbered paragraphs, with the {{…}} placeholders above.
            introduction:
              # The chapter heading.
              heading: Introduction
              # The numbered paragraphs, in order; {{…}} placeholders allowed.
              paragraphs:
              - Within the deadline, the Secretariat {{received_comments}}.
              - This conference room paper contains the discussion points as well as the comments received. {{translation_note}}
            # Chapter II: its heading, and the sentence printed before each item's discussion points.
            comments:
              # The chapter heading.
              heading: Comments of States on the discussion points
              # The sentence printed before each item's discussion points.
              lead: 'The following discussion points were identified:'
            # The Working Group's agenda items. `number` is what `crp register --item N` refers to; the
            # title and the discussion points (lettered (a), (b)… in the paper) are printed before the
            # comments of States on that item.
            items:
              # `number`: the item's number, as given to --item. Example: 2
            - number: 1
              # The item's title, printed as its heading.
              title: Item title
              # Its discussion points, lettered (a), (b)… in the paper.
              points:
              - First discussion point;
              - Second discussion point.

            """
    }

    /// A definition to start from: every field present, to be edited by the officer.
    public static func template(symbol: String, today: CalendarDate) -> PaperDefinition {
        PaperDefinition(
            symbol: symbol, language: "en", date: today, distribution: "English only",
            body: "Name of the conference or commission",
            session: "Session", venue: "Vienna",
            dates: Dates(from: today, to: today),
            agenda: ConferenceAgenda(symbol: "CTOC/COP/YYYY/1", items: [1], title: "Agenda item title"),
            title: "Title of the paper", subtitle: "Note by the Secretariat",
            deadline: today, unedited: true,
            introduction: Section(
                heading: "Introduction",
                paragraphs: [
                    "Within the deadline, the Secretariat {{received_comments}}.",
                    "This conference room paper contains the discussion points as well as the comments received. {{translation_note}}",
                ]),
            comments: CommentsChapter(heading: "Comments of States on the discussion points", lead: "The following discussion points were identified:"),
            items: [Item(number: 1, title: "Item title", points: ["First discussion point;", "Second discussion point."])])
    }
}
