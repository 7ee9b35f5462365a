import Foundation

/// Everything that can go wrong in the store, told the way a secretariat officer needs to hear it:
/// what is wrong, with which file or record, and what to do next.
public enum StoreError: Error, LocalizedError, Equatable {
    /// How a text already stored was recognised.
    public enum Sameness: String, Sendable, Equatable {
        /// The same bytes.
        case bytes
        /// The same text once decoded and normalized (another encoding or normalization form).
        case text
    }

    case noWorkspace(searchedFrom: String)
    /// The folder given with --workspace holds no paper.yaml.
    case notAWorkspace(String)
    case workspaceExists(String)
    case badPaperDefinition(file: String, reason: String)
    case unknownState(String, suggestion: String?)
    /// A name that could be more than one State ("Korea", "Chine").
    case unclearState(String, candidates: [String])
    case suspiciousStateName(String, resembles: String?)
    case unknownLanguage(String)
    case unknownItem(Int, known: [Int])
    case noItem
    case emptyState
    case badDate(String)
    case unknownSubmission(String)
    case ambiguousSubmission(String, candidates: [String])
    case duplicate(existing: String, state: String, status: String, how: Sameness)
    /// `amend --encoding` on an original whose charset is set by its format, not by the officer.
    case encodingNotChosen(id: String, kind: String)
    case sameTextOtherState(existing: String, states: [String], how: Sameness)
    case unknownVersion(id: String, version: Int, count: Int)
    case reasonRequired(action: String, id: String)
    case translationAlreadyAttached(id: String, translation: String, status: String)
    case translationNotNeeded(id: String, language: String)
    case receivedInFuture(String, today: String)
    case receivedLongBefore(String, session: String)
    case nothingToAmend(id: String)
    case invalidTransition(id: String, from: String, action: String, hint: String)
    /// A move to the state the submission is already in.
    case alreadyDone(id: String, status: String, next: String)
    case withdrawn(id: String)
    case fileMissing(String)
    case cannotRead(String, reason: String)
    case tooLarge(file: String, bytes: Int, limit: Int)
    case missingLocales(String)
    case badLocale(file: String, reason: String)
    case corruptRecord(file: String, reason: String)
    case lockFailed(String)
    case ioFailure(file: String, reason: String)
    case emptySearch
    case embeddedStoreIsReadOnly(path: String)
    /// A symbolic link inside the store (or a path outside it) where the store was to write.
    case outsideStore(path: String, target: String?, root: String)
    /// The workspace cannot be written (read-only file system, no permission).
    case workspaceReadOnly(path: String, reason: String)
    /// A folder an interrupted command left where the next version is to go.
    case leftoverFolder(id: String, folder: String)

    /// The message, with any control or bidi control character that came in with typed names or
    /// file paths shown as "?" so that it cannot drive the terminal.
    public var errorDescription: String? { SafeName.visible(message) }

