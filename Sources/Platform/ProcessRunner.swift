import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How a program run by `ProcessRunner` ended, with what it wrote.
public struct ProcessOutcome: Sendable, CustomStringConvertible {
    /// The exit status, when the program exited by itself.
    public var exitCode: Int32?
    /// The signal that ended it, when one did (SIGKILL after a time-out).
    public var signal: Int32?
    public var stdout: Data
    public var stderr: Data
    /// True when the runner stopped it because it took longer than allowed.
    public var timedOut: Bool
    /// True when it wrote more than allowed and its output was cut.
    public var outputCut: Bool
    public var seconds: Double

    public var out: String { String(decoding: stdout, as: UTF8.self) }
    public var err: String { String(decoding: stderr, as: UTF8.self) }
    /// Exited by itself with status 0.
    public var succeeded: Bool { exitCode == 0 && !timedOut }

    public var description: String {
        let how = timedOut ? "timed out" : signal.map { "killed by signal \($0)" } ?? "exit \(exitCode ?? -1)"
        return "\(how) after \(String(format: "%.2f", seconds)) s\n--- stdout\n\(out.prefix(2000))\n--- stderr\n\(err.prefix(2000))"
    }
}

/// Why a program could not be run at all.
public struct ProcessLaunchError: Error, LocalizedError, Sendable {
    public let program: String
    public let reason: String
    public var errorDescription: String? { "\(program) could not be started: \(reason)." }
}

/// A program started in its own process group. It is reaped only by `wait`, so its pid (and group)
/// stays ours until then: a kill can never hit a recycled pid.
public final class RunningProcess: @unchecked Sendable {
    public let pid: pid_t
    let outURL: URL
    let errURL: URL
    let started = Date()
    let maxOutputBytes: Int
    private let lock = NSLock()
    private var reaped = false

    init(pid: pid_t, outURL: URL, errURL: URL, maxOutputBytes: Int) {
        self.pid = pid; self.outURL = outURL; self.errURL = errURL; self.maxOutputBytes = maxOutputBytes
    }

    /// Sends `signal` to the program and everything it started (its process group).
    public func kill(_ signal: Int32 = SIGKILL) {
        lock.lock()
        defer { lock.unlock() }
        if !reaped { Platform.killGroup(pid, signal) }
    }

    /// Waits for the program; after `timeout` seconds its whole process group is killed.
    public func wait(timeout: Double) -> ProcessOutcome {
        var status: Int32 = 0
        var timedOut = false
        let deadline = started.addingTimeInterval(timeout)
        var pause: UInt32 = 500
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { break }
            if r < 0 && errno != EINTR {
                // Not our child any more (cannot happen unless someone else reaped it): say so.
                status = -1
                break
            }
            if Date() > deadline {
                timedOut = true
                Platform.killGroup(pid, SIGKILL)
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                break
            }
            usleep(pause)
            pause = min(pause * 2, 20_000)
        }
        // Whatever the program left running in its group goes with it.
        Platform.killGroup(pid, SIGKILL)
        lock.lock()
        reaped = true
        lock.unlock()
        Interruption.release(self)
        let seconds = Date().timeIntervalSince(started)
        let (out, cutOut) = Self.read(outURL, limit: maxOutputBytes)
        let (err, cutErr) = Self.read(errURL, limit: maxOutputBytes)
        try? FileManager.default.removeItem(at: outURL)
        try? FileManager.default.removeItem(at: errURL)
        if status == -1 {
            return ProcessOutcome(exitCode: nil, signal: nil, stdout: out, stderr: err, timedOut: timedOut, outputCut: cutOut || cutErr, seconds: seconds)
        }
        let low = status & 0x7f
        if low == 0 {
            return ProcessOutcome(
                exitCode: (status >> 8) & 0xff, signal: nil, stdout: out, stderr: err, timedOut: timedOut,
                outputCut: cutOut || cutErr, seconds: seconds)
        }
        return ProcessOutcome(exitCode: nil, signal: low, stdout: out, stderr: err, timedOut: timedOut, outputCut: cutOut || cutErr, seconds: seconds)
    }

    static func read(_ url: URL, limit: Int) -> (Data, Bool) {
        guard let h = try? FileHandle(forReadingFrom: url) else { return (Data(), false) }
        defer { try? h.close() }
        let data = (try? h.read(upToCount: limit + 1)) ?? Data()
        return data.count > limit ? (data.prefix(limit), true) : (data, false)
    }
}

/// Runs the programs RoomPaper relies on (LibreOffice, poppler, Tesseract, git) with a time limit,
/// in a process group of their own so that a time-out stops everything they started, with standard
/// input from /dev/null and their output captured to bounded temporary files.
///
/// The one way this project starts a program: PDF conversion, intake converters and the tests all
/// use it.
public struct ProcessRunner: Sendable {
    /// Seconds before the program's process group is killed.
    public var timeout: Double
    /// Largest output kept from each of standard output and standard error.
    public var maxOutputBytes: Int
    /// The environment the program sees (the executable passes its own down; see `Programs`).
    public var environment: [String: String]

    public init(timeout: Double, maxOutputBytes: Int = 64 << 20, environment: [String: String]) {
        self.timeout = timeout
        self.maxOutputBytes = maxOutputBytes
        self.environment = environment
    }

    /// Where captured output goes while a program runs.
    static let logDir: URL = {
        let u = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("crp-process-output")
        try? FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }()

    /// Starts `program arguments…` in `directory` and returns at once.
    /// The corresponding C function is `posix_spawn` (with `POSIX_SPAWN_SETPGROUP`).
    public func start(
        _ program: String, _ arguments: [String], in directory: URL? = nil,
        extraEnvironment: [String: String] = [:]
    ) throws -> RunningProcess {
        let tag = UUID().uuidString
        let outURL = Self.logDir.appendingPathComponent("\(tag).out")
        let errURL = Self.logDir.appendingPathComponent("\(tag).err")
        try? FileManager.default.createDirectory(at: Self.logDir, withIntermediateDirectories: true)
        var env = environment
        for (k, v) in extraEnvironment { env[k] = v }
        // Once the process is being interrupted, nothing new is started (the handler is exiting).
        Interruption.holdIfInterrupted()
        let pid = try Platform.spawn(program, arguments, directory: directory, environment: env, stdout: outURL.path, stderr: errURL.path)
        let running = RunningProcess(pid: pid, outURL: outURL, errURL: errURL, maxOutputBytes: maxOutputBytes)
        Interruption.track(running)
        return running
    }

    /// Runs `program arguments…` to the end (or to the time limit).
    public func run(
        _ program: String, _ arguments: [String], in directory: URL? = nil,
        extraEnvironment: [String: String] = [:]
    ) throws -> ProcessOutcome {
        try start(program, arguments, in: directory, extraEnvironment: extraEnvironment).wait(timeout: timeout)
    }

    /// The first executable called `name` on `path` (a PATH-style list), or nil.
    public static func which(_ name: String, path: String) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        for dir in path.split(separator: ":") where !dir.isEmpty {
            let candidate = dir + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
