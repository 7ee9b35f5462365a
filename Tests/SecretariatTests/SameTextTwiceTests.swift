import Foundation
import Submissions
import Testing

@testable import Secretariat

/// The duplicate rule after a merge: which submission is kept and which is offered for withdrawal.
@Suite("Same text registered twice")
struct SameTextTwiceTests {
    func summary(_ id: String, _ states: [String], day: Int, text: String, bytes: String = "", status: Status = .received) throws -> SubmissionSummary {
        var s = SubmissionSummary(
            id: id, states: states, language: "es", items: [1], received: try CalendarDate(iso: "2020-09-\(day)"), status: status, words: 1,
            characters: 1, gmxv: nil, translated: false, hasTranslation: false, registeredBy: "t", warnings: 0,
            byteHashes: [bytes.isEmpty ? "bytes-" + id : bytes], textHashes: [text])
        s.status = status
        return s
    }

    @Test func eachLaterOneIsPairedWithTheFirstThatSharesTextAndState() throws {
        let all = [
            try summary("c", ["Peru"], day: 22, text: "t1"),
            try summary("a", ["Peru"], day: 20, text: "t1"),
            try summary("b", ["Peru"], day: 21, text: "t1"),
            // The same text for another State is no duplicate.
            try summary("d", ["Chile"], day: 19, text: "t1"),
            // A joint text shares Chile with d, received earlier than it.
            try summary("e", ["Chile", "Peru"], day: 23, text: "t1"),
            // The same bytes, another derived text (another reading): still the same text.
            try summary("f", ["Peru"], day: 24, text: "t2", bytes: "bytes-a"),
            // A withdrawn one is neither kept nor offered.
            try summary("g", ["Mexico"], day: 18, text: "t3", status: .withdrawn),
            try summary("h", ["Mexico"], day: 25, text: "t3"),
        ]
        let pairs = SameTextTwice.pairs(all)
        #expect(pairs.map { "\($0.later)>\($0.kept):\($0.states.joined(separator: "+"))" } == ["b>a:Peru", "c>a:Peru", "e>d:Chile", "f>a:Peru"])
    }

    @Test func manyCopiesOfOneTextCostOnePass() throws {
        // A note sent to every mission: 20,000 submissions, 100 States, one text.
        let all = try (0..<20_000).map { k in try summary(String(format: "s%05d", k), ["State \(k % 100)"], day: 10 + k % 20, text: "one") }
        let pairs = SameTextTwice.pairs(all)
        #expect(pairs.count == 20_000 - 100)
        #expect(Set(pairs.map(\.kept)).count == 100)
    }
}
