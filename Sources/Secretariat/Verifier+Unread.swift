import Foundation
import Submissions

extension Verifier {
    /// The crops of the lines of ink OCR could not read (derived files recorded with their
    /// SHA-256 in the extraction): each present and as written. They are not made again by
    /// `--repair`: another reading might not find the same lines, and proofreading relies on them.
    static func unreadCropProblems(_ v: OriginalVersion, derived: String) -> [(file: String, problem: String)] {
        var out: [(String, String)] = []
        for u in v.file.extraction?.unreadLines ?? [] {
            let name = v.folder + u.crop
            guard let data = FileManager.default.contents(atPath: derived + "/" + u.crop) else {
                out.append((name, "the crop of a line of ink OCR could not read (\(u.position)) is missing: restore it from a copy of the workspace"))
                continue
            }
            if FileIO.sha256(data) != u.sha256 {
                out.append(
                    (
                        name,
                        "the crop of a line of ink OCR could not read (\(u.position)) does not match the SHA-256 recorded at registration: the file was altered; restore it from a copy of the workspace"
                    ))
            }
        }
        return out
    }
}
