import Foundation
import Hummingbird
import Intake
import RoomPaper
import Secretariat
import Submissions
import Team

extension Desk {
    /// The status board: `crp status`'s filters, rows and totals (`StatusListing`, as the CLI).
    /// A translator sees the submissions assigned to them.
    func board(_ request: Request) async throws -> Response {
        try await page(request) { [self] v, ws in
            let q = request.uri.queryParameters
            func param(_ k: String) -> String? { q.get(k).flatMap { $0.isEmpty ? nil : $0 } }
            var problems: [String] = []
            let status = param("status").flatMap { v -> Status? in
                if let st = Status(rawValue: v) { return st }
                problems.append("Unknown status \"\(v)\"."); return nil
            }
            let item = param("item").flatMap { v -> Int? in
                if let n = Int(v) { return n }
                problems.append("The agenda item must be a number."); return nil
            }
            let language = param("language").flatMap { LocaleCatalog.officialLanguages.contains($0) ? $0 : nil }
            var state: String? = nil
            if let typed = param("state") {
                do { state = try ws.catalog.canonicalState(typed) } catch { problems.append(error.localizedDescription) }
            }
            let filter = StatusFilter(
                status: status, item: item, language: language, state: state,
                late: q.get("late") == "1", pending: q.get("pending") == "1")
            let listing = try ws.status(filter)
            // Who has what comes from the status index with the rows: no record is read here.
            let assignees = listing.assignees
            let rows = v.role == .translator ? listing.rows.filter { assignees[$0.id] == v.name } : listing.rows

            func option(_ value: String, _ label: String, _ selected: Bool) -> String {
                "<option value=\"\(HTML.attr(value))\"\(selected ? " selected" : "")>\(HTML.h(label))</option>"
            }
            let statusOptions = option("", s.any, status == nil) + Status.allCases.map { option($0.rawValue, $0.rawValue, $0 == status) }.joined()
            let itemOptions =
                option("", s.any, item == nil) + ws.store.paper.items.map { option(String($0.number), "\($0.number). \($0.title)", $0.number == item) }.joined()
            let langOptions = option("", s.any, language == nil) + LocaleCatalog.officialLanguages.map { option($0, $0, $0 == language) }.joined()
            var html = """
                <h1>\(HTML.h(s.board)): \(HTML.h(ws.store.paper.symbol))</h1>
                \(syncBanner(ws))\(translationChoices(ws))
                \(problems.map { "<p role=\"alert\" class=\"error\">\(HTML.h($0))</p>" }.joined())
                <form method="get" action="/board" class="filters"><fieldset><legend>\(HTML.h(s.filter))</legend>
                <label>\(HTML.h(s.status)) <select name="status">\(statusOptions)</select></label>
                <label>\(HTML.h(s.agendaItems)) <select name="item">\(itemOptions)</select></label>
                <label>\(HTML.h(s.language)) <select name="language">\(langOptions)</select></label>
                <label>\(HTML.h(s.state)) <input name="state" value="\(HTML.attr(param("state") ?? ""))" list="states"></label>
                <label><input type="checkbox" name="late" value="1"\(filter.late ? " checked" : "")> \(HTML.h(s.lateOnly))</label>
                <label><input type="checkbox" name="pending" value="1"\(filter.pending ? " checked" : "")> \(HTML.h(s.pendingOnly))</label>
                <button type="submit">\(HTML.h(s.filter))</button></fieldset></form>
                \(statesList(ws))
                """
            if rows.isEmpty {
                html += "<p>\(HTML.h(s.noSubmissions))</p>"
            } else {
                html +=
                    "<table><caption>\(HTML.h(filter.isEmpty ? s.board : filter.summary))</caption><thead><tr>"
                    + [s.id, s.state, s.language, s.agendaItems, s.dateReceived, s.status, s.words, s.assignedTo].map { "<th scope=\"col\">\(HTML.h($0))</th>" }
                    .joined()
                    + "</tr></thead><tbody>"
                // A long board comes in pages (the totals below count every row the filter keeps).
                let pages = (rows.count + Self.boardPageSize - 1) / Self.boardPageSize
                let pageNumber = min(max(1, q.get("page").flatMap { Int($0) } ?? 1), pages)
                let shown = rows[((pageNumber - 1) * Self.boardPageSize)..<min(rows.count, pageNumber * Self.boardPageSize)]
                for r in shown {
                    let st = r.late ? "\(r.statusDisplay) (\(s.late))" : r.statusDisplay
                    html +=
                        "<tr><td><a href=\"/s/\(HTML.attr(HTML.url(r.id)))\">\(HTML.h(r.id))</a></td><td>\(r.states.map(HTML.bdi).joined(separator: ", "))</td><td>\(HTML.h(r.language))</td>"
                        + "<td>\(HTML.h(r.items.map(String.init).joined(separator: ", ")))</td><td>\(HTML.h(r.received))</td><td>\(HTML.h(st))</td>"
                        + "<td>\(r.words)</td><td>\(assignees[r.id].map(HTML.bdi) ?? HTML.h(s.nobody))</td></tr>"
                }
                html += "</tbody></table>"
                if pages > 1 { html += boardPager(request, page: pageNumber, pages: pages, shown: shown, of: rows.count) }
            }
            if v.role != .translator {
                html += "<h2>\(HTML.h(s.totals))</h2><ul class=\"totals\">" + listing.totals.lines.map { "<li>\(HTML.h($0))</li>" }.joined() + "</ul>"
                html += receivedChart(listing.rows, ws)
            }
            return Self.html(layout(title: s.board, visitor: v, body: html))
        }
    }

