import TestSupport
import Testing

@testable import MultilingualText

@Suite struct CollationTests {
    @Test func englishCollationIgnoresDiacriticsAtFirstLevel() throws {
        let c = try Collator(locale: "en")
        #expect(
            c.sorted(["Croatia", "Côte d'Ivoire", "Cuba", "Costa Rica"])
                == ["Costa Rica", "Côte d'Ivoire", "Croatia", "Cuba"])
        // Code point order would put "Côte" after "Cuba" (ô is U+00F4); ICU's English collation
        // compares the base letters first.
        #expect(c.less("Côte d'Ivoire", "Croatia"))
        #expect(c.less("Côte d'Ivoire", "Cuba"))
        #expect(c.less("Costa Rica", "Côte d'Ivoire"))
        #expect(c.sorted(["Cuba", "Côte d'Ivoire"]) == ["Côte d'Ivoire", "Cuba"])
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

    /// What ICU's list patterns (CLDR) give in each language the paper may be written in: the
    /// names in order, joined by that language's conjunction; American English with a serial comma.
    @Test(arguments: [
        ("en-US", "Egypt, France, and Peru"), ("fr", "Egypt, France et Peru"), ("es", "Egypt, France y Peru"),
        ("ru", "Egypt, France и Peru"), ("en-GB", "Egypt, France and Peru"), ("en-150", "Egypt, France and Peru"),
    ])
    func listPatterns(_ locale: String, _ expected: String) throws {
        #expect(try ListFormat.join(Self.countries, locale: locale) == expected)
    }

    @Test func arabicAndChineseUseTheirOwnConjunctions() throws {
        let ar = try ListFormat.join(Self.countries, locale: "ar")
        #expect(ar.contains("\u{0648}"), "Arabic joins with و: \(ar)")
        let zh = try ListFormat.join(Self.countries, locale: "zh")
        #expect(zh.contains("和") && zh.contains("、"), "Chinese joins with 、 and 和: \(zh)")
        for s in [ar, zh] {
            let at = Self.countries.map { s.range(of: $0)?.lowerBound }
            #expect(at.allSatisfy { $0 != nil } && at.map { $0! } == at.map { $0! }.sorted(), "the names in order: \(s)")
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
        #expect(
            try ListFormat.join(Self.countries.map { $0 == "Egypt" ? "Égypte" : $0 == "Peru" ? "Pérou" : $0 }, locale: "fr")
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

    @Test(arguments: [
        "Peru", "Côte d'Ivoire", "Côte d\u{2019}Ivoire", "Türkiye", "Timor-Leste", "Guinea-Bissau",
        "São Tomé and Príncipe", "Россия", "مصر", "中国",
    ])
    func genuineNamesAreNotSuspicious(_ name: String) throws {
        #expect(!(try SpoofChecker().isSuspicious(name)), "\(name)")
    }

    @Test func invisibleCharactersAreSuspicious() throws {
        // Two identical combining marks in a row (INVISIBLE check).
        #expect(try SpoofChecker().isSuspicious("Pe\u{0301}\u{0301}ru"))
    }
}
