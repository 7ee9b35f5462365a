import Foundation

/// What compile checks before it prints a submission: that what it would print is what was
/// recorded. A hand-edited `submission.json` (another State), an edited event, or a text file
/// changed after it was stored would otherwise go into the paper as the State's, although
/// `crp verify` finds them. Only hashes the records hold are compared: nothing is read again from
/// the State's file, and each text is read once: the bytes hashed are the bytes printed.
extension Store {
    /// Every submission with the check of its history's chain, read once (`audit` without the
    /// analysis), on every core: what compile reads, so that the check costs no second reading.
    public func allAudited() throws -> [Audit] {
        try eachSubmission { try audit(id: $0, analysis: false) }
    }

    /// The texts a submission brings to the paper, each read once, with the problems found by
    /// comparing the bytes read with the hashes its records hold, each as "id/file: what is wrong".
    public struct PrintedTexts: Sendable {
        /// The text of the current original: a corrected transcription, else the version's derived text.
        public var original: String
        /// The attached translation (when asked for and attached).
        public var translation: (record: TranslationRecord, text: String)?
        /// Each text whose bytes are not those recorded; empty when every one matched (or has no
        /// recorded hash, as in a store older than the hashes).
        public var problems: [String]
    }

    /// The text of the current original (as `originalText`) and, with `withTranslation`, the
    /// attached translation (as `translation`), each read once and checked against the hash
    /// recorded for it: the corrected transcription against its `proofread` event, the derived text
    /// against the hash recorded when it was received (its extraction, else its analysis), the
    /// translation against its `translated` event (checked, unread, without `withTranslation`).
    /// A text that does not match is returned as read (never printed: compile refuses) with its
    /// problem; one that cannot be read throws, as `originalText` does.
    public func printedTexts(_ sub: Submission, withTranslation: Bool) throws -> PrintedTexts {
        var problems: [String] = []
        let base = sub.folder.path + "/"
        func text(_ file: String, recorded: String?, _ problem: String) throws -> String {
            try Self.checkedText(path: base + file, recorded: recorded) { problems.append("\(sub.id)/\(file): \(problem)") }
        }
        let v = try version(sub.version, of: sub)
        let original: String
        if let t = sub.replay.transcription {
            let recorded = sub.events.last { $0.action == .proofread && $0.transcription == t }?.transcriptionSHA256
            original = try text(
                t + StoreLayout.text, recorded: recorded, "the corrected transcription is not the one recorded when it was proofread: it was altered")
        } else {
            let recorded = v.file.extraction?.textSHA256 ?? Self.textHash(inAnalysisAt: base + v.folder + StoreLayout.analysis)
            original = try text(
                v.folder + StoreLayout.text, recorded: recorded, "the text is not the one derived from the original when it was received: it was altered")
        }
        var translation: (record: TranslationRecord, text: String)?
        if let tid = sub.translationID {
            let recorded = sub.events.last(where: { $0.action == .translated && $0.translation == tid })?.translationSHA256
            let file = "\(StoreLayout.translations)/\(tid)/\(StoreLayout.text)"
            let problem = "the translation's text is not the one stored when it was attached: it was altered"
            if withTranslation {
                let record = try read(TranslationRecord.self, path: base + "\(StoreLayout.translations)/\(tid)/\(StoreLayout.translationRecord)")
                translation = (record, try text(file, recorded: recorded, problem))
            } else if let recorded, FileManager.default.contents(atPath: base + file).map(FileIO.sha256) != recorded {
                problems.append("\(sub.id)/\(file): \(problem)")
            }
        }
        return PrintedTexts(original: original, translation: translation, problems: problems)
    }

    /// The UTF-8 text of the file at `path`, read once; `altered` is called when its bytes do not
    /// have the SHA-256 `recorded` (nil: nothing recorded to compare with). Text that is not UTF-8
    /// is refused as `String(contentsOf:encoding:)` refuses it, unless it is already reported altered.
    static func checkedText(path: String, recorded: String?, altered: () -> Void) throws -> String {
        let data = try Data(contentsOf: URL(filePath: path, directoryHint: .notDirectory))
        if let recorded, FileIO.sha256(data) != recorded {
            altered()
            return String(decoding: data, as: UTF8.self)
        }
        guard let text = data.withUnsafeBytes({ String(validating: $0, as: UTF8.self) }) else {
            throw CocoaError(.fileReadInapplicableStringEncoding, userInfo: [NSFilePathErrorKey: path])
        }
        return text
    }

    /// The `textSHA256` an analysis file records, found in its bytes without decoding the rest
    /// (an analysis holds every line's direction: decoding 1,500 of them doubled compile's time),
    /// and without Foundation's generic `firstRange(of:)`, which cost compile a tenth of its time.
    static func textHash(inAnalysisAt path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let key = Array("\"textSHA256\"".utf8)
        return data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> String? in
            guard bytes.count >= key.count else { return nil }
            var at = -1
            search: for i in 0...(bytes.count - key.count) where bytes[i] == key[0] {
                for j in 1..<key.count where bytes[i + j] != key[j] { continue search }
                at = i
                break
            }
            guard at >= 0 else { return nil }
            var i = at + key.count
            while i < bytes.count, bytes[i] != UInt8(ascii: "\"") { i += 1 }
            let start = i + 1
            guard start + 64 <= bytes.count else { return nil }
            let hex = bytes[start..<start + 64]
            guard hex.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else { return nil }
            return String(decoding: hex, as: UTF8.self)
        }
    }
}
