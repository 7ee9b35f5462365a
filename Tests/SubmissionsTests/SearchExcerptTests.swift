import MultilingualText
import Testing

@testable import Submissions

@Suite struct SearchExcerptTests {
    @Test func aMatchFarInALongLineIsInItsExcerpt() throws {
        let line = String(repeating: "Texto de relleno sin interés. ", count: 12) + "La Oficina apoya el mecanismo SHERLOC y su ampliación."
        let excerpt = try StoreSearch.excerpt(of: line, around: try Normalizer.searchKey("sherloc"))
        #expect(excerpt.contains("SHERLOC"), "\(excerpt)")
        #expect(excerpt.hasPrefix("…"))
        #expect(Array(excerpt).count <= 162)
    }

    @Test func accentsAndTashkeelFoldedStillPlaceTheWindowOnTheStatesCharacters() throws {
        let line = String(repeating: "نص للتعبئة بلا أهمية. ", count: 10) + "تَعْزِيز التعاون الدولي في المسائل الجنائية"
        let excerpt = try StoreSearch.excerpt(of: line, around: try Normalizer.searchKey("تعزيز"))
        #expect(excerpt.contains("تَعْزِيز"), "\(excerpt)")
    }

    @Test func aShortLineIsGivenWhole() throws {
        #expect(try StoreSearch.excerpt(of: "Una línea corta.", around: "linea") == "Una línea corta.")
    }
}
