import Foundation
import TestSupport
import Testing

@testable import MultilingualText

/// BidiCharacterTest.txt (Unicode 15.0) through `BidiText`: paragraph level, resolved levels and
/// visual order of every line. ICU 72 deviates from the file on a few lines; those are listed in
/// Fixtures/icu72-bidi-deviations.txt, and every other line must match.
@Suite struct BidiConformanceTests {
    static let deviationsFixture = "icu72-bidi-deviations.txt"

    struct Mismatch {
        let line: Int
        let what: [String]
        let detail: String
        /// What ICU gave: paragraph level, levels ('x' where the file has none), visual order.
        let icuOutput: String
    }

    @Test func bidiCharacterTest() throws {
        guard let bytes = UnicodeDataFiles.load("BidiCharacterTest.txt") else { return }
        var checked = 0
        var paraOK = 0, levelsOK = 0, orderOK = 0, allOK = 0
        var mismatches: [Mismatch] = []
        var parseErrors = 0

        for line in UnicodeDataFiles.dataLines(bytes) {
            let f = UnicodeDataFiles.fields(line.text)
            guard f.count >= 5, let cps = UnicodeDataFiles.codePoints(f[0]), !cps.isEmpty,
                let dir = UnicodeDataFiles.tokens(f[1]).first.flatMap(UnicodeDataFiles.decimal),
                let expectedPara = UnicodeDataFiles.tokens(f[2]).first.flatMap(UnicodeDataFiles.decimal)
            else {
                parseErrors += 1
                continue
            }
            // Field 3: levels, 'x' for characters removed by X9.
            let expectedLevels: [Int?] = UnicodeDataFiles.tokens(f[3]).map { $0 == [0x78] ? nil : UnicodeDataFiles.decimal($0) }
            let expectedOrder = UnicodeDataFiles.tokens(f[4]).compactMap(UnicodeDataFiles.decimal)
            guard expectedLevels.count == cps.count else {
                parseErrors += 1
                continue
            }
            let level: ParagraphLevel
            switch dir {
            case 0: level = .ltr
            case 1: level = .rtl
            default: level = .firstStrongOrLTR  // 2 = auto-LTR (P2, P3)
            }

            var units: [UInt16] = []
            var cpOfUnit: [Int] = []
            var firstUnit: [Int] = []
            for (i, cp) in cps.enumerated() {
                firstUnit.append(units.count)
                UnicodeDataFiles.appendUTF16(cp, to: &units)
                while cpOfUnit.count < units.count { cpOfUnit.append(i) }
            }

            let bidi = try BidiText(units: units, level: level)
            let paragraphs = try bidi.paragraphs()
            let levels = try bidi.levels()
            let map = try bidi.visualMap()

            var what: [String] = []
            if paragraphs.count != 1 || Int(paragraphs[0].level) != expectedPara { what.append("paragraph level") }
            var actualLevels: [String] = []
            var levelsMatch = levels.count == units.count
            if levelsMatch {
                for (i, expected) in expectedLevels.enumerated() {
                    let actual = Int(levels[firstUnit[i]])
                    actualLevels.append(expected == nil ? "x" : String(actual))
                    if let e = expected, e != actual { levelsMatch = false }
                }
            }
            if !levelsMatch { what.append("levels") }
            // Visual order of the characters the file does not mark 'x' (bidi controls and BN are
            // skipped, as the file omits them); a surrogate pair counts once.
            var order: [Int] = []
            order.reserveCapacity(cps.count)
            for logical in map {
                let cp = cpOfUnit[Int(logical)]
                if expectedLevels[cp] == nil { continue }
                if cps[cp] > 0xFFFF, order.last == cp { continue }
                order.append(cp)
            }
            if order != expectedOrder { what.append("visual order") }

            checked += 1
            if !what.contains("paragraph level") { paraOK += 1 }
            if levelsMatch { levelsOK += 1 }
            if order == expectedOrder { orderOK += 1 }
            if what.isEmpty {
                allOK += 1
            } else {
                let detail = """
                    input \(String(decoding: f[0], as: UTF8.self)) dir \(dir); \
                    para expected \(expectedPara) got \(paragraphs.map { Int($0.level) }); \
                    levels expected [\(String(decoding: f[3], as: UTF8.self).trimmingCharacters(in: .whitespaces))] \
                    got [\(actualLevels.joined(separator: " "))]; \
                    order expected \(expectedOrder) got \(order)
                    """
                let icuOutput =
                    "para \(paragraphs.map { String($0.level) }.joined(separator: ",")) levels [\(actualLevels.joined(separator: " "))] order \(order.map(String.init).joined(separator: " "))"
                mismatches.append(Mismatch(line: line.number, what: what, detail: detail, icuOutput: icuOutput))
            }
        }

        print(
            "BidiCharacterTest.txt: \(checked) lines checked; paragraph level matches \(paraOK), "
                + "levels match \(levelsOK), visual order matches \(orderOK), all three match \(allOK); "
                + "\(mismatches.count) deviations")
        for m in mismatches.prefix(80) {
            print("  bidi deviation line \(m.line) [\(m.what.joined(separator: ", "))]: \(m.detail)")
        }
        print("  bidi deviation lines: \(mismatches.map { String($0.line) }.joined(separator: " "))")

        #expect(parseErrors == 0, "\(parseErrors) lines of BidiCharacterTest.txt could not be parsed")
        #expect(checked > 90_000)
        #expect(mismatches.count <= 60, "\(mismatches.count) deviations from BidiCharacterTest.txt")
        // Each deviation as the fixture lists it: the aspects and ICU's own output on that line.
        var signatures: [Int: String] = [:]
        for m in mismatches { signatures[m.line] = "\(m.what.joined(separator: ",")) ; \(m.icuOutput)" }
        for (n, sig) in signatures.sorted(by: { $0.key < $1.key }) { print("  bidi deviation fixture line: \(n) ; \(sig)") }
        guard let known = Fixtures.KnownDeviations.load(Self.deviationsFixture) else { return }
        known.check(signatures, fixture: Self.deviationsFixture)
    }
}
