import Foundation
import MultilingualText
import SafeXML

/// Building HTML: every outside value goes through `h` or `attr` (the project's one escaper,
/// `XMLEscape`), and user text is first made one safe line or balanced block (`SafeText`).
enum HTML {
    /// Escaped element content.
    static func h(_ s: String) -> String { XMLEscape.text(s) }
    /// Escaped double-quoted attribute value.
    static func attr(_ s: String) -> String { XMLEscape.attribute(s) }
    /// An outside name or short value (a State, a user, a file name) isolated in `<bdi>`: bidi
    /// controls neutralized, one line.
    static func bdi(_ s: String) -> String { "<bdi>\(h(SafeText.oneLine(s)))</bdi>" }

    /// A paragraph of stored text in its language and direction (`dir` from its first strong
    /// character, as the paper does).
    static func paragraph(_ text: String, language: String) -> String {
        let dir = Bidi.baseDirection(text) == .rtl ? "rtl" : "ltr"
        return "<p lang=\"\(attr(language))\" dir=\"\(dir)\">\(h(Bidi.neutralize(text)))</p>"
    }

    /// Percent-encoding of one path segment or query value.
    static func url(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? ""
    }
}
