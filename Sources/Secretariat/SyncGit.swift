import Foundation
import Platform
import Submissions

/// git, run through the one process runner for `crp sync`, `crp clone` and `crp init --remote`:
/// in the workspace's folder, with the identity of the officer given on every command (so it
/// works on a machine where nobody configured git), never prompting, never rebasing or forcing.
struct SyncGit {
    let path: String
    let root: URL
    let runner: ProcessRunner
    let name: String
    let email: String

    /// The branch every workspace shares.
    static let branch = "main"

    init(programs: Programs, root: URL, by: String, site: String?, timeout: Double) throws {
        guard let path = programs.path("git") else { throw SyncError.gitMissing }
        self.path = path
        self.root = root
        self.runner = programs.runner(timeout: timeout)
        self.name = by.isEmpty ? "crp" : by
        let local = by.lowercased().filter { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" }
        let host = (site ?? "workspace").lowercased().filter { $0.isLetter || $0.isNumber || $0 == "-" }
        self.email = "\(local.isEmpty ? "crp" : local)@\(host.isEmpty ? "workspace" : host).crp.invalid"
    }

    /// The settings given on every command, whatever the machine's git configuration says.
    var settings: [String] {
        [
            "-c", "user.name=\(name)", "-c", "user.email=\(email)", "-c", "commit.gpgsign=false", "-c", "core.autocrlf=false",
            "-c", "core.quotepath=false", "-c", "init.defaultBranch=\(Self.branch)", "-c", "merge.renames=false",
            "-c", "pull.rebase=false", "-c", "gc.auto=0", "-c", "core.hooksPath=/dev/null",
            // One file after the other, in path order, whatever the machine's settings: a sync
            // checks each folder a merge brings once git has gone on to the next.
            "-c", "checkout.workers=1",
        ]
    }

    /// What git sees besides the process's own environment: never ask for a password (standard
    /// input is closed anyway), and ssh without questions.
    var environment: [String: String] {
        var env = ["GIT_TERMINAL_PROMPT": "0", "GIT_MERGE_AUTOEDIT": "no", "LC_ALL": "C"]
        if runner.environment["GIT_SSH_COMMAND"] == nil { env["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes" }
        return env
    }

    /// Runs `git args…` in the workspace (or in `directory`).
    @discardableResult
    func run(_ args: [String], in directory: URL? = nil) throws -> ProcessOutcome {
        try runner.run(path, settings + args, in: directory ?? root, extraEnvironment: environment)
    }

    /// Runs `git args…` and requires success; a failure becomes `SyncError.git` with git's words.
    @discardableResult
    func must(_ args: [String], in directory: URL? = nil) throws -> ProcessOutcome {
        let r = try run(args, in: directory)
        guard r.succeeded else { throw SyncError.git(command: args.first ?? "", detail: Self.firstLines(r)) }
        return r
    }

    /// Runs `git args…`, then `then` (the front end's hook after a step of the sync).
    @discardableResult
    func step(_ args: [String], then: () -> Void) throws -> ProcessOutcome {
        let r = try run(args)
        then()
        return r
    }

    /// The paths in git's `-z` output (or, with `top`, the first part of each), read as bytes.
    static func paths(_ output: Data, top: Bool = false) -> [String] {
        Array(output).split(separator: 0).map { path in
            let end = top ? path.firstIndex(of: UInt8(ascii: "/")) ?? path.endIndex : path.endIndex
            return String(decoding: path[..<end], as: UTF8.self)
        }
    }

    /// True when the workspace folder is the top of a git repository of its own.
    var isRepository: Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent(".git").path)
    }

    /// The first lines of what git said on standard error (or output), for a message.
    static func firstLines(_ r: ProcessOutcome, _ count: Int = 6) -> String {
        let text = r.err.isEmpty ? r.out : r.err
        if r.timedOut { return "git did not finish in time" }
        return text.split(separator: "\n").prefix(count).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " / ")
    }

    /// How a failed fetch, clone or push reads: the network is down, the remote is not there,
    /// or the remote refused us.
    enum Failure { case offline, unknownRemote, denied, other }

    static func classify(_ r: ProcessOutcome) -> Failure {
        let e = r.err.lowercased()
        if r.timedOut { return .offline }
        let offline = [
            "could not resolve host", "connection refused", "network is unreachable", "no route to host", "connection timed out",
            "operation timed out", "temporary failure in name resolution", "name or service not known", "failed to connect",
            "connection reset", "connection closed by",
        ]
        if offline.contains(where: e.contains) { return .offline }
        let denied = [
            "permission denied", "insufficient permission", "unable to create temporary object", "read-only file system",
            "remote rejected", "403", "401", "authentication failed", "unable to write",
        ]
        if denied.contains(where: e.contains) { return .denied }
        let unknown = ["does not appear to be a git repository", "not found", "no such file or directory", "repository not found", "does not exist"]
        if unknown.contains(where: e.contains) { return .unknownRemote }
        return .other
    }
}

/// One file of a tree, as `git ls-tree -r -z` lists it: its mode and its path.
struct GitEntry: Sendable {
    var mode: String
    var path: String
    /// The first part of the path (a submission's folder) and the rest (nil for a file at the top).
    var top: String
    var inside: String?

    /// A plain file (not a link or a submodule).
    var isRegular: Bool { mode == "100644" || mode == "100755" }

    /// A part of the path begins with a dot (a staging folder, a temporary file).
    var hasDottedPart: Bool {
        var previous = UInt8(ascii: "/")
        for byte in path.utf8 {
            if byte == UInt8(ascii: ".") && previous == UInt8(ascii: "/") { return true }
            previous = byte
        }
        return false
    }

    /// The entries of `git ls-tree -r -z` output ("<mode> <type> <object>\t<path>"), read as bytes.
    static func list(_ output: Data) -> [GitEntry] {
        Array(output).split(separator: 0).compactMap { line in
            guard let space = line.firstIndex(of: UInt8(ascii: " ")), let tab = line.firstIndex(of: UInt8(ascii: "\t")) else { return nil }
            let path = line[(tab + 1)...]
            let cut = path.firstIndex(of: UInt8(ascii: "/"))
            return GitEntry(
                mode: String(decoding: line[..<space], as: UTF8.self), path: String(decoding: path, as: UTF8.self),
                top: String(decoding: path[..<(cut ?? path.endIndex)], as: UTF8.self),
                inside: cut.map { String(decoding: path[($0 + 1)...], as: UTF8.self) })
        }
    }
}
