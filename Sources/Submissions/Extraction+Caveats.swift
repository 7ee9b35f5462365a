import Foundation

extension Extraction {
    /// The caveats as an officer reads them once the submission has its id: a caveat written when
    /// the file was read (before registration gave it an id) names the command to run as
    /// `crp proofread ID FILE`; here it names the submission's own id.
    public func caveats(for id: String) -> [String] {
        (caveats ?? []).map { $0.replacingOccurrences(of: "crp proofread ID FILE", with: "crp proofread \(id) FILE") }
    }
}
