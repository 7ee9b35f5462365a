import Foundation
import MultilingualText
import Submissions

/// Derives the stored text and its facts from decoded text.
public enum Analyzer {
    /// Stored form of decoded text: line ends as LF (CRLF and CR converted in place), NFC.
    public static func normalize(units input: consuming [UInt16]) throws -> [UInt16] {
        var units = input
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
        // Pieces of at most 1 MiB ending at a line feed: word and sentence boundaries never cross
        // a line feed (UAX #29 WB3a/b, SB4), so counts add up; both cores take pieces.
        let pieces = Self.pieces(text)
        var results = [(TextFacts, Int, Int)?](repeating: nil, count: pieces.count)
        var textHash = ""
        var failure: Error? = nil
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: pieces.count + 1) { job in
            if job == pieces.count {
                let h = FileIO.sha256(text)
                lock.withLock { textHash = h }
                return
            }
            do {
                let u = pieces[job].utf16Units
                let f = facts == nil ? TextFacts(units: u) : TextFacts(units: [])
                let w = try TextBreaks.wordCount(units: u, locale: language)
                let n = try sentenceCount(u, language: language)
                lock.withLock { results[job] = (f, w, n) }
            } catch { lock.withLock { failure = error } }
        }
        if let failure { throw failure }
        let done = results.map { $0! }
        let f = facts ?? TextFacts.combine(done.map(\.0))
        let words = done.reduce(0) { $0 + $1.1 }
        let sentences = done.reduce(0) { $0 + $1.2 }
        let total = f.scripts.reduce(0) { $0 + $1.letters }
        let scripts = total == 0 ? [] : f.scripts.filter { Double($0.letters) / Double(total) >= 0.2 }.map(\.script)
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

    /// Splits text into pieces of about `size` UTF-8 bytes, each ending just after a line feed
    /// (or at the end), without copying.
    static func pieces(_ text: String, size: Int = 1 << 20) -> [Substring] {
        let u = text.utf8
        if u.count <= size { return [Substring(text)] }
        var out: [Substring] = []
        var start = u.startIndex
        while start < u.endIndex {
            var end = u.index(start, offsetBy: size, limitedBy: u.endIndex) ?? u.endIndex
            while end < u.endIndex && u[u.index(before: end)] != 0x0A { end = u.index(after: end) }
            out.append(text[start..<end])
            start = end
        }
        return out
    }

    /// Brings decoded text to its stored form (NFC), piece by piece, and checks it for controls;
    /// returns the text and its one-pass facts.
    public static func normalize(text: String, file: String) throws -> (text: String, facts: TextFacts) {
        let pieces = Self.pieces(text)
        var facts: [TextFacts] = []
        var rebuilt: String? = nil
        for (i, p) in pieces.enumerated() {
            let u = p.utf16Units
            let n = try Normalizer.normalize(units: u, .nfc)
            if n != u && rebuilt == nil { rebuilt = String(pieces[..<i].joined()) }
            if rebuilt != nil { rebuilt! += try String(validatingUTF16: n) }
            facts.append(TextFacts(units: n))
        }
        let f = TextFacts.combine(facts)
        let result = rebuilt ?? text
        if f.firstControl != nil { try checkControls(result.utf16Units, facts: f, file: file) }
        return (result, f)
    }

    static func sentenceCount(_ units: [UInt16], language: String) throws -> Int {
        try TextBreaks.boundaries(units, kind: .sentence, locale: language).count
    }
}
