import Foundation

/// The one JSON form of every `--json` output, report and stored record: pretty, keys sorted,
/// slashes as they are (stored files are compared and merged by git, so the form never varies).
public enum JSONOutput {
    /// A new encoder in that form (`JSONEncoder` is not `Sendable`: one per use).
    public static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return e
    }

    /// `value` as JSON text in that form.
    public static func string<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder().encode(value), as: UTF8.self)
    }
}

/// A problem with how an action was asked for (an unknown State, a missing reason, a date that
/// is not a date): every front end tells it as a usage error (the CLI's exit code 2), recognised
/// by this type and never by listing error cases in a front end.
public protocol UsageProblem: Error {
    /// True when this value is a usage problem (an error type may hold both kinds).
    var isUsage: Bool { get }
}

extension Error {
    /// True when this error is a usage problem (`UsageProblem.isUsage`).
    public var isUsageProblem: Bool { (self as? UsageProblem)?.isUsage ?? false }
}
