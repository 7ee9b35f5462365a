import Foundation
import Yams

/// One thing wrong in a `paper.yaml`, with where it is: the line and column (1-based, columns in
/// Unicode scalars as libyaml counts them), the field ("items[2].title") and what to write instead.
public struct PaperProblem: Codable, Equatable, Sendable, CustomStringConvertible {
    public let line: Int?
    public let column: Int?
    /// The field, as a path: "date", "agenda.items[1]", "items[2].points".
    public let field: String
    /// What is wrong and what is expected, with the offending value.
    public let message: String

    public init(line: Int?, column: Int?, field: String, message: String) {
        self.line = line; self.column = column; self.field = field; self.message = message
    }

    /// "line 5, column 7: date — "10 October 2022" is not a date: write 2022-10-10".
    public var description: String {
        var where_ = ""
        if let line { where_ = "line \(line)" + (column.map { ", column \($0)" } ?? "") + ": " }
        return where_ + (field.isEmpty ? "" : "\(field) — ") + message
    }
}

/// A template value still in a paper definition: the field and the value to replace.
public struct TemplateValue: Codable, Equatable, Sendable {
    public let field: String
    public let value: String
}

/// Why a paper definition cannot be used to compile.
public enum PaperDefinitionError: Error, LocalizedError, Equatable {
    /// The definition still holds the values `crp init` wrote for the officer to replace.
    case templateValuesLeft(file: String, values: [TemplateValue])

    public var errorDescription: String? {
        switch self {
        case .templateValuesLeft(let file, let values):
            let list = values.map { "\($0.field) (\"\($0.value)\")" }.joined(separator: ", ")
            return SafeName.visible(
                "The paper definition \(file) still holds values of the template: \(list). Replace each with the paper's own text, then compile again (`crp check` lists what is left)."
            )
        }
    }
}

extension PaperDefinition {
    /// The shape of `paper.yaml`: every field, what kind of value it takes, and whether it is required.
    indirect enum Shape: Sendable {
        case text, integer, boolean, date, language
        /// An IANA time zone name ("Europe/Vienna").
        case timeZone
        case list(Shape)
        case fields([Field])
    }

    struct Field: Sendable {
        let name: String
        let shape: Shape
        let required: Bool
        init(_ name: String, _ shape: Shape, required: Bool = true) {
            self.name = name; self.shape = shape; self.required = required
        }
    }

    /// The schema `load` checks before decoding (kept beside the `Codable` struct in Paper.swift).
    static let schema: [Field] = [
        Field("symbol", .text), Field("language", .language), Field("date", .date), Field("distribution", .text),
        Field("body", .text), Field("session", .text), Field("venue", .text),
        Field("dates", .fields([Field("from", .date), Field("to", .date)])),
        Field("agenda", .fields([Field("symbol", .text), Field("items", .list(.integer)), Field("title", .text)])),
        Field("title", .text), Field("subtitle", .text, required: false), Field("deadline", .date),
        Field("timezone", .timeZone, required: false), Field("unedited", .boolean, required: false),
        Field("introduction", .fields([Field("heading", .text), Field("paragraphs", .list(.text))])),
        Field("comments", .fields([Field("heading", .text), Field("lead", .text)])),
        Field("items", .list(.fields([Field("number", .integer), Field("title", .text), Field("points", .list(.text))]))),
    ]

