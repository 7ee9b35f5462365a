import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How a child process ended.
struct ProcResult: CustomStringConvertible {
    var exitCode: Int32?
    var signal: Int32?
    var stdout: Data
    var stderr: Data
    var timedOut: Bool
    var seconds: Double

    var out: String { String(decoding: stdout, as: UTF8.self) }
    var err: String { String(decoding: stderr, as: UTF8.self) }
    var ok: Bool { exitCode == 0 && !timedOut }
    var crashed: Bool { signal != nil && !timedOut }

    var description: String {
        let how = timedOut ? "timed out" : signal.map { "killed by signal \($0)" } ?? "exit \(exitCode ?? -1)"
        return "\(how) after \(String(format: "%.2f", seconds)) s\n--- stdout\n\(out.prefix(2000))\n--- stderr\n\(err.prefix(2000))"
    }
}

/// A child started with posix_spawn. It is reaped only by `wait`, so its pid stays ours (a zombie
/// at worst) until then: `kill` can never hit a recycled pid.
final class Spawned {
    let pid: pid_t
    let outURL: URL
    let errURL: URL
    let started = Date()
    private var reaped = false

    init(pid: pid_t, outURL: URL, errURL: URL) {
        self.pid = pid; self.outURL = outURL; self.errURL = errURL
    }

    func kill(_ sig: Int32 = SIGKILL) {
        if !reaped { _ = Glibc.kill(pid, sig) }
    }

    /// Waits for the child; kills it with SIGKILL after `timeout` seconds.
    func wait(timeout: Double = 60) -> ProcResult {
        var status: Int32 = 0
        var timedOut = false
        let deadline = started.addingTimeInterval(timeout)
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { break }
            if r < 0 && errno != EINTR { break }
            if Date() > deadline && !timedOut {
                timedOut = true
                _ = Glibc.kill(pid, SIGKILL)
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                break
            }
            usleep(2000)
        }
        reaped = true
        let seconds = Date().timeIntervalSince(started)
        let out = (try? Data(contentsOf: outURL)) ?? Data()
        let err = (try? Data(contentsOf: errURL)) ?? Data()
        try? FileManager.default.removeItem(at: outURL)
        try? FileManager.default.removeItem(at: errURL)
        let low = status & 0x7f
        if low == 0 {
            return ProcResult(exitCode: (status >> 8) & 0xff, signal: nil, stdout: out, stderr: err, timedOut: timedOut, seconds: seconds)
        }
        return ProcResult(exitCode: nil, signal: low, stdout: out, stderr: err, timedOut: timedOut, seconds: seconds)
    }
}

enum Proc {
    /// Where captured output goes (outside every workspace the tests watch).
    static let logDir: URL = {
        let u = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("crp-store-tests-logs")
        try? FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }()

    /// glibc's posix_spawn_file_actions_addchdir_np (2.29+), which Swift does not import (it needs _GNU_SOURCE).
    typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?) -> Int32
    static let addChdir: AddChdir? = {
        guard let handle = dlopen(nil, RTLD_NOW), let sym = dlsym(handle, "posix_spawn_file_actions_addchdir_np") else { return nil }
        return unsafeBitCast(sym, to: AddChdir.self)
    }()

    /// Starts `exe args…` in `cwd` with the test environment plus `env`; stdin is /dev/null.
    static func spawn(_ exe: String, _ args: [String], cwd: URL? = nil, env: [String: String] = [:]) throws -> Spawned {
        let tag = UUID().uuidString
        let outURL = logDir.appendingPathComponent("\(tag).out")
        let errURL = logDir.appendingPathComponent("\(tag).err")
        var fa = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&fa)
        defer { posix_spawn_file_actions_destroy(&fa) }
        posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&fa, 1, outURL.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&fa, 2, errURL.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if let cwd {
            guard let addchdir = addChdir else { throw HarnessError("posix_spawn_file_actions_addchdir_np is not available") }
            _ = addchdir(&fa, cwd.path)
        }

        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment["CRP_USER"] = "store-tests"
        environment.removeValue(forKey: "CRP_MAX_BYTES")
        for (k, v) in env { environment[k] = v }
        let argv: [UnsafeMutablePointer<CChar>?] = ([exe] + args).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, exe, &fa, nil, argv, envp)
        if rc != 0 { throw HarnessError("posix_spawn \(exe) failed: \(String(cString: strerror(rc)))") }
        return Spawned(pid: pid, outURL: outURL, errURL: errURL)
    }

    static func run(_ exe: String, _ args: [String], cwd: URL? = nil, env: [String: String] = [:], timeout: Double = 60) throws -> ProcResult {
        try spawn(exe, args, cwd: cwd, env: env).wait(timeout: timeout)
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ s: String) { description = s }
}

