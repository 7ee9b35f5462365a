/// The one sanitiser for text that came from outside (a sender's file, a typed name, a path),
/// before it is shown in a terminal, written into markup, or used in a message. What happens to
/// control characters and to bidi controls is the context's choice, given as parameters.
public enum SafeText {
    /// What becomes of C0 and C1 control characters and DEL.
    public enum Controls: Sendable {
        /// Each becomes a space (one line of terminal output).
        case space
        /// Each is shown as "?" (a message or a preview, where the reader should see something was there).
        case question
        /// Tab, line feed and carriage return become spaces; the others are dropped (markup).
        case drop
    }

    /// What becomes of bidi controls (LRE…RLO, LRI…PDI, LRM, RLM, ALM).
    public enum BidiControls: Sendable {
        /// Balanced so that none leaks past the end of the text (`Bidi.neutralize`).
        case neutralize
        /// Shown as "?", like control characters.
        case question
        /// Left as they are (the caller isolates the text itself).
        case keep
    }

    /// `text` with control characters and bidi controls treated as the context asks. With
    /// `keepLineFeeds`, line feeds stay (a multi-line message).
    public static func clean(_ text: String, controls: Controls, bidi: BidiControls, keepLineFeeds: Bool = false) -> String {
        var needs = false
        for b in text.utf8 where b < 0x20 || b == 0x7F || b == 0xC2 || (bidi == .question && (b == 0xE2 || b == 0xD8)) {
            needs = true
            break
        }
        var out = text
        if needs {
            var scalars = String.UnicodeScalarView()
            for u in text.unicodeScalars {
                let v = u.value
                if keepLineFeeds && v == 0x0A {
                    scalars.append(u)
                } else if v < 0x20 || (v >= 0x7F && v <= 0x9F) {
                    switch controls {
                    case .space: scalars.append(" ")
                    case .question: scalars.append("?")
                    case .drop: if v == 0x09 || v == 0x0A || v == 0x0D { scalars.append(" ") }
                    }
                } else if bidi == .question && CharacterProperties.isBidiControl(u) {
                    scalars.append("?")
                } else {
                    scalars.append(u)
                }
            }
            out = String(scalars)
        }
        return bidi == .neutralize ? Bidi.neutralize(out) : out
    }

    /// One line of terminal output: controls become spaces, bidi controls are balanced.
    public static func oneLine(_ text: String) -> String { clean(text, controls: .space, bidi: .neutralize) }
}