    /// Every problem of a paper definition's text, in the order of the file; empty when it loads.
    /// The YAML is composed into nodes first (which carry line and column), checked field by field
    /// against the schema (unknown keys with the nearest known one, dates as calendar dates), and
    /// only then decoded.
    public static func problems(inYAML text: String) -> [PaperProblem] {
        // Measured before Yams loads it: too deep, too long a list or an alias bomb is refused here.
        if let p = structureProblem(text) { return [p] }
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch let e as YamlError {
            return [syntaxProblem(e, text: text)]
        } catch {
            return [PaperProblem(line: nil, column: nil, field: "", message: "the file is not valid YAML (\(error))")]
        }
        guard let root else {
            return [PaperProblem(line: 1, column: 1, field: "", message: "the file is empty: start from the template that `crp init` writes")]
        }
        // A file that is not a paper definition at all (another file put in its place, or a link
        // to one): say so once, and echo none of its content.
        do {
            let top = schema
            let keys = root.mapping.map { $0.map { $0.key.scalar?.string ?? "" } } ?? []
            if !keys.contains(where: { k in top.contains { $0.name == k } }) {
                return [
                    PaperProblem(
                        line: 1, column: 1, field: "",
                        message:
                            "the file is not a paper definition: none of its top-level lines is one of its fields (\(top.map(\.name).prefix(4).joined(separator: ", "))…), so nothing of it is shown here. Put the paper's definition in this file: start from the template that `crp init` writes"
                    )
                ]
            }
        }
        var out: [PaperProblem] = []
        walk(root, shape: .fields(schema), path: "", into: &out)
        if out.isEmpty { out += semanticProblems(root) }
        return out.sorted { ($0.line ?? 0, $0.column ?? 0) < ($1.line ?? 0, $1.column ?? 0) }
    }

    /// Decodes a definition whose text is known to be well formed, or throws the first problems.
    static func decodeChecked(_ text: String, file: String) throws -> PaperDefinition {
        let problems = problems(inYAML: text)
        if !problems.isEmpty {
            throw StoreError.badPaperDefinition(file: file, reason: summary(problems))
        }
        return try YAMLDecoder().decode(PaperDefinition.self, from: text)
    }

    // MARK: the walk

    static func position(_ node: Node) -> (Int?, Int?) { (node.mark?.line, node.mark?.column) }

    static func problem(_ node: Node, _ field: String, _ message: String) -> PaperProblem {
        let (l, c) = position(node)
        return PaperProblem(line: l, column: c, field: field, message: message)
    }

