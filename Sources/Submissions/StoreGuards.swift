import Foundation
import Platform

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A failure injected at the n-th durable write step of this process (a new file, a rename, a
/// published folder), for tests of what an interrupted command leaves behind. `crp` sets it only
/// from the test-only variable `CRP_TEST_WRITE_FAULT` (`kill:N` or `enospc:N`); nothing else does.
public enum WriteFault: Sendable, Equatable {
    /// The process kills itself (SIGKILL) just before the n-th write step.
    case kill(at: Int)
    /// The n-th write step fails as a full disk would (ENOSPC).
    case noSpace(at: Int)

    /// Parses `kill:N` or `enospc:N`; nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let n = Int(parts[1]), n >= 1 else { return nil }
        switch parts[0] {
        case "kill": self = .kill(at: n)
        case "enospc": self = .noSpace(at: n)
        default: return nil
        }
    }
}

extension FileIO {
    private static let fault = Locked<(fault: WriteFault?, steps: Int)>((nil, 0))

    /// Arms (or disarms) an injected write failure for the rest of the process.
    public static func inject(_ f: WriteFault?) { fault.withLock { $0 = (f, 0) } }

    /// Called before every durable write step; triggers an injected failure when its turn comes.
    static func step(_ path: String) throws {
        let hit: WriteFault? = fault.withLock { s in
            guard let f = s.fault else { return nil }
            s.steps += 1
            switch f {
            case .kill(let n): return s.steps == n ? f : nil
            case .noSpace(let n): return s.steps == n ? f : nil
            }
        }
        switch hit {
        case .kill?: kill(getpid(), SIGKILL)
        case .noSpace?: throw StoreError.ioFailure(file: path, reason: String(cString: strerror(ENOSPC)))
        case nil: return
        }
    }

    /// Creates a folder for staging and takes an exclusive lock on it, held until it is published
    /// (`publishDirectory`) or the process ends: `isAbandoned` then tells a folder whose writer
    /// died (killed, power cut) from one still being written by another process.
    public static func createHeldFolder(_ url: URL) throws {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let fd = open(url.path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        if fd < 0 { return }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 { close(fd); return }
        held.withLock { $0[url.standardizedFileURL.path] = fd }
    }

    private static let held = Locked<[String: Int32]>([:])

    /// Releases the lock `createHeldFolder` took on `url`, if any.
    static func releaseHeldFolder(_ url: URL) {
        if let fd = held.withLock({ $0.removeValue(forKey: url.standardizedFileURL.path) }) { close(fd) }
    }

    /// True when nobody holds the lock of a staging folder (or file): its writer is gone.
    public static func isAbandoned(_ url: URL) -> Bool {
        let fd = open(url.path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        if fd < 0 { return true }
        defer { close(fd) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 { return false }
        flock(fd, LOCK_UN)
        return true
    }

    /// 16 hex digits: this process's id (8), then 4 random bytes; names of temporary files and
    /// streamed staging folders carry it, so that `writerIsAlive` can tell whose they are.
    public static func processTag() -> String { String(format: "%08x", UInt32(truncatingIfNeeded: getpid())) + randomHex(4) }

    /// True when the process whose tag (`processTag`) begins `tag` still runs (or is this one);
    /// nil when `tag` is not one.
    static func writerIsAlive(_ tag: Substring) -> Bool? {
        guard tag.utf8.count >= 16, let pid = Int32(tag.prefix(8), radix: 16), pid > 0 else { return nil }
        if pid == getpid() { return true }
        return kill(pid, 0) == 0 || errno == EPERM
    }

    /// True when a temporary file `.tmp-<tag>-<name>` was left by a writer that is gone.
    public static func isAbandonedTemporary(_ url: URL) -> Bool {
        let n = url.lastPathComponent
        guard n.hasPrefix(".tmp-") else { return false }
        return !(writerIsAlive(n.dropFirst(5).prefix(16)) ?? false)
    }

    /// True when a staging folder was left by a writer that is gone: a streamed one by its
    /// process tag, any by its lock (`createHeldFolder`).
    public static func isAbandonedStaging(_ url: URL) -> Bool {
        let n = url.lastPathComponent
        if n.hasPrefix("stream-"), writerIsAlive(n.dropFirst(7).prefix(16)) == true { return false }
        return isAbandoned(url)
    }

    /// Removes temporary files of earlier atomic writes of `url` (`.tmp-<hex>-<name>` beside it)
    /// whose writer is gone (killed before its rename); a write in progress holds its file's lock.
    static func sweepTemporaries(of url: URL) {
        let dir = url.deletingLastPathComponent()
        let suffix = "-" + url.lastPathComponent
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return }
        for n in names where n.hasPrefix(".tmp-") && n.hasSuffix(suffix) && n.utf8.count == 5 + 16 + suffix.utf8.count {
            let tmp = dir.appendingPathComponent(n)
            if isSymlink(tmp.path) || isAbandonedTemporary(tmp) { unlink(tmp.path) }
        }
    }

    /// True when `path` itself is a symbolic link (not followed).
    public static func isSymlink(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFLNK
    }
}

/// A path inside the store checked, component by component, for symbolic links: the store never
/// makes links, so a link in it was put there by someone else and could lead a write outside.
extension Store {
    /// Refuses `url` when it, or any folder between the workspace and it, is a symbolic link.
    public func requireInside(_ url: URL) throws {
        let rootPath = root.path
        let path = url.standardizedFileURL.path
        guard path.hasPrefix(rootPath + "/") else {
            throw StoreError.outsideStore(path: path, target: nil, root: rootPath)
        }
        var current = rootPath
        for c in path.dropFirst(rootPath.count + 1).split(separator: "/") {
            current += "/" + c
            if FileIO.isSymlink(current) {
                let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: current)) ?? "?"
                throw StoreError.outsideStore(path: current, target: target, root: rootPath)
            }
        }
    }

    /// Refuses a submission whose folder, or any folder of it the commands write into, is a link.
    func requireInside(_ sub: Submission) throws {
        for sub_ in [StoreLayout.events, StoreLayout.versions, StoreLayout.translations, StoreLayout.proofread] {
            try requireInside(sub.folder.appendingPathComponent(sub_))
        }
        try requireInside(privateDir)
    }
}
