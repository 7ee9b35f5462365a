import Foundation

extension Store {
    /// Records that a submission is given to `assignee` to translate (nil: taken back from whoever
    /// had it), as an event of its own under the store lock. Refuses a withdrawn submission and an
    /// assignment that changes nothing. Who may be named is the team's rule (`Team.assign`).
    public func assign(_ stale: Submission, to assignee: String?, by: String, reason: String? = nil) throws -> Submission {
        try changing(stale) { sub in
            if sub.status == .withdrawn { throw StoreError.withdrawn(id: sub.id) }
            if sub.assignee == assignee {
                throw StoreError.alreadyDone(id: sub.id, status: assignee.map { "assigned to \($0)" } ?? "assigned to nobody", next: sub.nextStep)
            }
            let why = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
            try append(
                Event(
                    action: .assigned, at: Clock.stamp(clock.now()), by: by, reason: why?.isEmpty == false ? why : nil,
                    assignee: assignee), to: sub)
        }
    }
}
