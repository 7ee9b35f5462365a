import Foundation
import MultilingualText
import Yams

/// One official language's resources, read from `Locales/<code>.yaml`.
public struct LanguageResources: Decodable, Sendable {
    public struct Lettering: Decodable, Sendable {
        /// "latin-lower", "arabic-abjad", "cyrillic-lower".
        public let style: String
        /// "({letter})" or "{letter})".
        public let format: String
        /// The letters in order, when not a–z.
        public let letters: [String]?
    }

    public let code: String
    /// English name ("Arabic").
    public let name: String
    /// The language's own name ("العربية").
    public let native: String
    public let direction: TextDirection
    /// ISO 15924 scripts the language is written in.
    public let scripts: [String]
    /// The UN one-letter job code (A, C, E, F, R, S).
    public let jobCode: String
    /// ICU collation locale for ordering State names in this language version.
    public let collation: String
    /// ICU list-format locale.
    public let listLocale: String
    public let lettering: Lettering
    /// Names of the six languages in this language.
    public let languages: [String: String]
    public let months: [String]
    public let date: String
    public let dateRangeSameMonth: String
    public let dateRange: String
    /// The paper's data-dependent sentences, keyed by purpose.
    public let paper: [String: String]
    /// Phrases of a cover note that only announces an attachment ("Please find attached"), in
    /// this language; an e-mail body made of such a note is never taken as the comments.
    public let attachmentAnnouncements: [String]?

    enum CodingKeys: String, CodingKey {
        case code, name, native, direction, scripts, collation, lettering, languages, months, date, paper
        case attachmentAnnouncements = "attachment_announcements"
        case jobCode = "job_code", listLocale = "list_locale"
        case dateRangeSameMonth = "date_range_same_month", dateRange = "date_range"
    }

    /// The label of the n-th (0-based) lettered point: "(a)", "b)", "(هـ)".
    public func letter(_ n: Int) -> String {
        let letter: String
        if let letters = lettering.letters, !letters.isEmpty {
            letter = n < letters.count ? letters[n] : letters[n % letters.count] + String(repeating: letters[n % letters.count], count: n / letters.count)
        } else {
            let a = Int(UnicodeScalar("a").value)
            let base = String(UnicodeScalar(UInt8(a + n % 26)))
            letter = String(repeating: base, count: n / 26 + 1)
        }
        return lettering.format.replacingOccurrences(of: "{letter}", with: letter)
    }

    /// The number of a chapter: "I.", "II." (Roman numerals in every language version).
    public func chapterNumber(_ n: Int) -> String { Numbering.roman(n) + "." }

    /// A sentence from `paper` that agrees with a count: `<key>_one` for one (when the language
    /// file has it; a language without grammatical number needs none), else `<key>`.
    public func sentence(_ key: String, count: Int, _ values: [String: String] = [:]) -> String {
        if count == 1, paper[key + "_one"] != nil { return sentence(key + "_one", values) }
        return sentence(key, values)
    }

    /// A sentence from `paper`, with `{name}` placeholders filled.
    public func sentence(_ key: String, _ values: [String: String] = [:]) -> String {
        fill(paper[key] ?? key, values)
    }

    /// "9 October 2020".
    public func format(_ d: CalendarDate) -> String {
        fill(date, ["day": String(d.day), "month": months[d.month - 1], "year": String(d.year)])
    }

    /// "12–16 October 2020" or "30 September–2 October 2020".
    public func format(from a: CalendarDate, to b: CalendarDate) -> String {
        if a == b { return format(a) }
        if a.year == b.year && a.month == b.month {
            return fill(dateRangeSameMonth, ["day1": String(a.day), "day2": String(b.day), "month": months[a.month - 1], "year": String(a.year)])
        }
        if a.year == b.year {
            return fill(
                dateRange, ["day1": String(a.day), "month1": months[a.month - 1], "day2": String(b.day), "month2": months[b.month - 1], "year": String(a.year)])
        }
        return format(a) + "–" + format(b)
    }
}

/// Replaces `{key}` by values[key] in one pass; unknown keys stay as they are.
public func fill(_ template: String, _ values: [String: String]) -> String {
    if values.isEmpty || !template.contains("{") { return template }
    var out = ""
    var rest = Substring(template)
    while let open = rest.firstIndex(of: "{") {
        out += rest[..<open]
        guard let close = rest[open...].firstIndex(of: "}") else { break }
        let key = String(rest[rest.index(after: open)..<close])
        if let v = values[key] { out += v } else { out += rest[open...close] }
        rest = rest[rest.index(after: close)...]
    }
    out += rest
    return out
}

/// A UN Member State, observer State or organization, with the aliases people type.
public struct StateEntry: Decodable, Sendable {
    public let name: String
    public let kind: String
    public let aliases: [String]?
    /// The name in running text, with its article ("the Niger"); nil when it takes none.
    public let inText: String?

    enum CodingKeys: String, CodingKey {
        case name, kind, aliases
        case inText = "in_text"
    }
}

/// What `crp` knows about languages and States, loaded once from `Locales/`.
public final class LocaleCatalog: Sendable {
    public let folder: URL
    public let languages: [String: LanguageResources]
    public let states: [StateEntry]
    private let byKey: [String: String]  // search key of name or alias → canonical name
    private let running: [String: String]  // canonical name → name in running text
    private let spoof: SpoofChecker?

    /// The six official languages.
    public static let officialLanguages = ["ar", "zh", "en", "fr", "ru", "es"]

