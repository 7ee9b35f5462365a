import Foundation
import Intake
import Platform
import TestSupport
import Testing

/// Egypt's letter (the letterhead fixture), turned 1.5° with seeded noise: lines Tesseract's page
/// reading left out are read again on their own, and some of their words come back under the
/// 40 % floor. Each such line is a finding with its place and the words as guessed: no ink
/// disappears without a word, and every line of ink is still read or reported.
@Suite(.serialized) struct ScanLeftOutEndToEndTests {
    @Test(.enabled(if: ScanLetterheadTests.runs))
    func wordsLeftOutOfALineReadAgainAreAFinding() throws {
        guard Typeset.available(ScanLetterheadTests.needed) else { return }
        let r = try ScanLetterheadTests.readEgypt(turned: "1.5", noise: "0.3", name: "egypt-noisy")
        let x = try #require(r.extraction)
        let leftOut = (x.caveats ?? []).filter { $0.contains("was read again on its own and") && $0.contains("left out of the text (read as") }
        #expect(!leftOut.isEmpty, "\(x.caveats ?? [])")
        #expect(leftOut.allSatisfy { $0.contains("% down (pixels") && $0.contains("crp proofread ID FILE") }, "\(leftOut)")
        #expect((x.linesRead ?? 0) + (x.unreadLines?.count ?? 0) == 9, "lines read \(x.linesRead ?? -1) + unread \(x.unreadLines?.count ?? 0)")
    }
}
