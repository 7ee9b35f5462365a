import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An original already written into a staging folder of the store, with its derived `text.txt`,
/// by a reader that streams a large file: what `Store.register(_:staged:)` publishes.
public struct StagedOriginal: Sendable {
    /// The staging folder (inside the store's private `.crp/staging/`); nothing in it is visible
    /// in the store until the registration publishes it with one rename.
    public var folder: URL
    /// The original's file name inside `folder`, as written (renamed to `original.<ext>`).
    public var originalFile: String
    /// SHA-256 of the original's bytes, lowercase hex.
    public var sha256: String
    /// The original's size in bytes.
    public var bytes: Int

    public init(folder: URL, originalFile: String, sha256: String, bytes: Int) {
        self.folder = folder; self.originalFile = originalFile; self.sha256 = sha256; self.bytes = bytes
    }
}

extension Store {
    /// A new, empty staging folder for a streamed registration. The caller writes the original and
    /// `text.txt` into it and passes it to `register(_:staged:)`, or removes it.
    public func stagingFolder() throws -> URL {
        let dir = privateDir.appendingPathComponent("staging").appendingPathComponent("stream-\(FileIO.processTag())")
        try requireInside(dir)
        do {
            try FileIO.createHeldFolder(dir)
        } catch {
            throw StoreError.ioFailure(file: dir.path, reason: "the staging folder cannot be created (is the workspace writable?)")
        }
        return dir
    }
}

extension FileIO {
    /// Renames a file within one folder.
    static func move(_ from: URL, to: URL) throws {
        try step(to.path)
        if rename(from.path, to.path) != 0 {
            throw StoreError.ioFailure(file: to.path, reason: String(cString: strerror(errno)))
        }
    }
}

/// SHA-256 over bytes that arrive in pieces (a streamed original, its derived text).
public struct StreamHash {
    private var hasher = SHA256()

    public init() {}

    /// Adds the next piece.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) { hasher.update(bufferPointer: bytes) }

    /// The digest of everything added, lowercase hex (as `FileIO.sha256`).
    public func hex() -> String { FileIO.hex(hasher.finalize()) }
}
