import Foundation
import Intake
import Submissions

/// What a proofreader is asked to look at first, beside the scan: the lines OCR was unsure of,
/// and the places where the text breaks a paragraph inside a sentence. The web desk's
/// proofreading page shows these; the rule lives here, once.
public struct ProofreadingMarks: Sendable, Equatable {
    /// A paragraph break in the text that falls inside a sentence: the end of the paragraph before
    /// it and the start of the one after it (a few words each).
    public struct Break: Sendable, Equatable {
        public let before: String
        public let after: String
        public init(before: String, after: String) { self.before = before; self.after = after }
    }

    /// The recorded lines (OCR keeps the five it was least sure of) read under
    /// `Workspace.lowOCRConfidence` (70 %), least sure first. A line read at 97 % is not marked:
    /// the same bound under which `proofread` questions a page confirmed as read.
    public let doubtfulLines: [Extraction.Line]
    /// The least confidence among the recorded lines, when none was under the bound (to say so).
    public let leastConfidence: Double?
    /// Blank lines (paragraph ends) after a paragraph that does not end a sentence, before one that
    /// begins with a lower-case letter: OCR took a block of the page for a new paragraph where
    /// the sentence goes on ("… y la cooperación" / "internacional."). A paragraph that ends
    /// without a sentence's end is what the readers of pages never end a paragraph on
    /// (`PageText.endsSentence`); scripts without case (Arabic, Chinese) are not judged.
    public let breaksInsideSentences: [Break]
}

extension Workspace {
    /// The marks for the proofreading of `text`, the text OCR gave (see `ProofreadingMarks`).
    public static func proofreadingMarks(_ extraction: Extraction?, text: String) -> ProofreadingMarks {
        let recorded = extraction?.lowestLines ?? []
        let doubtful = recorded.filter { $0.confidence < lowOCRConfidence }.sorted { $0.confidence < $1.confidence }
        let least = doubtful.isEmpty ? recorded.map(\.confidence).min() : nil
        var breaks: [ProofreadingMarks.Break] = []
        let paragraphs = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n")
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        for (a, b) in zip(paragraphs, paragraphs.dropFirst()) where !PageText.endsSentence(a) && (b.first?.isLowercase ?? false) {
            breaks.append(ProofreadingMarks.Break(before: lastWords(a), after: firstWords(b)))
        }
        return ProofreadingMarks(doubtfulLines: doubtful, leastConfidence: least, breaksInsideSentences: breaks)
    }

    static func lastWords(_ s: String, _ n: Int = 6) -> String {
        let words = s.split(whereSeparator: \.isWhitespace)
        return (words.count > n ? "… " : "") + words.suffix(n).joined(separator: " ")
    }

    static func firstWords(_ s: String, _ n: Int = 6) -> String {
        let words = s.split(whereSeparator: \.isWhitespace)
        return words.prefix(n).joined(separator: " ") + (words.count > n ? " …" : "")
    }
}