    /// A name that could be a field of the definition: ASCII letters, digits, `_` and `-`, starting
    /// with a letter, at most 40 characters.
    static func isPlausibleFieldName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.unicodeScalars.count <= 40,
            ("a"..."z").contains(first) || ("A"..."Z").contains(first)
        else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
    }

    /// Refuses a paper definition that is a symbolic link to a file outside its workspace folder.
    public static func outsideLink(_ url: URL) -> String? {
        guard FileIO.isSymlink(url.path) else { return nil }
        let target = url.resolvingSymlinksInPath().path
        let folder = url.deletingLastPathComponent().resolvingSymlinksInPath().path
        if target.hasPrefix(folder + "/") { return nil }
        return
            "it is a symbolic link to a file outside the workspace (\(SafeName.visible(target))), which crp does not read. Put the paper definition itself in the workspace in place of the link"
    }

    static func shown(_ node: Node) -> String {
        if let s = node.scalar?.string { return "\"\(s.count > 60 ? String(s.prefix(57)) + "…" : s)\"" }
        if node.mapping != nil { return "a group of fields" }
        return "a list"
    }

    /// A group of fields: each known field walked into, an unknown one named (with a suggestion
    /// for the first problems shown), a field given twice or a required one missing reported.
    static func walkFields(_ node: Node, fields: [Field], path: String, into out: inout [PaperProblem]) {
        guard let mapping = node.mapping else {
            out.append(problem(node, path, "expected a group of fields (\(fields.map(\.name).joined(separator: ", "))), found \(shown(node))"))
            return
        }
        var seen: [String: Node] = [:]
        // Fields suggested for a misspelt name: that line is where the fix is, so the field is not
        // also reported missing at the group's first line.
        var suggested: Set<String> = []
        for (key, value) in mapping {
            let name = key.scalar?.string ?? ""
            // Only a name that could be a field is quoted back: anything else may be a line of
            // a file that is not a paper definition, and is never echoed.
            let plausible = isPlausibleFieldName(name)
            let fieldPath = plausible ? (path.isEmpty ? name : path + "." + name) : path
            guard let field = fields.first(where: { $0.name == name }) else {
                guard plausible else {
                    out.append(
                        problem(
                            key, fieldPath, "a line that is not a field name (not shown): the fields here are \(fields.map(\.name).joined(separator: ", "))"
                        ))
                    continue
                }
                var message = "unknown field `\(name)`"
                // Only the problems that are shown get a suggestion (a hostile file has 100,000 such keys).
                if out.count < maxProblemsShown {
                    if let near = nearest(name, among: fields.map(\.name)) {
                        message += " — did you mean \(near)?"
                        suggested.insert(near)
                    } else {
                        message += ": the fields here are \(fields.map(\.name).joined(separator: ", "))"
                    }
                }
                out.append(problem(key, fieldPath, message))
                continue
            }
            if let first = seen[name] {
                out.append(problem(key, fieldPath, "appears twice (first on line \(first.mark?.line ?? 0)): keep one"))
                continue
            }
            seen[name] = key
            if !field.required && isNull(value) { continue }
            walk(value, shape: field.shape, path: fieldPath, into: &out)
        }
        for f in fields where f.required && seen[f.name] == nil && !suggested.contains(f.name) {
            out.append(
                problem(
                    node, path.isEmpty ? f.name : path + "." + f.name,
                    "is missing: add `\(f.name):` \(path.isEmpty ? "at the top level" : "under `\(path)`")"))
        }
    }

    static func walk(_ node: Node, shape: Shape, path: String, into out: inout [PaperProblem]) {
        switch shape {
        case .fields(let fields):
            walkFields(node, fields: fields, path: path, into: &out)
        case .list(let element):
            guard let sequence = node.sequence else {
                out.append(problem(node, path, "expected a list (lines starting with `- `), found \(shown(node))"))
                return
            }
            if sequence.isEmpty { out.append(problem(node, path, "the list is empty: give at least one entry")) }
            for (i, value) in sequence.enumerated() {
                walk(value, shape: element, path: "\(path)[\(i + 1)]", into: &out)
            }
        case .text:
            guard let s = node.scalar else {
                out.append(problem(node, path, "expected text, found \(shown(node))")); return
            }
            if isNull(node) || s.string.trimmingCharacters(in: .whitespaces).isEmpty {
                out.append(problem(node, path, "is empty: write the text"))
            }
        case .integer:
            if node.scalar == nil || node.int == nil {
                out.append(problem(node, path, "expected a whole number such as 2, found \(shown(node))"))
            }
        case .boolean:
            if node.scalar == nil || node.bool == nil {
                out.append(problem(node, path, "expected true or false, found \(shown(node))"))
            }
        case .language:
            guard let s = node.scalar?.string else { out.append(problem(node, path, "expected a language code, found \(shown(node))")); return }
            if !LocaleCatalog.officialLanguages.contains(s) {
                out.append(problem(node, path, "\"\(s)\" is not an official language: write ar, zh, en, fr, ru or es"))
            }
        case .timeZone:
            guard let s = node.scalar?.string else {
                out.append(problem(node, path, "expected a time zone such as Europe/Vienna, found \(shown(node))")); return
            }
            if TimeZone(identifier: s) == nil { out.append(problem(node, path, timeZoneAdvice(s))) }
        case .date:
            guard let s = node.scalar?.string else { out.append(problem(node, path, "expected a date (YYYY-MM-DD), found \(shown(node))")); return }
            if (try? CalendarDate(iso: s)) == nil { out.append(problem(node, path, dateAdvice(s))) }
        }
    }

    static func isNull(_ node: Node) -> Bool {
        guard let s = node.scalar else { return false }
        return s.style == .plain && ["", "~", "null", "Null", "NULL"].contains(s.string)
    }

    /// What to say about a value that is not a YYYY-MM-DD calendar date.
    static func dateAdvice(_ s: String) -> String {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count == 3, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) {
            if !(1...12).contains(m) { return "\"\(s)\" is not a date: there is no month \(m); write YYYY-MM-DD" }
            let names = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
            let n = CalendarDate.daysIn(month: m, year: y)
            if d < 1 || d > n { return "\"\(s)\" is not a date: \(names[m - 1]) \(y) has \(n) days" }
            if let ok = try? CalendarDate(iso: String(format: "%04d-%02d-%02d", y, m, d)) { return "\"\(s)\" — write \(ok) (YYYY-MM-DD)" }
        }
        if let guess = guessDate(s) { return "\"\(s)\" is not written as a date here — write \(guess) (YYYY-MM-DD)" }
        return "\"\(s)\" is not a date: write it as YYYY-MM-DD, for example 2020-10-09"
    }

    /// A date written another common way ("10 October 2022", "October 10, 2022", "10.10.2022").
    static func guessDate(_ s: String) -> CalendarDate? {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.calendar = Calendar(identifier: .gregorian)
        f.isLenient = false
        for format in ["d MMMM yyyy", "d MMM yyyy", "MMMM d, yyyy", "MMMM d yyyy", "MMM d, yyyy", "d.M.yyyy", "yyyy/M/d", "yyyy.M.d"] {
            f.dateFormat = format
            if let d = f.date(from: s.trimmingCharacters(in: .whitespaces)) { return CalendarDate(utc: d) }
        }
        return nil
    }

    /// The nearest name within a small edit distance, for "did you mean".
    static func nearest(_ name: String, among names: [String]) -> String? {
        let lower = name.lowercased()
        let scored = names.map { ($0, editDistance(lower, $0)) }.sorted { $0.1 < $1.1 }
        guard let best = scored.first, best.1 <= max(2, name.count / 3) else { return nil }
        return best.0
    }

    /// Checks across fields, on a definition whose every field has the right shape.
    static func semanticProblems(_ root: Node) -> [PaperProblem] {
        var out: [PaperProblem] = []
        guard let top = root.mapping else { return out }
        if let dates = top["dates"]?.mapping, let fromNode = dates["from"], let toNode = dates["to"],
            let from = fromNode.string.flatMap({ try? CalendarDate(iso: $0) }), let to = toNode.string.flatMap({ try? CalendarDate(iso: $0) }),
            to < from
        {
            out.append(problem(toNode, "dates.to", "the meeting ends (\(to)) before it starts (\(from)): check dates.from and dates.to"))
        }
        if let items = top["items"]?.sequence {
            var first: [Int: Int] = [:]
            for (i, item) in items.enumerated() {
                guard let numberNode = item.mapping?["number"], let n = numberNode.int else { continue }
                if let j = first[n] {
                    out.append(
                        problem(numberNode, "items[\(i + 1)].number", "item \(n) is already numbered in items[\(j + 1)]: every item needs its own number"))
                } else {
                    first[n] = i
                }
            }
        }
        return out
    }

    /// A YAML syntax error as a problem. For an unclosed quote, the place where the quote opens
    /// is named (libyaml reports the end of the file, where it gave up).
    static func syntaxProblem(_ e: YamlError, text: String) -> PaperProblem {
        let lines = text.components(separatedBy: "\n")
        func field(at line: Int) -> String {
            guard line >= 1, line <= lines.count else { return "" }
            let l = lines[line - 1].trimmingCharacters(in: .whitespaces)
            let body = l.hasPrefix("- ") ? String(l.dropFirst(2)) : l
            guard let colon = body.firstIndex(of: ":") else { return "" }
            let key = body[..<colon]
            return key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) ? String(key) : ""
        }
        switch e {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _), .composer(let context, let problem, let mark, _):
            if let (line, column) = unclosedQuote(lines: lines, before: mark.line) {
                return PaperProblem(
                    line: line, column: column, field: field(at: line),
                    message:
                        "a quoted value starts here and its closing quote is missing (the YAML reader went on to line \(mark.line), column \(mark.column): \(problem)): close the quote on this line"
                )
            }
            if let context, context.text.contains("quoted scalar") {
                return PaperProblem(
                    line: context.mark.line, column: context.mark.column, field: field(at: context.mark.line),
                    message:
                        "a quoted value starts here and its closing quote is missing (YAML: \(problem) at line \(mark.line), column \(mark.column)): close the quote on this line"
                )
            }
            var message = "the YAML is not valid here: \(problem)"
            if let context { message += " (\(context.text) at line \(context.mark.line), column \(context.mark.column))" }
            message += "; check the indentation, the `key: value` form and the quotes"
            return PaperProblem(line: mark.line, column: mark.column, field: field(at: mark.line), message: message)
        case .reader(let problem, _, _, _):
            return PaperProblem(line: nil, column: nil, field: "", message: "the file cannot be read as text: \(problem)")
        default:
            return PaperProblem(line: nil, column: nil, field: "", message: "the file is not valid YAML (\(e))")
        }
    }

    /// The last quote before line `errorLine` that opens a value and is not closed on its line,
    /// when the lines after it that the quoted text swallowed include one indented no deeper than
    /// its key (a comment or the next field): the text of a real multi-line quoted value is
    /// indented deeper, so such a quote was left open by mistake. Line and column are 1-based.
    static func unclosedQuote(lines: [String], before errorLine: Int) -> (Int, Int)? {
        var i = min(errorLine, lines.count) - 1
        while i >= 0 {
            let line = lines[i]
            let indent = line.prefix { $0 == " " }.count
            var rest = Substring(line.dropFirst(indent))
            if rest.hasPrefix("#") || rest.isEmpty { i -= 1; continue }
            if rest.hasPrefix("- ") { rest = rest.dropFirst(2) }
            if let colon = rest.range(of: ": "), rest[..<colon.lowerBound].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
                rest = rest[colon.upperBound...]
            }
            let value = rest.drop { $0 == " " }
            guard let q = value.first, q == "\"" || q == "'" else { i -= 1; continue }
            // Closed on the same line? (\" escapes in double quotes, '' in single quotes)
            var closed = false
            var k = value.index(after: value.startIndex)
            while k < value.endIndex {
                let c = value[k]
                if q == "\"" && c == "\\" { k = value.index(after: k); if k < value.endIndex { k = value.index(after: k) }; continue }
                if c == q {
                    let next = value.index(after: k)
                    if q == "'" && next < value.endIndex && value[next] == "'" { k = value.index(after: next); continue }
                    closed = true; break
                }
                k = value.index(after: k)
            }
            if closed { return nil }
            let column =
                line.unicodeScalars.distance(
                    from: line.unicodeScalars.startIndex, to: value.startIndex.samePosition(in: line.unicodeScalars) ?? line.unicodeScalars.startIndex) + 1
            let keyIndent = line.hasPrefix(String(repeating: " ", count: indent) + "- ") ? indent + 2 : indent
            for j in (i + 1)..<max(i + 1, min(errorLine, lines.count)) {
                let l = lines[j]
                if l.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                if l.prefix(while: { $0 == " " }).count <= keyIndent { return (i + 1, column) }
            }
            return nil
        }
        return nil
    }

    // MARK: template values

    /// The values of `crp init`'s template still present, each with its field.
    public var templateValues: [TemplateValue] {
        let t = PaperDefinition.template(symbol: PaperDefinition.templateSymbol, today: CalendarDate(year: 2000, month: 1, day: 1))
        var out: [TemplateValue] = []
        if symbol == t.symbol { out.append(TemplateValue(field: "symbol", value: symbol)) }
        if body == t.body { out.append(TemplateValue(field: "body", value: body)) }
        if title == t.title { out.append(TemplateValue(field: "title", value: title)) }
        if session == t.session { out.append(TemplateValue(field: "session", value: session)) }
        if agenda.symbol == t.agenda.symbol { out.append(TemplateValue(field: "agenda.symbol", value: agenda.symbol)) }
        if agenda.title == t.agenda.title { out.append(TemplateValue(field: "agenda.title", value: agenda.title)) }
        let placeholderPoints = Set(t.items.flatMap(\.points))
        for (i, item) in items.enumerated() {
            if item.title == t.items[0].title { out.append(TemplateValue(field: "items[\(i + 1)].title", value: item.title)) }
            for (j, p) in item.points.enumerated() where placeholderPoints.contains(p) {
                out.append(TemplateValue(field: "items[\(i + 1)].points[\(j + 1)]", value: p))
            }
        }
        return out
    }

    /// Throws when template values are left (`crp compile` refuses such a definition).
    public func refuseTemplateValues(file: String) throws {
        let left = templateValues
        if !left.isEmpty { throw PaperDefinitionError.templateValuesLeft(file: file, values: left) }
    }
}
