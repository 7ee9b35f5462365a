import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Something in the store that no record refers to, or that the store never makes: a folder or
/// temporary file an interrupted command left (a version, a translation or a staging folder
/// without its event), or a symbolic link.
public struct Leftover: Sendable, Equatable {
    /// The submission it belongs to (its folder name), or `.crp` for the store's private folder.
    public var id: String
    /// Its path, relative to the workspace.
    public var path: String
    /// What it is, for the officer.
    public var what: String
    /// True when `moveAside` may take it away (a link is never moved: the officer decides).
    public var movable: Bool
}

/// The folders of a submission its events name (versions, translations, corrected
/// transcriptions): what `Store.leftovers` needs of a submission `verify` has read already.
public struct NamedFolders: Sendable {
    var versions: Set<Int>
    var translations: Set<String>
    var transcriptions: Set<String>

    public init(_ sub: Submission) {
        versions = Set(sub.versions.map(\.number))
        translations = Set(sub.events.compactMap(\.translation))
        transcriptions = Set(sub.events.compactMap(\.transcription).map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 })
    }

    /// The folders a submission's events name, each with the command that writes one.
    static let kinds = [(StoreLayout.versions, "revise"), (StoreLayout.translations, "translate"), (StoreLayout.proofread, "proofread")]

    /// Why folder `n` of `dir` (one of `kinds`) is a leftover, or nil when an event names it.
    func unnamed(_ dir: String, _ n: String) -> String? {
        let known: Bool, kind: String
        switch dir {
        case StoreLayout.versions: (known, kind) = (Int(n).map { versions.contains($0) } ?? false, "version")
        case StoreLayout.translations: (known, kind) = (translations.contains(n), "translation")
        default: (known, kind) = (transcriptions.contains(dir + "/" + n), "corrected transcription")
        }
        let command = Self.kinds.first { $0.0 == dir }?.1 ?? dir
        return known ? nil : "a \(kind) folder that no event refers to, left by an interrupted `crp \(command)`"
    }
}

extension Store {
    /// Every leftover of an interrupted command, and every symbolic link, in the store. A staging
    /// folder or temporary file still locked by a running `crp` is not one.
    public func leftovers() -> [Leftover] { leftovers(known: [:]) }

    /// `leftovers()`, with submissions already read (by `verify`) not read again: a folder their
    /// events name is known; one they do not name is looked at again with the submission read
    /// afresh, since a command may have recorded it since. With `only`, the submissions' folders
    /// looked into are those (links at the top and `.crp/` are looked for as always).
    /// `listed` gives, for folders just written by git (a merge that brought them whole), every
    /// file in them, relative to the folder, when all are plain files with names that begin with
    /// no dot: such a folder holds no link and no temporary file, and its leftovers are the
    /// folders of versions, translations and transcriptions its events do not name, read from
    /// the list instead of from the disk.
    public func leftovers(known: [String: NamedFolders], only: Set<String>? = nil, listed: [String: [String]] = [:]) -> [Leftover] {
        let fm = FileManager.default
        var out: [Leftover] = []
        let rootPath = root.path
        let names = ((try? fm.contentsOfDirectory(atPath: rootPath)) ?? []).sorted()
        for name in names where name != ".git" {
            let path = rootPath + "/" + name
            if FileIO.isSymlink(path) {
                out.append(link(id: name, relative: name, path: path))
                continue
            }
            if name == StoreLayout.privateFolder { out += privateLeftovers(); continue }
            guard !name.hasPrefix("."), only?.contains(name) ?? true else { continue }
            if let named = known[name], let files = listed[name] {
                out += leftovers(id: name, listed: files, named: named)
                continue
            }
            guard fm.fileExists(atPath: path + "/\(StoreLayout.registration)") else { continue }
            if let named = known[name], leftovers(id: name, folder: path, named: named).isEmpty { continue }
            guard let sub = try? load(id: name, written: nil, analysis: false) else { continue }
            out += leftovers(of: sub)
        }
        return out
    }

    func link(id: String, relative: String, path: String) -> Leftover {
        let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
        return Leftover(
            id: id, path: relative,
            what:
                "a symbolic link (to \(target)) inside the store: crp never makes links, and one could lead a write outside the workspace; replace it with the real file or folder",
            movable: false)
    }

    /// Folders of one submission that no event refers to, abandoned staging folders and
    /// temporary files, and links anywhere in it.
    func leftovers(of sub: Submission) -> [Leftover] {
        leftovers(id: sub.id, folder: sub.folder.path, named: NamedFolders(sub))
    }

