import Crypto
import Foundation
import MultilingualText

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Durable file operations: a reader never sees half a file, a crash leaves the old file or the new.
public enum FileIO {
    /// Writes `data` to `url` atomically: a temporary file in the same folder, fsync, rename, fsync of
    /// the folder. `readOnly` makes the file read-only (originals).
    public static func writeAtomically(_ data: Data, to url: URL, readOnly: Bool = false) throws {
        let dir = url.deletingLastPathComponent()
        // Temporary files of earlier writes of this file whose writer was killed.
        sweepTemporaries(of: url)
        // The name carries this process's id: a sweep never takes a temporary file from a live writer.
        let tmp = dir.appendingPathComponent(".tmp-\(processTag())-\(url.lastPathComponent)")
        let fd = try writeNew(data, to: tmp, mode: readOnly ? 0o444 : 0o644, keepOpen: true)
        defer { close(fd) }
        do { try step(url.path) } catch { unlink(tmp.path); throw error }
        if rename(tmp.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(tmp.path)
            throw StoreError.ioFailure(file: url.path, reason: reason)
        }
        try syncDirectory(dir)
    }

    /// Creates a new file holding a string's UTF-8 bytes (no intermediate copy).
    public static func writeNew(_ text: String, to url: URL, mode: mode_t = 0o644) throws {
        var t = text
        try t.withUTF8 { buf in
            try writeNew(
                Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: buf.baseAddress ?? UnsafePointer(bitPattern: 1)!), count: buf.count, deallocator: .none),
                to: url, mode: mode)
        }
    }

    /// Creates a new file (fails if it exists), writes, fsyncs and closes it.
    public static func writeNew(_ data: Data, to url: URL, mode: mode_t = 0o644) throws {
        close(try writeNew(data, to: url, mode: mode, keepOpen: true))
    }

    /// `writeNew`, returning the open descriptor for the caller to close. Never follows a
    /// symbolic link (O_NOFOLLOW with O_EXCL).
    static func writeNew(_ data: Data, to url: URL, mode: mode_t, keepOpen: Bool) throws -> Int32 {
        try step(url.path)
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        if fd < 0 { throw StoreError.ioFailure(file: url.path, reason: String(cString: strerror(errno))) }
        do {
            try writeAll(fd, data, path: url.path)
            if fsync(fd) != 0 { throw StoreError.ioFailure(file: url.path, reason: String(cString: strerror(errno))) }
        } catch {
            // The file is this call's own (O_EXCL): a half-written one is not left behind (a full disk).
            close(fd)
            unlink(url.path)
            throw error
        }
        return fd
    }

    /// Writes all of `bytes` to `fd`, again after an interrupted write; errors name `path`.
    public static func writeAll(_ fd: Int32, _ bytes: some ContiguousBytes, path: String) throws {
        try bytes.withUnsafeBytes { raw in
            var off = 0
            while off < raw.count {
                let n = write(fd, raw.baseAddress! + off, raw.count - off)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw StoreError.ioFailure(file: path, reason: String(cString: strerror(errno)))
                }
                off += n
            }
        }
    }

    /// fsync of a folder, so that a rename or a new entry in it survives a crash.
    public static func syncDirectory(_ url: URL) throws {
        let fd = open(url.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd < 0 { return }
        defer { close(fd) }
        _ = fsync(fd)
    }

    /// Moves a fully written folder into place in one rename.
    public static func publishDirectory(_ staging: URL, to final: URL) throws {
        try syncDirectory(staging)
        try step(final.path)
        defer { releaseHeldFolder(staging) }
        if rename(staging.path, final.path) != 0 {
            throw StoreError.ioFailure(file: final.path, reason: String(cString: strerror(errno)))
        }
        try syncDirectory(final.deletingLastPathComponent())
    }

    /// Lowercase hex of `count` random bytes.
    public static func randomHex(_ count: Int) -> String {
        var g = SystemRandomNumberGenerator()
        return hex((0..<count).map { _ in UInt8.random(in: 0...255, using: &g) })
    }

    /// SHA-256 as lowercase hex.
    public static func sha256(_ data: Data) -> String {
        hex(SHA256.hash(data: data))
    }

    /// SHA-256 of a string's UTF-8 bytes (no copy for native strings).
    public static func sha256(_ text: String) -> String {
        var t = text
        return t.withUTF8 { buf in hex(SHA256.hash(data: UnsafeRawBufferPointer(buf))) }
    }

    /// SHA-256 of bytes as lowercase hex.
    public static func sha256(_ bytes: [UInt8]) -> String {
        hex(SHA256.hash(data: bytes))
    }

    /// Bytes as lowercase hex. (`String(format:)` per byte cost a sixth of `verify`'s time.)
    public static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// An exclusive lock on the store (flock on `.crp/lock`), held while a write must not interleave
/// with another process's (registration's duplicate check and publication).
public final class StoreLock {
    private let fd: Int32
    /// Where the hold is logged when released (`Store.lockLog`), and when it was acquired.
    private let log: URL?
    private let acquired: Int64
    /// True for the store lock, whose file carries the store's change mark (`ChangeMark`):
    /// replaced when the lock is taken and again when it is let go.
    private let marks: Bool

    public init(_ url: URL, log: URL? = nil, marks: Bool = false) throws {
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        fd = open(url.path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
        if fd < 0 {
            let err = errno
            // The workspace, not a stuck process: name the real cause.
            if err == EROFS || err == EACCES || err == EPERM || err == ENOENT {
                throw StoreError.workspaceReadOnly(
                    path: url.deletingLastPathComponent().deletingLastPathComponent().path,
                    reason: err == ENOENT ? "its .crp folder cannot be created" : String(cString: strerror(err)))
            }
            if err == ELOOP {
                throw StoreError.outsideStore(path: url.path, target: nil, root: url.deletingLastPathComponent().deletingLastPathComponent().path)
            }
            throw StoreError.lockFailed(url.path)
        }
        while flock(fd, LOCK_EX) != 0 {
            if errno != EINTR { close(fd); throw StoreError.lockFailed(url.path) }
        }
        self.log = log
        acquired = Self.nanoseconds()
        // A reader that kept what it read (`StoreMemory`) reads again: a writer is at work.
        self.marks = marks
        if marks { ChangeMark.write(fd: fd) }
    }

    deinit {
        // Logged while still held, so the interval written lies inside the hold (one short
        // O_APPEND write: lines of concurrent processes never mix).
        if let log {
            let line = Array("\(getpid()) \(acquired) \(Self.nanoseconds())\n".utf8)
            let out = open(log.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
            if out >= 0 {
                _ = line.withUnsafeBytes { write(out, $0.baseAddress, $0.count) }
                close(out)
            }
        }
        if marks { ChangeMark.write(fd: fd) }
        flock(fd, LOCK_UN)
        close(fd)
    }

    /// The real-time clock in nanoseconds (comparable between processes and with `Date`).
    static func nanoseconds() -> Int64 {
        var t = timespec()
        clock_gettime(CLOCK_REALTIME, &t)
        return Int64(t.tv_sec) * 1_000_000_000 + Int64(t.tv_nsec)
    }
}

/// Text from outside reduced to a name that is safe as a file or folder name.
public enum SafeName {
    /// Lowercase ASCII letters, digits and single hyphens; at most `limit` characters; never empty,
    /// never "." or "..", never a path.
    public static func reduce(_ text: String, limit: Int = 40) -> String {
        let folded = (try? Normalizer.searchKey(text)) ?? text
        var out = ""
        var lastHyphen = true
        for s in folded.unicodeScalars {
            if (s >= "a" && s <= "z") || (s >= "0" && s <= "9") {
                out.unicodeScalars.append(s)
                lastHyphen = false
            } else if !lastHyphen {
                out += "-"
                lastHyphen = true
            }
            if out.count >= limit { break }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "x" : out
    }

    /// A safe file name that keeps a short extension: "Message (1).EML" → "message-1.eml".
    public static func fileName(_ text: String) -> String {
        let last = text.split(separator: "/").last.map(String.init) ?? text
        if let dot = last.lastIndex(of: "."), dot != last.startIndex {
            let ext = reduce(String(last[last.index(after: dot)...]), limit: 8)
            return reduce(String(last[..<dot]), limit: 40) + "." + ext
        }
        return reduce(last, limit: 40)
    }

    /// A display name for a received file: its last path component, without controls or separators.
    public static func displayName(_ name: String) -> String {
        let last = name.split(separator: "/").last.map(String.init) ?? name
        let cleaned = String(last.unicodeScalars.filter { !isControl($0) && $0 != "\\" })
        return String(cleaned.prefix(120))
    }

    /// C0 and C1 controls, DEL, and the bidi embedding, override, isolate and mark characters.
    static func isControl(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return v < 0x20 || (v >= 0x7F && v <= 0x9F) || (v >= 0x202A && v <= 0x202E) || (v >= 0x2066 && v <= 0x2069)
            || v == 0x200E || v == 0x200F || v == 0x061C
    }

    /// A name with every control and bidi character made visible as `<U+202E>` (not stripped), so
    /// that a name that fails because of one shows why; at most 200 characters.
    public static func withVisibleControls(_ name: String) -> String {
        var out = ""
        for s in name.unicodeScalars {
            if isControl(s) { out += String(format: "<U+%04X>", s.value) } else { out.unicodeScalars.append(s) }
        }
        return out.count > 200 ? String(out.prefix(199)) + "…" : out
    }

    /// Text for a message: every control character but the line feed shown as "?".
    public static func visible(_ text: String) -> String {
        SafeText.clean(text, controls: .question, bidi: .question, keepLineFeeds: true)
    }
}
