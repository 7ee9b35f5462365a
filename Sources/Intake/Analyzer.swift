import Foundation
import MultilingualText
import Platform
import Submissions

/// Derives the stored text and its facts from decoded text.
public enum Analyzer {
    /// Refuses C0 controls that text documents do not hold (tab, line feed and form feed are fine).
    static func checkControls(_ units: [UInt16], facts: TextFacts, file: String) throws {
        guard let at = facts.firstControl else { return }
        let line = units[..<at].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
        throw IntakeError.controlCharacters(file: file, line: line, codePoint: String(format: "U+%04X", units[at]))
    }

    /// A finding that deserves the officer's attention; its message is stored among the warnings.
    public enum Finding: Equatable, Sendable {
        /// The text has no letters of the declared language's scripts.
        case scriptMismatch(language: String, expected: [String], found: [String])
        case unassigned(count: Int)
        case bidiControl(BidiControlFinding)

        public var message: String {
            switch self {
            case .scriptMismatch(let language, let expected, let found):
                return
                    "declared language \(language) is written in \(expected.joined(separator: "/")), but the text has no such letters (found \(found.joined(separator: ", ")))"
            case .unassigned(let n):
                return "\(n) unassigned or private-use character(s): check that the text displays as the State wrote it"
            case .bidiControl(let b):
                return "bidi control \(b.name) (\(b.codePoint)) on line \(b.line) \(b.problem ?? ""); it is neutralized in every output"
            }
        }
    }

    /// Every fact recorded about a text: scripts, paragraph directions, counts with their rules,
    /// sentences, bidi controls, and warnings.
    public static func analyze(text: String, facts: TextFacts? = nil, language: String, expectedScripts: [String], source: String) throws -> TextAnalysis {
        try examine(text: text, facts: facts, language: language, expectedScripts: expectedScripts, source: source).analysis
    }

    /// `analyze`, with the findings as values (their messages are the analysis's warnings).
    public static func examine(
        text: String, facts: TextFacts? = nil, language: String, expectedScripts: [String],
        source: String
    ) throws -> (analysis: TextAnalysis, findings: [Finding]) {
        // Pieces of at most 1 MiB ending at a line feed: word and sentence boundaries never cross
        // a line feed (UAX #29 WB3a/b, SB4), so counts add up; both cores take pieces.
        let pieces = Self.pieces(text)
        struct Shared {
            var results: [(TextFacts, Int, Int)?]
            var textHash = ""
            var failure: Error? = nil
        }
        let shared = Locked(Shared(results: .init(repeating: nil, count: pieces.count)))
        let needFacts = facts == nil
        DispatchQueue.concurrentPerform(iterations: pieces.count + 1) { job in
            if job == pieces.count {
                let h = FileIO.sha256(text)
                shared.withLock { $0.textHash = h }
                return
            }
            do {
                let u = pieces[job].utf16Units
                let f = needFacts ? TextFacts(units: u) : TextFacts(units: [])
                let w = try TextBreaks.wordCount(units: u, locale: language)
                let n = try sentenceCount(u, language: language)
                shared.withLock { $0.results[job] = (f, w, n) }
            } catch { shared.withLock { $0.failure = error } }
        }
        let outcome = shared.current
        if let failure = outcome.failure { throw failure }
        let textHash = outcome.textHash
        let done = outcome.results.map { $0! }
        let f = facts ?? TextFacts.combine(done.map(\.0))
        let words = done.reduce(0) { $0 + $1.1 }
        let sentences = done.reduce(0) { $0 + $1.2 }
        let bidi = f.bidiControls > 0 ? Bidi.inventory(text) : []
        return assemble(
            facts: f, words: words, sentences: sentences, textHash: textHash, bidi: bidi, language: language,
            expectedScripts: expectedScripts, source: source)
    }

    /// The analysis and findings from what was counted, over a whole text or over its pieces
    /// (streaming intake): facts, word and sentence counts, the text's SHA-256 and its bidi controls.
    public static func assemble(
        facts f: TextFacts, words: Int, sentences: Int, textHash: String, bidi: [BidiControlFinding], language: String,
        expectedScripts: [String], source: String
    ) -> (analysis: TextAnalysis, findings: [Finding]) {
        let total = f.scripts.reduce(0) { $0 + $1.letters }
        let scripts = total == 0 ? [] : f.scripts.filter { Double($0.letters) / Double(total) >= 0.2 }.map(\.script)
        let chars = f.characters
        var counts: [String: Count] = [
            "words": Count(value: Double(words), rule: "ICU word break (\(language)): tokens with rule status ≥ UBRK_WORD_NONE_LIMIT"),
            "characters": Count(value: Double(chars), rule: "code points other than white space, combining marks and format controls"),
        ]
        if language == "zh" {
            let han = f.scripts.first { $0.script == "Hani" }?.letters ?? 0
            counts["gmxv"] = Count(
                value: (Double(chars) / 2.8 * 10).rounded() / 10, rule: "GMX-V: characters ÷ 2.8 (Trados counts one word per ideogram: \(han))")
        }
        var findings: [Finding] = []
        // A third of the letters at least must be in the language's scripts: one Latin name
        // ("SHERLOC") in an Arabic letter registered as `en` must not make it English, and send it
        // into the paper as such; a bilingual text (an Arabic letter with its English version)
        // still passes.
        let expected = f.scripts.filter { expectedScripts.contains($0.script) }.reduce(0) { $0 + $1.letters }
        if !expectedScripts.isEmpty && total > 0 && expected * 3 < total {
            findings.append(.scriptMismatch(language: language, expected: expectedScripts, found: f.scripts.prefix(3).map(\.script)))
        }
        if f.unassigned > 0 { findings.append(.unassigned(count: f.unassigned)) }
        for b in bidi where b.problem != nil { findings.append(.bidiControl(b)) }
        let analysis = TextAnalysis(
            source: source, textSHA256: textHash, scripts: scripts,
            directions: f.lineDirections, words: words, characters: chars, counts: counts,
            sentences: sentences, bidiControls: bidi, warnings: findings.map(\.message))
        return (analysis, findings)
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

    /// Sentences by ICU sentence break, not counting the segments that hold only white space (a
    /// blank line between paragraphs is a segment of its own for ICU, rule SB4).
    public static func sentenceCount(_ units: [UInt16], language: String) throws -> Int {
        try TextBreaks.sentenceCount(units: units, locale: language)
    }
}