/// The repository, the built `crp` and helpers to make workspaces.
enum CRP {
    /// The repository root, from this file's path.
    static let repo: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let fixturePaper = repo.appendingPathComponent("Tests/Fixtures/ctoc-cop-2020/paper.yaml")

    /// `crp` from the build folder the running test binary belongs to (`<scratch>/debug/crp`);
    /// else the newest `.build*/debug/crp` of the repository. `CRP_BINARY` overrides.
    static let executable: String = {
        let fm = FileManager.default
        if let e = ProcessInfo.processInfo.environment["CRP_BINARY"], fm.isExecutableFile(atPath: e) { return e }
        var starts: [URL] = [Bundle.main.bundleURL, Bundle.main.executableURL ?? Bundle.main.bundleURL]
        if let a0 = CommandLine.arguments.first { starts.append(URL(fileURLWithPath: a0)) }
        for b in Bundle.allBundles { starts.append(b.bundleURL) }
        for start in starts {
            var dir = start.resolvingSymlinksInPath()
            for _ in 0..<5 {
                let c = dir.appendingPathComponent("crp")
                var isDir: ObjCBool = false
                if fm.fileExists(atPath: c.path, isDirectory: &isDir), !isDir.boolValue, fm.isExecutableFile(atPath: c.path) { return c.path }
                dir = dir.deletingLastPathComponent()
            }
        }
        var best: (String, Date)? = nil
        for name in (try? fm.contentsOfDirectory(atPath: repo.path)) ?? [] where name.hasPrefix(".build") {
            let c = repo.appendingPathComponent(name).appendingPathComponent("debug/crp")
            if let d = (try? fm.attributesOfItem(atPath: c.path))?[.modificationDate] as? Date, best == nil || d > best!.1 {
                best = (c.path, d)
            }
        }
        return best?.0 ?? "crp"
    }()

    /// Runs `crp args…`.
    @discardableResult
    static func run(_ args: [String], cwd: URL? = nil, env: [String: String] = [:], timeout: Double = 60) throws -> ProcResult {
        try Proc.run(executable, args, cwd: cwd, env: env, timeout: timeout)
    }

    /// Runs `crp args… --workspace ws` and requires success.
    @discardableResult
    static func ok(_ args: [String], in ws: URL, env: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation) throws -> ProcResult {
        let r = try run(args + ["--workspace", ws.path], cwd: ws, env: env)
        #expect(r.ok, "crp \(args.joined(separator: " ")) failed: \(r)", sourceLocation: sourceLocation)
        if !r.ok { throw HarnessError("crp \(args.joined(separator: " ")) failed: \(r)") }
        return r
    }

