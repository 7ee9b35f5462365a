import Foundation

/// What compile checks before it prints a submission: that what it would print is what was
/// recorded. A hand-edited `submission.json` (another State), an edited event, or a text file
/// changed after it was stored would otherwise go into the paper as the State's, although
/// `crp verify` finds them. Only hashes the records hold are compared: nothing is read again from
/// the State's file, so the check costs a few reads per submission printed.
extension Store {
    /// Every submission with the check of its history's chain, read once (`audit` without the
    /// analysis), on every core: what compile reads, so that the check costs no second reading.
    public func allAudited() throws -> [Audit] {
        try eachSubmission { try audit(id: $0, analysis: false) }
    }

    /// The problems found for one submission that goes into the paper, each as "file: what is wrong":
    /// its history's chain (from `audit`), and the text it prints against the recorded hashes.
    public func printedTextProblems(_ a: Audit) -> [String] {
        let sub = a.submission
        var out: [String] = []
        func add(_ file: String, _ problem: String) { out.append("\(sub.id)/\(file): \(problem)") }
        // The registration and every event, against the chain of hashes that links them.
        for f in a.history.findings { add(f.file, f.problem) }
        // The State's text as printed: a corrected transcription, else the version's derived text.
        if let t = sub.replay.transcription {
            let recorded = sub.events.last { $0.action == .proofread && $0.transcription == t }?.transcriptionSHA256
            if let recorded, Self.hashOfFile(sub.folder.appendingPathComponent(t + StoreLayout.text)) != recorded {
                add(t + StoreLayout.text, "the corrected transcription is not the one recorded when it was proofread: it was altered")
            }
        } else if let v = try? version(sub.version, of: sub) {
            let recorded = v.file.extraction?.textSHA256 ?? Self.textHash(inAnalysis: sub.folder.appendingPathComponent(v.folder + StoreLayout.analysis))
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

    /// The `textSHA256` an analysis file records, found in its bytes without decoding the rest
    /// (an analysis holds every line's direction: decoding 1,500 of them doubled compile's time).
    static func textHash(inAnalysis url: URL) -> String? {
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        let key = Array("\"textSHA256\"".utf8)
        let bytes = [UInt8](data)
        guard let at = bytes.firstRange(of: key) else { return nil }
        var i = at.upperBound
        while i < bytes.count, bytes[i] != UInt8(ascii: "\"") { i += 1 }
        let start = i + 1
        guard start + 64 <= bytes.count else { return nil }
        let hex = bytes[start..<start + 64]
        guard hex.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else { return nil }
        return String(decoding: hex, as: UTF8.self)
    }

    static func hashOfFile(_ url: URL) -> String? {
        FileManager.default.contents(atPath: url.path).map(FileIO.sha256)
    }
}
