import Foundation
import MultilingualText
import Submissions

extension Registrar {
    /// Below this share of words in common, two texts for one State are not taken for one letter.
    static let sameWordsShare = 0.9

    /// Submissions for one of the same States, not withdrawn, whose text has the same words as
    /// `text` (at least nine in ten, counted as search folds them) although neither its bytes nor
    /// its normalized text are the same: the same letter sent again in another format (a PDF and
    /// its Word file: the line breaks, hyphens and page furniture differ). Registration is not
    /// refused, since a State may send two letters alike; the officer is told which, and how to
    /// withdraw the later one. Texts under twenty words are not judged.
    func sameWords(as sub: Submission, text: String) -> [Finding] {
        guard !text.isEmpty, let summaries = try? StatusIndex(store: store).summaries() else { return [] }
        var found: [Finding] = []
        // A translation given as an original: the same text as one attached to a submission of the same State.
        for s in summaries where s.id != sub.id && s.hasTranslation && !Set(s.states).isDisjoint(with: sub.record.allStates) {
            guard let other = try? store.resolve(s.id), let (record, translation) = try? store.translation(other),
                translation == text || record.original.sha256 == sub.currentVersion.file.sha256
            else { continue }
            found.append(
                .warning(
                    "register.is-a-translation", subject: sub.id,
                    "\(sub.id) is the translation attached to \(s.id) (\(record.original.receivedName)), not a State's original: if it was registered by mistake, withdraw it with `crp withdraw \(sub.id) --reason \"A translation, not an original\"` (it stays stored)."
                ))
        }
        found += sameMessage(as: sub, summaries: summaries)
        guard let mine = try? TranscriptionAgreement.keys(text, sub.record.language), mine.count >= 20 else { return found }
        for s in summaries where s.id != sub.id && s.status != .withdrawn && !Set(s.states).isDisjoint(with: sub.record.allStates) {
            // The word counts of one letter in two formats are close; a text far longer or shorter is another letter.
            guard s.words > 0, abs(s.words - mine.count) * 10 <= max(s.words, mine.count) * 2,
                let other = try? store.resolve(s.id), let otherText = try? store.originalText(other),
                let a = try? TranscriptionAgreement(ocr: otherText, transcription: text, language: sub.record.language),
                Double(a.kept) >= Self.sameWordsShare * Double(max(a.ocrWords, a.transcriptionWords))
            else { continue }
            found.append(
                .warning(
                    "register.same-words", subject: sub.id,
                    "\(sub.id) has the same words as \(s.id) (\(s.states.joined(separator: ", ")), received \(s.received), \(a.kept) of \(max(a.ocrWords, a.transcriptionWords)) words alike) in a file that is not the same: the same letter in another format? If so, withdraw the later one with `crp withdraw \(sub.id) --reason \"Same letter as \(s.id)\"` (it stays stored)."
                ))
        }
        return found
    }

    /// Another part of an e-mail already registered for one of the same States: the message (kept
    /// as the original when its body was taken, else beside it as `received-…`) has the same
    /// bytes. Not refused, since one message may carry two letters (comments on two items); the
    /// officer is told which, and how to withdraw this one.
    func sameMessage(as sub: Submission, summaries: [SubmissionSummary]) -> [Finding] {
        let mine = Self.messageHashes(in: store.root.appendingPathComponent(sub.id))
        guard !mine.isEmpty else { return [] }
        let part = sub.record.parts?.first(where: \.taken)?.name ?? sub.record.original.receivedName
        var found: [Finding] = []
        for s in summaries where s.id != sub.id && s.status != .withdrawn && !Set(s.states).isDisjoint(with: sub.record.allStates) {
            guard !mine.isDisjoint(with: Self.messageHashes(in: store.root.appendingPathComponent(s.id))) else { continue }
            let other = (try? store.resolve(s.id)).flatMap { $0.record.parts?.first(where: \.taken)?.name } ?? "another part"
            found.append(
                .warning(
                    "register.same-message", subject: sub.id,
                    "\(sub.id) takes the part \(part) of the e-mail already registered as \(s.id) (part \(other)): if the message holds two letters of \(s.states.joined(separator: ", ")), keep both; if this part was chosen by mistake, withdraw it with `crp withdraw \(sub.id) --reason \"Wrong part of the e-mail\"` (it stays stored)."
                ))
        }
        return found
    }

    /// The SHA-256 of the e-mails and Outlook messages a submission's folder keeps: its original
    /// when that is the message, and the message kept beside an attachment (`received-…`).
    static func messageHashes(in folder: URL) -> Set<String> {
        var out: Set<String> = []
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        where (name.hasPrefix("received-") || name.hasPrefix("original.")) && (name.hasSuffix(".eml") || name.hasSuffix(".msg")) {
            if let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) { out.insert(FileIO.sha256(data)) }
        }
        return out
    }
}
