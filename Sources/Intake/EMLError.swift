import Foundation

/// Why an e-mail cannot be registered as it is, with what to do.
public enum EMLError: Error, LocalizedError, Equatable, Sendable {
    /// More than one part could be the comments; `candidates` are the names `--part` takes.
    case ambiguous(file: String, candidates: [String])
    /// `--part` names a part the message does not have.
    case unknownPart(file: String, part: String, candidates: [String])
    /// The body only announces an attachment, and no attachment can be read.
    case coverNoteOnly(file: String, attachments: [String])
    /// The chosen attachment cannot be read.
    case attachmentUnreadable(file: String, attachment: String, reason: String)
    /// A TNEF attachment (winmail.dat) and no `tnef` program to unpack it.
    case tnefMissing(file: String, attachment: String, package: String)
    /// `tnef` failed on the attachment.
    case tnefFailed(file: String, attachment: String, detail: String)

    public var errorDescription: String? {
        switch self {
        case .ambiguous(let f, let c):
            return
                "\(f) holds more than one part that could be the comments: \(c.joined(separator: ", ")). Choose one with --part NAME (the attachment's file name) or --part body, or register the others as separate submissions. `crp register \(f) … --part \(Self.quoted(c.first ?? "body"))`"
        case .unknownPart(let f, let p, let c):
            return
                "\(f) has no part called \"\(p)\". Its parts that could be the comments: \(c.isEmpty ? "none" : c.joined(separator: ", ")). Give one of these names to --part, or --part body for the text of the message."
        case .coverNoteOnly(let f, let a):
            if a.isEmpty {
                return
                    "the body of \(f) only announces an attachment (\"please find attached…\"), but the message has none: it is not the comments. Ask the sender for the attachment and register it."
            }
            return
                "the body of \(f) only announces an attachment (\"please find attached…\"), and the attachment (\(a.joined(separator: ", "))) cannot be read by crp: the cover note is not the comments. Save the attachment, convert it to .docx or .txt (or ask the sender for one) and register that file."
        case .attachmentUnreadable(let f, let a, let r):
            return "the comments of \(f) are in its attachment \(a), which cannot be read: \(r)"
        case .tnefMissing(let f, let a, let pkg):
            return
                "\(f) carries its attachments in \(a), an Outlook TNEF file (winmail.dat), and the program that unpacks it, tnef, is not installed. Install the Debian package \(pkg) (apt-get install \(pkg)) and register again, or ask the sender to send the attachment as a normal file."
        case .tnefFailed(let f, let a, let d):
            return "\(a) in \(f) is an Outlook TNEF file that tnef could not unpack (\(d)). Ask the sender to send the attachment as a normal file."
        }
    }

    static func quoted(_ s: String) -> String {
        s.allSatisfy { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" } ? s : "'\(s.replacingOccurrences(of: "'", with: "'\\''"))'"
    }
}
