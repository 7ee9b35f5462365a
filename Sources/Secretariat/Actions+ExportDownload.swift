import Exchange
import Foundation
import RoomPaper
import Submissions

extension Workspace {
    /// An export as one file to hand over (a web download): the XLIFF of one submission, a ZIP of
    /// the XLIFF files of several, or the one TMX of them all.
    public struct ExportDownload: Sendable {
        public var name: String
        public var data: Data
        public var mediaType: String
        /// The submissions in it.
        public var ids: [String]
    }

    /// `export` of the submissions `ids` (the same selection, refusals and writers as
    /// `crp export ID… --format F`), written into a private folder under `scratch` (outside the
    /// workspace, removed after) and returned as one file.
    public func exportDownload(ids: [String], format: Exporter.Format, scratch: URL) throws -> Outcome<ExportDownload> {
        guard !ids.isEmpty else { throw ActionProblem("Choose at least one submission to export.") }
        let folder = scratch.appendingPathComponent("export-" + FileIO.randomHex(8))
        defer { try? FileManager.default.removeItem(at: folder) }
        let done = try export(ExportRequest(selection: .ids(ids), format: format, output: folder, force: true))
        let written = done.value.written
        let chosen = try ids.map { try store.resolve($0).id }
        let type = format == .tmx ? "application/x-tmx+xml" : "application/xliff+xml"
        if written.count == 1, let file = written.first {
            return Outcome(
                ExportDownload(name: file.lastPathComponent, data: try Data(contentsOf: file), mediaType: type, ids: chosen), findings: done.findings)
        }
        let files = try written.map { ($0.lastPathComponent, try Data(contentsOf: $0)) }
        let name = SafeName.reduce(store.paper.symbol, limit: 60) + "-\(format.rawValue).zip"
        return Outcome(ExportDownload(name: name, data: try ZipArchive.make(files), mediaType: "application/zip", ids: chosen), findings: done.findings)
    }
}
