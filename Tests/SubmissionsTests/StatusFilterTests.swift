import Foundation
import Submissions
import TestSupport
import Testing

@Suite("crp status filters and totals")
struct StatusFilterTests {
    func ids(_ store: Store, _ filter: StatusFilter) throws -> [String] {
        try StatusListing.make(store: store, filter: filter).rows.map(\.id)
    }

    @Test func eachFilterKeepsWhatItSays() throws {
        let store = try VariedStore.make()
        #expect(try ids(store, StatusFilter()).count == 3)
        #expect(try ids(store, StatusFilter(status: .received)) == [VariedStore.morocco])
        #expect(try ids(store, StatusFilter(status: .withdrawn)) == [VariedStore.peruWithdrawn])
        #expect(try ids(store, StatusFilter(item: 2)) == [VariedStore.morocco, VariedStore.peruLate])
        #expect(throws: StoreError.self, "an item the paper does not have is refused, as register refuses it") { try ids(store, StatusFilter(item: 9)) }
        // By State, then date received (the late one's date was corrected to 3 October), not by id.
        #expect(try ids(store, StatusFilter(language: "es")) == [VariedStore.peruWithdrawn, VariedStore.peruLate])
        #expect(try ids(store, StatusFilter(state: "Peru")) == [VariedStore.peruWithdrawn, VariedStore.peruLate])
        #expect(try ids(store, StatusFilter(late: true)) == [VariedStore.peruLate])
        #expect(try ids(store, StatusFilter(pending: true)) == [VariedStore.morocco])
        #expect(try ids(store, StatusFilter(language: "es", late: true)) == [VariedStore.peruLate])
        #expect(StatusFilter(item: 2, late: true).summary == "item 2, late")
    }

    @Test func totalsCountStatusesWordsAndDays() throws {
        let store = try VariedStore.make()
        let t = try StatusListing.make(store: store).totals
        #expect(t.submissions == 3)
        #expect(t.byStatus == ["received": 1, "translated": 0, "reviewed": 0, "included": 1, "withdrawn": 1])
        #expect(t.late == 1)
        #expect(t.awaitingTranslation == 1)
        #expect(t.wordsAwaitingTranslation == (try store.load(id: VariedStore.morocco)).analysis?.words)
        #expect(t.daysToDeadline == -6)
        #expect(
            t.lines == [
                "Total: 3 submission(s): 1 received, 0 translated, 0 reviewed, 1 included, 1 withdrawn; 1 late.",
                "Waiting for translation: 1 submission(s), 281 words.",
                "6 days since the deadline (2020-09-30). Today is 2020-10-06.",
            ])
        // Totals follow the filter.
        let es = try StatusListing.make(store: store, filter: StatusFilter(language: "es")).totals
        #expect(es.submissions == 2 && es.wordsAwaitingTranslation == 0)
    }

    @Test func deadlineSentenceBeforeOnAndAfter() throws {
        for (day, expected) in [
            (20, "10 days to the deadline (2020-09-30)."), (29, "1 day to the deadline (2020-09-30)."), (30, "The deadline (2020-09-30) is today."),
        ] {
            let store = try Store(root: TestRepository.embeddedStore, clock: Clock(fixed: Clock.parse("2020-09-\(day)T12:00:00Z")))
            #expect(try StatusListing.make(store: store).totals.deadlineSentence == expected)
        }
    }

    @Test func jsonWithTotalsCarriesRowsAndTotals() throws {
        let store = try VariedStore.make()
        let listing = try StatusListing.make(store: store, filter: StatusFilter(pending: true))
        let object = try JSONSerialization.jsonObject(with: Data(try listing.json().utf8)) as! [String: Any]
        #expect((object["rows"] as? [[String: Any]])?.map { $0["id"] as? String } == [VariedStore.morocco])
        let totals = object["totals"] as! [String: Any]
        #expect(totals["wordsAwaitingTranslation"] as? Int == 281)
        #expect(totals["daysToDeadline"] as? Int == -6)
        #expect((object["filter"] as? [String: Any])?["pending"] as? Bool == true)
    }
}
