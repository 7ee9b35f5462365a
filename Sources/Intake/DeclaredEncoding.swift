import Foundation
import MultilingualText

/// A declared charset (`--encoding`) that reads the bytes clearly worse than the one the bytes
/// show (issue 25): the officer's word is not taken blindly when the text it gives is garbled.
public struct DeclaredEncodingDoubt: Error, LocalizedError, Equatable, Sendable {
    public var file: String
    public var declared: String
    public var declaredPreview: String
    public var detected: String
    public var detectedPreview: String
    /// Why the detected charset is the better reading, in words.
    public var evidence: String
    /// What to do, for the command refused.
    public var next: String

    public var errorDescription: String? {
        "\(file) read as \(declared) (--encoding) gives garbled text: \(declaredPreview). Read as \(detected) it gives \(detectedPreview) (\(evidence)). Nothing was stored. \(next)"
    }
}

extension TextDecoder {
    /// Letters per word under which a text is too short to judge a charset by.
    static let minimumLettersForDoubt = 200

    /// How a decoding looks: the share of cased letters that are capitals, and the share of words
    /// with a capital right after a small letter ("оНЯРНЪММНЕ", what KOI8-R read as windows-1251
    /// gives). Real prose in Latin, Cyrillic or Greek has few of either.
    static func caseShape(_ text: String) -> (upper: Double, inner: Double, letters: Int) {
        var upper = 0, cased = 0, words = 0, innerWords = 0
        var inWord = false, previousLower = false, thisWordInner = false
        for s in text.unicodeScalars {
            let p = s.properties
            if p.isAlphabetic {
                if !inWord { inWord = true; words += 1; thisWordInner = false; previousLower = false }
                if p.isUppercase {
                    upper += 1; cased += 1
                    if previousLower && !thisWordInner { thisWordInner = true; innerWords += 1 }
                    previousLower = false
                } else if p.isLowercase {
                    cased += 1; previousLower = true
                } else {
                    previousLower = false
                }
            } else {
                inWord = false
            }
        }
        return (cased == 0 ? 0 : Double(upper) / Double(cased), words == 0 ? 0 : Double(innerWords) / Double(words), cased)
    }

    /// The most frequent letters of each official language written with letters (lower case),
    /// which make up about half of the letters of any prose in it; a text read in the wrong code
    /// page of the same script has far fewer of them.
    static let frequentLetters: [String: Set<Character>] = [
        "ru": Set("оеаинтсрвлк"), "en": Set("etaoinsrhld"), "fr": Set("easitnrulod"),
        "es": Set("eaosnrildtc"), "ar": Set("اليمونهربت"),
    ]

    /// The share of a text's letters that are its language's most frequent ones; nil when the
    /// language has no table (Chinese).
    static func frequentShare(_ text: String, language: String?) -> Double? {
        guard let language, let top = frequentLetters[language] else { return nil }
        var letters = 0, frequent = 0
        for ch in text.lowercased() where ch.isLetter {
            letters += 1
            if top.contains(ch) { frequent += 1 }
        }
        return letters == 0 ? nil : Double(frequent) / Double(letters)
    }

    /// Checks a declared charset against the bytes: nil when it is the charset the bytes show, or
    /// when nothing clearly better exists; otherwise the doubt, naming both charsets with a line of
    /// each. The bytes are judged as ICU's detector does (confidence) and by the shape of the text
    /// each charset gives (capitals where small letters belong). Valid UTF-8 with non-ASCII text
    /// declared as a one-byte charset is always doubted: no legacy text is valid UTF-8 by chance.
    public static func doubt(_ data: Data, declared: String, file: String, language: String? = nil, next: String) -> DeclaredEncodingDoubt? {
        guard let name = Charsets.canonicalName(declared), !isUnicode(name) else { return nil }
        let sample = data.prefix(1 << 20)
        let nonASCII = sample.reduce(0) { $0 + ($1 >= 0x80 ? 1 : 0) }
        guard nonASCII >= minimumNonASCII else { return nil }
        guard let declaredText = try? sample.withUnsafeBytes({ try convert($0, charset: name, file: file) }) else { return nil }
        let declaredShape = caseShape(declaredText)
        let utf8Valid = sample.withUnsafeBytes { firstInvalidUTF8($0.bindMemory(to: UInt8.self)) == nil }
        if utf8Valid, let utf8 = String(data: sample, encoding: .utf8) {
            return DeclaredEncodingDoubt(
                file: file, declared: declared, declaredPreview: preview(declaredText), detected: "UTF-8",
                detectedPreview: preview(utf8), evidence: "its bytes are valid UTF-8",
                next: next.replacingOccurrences(of: "{detected}", with: "UTF-8").replacingOccurrences(of: "{declared}", with: declared))
        }
        guard sample.count >= minimumBytes, declaredShape.letters >= minimumLettersForDoubt else { return nil }
        let found = Charsets.detect(Array(sample)).filter { !$0.name.hasPrefix("UTF-") }
        let declaredConfidence = found.first { Charsets.canonicalName($0.name) == name }?.confidence ?? 0
        for c in found.prefix(4) where Charsets.canonicalName(c.name) != name {
            guard let text = try? sample.withUnsafeBytes({ try convert($0, charset: c.name, file: file) }), text != declaredText else { continue }
            let shape = caseShape(text)
            let declaredShare = frequentShare(declaredText, language: language), share = frequentShare(text, language: language)
            let rare = declaredShare.map { d in share.map { d + 0.2 <= $0 } ?? false } ?? false
            let garbled = declaredShape.upper >= shape.upper + 0.3 || declaredShape.inner >= shape.inner + 0.05 || rare
            let worse = declaredShape.upper >= shape.upper && declaredShape.inner >= shape.inner
            let outscored = c.confidence >= 50 && c.confidence >= declaredConfidence + 40
            guard garbled || (outscored && worse) else { continue }
            var evidence: [String] = []
            if let d = declaredShare, let s = share, rare {
                evidence.append(
                    String(format: "the language's most frequent letters: %.0f%% of letters as %@, %.0f%% as %@", d * 100, declared, s * 100, c.name))
            }
            if declaredShape.upper >= shape.upper + 0.3 || declaredShape.inner >= shape.inner + 0.05 {
                evidence.append(
                    String(
                        format: "capitals: %.0f%% of letters and %.0f%% of words with a capital inside as %@; %.0f%% and %.0f%% as %@",
                        declaredShape.upper * 100, declaredShape.inner * 100, declared, shape.upper * 100, shape.inner * 100, c.name))
            }
            evidence.append(
                "ICU's charset detector: \(c.name) \(c.confidence), \(declared) \(declaredConfidence == 0 ? "not a candidate" : String(declaredConfidence))")
            return DeclaredEncodingDoubt(
                file: file, declared: declared, declaredPreview: preview(declaredText), detected: c.name,
                detectedPreview: preview(text), evidence: evidence.joined(separator: "; "),
                next: next.replacingOccurrences(of: "{detected}", with: c.name).replacingOccurrences(of: "{declared}", with: declared))
        }
        return nil
    }
}
