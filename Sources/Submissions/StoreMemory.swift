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
        /// The look at the folders these summaries came from: after a change, the next look reads
        /// only the folders whose stamps changed (`FolderSweep`).
        var sweep: FolderSweep? = nil
        /// Positions in `summaries` in listing order (`StatusRow.ordered`), made on first use.
        var ordered: [Int]?
        /// Listings made from these summaries, by filter and day (a few: the board's usual views).
        var listings: [String: StatusListing] = [:]
        /// Other values made from the store, by name (`kept`).
        var extras: [String: any Sendable] = [:]
    }
    private let entries = Locked<[String: Entry]>([:])
    /// Values made per submission folder (`perSubmission`), by store and name, with the folder's stamp.
    private let folderValues = Locked<[String: [String: (stamp: String, value: any Sendable)]]>([:])
    /// The index file written off the request's path (`writeIndexLater`): the sweep waiting to be
    /// written, by store, and whether a writer is at work.
    private let indexWrites = Locked<(pending: [String: (store: Store, sweep: FolderSweep)], running: Bool)>(([:], false))

    /// How long a write of the index file waits for more changes (a burst of work is written once).
    let indexWriteDelay: Double

    /// `indexWriteDelay`: seconds a write of the index file waits for more changes.
    public init(indexWriteDelay: Double = 2) { self.indexWriteDelay = indexWriteDelay }

    /// The summaries of `store` (id order): kept ones while its mark is unchanged, else `read()`'s.
    func summaries(_ store: Store) throws -> [SubmissionSummary] {
        try entry(store).summaries
    }

    /// The summaries of `store` in listing order (by State collated for the paper's language,
    /// then date and id), sorted once per change of the store.
    func ordered(_ store: Store) throws -> [SubmissionSummary] {
        let e = try entry(store)
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
        let e = try entry(store)
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
        let e = try entry(store)
        if let v = e.extras[key] as? T { return v }
        let made = try make()
        entries.withLock { all in
            guard all[store.root.path]?.mark == e.mark else { return }
            all[store.root.path]?.extras[key] = made
        }
        return made
    }

    private func entry(_ store: Store) throws -> Entry {
        let key = store.root.path
        let index = StatusIndex(store: store)
        guard let before = ChangeMark.read(store) else { return Entry(mark: "", summaries: try index.read()) }
        let previous = entries.withLock { $0[key] }
        if let e = previous, e.mark == before { return e }
        let writing = ChangeMark.writerHoldsLock(store)
        // Only the folders whose stamps changed since the last look are read again.
        let sweep = try index.sweep(after: previous?.sweep)
        var fresh = Entry(mark: before, summaries: sweep.summaries, sweep: sweep)
        // The listing order of the last look stands while no submission came or went and none read
        // again changed its State or date (an assignment, a translation, a review…).
        if let p = previous, let order = p.ordered, let ps = p.sweep, Self.sameOrder(ps, sweep) { fresh.ordered = order }
        // Kept only when no writer was at work while it was read (a writer changes the mark when
        // it takes the lock and when it lets it go).
        if !writing, ChangeMark.read(store) == before {
            entries.withLock { $0[key] = fresh }
            // The first look writes the index as any reader does; later ones off the request's path.
            if sweep.indexBehind, previous?.sweep == nil { index.write(sweep, createFolder: true) }
            if sweep.indexBehind, previous?.sweep != nil { writeIndexLater(store, sweep) }
        }
        return fresh
    }

    /// True when `b` lists the same submissions as `a` (so positions in its summaries are the
    /// same), for the same paper language, and every one read again kept its first State and date.
    static func sameOrder(_ a: FolderSweep, _ b: FolderSweep) -> Bool {
        guard a.language == b.language, a.summaries.count == b.summaries.count else { return false }
        return b.reread.allSatisfy { id in
            guard let old = a.kept[id]?.summary, let new = b.kept[id]?.summary else { return false }
            return old.state == new.state && old.received == new.received
        }
    }

    /// Values made by `make` for the submissions `ids` (one per folder: how many translation
    /// folders it has…), each kept while its folder's stamp is what it was when the value was
    /// made, so that after a change only the changed folders are looked at again.
    public func perSubmission<T: Sendable>(_ store: Store, key: String, ids: [String], make: (String) throws -> T) throws -> [String: T] {
        let e = try entry(store)
        let slot = store.root.path + "\u{0}" + key
        // Stamps of a look taken while a writer was at work are not trusted for keeping values.
        let trusted = entries.withLock { $0[store.root.path]?.mark == e.mark }
        let known = folderValues.withLock { $0[slot] } ?? [:]
        var out: [String: T] = [:]
        var next: [String: (stamp: String, value: any Sendable)] = [:]
        for id in ids {
            let stamp = trusted ? e.sweep?.kept[id]?.stamp : nil
            if let stamp, let k = known[id], k.stamp == stamp, let v = k.value as? T {
                out[id] = v
                next[id] = k
                continue
            }
            let v = try make(id)
            out[id] = v
            if let stamp { next[id] = (stamp, v) }
        }
        if trusted { folderValues.withLock { $0[slot] = next } }
        return out
    }

    /// Writes `sweep` as the store's index file on a background queue, `indexWriteDelay` later, so
    /// that the page that found a change does not wait for 10 000 lines to be written; a sweep that
    /// comes meanwhile replaces the one waiting (each is a whole picture of the store).
    func writeIndexLater(_ store: Store, _ sweep: FolderSweep) {
        let start = indexWrites.withLock { w -> Bool in
            w.pending[store.root.path] = (store, sweep)
            if w.running { return false }
            w.running = true
            return true
        }
        guard start else { return }
        DispatchQueue.global(qos: .utility).asyncAfter(deadline: .now() + indexWriteDelay) { [self] in
            while let next = indexWrites.withLock({ w -> (store: Store, sweep: FolderSweep)? in
                guard let k = w.pending.keys.first else {
                    w.running = false
                    return nil
                }
                return w.pending.removeValue(forKey: k)
            }) {
                // The `.crp` folder is not made again here (a store removed meanwhile stays removed).
                StatusIndex(store: next.store).write(next.sweep, createFolder: false)
            }
        }
    }

    /// Waits until the index writes `writeIndexLater` started are done (tests, and a server that stops).
    public func finishIndexWrites() {
        while indexWrites.withLock({ $0.running }) { usleep(1000) }
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
