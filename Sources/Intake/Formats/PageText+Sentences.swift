import Foundation

extension PageText {
    /// True when `text` ends as a sentence ends (".", "?", "؟", "。", a closing quote…): the readers
    /// of laid-out pages end a paragraph at a short line only after such an end
    /// (`PDFLayout.endsSentence`). The proofreading marks use the same rule.
    public static func endsSentence(_ text: String) -> Bool { PDFLayout.endsSentence(text) }
}
