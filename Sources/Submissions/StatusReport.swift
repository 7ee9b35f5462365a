import Foundation
import MultilingualText

/// One line of `crp status`: where a submission stands.
///
/// `crp status --json` prints an array of these with sorted keys; the field names are a stable
/// schema that scripts rely on: `id`, `items`, `language`, `late`, `received`, `registeredBy`,
/// `state` (the first State), `states` (every State of a joint text), `status`, `translated`,
/// `warnings`, `words`.
public struct StatusRow: Codable, Equatable, Sendable {
    /// `state` is the first State (kept for scripts); `states` every State of a joint text.
    public let id: String, state: String, states: [String], language: String, items: [Int], received: String
    public let late: Bool, status: String, words: Int, translated: Bool
    public let registeredBy: String
    public let warnings: Int
    /// The status as the table shows it: "received (proofread first)" while proofreading is due.
    public var statusDisplay: String { Status.display(Status(rawValue: status) ?? .received, needsProofreading: needsProofreading == true) }
    /// True while the current text came from OCR and is not proofread yet (not in `json(_:)`'s schema).
    public var needsProofreading: Bool? = nil

    public init(_ s: Submission, store: Store) { self.init(SubmissionSummary(s, store: store), store: store) }

    /// Reads rows written before `states` was added: `states` is then `[state]`.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id); state = try c.decode(String.self, forKey: .state)
        states = try c.decodeIfPresent([String].self, forKey: .states) ?? [state]
        language = try c.decode(String.self, forKey: .language); items = try c.decode([Int].self, forKey: .items)
        received = try c.decode(String.self, forKey: .received); late = try c.decode(Bool.self, forKey: .late)
        status = try c.decode(String.self, forKey: .status); words = try c.decode(Int.self, forKey: .words)
        translated = try c.decode(Bool.self, forKey: .translated); registeredBy = try c.decode(String.self, forKey: .registeredBy)
        warnings = try c.decode(Int.self, forKey: .warnings); needsProofreading = try c.decodeIfPresent(Bool.self, forKey: .needsProofreading)
    }

    public init(_ s: SubmissionSummary, store: Store) {
        id = s.id; state = s.state; states = s.states.isEmpty ? [s.state] : s.states; language = s.language; items = s.items
        received = s.received.description; late = store.isLate(received: s.received); status = s.status.rawValue
        words = s.words; translated = s.translated; registeredBy = s.registeredBy; warnings = s.warnings
        needsProofreading = s.needsProofreading
    }

    /// The States as a listing shows them: "Chile, Peru" for a joint text.
    public var statesDisplay: String { states.joined(separator: ", ") }

    /// Every submission's row, from the status index, in listing order (`ordered`).
    public static func all(in store: Store) throws -> [StatusRow] {
        ordered(try StatusIndex(store: store).summaries().map { StatusRow($0, store: store) }, language: store.paper.language)
    }

    /// Rows as listings give them: by State name (collated for the paper's language, first State
    /// of a joint text), then date received; the id only breaks ties between otherwise equal rows.
    public static func ordered(_ rows: [StatusRow], language: String) -> [StatusRow] {
        // The distinct State names are collated once (a few hundred), not at each of the ~140 000
        // comparisons of 10 000 rows; names that collate equal share a rank.
        let collator = try? Collator(locale: language)
        let names = Set(rows.map(\.state)).sorted { collator?.less($0, $1) ?? ($0 < $1) }
        var rank: [String: Int] = [:]
        var current = 0
        for (i, name) in names.enumerated() {
            if i > 0, collator?.less(names[i - 1], name) ?? (names[i - 1] < name) { current = i }
            rank[name] = current
        }
        // Each row's rank is looked up once, not at every comparison.
        return rows.map { (rank: rank[$0.state] ?? 0, row: $0) }.sorted { a, b in
            if a.rank != b.rank { return a.rank < b.rank }
            if a.row.received != b.row.received { return a.row.received < b.row.received }
            return a.row.id < b.row.id
        }.map(\.row)
    }

    /// The rows as a pretty-printed JSON array with sorted keys, written directly, so that a store
    /// of thousands of submissions is listed without the generic encoder's cost (a unit test
    /// decodes it back with `JSONDecoder`).
    public static func json(_ rows: [StatusRow]) -> String {
        var o = "[\n"
        o.reserveCapacity(rows.count * 300)
        for (i, r) in rows.enumerated() {
            o += "  {\n"
            o += "    \"id\" : \(JSONText.string(r.id)),\n"
            o += "    \"items\" : [\(r.items.map(String.init).joined(separator: ", "))],\n"
            o += "    \"language\" : \(JSONText.string(r.language)),\n"
            o += "    \"late\" : \(r.late),\n"
            o += "    \"received\" : \(JSONText.string(r.received)),\n"
            o += "    \"registeredBy\" : \(JSONText.string(r.registeredBy)),\n"
            o += "    \"state\" : \(JSONText.string(r.state)),\n"
            o += "    \"states\" : [\(r.states.map(JSONText.string).joined(separator: ", "))],\n"
            o += "    \"status\" : \(JSONText.string(r.status)),\n"
            o += "    \"translated\" : \(r.translated),\n"
            o += "    \"warnings\" : \(r.warnings),\n"
            o += "    \"words\" : \(r.words)\n"
            o += i == rows.count - 1 ? "  }\n" : "  },\n"
        }
        return o + "]\n"
    }
}

/// JSON string literals, escaped as RFC 8259 requires (and U+2028/U+2029, which JavaScript
/// source cannot hold).
public enum JSONText {
    public static func string(_ s: String) -> String {
        var o = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": o += "\\\""
            case "\\": o += "\\\\"
            case "\n": o += "\\n"
            case "\r": o += "\\r"
            case "\t": o += "\\t"
            default:
                if u.value < 0x20 || u.value == 0x2028 || u.value == 0x2029 {
                    let hex = String(u.value, radix: 16)
                    o += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    o.unicodeScalars.append(u)
                }
            }
        }
        return o + "\""
    }
}

/// What is left to translate, per language and status (`crp workload`).
public struct WorkloadRow: Codable, Equatable, Sendable {
    public let language: String
    public let status: String
    public let submissions: Int
    public let words: Int
    public let characters: Int
    public let gmxv: Double?

    /// How the figures are counted, in plain words.
    public static let countingRule =
        "Words are counted with ICU's word-break rules for each language (numbers and words count, punctuation and spaces do not); characters are code points other than spaces, combining marks and format controls; GMX-V for Chinese is characters ÷ 2.8."

    /// Submissions that still need a translation (not withdrawn, not in the paper's language, none
    /// attached), summed per language and status.
    public static func rows(in store: Store) throws -> [WorkloadRow] {
        var acc: [String: (Int, Int, Int, Double?)] = [:]
        for s in try StatusIndex(store: store).summaries() where s.status != .withdrawn && s.language != store.paper.language && !s.hasTranslation {
            let key = "\(s.language)\t\(Status.display(s.status, needsProofreading: s.needsProofreading))"
            var v = acc[key] ?? (0, 0, 0, nil)
            v.0 += 1; v.1 += s.words; v.2 += s.characters
            if let g = s.gmxv { v.3 = (v.3 ?? 0) + g }
            acc[key] = v
        }
        return acc.keys.sorted().map { k -> WorkloadRow in
            let p = k.split(separator: "\t").map(String.init)
            let v = acc[k]!
            return WorkloadRow(language: p[0], status: p[1], submissions: v.0, words: v.1, characters: v.2, gmxv: v.3)
        }
    }
}
