import Foundation
import Platform

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a long-running front end (the web desk) keeps of a store between requests: the status
/// index's summaries, in id order and in listing order, so that a board of 10 000 submissions
/// neither reads the index nor looks at 20 000 folders on every page load.
///
/// Nothing kept here can go stale: an entry is used only while the store's change mark
/// (a random token in `.crp/lock` every writer of the store replaces, see `ChangeMark`), its
/// `paper.yaml`, its root folder and git's index (a sync's merge) are what they were when the
/// entry was read; an entry read while a writer held the store lock is not kept. Any other case
/// reads the store again, which stays the truth. The CLI, one process per command, keeps none.
public final class StoreMemory: Sendable {
    struct Entry {
        let mark: String
        let summaries: [SubmissionSummary]
        /// Positions in `summaries` in listing order (`StatusRow.ordered`), made on first use.
        var ordered: [Int]?
        /// Listings made from these summaries, by filter and day (a few: the board's usual views).
        var listings: [String: StatusListing] = [:]
        /// Other values made from the store, by name (`kept`).
        var extras: [String: any Sendable] = [:]
    }
    private let entries = Locked<[String: Entry]>([:])

    public init() {}

    /// The summaries of `store` (id order): kept ones while its mark is unchanged, else `read()`'s.
    func summaries(_ store: Store, read: () throws -> [SubmissionSummary]) throws -> [SubmissionSummary] {
        try entry(store, read: read).summaries
    }

    /// The summaries of `store` in listing order (by State collated for the paper's language,
    /// then date and id), sorted once per change of the store.
    func ordered(_ store: Store, read: () throws -> [SubmissionSummary]) throws -> [SubmissionSummary] {
        let e = try entry(store, read: read)
        if let ordered = e.ordered { return ordered.map { e.summaries[$0] } }
        let rows = e.summaries.enumerated().map { (position: $0.offset, row: StatusRow($0.element, store: store)) }
        let position = Dictionary(rows.map { ($0.row.id, $0.position) }, uniquingKeysWith: { a, _ in a })
        let order = StatusRow.ordered(rows.map(\.row), language: store.paper.language).compactMap { position[$0.id] }
        entries.withLock { all in
            if all[store.root.path]?.mark == e.mark { all[store.root.path]?.ordered = order }
        }
        return order.map { e.summaries[$0] }
    }

    /// The listing `key` names (a filter and a day), made by `make` once per change of the store.
    func listing(_ store: Store, key: String, make: () throws -> StatusListing) throws -> StatusListing {
        let e = try entry(store, read: StatusIndex(store: store).read)
        if let kept = e.listings[key] { return kept }
        let made = try make()
        entries.withLock { all in
            guard all[store.root.path]?.mark == e.mark else { return }
            // A handful of views is what people use; a long tail of filters is not kept.
            if all[store.root.path]?.listings.count ?? 0 >= 16 { all[store.root.path]?.listings = [:] }
            all[store.root.path]?.listings[key] = made
        }
        return made
    }

    /// A value made from the store by `make` (the board's list of translations to choose), once
    /// per change of the store, as the listings are.
    public func kept<T: Sendable>(_ store: Store, key: String, make: () throws -> T) throws -> T {
        let e = try entry(store, read: StatusIndex(store: store).read)
        if let v = e.extras[key] as? T { return v }
        let made = try make()
        entries.withLock { all in
            guard all[store.root.path]?.mark == e.mark else { return }
            all[store.root.path]?.extras[key] = made
        }
        return made
    }

    private func entry(_ store: Store, read: () throws -> [SubmissionSummary]) throws -> Entry {
        let key = store.root.path
        guard let before = ChangeMark.read(store) else { return Entry(mark: "", summaries: try read()) }
        if let e = entries.withLock({ $0[key] }), e.mark == before { return e }
        let writing = ChangeMark.writerHoldsLock(store)
        let fresh = Entry(mark: before, summaries: try read())
        // Kept only when no writer was at work while it was read (a writer changes the mark when
        // it takes the lock and when it lets it go).
        if !writing, ChangeMark.read(store) == before { entries.withLock { $0[key] = fresh } }
        return fresh
    }
}

/// The store's change mark: a random token in the store lock's own file (`.crp/lock`, which holds
/// nothing else and is never in git), that every writer replaces when it takes the store lock, when
/// it lets it go, and after each event or derived file it writes. A reader that finds the same token
/// (with the same `paper.yaml`, root folder and git index and HEAD) knows nothing was written in
/// between. A refused command that took the lock changes only that token: nothing a person reads.
public enum ChangeMark {
    static func lockURL(_ store: Store) -> URL { store.privateDir.appendingPathComponent("lock") }

    /// Writes a new token at the start of the lock file open as `fd`: one write of fixed length,
    /// which a reader sees whole or not at all. The corresponding C functions are `pwrite` and `ftruncate`.
    static func write(fd: Int32) {
        let token = Array((FileIO.randomHex(16) + "\n").utf8)
        let written = token.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        if written == token.count { _ = ftruncate(fd, off_t(token.count)) }
    }

    /// A new token from outside a hold of the lock (nothing when `.crp` is a link or cannot be written).
    static func touch(_ store: Store) {
        let url = lockURL(store)
        guard (try? store.requireInside(url)) != nil else { return }
        let fd = open(url.path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        defer { close(fd) }
        write(fd: fd)
    }

    /// The mark now, or nil when there is none to trust (`.crp` is a link): then nothing is kept.
    static func read(_ store: Store) -> String? {
        let url = lockURL(store)
        guard (try? store.requireInside(url)) != nil else { return nil }
        // No lock file yet: nothing was ever written under the lock; the first writer makes one.
        let token = FileManager.default.contents(atPath: url.path).map { String(decoding: $0.prefix(64), as: UTF8.self) } ?? "-"
        func stat(_ path: String) -> String {
            guard let m = Platform.modification(path) else { return "-" }
            return "\(m.seconds).\(m.nanoseconds).\(m.inode)"
        }
        let root = store.root.path
        return [token, stat(root + "/" + StoreLayout.paper), stat(root), stat(root + "/.git/index"), stat(root + "/.git/HEAD")].joined(separator: "|")
    }

    /// True when a writer holds the store lock or the sync lock now (a shared try that would
    /// block). The corresponding C function is `flock`.
    static func writerHoldsLock(_ store: Store) -> Bool {
        ["lock", "sync-lock"].contains { name in
            let fd = open(store.privateDir.appendingPathComponent(name).path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
            guard fd >= 0 else { return false }
            defer { close(fd) }
            if flock(fd, LOCK_SH | LOCK_NB) != 0 { return true }
            flock(fd, LOCK_UN)
            return false
        }
    }
}