    private var message: String {
        switch self {
        case .noWorkspace(let from):
            return
                "No RoomPaper workspace (a folder with paper.yaml) was found from \(from) upward. Run `crp init DIR` to create one, or pass --workspace PATH."
        case .notAWorkspace(let path):
            return
                "\(path) is not a RoomPaper workspace: it holds no paper.yaml (nor Submissions/paper.yaml). Check the path given to --workspace, or run `crp init \(path)` to create one there."
        case .workspaceExists(let path):
            return "\(path) already holds a paper.yaml. Choose an empty folder for `crp init`, or edit the existing paper.yaml."
        case .badPaperDefinition(let file, let reason):
            return "The paper definition \(file) cannot be read: \(reason). Fix the file (it is YAML) and try again."
        case .unknownState(let name, let suggestion):
            let hint =
                suggestion.map { " Did you mean \"\($0)\"?" } ?? " Use the English short name of a UN Member State or observer (see Locales/states.yaml)."
            return "\"\(name)\" is not a UN Member State or observer.\(hint)"
        case .unclearState(let name, let candidates):
            let list = candidates.map { "\"\($0)\"" }
            return
                "\"\(name)\" could be more than one State: did you mean \(list.dropLast().joined(separator: ", ")) or \(list.last ?? "")? Use the English short name (see Locales/states.yaml)."
        case .suspiciousStateName(let name, let resembles):
            let scalars = name.unicodeScalars.map { "U+" + String($0.value, radix: 16, uppercase: true) }.joined(separator: " ")
            let like =
                resembles.map { " It looks like \"\($0)\" but is written with other characters (\(scalars))." }
                ?? " It mixes scripts or holds invisible characters (\(scalars))."
            return "The State name \"\(name)\" was refused.\(like) Type the name again in plain Latin letters."
        case .unknownLanguage(let code):
            if let known = Self.languageCode(named: code) {
                return "\"\(code)\" is a language's name, not its code: give \(known). Use ar, zh, en, fr, ru or es."
            }
            return "\"\(code)\" is not one of the six official languages. Use ar, zh, en, fr, ru or es."
        case .unknownItem(let n, let known):
            return
                "The paper has no agenda item \(n). Its items are \(known.map(String.init).joined(separator: ", ")); add the item to paper.yaml first if it is missing."
        case .emptyState:
            return "Name the State with --state, for example --state Peru."
        case .noItem:
            return "Say which agenda item the comments concern with --item N."
        case .badDate(let s):
            // The same advice as for paper.yaml's dates: "February 2020 has 29 days", "write 2020-10-09".
            let advice = PaperDefinition.dateAdvice(s)
            guard advice.contains("YYYY-MM-DD") else { return advice + ". Write the right day as YYYY-MM-DD." }
            let wordings = [
                (" here — write", " here. Write"), (" — write", " is not written YYYY-MM-DD (two digits for the month and the day). Write"),
                ("; write", ". Write"), (": write", ". Write"),
            ]
            return wordings.reduce(advice) { $0.replacingOccurrences(of: $1.0, with: $1.1) } + "."
        case .encodingNotChosen(let id, let kind):
            return
                "The original of \(id) is \(kind == "eml" ? "an e-mail" : "a \(kind) file"), whose encoding is set by the file itself, not by --encoding: nothing was changed. `crp amend --encoding` corrects plain-text originals only; if the wrong part or file was taken, register the right one with `crp revise \(id) FILE`."
        case .unknownSubmission(let id):
            return "No submission has the id \"\(id)\". Run `crp status` to list the ids."
        case .ambiguousSubmission(let id, let candidates):
            return "\"\(id)\" matches several submissions (\(candidates.joined(separator: ", "))). Type more of the id."
        case .duplicate(let existing, let state, let status, let how):
            let what = how == .bytes ? "These exact bytes were" : "The same text (in another format, encoding or normalization form) was"
            var next = "use `crp show \(existing)` to see it"
            if status == "withdrawn" {
                next = "it was withdrawn: bring it back with `crp reopen \(existing) --to received --reason TEXT`"
            }
            return
                "\(what) already registered for \(state) as \(existing) (\(status)). Nothing was added; \(next). To correct its State, item, date, language or the encoding its text was read in, use `crp amend \(existing) … --reason TEXT` (`--encoding NAME` for the encoding); `crp revise` takes only a new text from the State, never the same one."
        case .sameTextOtherState(let existing, let states, let how):
            let what = how == .bytes ? "These exact bytes are" : "The same text is"
            return
                "\(what) already registered for \(states.joined(separator: ", ")) as \(existing). Nothing was added. If the text was signed by several States, register it once with --state repeated (a joint text), or correct the first record with `crp amend \(existing) --state …`; if two States really sent the same text, add --allow-same-text --reason TEXT."
        case .unknownVersion(let id, let version, let count):
            return "Submission \(id) has no version \(version): it has \(count) (1 is the first received)."
        case .reasonRequired(let action, let id):
            return "Say why with --reason TEXT: `crp \(action) \(id)` is recorded in the history with its reason."
        case .translationAlreadyAttached(let id, let translation, let status):
            return "This translation is already attached to \(id) (translation \(translation)); nothing was changed and it stays \(status)."
        case .translationNotNeeded(let id, let language):
            return
                "Submission \(id) is already in \(language), the paper's language: its own text goes into the paper and it needs no translation. If its language was registered wrongly, correct it with `crp amend \(id) --language CODE --reason TEXT`."
        case .receivedInFuture(let date, let today):
            return "The date received \(date) is after today (\(today)). Give the day the submission arrived, as YYYY-MM-DD."
        case .receivedLongBefore(let date, let session):
            return "The date received \(date) is more than a year before the session (\(session)). Check the date; if it is right, add --force --reason TEXT."
        case .nothingToAmend(let id):
            return "Nothing to correct: \(id) already has these values."
        case .alreadyDone(let id, let status, let next):
            return "Submission \(id) is already \(status); nothing was changed. Next step: \(next)."
        case .invalidTransition(let id, let from, let action, let hint):
            return "Submission \(id) is \(from), so it cannot be \(action). \(hint)"
        case .withdrawn(let id):
            return "Submission \(id) was withdrawn; nothing more can be attached to it. Register the State's new text as a new submission."
        case .fileMissing(let path):
            return "The file \(path) does not exist. Check the path."
        case .cannotRead(let path, let reason):
            return "The file \(path) cannot be read: \(reason). Check its permissions, or copy it to a local folder and try again."
        case .tooLarge(let path, let bytes, let limit):
            return
                "The file \(path) has \(bytes) bytes, more than the limit of \(limit). If it really is a submission, raise the limit with --max-bytes or CRP_MAX_BYTES."
        case .missingLocales(let path):
            return "The language resources folder (Locales/) was not found at \(path). Set CRP_LOCALES to the Locales folder of RoomPaper."
        case .badLocale(let file, let reason):
            return "The language resource \(file) is broken: \(reason). Restore it from the RoomPaper repository (git checkout Locales/) or fix the YAML."
        case .corruptRecord(let file, let reason):
            return "The record \(file) is damaged: \(reason). Run `crp verify` to see every problem."
        case .lockFailed(let path):
            return "Could not lock the store at \(path). Another crp may be stuck; check running processes."
        case .ioFailure(let file, let reason):
            return "Writing \(file) failed: \(reason). Nothing was changed; check free space and permissions."
        case .emptySearch:
            return "Give some text to search for."
        case .outsideStore(let path, let target, let root):
            let link = target.map { " is a symbolic link (to \($0))" } ?? " is outside the workspace or a symbolic link"
            return
                "\(path)\(link): crp writes only inside the workspace \(root), and a link there could lead a write outside it. Nothing was written. Replace the link with the real folder or file (`crp verify` lists every link in the store)."
        case .workspaceReadOnly(let path, let reason):
            return
                "The workspace \(path) is read-only (\(reason)): crp cannot record anything there. Nothing was changed. Work in a writable copy of the workspace, or ask for write access to it."
        case .leftoverFolder(let id, let folder):
            return
                "Submission \(id) has a folder \(folder) that no event refers to, left by an interrupted command. Nothing was changed. Run `crp verify --repair`, which moves it aside (it is never deleted), then run the command again."
        case .embeddedStoreIsReadOnly(let path):
            return
                "No workspace was found here, and the embedded reference store (\(path)) is read-only for everyday work. Create a workspace with `crp init DIR` and run the command inside it, or name one with --workspace PATH."
        }
    }
}

