import Foundation
import Platform
import Testing

/// How a program run by the tests ended (the product's own `ProcessOutcome`).
public typealias ProcResult = ProcessOutcome

extension ProcessOutcome {
    /// Exited by itself with status 0 (not killed, not timed out).
    public var ok: Bool { succeeded }
    /// Ended by a signal the test did not cause through a time-out.
    public var crashed: Bool { signal != nil && !timedOut }
    /// The exit status as a shell reports it: the exit code; 128 + signal when killed; -1 when the
    /// status could not be read. Never 0 unless the program exited with 0.
    public var status: Int32 {
        if let exitCode, !timedOut { return exitCode }
        if let signal { return 128 + signal }
        return -1
    }
}

/// A program the tests started and have not waited for yet (the product's `RunningProcess`).
public typealias Spawned = RunningProcess

/// A failure of the test harness itself (not of the code under test).
public struct HarnessError: Error, CustomStringConvertible {
    public let description: String
    public init(_ s: String) { description = s }
}

/// The one way the tests start programs: `Platform.ProcessRunner` (process groups, time limits,
/// standard input from /dev/null, output captured to files).
public enum Proc {
    /// The environment a test's program sees: this process's, without the variables that would
    /// change what `crp` does behind the test's back, with `env` added and `unset` removed.
    public static func environment(_ env: [String: String] = [:], unset: [String] = []) -> [String: String] {
        var e = ProcessInfo.processInfo.environment
        for k in ["CRP_MAX_BYTES", "CRP_NOW", "CRP_LOCALES", "CRP_WORKSPACE"] { e.removeValue(forKey: k) }
        for k in unset { e.removeValue(forKey: k) }
        for (k, v) in env { e[k] = v }
        return e
    }

    /// Starts `program args…` in `cwd`; `program` is a path or a name looked up on the PATH.
    public static func spawn(
        _ program: String, _ args: [String], cwd: URL? = nil, env: [String: String] = [:],
        unset: [String] = []
    ) throws -> Spawned {
        let environment = environment(env, unset: unset)
        guard let path = ProcessRunner.which(program, path: environment["PATH"] ?? "/usr/bin:/bin") else {
            throw HarnessError("\(program) is not installed (not found on the PATH)")
        }
        return try ProcessRunner(timeout: 120, environment: environment).start(path, args, in: cwd)
    }

    /// Runs `program args…` to its end; kills its process group after `timeout` seconds (the
    /// result then says `timedOut`).
    public static func run(
        _ program: String, _ args: [String], cwd: URL? = nil, env: [String: String] = [:],
        unset: [String] = [], timeout: Double = 120
    ) throws -> ProcResult {
        try spawn(program, args, cwd: cwd, env: env, unset: unset).wait(timeout: timeout)
    }
}