    /// A new empty folder under the system temporary folder.
    static func tempDir(_ label: String) throws -> URL {
        let u = URL(fileURLWithPath: NSTemporaryDirectory())
            .appendingPathComponent("crp-store-\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u.resolvingSymlinksInPath()
    }

    /// `crp init DIR --from <fixture paper.yaml>`.
    static func initWorkspace(_ dir: URL) throws {
        let r = try run(["init", dir.path, "--from", fixturePaper.path], cwd: dir.deletingLastPathComponent())
        if !r.ok { throw HarnessError("crp init failed: \(r)") }
    }

    /// Registers `text` (UTF-8) for `state`, Spanish, item 2; returns the id.
    static func register(_ text: String, state: String, in ws: URL, scratch: URL, name: String? = nil, extra: [String] = []) throws -> String {
        let file = scratch.appendingPathComponent(name ?? "sub-\(UUID().uuidString.prefix(8)).txt")
        try Data(text.utf8).write(to: file)
        let r = try ok(["register", file.path, "--state", state, "--language", "es", "--item", "2"] + extra, in: ws)
        return r.out.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Attaches an English translation; returns nothing.
    static func translate(_ id: String, _ text: String, in ws: URL, scratch: URL) throws {
        let file = scratch.appendingPathComponent("tr-\(UUID().uuidString.prefix(8)).en.txt")
        try Data(text.utf8).write(to: file)
        try ok(["translate", id, file.path], in: ws)
    }

    /// `crp status --json`, decoded.
    static func status(_ ws: URL) throws -> [StatusRow] {
        let r = try ok(["status", "--json"], in: ws)
        return try JSONDecoder().decode([StatusRow].self, from: r.stdout)
    }

    /// `crp verify --json`: the problems, or [] when clean (exit 0).
    static func verify(_ ws: URL, repair: Bool = false) throws -> (exit: Int32?, problems: [VerifyProblem], raw: ProcResult) {
        let r = try run(["verify", "--json"] + (repair ? ["--repair"] : []) + ["--workspace", ws.path], cwd: ws)
        let problems = (try? JSONDecoder().decode([VerifyProblem].self, from: r.stdout)) ?? []
        return (r.exitCode, problems, r)
    }
}

struct StatusRow: Decodable {
    let id: String, state: String, language: String, items: [Int], received: String
    let late: Bool, status: String, words: Int, translated: Bool
}

struct VerifyProblem: Decodable, CustomStringConvertible {
    let id: String, file: String, problem: String, repairable: Bool
    var description: String { "\(file): \(problem)\(repairable ? " (repairable)" : "")" }
}

/// UN Member State names from Locales/states.yaml (plain ASCII names only, for simple arguments).
enum States {
    static let names: [String] = {
        let text = (try? String(contentsOf: CRP.repo.appendingPathComponent("Locales/states.yaml"), encoding: .utf8)) ?? ""
        var out: [String] = []
        var pendingName: String? = nil
        for line in text.split(separator: "\n") {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("- name:") {
                pendingName = t.dropFirst("- name:".count).trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            } else if t.hasPrefix("kind:"), let n = pendingName {
                if t.hasSuffix("member"), n.unicodeScalars.allSatisfy({ $0.isASCII }) { out.append(n) }
                pendingName = nil
            }
        }
        return out
    }()
}

/// Deterministic but distinct Spanish-looking texts.
enum Texts {
    static let words = ["cooperación", "internacional", "delincuencia", "organizada", "asistencia", "técnica",
                        "legislación", "jurisprudencia", "Estados", "partes", "Convención", "mecanismo", "examen"]

    static func spanish(_ seed: String, sentences: Int = 3) -> String {
        var g = SeededGenerator(seed: seed.utf8.reduce(0xcbf2_9ce4_8422_2325 as UInt64) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 })
        var s = "Comentarios \(seed).\n\n"
        for _ in 0..<sentences {
            let n = Int.random(in: 6...12, using: &g)
            s += (0..<n).map { _ in words.randomElement(using: &g)! }.joined(separator: " ") + ".\n"
        }
        return s
    }

    static func english(_ seed: String) -> String {
        "Comments \(seed) in English: the States parties support the review mechanism and technical assistance.\n"
    }
}

struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed }
    mutating func next() -> UInt64 {
        state ^= state << 13; state ^= state >> 7; state ^= state << 17
        return state
    }
}

/// Every path under `root` (relative), for before/after comparisons.
func snapshot(_ root: URL, excluding: [String] = []) -> Set<String> {
    var out = Set<String>()
    let fm = FileManager.default
    guard let en = fm.enumerator(atPath: root.path) else { return out }
    while let rel = en.nextObject() as? String {
        if excluding.contains(where: { rel == $0 || rel.hasPrefix($0 + "/") }) { continue }
        out.insert(rel)
    }
    return out
}

/// Runs `body` on `count` threads at once (real threads, not limited to the core count) and waits for all.
func parallel(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let group = DispatchGroup()
    for i in 0..<count {
        group.enter()
        let t = Thread {
            body(i)
            group.leave()
        }
        t.stackSize = 1 << 20
        t.start()
    }
    group.wait()
}

/// A lock-protected box for results gathered from threads.
final class Collector<T>: @unchecked Sendable {
    private var items: [T] = []
    private let lock = NSLock()
    func add(_ t: T) { lock.lock(); items.append(t); lock.unlock() }
    var all: [T] { lock.lock(); defer { lock.unlock() }; return items }
}
