import Foundation
import Intake
import Secretariat
import Testing

@Suite("Sentence counts leave out blank lines")
struct SentenceCountTests {
    func sentences(_ text: String, _ language: String = "en") throws -> Int {
        try Analyzer.examine(text: text, language: language, expectedScripts: [], source: "test").analysis.sentences
    }

    @Test func blankLinesAreNotSentences() throws {
        #expect(try sentences("One. Two.\n\nThree.") == 3)
        #expect(try sentences("One.\n\n\n\nTwo.\n") == 2)
        #expect(try sentences("\n\n\n") == 0)
        #expect(try sentences("Un. Deux.\r\n\r\nTrois.", "fr") == 3)
        #expect(try sentences("الأول. الثاني.\n\nالثالث.", "ar") == 3)
        // A heading without a full stop is a sentence of its own, as ICU counts it.
        #expect(try sentences("Heading\n\nText one. Text two.") == 3)
    }
}
