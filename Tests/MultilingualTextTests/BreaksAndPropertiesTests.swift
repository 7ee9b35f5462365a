import TestSupport
import Testing

@testable import MultilingualText

@Suite struct TextBreaksTests {
    @Test func englishWordCount() throws {
        #expect(try TextBreaks.wordCount("In general, we agree.") == 4)
        #expect(try TextBreaks.wordCount("") == 0)
        #expect(try TextBreaks.wordCount(" , . ! ") == 0)
        #expect(try TextBreaks.wordCount("Resolution 78/1 of 2023, para. 5") == 7)  // Resolution 78 1 of 2023 para 5
        #expect(try TextBreaks.wordCount("don't stop") == 2)
    }

    @Test func arabicWordCount() throws {
        // نحن / نتفق / مع / الاقتراح — four words, by hand.
        #expect(try TextBreaks.wordCount("نحن نتفق مع الاقتراح.") == 4)
        #expect(try TextBreaks.wordCount("تَعْزِيز التعاون الدولي، بوجه عام") == 5)
    }

    @Test func chineseWordCountUsesDictionary() throws {
        // 我们 / 同意 / 讨论 / 要点: "we / agree / discuss / main points" — four words, by hand.
        let n = try TextBreaks.wordCount("我们同意讨论要点")
        print("wordCount(我们同意讨论要点) = \(n)")
        #expect(n == 4)
        let words = try TextBreaks.boundaries(Array("我们同意讨论要点".utf16), kind: .word).map(\.offset)
        #expect(words == [2, 4, 6, 8])
    }

    @Test func sentences() throws {
        let s = try TextBreaks.sentences("First one. Second one? Third.")
        #expect(s.count == 3)
        #expect(s == ["First one.", "Second one?", "Third."])
        #expect(try TextBreaks.sentences("") == [])
        // Pieces keep every character.
        let text = "First one.  Second one? Third."
        #expect(try TextBreaks.sentencePieces(text).joined() == text)
        #expect(try TextBreaks.sentencePieces(text).count == 3)
    }

    @Test func boundariesEndAtTextEndAndCarryRuleStatus() throws {
        let u = Array("ab, 12".utf16)
        let b = try TextBreaks.boundaries(u, kind: .word)
        #expect(b.map(\.offset) == [2, 3, 4, 6])
        // UBRK_WORD_LETTER (200..299) for "ab", UBRK_WORD_NONE (0..99) for ",", UBRK_WORD_NUMBER (100..199) for "12".
        #expect((200..<300).contains(b[0].status))
        #expect((0..<100).contains(b[1].status))
        #expect((100..<200).contains(b[3].status))
        #expect(try TextBreaks.boundaries([], kind: .word).isEmpty)
    }

    @Test func characterBoundariesKeepClusters() throws {
        // e + combining acute is one grapheme; 𠀀 is one grapheme of two UTF-16 units.
        let u = Array("e\u{0301}𠀀x".utf16)
        #expect(try TextBreaks.boundaries(u, kind: .character).map(\.offset) == [2, 4, 5])
    }
}

@Suite struct CharacterPropertiesTests {
    @Test func columns() {
        #expect(CharacterProperties.columns("中文") == 4)
        #expect(CharacterProperties.columns("e\u{0301}") == 1)  // é in NFD
        #expect(CharacterProperties.columns("\u{00E9}") == 1)
        #expect(CharacterProperties.columns("مصر") == 3)
        #expect(CharacterProperties.columns("تَعْزِيز") == 5)  // harakat take no column
        #expect(CharacterProperties.columns("Peru") == 4)
        #expect(CharacterProperties.columns("ＡＢ") == 4)  // fullwidth
        #expect(CharacterProperties.columns("a\u{200F}b") == 2)  // RLM is a format control
        #expect(CharacterProperties.columns("") == 0)
    }

    @Test func bidiControls() {
        for cp: UInt32 in [0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069] {
            #expect(CharacterProperties.isBidiControl(Unicode.Scalar(cp)!), "U+\(String(cp, radix: 16))")
        }
        #expect(!CharacterProperties.isBidiControl("a"))
        #expect(!CharacterProperties.isBidiControl("\u{200D}"))  // ZWJ is not Bidi_Control
    }

    @Test func scripts() {
        #expect(Scripts.code(of: "a") == "Latn")
        #expect(Scripts.code(of: "م") == "Arab")
        #expect(Scripts.code(of: "中") == "Hani")
        #expect(Scripts.code(of: "1") == "Zyyy")
        #expect(Scripts.dominant("Проект резолюции A/78/L.1") == ["Cyrl"])  // 15 Cyrillic letters, 2 Latin
        #expect(Scripts.dominant("Projet de résolution: проект") == ["Latn", "Cyrl"])  // 16 Latin, 6 Cyrillic
        #expect(Scripts.census("abc мир").map(\.script) == ["Cyrl", "Latn"])  // ties: lower script code first
        #expect(Scripts.share(of: "Arab", in: "مصر Peru") == 3.0 / 7.0)
    }
}
