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
    /// A reference to one of a State's own notes (a Word footnote or endnote of its comment), by
    /// its marker; the note is a `Block.note` printed after the paragraph or table that refers to it.
    case commentNoteReference(String)
    /// A line break inside a block: between the paragraphs of a table cell.
    case lineBreak

    /// The characters of the run, as read.
    public var plain: String {
        switch self {
        case .text(let s), .field(let s): s
        case .noteReference(let m), .commentNoteReference(let m): m
        case .lineBreak: "\n"
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
    public init(marker: String, text: String) { self.marker = marker; self.text = text }
}

/// One cell of a table: its runs and its direction.
public struct TableCell: Sendable, Equatable {
    public var runs: [Inline]
    public var direction: TextDirection

    public init(runs: [Inline], direction: TextDirection) {
        self.runs = runs; self.direction = direction
    }
}

/// A State's table ("point | comment"), kept a table in every output: rows of cells, in order.
/// `direction` is the table's own: a right-to-left table puts its first column on the right.
public struct Table: Sendable, Equatable {
    public var rows: [[TableCell]]
    public var language: String
    public var direction: TextDirection

    public init(rows: [[TableCell]], language: String, direction: TextDirection) {
        self.rows = rows; self.language = language; self.direction = direction
    }

    /// The number of columns: the longest row's.
    public var columns: Int { rows.map(\.count).max() ?? 0 }
}

/// One of a State's own notes (a footnote or endnote of its Word file), printed after the block
/// that refers to it, marker first.
public struct Note: Sendable, Equatable {
    public var marker: String
    public var runs: [Inline]
    public var language: String
    public var direction: TextDirection

    public init(marker: String, runs: [Inline], language: String, direction: TextDirection) {
        self.marker = marker; self.runs = runs; self.language = language; self.direction = direction
    }
}

/// One block of the paper.
public enum Block: Sendable, Equatable {
    case masthead(Masthead)
    case heading(Heading)
    case paragraph(Paragraph)
    case point(Point)
    /// A State's table.
    case table(Table)
    /// A State's note, after the block that refers to it.
    case note(Note)
    /// Starts the annex on a new page.
    case pageBreak
}
