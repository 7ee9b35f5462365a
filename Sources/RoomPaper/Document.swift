import MultilingualText

/// The compiled paper: one immutable tree that every renderer walks. Renderers never reach back
/// into the store: everything they print is here.
public struct Document: Sendable {
    /// The paper's language and its direction.
    public var language: String
    public var direction: TextDirection
    public var metadata: Metadata
    public var blocks: [Block]
    /// Notes printed at the foot of the first page ("* CTOC/COP/2020/1.").
    public var footnotes: [Footnote]

    public init(language: String, direction: TextDirection, metadata: Metadata, blocks: [Block], footnotes: [Footnote]) {
        self.language = language; self.direction = direction; self.metadata = metadata
        self.blocks = blocks; self.footnotes = footnotes
    }
}

/// Document properties (DOCX core properties, HTML title).
public struct Metadata: Sendable, Equatable {
    public var symbol: String
    public var title: String
    public var date: String
    public var distribution: String
    public var subject: String
}

/// A run of text inside a block.
public enum Inline: Sendable, Equatable {
    /// Text written by the secretariat or a locale file.
    case text(String)
    /// Text inserted from outside (a State's name): isolated from what surrounds it.
    case field(String)
    /// A reference to a footnote, by its marker ("*").
    case noteReference(String)

    /// The characters of the run, as read.
    public var plain: String {
        switch self {
        case .text(let s), .field(let s): s
        case .noteReference(let m): m
        }
    }
}

extension Array where Element == Inline {
    /// The runs' text joined.
    public var plain: String { map(\.plain).joined() }
}

/// The masthead of a UN document: symbol, date, distribution, body, session and agenda.
public struct Masthead: Sendable, Equatable {
    public var symbol: String
    public var date: String
    public var distribution: String
    public var body: String
    public var session: String
    public var venueAndDates: String
    /// "Item 4 of the provisional agenda*".
    public var agendaLine: [Inline]
    public var agendaTitle: String
}

/// What a heading is for; renderers style by role.
public enum HeadingRole: String, Sendable {
    case title, subtitle, chapter, itemNumber, itemTitle, state, annex, annexSection
}

public struct Heading: Sendable, Equatable {
    public var role: HeadingRole
    /// "I." for chapters, nil otherwise.
    public var number: String?
    public var runs: [Inline]
    public var language: String
    public var direction: TextDirection
}

/// What a paragraph is for.
public enum ParagraphRole: String, Sendable {
    /// The secretariat's numbered text.
    case body
    /// The sentence before the discussion points.
    case lead
    /// A State's comment (translation or original).
    case comment
    /// An editorial note ("[Translation pending…]").
    case note
}

public struct Paragraph: Sendable, Equatable {
    public var role: ParagraphRole
    /// The paragraph number (1., 2., …) for numbered paragraphs.
    public var number: Int?
    public var runs: [Inline]
    public var language: String
    public var direction: TextDirection
}

/// A lettered point: "(a) …", "(أ) …".
public struct Point: Sendable, Equatable {
    public var label: String
    public var runs: [Inline]
    public var language: String
    public var direction: TextDirection
    /// True for a State's text (comment), false for the secretariat's discussion points.
    public var fromState: Bool
}

public struct Footnote: Sendable, Equatable {
    public var marker: String
    public var text: String
}

/// One block of the paper.
public enum Block: Sendable, Equatable {
    case masthead(Masthead)
    case heading(Heading)
    case paragraph(Paragraph)
    case point(Point)
    /// Starts the annex on a new page.
    case pageBreak
}
