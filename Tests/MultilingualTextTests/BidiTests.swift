import TestSupport
import Testing

@testable import MultilingualText

@Suite struct BidiTests {
    // MARK: base direction

    @Test func baseDirection() {
        #expect(Bidi.baseDirection("تعزيز التعاون") == .rtl)
        #expect(Bidi.baseDirection("SHERLOC هو") == .ltr)
        #expect(Bidi.baseDirection("\u{200F}SHERLOC هو") == .rtl)  // RLM is a strong R character
        #expect(Bidi.baseDirection("123") == .neutral)
        #expect(Bidi.baseDirection("") == .neutral)
        #expect(Bidi.baseDirection("« 2024 » עברית") == .rtl)
    }

    @Test func paragraphDirections() {
        #expect(Bidi.paragraphDirections("Peru\n\nمصر\n42") == [.ltr, .rtl, .neutral])
    }

    // MARK: inventory

    @Test func unterminatedOverrideReportsBothProblems() throws {
        let findings = Bidi.inventory("invoice\u{202E}fdp.exe")
        #expect(findings.count == 1)
        let f = try #require(findings.first)
        #expect(f.name == "RLO")
        #expect(f.codePoint == "U+202E")
        #expect(f.kind == .override)
        #expect(f.line == 1)
        let problem = f.problem ?? ""
        #expect(problem.contains("overrides"), "\(problem)")
        #expect(problem.contains("not closed"), "\(problem)")
    }

    @Test func closedOverrideStillReportsOverride() {
        let findings = Bidi.inventory("a\u{202D}b\u{202C}c")
        #expect(findings.map(\.name) == ["LRO", "PDF"])
        #expect(findings[0].problem?.contains("overrides") == true)
        #expect(findings[0].problem?.contains("not closed") == false)
        #expect(findings[1].problem == nil)
    }

    @Test func strayClosersCloseNothing() {
        let pdi = Bidi.inventory("abc\u{2069}def")
        #expect(pdi.count == 1)
        #expect(pdi.first?.name == "PDI")
        #expect(pdi.first?.kind == .popIsolate)
        #expect(pdi.first?.problem?.contains("closes nothing") == true)
        let pdf = Bidi.inventory("x\u{202C}")
        #expect(pdf.first?.problem?.contains("closes nothing") == true)
        // A PDF cannot close an embedding opened outside the current isolate.
        let crossed = Bidi.inventory("\u{202B}a\u{2067}b\u{202C}c\u{2069}\u{202C}")
        #expect(crossed.map(\.name) == ["RLE", "RLI", "PDF", "PDI", "PDF"])
        #expect(crossed.map { $0.problem == nil } == [true, true, false, true, true])
    }

    @Test func balancedIsolateHasNoProblem() {
        let findings = Bidi.inventory("Delegation of \u{2067}مصر\u{2069} and \u{2068}Peru\u{2069}; RLM\u{200F}")
        #expect(findings.map(\.name) == ["RLI", "PDI", "FSI", "PDI", "RLM"])
        #expect(findings.allSatisfy { $0.problem == nil }, "\(findings)")
    }

    @Test func openerIsClosedAtEndOfParagraph() {
        let findings = Bidi.inventory("one\n\u{2067}two\nthree\u{2069}")
        #expect(findings.count == 2)
        #expect(findings[0].line == 2)
        #expect(findings[0].problem?.contains("not closed") == true)
        #expect(findings[1].line == 3)
        #expect(findings[1].problem?.contains("closes nothing") == true)
    }

    @Test func noControlsNoFindings() {
        #expect(Bidi.inventory("Plain text, عربي, 中文.").isEmpty)
    }

    // MARK: neutralize

    @Test func neutralizeRemovesOverridesAndTheirPDF() {
        #expect(scalars(Bidi.neutralize("invoice\u{202E}fdp\u{202C}.exe")) == scalars("invoicefdp.exe"))
        #expect(scalars(Bidi.neutralize("a\u{202D}b\u{202C}c")) == scalars("abc"))
        #expect(scalars(Bidi.neutralize("a\u{202E}b")) == scalars("ab"))  // unterminated: nothing added
    }

    @Test func neutralizeDropsStrayClosers() {
        #expect(scalars(Bidi.neutralize("abc\u{2069}def")) == scalars("abcdef"))
        #expect(scalars(Bidi.neutralize("abc\u{202C}def")) == scalars("abcdef"))
    }

    @Test func neutralizeClosesOpenIsolatePerParagraph() {
        #expect(scalars(Bidi.neutralize("x \u{2067}مصر")) == scalars("x \u{2067}مصر\u{2069}"))
        #expect(scalars(Bidi.neutralize("\u{2067}a\nb")) == scalars("\u{2067}a\u{2069}\nb"))
        #expect(scalars(Bidi.neutralize("\u{202B}a\u{2067}b")) == scalars("\u{202B}a\u{2067}b\u{2069}\u{202C}"))
    }

    @Test func neutralizeKeepsBalancedControlsAndMarks() {
        for s in ["a\u{202B}b\u{202C}c", "x \u{2067}مصر\u{2069} y", "\u{200F}abc", "\u{2068}Peru\u{2069}"] {
            #expect(scalars(Bidi.neutralize(s)) == scalars(s), "\(s.debugDescription)")
        }
    }

