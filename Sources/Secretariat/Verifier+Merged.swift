import Foundation
import Platform
import Submissions

// What `crp sync` checks in the folders a merge brought in unchanged from one other duty station.
//
// Such a folder arrives byte for byte as the sending site committed it (git names every file by
// its hash), and the sending site's `crp sync` verified it, deriving each text again from its
// original, before it was committed. Deriving it again here proves nothing new and cost 90 % of a
// first sync (10,000 texts read and analysed again). What a merge can break, or a copy that
// skipped crp could have sent, is checked: the records decode (schema), each history's chain and
// the commands' rules, every file against the hash its record holds (original, derived text and
// analysis, translation, corrected transcription), stray files and leftovers (store-wide, as
// always). A folder both sides changed is merged by git line by line and is verified in full.

extension Verifier {
    /// A version's files against their records, without reading the original again: the
    /// analysis decodes and names this original, the derived text has the hash the analysis (and
    /// the extraction, when a program gave it) recorded.
    /// `decoded` receives the analysis read (the summary of a sync reuses it).
    func versionHashes(_ v: OriginalVersion, of sub: Submission, folder: URL, id: String, decoded: ((TextAnalysis) -> Void)? = nil) -> [Problem] {
        var out: [Problem] = []
        func add(_ file: String, _ p: String) { out.append(Problem(id: id, file: "\(id)/\(file)", problem: p, repairable: true)) }
        let derived = folder.path + "/" + v.folder
        for (file, problem) in Self.unreadCropProblems(v, derived: derived) {
            out.append(Problem(id: id, file: "\(id)/\(file)", problem: problem, repairable: false))
        }
        guard let analysis = (try? store.derivedAnalysis(sub, version: v.number)) ?? nil else {
            add(v.folder + StoreLayout.analysis, "the analysis is missing or unreadable")
            return out
        }
        decoded?(analysis)
        if analysis.source != v.file.sha256 { add(v.folder + StoreLayout.analysis, "the analysis is stale or was altered: it names another original") }
        guard let text = FileManager.default.contents(atPath: derived + StoreLayout.text) else {
            add(v.folder + StoreLayout.text, "the derived text is missing")
            return out
        }
        let hash = FileIO.sha256(text)
        if let recorded = v.file.extraction?.textSHA256, hash != recorded {
            add(v.folder + StoreLayout.text, "the derived text differs from what \(v.file.extraction?.tool ?? "the reader") gave when it was received")
        } else if hash != analysis.textSHA256 {
            add(v.folder + StoreLayout.text, "the derived text differs from the one its analysis was made from")
        }
        return out
    }

    /// A corrected transcription against the hash its event recorded.
    func transcriptionHash(_ t: String, event e: Event, folder: URL, id: String) -> [Problem] {
        let file = folder.appendingPathComponent(t).appendingPathComponent(StoreLayout.text)
        guard let data = FileManager.default.contents(atPath: file.path) else {
            return [
                Problem(
                    id: id, file: "\(id)/\(t)\(StoreLayout.text)", problem: "the history refers to a corrected transcription that is not stored",
                    repairable: false)
            ]
        }
        if let recorded = e.transcriptionSHA256, String(data: data, encoding: .utf8).map(FileIO.sha256) != recorded {
            return [
                Problem(
                    id: id, file: "\(id)/\(t)\(StoreLayout.text)",
                    problem: "the corrected transcription's SHA-256 does not match the one recorded when it was proofread: the file was altered",
                    repairable: false)
            ]
        }
        return []
    }

    /// A translation's derived text is there and is UTF-8 text (its record holds no hash of it).
    static func translationTextProblem(_ dir: URL) -> String? {
        guard let data = FileManager.default.contents(atPath: dir.appendingPathComponent(StoreLayout.text).path), String(data: data, encoding: .utf8) != nil
        else { return "the derived translation text is missing or stale" }
        return nil
    }
}
