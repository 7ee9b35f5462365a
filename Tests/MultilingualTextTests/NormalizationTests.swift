import TestSupport
import Testing

@testable import MultilingualText

@Suite struct ICUVersionTests {
    @Test func icuAndUnicodeVersions() {
        print("ICU \(ICU.version), Unicode \(ICU.unicodeVersion)")
        let major = Int(ICU.version.split(separator: ".").first ?? "") ?? 0
        #expect(major >= 72, "RoomPaper targets system ICU 72 or later, found \(ICU.version)")
        let unicodeMajor = Int(ICU.unicodeVersion.split(separator: ".").first ?? "") ?? 0
        #expect(unicodeMajor >= 15, "ICU 72 implements Unicode 15.0, found \(ICU.unicodeVersion)")
    }
}

@Suite struct NormalizationTests {
    /// French typography: no-break space before ":" and narrow no-break space before ";", "?", "!".
    static let french = "Article 5\u{00A0}: le texte\u{202F}; est-il adopté\u{202F}?"

    @Test func nfcKeepsFrenchNoBreakSpaces() throws {
        let nfc = try Normalizer.normalize(Self.french, .nfc)
        #expect(scalars(nfc) == scalars(Self.french))
        #expect(nfc.unicodeScalars.contains("\u{00A0}"))
        #expect(nfc.unicodeScalars.contains("\u{202F}"))
        #expect(Normalizer.isNormalized(Self.french, .nfc))
    }

    @Test func nfkcFoldsNoBreakSpacesToSpace() throws {
        // U+00A0 and U+202F have the compatibility decomposition <noBreak> 0020.
        let nfkc = try Normalizer.normalize(Self.french, .nfkc)
        #expect(scalars(nfkc) == scalars("Article 5 : le texte ; est-il adopt\u{00E9} ?"))
        #expect(!nfkc.unicodeScalars.contains("\u{00A0}"))
        #expect(!nfkc.unicodeScalars.contains("\u{202F}"))
        #expect(!Normalizer.isNormalized(Self.french, .nfkc))
    }

    @Test func nfcComposesAndNfdDecomposes() throws {
        // Swift's == compares canonical equivalents as equal: compare scalars.
        let decomposed = "conside\u{0301}racio\u{0301}n"
        let composed = "consid\u{00E9}raci\u{00F3}n"
        #expect(scalars(try Normalizer.normalize(decomposed, .nfc)) == scalars(composed))
        #expect(scalars(try Normalizer.normalize(composed, .nfd)) == scalars(decomposed))
        #expect(try Normalizer.normalize("", .nfc) == "")
    }

    @Test func searchKeyFoldsCaseAndLatinDiacritics() throws {
        let nfc = "consideraci\u{00F3}n"
        let nfd = "consideracio\u{0301}n"
        #expect(scalars(nfc) != scalars(nfd))
        let k1 = try Normalizer.searchKey(nfc)
        let k2 = try Normalizer.searchKey(nfd)
        let k3 = try Normalizer.searchKey("CONSIDERACION")
        #expect(k1 == "consideracion")
        #expect(scalars(k1) == scalars(k2))
        #expect(scalars(k1) == scalars(k3))
        #expect(try Normalizer.searchKey("") == "")
    }

    @Test func searchKeyFoldsArabicTashkeelAndTatweel() throws {
        let vocalized = "تَعْزِيز"  // with fatha and sukun and kasra
        let plain = "تعزيز"
        let tatweel = "تعـــزيز"  // U+0640 ARABIC TATWEEL ×3
        #expect(vocalized.unicodeScalars.contains("\u{064E}"))
        #expect(tatweel.unicodeScalars.contains("\u{0640}"))
        let k1 = try Normalizer.searchKey(vocalized)
        let k2 = try Normalizer.searchKey(plain)
        let k3 = try Normalizer.searchKey(tatweel)
        #expect(scalars(k2) == scalars(plain))
        #expect(scalars(k1) == scalars(k2))
        #expect(scalars(k3) == scalars(k2))
        // Different words stay different.
        #expect(try Normalizer.searchKey("تعزير") != k2)
    }

    @Test func searchKeyDropsFormatControls() throws {
        #expect(try Normalizer.searchKey("Pe\u{200B}ru\u{200F}") == "peru")
    }
}

/// The scalar values of a string (Swift's String == treats canonical equivalents as equal).
func scalars(_ s: String) -> [UInt32] { s.unicodeScalars.map(\.value) }
