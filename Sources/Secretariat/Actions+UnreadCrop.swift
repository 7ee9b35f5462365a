import Foundation
import Submissions

extension Workspace {
    /// The crop of a line of ink OCR could not read (`PageImageRequest.unreadLine`): the PNG
    /// stored beside the current version's text at registration, returned only when it still has
    /// the SHA-256 recorded then (an altered crop would show the proofreader something else).
    func unreadCrop(_ sub: Submission, page: Int, index: Int) throws -> Outcome<Data> {
        let version = sub.currentVersion
        let onPage = (version.file.extraction?.unreadLines ?? []).filter { $0.page == page }
        guard index >= 1, index <= onPage.count else {
            throw ActionProblem(
                "\(sub.id): page \(page) has \(onPage.count) line\(onPage.count == 1 ? "" : "s") of ink OCR could not read; there is no line \(index).")
        }
        let line = onPage[index - 1]
        let file = sub.folder.appendingPathComponent(version.folder + line.crop)
        guard let data = try? Data(contentsOf: file), FileIO.sha256(data) == line.sha256 else {
            throw ActionProblem(
                "\(sub.id): the crop of the unread line at \(line.position) (\(version.folder + line.crop)) is missing or altered; run `crp verify` and restore it from a copy of the workspace."
            )
        }
        return Outcome(data)
    }
}
