import Foundation
import Secretariat
import Submissions
import Testing

/// What the proofreading page marks: only lines OCR read under the low-confidence bound, and the
/// paragraph breaks that fall inside a sentence.
@Suite struct ProofreadingMarksTests {
    func ocr(_ lines: [(Double, String)]) -> Extraction {
        Extraction(
            method: .ocr, tool: "tesseract", version: "5.3.0", pages: 1, model: "spa", meanConfidence: 90,
            lowestLines: lines.map { Extraction.Line(page: 1, confidence: $0.0, text: $0.1) })
    }

    @Test func aLineAt97PercentIsNotMarked() {
        let m = Workspace.proofreadingMarks(ocr([(96.4, "La Misión Permanente de Chile"), (97, "internacional.")]), text: "La Misión.\n")
        #expect(m.doubtfulLines.isEmpty)
        #expect(m.leastConfidence == 96.4, "the page says how sure OCR was of its least sure line")
    }

    @Test func onlyLinesUnderTheBoundAreMarkedLeastSureFirst() {
        let m = Workspace.proofreadingMarks(
            ocr([(64.2, "tiene el hon0r de"), (41.5, "Repúbl1ca"), (88, "saluda a la"), (70, "exactly at the bound")]), text: "")
        #expect(m.doubtfulLines.map(\.text) == ["Repúbl1ca", "tiene el hon0r de"])
        #expect(m.leastConfidence == nil)
        #expect(Workspace.lowOCRConfidence == 70)
        #expect(Workspace.proofreadingMarks(nil, text: "").doubtfulLines.isEmpty)
    }

    @Test func aParagraphBreakInsideASentenceIsFound() {
        let text = """
            Observaciones de Chile

            La Misión Permanente de Chile saluda a la Secretaría y tiene el honor de transmitir sus comentarios sobre la asistencia técnica y la cooperación

            internacional.

            El Gobierno considera que el artículo 5 debe mantenerse.

            — firma

            """
        let m = Workspace.proofreadingMarks(ocr([]), text: text)
        // A heading ends without a full stop but the next paragraph begins with a capital: not marked.
        // "— firma" after a full stop: not marked.
        #expect(m.breaksInsideSentences == [.init(before: "… la asistencia técnica y la cooperación", after: "internacional.")], "\(m.breaksInsideSentences)")
        #expect(m.leastConfidence == nil && m.doubtfulLines.isEmpty)
    }

    @Test func textWithoutCaseIsNotJudged() {
        let m = Workspace.proofreadingMarks(ocr([]), text: "تتشرف البعثة الدائمة\n\nللمملكة المغربية بأن تقدم\n")
        #expect(m.breaksInsideSentences.isEmpty)
    }
}
