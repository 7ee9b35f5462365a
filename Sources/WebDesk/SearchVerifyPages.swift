import Foundation
import Hummingbird
import Intake
import Secretariat
import Submissions
import Team

extension Desk {
    /// `StoreSearch.find`, as `crp search`: every hit with its status; a translator sees the hits
    /// in the submissions assigned to them.
    func searchPage(_ request: Request) async throws -> Response {
        try await page(request) { [self] v, ws in
            let q = request.uri.queryParameters.get("q")?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            var html = """
                <h1>\(HTML.h(s.search))</h1>
                <form method="get" action="/search"><label for="q">\(HTML.h(s.searchText))</label>
                <input id="q" name="q" value="\(HTML.attr(q))" dir="auto"> <button type="submit">\(HTML.h(s.search))</button></form>
                """
            if !q.isEmpty {
                var hits = try ws.search(q)
                if v.role == .translator {
                    let mine = Set(try ws.store.all(analysis: false).filter { $0.assignee == v.name }.map(\.id))
                    hits = hits.filter { mine.contains($0.id) }
                }
                if hits.isEmpty {
                    html += "<p>\(HTML.h(s.noHits))</p>"
                } else {
                    html +=
                        "<table><thead><tr>" + [s.id, s.state, s.status, s.details].map { "<th scope=\"col\">\(HTML.h($0))</th>" }.joined()
                        + "</tr></thead><tbody>"
                    for h in hits {
                        html +=
                            "<tr><td><a href=\"/s/\(HTML.attr(HTML.url(h.id)))\">\(HTML.h(h.id))</a></td><td>\(HTML.bdi(h.state))</td><td>\(HTML.h(h.status))</td>"
                            + "<td>\(HTML.h(h.field)):\(h.line) <span dir=\"auto\">\(HTML.bdi(h.excerpt))</span></td></tr>"
                    }
                    html += "</tbody></table>"
                }
            }
            return Self.html(layout(title: s.search, visitor: v, body: html))
        }
    }

    /// `Verifier.report` without repairing, as `crp verify`: the web desk reads, an officer repairs
    /// with the CLI.
    func verifyPage(_ request: Request) async throws -> Response {
        try await page(request, roles: [.officer, .viewer]) { [self] v, ws in
            let report = try ws.verify(repair: false)
            var html = "<h1>\(HTML.h(s.verify))</h1>"
            if report.problems.isEmpty {
                html += "<p class=\"note\">\(report.submissions) submissions. \(HTML.h(s.verifyClean))</p>"
            } else {
                html +=
                    "<p class=\"error\">\(HTML.h(s.verifyProblems))</p><ul>"
                    + report.problems.map { p in
                        "<li><code>\(HTML.h(p.file))</code>: \(HTML.h(p.problem))\(p.repairable ? " (\(HTML.h(s.repairHint)))" : "")</li>"
                    }.joined() + "</ul>"
            }
            return Self.html(layout(title: s.verify, visitor: v, body: html))
        }
    }
}
