import Foundation

extension Event {
    /// How a note names a received file that was given as a symbolic link (its target follows).
    public static let linkNotePrefix = "received through the symbolic link "

    /// The part of the note that names the link a received file came through, if any.
    public var linkNote: String? {
        note?.components(separatedBy: "; ").first { $0.hasPrefix(Self.linkNotePrefix) }
    }
}

extension Submission {
    /// The link the original of version `number` was received through, as its event recorded it.
    public func linkNote(ofVersion number: Int) -> String? {
        if number == 1 { return events.first { $0.action == .registered }?.linkNote }
        return events.first { $0.action == .revised && $0.revision?.number == number }?.linkNote
    }

    /// The link a translation was received through, as its event recorded it.
    public func linkNote(ofTranslation tid: String) -> String? {
        events.first { $0.action == .translated && $0.translation == tid }?.linkNote
    }
}
