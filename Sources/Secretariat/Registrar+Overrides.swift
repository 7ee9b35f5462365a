import Foundation

extension Registrar.Overrides {
    /// An override (`force`, `allowSameText`) was asked for without saying why.
    public struct MissingReason: LocalizedError, Equatable, Sendable {
        public var errorDescription: String? {
            "Registering despite a refusal (--force, --allow-same-text) needs a reason (--reason TEXT, or the Reason field): say why; it is recorded in the history."
        }
    }

    /// Refuses an override without a reason: what overrides a guard rail is recorded with its why.
    /// Both front ends call this before registering (the CLI as a usage error).
    public func requireReason() throws {
        if (force || allowSameText) && (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw MissingReason() }
    }
}
