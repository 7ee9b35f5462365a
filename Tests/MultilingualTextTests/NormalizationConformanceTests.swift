import Foundation
import TestSupport
import Testing

@testable import MultilingualText

/// NormalizationTest.txt (Unicode 15.0, Debian's unicode-data) through `Normalizer.normalize`.
@Suite struct NormalizationConformanceTests {
    @Test func normalizationTestInvariants() throws {
        guard let bytes = UnicodeDataFiles.load("NormalizationTest.txt") else { return }
        let nfc = { (u: [UInt16]) throws -> [UInt16] in try Normalizer.normalize(units: u, .nfc) }
        let nfd = { (u: [UInt16]) throws -> [UInt16] in try Normalizer.normalize(units: u, .nfd) }
        let nfkc = { (u: [UInt16]) throws -> [UInt16] in try Normalizer.normalize(units: u, .nfkc) }
        let nfkd = { (u: [UInt16]) throws -> [UInt16] in try Normalizer.normalize(units: u, .nfkd) }

        var checked = 0
        var failedLines: [Int] = []
        var perPart: [String: Int] = [:]
        var part = "?"
        for line in UnicodeDataFiles.dataLines(bytes) {
            if line.text.first == 0x40 {  // "@Part1"
                part = String(decoding: line.text, as: UTF8.self)
                continue
            }
            let f = UnicodeDataFiles.fields(line.text)
            guard f.count >= 5,
                let c1 = UnicodeDataFiles.codePoints(f[0]), let c2 = UnicodeDataFiles.codePoints(f[1]),
                let c3 = UnicodeDataFiles.codePoints(f[2]), let c4 = UnicodeDataFiles.codePoints(f[3]),
                let c5 = UnicodeDataFiles.codePoints(f[4])
            else {
                Issue.record("NormalizationTest.txt:\(line.number): cannot parse")
                continue
            }
            let (u1, u2, u3, u4, u5) = (
                UnicodeDataFiles.utf16(c1), UnicodeDataFiles.utf16(c2), UnicodeDataFiles.utf16(c3),
                UnicodeDataFiles.utf16(c4), UnicodeDataFiles.utf16(c5)
            )
            // The invariants of the file header, CONFORMANCE 1.
            var ok = true
            // NFC: c2 == toNFC(c1) == toNFC(c2) == toNFC(c3); c4 == toNFC(c4) == toNFC(c5)
            for x in [u1, u2, u3] where try nfc(x) != u2 { ok = false }
            for x in [u4, u5] where try nfc(x) != u4 { ok = false }
            // NFD: c3 == toNFD(c1) == toNFD(c2) == toNFD(c3); c5 == toNFD(c4) == toNFD(c5)
            for x in [u1, u2, u3] where try nfd(x) != u3 { ok = false }
            for x in [u4, u5] where try nfd(x) != u5 { ok = false }
            // NFKC: c4 == toNFKC(c1…c5); NFKD: c5 == toNFKD(c1…c5)
            for x in [u1, u2, u3, u4, u5] {
                if try nfkc(x) != u4 { ok = false }
                if try nfkd(x) != u5 { ok = false }
            }
            checked += 1
            perPart[part, default: 0] += 1
            if !ok {
                failedLines.append(line.number)
                if failedLines.count <= 10 {
                    Issue.record("NormalizationTest.txt:\(line.number) fails: \(String(decoding: line.text, as: UTF8.self))")
                }
            }
        }
        print(
            "NormalizationTest.txt: \(checked) lines checked, \(checked - failedLines.count) pass all invariants, "
                + "\(failedLines.count) fail; per part: "
                + perPart.sorted { $0.key < $1.key }.map { "\($0.key.prefix(6)) \($0.value)" }.joined(separator: ", "))
        #expect(failedLines.isEmpty, "failing lines: \(failedLines.prefix(50))")
        // Unicode 15.0's file has 19 000+ test lines in parts 0–3; guard against a parser that reads nothing.
        #expect(checked > 18_000)
        #expect(perPart.count == 4, "expected @Part0…@Part3, got \(perPart.keys.sorted())")
    }

    /// CONFORMANCE 2 of the file header: every assigned code point not listed in Part 1 is unchanged
    /// by all four forms. Assigned = listed in UnicodeData.txt (ranges included), surrogates excepted.
    @Test func unlistedCodePointsAreStable() throws {
        guard let norm = UnicodeDataFiles.load("NormalizationTest.txt"),
            let data = UnicodeDataFiles.load("UnicodeData.txt")
        else { return }
        var part1 = Set<UInt32>()
        var inPart1 = false
        for line in UnicodeDataFiles.dataLines(norm) {
            if line.text.first == 0x40 {
                inPart1 = line.text.starts(with: Array("@Part1".utf8))
                continue
            }
            if inPart1, let f = UnicodeDataFiles.fields(line.text).first,
                let cps = UnicodeDataFiles.codePoints(f), cps.count == 1
            {
                part1.insert(cps[0])
            }
        }
        #expect(part1.count > 10_000)

        var assigned: [ClosedRange<UInt32>] = []
        var rangeStart: UInt32? = nil
        for line in UnicodeDataFiles.dataLines(data) {
            let f = UnicodeDataFiles.fields(line.text)
            guard f.count > 2, let cp = UnicodeDataFiles.hex(f[0]) else { continue }
            let name = String(decoding: f[1], as: UTF8.self)
            if name.hasSuffix(", First>") {
                rangeStart = cp
            } else if name.hasSuffix(", Last>"), let s = rangeStart {
                assigned.append(s...cp)
                rangeStart = nil
            } else {
                assigned.append(cp...cp)
            }
        }
        var checked = 0
        var failures: [UInt32] = []
        for range in assigned {
            for cp in range where !(0xD800...0xDFFF).contains(cp) && !part1.contains(cp) {
                var u: [UInt16] = []
                UnicodeDataFiles.appendUTF16(cp, to: &u)
                for form in [NormalizationForm.nfc, .nfd, .nfkc, .nfkd] where try Normalizer.normalize(units: u, form) != u {
                    failures.append(cp)
                    break
                }
                checked += 1
            }
        }
        print(
            "NormalizationTest.txt CONFORMANCE 2: \(checked) assigned code points outside Part 1 checked, "
                + "\(failures.count) changed by a normalization form")
        #expect(failures.isEmpty, "changed: \(failures.prefix(20).map { String($0, radix: 16) })")
        #expect(checked > 200_000)
    }
}
