import Foundation
import MultilingualText
import Submissions

extension Registrar {
    /// Confirms the OCR text as read. Refused while lines of ink that OCR could not read are
    /// open (the text would be confirmed without them), unless `overrides.force` with its reason,
    /// recorded in the event; refused in any case when OCR read no text at all (handwriting):
    /// there is nothing to confirm, only a transcription to give.
    func confirm(_ sub: Submission, by: String, overrides: Overrides) throws -> Submission {
        let unread = sub.currentVersion.file.extraction?.unreadLines ?? []
        guard !unread.isEmpty else {
            if overrides.force {
                throw ProofreadingRefused(
                    "\(sub.id): --force confirms OCR text with lines of ink it could not read, and this text has none; without FILE, run `crp proofread \(sub.id) --by NAME` without --force. Nothing was changed."
                )
            }
            return try store.proofread(sub, corrected: nil, receivedName: nil, by: by)
        }
        let text = (try? store.derivedText(sub, version: sub.version)) ?? ""
        let crops = unread.map { "\($0.position): \(sub.currentVersion.folder)\($0.crop)" }.joined(separator: "; ")
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ProofreadingRefused(
                "\(sub.id): OCR read no text at all (handwriting or a picture, \(unread.count) line\(unread.count == 1 ? "" : "s") of ink: \(crops)), so there is nothing to confirm. Type the transcription into a .txt or .docx file and give it: `crp proofread \(sub.id) FILE --by NAME`. Nothing was changed."
            )
        }
        guard overrides.force else {
            throw ProofreadingRefused(
                "\(sub.id): \(unread.count) line\(unread.count == 1 ? "" : "s") of ink on the scan gave no text (\(crops)), so the OCR text cannot be confirmed as it is. Compare each with the scan and give the whole corrected text: `crp proofread \(sub.id) FILE --by NAME`; if those lines hold no text (a stamp, a signature), confirm with --force --reason TEXT. Nothing was changed."
            )
        }
        let note =
            "confirmed with --force despite \(unread.count) unread line\(unread.count == 1 ? "" : "s") of ink"
            + (overrides.reason.map { " (reason: \($0))" } ?? "")
        return try store.proofread(sub, corrected: nil, receivedName: nil, by: by, note: note)
    }
}
