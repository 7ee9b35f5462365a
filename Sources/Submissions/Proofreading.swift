import Foundation

/// OCR text that nobody has proofread yet, refused for a step that would pass it on.
public struct ProofreadingRequired: Error, LocalizedError, Equatable, Sendable {
    public let id: String
    /// What was refused: "translated", "reviewed", "exported"…
    public let action: String

    public init(id: String, action: String) { self.id = id; self.action = action }

    public var errorDescription: String? {
        "\(id) was read by OCR (or from a PDF whose text needs checking) and has not been proofread, so it cannot be \(action) yet. Compare the text (`crp show \(id)`) with the scanned original, then run `crp proofread \(id) --by NAME` to confirm it, or `crp proofread \(id) CORRECTED.txt --by NAME` to store a corrected transcription. Nothing was changed."
    }
}

/// A proofreading that cannot be recorded.
public struct ProofreadingRefused: Error, LocalizedError, Equatable, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var errorDescription: String? { message }
}

extension Submission {
    /// Throws `ProofreadingRequired` while the current text came from OCR and has not been proofread.
    public func requireProofread(_ action: String) throws {
        if needsProofreading { throw ProofreadingRequired(id: id, action: action) }
    }
}

extension Store {
    /// The text derived from one version of the original (`text.txt`, the OCR output for a scan),
    /// whatever a proofreader made of it.
    public func derivedText(_ sub: Submission, version: Int) throws -> String {
        let v = try self.version(version, of: sub)
        return try String(contentsOf: sub.folder.appendingPathComponent(v.folder + StoreLayout.text), encoding: .utf8)
    }

    /// Records the proofreading of the current version's OCR text: `corrected` nil confirms the
    /// text as read; otherwise the corrected transcription (normalized text) is stored in a folder
    /// of its own, `proofread/<stamp>-<random>/text.txt`, written once, its SHA-256 recorded in the
    /// event, and becomes the text the paper, the exports and the search use; `analysis` (its
    /// counts, derived and rebuildable) is stored beside it as `analysis.json`, so status and
    /// workload count the corrected text. The scanned original and the OCR output stay as they are.
    public func proofread(
        _ stale: Submission, corrected: String?, analysis: TextAnalysis? = nil, receivedName: String?, by: String,
        note: String? = nil
    ) throws -> Submission {
        try changing(stale) { sub in
            if sub.status == .withdrawn { throw StoreError.withdrawn(id: sub.id) }
            guard sub.currentVersion.file.extraction?.requiresProofreading == true else {
                throw ProofreadingRefused(
                    "\(sub.id) was not read by OCR or marked for checking: its text is the text of the file itself, and there is nothing to proofread. To replace the text, register the State's new file with `crp revise`."
                )
            }
            let now = clock.now()
            var folder: String? = nil
            var published: (folder: URL, staging: URL)? = nil
            if let corrected {
                let stamp = Clock.stamp(now).replacingOccurrences(of: ":", with: "").replacingOccurrences(of: "-", with: "")
                let rel = "\(StoreLayout.proofread)/\(stamp)-\(FileIO.randomHex(4))/"
                let dir = sub.folder.appendingPathComponent(rel)
                let staging = sub.folder.appendingPathComponent("\(StoreLayout.proofread)/.staging-\(FileIO.randomHex(4))")
                let fm = FileManager.default
                do {
                    try FileIO.createHeldFolder(staging)
                    try FileIO.writeNew(corrected, to: staging.appendingPathComponent(StoreLayout.text), mode: 0o444)
                    if let analysis { try Self.writeAnalysis(analysis, to: staging.appendingPathComponent(StoreLayout.analysis)) }
                    try FileIO.publishDirectory(staging, to: dir)
                } catch {
                    try? fm.removeItem(at: staging)
                    throw error
                }
                folder = rel
                published = (dir, staging)
            }
            let who = receivedName.map { "corrected transcription from \($0)" }
            let notes = [who, note].compactMap { $0 }
            let event = Event(
                action: .proofread, at: Clock.stamp(now), by: by, note: notes.isEmpty ? nil : notes.joined(separator: "; "),
                transcription: folder, version: sub.version, transcriptionSHA256: corrected.map { FileIO.sha256($0) })
            if let published {
                try appendOrWithdraw(event, to: sub, published: published.folder, staging: published.staging)
            } else {
                try append(event, to: sub)
            }
        }
    }
}

extension Submission {
    /// Where proofreading of the current version stands, for `crp show`: nil when its text needs none.
    public var proofreadState: String? {
        guard currentVersion.file.extraction?.requiresProofreading == true else { return nil }
        if needsProofreading { return "not yet: `crp proofread \(id) [CORRECTED.txt] --by NAME` before translation, review or export" }
        let last = events.last { $0.action == .proofread }
        let how = replay.transcription.map { "corrected transcription \($0)\(StoreLayout.text)" } ?? "OCR text confirmed"
        return "\(how), by \(last?.by ?? "?") at \(last?.at ?? "?")"
    }
}
