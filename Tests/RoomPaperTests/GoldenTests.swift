import Foundation
import Intake
import Secretariat
import Submissions
import TestSupport
import Testing

@testable import RoomPaper

/// The reference paper rendered as Markdown and HTML, compared with checked-in golden files, so a
/// change to the output is seen in review. Re-record with CRP_RECORD_GOLDEN=1.
@Suite struct GoldenTests {
    static let folder = ReferenceWorkspace.repo.appendingPathComponent("Tests/RoomPaperTests/Golden")

    func check(_ name: String, _ actual: String) throws {
        let url = Self.folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["CRP_RECORD_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
            // Recording is never a pass: the run that wrote the file has compared nothing.
            Issue.record("\(name) re-recorded at \(url.path); rerun without CRP_RECORD_GOLDEN to compare")
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        if expected != actual {
            let e = expected.components(separatedBy: "\n"), a = actual.components(separatedBy: "\n")
            let line = (0..<min(e.count, a.count)).first { e[$0] != a[$0] } ?? min(e.count, a.count)
            Issue.record(
                "\(name) differs from the golden file at line \(line + 1):\n- \(line < e.count ? e[line] : "<end>")\n+ \(line < a.count ? a[line] : "<end>")\n(re-record with CRP_RECORD_GOLDEN=1 if the change is intended)"
            )
        }
    }

    @Test func referencePaperMarkdownAndHTML() throws {
        let ws = try ReferenceWorkspace()
        let doc = try Compiler(store: ws.store, catalog: ws.catalog).compile(CompileOptions(withOriginals: true))
        try check("reference-with-originals.md", MarkdownRenderer().render(doc))
        try check("reference-with-originals.html", HTMLRenderer().render(doc))
    }
}
