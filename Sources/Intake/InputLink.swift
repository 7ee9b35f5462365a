import Foundation
import Submissions

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A received file given by its path: followed only when it, or the file a symbolic link points
/// to, is a regular file (not a FIFO, a device, a socket); a link is named in the record.
public enum InputLink {
    /// Refuses a path that is not a regular file (after links); returns the note to record when
    /// the path is a symbolic link ("received through the symbolic link …, which points to …"),
    /// else nil.
    public static func check(_ url: URL) throws -> String? {
        let path = url.path
        var st = stat()
        let isLink = FileIO.isSymlink(path)
        let target = isLink ? url.resolvingSymlinksInPath().path : path
        guard stat(path, &st) == 0 else { throw StoreError.fileMissing(path) }
        // A folder gets the reader's own refusal (which points to import-folder).
        if (st.st_mode & S_IFMT) == S_IFDIR { return nil }
        if (st.st_mode & S_IFMT) != S_IFREG {
            let what = isLink ? "a symbolic link to \(target), which is not a regular file" : "not a regular file (a pipe, device or socket)"
            throw StoreError.cannotRead(SafeName.visible(path), reason: "it is \(what); crp reads only regular files (a link is followed only to one)")
        }
        guard isLink else { return nil }
        return Event.linkNotePrefix + "\(SafeName.displayName(url.lastPathComponent)), which points to \(SafeName.visible(target))"
    }
}
