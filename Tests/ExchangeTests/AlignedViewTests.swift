import Exchange
import Foundation
import Testing

@Suite("show --aligned: pairs by position, unpaired paragraphs at the end")
struct AlignedViewTests {
    @Test func extraOriginalParagraphsAreShownUnpairedNotShifted() {
        let original = "Título del documento\n\nPrimer párrafo.\n\nSegundo párrafo."
        let translation = "First paragraph.\n\nSecond paragraph."
        let lines = AlignedView.lines(original: original, translation: translation, width: 80, visual: false)
        #expect(
            lines.first
                == "(the original has 3 paragraphs and the translation 2: the first 2 are paired by position; the last paragraph of the original is shown unpaired at the end)"
        )
        // By position: the first original paragraph sits beside the first English one.
        #expect(lines.contains { $0.hasPrefix("Título del documento") && $0.hasSuffix("First paragraph.") })
        let marker = lines.firstIndex { $0 == "── not paired: paragraphs 3–3 of the original ──" }
        #expect(marker != nil)
        if let marker {
            #expect(lines[(marker + 1)...].contains { $0.hasPrefix("Segundo párrafo.") && $0.hasSuffix("│ ") })
        }
    }

    @Test func extraTranslationParagraphsAreMarkedToo() {
        let lines = AlignedView.lines(original: "Uno.", translation: "One.\n\nTwo.", width: 60, visual: false)
        #expect(lines.first?.contains("the last paragraph of the translation is shown unpaired at the end") == true)
        #expect(lines.contains("── not paired: paragraphs 2–2 of the translation ──"))
    }

    @Test func equalCountsNeedNoWarning() {
        let lines = AlignedView.lines(original: "Uno.\n\nDos.", translation: "One.\n\nTwo.", width: 60, visual: false)
        #expect(!lines.contains { $0.hasPrefix("(the original has") || $0.hasPrefix("── not paired") })
    }
}
