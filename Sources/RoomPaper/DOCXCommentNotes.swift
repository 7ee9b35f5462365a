import MultilingualText

/// A State's own notes made real Word footnotes: each `Inline.commentNoteReference` becomes a
/// `w:footnoteReference` into `word/footnotes.xml`, as the paper's own notes are, and the
/// `Block.note` it refers to is written there instead of as a paragraph of the body.
///
/// Markers are the State's ("1", "2"…), so they repeat from one State's text to the next: each
/// reference gets its own footnote id, after the paper's own notes, paired with the first note of
/// the same marker that follows it within the same text (the readers write a note right after the
/// paragraph or table that refers to it; a text written by hand may keep its notes at the end). A
/// note that no block refers to stays in the body.
struct DOCXCommentNotes {
    /// A footnote to write: its id, the State's marker and the note.
    struct Entry {
        let id: Int
        let marker: String
        let note: Note
    }

    /// Per block index: the footnote id of each marker its runs refer to.
    private(set) var references: [Int: [String: Int]] = [:]
    /// The indexes of note blocks written as footnotes (left out of the body).
    private(set) var noteBlocks: Set<Int> = []
    /// The footnotes, in order of their ids.
    private(set) var entries: [Entry] = []

    init(_ doc: Document) {
        var next = doc.footnotes.count + 1
        // Open references: (block index, marker), waiting for their note.
        var open: [(block: Int, marker: String)] = []
        for (i, block) in doc.blocks.enumerated() {
            if case .note(let n) = block {
                if let k = open.firstIndex(where: { $0.marker == n.marker }) {
                    let ref = open.remove(at: k)
                    references[ref.block, default: [:]][n.marker] = next
                    noteBlocks.insert(i)
                    entries.append(Entry(id: next, marker: n.marker, note: n))
                    next += 1
                }
                continue
            }
            // A heading starts another State's text (or the paper's own): references that found
            // no note there stay plain marks. Within a text a note may follow later paragraphs.
            if case .heading = block { open.removeAll() }
            if case .pageBreak = block { open.removeAll() }
            for m in Self.markers(in: block) where !open.contains(where: { $0.marker == m }) { open.append((i, m)) }
        }
    }

    /// The markers a block refers to, in order.
    static func markers(in block: Block) -> [String] {
        let runs: [Inline]
        switch block {
        case .paragraph(let p): runs = p.runs
        case .point(let p): runs = p.runs
        case .heading(let h): runs = h.runs
        case .table(let t): runs = t.rows.flatMap { $0.flatMap(\.runs) }
        default: runs = []
        }
        return runs.compactMap { if case .commentNoteReference(let m) = $0 { m } else { nil } }
    }
}