    @Test func neutralizeLeavesTextWithoutControlsUnchanged() {
        for s in ["", "Plain text.", "مشروع القرار A/78/L.1", "Côte d\u{2019}Ivoire\u{00A0}:", "e\u{0301}"] {
            #expect(scalars(Bidi.neutralize(s)) == scalars(s))
        }
    }

    @Test func neutralizedTextHasNoProblems() {
        let nasty = "a\u{202E}b\u{2069}c\u{2067}d\u{202A}e\n\u{202D}\u{2066}f\u{202C}g\u{2069}h\u{2069}"
        let safe = Bidi.neutralize(nasty)
        #expect(Bidi.inventory(safe).allSatisfy { $0.problem == nil }, "\(Bidi.inventory(safe))")
        #expect(!safe.unicodeScalars.contains("\u{202E}"))
        #expect(!safe.unicodeScalars.contains("\u{202D}"))
    }

    // MARK: visual line

    @Test func visualLineShapesAndReversesArabic() throws {
        // مرحبا = MEEM REH HAH BEH ALEF. Joining: MEEM initial (FEE3), REH final (FEAE; REH does not
        // join to the left), HAH initial (FEA3), BEH medial (FE92), ALEF final (FE8E).
        // Visual order (RTL paragraph): reversed, so the first visual character is the final ALEF.
        let visual = try Bidi.visualLine("مرحبا")
        #expect(scalars(visual) == [0xFE8E, 0xFE92, 0xFEA3, 0xFEAE, 0xFEE3])
        #expect(visual.unicodeScalars.first == "\u{FE8E}")
    }

    @Test func visualLineMixedLatinArabic() throws {
        let visual = try Bidi.visualLine("UN مرحبا 2024")
        // LTR paragraph (first strong is U). After Arabic letters, "2024" becomes an Arabic number (W2)
        // and the space before it joins the right-to-left run (N1), so the run "مرحبا 2024" is shown
        // right to left with the digits themselves kept left to right (level 2).
        #expect(scalars(visual) == scalars("UN 2024 ") + [0xFE8E, 0xFE92, 0xFEA3, 0xFEAE, 0xFEE3])
        // After Latin text the digits stay European numbers and keep their place.
        #expect(scalars(try Bidi.visualLine("UN 2024 مرحبا")) == scalars("UN 2024 ") + [0xFE8E, 0xFE92, 0xFEA3, 0xFEAE, 0xFEE3])
        #expect(scalars(try Bidi.visualLine("مرحبا UN")) == scalars("UN ") + [0xFE8E, 0xFE92, 0xFEA3, 0xFEAE, 0xFEE3])
        #expect(try Bidi.visualLine("") == "")
        #expect(try Bidi.visualLine("plain") == "plain")
    }

    @Test func visualLineRemovesControls() throws {
        let visual = try Bidi.visualLine("a\u{2067}b\u{2069}c")
        #expect(scalars(visual) == scalars("abc"))
    }

    // MARK: BidiText

    @Test func bidiTextLevelsAndMap() throws {
        let b = try BidiText("ab אב", level: .ltr)
        #expect(b.count == 5)
        #expect(try b.levels() == [0, 0, 0, 1, 1])
        #expect(try b.visualMap() == [0, 1, 2, 4, 3])
        #expect(try b.paragraphs().map(\.level) == [0])
        let rtl = try BidiText("אב", level: .firstStrongOrLTR)
        #expect(try rtl.paragraphs().first?.level == 1)
        #expect(scalars(try rtl.reordered()) == scalars("בא"))
    }

    @Test func bidiTextMirrorsBrackets() throws {
        // In an RTL run "(" is shown mirrored as ")" (UBIDI_DO_MIRRORING).
        #expect(scalars(try BidiText("א(ב)", level: .rtl).reordered()) == scalars("(ב)א"))
    }

    @Test func bidiTextEmpty() throws {
        let b = try BidiText("")
        #expect(b.count == 0)
        #expect(try b.levels() == [])
        #expect(try b.visualMap() == [])
        #expect(try b.reordered() == "")
    }

    /// Visual order back to logical order (what a PDF's glyphs give): units stay whole, digits and
    /// Latin keep their order inside a right-to-left line, nothing is mirrored.
    @Test func visualOrderGoesBackToLogicalOrder() throws {
        #expect(try Bidi.logicalOrder(visual: ["a", "b", "c", " ", "ג", "ב", "א"], rightToLeft: false) == [0, 1, 2, 3, 6, 5, 4])
        // "رقم 12" laid out right to left: "12 مقر" seen from the left.
        #expect(try Bidi.logicalOrder(visual: ["1", "2", " ", "م", "ق", "ر"], rightToLeft: true) == [5, 4, 3, 2, 0, 1])
        // A ligature's letters and a letter with its vowel mark are one unit each.
        // "بد لانّ (S)" laid out right to left; the text layer gives characters, not mirrored shapes.
        let visual = [")", "S", "(", " ", "نّ", "لا", " ", "د", "ب"]
        let order = try Bidi.logicalOrder(visual: visual, rightToLeft: true)
        #expect(order.map { visual[$0] }.joined() == "بد لانّ (S)", "\(order.map { visual[$0] })")
        #expect(try Bidi.logicalOrder(visual: [], rightToLeft: true).isEmpty)
    }
}
