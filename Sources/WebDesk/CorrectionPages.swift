import Foundation
import Hummingbird
import Intake
import MultilingualText
import RoomPaper
import Secretariat
import Submissions
import Team

extension Desk {
    /// The officer's forms to correct a registration (`crp amend`) and to register the State's
    /// revised text (`crp revise`).
    func correctionForms(_ sub: Submission, _ ws: Workspace, _ v: Visitor) -> String {
        guard v.role == .officer, sub.status != .withdrawn else { return "" }
        let base = "/s/\(HTML.url(sub.id))"
        let r = sub.record
        let langs = LocaleCatalog.officialLanguages.map { "<option\($0 == r.language ? " selected" : "")>\($0)</option>" }.joined()
        return """
            <form method="post" action="\(HTML.attr(base))/amend" class="inline"><fieldset><legend>\(HTML.h(s.amend))</legend>\(csrfField(v))
            <p>\(HTML.h(s.amendHint))</p>
            <label for="a-state">\(HTML.h(s.state))</label> <input id="a-state" name="state" list="states" value="\(HTML.attr(r.allStates.joined(separator: ", ")))">
            <label for="a-language">\(HTML.h(s.language))</label> <select id="a-language" name="language">\(langs)</select>
            <label for="a-items">\(HTML.h(s.agendaItems))</label> <input id="a-items" name="items" value="\(HTML.attr(r.items.map(String.init).joined(separator: ", ")))" size="8">
            <label for="a-received">\(HTML.h(s.dateReceived))</label> <input id="a-received" name="received" type="date" value="\(HTML.attr(r.received.description))">
            <label for="a-reason">\(HTML.h(s.reason))</label> <input id="a-reason" name="reason" required>
            <button type="submit">\(HTML.h(s.amend))</button></fieldset></form>
            \(statesList(ws))
            <form method="post" action="\(HTML.attr(base))/revise" enctype="multipart/form-data" class="inline"><fieldset><legend>\(HTML.h(s.revise))</legend>\(csrfField(v))
            <label for="r-file">\(HTML.h(s.revisedFile))</label> <input id="r-file" type="file" name="file" required>
            <label for="r-received">\(HTML.h(s.dateReceived))</label> <input id="r-received" name="received" type="date">
            <label for="r-reason">\(HTML.h(s.reason)) (\(HTML.h(s.optional)))</label> <input id="r-reason" name="reason">
            <button type="submit">\(HTML.h(s.revise))</button></fieldset></form>
            """
    }

    /// `Registrar.amend`, as `crp amend`: only the fields that differ from the record are changed.
    func amend(_ request: Request, _ context: DeskContext) async throws -> Response {
        try await action(request, roles: [.officer]) { [self] v, ws, form in
            let sub = try submission(context.parameters.get("id"), ws, v)
            let r = sub.record
            let states = (form.text("state") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            var items: [Int] = []
            for piece in (form.text("items") ?? "").split(whereSeparator: { $0 == "," || $0 == " " }) {
                guard let n = Int(piece) else { throw DeskError.badValue("Agenda items: \"\(piece)\" is not a number. Write them as 2, 3.") }
                items.append(n)
            }
            let received = try form.text("received").map { try CalendarDate(iso: $0) }
            let change = Registrar.Correction(
                states: states.isEmpty || states == r.allStates ? nil : states,
                language: form.text("language").flatMap { $0 == r.language ? nil : $0 },
                items: items.isEmpty || items == r.items ? nil : items,
                received: received == r.received ? nil : received)
            let updated = try ws.amend(Workspace.AmendRequest(id: sub.id, correction: change, reason: form.text("reason"), by: v.name)).value
            return Self.redirect("/s/\(HTML.url(updated.id))")
        }
    }

    /// `Registrar.revise`, as `crp revise`, with the uploaded file.
    func revise(_ request: Request, _ context: DeskContext) async throws -> Response {
        let limit = (try? config.workspace().maxBytes) ?? IntakeOptions.standardMaxBytes
        return try await action(request, roles: [.officer], limit: limit) { [self] v, ws, form in
            let sub = try submission(context.parameters.get("id"), ws, v)
            guard let upload = form.files["file"], !upload.data.isEmpty else { throw DeskError.missing(s.revisedFile) }
            let staged = try Uploads(root: config.root).stage(upload)
            defer { staged.discard() }
            let updated = try ws.revise(
                Workspace.ReviseRequest(
                    id: sub.id, file: staged.file, received: try form.text("received").map { try CalendarDate(iso: $0) },
                    reason: form.text("reason"), by: v.name)
            ).value
            return Self.redirect("/s/\(HTML.url(updated.id))")
        }
    }

    /// The overview report (`Overview.build`, as `crp report`): its own self-contained page, whose
    /// inline CSS and SVG need their own content policy (still no scripts).
    func overviewReport(_ request: Request) async throws -> Response {
        try await page(request, roles: [.officer, .viewer]) { _, ws in
            var response = Self.html(try ws.overview().html())
            response.headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'"
            return response
        }
    }
}
