// libyaml's event parser (the C library inside Yams): one pass over the events, building no
// nodes, so a hostile definition is measured before Yams' recursive loader sees it.
internal import CYaml
import Foundation

/// The bounds a `paper.yaml` must stay within. A real paper definition is a few kilobytes, four
/// levels deep, with tens of items; these bounds are far above that and far below what exhausts
/// crp (5,000 nested `[` overflow the stack of the YAML loader; aliases can expand a small file
/// to billions of values).
extension PaperDefinition {
    /// The largest definition read (4 MiB).
    public static let maxFileBytes = 4 << 20
    /// The deepest nesting of lists and groups of fields.
    public static let maxNesting = 64
    /// The most entries in one list (items, points, paragraphs).
    public static let maxListEntries = 10_000
    /// The most values the definition may hold once its aliases (`*name`) are expanded.
    public static let maxExpandedValues = 1_000_000
    /// The most problems listed in a refusal (the rest are counted).
    public static let maxProblemsShown = 20

    /// The definition's size checked before it is read: nil when it is within `maxFileBytes`.
    public static func sizeProblem(of url: URL) -> PaperProblem? {
        guard let size = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber else { return nil }
        return sizeProblem(bytes: size.intValue)
    }

    static func sizeProblem(bytes: Int) -> PaperProblem? {
        guard bytes > maxFileBytes else { return nil }
        return PaperProblem(
            line: nil, column: nil, field: "",
            message:
                "the file is \(megabytes(bytes)) MB; a paper definition is a few kilobytes and crp reads none over \(megabytes(maxFileBytes)) MB (is it the right file?)"
        )
    }

    static func megabytes(_ bytes: Int) -> String { String(format: "%.1f", Double(bytes) / 1_048_576) }

    /// What makes the text too deep or too large to load, found in one pass over libyaml's
    /// events: nesting over `maxNesting`, a list over `maxListEntries` entries, or aliases that
    /// expand beyond `maxExpandedValues` values. Nil when it is within bounds, or when it is not
    /// valid YAML (loading it then reports the syntax error).
    static func structureProblem(_ text: String) -> PaperProblem? {
        if let p = sizeProblem(bytes: text.utf8.count) { return p }
        var bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return nil }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        return bytes.withUnsafeMutableBufferPointer { buffer -> PaperProblem? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            // One frame per open list or group: its entries, whether it is a list, the values it
            // holds with aliases expanded, its anchor and where it starts.
            struct Frame { var entries = 0; var isList: Bool; var values = 1; var anchor: String?; var line: Int }
            var stack: [Frame] = []
            var anchors: [String: Int] = [:]
            func name(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? {
                p.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
            }
            /// Adds a finished value (a scalar, an alias or a closed collection) to its parent.
            func finish(values: Int, anchor: String?, line: Int) -> PaperProblem? {
                if let anchor { anchors[anchor] = values }
                guard !stack.isEmpty else { return nil }
                stack[stack.count - 1].entries += 1
                stack[stack.count - 1].values = min(Int.max / 2, stack[stack.count - 1].values + values)
                let top = stack[stack.count - 1]
                if top.isList && top.entries > maxListEntries {
                    return PaperProblem(
                        line: top.line, column: nil, field: "",
                        message:
                            "the list starting here has more than \(maxListEntries) entries; a paper has far fewer items, points or paragraphs (is it the right file?)"
                    )
                }
                if stack.reduce(0, { $0 + $1.values }) > maxExpandedValues || values > maxExpandedValues {
                    return PaperProblem(
                        line: line, column: nil, field: "",
                        message:
                            "the aliases (*name) here expand the definition to more than \(maxExpandedValues) values; write the text out instead of repeating it by aliases"
                    )
                }
                return nil
            }
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
                let line = Int(event.start_mark.line) + 1
                var problem: PaperProblem?
                var done = false
                switch event.type {
                case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                    let isList = event.type == YAML_SEQUENCE_START_EVENT
                    let anchor = isList ? name(event.data.sequence_start.anchor) : name(event.data.mapping_start.anchor)
                    stack.append(Frame(isList: isList, anchor: anchor, line: line))
                    if stack.count > maxNesting {
                        problem = PaperProblem(
                            line: line, column: Int(event.start_mark.column) + 1, field: "",
                            message:
                                "the lists and groups of fields are nested more than \(maxNesting) deep here; a paper definition needs four levels (is it the right file?)"
                        )
                    }
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    if let frame = stack.popLast() { problem = finish(values: frame.values, anchor: frame.anchor, line: frame.line) }
                case YAML_SCALAR_EVENT:
                    problem = finish(values: 1, anchor: name(event.data.scalar.anchor), line: line)
                case YAML_ALIAS_EVENT:
                    problem = finish(values: name(event.data.alias.anchor).flatMap { anchors[$0] } ?? 1, anchor: nil, line: line)
                case YAML_STREAM_END_EVENT:
                    done = true
                default:
                    break
                }
                yaml_event_delete(&event)
                if let problem { return problem }
                if done { return nil }
            }
        }
    }

    /// The problems as listed: at most `maxProblemsShown`, then one that counts the rest.
    public static func shown(_ problems: [PaperProblem]) -> [PaperProblem] {
        guard problems.count > maxProblemsShown else { return problems }
        let more = problems.count - maxProblemsShown
        return Array(problems.prefix(maxProblemsShown)) + [
            PaperProblem(
                line: nil, column: nil, field: "",
                message:
                    "and \(more) more problem\(more == 1 ? "" : "s") (\(problems.count) in all): fix these first, or start again from the template `crp init` writes"
            )
        ]
    }

    /// A refusal listing at most `maxProblemsShown` problems, then how many more there are.
    static func summary(_ problems: [PaperProblem]) -> String {
        var text = problems.prefix(maxProblemsShown).map(\.description).joined(separator: "; ")
        if problems.count > maxProblemsShown {
            text +=
                "; and \(problems.count - maxProblemsShown) more problem\(problems.count - maxProblemsShown == 1 ? "" : "s") (\(problems.count) in all): fix these first, or start again from the template `crp init` writes"
        }
        return text
    }
}

extension PaperDefinition {
    /// What to say about a time zone name Foundation does not know, with the nearest known one.
    static func timeZoneAdvice(_ name: String) -> String {
        let known = TimeZone.knownTimeZoneIdentifiers
        var message = "\"\(name.count > 60 ? String(name.prefix(57)) + "…" : name)\" is not a time zone crp knows"
        let lower = name.lowercased()
        let byCity = known.first { $0.lowercased().hasSuffix("/" + lower) || $0.lowercased() == lower }
        let closest = name.count > 64 ? nil : known.map { ($0, editDistance(lower, $0.lowercased())) }.min { $0.1 < $1.1 }
        let near = byCity ?? closest.flatMap { $0.1 <= max(2, name.count / 4) ? $0.0 : nil }
        if let near {
            message += ": did you mean \(near)?"
        } else {
            message += ": write an IANA name such as Europe/Vienna, America/New_York or Africa/Nairobi"
        }
        return message
    }
}
