import Foundation
import MultilingualText
import Submissions

/// Derives the stored text and its facts from decoded text.
public enum Analyzer {
    /// Stored form of decoded text: line ends as LF (CRLF and CR converted in place), NFC.
    public static func normalize(units input: consuming [UInt16]) throws -> [UInt16] {
        var units = input
        let originalCount = units.count
        if units.contains(0x0D) {
            units.withUnsafeMutableBufferPointer { b in
                var w = 0, i = 0
                let n = b.count
                while i < n {
                    let u = b[i]
                    if u == 0x0D {
                        b[w] = 0x0A
                        if i + 1 < n && b[i + 1] == 0x0A { i += 1 }
                    } else { b[w] = u }
                    w += 1; i += 1
                }
                for k in w..<n { b[k] = 0 }
            }
            _ = originalCount
            while let last = units.last, last == 0 { units.removeLast() }
        }
        return try Normalizer.normalize(units: units, .nfc)
    }

    /// Refuses C0 controls that text documents do not hold (tab, line feed and form feed are fine).
    public static func checkControls(_ units: [UInt16], file: String) throws {
        try checkControls(units, facts: TextFacts(units: units), file: file)
    }

    static func checkControls(_ units: [UInt16], facts: TextFacts, file: String) throws {
        guard let at = facts.firstControl else { return }
        let line = units[..<at].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
        throw IntakeError.controlCharacters(file: file, line: line, codePoint: String(format: "U+%04X", units[at]))
    }

    /// Every fact recorded about a text: scripts, paragraph directions, counts with their rules,
    /// sentences, bidi controls, and warnings.
    public static func analyze(text: String, units: [UInt16]? = nil, facts: TextFacts? = nil, language: String, expectedScripts: [String], source: String) throws -> TextAnalysis {
        let u = units ?? Array(text.utf16)
        let f = facts ?? TextFacts(units: u)
        let total = f.scripts.reduce(0) { $0 + $1.letters }
        let scripts = total == 0 ? [] : f.scripts.filter { Double($0.letters) / Double(total) >= 0.2 }.map(\.script)
        // The two ICU break passes and the text hash are independent: run them side by side.
        var words = 0, sentences = 0, textHash = ""
        var failure: Error? = nil
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: 3) { job in
            do {
                switch job {
                case 0: let w = try TextBreaks.wordCount(units: u, locale: language); lock.withLock { words = w }
                case 1: let n = try sentenceCount(u, language: language); lock.withLock { sentences = n }
                default: let h = FileIO.sha256(text); lock.withLock { textHash = h }
                }
            } catch { lock.withLock { failure = error } }
        }
        if let failure { throw failure }
        let chars = f.characters
        var counts: [String: Count] = [
            "words": Count(value: Double(words), rule: "ICU word break (\(language)): tokens with rule status ≥ UBRK_WORD_NONE_LIMIT"),
            "characters": Count(value: Double(chars), rule: "code points other than white space, combining marks and format controls"),
        ]
        if language == "zh" {
            let han = f.scripts.first { $0.script == "Hani" }?.letters ?? 0
            counts["gmxv"] = Count(value: (Double(chars) / 2.8 * 10).rounded() / 10, rule: "GMX-V: characters ÷ 2.8 (Trados counts one word per ideogram: \(han))")
        }
        let bidi = f.bidiControls > 0 ? Bidi.inventory(text) : []
        var warnings: [String] = []
        let found = Set(f.scripts.map(\.script))
        if !expectedScripts.isEmpty && total > 0 && found.isDisjoint(with: expectedScripts) {
            warnings.append("declared language \(language) is written in \(expectedScripts.joined(separator: "/")), but the text has no such letters (found \(f.scripts.prefix(3).map(\.script).joined(separator: ", ")))")
        }
        if f.unassigned > 0 {
            warnings.append("\(f.unassigned) unassigned or private-use character(s): check that the text displays as the State wrote it")
        }
        for b in bidi where b.problem != nil {
            warnings.append("bidi control \(b.name) (\(b.codePoint)) on line \(b.line) \(b.problem!); it is neutralized in every output")
        }
        return TextAnalysis(
            source: source, textSHA256: textHash, scripts: scripts,
            directions: f.lineDirections, words: words, characters: chars, counts: counts,
            sentences: sentences, bidiControls: bidi, warnings: warnings)
    }

    static func sentenceCount(_ units: [UInt16], language: String) throws -> Int {
        try TextBreaks.boundaries(units, kind: .sentence, locale: language).count
    }
}
