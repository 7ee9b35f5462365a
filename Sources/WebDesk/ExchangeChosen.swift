import Exchange
import Foundation
import Hummingbird
import Secretariat
import Submissions
import Team

extension Desk {
    /// The submissions that can go to translators, each with a checkbox, and the format: one
    /// download for all those chosen (`Workspace.exportDownload`, the export `crp export` does).
    /// A translator lists the submissions assigned to them. The list comes from the status index.
    func exchangePage(_ request: Request) async throws -> Response {
        try await page(request) { [self] v, ws in
            let listing = try ws.status()
            let rows = listing.rows.filter { r in
                r.status != Status.withdrawn.rawValue && r.language != ws.store.paper.language
                    && (v.role != .translator || listing.assignees[r.id] == v.name)
            }
            var html = "<h1>\(HTML.h(s.exchange))</h1><p>\(HTML.h(s.exportHint))</p>"
            guard !rows.isEmpty else { return Self.html(layout(title: s.exchange, visitor: v, body: html + "<p>\(HTML.h(s.noneToExport))</p>")) }
            let formats = Exporter.Format.allCases.map { f in
                "<option value=\"\(f.rawValue)\">\(HTML.h(f == .xliff2 ? "XLIFF 2.1" : f == .xliff1 ? "XLIFF 1.2" : "TMX"))</option>"
            }.joined()
            html +=
                "<form method=\"get\" action=\"/exchange/download\"><table><caption>\(HTML.h(s.exportChosen))</caption><thead><tr>"
                + [s.choose, s.id, s.state, s.language, s.status].map { "<th scope=\"col\">\(HTML.h($0))</th>" }.joined() + "</tr></thead><tbody>"
            for (i, r) in rows.enumerated() {
                html +=
                    "<tr><td><input type=\"checkbox\" name=\"id\" value=\"\(HTML.attr(r.id))\" id=\"pick-\(i)\"></td>"
                    + "<td><label for=\"pick-\(i)\">\(HTML.h(r.id))</label></td><td>\(r.states.map(HTML.bdi).joined(separator: ", "))</td>"
                    + "<td>\(HTML.h(r.language))</td><td>\(HTML.h(r.statusDisplay))</td></tr>"
            }
            html += """
                </tbody></table>
                <div class="field"><label for="format">\(HTML.h(s.format))</label><select id="format" name="format">\(formats)</select></div>
                <button type="submit">\(HTML.h(s.exportChosen))</button></form>
                """
            return Self.html(layout(title: s.exchange, visitor: v, body: html))
        }
    }

    /// The chosen submissions as one file. Each must be one the visitor may see (a translator's
    /// own); the export's refusals (withdrawn, not proofread, not reviewed for TMX) are shown in its words.
    func exchangeDownload(_ request: Request) async throws -> Response {
        try await page(request) { [self] v, ws in
            let q = request.uri.queryParameters
            let ids = q.getAll("id").map { "\($0)" }
            guard let format = q.get("format").flatMap(Exporter.Format.init(rawValue:)) else {
                throw DeskError.badValue("Choose the format: xliff2, xliff1 or tmx.")
            }
            let visible = try ids.map { try submission($0, ws, v).id }
            let file = try ws.exportDownload(ids: visible, format: format, scratch: config.scratch).value
            return Self.download(file.data, name: file.name, type: file.mediaType)
        }
    }
}
