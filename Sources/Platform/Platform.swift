import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The few calls that differ between Linux and macOS, in one place. Everything else in RoomPaper
/// is portable Swift and Foundation.
public enum Platform {
    /// A file's modification time (seconds, nanoseconds), inode and whether it is a folder, or nil
    /// when it cannot be read. The corresponding C function is `stat`.
    public static func modification(_ path: String) -> (seconds: Int, nanoseconds: Int, inode: UInt64, isDirectory: Bool)? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return stamp(st)
    }

    /// The modification time, inode and kind `modification` gives, from a `stat` result.
    static func stamp(_ st: stat) -> (seconds: Int, nanoseconds: Int, inode: UInt64, isDirectory: Bool) {
        let isDirectory = (st.st_mode & S_IFMT) == S_IFDIR
        #if canImport(Darwin)
            return (Int(st.st_mtimespec.tv_sec), Int(st.st_mtimespec.tv_nsec), UInt64(st.st_ino), isDirectory)
        #else
            return (Int(st.st_mtim.tv_sec), Int(st.st_mtim.tv_nsec), UInt64(st.st_ino), isDirectory)
        #endif
    }

    /// Sends a signal to a process group whose leader is `pid` (and to `pid` itself).
    /// The corresponding C function is `kill`.
    public static func killGroup(_ pid: Int32, _ signal: Int32) {
        guard pid > 0 else { return }
        _ = kill(-pid, signal)
        _ = kill(pid, signal)
    }

    /// Sends a signal to one process. The corresponding C function is `kill`.
    public static func signal(_ pid: Int32, _ signal: Int32) {
        guard pid > 0 else { return }
        _ = kill(pid, signal)
    }

    /// The name of the account this process runs as (its effective user id) in the system's user
    /// database, or nil when the id has none (a container started with a bare `--user 12345`).
    /// The corresponding C functions are `geteuid` and `getpwuid_r`.
    public static func accountName() -> String? {
        var entry = passwd()
        var found: UnsafeMutablePointer<passwd>? = nil
        var buffer = [CChar](repeating: 0, count: 4096)
        let rc = getpwuid_r(geteuid(), &entry, &buffer, buffer.count, &found)
        guard rc == 0, found != nil, let name = entry.pw_name else { return nil }
        let s = String(cString: name)
        return s.isEmpty ? nil : s
    }

    /// The effective user id of this process. The corresponding C function is `geteuid`.
    public static func effectiveUserID() -> UInt32 { UInt32(geteuid()) }

    /// True when file descriptor `fd` is a terminal. The corresponding C function is `isatty`.
    public static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    #if canImport(Glibc)
        /// glibc's posix_spawn_file_actions_addchdir_np (2.29+), which Swift does not import (it needs _GNU_SOURCE).
        typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?) -> Int32
        nonisolated static func addChdir() -> AddChdir? {
            guard let handle = dlopen(nil, RTLD_NOW), let sym = dlsym(handle, "posix_spawn_file_actions_addchdir_np") else { return nil }
            return unsafeBitCast(sym, to: AddChdir.self)
        }
    #endif

    /// Starts a program in a new process group with stdin from /dev/null and stdout/stderr to files.
    /// The corresponding C function is `posix_spawn`.
    static func spawn(
        _ program: String, _ arguments: [String], directory: URL?, environment: [String: String],
        stdout: String, stderr: String
    ) throws -> pid_t {
        #if canImport(Glibc)
            var fa = posix_spawn_file_actions_t()
            var attr = posix_spawnattr_t()
        #else
            var fa: posix_spawn_file_actions_t? = nil
            var attr: posix_spawnattr_t? = nil
        #endif
        posix_spawn_file_actions_init(&fa)
        defer { posix_spawn_file_actions_destroy(&fa) }
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        // Its own process group, and the default handling of SIGINT and SIGTERM (which this
        // process may ignore while it cleans up on them: see `Interruption`).
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attr, 0)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGTERM)
        posix_spawnattr_setsigdefault(&attr, &defaults)
        posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&fa, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&fa, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        if let directory {
            #if canImport(Glibc)
                guard let addchdir = addChdir() else {
                    throw ProcessLaunchError(program: program, reason: "this C library cannot start a program in another folder")
                }
                _ = addchdir(&fa, directory.path)
            #else
                _ = posix_spawn_file_actions_addchdir_np(&fa, directory.path)
            #endif
        }
        let exe: String
        if program.contains("/") {
            exe = program
        } else if let found = ProcessRunner.which(program, path: environment["PATH"] ?? "/usr/bin:/bin") {
            exe = found
        } else {
            throw ProcessLaunchError(program: program, reason: "it is not installed (not found on the PATH)")
        }
        let argv: [UnsafeMutablePointer<CChar>?] = ([exe] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        var pid: pid_t = 0
        var rc = posix_spawn(&pid, exe, &fa, &attr, argv, envp)
        // "Text file busy": the program was just written and another thread's child, forked
        // meanwhile, still holds it open for writing until it execs; that passes in moments.
        var tries = 0
        while rc == ETXTBSY && tries < 20 {
            tries += 1
            usleep(25_000)
            rc = posix_spawn(&pid, exe, &fa, &attr, argv, envp)
        }
        if rc != 0 { throw ProcessLaunchError(program: exe, reason: String(cString: strerror(rc))) }
        return pid
    }
}

/// A value shared between threads, reached only under its lock (results gathered from
/// `DispatchQueue.concurrentPerform`).
public final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    public init(_ value: Value) { self.value = value }

    /// Runs `body` with the value, under the lock.
    public func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }

    /// The value now.
    public var current: Value { withLock { $0 } }
}

/// Runs `background` on another thread while `here` runs on this one, and returns both results
/// once both are done (a step that waits on a program, such as a fetch, overlapped with work of
/// our own). An error of `here` is thrown first; either way `background` is waited for, so that
/// nothing of it outlives the call.
public func alongside<A: Sendable, B>(_ background: @escaping @Sendable () throws -> A, _ here: () throws -> B) throws -> (A, B) {
    let result = Locked<Result<A, any Error>?>(nil)
    let done = DispatchSemaphore(value: 0)
    DispatchQueue.global(qos: .userInitiated).async {
        let r = Result { try background() }
        result.withLock { $0 = r }
        done.signal()
    }
    let mine = Result { try here() }
    done.wait()
    let theirs = result.current!
    let ours = try mine.get()
    return (try theirs.get(), ours)
}
