import Foundation
import MultilingualText

/// Original and translation side by side, paragraph by paragraph — the paragraphs `crp export`
/// makes units of — wrapped to the width in terminal columns (CJK characters take two, marks and
/// format characters none). Right-to-left paragraphs are right-aligned. With `visual`, lines holding
/// right-to-left text are shaped and put in visual order for terminals without bidi; otherwise they
/// stay in logical order inside an isolate (RLI/FSI…PDI) so that a bidi terminal keeps the columns.
///
/// Paragraphs are paired by position. Where the counts differ, the view says so first and lists the
/// unpaired paragraphs at the end, marked, instead of shifting every pair.
public enum AlignedView {
    /// The lines of the view.
    public static func lines(original: String, translation: String, width: Int, visual: Bool) -> [String] {
        let left = paragraphs(original), right = paragraphs(translation)
        let col = max(10, (width - 3) / 2)
        var out: [String] = []
        let paired = right.isEmpty ? left.count : min(left.count, right.count)
        if !right.isEmpty && left.count != right.count {
            let (side, extra) = left.count > right.count ? ("original", left.count - right.count) : ("translation", right.count - left.count)
            out.append(
                "(the original has \(left.count) paragraphs and the translation \(right.count): the first \(paired) are paired by position; \(extra == 1 ? "the last paragraph of the \(side) is" : "the last \(extra) paragraphs of the \(side) are") shown unpaired at the end)"
            )
        }
        func row(_ l: String, _ r: String) {
            let lrtl = Bidi.baseDirection(l) == .rtl, rrtl = Bidi.baseDirection(r) == .rtl
            // Shaped before wrapping in visual mode: shaped marks take a column of their own.
            let ll = wrap(visual ? shaped(l) : l, col), rl = wrap(visual ? shaped(r) : r, col)
            for k in 0..<max(ll.count, rl.count) {
                let a = cell(k < ll.count ? ll[k] : "", rtl: lrtl, visual: visual)
                let b = cell(k < rl.count ? rl[k] : "", rtl: rrtl, visual: visual)
                let padA = String(repeating: " ", count: max(0, col - CharacterProperties.columns(a)))
                let padB = rrtl ? String(repeating: " ", count: max(0, col - CharacterProperties.columns(b))) : ""
                out.append((lrtl ? padA + a : a + padA) + " │ " + padB + b)
            }
            out.append(String(repeating: " ", count: col) + " │")
        }
        for i in 0..<paired { row(left[i], right[i]) }
        if left.count > paired && !right.isEmpty {
            out.append("── not paired: paragraphs \(paired + 1)–\(left.count) of the original ──")
        }
        for i in paired..<left.count { row(left[i], "") }
        if right.count > paired {
            out.append("── not paired: paragraphs \(paired + 1)–\(right.count) of the translation ──")
            for i in paired..<right.count { row("", right[i]) }
        }
        return out
    }

    /// One wrapped line as shown: unchanged without right-to-left letters; else in visual order
    /// (shaped) when asked, or isolated in logical order.
    static func cell(_ s: String, rtl: Bool, visual: Bool) -> String {
        guard CharacterProperties.containsRightToLeft(s) else { return s }
        if visual { return (try? Bidi.visualLine(s, level: rtl ? .rtl : .ltr)) ?? s }
        return (rtl ? "\u{2067}" : "\u{2068}") + s + "\u{2069}"
    }

    static func shaped(_ s: String) -> String {
        CharacterProperties.containsRightToLeft(s) ? (try? ArabicShaping.shape(s)) ?? s : s
    }

    /// The paragraphs as `crp export` cuts them, each on one line: line ends, tabs and other
    /// controls become spaces, bidi controls are balanced.
    static func paragraphs(_ s: String) -> [String] {
        ExchangeText.paragraphs(s).map { p in
            Bidi.neutralize(SafeText.clean(p, controls: .space, bidi: .keep).trimmingCharacters(in: .whitespaces))
        }.filter { !$0.isEmpty }
    }

    /// Wraps at spaces (or anywhere for CJK) so that no line takes more than `width` columns.
    static func wrap(_ s: String, _ width: Int) -> [String] {
        var lines: [String] = []
        var cur = "", curW = 0
        var word = "", wordW = 0
        func flushWord() {
            if curW + wordW > width && !cur.isEmpty { lines.append(cur.trimmingCharacters(in: .whitespaces)); cur = ""; curW = 0 }
            cur += word; curW += wordW; word = ""; wordW = 0
        }
        for ch in s {
            let w = CharacterProperties.columns(String(ch))
            if ch == " " { word += " "; wordW += 1; flushWord(); continue }
            if w == 2 { flushWord() }  // CJK may break before any ideograph
            if wordW + w > width { flushWord(); if !cur.isEmpty { lines.append(cur); cur = ""; curW = 0 } }
            word.append(ch); wordW += w
            if w == 2 { flushWord() }
        }
        flushWord()
        if !cur.trimmingCharacters(in: .whitespaces).isEmpty { lines.append(cur.trimmingCharacters(in: .whitespaces)) }
        return lines.isEmpty ? [""] : lines
    }
}
