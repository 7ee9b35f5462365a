import Foundation
import TestSupport
import Testing

@testable import Intake

/// The rule a BOM-less UTF-16 guess must pass (`TextDecoder.looksLikeText`): no unassigned,
/// private-use or surrogate code point at all, and no control character other than line feed,
/// carriage return and tab. The rule was once written as one `case` whose `where` clause applied
/// only to `.control`; these tests pin each half of it.
@Suite struct TextDecodingRuleTests {
    static let prose = String(repeating: "Los Estados partes apoyan el mecanismo de examen. ", count: 8)

    @Test func lineBreaksAndTabsAreText() {
        #expect(TextDecoder.looksLikeText(Self.prose + "\n\tSegundo párrafo.\r\nTercero."))
    }

    @Test(arguments: ["\u{0001}", "\u{001B}", "\u{007F}", "\u{0085}"])
    func otherControlCharactersAreNotText(_ control: String) {
        #expect(!TextDecoder.looksLikeText(Self.prose + control + Self.prose))
    }

    /// A single unassigned or private-use code point refuses the guess, however much good text
    /// surrounds it (not merely counted against the 95 % threshold).
    @Test(arguments: ["\u{0378}", "\u{E000}", "\u{F8FF}", "\u{10FFFD}"])
    func unassignedAndPrivateUseAreNeverText(_ odd: String) {
        #expect(!TextDecoder.looksLikeText(Self.prose + odd + Self.prose))
    }

    /// The whole path: BOM-less UTF-16LE with tabs and line breaks is decoded, and the same with a
    /// private-use character is refused as binary.
    @Test func bomLessUTF16WithTabsIsReadAndWithPrivateUseIsRefused() throws {
        let good = Self.prose + "\n\t(a) Asistencia técnica;\r\n" + Self.prose
        let goodBytes = Data(good.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        let read = try Intake.read(data: goodBytes, name: "t.txt")
        #expect(read.text.contains("(a) Asistencia técnica;"))

        let bad = Self.prose + "\u{E000}" + Self.prose
        let badBytes = Data(bad.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        expectRefusal((any Error).self, saying: ["t.txt is not a text document (it contains NUL bytes)", "Ask the sender"]) {
            try Intake.read(data: badBytes, name: "t.txt")
        }
    }
}
