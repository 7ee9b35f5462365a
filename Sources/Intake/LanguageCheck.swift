import Foundation
import MultilingualText

/// The declared language checked beyond its script (issue 25): French registered as Spanish is
/// in the right script, and only a language identifier sees it. libexttextcat (LibreOffice's
/// guesser) names the likeliest languages; when the declared one is not among them the text
/// reads as another language. Short texts are not judged.
public struct LanguageDisagreement: Error, LocalizedError, Equatable, Sendable {
    public var file: String
    /// The declared language's name ("Spanish").
    public var declared: String
    /// What the identifier found, as names ("French").
    public var found: [String]
    /// Whether this is a refusal (`--strict`) or a warning.
    public var refused: Bool

    /// The sentence for a warning or a refusal.
    public var errorDescription: String? {
        let reads = "the text of \(file) reads as \(found.joined(separator: " or ")), not \(declared) (libexttextcat)"
        return refused
            ? "\(reads). Nothing was stored. Check --language; under --strict a text that reads as another language is refused, so if the declared language is right after all, register it without --strict (it is then registered with a warning)."
            : "\(reads): check --language (`crp amend ID --language CODE --reason TEXT` corrects it)"
    }
}

public enum LanguageCheck {
    /// The disagreement between `declared` (an official language code) and what `identifier`
    /// finds in `text`, or nil when they agree, the text is short, or no identifier is installed.
    public static func disagreement(_ text: String, declared: String, file: String, identifier: LanguageIdentifier?) -> LanguageDisagreement? {
        guard let identifier, case .candidates(let found) = identifier.identify(text), !found.isEmpty, !found.contains(declared) else { return nil }
        var names: [String] = []
        for code in found where !names.contains(name(code)) { names.append(name(code)) }
        return LanguageDisagreement(file: file, declared: name(declared), found: names, refused: false)
    }

    /// A language's English name ("pt" → "Portuguese"), from ICU's locale data through Foundation.
    static func name(_ code: String) -> String {
        Locale(identifier: "en").localizedString(forLanguageCode: code) ?? code
    }
}
