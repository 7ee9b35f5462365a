import Exchange
import Foundation
import Hummingbird
import Intake
import Secretariat
import Submissions
import Team

extension Desk {
    /// The forms a translator (or officer) uses with a CAT tool: the submission as XLIFF, and the
    /// translated XLIFF taken back.
    func exchangeForms(_ sub: Submission, _ v: Visitor) -> String {
        let base = "/s/\(HTML.url(sub.id))"
        var html =
            "<h2>\(HTML.h(s.forTranslators))</h2><p><a href=\"\(HTML.attr(base))/xliff?format=xliff2\">\(HTML.h(s.downloadXLIFF2))</a> · "
            + "<a href=\"\(HTML.attr(base))/xliff?format=xliff1\">\(HTML.h(s.downloadXLIFF1))</a> · "
            + "<a href=\"\(HTML.attr(base))/original\">\(HTML.h(s.downloadOriginal))</a></p>"
        if v.role == .officer || (v.role == .translator && sub.assignee == v.name) {
            html += """
                <form method="post" action="\(HTML.attr(base))/xliff" enctype="multipart/form-data" class="inline">\(csrfField(v))
                <label for="xfile">\(HTML.h(s.xliffFile))</label> <input id="xfile" type="file" name="file" required>
                <button type="submit">\(HTML.h(s.returnXLIFF))</button></form>
                """
        }
        return html
    }

    /// The submission as XLIFF 2.1 or 1.2, as `crp export ID --format xliff2|xliff1` writes it.
    func xliff(_ request: Request, _ context: DeskContext) async throws -> Response {
        try await page(request) { [self] v, ws in
            let sub = try submission(context.parameters.get("id"), ws, v)
            let format: Exporter.Format = request.uri.queryParameters.get("format") == "xliff1" ? .xliff1 : .xliff2
            // Exports are refused inside the workspace: a private folder outside it, removed after.
            let folder = config.scratch.appendingPathComponent("export-" + FileIO.randomHex(8))
            defer { try? FileManager.default.removeItem(at: folder) }
            let result = try ws.export(Workspace.ExportRequest(selection: .ids([sub.id]), format: format, output: folder, force: true)).value
            if let skipped = result.skipped.first { throw DeskError.badValue("\(skipped.id): \(skipped.reason)") }
            guard let file = result.written.first else { throw NotVisible(status: .notFound) }
            return Self.download(try Data(contentsOf: file), name: file.lastPathComponent, type: "application/xliff+xml")
        }
    }

    /// A translated XLIFF taken back (`XLIFFImporter`, as `crp import`): it must be this
    /// submission's; its targets become the translation.
    func importXLIFF(_ request: Request, _ context: DeskContext) async throws -> Response {
        try await action(request, roles: [.officer, .translator], limit: XLIFFReader.limits.maxBytes) { [self] v, ws, form in
            let sub = try submission(context.parameters.get("id"), ws, v)
            if v.role == .translator && sub.assignee != v.name { throw NotVisible(status: .forbidden) }
            guard let upload = form.files["file"], !upload.data.isEmpty else { throw DeskError.missing(s.xliffFile) }
            var request = Workspace.ImportRequest(
                files: [(upload.data, Uploads.safeName(upload.fileName))],
                translator: v.role == .translator ? v.name : nil, by: v.name)
            request.expectedID = sub.id
            let updated = try ws.importTranslations(request).value.first?.updated ?? sub
            return Self.redirect("/s/\(HTML.url(updated.id))")
        }
    }
}
