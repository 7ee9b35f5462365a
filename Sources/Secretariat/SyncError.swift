import Foundation
import MultilingualText
import Submissions

/// Why `crp sync`, `crp clone` or `crp init --remote` refused. Each message says what is wrong,
/// that nothing stored was changed, and what to do.
public enum SyncError: Error, LocalizedError, Equatable {
    /// git is not installed.
    case gitMissing
    /// The workspace is not shared yet and no remote was given.
    case notShared(workspace: String)
    /// The remote cannot be found (no such path, no such repository).
    case unknownRemote(url: String, detail: String)
    /// The remote refused us: reading (`pushing` false) or writing.
    case denied(url: String, detail: String, pushing: Bool)
    /// The remote holds something that is not a RoomPaper workspace.
    case notAWorkspace(url: String, reason: String)
    /// The remote holds another paper.
    case otherPaper(url: String, theirs: String, ours: String)
    /// `crp init --remote` on a remote that already holds a workspace.
    case remoteNotEmpty(url: String)
    /// `crp clone` of a remote that holds nothing yet.
    case remoteEmpty(url: String)
    /// `crp clone` into a folder that is there already and not empty.
    case folderNotEmpty(path: String)
    /// Files in the folder that crp did not write (or changed after it wrote them).
    case foreignChanges(workspace: String, files: [String])
    /// `crp verify` finds problems in the store: nothing is recorded or sent until they are fixed.
    case storeProblems(count: Int, first: [String])
    /// Both sides changed the same files in ways git cannot merge.
    case conflict(files: [String])
    /// The remote kept moving while we pushed.
    case remoteKeepsMoving(url: String, rounds: Int)
    /// git itself failed in a way none of the above explains.
    case git(command: String, detail: String)

    public var errorDescription: String? {
        switch self {
        case .gitMissing:
            return
                "crp sync needs git, which is not installed. Install it (Debian package git: `apt-get install git`) and run the command again. Nothing was changed."
        case .notShared(let w):
            return
                "The workspace \(w) is not shared with other duty stations yet. Connect it once with `crp sync --remote URL` (the address your colleagues gave you: a path, file://, ssh:// or https://). Nothing was changed."
        case .unknownRemote(let url, let detail):
            return
                "No shared workspace was found at \(url) (git said: \(detail)). Check the address (a path, file://, ssh:// or https://) and run the command again. Nothing local was changed."
        case .denied(let url, let detail, let pushing):
            return
                "\(url) refused to \(pushing ? "take our changes" : "let us read it") (git said: \(detail)). Ask whoever runs it for \(pushing ? "write" : "read") access. Nothing local was lost: \(pushing ? "every change is recorded here and will be sent by the next `crp sync`." : "nothing was changed.")"
        case .notAWorkspace(let url, let reason):
            return
                "\(url) does not hold a RoomPaper workspace: \(reason). Check the address; to share this workspace, use an empty repository. Nothing local was changed."
        case .otherPaper(let url, let theirs, let ours):
            return
                "\(url) holds another paper (\(SafeText.oneLine(theirs))), not this workspace's \(SafeText.oneLine(ours)). Check the address: each paper is shared through its own repository. Nothing local was changed."
        case .remoteNotEmpty(let url):
            return "\(url) already holds a workspace. Join it with `crp clone \(url) DIR` instead of creating a new one. Nothing was created."
        case .remoteEmpty(let url):
            return
                "\(url) holds no workspace yet. Create one there with `crp init DIR --remote \(url)` (or connect an existing workspace with `crp sync --remote \(url)`). Nothing was created."
        case .folderNotEmpty(let path):
            return "\(path) exists and is not empty. Choose a new folder for the copy. Nothing was changed."
        case .foreignChanges(let w, let files):
            let list = files.prefix(20).map { "  \($0)" }.joined(separator: "\n")
            let more = files.count > 20 ? "\n  … and \(files.count - 20) more" : ""
            return
                "The workspace \(w) holds changes that crp did not make, so nothing was sent or recorded:\n\(list)\(more)\nRun `crp verify` to see what is wrong with the store (`crp verify --repair` rebuilds derived files and moves leftovers of interrupted commands aside); move stray files out of the workspace, then run `crp sync` again."
        case .storeProblems(let count, let first):
            let list = first.map { "  \($0)" }.joined(separator: "\n")
            return
                "`crp verify` finds \(count) problem\(count == 1 ? "" : "s") in the store, so nothing was sent:\n\(list)\(count > first.count ? "\n  …" : "")\nRun `crp verify` (and `crp verify --repair` for derived files), then `crp sync` again."
        case .conflict(let files):
            return
                "What came in changes the same lines as a change made here, in \(files.joined(separator: ", ")). Nothing was merged; everything recorded here is kept. Agree with the other duty station on the text of \(files.joined(separator: ", ")), make that change here, then run `crp sync` again."
        case .remoteKeepsMoving(let url, let rounds):
            return "\(url) changed again during each of \(rounds) attempts to send our changes. Everything is recorded here; run `crp sync` again in a moment."
        case .git(let command, let detail):
            return "git \(command) failed: \(detail). Nothing recorded here was lost; run `crp verify`, then `crp sync` again."
        }
    }
}
