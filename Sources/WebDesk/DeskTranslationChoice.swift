import Foundation
import Hummingbird
import Secretariat
import Submissions

// Two translations of one submission, attached at two duty stations and brought together by a
// sync: the board lists the submissions waiting for a choice ("2 translations — choose one"), and
// the submission page lets an officer choose with `Workspace.chooseTranslation`, the function
// `crp translate ID --use T` calls.

extension Desk {
    /// The board's list of submissions with translations to choose from; empty when there is none.
    func translationChoices(_ ws: Workspace) -> String {
        guard let waiting = try? ws.translationsToChoose(), !waiting.isEmpty else { return "" }
        let items = waiting.map { w in
            "<li><a href=\"/s/\(HTML.attr(HTML.url(w.submission.id)))\">\(HTML.h(w.submission.id))</a>: \(w.translations.count) translations — choose one</li>"
        }
        return "<section aria-label=\"Translations to choose\"><h2>Translations to choose</h2><ul>" + items.joined() + "</ul></section>"
    }

    /// On a submission's page: each competing translation (where and by whom it was attached,
    /// its opening words) with a button that makes it the current one; officers only.
    func translationChoiceForms(_ sub: Submission, _ ws: Workspace, _ v: Visitor) -> String {
        let rivals = ws.store.competingTranslations(sub)
        guard !rivals.isEmpty else { return "" }
        var html = "<section aria-label=\"Translations to choose\"><h2>\(rivals.count) translations — choose one</h2><ul>"
        for t in rivals {
            let event = sub.events.last { $0.action == .translated && $0.translation == t }
            let who = event.map { HTML.bdi($0.by) + ($0.site.map { " at " + HTML.bdi($0) } ?? "") } ?? ""
            let text =
                (try? String(contentsOf: sub.folder.appendingPathComponent("\(StoreLayout.translations)/\(t)/\(StoreLayout.text)"), encoding: .utf8)) ?? ""
            let opening = String(text.prefix(200))
            var item =
                "<li><p>Translation \(HTML.h(t)) \(who.isEmpty ? "" : "(attached by \(who))"): <q>\(HTML.bdi(opening))\(text.count > 200 ? "…" : "")</q></p>"
            if v.role == .officer {
                item +=
                    "<form method=\"post\" action=\"/s/\(HTML.attr(HTML.url(sub.id)))/choose-translation\" class=\"inline\">\(csrfField(v))"
                    + "<input type=\"hidden\" name=\"translation\" value=\"\(HTML.attr(t))\"><button type=\"submit\">Use translation \(HTML.h(t))</button></form>"
            }
            html += item + "</li>"
        }
        return html + "</ul></section>"
    }

    /// `Workspace.chooseTranslation`, as `crp translate ID --use T`.
    func chooseTranslation(_ request: Request, _ context: DeskContext) async throws -> Response {
        try await action(request, roles: [.officer]) { [self] v, ws, form in
            let sub = try submission(context.parameters.get("id"), ws, v)
            guard let t = form.text("translation") else { throw DeskError.missing("translation") }
            let updated = try ws.chooseTranslation(sub.id, use: t, by: v.name).value
            return Self.redirect("/s/\(HTML.url(updated.id))")
        }
    }
}
