import Foundation

extension Transition {
    /// The rule for this move of `sub` as it stands: throws when it is not allowed (already done,
    /// not the next step, a reason missing, OCR text not proofread). The one check: `Store.transition`
    /// makes it before recording a move, and `crp verify` replays it over every stored history
    /// (`Store.history(of:)`), so an event no command could have written is found.
    public func check(_ sub: Submission, reason why: String?) throws {
        let s = sub.status
        if self == .review || self == .include { try sub.requireProofread(self == .review ? "reviewed" : "included") }
        switch self {
        case .review:
            if s == .reviewed || s == .included { throw StoreError.alreadyDone(id: sub.id, status: s.rawValue, next: sub.nextStep) }
            guard s == .translated else {
                throw StoreError.invalidTransition(
                    id: sub.id, from: s.rawValue, action: "reviewed",
                    hint: s == .withdrawn ? "It was withdrawn; `crp reopen \(sub.id) --to translated --reason TEXT` reinstates it." : sub.nextStepSentence)
            }
        case .include:
            if s == .included { throw StoreError.alreadyDone(id: sub.id, status: s.rawValue, next: sub.nextStep) }
            guard s == .reviewed else {
                throw StoreError.invalidTransition(
                    id: sub.id, from: s.rawValue, action: "included",
                    hint: s == .withdrawn ? "It was withdrawn; `crp reopen \(sub.id) --to reviewed --reason TEXT` reinstates it." : sub.nextStepSentence)
            }
        case .withdraw:
            guard s != .withdrawn else { throw StoreError.alreadyDone(id: sub.id, status: s.rawValue, next: sub.nextStep) }
            guard let why, !why.isEmpty else { throw StoreError.reasonRequired(action: "withdraw", id: sub.id) }
        case .reopen(let to):
            guard let why, !why.isEmpty else { throw StoreError.reasonRequired(action: "reopen", id: sub.id) }
            guard [.received, .translated, .reviewed].contains(to) else {
                throw StoreError.invalidTransition(
                    id: sub.id, from: s.rawValue, action: "reopened to \(to.rawValue)", hint: "Reopen to received, translated or reviewed.")
            }
            if s == to { throw StoreError.alreadyDone(id: sub.id, status: s.rawValue, next: sub.nextStep) }
            if s != .withdrawn && Transition.rank(to) > Transition.rank(s) {
                throw StoreError.invalidTransition(
                    id: sub.id, from: s.rawValue, action: "reopened to \(to.rawValue)",
                    hint: "Reopen moves back only; to move it forward: \(sub.nextStep).")
            }
            if to != .received && !sub.hasPaperText {
                throw StoreError.invalidTransition(
                    id: sub.id, from: s.rawValue, action: "reopened to \(to.rawValue)",
                    hint: "It has no current translation; reopen it to received and attach one with `crp translate \(sub.id) FILE`.")
            }
        }
    }
}

extension Submission {
    /// The rule for attaching a translation to `self` as it stands: not withdrawn, and its OCR
    /// text proofread. Attaching (`Store.attachTranslation`, `crp translate`, `crp import`) and
    /// `crp verify`'s replay of the history use it.
    public func requireTranslatable() throws {
        if status == .withdrawn { throw StoreError.withdrawn(id: id) }
        try requireProofread("translated")
    }
}