    /// Loads every language file and the States list from a Locales folder.
    public init(folder: URL) throws {
        self.folder = folder
        guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("states.yaml").path) else {
            throw StoreError.missingLocales(folder.path)
        }
        var langs: [String: LanguageResources] = [:]
        for code in Self.officialLanguages {
            let url = folder.appendingPathComponent("\(code).yaml")
            do {
                let text = try String(contentsOf: url, encoding: .utf8)
                langs[code] = try YAMLDecoder().decode(LanguageResources.self, from: text)
            } catch {
                throw StoreError.badLocale(file: url.path, reason: "\(error)")
            }
        }
        languages = langs
        struct StatesFile: Decodable { let states: [StateEntry] }
        let url = folder.appendingPathComponent("states.yaml")
        do {
            states = try YAMLDecoder().decode(StatesFile.self, from: try String(contentsOf: url, encoding: .utf8)).states
        } catch {
            throw StoreError.badLocale(file: url.path, reason: "\(error)")
        }
        var keys: [String: String] = [:]
        for s in states {
            for n in [s.name] + (s.aliases ?? []) {
                if let k = try? Normalizer.searchKey(n) { keys[Self.looseKey(k)] = s.name }
            }
        }
        byKey = keys
        running = Dictionary(states.compactMap { s in s.inText.map { (s.name, $0) } }, uniquingKeysWith: { a, _ in a })
        spoof = try? SpoofChecker()
    }

    /// A State's name as United Nations style writes it in running text: "the Niger", "Peru".
    /// Headings keep the bare name.
    public func runningName(_ state: String) -> String { running[state] ?? state }

    /// The phrases of cover notes that announce an attachment, in every language, without repeats.
    public var attachmentAnnouncements: [String] {
        var out: [String] = []
        for code in languages.keys.sorted() { for p in languages[code]?.attachmentAnnouncements ?? [] where !out.contains(p) { out.append(p) } }
        return out
    }

    public func language(_ code: String) throws -> LanguageResources {
        guard let l = languages[code.lowercased()] else { throw StoreError.unknownLanguage(code) }
        return l
    }

    private static func looseKey(_ key: String) -> String {
        // apostrophes and hyphens typed in different ways match
        String(key.unicodeScalars.filter { !"'’`-‐ ".unicodeScalars.contains($0) })
    }

    /// The canonical UN name for what an officer typed, or an error that suggests the near miss
    /// or names the State a spoofed name imitates.
    public func canonicalState(_ typed: String) throws -> String {
        let trimmed = typed.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { throw StoreError.emptyState }
        let key = Self.looseKey((try? Normalizer.searchKey(trimmed)) ?? trimmed)
        if let spoof, spoof.isSuspicious(trimmed) || trimmed.unicodeScalars.contains(where: { $0.value < 0x20 || CharacterProperties.isBidiControl($0) }) {
            let sk = spoof.skeleton(trimmed)
            let like = states.first { s in ([s.name] + (s.aliases ?? [])).contains { spoof.skeleton($0) == sk } }
            throw StoreError.suspiciousStateName(trimmed, resembles: like?.name)
        }
        if let name = byKey[key] { return name }
        let near = suggestions(for: key)
        if near.count > 1 { throw StoreError.unclearState(trimmed, candidates: near) }
        throw StoreError.unknownState(trimmed, suggestion: near.first)
    }

    /// The nearest names: within two edits or a third of the letters ("Morroco"), those holding
    /// more of the typed letters first ("Chli" is Chile, not Chad); names as near as each other
    /// are all given ("Chine": Chile or China). A name the typed word ends ("Korea") gives every
    /// State it could be.
    private func suggestions(for key: String) -> [String] {
        var best: [(name: String, distance: Int, shared: Int)] = []
        for (k, name) in byKey.sorted(by: { $0.key < $1.key }) {
            let d = editDistance(key, k)
            guard d <= max(2, min(k.count, key.count) / 3) else { continue }
            let shared = sharedLetters(key, k)
            if let b = best.first, (d, -shared) > (b.distance, -b.shared) { continue }
            if let b = best.first, (d, -shared) < (b.distance, -b.shared) { best = [] }
            if !best.contains(where: { $0.name == name }) { best.append((name, d, shared)) }
        }
        if !best.isEmpty { return best.map(\.name) }
        guard key.count >= 4 else { return [] }
        var ending: [String] = []
        for (k, name) in byKey.sorted(by: { $0.key < $1.key }) where k.hasSuffix(key) && !ending.contains(name) { ending.append(name) }
        return ending.count <= 4 ? ending : []
    }

    /// How many letters two keys have in common, counted with repeats.
    private func sharedLetters(_ a: String, _ b: String) -> Int {
        var counts: [Character: Int] = [:]
        for c in a { counts[c, default: 0] += 1 }
        var shared = 0
        for c in b where (counts[c] ?? 0) > 0 {
            counts[c]! -= 1
            shared += 1
        }
        return shared
    }
}

/// Edit distance with adjacent transpositions (optimal string alignment), over characters.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { d[i][0] = i }
    for j in 0...b.count { d[0][j] = j }
    for i in 1...a.count {
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
        }
    }
    return d[a.count][b.count]
}

/// Numbers written as the documents write them.
public enum Numbering {
    /// Roman numerals, upper case ("IV"); other numbers than 1–3999 in digits.
    public static func roman(_ n: Int) -> String {
        guard n > 0 && n < 4000 else { return String(n) }
        let table: [(Int, String)] = [
            (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
            (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
        ]
        var n = n
        var s = ""
        for (v, r) in table { while n >= v { s += r; n -= v } }
        return s
    }
}
