import Foundation
import TestSupport
import Testing

@testable import MultilingualText

/// auxiliary/WordBreakTest.txt (UAX #29, Unicode 15.0) through `TextBreaks.boundaries(kind: .word)`.
/// ICU's root word break rules deviate from the file on some lines; those are listed in
/// Fixtures/icu72-wordbreak-deviations.txt, and every other line must match.
@Suite struct WordBreakConformanceTests {
    static let deviationsFixture = "icu72-wordbreak-deviations.txt"

    struct Run {
        var checked = 0
        var matches = 0
        var parseErrors = 0
        var mismatches: [(line: Int, detail: String, icu: [Int])] = []
        var share: Double { checked == 0 ? 0 : Double(matches) / Double(checked) }
    }

    /// Runs every line of the file through `TextBreaks.boundaries` and compares the boundary offsets.
    static func run(_ bytes: [UInt8], locale: String) throws -> Run {
        let divide: [UInt8] = Array("÷".utf8), noBreak: [UInt8] = Array("×".utf8)
        var r = Run()
        for line in UnicodeDataFiles.dataLines(bytes) {
            var units: [UInt16] = []
            var expected: [Int] = []  // UTF-16 offsets of every ÷ after the start
            var ok = true
            for token in UnicodeDataFiles.tokens(line.text) {
                if token.elementsEqual(divide) {
                    if !units.isEmpty { expected.append(units.count) }
                } else if token.elementsEqual(noBreak) {
                    continue
                } else if let cp = UnicodeDataFiles.hex(token) {
                    UnicodeDataFiles.appendUTF16(cp, to: &units)  // code point positions → UTF-16 offsets
                } else {
                    ok = false
                }
            }
            guard ok, !units.isEmpty else {
                r.parseErrors += 1
                continue
            }
            let actual = try TextBreaks.boundaries(units, kind: .word, locale: locale).map(\.offset)
            r.checked += 1
            if actual == expected {
                r.matches += 1
            } else {
                r.mismatches.append(
                    (
                        line.number,
                        "\(String(decoding: line.text, as: UTF8.self)) — expected UTF-16 boundaries \(expected), ICU \(actual)", actual
                    ))
            }
        }
        return r
    }

    @Test func wordBreakTest() throws {
        guard let bytes = UnicodeDataFiles.load("auxiliary/WordBreakTest.txt") else { return }
        let r = try Self.run(bytes, locale: "")
        print(
            "WordBreakTest.txt (root locale): \(r.checked) lines checked, \(r.matches) match "
                + "(\(String(format: "%.2f", r.share * 100)) %), \(r.mismatches.count) deviations")
        for m in r.mismatches.prefix(60) { print("  word-break deviation line \(m.line): \(m.detail)") }
        print("  word-break deviation lines: \(r.mismatches.map { String($0.line) }.joined(separator: " "))")

        #expect(r.parseErrors == 0)
        #expect(r.checked > 1_800)  // Unicode 15.0's file has 1 823 test lines
        #expect(r.share >= 0.95, "only \(r.matches) of \(r.checked) lines match")
        // Each deviation as the fixture lists it: the aspect and ICU's own break positions.
        var signatures: [Int: String] = [:]
        for m in r.mismatches { signatures[m.line] = "break positions ; ICU \(m.icu.map(String.init).joined(separator: " "))" }
        for (n, sig) in signatures.sorted(by: { $0.key < $1.key }) { print("  word-break deviation fixture line: \(n) ; \(sig)") }
        guard let known = Fixtures.KnownDeviations.load(Self.deviationsFixture) else { return }
        known.check(signatures, fixture: Self.deviationsFixture)
    }

    /// The root deviations are CLDR's colon tailoring: Swedish restores U+003A as MidLetter, and with
    /// it every line of the file matches. This also proves the `locale` argument reaches ICU.
    @Test func wordBreakTestSwedishMatchesEveryLine() throws {
        guard let bytes = UnicodeDataFiles.load("auxiliary/WordBreakTest.txt") else { return }
        let r = try Self.run(bytes, locale: "sv")
        print("WordBreakTest.txt (locale sv): \(r.checked) lines checked, \(r.matches) match")
        #expect(r.checked > 1_800)
        #expect(r.mismatches.isEmpty, "\(r.mismatches.prefix(5).map { "line \($0.line): \($0.detail)" })")
    }
}
