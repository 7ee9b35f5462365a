import Exchange
import Foundation
import Submissions

/// A translation taken in from XLIFF whose file still marks some targets as drafts: a
/// translation memory's fuzzy match pre-filled at export and never confirmed (a 96 % match that
/// leaves out one word of the State's), or a target the translator left as initial. Reviewing
/// such a translation says it is right, so the review is refused until someone says why.
public struct DraftsInTranslation: LocalizedError, Sendable, Equatable {
    public var submission: String
    public var drafts: Int
    public var file: String

    public var errorDescription: String? {
        "\(submission)'s translation (\(file)) has \(drafts) segment(s) still marked as a draft (a translation memory's fuzzy match or a target not confirmed): nothing was changed. Have the translator confirm them and import the file again, or, once you have checked each against the original (`crp show \(submission) --aligned`), review with --reason saying so."
    }
}

extension Workspace {
    /// The target states XLIFF 1.2 and 2 give a target not yet confirmed.
    static let draftStates: Set<String> = ["initial", "new", "needs-translation", "needs-review-translation", "needs-adaptation", "needs-l10n"]

    /// How many segments of the current translation's XLIFF file still mark their target as a
    /// draft (0 when the translation did not come from XLIFF), read from the file as stored.
    public func translationDrafts(_ sub: Submission) -> (drafts: Int, file: String) {
        guard let tid = sub.translationID, let (record, _) = try? store.translation(sub) else { return (0, "") }
        let url = sub.folder.appendingPathComponent(StoreLayout.translations).appendingPathComponent(tid).appendingPathComponent(record.original.file)
        guard let data = try? Data(contentsOf: url), let xliff = try? XLIFFReader.parse(data, name: record.original.receivedName) else { return (0, "") }
        var drafts = 0
        for file in xliff.files {
            for unit in file.units {
                drafts += unit.parts.filter { $0.kind == .segment && $0.target != nil && Self.draftStates.contains($0.state ?? "") }.count
            }
        }
        return (drafts, record.original.receivedName)
    }
}
