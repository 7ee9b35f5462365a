import Foundation

/// A line read again on its own keeps only the words Tesseract was at least 40 % sure of (under
/// that, a guess at specks or at the tops of the next line's letters); the words it left out are
/// kept aside with their place, and each line that lost some becomes a finding, so that no ink
/// disappears without a word (on a letterhead, "جمهورية" was read at under 40 % and dropped).
extension OCRLayout {
    /// Words read again under this confidence are left out of the text.
    static let rereadFloor = 40.0

    /// A word with a letter or a figure in it (not a speck read as a sign).
    static func hasLetters(_ w: Word) -> Bool {
        w.text.unicodeScalars.contains { $0.properties.isAlphabetic || $0.properties.numericType != nil }
    }

    /// The words of a line read again: those kept (with a letter or a figure, at least 40 % sure)
    /// and those left out (with a letter or a figure, under 40 %).
    static func sorted(_ words: [Word]) -> (kept: [Word], leftOut: [Word]) {
        let letters = words.filter(hasLetters)
        return (letters.filter { $0.confidence >= rereadFloor }, letters.filter { $0.confidence < rereadFloor })
    }

    /// What the officer must check: for each line read again that lost words under the floor, its
    /// place on the page and the words as Tesseract guessed them, with their confidence.
    func leftOutNotes(page: Int, pageHeight: Int) -> [String] {
        leftOut.map { l in
            let band = InkLines.Band(top: l.box.top, bottom: l.box.bottom)
            let n = l.words.count
            let guesses = l.words.map { "“\($0.text)” (\(Int($0.confidence.rounded())) %)" }.joined(separator: ", ")
            return
                "page \(page): the line at \(band.position(of: pageHeight)) was read again on its own and \(n) word\(n == 1 ? "" : "s") Tesseract was under \(Int(Self.rereadFloor)) % sure of \(n == 1 ? "was" : "were") left out of the text (read as \(guesses)): compare the line with the scan and give the corrected transcription with `crp proofread ID FILE`"
        }
    }
}
