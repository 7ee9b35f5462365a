import Foundation
import Submissions

/// A copy of the embedded reference store moved into every kind of state, on a fixed clock
/// (2020-10-06, six days after the deadline of 2020-09-30):
/// - Morocco (ar, item 2, 281 words) reopened to `received` (waiting for a new translation);
/// - Peru (es, item 2) included, its date received corrected to 2020-10-03 (late);
/// - Peru (es, item 3) withdrawn.
public enum VariedStore {
    public static let today = CalendarDate(year: 2020, month: 10, day: 6)
    public static let morocco = "morocco-20200918-1be77312"
    public static let peruLate = "peru-20200925-4db9a916"
    public static let peruWithdrawn = "peru-20200925-8e8004de"

    public static func make() throws -> Store {
        let dir = Scratch.root.appendingPathComponent("crp-varied-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: TestRepository.embeddedStore, to: dir)
        let clock = Clock(fixed: Clock.parse("2020-10-06T09:00:00Z"))
        let store = try Store(root: dir, clock: clock)
        _ = try store.transition(try store.load(id: morocco), .reopen(to: .received), by: "tester", reason: "translation to be redone")
        let peru = try store.load(id: peruLate)
        _ = try store.amend(
            peru, Amendment(received: .init(before: peru.record.received, after: CalendarDate(year: 2020, month: 10, day: 3))),
            reason: "the date stamp was misread", by: "tester")
        _ = try store.transition(try store.load(id: peruWithdrawn), .withdraw, by: "tester", reason: "replaced by the State")
        return try Store(root: dir, clock: clock)
    }
}
