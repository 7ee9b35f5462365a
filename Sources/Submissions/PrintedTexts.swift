import Foundation

/// What compile checks before it prints a submission: that what it would print is what was
/// recorded. A hand-edited `submission.json` (another State), an edited event, or a text file
/// changed after it was stored would otherwise go into the paper as the State's, although
/// `crp verify` finds them. Only hashes the records hold are compared: nothing is read again from
/// the State's file, so the check costs a few reads per submission printed.
extension Store {
    /// The problems found for one submission that goes into the paper, each as "file: what is wrong".
    public func printedTextProblems(_ sub: Submission) -> [String] {
        var out: [String] = []
        func add(_ file: String, _ problem: String) { out.append("\(sub.id)/\(file): \(problem)") }
        // The registration and every event, against the chain of hashes that links them.
        do {
            for f in try audit(id: sub.id).history.findings { add(f.file, f.problem) }
        } catch {
            add(StoreLayout.registration, (error as? LocalizedError)?.errorDescription ?? "\(error)")
            return out
        }
        // The State's text as printed: a corrected transcription, else the version's derived text.
        if let t = sub.replay.transcription {
            let recorded = sub.events.last { $0.action == .proofread && $0.transcription == t }?.transcriptionSHA256
            if let recorded, Self.hashOfFile(sub.folder.appendingPathComponent(t + StoreLayout.text)) != recorded {
                add(t + StoreLayout.text, "the corrected transcription is not the one recorded when it was proofread: it was altered")
            }
        } else if let v = try? version(sub.version, of: sub) {
            let recorded = v.file.extraction?.textSHA256 ?? ((try? derivedAnalysis(sub, version: sub.version)) ?? nil)?.textSHA256
            if let recorded, Self.hashOfFile(sub.folder.appendingPathComponent(v.folder + StoreLayout.text)) != recorded {
                add(v.folder + StoreLayout.text, "the text is not the one derived from the original when it was received: it was altered")
            }
        }
        // The translation printed, against the hash its event recorded.
        if let tid = sub.translationID,
            let recorded = sub.events.last(where: { $0.action == .translated && $0.translation == tid })?.translationSHA256
        {
            let file = "\(StoreLayout.translations)/\(tid)/\(StoreLayout.text)"
            if Self.hashOfFile(sub.folder.appendingPathComponent(file)) != recorded {
                add(file, "the translation's text is not the one stored when it was attached: it was altered")
            }
        }
        return out
    }

    static func hashOfFile(_ url: URL) -> String? {
        FileManager.default.contents(atPath: url.path).map(FileIO.sha256)
    }
}
