import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Platform {
    /// An open folder, for looking up many names inside it without walking its path each time
    /// (a sweep of 10 000 submission folders). Closed when released.
    public final class OpenFolder {
        let fd: Int32

        /// Nil when `path` cannot be opened as a folder. The corresponding C function is `open`.
        public init?(_ path: String) {
            fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if fd < 0 { return nil }
        }

        deinit { close(fd) }

        /// `Platform.modification` of `relative` (a name or names joined by "/") inside this folder,
        /// links followed as `stat` follows them. The corresponding C function is `fstatat`.
        public func modification(_ relative: String) -> (seconds: Int, nanoseconds: Int, inode: UInt64, isDirectory: Bool)? {
            var st = stat()
            guard fstatat(fd, relative, &st, 0) == 0 else { return nil }
            return Platform.stamp(st)
        }
    }
}