    func leftovers(id: String, folder: String, named: NamedFolders) -> [Leftover] {
        let fm = FileManager.default
        var out: [Leftover] = []
        func entries(_ sub_: String) -> [String] { ((try? fm.contentsOfDirectory(atPath: folder + "/" + sub_)) ?? []).sorted() }
        func add(_ rel: String, _ what: String) { out.append(Leftover(id: id, path: id + "/" + rel, what: what, movable: true)) }
        for (dir, command) in NamedFolders.kinds {
            for n in entries(dir) where !FileIO.isSymlink(folder + "/" + dir + "/" + n) {
                let rel = dir + "/" + n
                if n.hasPrefix(".staging-") {
                    if FileIO.isAbandoned(URL(fileURLWithPath: folder + "/" + rel)) {
                        add(rel, "a staging folder left by an interrupted `crp \(command)`; nothing refers to it")
                    }
                    continue
                }
                if n.hasPrefix(".") { continue }
                if let why = named.unnamed(dir, n) { add(rel, why) }
            }
        }
        out += walk(id: id, folder: folder, relative: id)
        return out
    }

    /// The folders of versions, translations and transcriptions among `files` (paths inside the
    /// submission's folder) that `named` does not name.
    func leftovers(id: String, listed files: [String], named: NamedFolders) -> [Leftover] {
        var seen = Set<String>()
        var out: [Leftover] = []
        let folders = NamedFolders.kinds.map { $0.0 + "/" }
        for file in files where folders.contains(where: file.hasPrefix) {
            let parts = file.split(separator: "/", maxSplits: 2)
            guard parts.count >= 2 else { continue }
            let (dir, n) = (String(parts[0]), String(parts[1]))
            if let why = named.unnamed(dir, n), seen.insert(dir + "/" + n).inserted {
                out.append(Leftover(id: id, path: id + "/" + dir + "/" + n, what: why, movable: true))
            }
        }
        return out.sorted { $0.path < $1.path }
    }

    /// Links and abandoned temporary files under `folder`, links not followed.
    func walk(id: String, folder: String, relative: String) -> [Leftover] {
        var out: [Leftover] = []
        for n in ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted() {
            let path = folder + "/" + n
            let rel = relative + "/" + n
            var st = stat()
            guard lstat(path, &st) == 0 else { continue }
            switch st.st_mode & S_IFMT {
            case S_IFLNK: out.append(link(id: id, relative: rel, path: path))
            case S_IFDIR: if !n.hasPrefix(".staging-") { out += walk(id: id, folder: path, relative: rel) }
            default:
                if n.hasPrefix(".tmp-"), FileIO.isAbandonedTemporary(URL(fileURLWithPath: path)) {
                    out.append(Leftover(id: id, path: rel, what: "a temporary file of a write that was interrupted", movable: true))
                }
            }
        }
        return out
    }

    /// Abandoned staging folders of registrations and imports (`.crp/staging/`), abandoned
    /// temporary files, and links in `.crp`.
    func privateLeftovers() -> [Leftover] {
        var out: [Leftover] = []
        let staging = privateDir.appendingPathComponent("staging").path
        for n in ((try? FileManager.default.contentsOfDirectory(atPath: staging)) ?? []).sorted() {
            let path = staging + "/" + n
            if FileIO.isSymlink(path) {
                out.append(link(id: StoreLayout.privateFolder, relative: "\(StoreLayout.privateFolder)/staging/" + n, path: path)); continue
            }
            if FileIO.isAbandonedStaging(URL(fileURLWithPath: path)) {
                out.append(
                    Leftover(
                        id: StoreLayout.privateFolder, path: "\(StoreLayout.privateFolder)/staging/" + n,
                        what: "a staging folder left by an interrupted `crp register` or `crp import-folder`; nothing refers to it", movable: true))
            }
        }
        for n in ((try? FileManager.default.contentsOfDirectory(atPath: privateDir.path)) ?? []).sorted() where n != "staging" && n != "orphans" {
            let path = privateDir.path + "/" + n
            if FileIO.isSymlink(path) { out.append(link(id: StoreLayout.privateFolder, relative: "\(StoreLayout.privateFolder)/" + n, path: path)); continue }
            if n.hasPrefix(".tmp-"), FileIO.isAbandonedTemporary(URL(fileURLWithPath: path)) {
                out.append(
                    Leftover(
                        id: StoreLayout.privateFolder, path: "\(StoreLayout.privateFolder)/" + n, what: "a temporary file of a write that was interrupted",
                        movable: true))
            }
        }
        return out
    }

    /// Moves a leftover into `.crp/orphans/<stamp>/` (same relative path), never deleting it;
    /// returns where it went, relative to the workspace.
    public func moveAside(_ l: Leftover, stamp: String) throws -> String {
        precondition(l.movable, "links are never moved")
        let rel = "\(StoreLayout.privateFolder)/orphans/\(stamp)/\(l.path)"
        let dest = root.appendingPathComponent(rel)
        try requireInside(dest.deletingLastPathComponent())
        do {
            try FileManager.default.createDirectory(at: dest.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw StoreError.ioFailure(file: dest.deletingLastPathComponent().path, reason: "the folder cannot be created")
        }
        try requireInside(root.appendingPathComponent(l.path))
        if rename(root.appendingPathComponent(l.path).path, dest.path) != 0 {
            throw StoreError.ioFailure(file: dest.path, reason: String(cString: strerror(errno)))
        }
        return rel
    }
}
