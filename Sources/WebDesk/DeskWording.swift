import Foundation

/// The library's messages say what to do in the CLI's words ("add --force --reason TEXT",
/// "`crp reopen ID --to received --reason TEXT`"), which a desk user cannot type anywhere. The desk
/// shows them with its own words: an option becomes the label of the form field that gives it, a
/// command becomes the name of the button or page that does it. One table, beside `DeskStrings`.
struct DeskWording {
    let s: DeskStrings
    /// True on the register form, the one desk form with the overrides (`--force`,
    /// `--allow-same-text`); elsewhere an override is an officer's work with the CLI, and is named so.
    let overrides: Bool

    /// `message` in the desk's words.
    func render(_ message: String) -> String {
        guard message.contains("--") || message.contains("`crp ") else { return message }
        let out = message.replacing(#/`crp ([a-z][a-z-]*)((?: [^`]*)?)`/#) { m in command(String(m.output.1), String(m.output.2)) ?? String(m.output.0) }
        return Self.replacing(options, in: out)
    }

    /// Each of `pairs`' first texts replaced by its second, in one pass (a replacement is not
    /// looked at again); at one place, the first pair that matches wins.
    static func replacing(_ pairs: [(String, String)], in text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let c = rest.first {
            if let (cli, desk) = pairs.first(where: { rest.hasPrefix($0.0) }) {
                out += desk
                rest = rest.dropFirst(cli.count)
            } else {
                out.append(c)
                rest = rest.dropFirst()
            }
        }
        return out
    }

    /// The button or page of the desk that does what `crp NAME ARGS` does, with the fields its
    /// options fill in; nil for a command the desk has no form for (it is left as the CLI's).
    func command(_ name: String, _ args: String) -> String? {
        let labels: [String: String] = [
            "reopen": s.reopen, "withdraw": s.withdraw, "amend": s.amend, "revise": s.revise, "proofread": s.proofread, "review": s.markReviewed,
            "include": s.includeInPaper, "translate": s.attachTranslation, "import": s.returnXLIFF, "register": s.register,
        ]
        guard let label = labels[name] else { return name == "show" ? "the submission page" : nil }
        var fields: [String] = []
        var words = args.split(separator: " ", omittingEmptySubsequences: true).map(String.init)[...]
        while let w = words.popFirst() {
            switch w {
            case "--to": words.popFirst().map { fields.append("\(s.reopenTo): \($0)") }
            case "--reason":
                // A reason given in quotes is a suggestion to keep; TEXT is only the placeholder.
                let next = words.first ?? ""
                if next.hasPrefix("\"") {
                    var said: [String] = []
                    while let piece = words.popFirst() {
                        said.append(piece)
                        if piece.hasSuffix("\"") && (said.count > 1 || piece.count > 1) { break }
                    }
                    fields.append("\(s.reason): “\(said.joined(separator: " ").trimmingCharacters(in: CharacterSet(charactersIn: "\"")))”")
                } else {
                    _ = words.popFirst()
                    fields.append(s.reason)
                }
            case "--language": _ = words.popFirst(); fields.append(s.language)
            case "--encoding": words.popFirst().map { fields.append(($0.hasPrefix("{") || $0 == "NAME") ? "\(s.encoding) \($0)" : "\(s.encoding): \($0)") }
            case "--item": _ = words.popFirst(); fields.append(s.agendaItems)
            case "--state": _ = words.popFirst(); fields.append(s.state)
            case "--by": _ = words.popFirst()
            case "FILE", "[FILE]":
                let file = ["revise": s.revisedFile, "translate": s.translationFile, "import": s.xliffFile][name] ?? s.file
                fields.append(w == "FILE" ? file : "\(file), \(s.optional)")
            default:
                // An option the desk has no field for (`--use T`): the command stays the CLI's.
                if w.hasPrefix("--") { return nil }
            }
        }
        let on = name == "register" ? "" : " on the submission page"
        return "“\(label)”\(on)" + (fields.isEmpty ? "" : " (\(fields.joined(separator: ", ")))")
    }

    /// Options outside a command, longest first, as the desk names them.
    var options: [(String, String)] {
        // The desk's other forms have no override: an officer gives it with the CLI, and is told so.
        let force = overrides ? "tick “\(s.force)” and fill in \(s.reason)" : "have an officer add --force --reason TEXT with the CLI"
        let same = overrides ? "tick “\(s.allowSameText)” and fill in \(s.reason)" : "have an officer add --allow-same-text --reason TEXT with the CLI"
        return [
            ("(--reason TEXT, or the Reason field)", "(the field \(s.reason))"),
            ("add --force --reason TEXT", force), ("add --allow-same-text --reason TEXT", same),
            ("--force --reason TEXT", overrides ? "“\(s.force)” with \(s.reason)" : "the CLI's --force --reason TEXT"),
            ("--allow-same-text --reason TEXT", overrides ? "“\(s.allowSameText)” with \(s.reason)" : "the CLI's --allow-same-text --reason TEXT"),
            ("with --reason TEXT", "in the field \(s.reason)"), ("--reason TEXT", "the field \(s.reason)"),
            ("--state repeated", "its other States in “\(s.jointStates)”"),
            ("without --encoding", "with \(s.encoding) left empty"), ("--encoding", s.encoding), ("--language", s.language),
            ("--allow-same-text", overrides ? "“\(s.allowSameText)”" : "the CLI's --allow-same-text"),
            ("--force", overrides ? "“\(s.force)”" : "the CLI's --force"),
        ]
    }
}

extension Desk {
    /// A library's message in the desk's words (`DeskWording`); `overrides` on the register form.
    func words(_ message: String, overrides: Bool = false) -> String {
        DeskWording(s: s, overrides: overrides).render(message)
    }
}
