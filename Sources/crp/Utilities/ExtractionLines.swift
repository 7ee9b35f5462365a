import Foundation
import MultilingualText
import Submissions

/// The lines `crp show` prints about how a text was extracted (program, version, OCR confidence,
/// the lines OCR was least sure of, what was left out, what needs checking).
enum ExtractionLines {
    /// `folder`: the version's folder inside the record ("" for the first), where the crops are.
    /// `id`: the submission's, put into the caveats that name a command to run.
    static func lines(_ x: Extraction, proofread: String?, folder: String = "", id: String? = nil) -> [(String, String)] {
        var out: [(String, String)] = [("extraction", x.summary)]
        if let p = proofread { out.append(("proofread", p)) }
        for c in id.map(x.caveats(for:)) ?? x.caveats ?? [] { out.append(("check", SafeText.oneLine(c))) }
        for u in x.unreadLines ?? [] { out.append(("unread", "\(u.position): no text read; look at the scan (crop \(folder)\(u.crop))")) }
        for l in x.lowestLines ?? [] {
            out.append(("low conf.", "page \(l.page), \(String(format: "%.1f", l.confidence)) %: \(SafeText.oneLine(l.text))"))
        }
        if let removed = x.removed, !removed.isEmpty {
            out.append(("left out", removed.map(SafeText.oneLine).joined(separator: " · ") + " (page furniture)"))
        }
        return out
    }
}