    /// The overview report's chart of what the filter keeps, received per day against the
    /// deadline (the withdrawn left out, as the report leaves them out), drawn from the rows the
    /// board already holds, with a link to the report's figures per item and language.
    func receivedChart(_ rows: [StatusRow], _ ws: Workspace) -> String {
        // Each distinct day is parsed once (10 000 rows hold a few dozen days).
        var parsed: [String: CalendarDate] = [:]
        let dates = rows.filter { $0.status != Status.withdrawn.rawValue }.compactMap { r -> CalendarDate? in
            if let d = parsed[r.received] { return d }
            let d = try? CalendarDate(iso: r.received)
            parsed[r.received] = d
            return d
        }
        let deadline = ws.store.paper.deadline
        return "<h2>\(HTML.h(s.receivedOverTime))</h2><figure class=\"chart\">"
            + Overview.chartSVG(received: Overview.days(received: dates, deadline: deadline), deadline: deadline)
            + "</figure><p><a href=\"/report\">\(HTML.h(s.overviewFigures))</a></p>"
    }

    /// Rows on one page of the board: a store of 10 000 submissions is not sent as one page.
    static let boardPageSize = 200

    /// "Rows 201–400 of 10000" with links to the previous and next pages, the filters kept.
    func boardPager(_ request: Request, page: Int, pages: Int, shown: ArraySlice<StatusRow>, of total: Int) -> String {
        let kept = request.uri.queryParameters.filter { $0.key != "page" }.map { "\(HTML.url(String($0.key)))=\(HTML.url(String($0.value)))" }
        func link(_ n: Int, _ label: String, _ rel: String) -> String {
            "<a rel=\"\(rel)\" href=\"\(HTML.attr("/board?" + (kept + ["page=\(n)"]).joined(separator: "&")))\">\(HTML.h(label))</a>"
        }
        var parts = ["\(HTML.h(s.rows)) \(shown.startIndex + 1)–\(shown.endIndex) \(HTML.h(s.of)) \(total)"]
        if page > 1 { parts.append(link(page - 1, s.previousPage, "prev")) }
        if page < pages { parts.append(link(page + 1, s.nextPage, "next")) }
        return "<nav aria-label=\"\(HTML.attr(s.pages))\" class=\"pager\"><p>" + parts.joined(separator: " · ") + "</p></nav>"
    }

    /// The States as suggestions for a State field (`<datalist id="states">`).
    func statesList(_ ws: Workspace) -> String {
        "<datalist id=\"states\">" + ws.catalog.states.map { "<option value=\"\(HTML.attr($0.name))\"></option>" }.joined() + "</datalist>"
    }
}
