import Foundation
import MultilingualText

/// How far a corrected transcription agrees with the OCR reading of the scan it transcribes:
/// the share of the OCR's words (folded as search folds them) that the transcription keeps.
/// A proofreader corrects some words; a transcription that keeps few of them is likely the text
/// of another letter, and the officer is told so before the paper prints it as this State's.
public struct TranscriptionAgreement: Sendable, Equatable {
    /// Words the OCR read.
    public let ocrWords: Int
    /// Of those, the ones the transcription has too (counted with repeats).
    public let kept: Int
    /// Words of the transcription.
    public let transcriptionWords: Int

    /// Below this share, with at least `minimumWords` read, the transcription is questioned.
    public static let questionedBelow = 0.5
    public static let minimumWords = 20

    public init(ocr: String, transcription: String, language: String) throws {
        let a = try Self.keys(ocr, language), b = try Self.keys(transcription, language)
        var counts: [String: Int] = [:]
        for w in b { counts[w, default: 0] += 1 }
        var kept = 0
        for w in a where (counts[w] ?? 0) > 0 {
            counts[w]! -= 1
            kept += 1
        }
        self.ocrWords = a.count
        self.kept = kept
        self.transcriptionWords = b.count
    }

    static func keys(_ text: String, _ language: String) throws -> [String] {
        try TextBreaks.words(text, locale: language).map { try Normalizer.searchKey($0) }
    }

    /// The share of the OCR's words kept (1 when the OCR read nothing).
    public var share: Double { ocrWords == 0 ? 1 : Double(kept) / Double(ocrWords) }

    /// True when the transcription keeps too few of the OCR's words to be taken on trust.
    public var questioned: Bool { ocrWords >= Self.minimumWords && share < Self.questionedBelow }

    /// "keeps 231 of the 240 words the OCR read (96 %)".
    public var summary: String {
        "keeps \(kept) of the \(ocrWords) words the OCR read (\(Int((share * 100).rounded())) %) and has \(transcriptionWords) words"
    }
}
