import Foundation
import Platform
import Submissions

/// The workspace's link to its remote: the git repository in the workspace folder and its
/// `origin`. Opening it may create the repository or record a new address; a sync that is then
/// refused puts both back as they were (`undo`), so a bad address changes nothing here.
final class SyncConnection {
    /// The ref that fetched history lands in, before it is checked and merged.
    static let incoming = "refs/crp/incoming"

    let git: SyncGit
    let name = "origin"
    let url: String

    /// The remote's name and address, as the steps that talk to it need them.
    struct Remote: Sendable {
        let name: String
        let url: String
    }
    var remote: Remote { Remote(name: name, url: url) }
    private let createdRepository: Bool
    /// The address `origin` had before (nil: there was no `origin`), when this sync changed it.
    private let previous: String??

    private init(git: SyncGit, url: String, createdRepository: Bool, previous: String??) {
        self.git = git; self.url = url; self.createdRepository = createdRepository; self.previous = previous
    }

    /// Opens the workspace's connection: with `remote`, makes the folder a repository when it is
    /// not one yet and points `origin` at it; without, uses the recorded `origin`.
    static func open(_ git: SyncGit, remote: String?) throws -> SyncConnection {
        let fm = FileManager.default
        var created = false
        if !git.isRepository {
            guard let remote else { throw SyncError.notShared(workspace: git.root.path) }
            _ = remote
            try git.must(["init", "-q", "-b", SyncGit.branch])
            created = true
            let ignore = git.root.appendingPathComponent(".gitignore")
            if !fm.fileExists(atPath: ignore.path) {
                try FileIO.writeAtomically(Data("\(StoreLayout.privateFolder)/\n".utf8), to: ignore)
            }
        }
        let current = try git.run(["remote", "get-url", "origin"])
        let recorded = current.succeeded ? current.out.trimmingCharacters(in: .whitespacesAndNewlines) : nil
        guard let url = remote ?? recorded else { throw SyncError.notShared(workspace: git.root.path) }
        if url.hasPrefix("-") { throw SyncError.unknownRemote(url: url, detail: "an address cannot start with -") }
        var previous: String?? = nil
        if recorded == nil {
            try git.must(["remote", "add", "origin", url])
            previous = .some(nil)
        } else if recorded != url {
            try git.must(["remote", "set-url", "origin", url])
            previous = .some(recorded)
        }
        return SyncConnection(git: git, url: url, createdRepository: created, previous: previous)
    }

    /// Keeps what `open` set up (the sync got through).
    func keep() {}

    /// Puts back what `open` changed: the repository it created, or `origin`'s address.
    func undo() {
        if createdRepository {
            try? FileManager.default.removeItem(at: git.root.appendingPathComponent(".git"))
            return
        }
        guard let previous else { return }
        if let old = previous {
            _ = try? git.run(["remote", "set-url", "origin", old])
        } else {
            _ = try? git.run(["remote", "remove", "origin"])
        }
    }

    /// Checks that the fetched history is a RoomPaper workspace of the same paper (its
    /// `paper.yaml` names the same symbol).
    static func checkPaper(_ git: SyncGit, url: String, ours: String, in root: URL) throws {
        let shown = try git.run(["show", "\(incoming):\(StoreLayout.paper)"])
        guard shown.succeeded else {
            throw SyncError.notAWorkspace(url: url, reason: "it has no \(StoreLayout.paper) at its top")
        }
        let file = root.appendingPathComponent(StoreLayout.privateFolder).appendingPathComponent("incoming-paper.yaml")
        try FileIO.writeAtomically(shown.stdout, to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let theirs: PaperDefinition
        do { theirs = try PaperDefinition.load(file) } catch {
            throw SyncError.notAWorkspace(url: url, reason: "its \(StoreLayout.paper) cannot be read as a paper definition")
        }
        if theirs.symbol != ours { throw SyncError.otherPaper(url: url, theirs: theirs.symbol, ours: ours) }
    }
}
