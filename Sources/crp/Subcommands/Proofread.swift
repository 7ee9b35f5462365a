import ArgumentParser
import Foundation
import Intake
import MultilingualText
import Secretariat
import Submissions

struct Proofread: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record that a scanned submission's OCR text was proofread: confirmed as read, or replaced by a corrected transcription.",
        discussion: """
            Text read by OCR (a scanned letter, a PDF without a text layer, a photo) cannot be translated, reviewed, \
            exported or printed until a person has compared it with the scan. `crp show ID` prints the OCR text, \
            Tesseract's mean confidence and the lines it was least sure of. Without FILE the OCR text is confirmed as it \
            is; with FILE (a .txt or .docx holding the whole corrected text) the corrected transcription is stored beside \
            the OCR output and becomes the text the paper, exports and search use. The scan and the OCR output stay stored. \
            A corrected transcription not in the declared language's script is refused unless --force --reason TEXT \
            (recorded). While lines of ink that OCR could not read are open (`crp show ID` lists them, with a crop of \
            each stored beside the text), the OCR text is confirmed only with --force --reason TEXT (a stamp or a \
            signature, not text). Proofreading again says what it replaces; earlier transcriptions stay stored.
            Example: crp proofread morocco-20200918-1be77312 maroc-corrige.txt --by "A. Officer"
            """)

    @Argument(help: "The submission id.") var id: String
    @Argument(help: "The corrected transcription (optional; without it the OCR text is confirmed).") var file: String?
    @Option(help: "The file's encoding, when it cannot be detected.") var encoding: String?
    @Flag(
        help:
            "Store a corrected transcription whose letters are not in the declared language's script, or confirm OCR text with unread lines of ink; give --reason."
    ) var force = false
    @Option(help: "Why --force is used (recorded in the history).") var reason: String?
    @OptionGroup var ws: WorkspaceOptions
    @OptionGroup var actor: ActorOption

    func validate() throws {
        if force && (reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--force needs --reason TEXT: say why, it is recorded in the history.")
        }
    }

    func run() throws {
        try guarded {
            let done = try ws.open().proofread(
                Workspace.ProofreadRequest(
                    id: id, file: file.map { ProcessEnvironment.current.url($0) }, by: actor.actor, encoding: encoding,
                    overrides: Registrar.Overrides(force: force, reason: reason.map(SafeText.oneLine))))
            print("\(done.value.id): proofread (\(file == nil ? "OCR text confirmed" : "corrected transcription stored")), \(done.value.status.rawValue)")
            Terminal.report(done.findings)
        }
    }
}
