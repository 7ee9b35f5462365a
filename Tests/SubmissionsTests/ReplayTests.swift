import Foundation
import Submissions
import Testing

/// The one function that derives a submission's current record from its registration and events.
@Suite struct ReplayTests {
    static let file = StoredFile(file: "original.txt", receivedName: "a.txt", sha256: "aa", bytes: 10, kind: .text, encoding: "UTF-8")
    static let registration = SubmissionRecord(
        id: "peru-20200920-0001", state: "Peru", states: nil, language: "es", items: [2], received: CalendarDate(year: 2020, month: 9, day: 20),
        registeredAt: "2020-09-20T10:00:00.000Z", registeredBy: "t", original: file)

    func event(
        _ a: Event.Action, translation: String? = nil, to: Status? = nil, amendment: Amendment? = nil, revision: OriginalVersion? = nil,
        reason: String? = nil
    ) -> Event {
        Event(action: a, at: "2020-09-21T10:00:00.000Z", by: "t", reason: reason, translation: translation, amendment: amendment, to: to, revision: revision)
    }

    func replay(_ events: [Event], paperLanguage: String = "en") -> Replay {
        Replay.replay(Self.registration, events: [event(.registered)] + events, paperLanguage: paperLanguage)
    }

    @Test func forwardSteps() {
        #expect(replay([]).status == .received)
        #expect(replay([event(.translated, translation: "t1")]).status == .translated)
        #expect(replay([event(.translated, translation: "t1")]).translationID == "t1")
        #expect(replay([event(.translated, translation: "t1"), event(.reviewed)]).status == .reviewed)
        #expect(replay([event(.translated, translation: "t1"), event(.reviewed), event(.included)]).status == .included)
    }

    @Test func anOriginalInThePaperLanguageCountsAsTranslated() {
        #expect(replay([], paperLanguage: "es").status == .translated)
        #expect(replay([event(.reopened, to: .received)], paperLanguage: "es").status == .translated)
    }

    @Test func withdrawAndReinstate() {
        let withdrawn = replay([event(.translated, translation: "t1"), event(.withdrawn, reason: "twice")])
        #expect(withdrawn.status == .withdrawn)
        #expect(withdrawn.withdrawalReason == "twice")
        // A late event of another kind does not bring a withdrawn submission back.
        #expect(replay([event(.withdrawn, reason: "x"), event(.reviewed), event(.translated, translation: "t2")]).status == .withdrawn)
        let back = replay([event(.translated, translation: "t1"), event(.withdrawn, reason: "x"), event(.reopened, to: .reviewed)])
        #expect(back.status == .reviewed)
        #expect(back.withdrawalReason == nil)
        #expect(back.translationID == "t1")
    }

    @Test func reopenToReceivedSetsTheTranslationAside() {
        let r = replay([event(.translated, translation: "t1"), event(.reviewed), event(.reopened, to: .received)])
        #expect(r.status == .received)
        #expect(r.translationID == nil)
        let t = replay([event(.translated, translation: "t1"), event(.reviewed), event(.reopened, to: .translated)])
        #expect(t.status == .translated)
        #expect(t.translationID == "t1")
    }

    @Test func amendmentsApplyInOrderAndLeaveTheRegistrationAlone() {
        let a1 = Amendment(states: .init(before: ["Peru"], after: ["Chile", "Peru"]), items: .init(before: [2], after: [2, 3]))
        let a2 = Amendment(
            language: .init(before: "es", after: "fr"),
            received: .init(before: CalendarDate(year: 2020, month: 9, day: 20), after: CalendarDate(year: 2020, month: 9, day: 22)))
        let r = replay([event(.amended, amendment: a1), event(.amended, amendment: a2)])
        #expect(r.record.allStates == ["Chile", "Peru"])
        #expect(r.record.state == "Chile")
        #expect(r.record.items == [2, 3])
        #expect(r.record.language == "fr")
        #expect(r.record.received == CalendarDate(year: 2020, month: 9, day: 22))
        #expect(r.versions[0].received == CalendarDate(year: 2020, month: 9, day: 22))
        #expect(r.record.id == Self.registration.id)
        #expect(a1.lines == ["state: Peru → Chile, Peru", "items: 2 → 2, 3"])
        // Back to one State.
        let a3 = Amendment(states: .init(before: ["Chile", "Peru"], after: ["Peru"]))
        #expect(replay([event(.amended, amendment: a1), event(.amended, amendment: a3)]).record.states == nil)
    }

    @Test func revisionMakesANewCurrentVersionAndOutdatesTheTranslation() {
        var f2 = Self.file
        f2.file = "versions/2/original.txt"
        f2.sha256 = "bb"
        let v2 = OriginalVersion(number: 2, received: CalendarDate(year: 2020, month: 10, day: 2), file: f2)
        let r = replay([event(.translated, translation: "t1"), event(.reviewed), event(.included), event(.revised, revision: v2)])
        #expect(r.status == .received)
        #expect(r.translationID == nil)
        #expect(r.outdatedTranslationID == "t1")
        #expect(r.versions.map(\.number) == [1, 2])
        #expect(r.record.original.sha256 == "bb")
        // The submission keeps the date it was first received; the revision's is its version's.
        #expect(r.record.received == CalendarDate(year: 2020, month: 9, day: 20))
        #expect(r.versions.map(\.received) == [CalendarDate(year: 2020, month: 9, day: 20), CalendarDate(year: 2020, month: 10, day: 2)])
        let again = replay([event(.translated, translation: "t1"), event(.revised, revision: v2), event(.translated, translation: "t2")])
        #expect(again.status == .translated)
        #expect(again.translationID == "t2")
        #expect(again.outdatedTranslationID == nil)
        // A withdrawn submission stays withdrawn when a revision is recorded.
        #expect(replay([event(.withdrawn, reason: "x"), event(.revised, revision: v2)]).status == .withdrawn)
    }

    @Test func statusRowsJSONDecodesBackWithTheSameFields() throws {
        let row = try JSONDecoder().decode([Submissions.StatusRow].self, from: Data(Submissions.StatusRow.json([]).utf8))
        #expect(row.isEmpty)
        let text =
            "[\n  {\n    \"id\" : \"a\",\n    \"items\" : [2, 3],\n    \"language\" : \"es\",\n    \"late\" : false,\n    \"received\" : \"2020-09-20\",\n    \"registeredBy\" : \"t\\u0001\",\n    \"state\" : \"Peru \\\"x\\\"\",\n    \"states\" : [\"Peru \\\"x\\\"\"],\n    \"status\" : \"received\",\n    \"translated\" : false,\n    \"warnings\" : 0,\n    \"words\" : 5\n  }\n]\n"
        let rows = try JSONDecoder().decode([Submissions.StatusRow].self, from: Data(text.utf8))
        #expect(Submissions.StatusRow.json(rows) == text)
        #expect(rows[0].state == "Peru \"x\"")
        #expect(rows[0].registeredBy == "t\u{1}")
    }
}
