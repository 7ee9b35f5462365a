import TestSupport
import Testing
@testable import MultilingualText

@Suite struct CollationTests {
    @Test func englishCollationIgnoresDiacriticsAtFirstLevel() throws {
        let c = try Collator(locale: "en")
        #expect(c.sorted(["Croatia", "Côte d'Ivoire", "Cuba", "Costa Rica"])
            == ["Costa Rica", "Côte d'Ivoire", "Croatia", "Cuba"])
        // Code point order would put "Côte" after "Cuba" (ô is U+00F4).
        #expect(["Croatia", "Côte d'Ivoire", "Cuba", "Costa Rica"].sorted() == ["Costa Rica", "Croatia", "Cuba", "Côte d'Ivoire"])
        #expect(c.less("cote", "côte"))
        #expect(!c.less("côte", "cote"))
        #expect(c.less("peru", "Peru"))  // lower case first at the tertiary level
    }

    @Test func swedishTailoringPutsÖAfterZ() throws {
        let sv = try Collator(locale: "sv")
        #expect(sv.sorted(["Österrike", "Zambia", "Oman"]) == ["Oman", "Zambia", "Österrike"])
        let en = try Collator(locale: "en")
        #expect(en.sorted(["Österrike", "Zambia", "Oman"]) == ["Oman", "Österrike", "Zambia"])
    }
}

@Suite struct ListFormatTests {
    static let countries = ["Egypt", "France", "Peru"]

    @Test func observedPatterns() throws {
        for locale in ["en", "en-US", "en-GB", "en-001", "en-150", "fr", "es", "ru", "ar", "zh"] {
            print("ListFormat.join(\(Self.countries), locale: \"\(locale)\") = \(try ListFormat.join(Self.countries, locale: locale))")
        }
    }

    @Test func britishEnglishHasNoSerialComma() throws {
        // The product needs "Egypt, France and Peru" (UN editorial style: no serial comma).
        #expect(try ListFormat.join(Self.countries, locale: "en-GB") == "Egypt, France and Peru")
        #expect(try ListFormat.join(Self.countries, locale: "en-001") == "Egypt, France and Peru")
        #expect(try ListFormat.join(["Egypt", "Peru"], locale: "en-GB") == "Egypt and Peru")
    }

    @Test func americanEnglishHasSerialComma() throws {
        #expect(try ListFormat.join(Self.countries, locale: "en-US") == "Egypt, France, and Peru")
    }

    @Test func otherLanguages() throws {
        #expect(try ListFormat.join(Self.countries.map { $0 == "Egypt" ? "Égypte" : $0 == "Peru" ? "Pérou" : $0 }, locale: "fr")
            == "Égypte, France et Pérou")
        #expect(try ListFormat.join(["Египет", "Франция", "Перу"], locale: "ru") == "Египет, Франция и Перу")
        #expect(try ListFormat.join(["Egipto", "Francia", "Perú"], locale: "es") == "Egipto, Francia y Perú")
    }

    @Test func degenerateLists() throws {
        #expect(try ListFormat.join([], locale: "en-GB") == "")
        #expect(try ListFormat.join(["Peru"], locale: "en-GB") == "Peru")
    }
}

@Suite struct SpoofCheckerTests {
    @Test func mixedCyrillicLatinIsSuspicious() throws {
        let s = try SpoofChecker()
        let fake = "\u{0420}\u{0435}ru"  // CYRILLIC CAPITAL ER, CYRILLIC SMALL IE, then Latin "ru"
        #expect(fake.unicodeScalars.map { Scripts.code(of: $0) } == ["Cyrl", "Cyrl", "Latn", "Latn"])
        #expect(s.isSuspicious(fake))
        #expect(s.skeleton(fake) == s.skeleton("Peru"))
        #expect(s.skeleton("Peru") != s.skeleton("Pera"))
    }

    @Test(arguments: ["Peru", "Côte d'Ivoire", "Côte d\u{2019}Ivoire", "Türkiye", "Timor-Leste", "Guinea-Bissau",
                      "São Tomé and Príncipe", "Россия", "مصر", "中国"])
    func genuineNamesAreNotSuspicious(_ name: String) throws {
        #expect(!(try SpoofChecker().isSuspicious(name)), "\(name)")
    }

    @Test func invisibleCharactersAreSuspicious() throws {
        // Two identical combining marks in a row (INVISIBLE check).
        #expect(try SpoofChecker().isSuspicious("Pe\u{0301}\u{0301}ru"))
    }
}
