import Foundation
import Platform

/// What `crp status` and `crp workload` show of one submission.
public struct SubmissionSummary: Codable, Equatable, Sendable {
    public var id: String
    /// The first State (see `states` for a joint text).
    public var state: String
    /// Every State of the text.
    public var states: [String]
    public var language: String
    public var items: [Int]
    public var received: CalendarDate
    public var status: Status
    public var words: Int
    public var characters: Int
    public var gmxv: Double?
    /// Has English text for the paper (a translation, or an English original).
    public var translated: Bool
    /// Has an attached translation.
    public var hasTranslation: Bool
    public var registeredBy: String
    public var warnings: Int
    /// SHA-256 of the current original.
    public var sha256: String
    /// SHA-256 of every version's original and of every version's stored text (for the duplicate
    /// check at registration: the same bytes, or the same text in another encoding).
    public var byteHashes: [String]
    public var textHashes: [String]
    /// The current text came from OCR (or a text layer that needs checking) and is not proofread yet.
    public var needsProofreading: Bool = false
    /// The member of the team it is given to translate (`crp assign`), if any: the board of a
    /// translator lists these without reading every record.
    public var assignee: String? = nil

    public init(
        id: String, states: [String], language: String, items: [Int], received: CalendarDate, status: Status, words: Int,
        characters: Int, gmxv: Double?, translated: Bool, hasTranslation: Bool, registeredBy: String, warnings: Int,
        byteHashes: [String], textHashes: [String]
    ) {
        self.id = id; self.state = states.first ?? ""; self.states = states; self.language = language; self.items = items
        self.received = received; self.status = status; self.words = words; self.characters = characters; self.gmxv = gmxv
        self.translated = translated; self.hasTranslation = hasTranslation; self.registeredBy = registeredBy; self.warnings = warnings
        self.sha256 = byteHashes.last ?? ""; self.byteHashes = byteHashes; self.textHashes = textHashes
    }

    /// The summary of a submission; `store` reads the text hashes of earlier versions.
    public init(_ s: Submission, store: Store) {
        var texts: [String] = []
        for v in s.versions {
            if v.number == s.version, let a = s.analysis {
                texts.append(a.textSHA256)
            } else if let a = store.analysisWithoutDirections(path: store.analysisPath(s, version: v.number)) {
                texts.append(a.textSHA256)
            }
        }
        self.init(
            id: s.id, states: s.record.allStates, language: s.record.language, items: s.record.items, received: s.record.received,
            status: s.status, words: s.analysis?.words ?? 0, characters: s.analysis?.characters ?? 0,
            gmxv: s.analysis?.counts["gmxv"]?.value, translated: s.hasPaperText, hasTranslation: s.translationID != nil,
            registeredBy: s.record.registeredBy, warnings: s.analysis?.warnings.count ?? 0,
            byteHashes: s.versions.map(\.file.sha256), textHashes: texts)
        needsProofreading = s.needsProofreading
        assignee = s.assignee
    }
}

/// A rebuildable cache of submission summaries (`.crp/index.tsv`, git-ignored), so that listing a
/// store of thousands of submissions reads one file plus two `stat` calls per submission instead of
/// every record and event. An entry is reused only while the modification times of its folder and
/// of its `events/` folder are unchanged (adding an event, a translation or rewriting a derived file
/// changes one of them); anything else is read again from the records, which stay the truth.
/// The format is one tab-separated line per submission (fields escaped), read without a JSON parser.
public struct StatusIndex {
    let store: Store
    public init(store: Store) { self.store = store }

    var url: URL { store.root.appendingPathComponent("\(StoreLayout.privateFolder)/index.tsv") }
    static let header = "crp-status-index\t7"

    /// The folder's modification time and inode; `coarseSeconds` is set when the time has no
    /// sub-second part (a file system with coarse times), to the seconds.
    static func stamp(_ path: String) -> (text: String, coarseSeconds: Int?)? {
        guard let m = Platform.modification(path), m.isDirectory else { return nil }
        return ("\(m.seconds).\(m.nanoseconds).\(m.inode)", m.nanoseconds == 0 ? m.seconds : nil)
    }

    static func escape(_ s: String) -> String {
        if !s.utf8.contains(where: { $0 == 9 || $0 == 10 || $0 == 13 || $0 == 92 }) { return s }
        var o = ""
        for c in s {
            switch c {
            case "\t": o += "\\t"
            case "\n": o += "\\n"
            case "\r": o += "\\r"
            case "\\": o += "\\\\"
            default: o.append(c)
            }
        }
        return o
    }

