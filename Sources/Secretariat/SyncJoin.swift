import Foundation
import Platform
import Submissions

extension Workspace {
    /// Joins a shared workspace (`crp clone URL DIR`): copies it with git into a new folder and
    /// checks that it is a RoomPaper workspace; refused, the folder is taken away again.
    public static func clone(
        _ url: String, into folder: URL, programs: Programs, by: String, site: String? = nil, timeout: Double = 600
    ) throws -> URL {
        let fm = FileManager.default
        if fm.fileExists(atPath: folder.path), !((try? fm.contentsOfDirectory(atPath: folder.path)) ?? []).isEmpty {
            throw SyncError.folderNotEmpty(path: folder.path)
        }
        if url.hasPrefix("-") { throw SyncError.unknownRemote(url: url, detail: "an address cannot start with -") }
        let existed = fm.fileExists(atPath: folder.path)
        let parent = folder.deletingLastPathComponent()
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        let git = try SyncGit(programs: programs, root: parent, by: by, site: site, timeout: timeout)
        do {
            // The shared branch, whatever the remote's HEAD names: a repository made with a plain
            // `git init --bare` points HEAD at "master", while crp shares "main".
            let heads = try git.run(["ls-remote", "--heads", "--", url])
            if heads.succeeded {
                if heads.out.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw SyncError.remoteEmpty(url: url) }
                if !heads.out.contains("refs/heads/\(SyncGit.branch)") {
                    throw SyncError.notAWorkspace(url: url, reason: "it has no branch \(SyncGit.branch), where crp shares a workspace")
                }
            }
            let r = try git.run(["clone", "-q", "--no-tags", "--origin", "origin", "--branch", SyncGit.branch, "--", url, folder.path])
            guard r.succeeded else {
                switch SyncGit.classify(r) {
                case .offline: throw SyncError.unknownRemote(url: url, detail: "it cannot be reached: " + SyncGit.firstLines(r, 2))
                case .unknownRemote: throw SyncError.unknownRemote(url: url, detail: SyncGit.firstLines(r, 2))
                case .denied: throw SyncError.denied(url: url, detail: SyncGit.firstLines(r, 2), pushing: false)
                case .other: throw SyncError.git(command: "clone", detail: SyncGit.firstLines(r))
                }
            }
            let inside = try SyncGit(programs: programs, root: folder, by: by, site: site, timeout: timeout)
            if try inside.run(["rev-parse", "-q", "--verify", "HEAD"]).succeeded == false { throw SyncError.remoteEmpty(url: url) }
            let paper = folder.appendingPathComponent(StoreLayout.paper)
            guard fm.fileExists(atPath: paper.path) else {
                throw SyncError.notAWorkspace(url: url, reason: "it has no \(StoreLayout.paper) at its top")
            }
            do { _ = try PaperDefinition.load(paper) } catch {
                throw SyncError.notAWorkspace(url: url, reason: "its \(StoreLayout.paper) cannot be read as a paper definition")
            }
            if let site { try Store(root: folder).setSite(site) }
            return folder
        } catch {
            if existed {
                for name in (try? fm.contentsOfDirectory(atPath: folder.path)) ?? [] {
                    try? fm.removeItem(at: folder.appendingPathComponent(name))
                }
            } else {
                try? fm.removeItem(at: folder)
            }
            throw error
        }
    }

    /// Checks, before `crp init DIR --remote URL` creates anything, that the remote can be
    /// reached and holds no workspace yet.
    public static func requireEmptyRemote(_ url: String, programs: Programs, near folder: URL, timeout: Double = 600) throws {
        if url.hasPrefix("-") { throw SyncError.unknownRemote(url: url, detail: "an address cannot start with -") }
        var dir = folder.deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: dir.path) && dir.path != "/" { dir = dir.deletingLastPathComponent() }
        let git = try SyncGit(programs: programs, root: dir, by: "crp", site: nil, timeout: timeout)
        let r = try git.run(["ls-remote", "--heads", "--", url])
        guard r.succeeded else {
            switch SyncGit.classify(r) {
            case .offline: throw SyncError.unknownRemote(url: url, detail: "it cannot be reached: " + SyncGit.firstLines(r, 2))
            case .unknownRemote: throw SyncError.unknownRemote(url: url, detail: SyncGit.firstLines(r, 2))
            case .denied: throw SyncError.denied(url: url, detail: SyncGit.firstLines(r, 2), pushing: false)
            case .other: throw SyncError.git(command: "ls-remote", detail: SyncGit.firstLines(r))
            }
        }
        if !r.out.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw SyncError.remoteNotEmpty(url: url) }
    }
}
