import Foundation
import RoomPaper
import TestSupport
import Testing

/// `FontCheck` with a fake fontconfig: each test states what `fc-match` answers.
@Suite struct FontCheckTests {
    struct Failed: Error {}

    /// A matcher that answers from a table (a missing entry resolves to DejaVu Sans, as fontconfig's
    /// default does) and counts nothing else.
    static func fake(_ table: [String: String], failing: Set<String> = []) -> FontCheck.Matcher {
        { name in
            if failing.contains(name) { throw Failed() }
            return FontCheck.parseFamilies(table[name] ?? "DejaVu Sans")
        }
    }

    @Test func theFamiliesAreThoseTheDOCXNames() {
        #expect(FontCheck.families() == ["Times New Roman", "Simplified Arabic", "SimSun"])
        #expect(FontCheck.families(of: .noto) == ["Times New Roman", "Noto Naskh Arabic", "Noto Serif CJK SC"])
        #expect(FontCheck.families(of: .init(latin: "A", complex: "A", eastAsia: "B")) == ["A", "B"])
    }

    @Test func anInstalledFamilyIsPresent() {
        let check = FontCheck(match: Self.fake(["Times New Roman": "Times New Roman", "SimSun": "SimSun,宋体"]))
        #expect(check.check("Times New Roman") == .init(family: "Times New Roman", resolvedTo: "Times New Roman", verdict: .present))
        #expect(check.check("SimSun").verdict == .present)
        #expect(check.check("SimSun").keepsLayout)
    }

    @Test func liberationSerifIsAMetricCompatibleTimesNewRoman() {
        let check = FontCheck(match: Self.fake(["Times New Roman": "Liberation Serif"]))
        let f = check.check("Times New Roman")
        #expect(f.verdict == .metricCompatible("Liberation Serif"))
        #expect(f.resolvedTo == "Liberation Serif")
        #expect(f.keepsLayout)
    }

    /// fontconfig without fonts-liberation2 gives Noto Serif or DejaVu Serif: another font, other breaks.
    @Test func notoSerifForTimesNewRomanIsASubstitute() {
        let check = FontCheck(
            match: Self.fake(["Times New Roman": "Noto Serif", "Liberation Serif": "DejaVu Serif"]),
            fallbacks: [:])
        let f = check.check("Times New Roman")
        #expect(f.verdict == .substituted("Noto Serif"))
        #expect(!f.keepsLayout)
    }

    /// The converter's own fallback list counts: an installed Liberation Serif is used by name even
    /// when plain fontconfig resolves Times New Roman to something else.
    @Test func theConvertersFallbackIsUsedWhenInstalled() {
        let check = FontCheck(
            match: Self.fake([
                "Times New Roman": "DejaVu Serif", "Liberation Serif": "Liberation Serif",
                "Simplified Arabic": "DejaVu Sans", "Noto Naskh Arabic": "Noto Naskh Arabic",
                "SimSun": "DejaVu Sans", "Noto Serif CJK SC": "DejaVu Sans", "Noto Sans CJK SC": "Noto Sans CJK SC,Noto Sans CJK",
            ]))
        let findings = check.check()
        #expect(findings.map(\.family) == ["Times New Roman", "Simplified Arabic", "SimSun"])
        #expect(findings.map(\.verdict) == [.metricCompatible("Liberation Serif"), .fallback("Noto Naskh Arabic"), .fallback("Noto Sans CJK SC")])
        #expect(findings.map(\.keepsLayout) == [true, false, false])
    }

    @Test func aFamilyWithNoInstalledFallbackIsSubstituted() {
        let check = FontCheck(match: Self.fake(["Simplified Arabic": "DejaVu Sans"]))
        #expect(check.check("Simplified Arabic") == .init(family: "Simplified Arabic", resolvedTo: "DejaVu Sans", verdict: .substituted("DejaVu Sans")))
    }

    @Test func aMatcherThatFailsOrSaysNothingIsUnknown() {
        let check = FontCheck(match: Self.fake(["SimSun": ""], failing: ["Times New Roman"]))
        #expect(check.check("Times New Roman").verdict == .unknown)
        #expect(check.check("SimSun").verdict == .unknown)
        #expect(check.check("SimSun").resolvedTo == nil)
    }

    @Test func namesCompareWithoutCase() {
        let check = FontCheck(match: Self.fake(["Times New Roman": "times new roman"]))
        #expect(check.check("Times New Roman").verdict == .present)
    }

    @Test func fcMatchOutputIsParsedIntoFamilies() {
        #expect(FontCheck.parseFamilies("Noto Serif CJK SC,Noto Serif CJK\n") == ["Noto Serif CJK SC", "Noto Serif CJK"])
        #expect(FontCheck.parseFamilies("") == [])
        #expect(FontCheck.fcMatchArguments("SimSun") == ["-f", "%{family}", "SimSun"])
    }
}