extension StoreError: UsageProblem {
    /// How the command was called, not what the store holds: an unknown State, language or agenda
    /// item, no item, a malformed date, a State name written with look-alike letters, a required
    /// `--reason` missing (as `--force` without `--reason` is: the README's exit code 2).
    public var isUsage: Bool {
        switch self {
        case .unknownState, .unclearState, .unknownLanguage, .unknownItem, .noItem, .badDate, .suspiciousStateName, .reasonRequired: return true
        default: return false
        }
    }
}

extension StoreError {
    /// The code of an official language typed by its name (English, French, Spanish or its own)
    /// or by its three-letter code: "French", "français", "fra" → fr.
    static func languageCode(named typed: String) -> String? {
        let names: [String: String] = [
            "arabic": "ar", "arabe": "ar", "árabe": "ar", "العربية": "ar", "ara": "ar",
            "chinese": "zh", "chinois": "zh", "chino": "zh", "中文": "zh", "汉语": "zh", "zho": "zh", "chi": "zh",
            "english": "en", "anglais": "en", "inglés": "en", "ingles": "en", "eng": "en",
            "french": "fr", "français": "fr", "francais": "fr", "francés": "fr", "frances": "fr", "fra": "fr", "fre": "fr",
            "russian": "ru", "russe": "ru", "ruso": "ru", "русский": "ru", "rus": "ru",
            "spanish": "es", "espagnol": "es", "español": "es", "espanol": "es", "spa": "es",
        ]
        return names[typed.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()]
    }
}
