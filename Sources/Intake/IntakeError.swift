import Foundation
import MultilingualText

/// Why a received file was refused, in words an officer can act on.
public enum IntakeError: Error, LocalizedError, Equatable {
    case empty(file: String)
    case binary(file: String, detail: String)
    /// A folder given where one received file was expected; `formats` is what the readers take.
    case folder(file: String, formats: String)
    case invalidUTF8(file: String, offset: Int)
    case undecodable(file: String, charset: String, offset: Int?)
    case notRoundTrip(file: String, charset: String)
    case unknownEncoding(file: String, name: String)
    case uncertainEncoding(file: String, candidates: [(name: String, confidence: Int, preview: String)])
    case controlCharacters(file: String, line: Int, codePoint: String)
    case scriptMismatch(file: String, language: String, expected: [String], found: [String])
    /// A text not in a script of the declared language, refused; with the charsets that would give
    /// that script when the bytes were decoded from a legacy charset.
    /// `next` is what to do, in the terms of the command refused (register, revise and proofread
    /// take different options).
    case wrongScript(file: String, language: String, expected: [String], found: [String], decodedAs: String?, candidates: [String], next: String)
    /// `overridable`: the command can take --force --reason (`crp translate`; not `crp import`).
    case translationInOriginalScript(file: String, script: String, share: Int, overridable: Bool = false)
    case translationSameAsOriginal(file: String)
    /// A translation not mostly in the script(s) of the paper's language.
    case translationWrongScript(file: String, language: String, expected: [String], found: [String], share: Int, overridable: Bool = false)
    /// A translation in the paper's script that reads as another language (French attached as the
    /// English translation), by the language identifier.
    case translationInAnotherLanguage(file: String, language: String, found: [String], overridable: Bool = false)
    case unsupported(file: String, detail: String)
    case malformed(file: String, kind: String, detail: String)
    /// A package refused for safety (zip bomb, names outside the package, too many entries).
    case unsafeArchive(file: String, detail: String)
    /// A readable file that holds no text to register.
    case noText(file: String, detail: String)
    /// An e-mail with several attachments that could each be the comments.
    case ambiguousAttachments(file: String, names: [String])
    /// An e-mail built deeper, larger or with more parts than any real message.
    case messageLimit(file: String, detail: String)
    /// A bulk-import manifest that cannot be used as a whole.
    case badManifest(file: String, line: Int?, detail: String)

    public static func == (a: IntakeError, b: IntakeError) -> Bool { a.errorDescription == b.errorDescription }

