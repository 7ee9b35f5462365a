import Foundation
import Submissions

/// Something an action noticed that the officer should read: a value, not a string, so that
/// every front end prints (the terminal), renders (the web desk) or serialises (`--json`) the
/// same findings the same way.
public struct Finding: Codable, Sendable, Equatable {
    /// How much it matters. A refusal is thrown, never returned; a finding reports what was done
    /// anyway.
    public enum Severity: String, Codable, Sendable {
        /// What was done, or the next step ("The translation of version 1 is now outdated…").
        case note
        /// Worth a look before going on (a comment in the margin of a Word file, a late date).
        case warning
    }

    /// A stable name of the kind of finding ("intake.warning", "translation.replaced"), for
    /// scripts and tests; the message is for people.
    public var code: String
    public var severity: Severity
    /// What it is about: a file, a submission id, a part; nil when it is the action itself.
    public var subject: String?
    /// The sentence the officer reads: what is so and what to do.
    public var message: String

    public init(_ code: String, _ severity: Severity, subject: String? = nil, _ message: String) {
        self.code = code
        self.severity = severity
        self.subject = subject
        self.message = message
    }

    /// A warning from a reader or a rule, as intake words it.
    static func warning(_ code: String, subject: String? = nil, _ message: String) -> Finding {
        Finding(code, .warning, subject: subject, message)
    }

    /// A note on what was done.
    static func note(_ code: String, subject: String? = nil, _ message: String) -> Finding {
        Finding(code, .note, subject: subject, message)
    }
}

/// What an action returns: its result and what it noticed on the way.
public struct Outcome<Value> {
    public var value: Value
    public var findings: [Finding]

    public init(_ value: Value, findings: [Finding] = []) {
        self.value = value
        self.findings = findings
    }

    /// The findings of one severity, in the order they were found.
    public func findings(_ severity: Finding.Severity) -> [Finding] { findings.filter { $0.severity == severity } }
}

extension Outcome: Sendable where Value: Sendable {}

/// A `--json` result and the findings of the action that made it, as one object: the value's own
/// fields and `findings` (the same values the terminal prints and the web desk shows).
public struct WithFindings<Value: Encodable>: Encodable {
    public var value: Value
    public var findings: [Finding]

    public init(_ value: Value, findings: [Finding]) {
        self.value = value
        self.findings = findings
    }

    enum Key: String, CodingKey { case findings }

    public func encode(to encoder: Encoder) throws {
        try value.encode(to: encoder)
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(findings, forKey: .findings)
    }
}
