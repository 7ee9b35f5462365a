import Secretariat
import Submissions
import Testing

/// Confirming an OCR text as read when Tesseract was unsure of much of it: the officer is told
/// the mean confidence and to compare the text with the scan line by line.
@Suite struct LowConfidenceProofreadTests {
    static func ocr(_ confidence: Double?, pages: Int = 1) -> Extraction {
        Extraction(method: .ocr, tool: "tesseract", version: "5.3.0", pages: pages, model: "ara", meanConfidence: confidence)
    }

    @Test func aLowMeanConfidenceIsAWarning() throws {
        let f = try #require(Workspace.lowConfidenceWarning(Self.ocr(61.94), id: "egypt-20200924-0000aaaa"))
        #expect(f.severity == .warning)
        #expect(f.code == "proofread.low-confidence")
        #expect(f.subject == "egypt-20200924-0000aaaa")
        #expect(f.message.contains("The OCR read this page at 61.9 % mean confidence: compare egypt-20200924-0000aaaa's text with the scan line by line"))
        #expect(f.message.contains("crp proofread egypt-20200924-0000aaaa FILE"))
        #expect(Workspace.lowConfidenceWarning(Self.ocr(55, pages: 3), id: "x")?.message.contains("read these pages at 55.0 %") == true)
    }

    @Test func aSureReadingOrOneWithoutAConfidenceIsNot() {
        #expect(Workspace.lowConfidenceWarning(Self.ocr(70), id: "x") == nil)
        #expect(Workspace.lowConfidenceWarning(Self.ocr(91.2), id: "x") == nil)
        #expect(Workspace.lowConfidenceWarning(Self.ocr(nil), id: "x") == nil)
        #expect(Workspace.lowConfidenceWarning(nil, id: "x") == nil)
    }
}
