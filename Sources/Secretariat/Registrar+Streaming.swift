import Foundation
import Intake
import MultilingualText
import Submissions

extension Registrar {
    /// Registers a large plain-text file through `StreamingIntake` (bounded memory); nil when the
    /// file is to be read whole. The result is the one `register(_:)` gives for the same file.
    func registerStreaming(
        _ r: Request, states: [String], language lang: LanguageResources,
        tuning: StreamingIntake.Tuning = .standard
    ) throws -> (submission: Submission, findings: [Finding])? {
        let link = try InputLink.check(r.file)
        guard let s = try StreamingIntake.stream(r.file, into: store, options: r.options, language: lang.code, tuning: tuning) else {
            return nil
        }
        do {
            let (date, _) = receivedDate(r.received, sent: nil)  // a plain-text file has no Date: header
            try checkReceived(date, force: r.overrides.force)
            let (analysis, findings) = Analyzer.assemble(
                facts: s.facts, words: s.words, sentences: s.sentences, textHash: s.textSHA256, bidi: s.bidi, language: lang.code,
                expectedScripts: lang.scripts, source: s.staged.sha256)
            var received = ReceivedText(
                bytes: s.sample, name: r.file.lastPathComponent, kind: s.kind, encoding: s.charset, text: "",
                companions: [:], facts: s.facts)
            received.link = link
            return try complete(
                received, analysis: analysis, findings: findings, states: states, language: lang, items: r.items,
                date: date, by: r.by, strict: r.strict, overrides: r.overrides, options: r.options, staged: s.staged)
        } catch {
            try? FileManager.default.removeItem(at: s.staged.folder)
            throw error
        }
    }
}
