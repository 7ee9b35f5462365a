import Foundation
import MultilingualText
import Submissions

/// Derives the stored text and its facts from decoded text.
public enum Analyzer {
    /// Stored form of decoded text: line ends as LF, NFC.
    public static func normalize(units input: [UInt16]) throws -> [UInt16] {
        var units = input
        if units.contains(0x0D) {
            var out = [UInt16]()
            out.reserveCapacity(units.count)
            var i = 0
            while i < units.count {
                let u = units[i]
                if u == 0x0D {
                    out.append(0x0A)
                    if i + 1 < units.count && units[i + 1] == 0x0A { i += 1 }
                } else { out.append(u) }
                i += 1
            }
            units = out
        }
        return try Normalizer.normalize(units: units, .nfc)
    }

    /// Refuses C0 controls that text documents do not hold (tab, line feed and form feed are fine).
    public static func checkControls(_ units: [UInt16], file: String) throws {
        var line = 1
        for u in units {
            if u == 0x0A { line += 1; continue }
            if u < 0x20 && u != 0x09 && u != 0x0C {
                throw IntakeError.controlCharacters(file: file, line: line, codePoint: String(format: "U+%04X", u))
            }
            if u == 0x7F { throw IntakeError.controlCharacters(file: file, line: line, codePoint: "U+007F") }
        }
    }

    /// Every fact recorded about a text: scripts, paragraph directions, counts with their rules,
    /// sentences, bidi controls, and warnings.
    public static func analyze(text: String, units: [UInt16]? = nil, language: String, expectedScripts: [String], source: String) throws -> TextAnalysis {
        let u = units ?? Array(text.utf16)
        let census = Scripts.census(text)
        let total = census.reduce(0) { $0 + $1.letters }
        let scripts = total == 0 ? [] : census.filter { Double($0.letters) / Double(total) >= 0.2 }.map(\.script)
        let words = try TextBreaks.wordCount(units: u, locale: language)
        let chars = TextBreaks.characterCount(text)
        var counts: [String: Count] = [
            "words": Count(value: Double(words), rule: "ICU word break (\(language)): tokens with rule status ≥ UBRK_WORD_NONE_LIMIT"),
            "characters": Count(value: Double(chars), rule: "extended grapheme clusters, white space excluded"),
        ]
        if language == "zh" {
            let han = census.first { $0.script == "Hani" }?.letters ?? 0
            counts["gmxv"] = Count(value: (Double(chars) / 2.8 * 10).rounded() / 10, rule: "GMX-V: characters ÷ 2.8 (Trados counts one word per ideogram: \(han))")
        }
        let sentences = try sentenceCount(u, language: language)
        let bidi = Bidi.inventory(text)
        var warnings: [String] = []
        let found = Set(census.map(\.script))
        if !expectedScripts.isEmpty && total > 0 && found.isDisjoint(with: expectedScripts) {
            warnings.append("declared language \(language) is written in \(expectedScripts.joined(separator: "/")), but the text has no such letters (found \(census.prefix(3).map(\.script).joined(separator: ", ")))")
        }
        for f in bidi where f.problem != nil {
            warnings.append("bidi control \(f.name) (\(f.codePoint)) on line \(f.line) \(f.problem!); it is neutralized in every output")
        }
        return TextAnalysis(
            source: source, textSHA256: FileIO.sha256(Data(text.utf8)), scripts: scripts,
            directions: Bidi.paragraphDirections(text), words: words, characters: chars, counts: counts,
            sentences: sentences, bidiControls: bidi, warnings: warnings)
    }

    static func sentenceCount(_ units: [UInt16], language: String) throws -> Int {
        try TextBreaks.boundaries(units, kind: .sentence, locale: language).count
    }
}
