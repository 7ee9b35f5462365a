import Secretariat
import Testing

@Suite struct TranscriptionAgreementTests {
    static let scan = """
        La Misión Permanente de Chile ante las Naciones Unidas saluda atentamente a la Secretaría de la Conferencia \
        y tiene el honor de transmitir los comentarios de Chile sobre el tema 2 del programa, relativo a la cooperación internacional.
        """

    @Test func aProofreadersCorrectionsKeepMostWords() throws {
        // Three words misread by the OCR and corrected: still the same letter.
        let ocr = Self.scan.replacingOccurrences(of: "Misión", with: "Mision").replacingOccurrences(of: "honor", with: "hon0r")
            .replacingOccurrences(of: "Chile sobre", with: "Chlle sobre")
        let a = try TranscriptionAgreement(ocr: ocr, transcription: Self.scan, language: "es")
        #expect(a.ocrWords >= 30)
        #expect(a.ocrWords - a.kept == 2, "accents are folded as search folds them: Mision = Misión; hon0r and Chlle changed")
        #expect(!a.questioned)
        #expect(a.summary.hasPrefix("keeps \(a.kept) of the \(a.ocrWords) words the OCR read"))
    }

    @Test func anotherLettersTextIsQuestioned() throws {
        let other = """
            La Misión Permanente del Perú saluda a la Secretaría y remite sus observaciones sobre la asistencia técnica \
            prestada por la Oficina en materia de extradición, decomiso y recuperación de activos durante el último bienio.
            """
        let a = try TranscriptionAgreement(ocr: Self.scan, transcription: other, language: "es")
        #expect(a.questioned, "\(a.summary)")
        #expect(a.share < 0.5)
    }

    @Test func aShortReadingIsNotJudged() throws {
        let a = try TranscriptionAgreement(ocr: "Chile", transcription: "Comentarios del Perú", language: "es")
        #expect(!a.questioned, "too few words read to judge")
    }
}