    static func unescape(_ s: Substring) -> String {
        if !s.utf8.contains(92) { return String(s) }
        var o = ""
        var esc = false
        for c in s {
            if esc {
                switch c {
                case "t": o += "\t";
                case "n": o += "\n";
                case "r": o += "\r";
                default: o.append(c)
                }
                esc = false
            } else if c == "\\" {
                esc = true
            } else {
                o.append(c)
            }
        }
        return o
    }

    static func line(_ stamp: String, _ s: SubmissionSummary) -> String {
        [
            escape(s.id), stamp, escape(s.states.joined(separator: "\u{1F}")), s.language, s.items.map(String.init).joined(separator: ","),
            s.received.description, s.status.rawValue, String(s.words), String(s.characters), s.gmxv.map { String($0) } ?? "",
            s.translated ? "1" : "0", s.hasTranslation ? "1" : "0", escape(s.registeredBy), String(s.warnings),
            s.byteHashes.joined(separator: ","), s.textHashes.joined(separator: ","), s.needsProofreading ? "1" : "0",
            escape(s.assignee ?? ""),
        ].joined(separator: "\t")
    }

    /// `text` cut at every `byte` (an ASCII separator), empty pieces kept. Walks the UTF-8 bytes:
    /// `split(separator:)` on characters breaks graphemes and took most of the time of reading an
    /// index of 10 000 lines.
    static func pieces(_ text: Substring, at byte: UInt8) -> [Substring] {
        var out: [Substring] = []
        let u = text.utf8
        var start = u.startIndex
        var i = start
        while i != u.endIndex {
            if u[i] == byte {
                out.append(text[start..<i])
                start = u.index(after: i)
            }
            i = u.index(after: i)
        }
        out.append(text[start..<u.endIndex])
        return out
    }

    static func parse(_ line: Substring) -> (id: String, stamp: String, summary: SubmissionSummary)? {
        let f = pieces(line, at: 9)
        guard f.count == 18, let status = Status(rawValue: String(f[6])), let words = Int(f[7]), let chars = Int(f[8]),
            let warnings = Int(f[13]), let received = try? CalendarDate(iso: String(f[5]))
        else { return nil }
        let items = f[4].isEmpty ? [] : pieces(f[4], at: 44).compactMap { Int($0) }
        let s = SubmissionSummary(
            id: unescape(f[0]), states: unescape(f[2]).components(separatedBy: "\u{1F}"), language: String(f[3]), items: items,
            received: received, status: status, words: words, characters: chars, gmxv: f[9].isEmpty ? nil : Double(f[9]),
            translated: f[10] == "1", hasTranslation: f[11] == "1", registeredBy: unescape(f[12]), warnings: warnings,
            byteHashes: f[14].isEmpty ? [] : pieces(f[14], at: 44).map(String.init), textHashes: f[15].isEmpty ? [] : pieces(f[15], at: 44).map(String.init))
        var summary = s
        summary.needsProofreading = f[16] == "1"
        summary.assignee = f[17].isEmpty ? nil : unescape(f[17])
        return (summary.id, String(f[1]), summary)
    }

    /// Every submission's summary, sorted by id; refreshes the cache when something changed.
    /// A store with a `memory` (the web desk) gives what it kept while nothing was written.
    public func summaries() throws -> [SubmissionSummary] {
        guard let memory = store.memory else { return try read() }
        return try memory.summaries(store)
    }

    /// The summaries `keep` keeps, in listing order (`StatusRow.ordered`): sorted once per change
    /// of the store when it is kept in memory, else the kept ones sorted now.
    public func ordered(_ keep: (SubmissionSummary) -> Bool) throws -> [SubmissionSummary] {
        if let memory = store.memory { return try memory.ordered(store).filter(keep) }
        let kept = try read().filter(keep)
        let byID = Dictionary(kept.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return StatusRow.ordered(kept.map { StatusRow($0, store: store) }, language: store.paper.language).compactMap { byID[$0.id] }
    }

    /// The summaries as the index and the folders say now; the index file is written again when
    /// it was behind (`FolderSweep`).
    func read() throws -> [SubmissionSummary] {
        let found = try self.sweep(after: nil)
        if found.indexBehind { self.write(found, createFolder: true) }
        return found.summaries
    }
}
