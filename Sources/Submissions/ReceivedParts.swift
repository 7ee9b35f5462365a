import Foundation

/// One part of what arrived: a part of an e-mail (its body, an attachment) or a part of a Word
/// document that is not its text (a header, a footer). The registration lists every part, taken
/// or left, with why, so nobody has to guess what became the comments.
public struct ReceivedPart: Codable, Equatable, Sendable {
    /// The part's name: "body", an attachment's file name, "header (word/header1.xml)".
    public var name: String
    /// What it is: "text/plain body", "Word (.docx) attachment", "letterhead header".
    public var kind: String
    /// True when its text became the stored text (or part of it).
    public var taken: Bool
    /// Why it was taken or left, in words an officer understands.
    public var why: String

    public init(name: String, kind: String, taken: Bool, why: String) {
        self.name = name; self.kind = kind; self.taken = taken; self.why = why
    }

    /// "taken  body (text/plain body): the comments" — one line for a terminal.
    public var line: String { "\(taken ? "taken" : "left ") \(name) (\(kind)): \(why)" }
}
