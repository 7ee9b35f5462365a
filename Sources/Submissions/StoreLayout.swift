import Foundation

/// The store's layout on disk, named once: every file and folder name the store, the application
/// layer and verification use to find a submission's records.
///
/// ```
/// paper.yaml                     the paper definition
/// <id>/submission.json           the registration (written once)
/// <id>/original.<ext>            the bytes as received (written once)
/// <id>/text.txt, analysis.json   derived: NFC text and its facts
/// <id>/events/<stamp>.json       the history, one file per change
/// <id>/translations/<tid>/       each translation: translation.json, original, text.txt
/// <id>/versions/<n>/             a revised original, with its derived files
/// <id>/proofread/<stamp>/        a corrected transcription of a scan
/// <id>/ocr-unread-p<n>-<i>.png   derived: a line of ink OCR could not read (a crop of the scan)
/// .crp/                          private and git-ignored: lock, status index, staging, heads, orphans
/// ```
public enum StoreLayout {
    /// The paper definition, at the workspace's root.
    public static let paper = "paper.yaml"
    /// A submission's registration.
    public static let registration = "submission.json"
    /// The stem of a stored original ("original.docx").
    public static let original = "original"
    /// The derived text (NFC, LF line ends).
    public static let text = "text.txt"
    /// The derived facts and counts of the text.
    public static let analysis = "analysis.json"
    /// The folder of a submission's events.
    public static let events = "events"
    /// The folder of a submission's translations.
    public static let translations = "translations"
    /// A translation's record, in its folder.
    public static let translationRecord = "translation.json"
    /// The folder of revised originals.
    public static let versions = "versions"
    /// The folder of corrected transcriptions of scans.
    public static let proofread = "proofread"
    /// Where a re-read text keeps the text read before.
    public static let superseded = "superseded"
    /// The crop of a line of ink OCR could not read, beside the OCR text ("ocr-unread-p1-2.png").
    public static func unreadCrop(page: Int, index: Int) -> String { "ocr-unread-p\(page)-\(index).png" }
    /// True for a name `unreadCrop` gives.
    public static func isUnreadCrop(_ name: String) -> Bool { name.hasPrefix("ocr-unread-p") && name.hasSuffix(".png") && !name.contains("/") }
    /// The private, git-ignored folder at the workspace's root.
    public static let privateFolder = ".crp"
    /// The duty station of this copy of the workspace (`crp config site`), in the private folder:
    /// each clone names its own.
    public static let site = "site"
}
