import Foundation
import Submissions

extension Team {
    /// Gives a submission to a member of the team to translate (`crp assign ID --to NAME` and the
    /// web desk's "Assign" button): the name must be a translator or an officer of this team.
    /// `to` nil takes the assignment back. Recorded as an `assigned` event by `by`.
    public func assign(_ sub: Submission, to name: String?, in store: Store, by: String, reason: String? = nil) throws -> Submission {
        if let name {
            let team = try members()
            guard let m = team.first(where: { $0.name == name }) else { throw TeamError.unknown(name, known: team.map(\.name)) }
            guard m.role != .viewer else { throw TeamError.notAssignable(name: name, role: m.role) }
        }
        return try store.assign(sub, to: name, by: by, reason: reason)
    }

    /// True when `member` may see and work on `sub`: officers and viewers see everything,
    /// translators the submissions assigned to them.
    public static func canSee(_ member: Member, _ sub: Submission) -> Bool {
        member.role != .translator || sub.assignee == member.name
    }
}
