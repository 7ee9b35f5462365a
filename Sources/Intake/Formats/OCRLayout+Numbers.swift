import Foundation

/// Figures in Arabic text, which Tesseract's Arabic model reads badly: on pages typeset here in
/// Noto Naskh Arabic at 200–400 dpi, nearly every Arabic-Indic number came out wrong ("٦" as "1"
/// or "7", "٢٩" as "١9", "١٦" as "١1", the list number "٢-" as "؟-"), and reading the word's crop
/// again with the digits as a whitelist gave nothing or another wrong figure. No reading can be
/// trusted to correct them, so the proofreader is given the list of every figure to check.
extension OCRLayout {
    static func isDigit(_ u: Unicode.Scalar) -> Bool {
        (0x30...0x39).contains(u.value) || (0x0660...0x0669).contains(u.value) || (0x06F0...0x06F9).contains(u.value)
    }

    /// The words of Arabic lines that hold a figure, and the first word of a line made only of
    /// signs before a hyphen (a list number read as "؟-" or "“-"), in reading order, each once.
    func figuresToCheck() -> [String] {
        var out: [String] = []
        for l in lines where l.words.contains(where: { $0.text.unicodeScalars.contains(where: Self.isArabicLetter) }) {
            for (j, w) in l.words.enumerated() {
                let s = w.text.unicodeScalars
                let figure = s.contains(where: Self.isDigit)
                let listSign = j == 0 && w.text.hasSuffix("-") && !s.contains { $0.properties.isAlphabetic }
                if (figure || listSign) && !out.contains(w.text) { out.append(w.text) }
            }
        }
        return out
    }
}
