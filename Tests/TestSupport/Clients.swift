import Foundation
import Platform
import Testing

/// The real programs the tests check our output with, and the one rule for a missing one: it fails
/// the test, unless `CRP_ALLOW_MISSING_CLIENTS=1`, in which case the test prints a line starting
/// `SKIPPED:` with the reason (Scripts/test.sh lists those lines at the end of the run and fails).
public enum Clients {
    /// True when a missing client may be skipped (local runs), never in CI.
    public static var allowMissing: Bool { ProcessInfo.processInfo.environment["CRP_ALLOW_MISSING_CLIENTS"] == "1" }

    /// The first of `names` found on the PATH (a name with a slash is taken as a path).
    public static func which(_ names: String...) -> String? { which(names) }

    public static func which(_ names: [String]) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for n in names { if let p = ProcessRunner.which(n, path: path) { return p } }
        return nil
    }

    public static func installed(_ name: String) -> Bool { which(name) != nil }

    /// For `.enabled(if:)`: a test runs when its client is there, or when missing clients are not
    /// allowed (it then fails, saying what is missing).
    public static func runs(_ present: @autoclosure () -> Bool) -> Bool { !allowMissing || present() }

    /// Prints `SKIPPED: <reason>`: the line the run's summary collects. Use it for every skip.
    public static func skipped(_ reason: String) {
        print("SKIPPED: \(reason)")
    }

    /// Records a missing client: a failure, or with CRP_ALLOW_MISSING_CLIENTS=1 a `SKIPPED:` line.
    public static func missing(_ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        if allowMissing {
            skipped("\(what) (CRP_ALLOW_MISSING_CLIENTS=1)")
        } else {
            Issue.record("\(what). Install it (Scripts/setup.sh) or set CRP_ALLOW_MISSING_CLIENTS=1 to skip.", sourceLocation: sourceLocation)
        }
    }

    /// The path of the first of `names` installed, or nil after `missing(…)`.
    public static func require(_ names: [String], _ what: String, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        if let p = which(names) { return p }
        missing("\(what) is not installed", sourceLocation: sourceLocation)
        return nil
    }

    /// True when `program` is installed; otherwise `missing(…)` and false.
    public static func available(_ program: String, reason: String, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        if installed(program) { return true }
        missing("\(program) is not installed (\(reason))", sourceLocation: sourceLocation)
        return false
    }

    /// python3 can import `module`.
    public static func pythonImports(_ module: String) -> Bool {
        guard installed("python3"), let r = try? Proc.run("python3", ["-c", "import \(module)"], timeout: 60) else { return false }
        return r.ok
    }
}
