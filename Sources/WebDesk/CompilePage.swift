import Foundation
import Hummingbird
import Intake
import RoomPaper
import Secretariat
import Submissions
import Team

extension Desk {
    /// What the next paper holds (compile's report and `--strict`'s verdict), and the form that
    /// downloads it in a format. Compiling changes nothing, so viewers may use it too.
    func compilePage(_ request: Request) async throws -> Response {
        try await page(request, roles: [.officer, .viewer]) { [self] v, ws in
            let formats = PaperFormat.allCases.map { "<option value=\"\($0.rawValue)\"\($0 == .docx ? " selected" : "")>\($0.rawValue)</option>" }.joined()
            var html = """
                <h1>\(HTML.h(s.compile)): \(HTML.h(ws.store.paper.symbol))</h1>
                <form method="get" action="/compile/paper"><fieldset><legend>\(HTML.h(s.compile))</legend>
                <label for="format">\(HTML.h(s.format))</label> <select id="format" name="format">\(formats)</select>
                <label><input type="checkbox" name="all" value="1"> \(HTML.h(s.allSubmissions))</label>
                <label><input type="checkbox" name="originals" value="1"> \(HTML.h(s.withOriginals))</label>
                <button type="submit">\(HTML.h(s.compile))</button></fieldset></form>
                """
            do {
                let report = try ws.compile(Workspace.CompileRequest(format: .md)).report
                html +=
                    "<h2>\(HTML.h(s.compileReport))</h2><p class=\"\(report.complete ? "note" : "error")\">\(HTML.h(report.complete ? s.strictVerdictComplete : s.strictVerdictIncomplete))</p>"
                html += "<ul>" + report.lines.map { "<li>\(HTML.h($0))</li>" }.joined() + "</ul>"
            } catch {
                html += "<p role=\"alert\" class=\"error\">\(HTML.h(words(error.localizedDescription)))</p>"
            }
            return Self.html(layout(title: s.compile, visitor: v, body: html))
        }
    }

    /// The paper in the format asked for, as `crp compile --format F` writes it.
    func compiledPaper(_ request: Request) async throws -> Response {
        try await page(request, roles: [.officer, .viewer]) { _, ws in
            let q = request.uri.queryParameters
            guard let format = q.get("format").flatMap(PaperFormat.init(rawValue:)) else {
                throw DeskError.badValue("Choose a format: md, html, docx or pdf.")
            }
            let compiled = try ws.compile(Workspace.CompileRequest(format: format, all: q.get("all") == "1", withOriginals: q.get("originals") == "1"))
            let data = compiled.data
            let types: [PaperFormat: String] = [
                .md: "text/markdown; charset=utf-8", .html: "application/octet-stream",
                .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", .pdf: "application/pdf",
            ]
            return Self.download(
                data, name: compiled.suggestedFileName,
                type: types[format] ?? "application/octet-stream")
        }
    }
}
