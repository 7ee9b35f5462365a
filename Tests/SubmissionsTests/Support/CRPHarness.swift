import Foundation
import TestSupport
import Testing

// The process harness, the `crp` locator and scratch folders are TestSupport's; what is here is
// the store tests' own vocabulary (workspaces of the reference paper, status and verify decoded).

/// The repository, the built `crp` and helpers to make workspaces.
enum CRP {
    static let repo: URL = Repo.root
    static let fixturePaper = Repo.fixturePaper

    /// The `crp` of the current build (TestSupport's one locator; throws when there is none).
    static var executable: String { get throws { try CRPBinary.path() } }

    /// Runs `crp args…`.
    @discardableResult
    static func run(_ args: [String], cwd: URL? = nil, env: [String: String] = [:], timeout: Double = 60) throws -> ProcResult {
        try CRPRunner.run(args, cwd: cwd, env: ["CRP_USER": "store-tests"].merging(env) { $1 }, timeout: timeout)
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
    static func tempDir(_ label: String) throws -> URL { try Scratch.dir("store-\(label)") }

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

    /// `crp verify --json`: the problems, or [] when clean (exit 0). Its standard output must be
    /// the JSON array whatever the exit code; anything else (a crash, a message, a changed schema)
    /// throws instead of reading as "no problems".
    static func verify(_ ws: URL, repair: Bool = false) throws -> (exit: Int32?, problems: [VerifyProblem], raw: ProcResult) {
        let r = try run(["verify", "--json"] + (repair ? ["--repair"] : []) + ["--workspace", ws.path], cwd: ws)
        guard r.exitCode != nil, !r.timedOut else { throw HarnessError("crp verify did not exit by itself: \(r)") }
        do {
            let problems = try JSONDecoder().decode([VerifyProblem].self, from: r.stdout)
            return (r.exitCode, problems, r)
        } catch {
            throw HarnessError("crp verify --json printed no valid JSON (\(error)): \(r)")
        }
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
    static let words = [
        "cooperación", "internacional", "delincuencia", "organizada", "asistencia", "técnica",
        "legislación", "jurisprudencia", "Estados", "partes", "Convención", "mecanismo", "examen",
    ]

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