    public var errorDescription: String? {
        switch self {
        case .empty(let f):
            return "\(f) is empty. Ask the sender for the file again."
        case .binary(let f, let d):
            return "\(f) is not a text document (\(d)). Ask the sender for the document again; `crp register --help` lists the formats crp reads."
        case .folder(let f, let formats):
            return
                "\(f) is a folder, not a file. Register one file at a time (crp reads \(formats)), or every file of the folder at once with `crp import-folder \(f)` (file names like peru-item2.es.txt, or a manifest)."
        case .invalidUTF8(let f, let off):
            return
                "\(f) is not valid UTF-8 (byte \(off)), and no other encoding can be told from its bytes for sure. Nothing was stored; if it is a text in another encoding, name it with --encoding: windows-1252 (Western European), windows-1251 (Cyrillic), windows-1256 (Arabic), GB18030 (Chinese)."
        case .undecodable(let f, let cs, let off):
            let at = off.map { " at byte \($0)" } ?? ""
            return "\(f) is not valid \(cs)\(at). Nothing was stored; check the encoding and pass the right one with --encoding."
        case .notRoundTrip(let f, let cs):
            return "\(f) does not convert back to the same bytes from \(cs), so the decoding would not be faithful. Pass the right encoding with --encoding."
        case .unknownEncoding(let f, let n):
            return
                "\"\(n)\" is not an encoding ICU knows (for \(f)). Try names like UTF-8, UTF-16LE, windows-1256, ISO-8859-6, windows-1251, KOI8-R, windows-1252, ISO-8859-1, GB18030, Big5."
        case .uncertainEncoding(let f, let cands):
            var s = "The encoding of \(f) cannot be told for sure from its bytes (too little text, or encodings that read it differently)"
            if cands.isEmpty {
                return s
                    + " (no charset decodes it faithfully). Ask the sender which encoding was used and register again with --encoding, for example --encoding windows-1256."
            }
            s += ". The likeliest:\n"
            for c in cands { s += "  --encoding \(c.name)  (confidence \(c.confidence)): \(c.preview)\n" }
            s += "Look at the previews and register again with the right --encoding."
            return s
        case .controlCharacters(let f, let line, let cp):
            return
                "\(f) holds the control character \(cp) on line \(line), which text documents do not contain. It is probably not a text file or was damaged; ask the sender for it again."
        case .scriptMismatch(let f, let lang, let expected, let found):
            return
                "\(f) was declared as \(lang), written in \(expected.joined(separator: "/")), but its letters are \(found.isEmpty ? "none" : found.joined(separator: ", ")). Check --language (this is refused under --strict)."
        case .wrongScript(let f, let lang, let expected, let found, let decodedAs, let candidates, let next):
            var s = "\(f) was declared as \(lang), written in \(expected.joined(separator: "/")), but "
            s += decodedAs.map { "decoded as \($0) its letters are " } ?? "its letters are "
            s += found.isEmpty ? "none of those" : found.joined(separator: ", ")
            s += ". Nothing was stored. "
            if !candidates.isEmpty {
                s += "These encodings give \(expected.joined(separator: "/")) letters: " + candidates.map { "--encoding \($0)" }.joined(separator: ", ") + ". "
            }
            s += next
            return s
        case .translationInOriginalScript(let f, let script, let share, let overridable):
            return
                "\(f) is mostly (\(share) %) in the original's script (\(script)), so it is not an English translation. Nothing was stored. Attach the English text"
                + (overridable ? "; if this really is the translation, add --force --reason TEXT." : ".")
        case .translationWrongScript(let f, let lang, let expected, let found, let share, let overridable):
            return
                "\(f) is not written in the script of \(lang), the paper's language (\(expected.joined(separator: "/"))): only \(share) % of its letters are, the others are \(found.filter { !expected.contains($0) }.joined(separator: ", ")). Nothing was stored. Attach the \(lang) translation"
                + (overridable ? "; if this really is it, add --force --reason TEXT." : ".")
        case .translationInAnotherLanguage(let f, let lang, let found, let overridable):
            return
                "\(f) reads as \(found.joined(separator: " or ")), not \(lang), the paper's language (libexttextcat): it does not look like the \(lang) translation. Nothing was stored. Attach the \(lang) translation"
                + (overridable ? "; if this really is it, add --force --reason TEXT." : ".")
        case .translationSameAsOriginal(let f):
            return "\(f) is the same text as the original, not a translation. Attach the English text."
        case .unsupported(let f, let d):
            return "\(f): \(d)"
        case .malformed(let f, let kind, let d):
            return "\(f) looks like a \(kind) file but cannot be read: \(d). Ask the sender for the file again or save it as plain text."
        case .unsafeArchive(let f, let d):
            return
                "\(f) was refused for safety: \(d). Nothing was stored. If it really is the State's document, open it in Word or LibreOffice, save it again as .docx (or as .txt) and register that copy."
        case .noText(let f, let d):
            return "\(f) holds no text to register: \(d). Ask the sender for the comments as a Word document or a text file."
        case .ambiguousAttachments(let f, let names):
            return
                "\(f) has several attachments that could be the comments (\(names.joined(separator: ", "))). Save the one that holds the comments and register it directly, or register the others as separate submissions."
        case .badManifest(let f, let line, let d):
            let at = line.map { " line \($0)" } ?? ""
            return
                "The manifest \(f)\(at) cannot be used: \(d). Fix it (CSV with the header file,state,language,items,received, or a YAML list with those keys) and run import-folder again; nothing was registered."
        case .messageLimit(let f, let d):
            return
                "\(f) was refused for safety: \(d), far beyond any real e-mail. Nothing was stored. Save the attachment or the text from your mail program and register that file."
        }
    }
}

extension IntakeError {
    /// The short finding recorded in the history when a script refusal of a translation is
    /// overridden with --force (the refusal's own text tells the officer what to do instead).
    public var scriptFinding: String {
        switch self {
        case .translationInOriginalScript(_, let script, let share, _):
            return "\(share) % of the letters are in the original's script (\(script))"
        case .translationWrongScript(_, let lang, let expected, let found, let share, _):
            return "only \(share) % of the letters are in \(expected.joined(separator: "/")), the script of \(lang) (found \(found.joined(separator: ", ")))"
        case .translationInAnotherLanguage(_, let lang, let found, _):
            return "it reads as \(found.joined(separator: " or ")), not \(lang)"
        default:
            return errorDescription ?? "\(self)"
        }
    }
}
