import Foundation
import Hummingbird
import Intake
import MultilingualText
import Secretariat
import Submissions
import Team

extension Desk {
    /// What the register form was sent with, kept to fill it in again after a refusal.
    struct RegisterValues {
        var state = "", language = "", items: [Int] = [], received = "", encoding = "", part = ""
        /// Further States of a joint text, one per line; the overrides of `crp register` and their reason.
        var also = "", force = false, allowSameText = false, reason = ""
        var upload: String? = nil
        var uploadName: String? = nil
        var parts: [String] = []
    }

    func registerForm(
        _ v: Visitor, _ ws: Workspace, _ values: RegisterValues = RegisterValues(), message: String? = nil,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let langs = LocaleCatalog.officialLanguages.map { code in
            "<option value=\"\(code)\"\(code == values.language ? " selected" : "")>\(code)</option>"
        }.joined()
        let items = ws.store.paper.items.map { item in
            "<label><input type=\"checkbox\" name=\"item\" value=\"\(item.number)\"\(values.items.contains(item.number) ? " checked" : "")> \(item.number). \(HTML.h(item.title))</label>"
        }.joined(separator: " ")
        var fileField = "<div class=\"field\"><label for=\"file\">\(HTML.h(s.file))</label><input id=\"file\" type=\"file\" name=\"file\" required></div>"
        var partField =
            "<div class=\"field\"><label for=\"part\">\(HTML.h(s.part)) (\(HTML.h(s.optional)))</label><input id=\"part\" name=\"part\" value=\"\(HTML.attr(values.part))\"></div>"
        if let token = values.upload, values.parts.isEmpty {
            // A registration refused for its State, items, date… keeps its file: the officer
            // corrects the form and sends it again, or chooses another file to replace it.
            fileField =
                "<p>\(HTML.h(s.file)): \(HTML.bdi(values.uploadName ?? "")) (\(HTML.h(s.keptUpload)))</p><input type=\"hidden\" name=\"upload\" value=\"\(HTML.attr(token))\">"
                + "<div class=\"field\"><label for=\"file\">\(HTML.h(s.file)) (\(HTML.h(s.optional)): \(HTML.h(s.replaceKeptUpload)))</label><input id=\"file\" type=\"file\" name=\"file\"></div>"
        } else if let token = values.upload, !values.parts.isEmpty {
            // An e-mail with several candidate parts: it stays staged; the officer chooses.
            fileField = "<p>\(HTML.h(s.file)): \(HTML.bdi(values.uploadName ?? ""))</p><input type=\"hidden\" name=\"upload\" value=\"\(HTML.attr(token))\">"
            partField =
                "<fieldset><legend>\(HTML.h(s.choosePart))</legend>"
                + values.parts.enumerated().map { i, p in
                    "<label><input type=\"radio\" name=\"part\" value=\"\(HTML.attr(p))\"\(i == 0 ? " required" : "")> \(HTML.bdi(p))</label>"
                }.joined(separator: " ") + "</fieldset>"
        }
        let body = """
            <h1>\(HTML.h(s.register))</h1>
            \(message.map { "<p role=\"alert\" class=\"error\">\(HTML.h($0))</p>" } ?? "")
            <form method="post" action="/register" enctype="multipart/form-data">\(csrfField(v))
            \(fileField)
            <div class="field"><label for="state">\(HTML.h(s.state))</label><input id="state" name="state" list="states" required value="\(HTML.attr(values.state))"></div>
            \(statesList(ws))
            <div class="field"><label for="also">\(HTML.h(s.jointStates)) (\(HTML.h(s.optional)))</label><textarea id="also" name="also" rows="2">\(HTML.h(values.also))</textarea></div>
            <div class="field"><label for="language">\(HTML.h(s.language))</label><select id="language" name="language" required>\(langs)</select></div>
            <fieldset><legend>\(HTML.h(s.agendaItems))</legend>\(items)</fieldset>
            <div class="field"><label for="received">\(HTML.h(s.dateReceived))</label><input id="received" name="received" type="date" value="\(HTML.attr(values.received))"></div>
            <div class="field"><label for="encoding">\(HTML.h(s.encoding)) (\(HTML.h(s.optional)))</label><input id="encoding" name="encoding" value="\(HTML.attr(values.encoding))"></div>
            \(partField)
            <fieldset><legend>\(HTML.h(s.overridesLegend))</legend>
            <label><input type="checkbox" name="allow-same-text" value="1"\(values.allowSameText ? " checked" : "")> \(HTML.h(s.allowSameText))</label>
            <label><input type="checkbox" name="force" value="1"\(values.force ? " checked" : "")> \(HTML.h(s.force))</label>
            <div class="field"><label for="reason">\(HTML.h(s.reason))</label><input id="reason" name="reason" value="\(HTML.attr(values.reason))"></div>
            </fieldset>
            <button type="submit">\(HTML.h(s.register))</button>
            </form>
            """
        return Self.html(layout(title: s.register, visitor: v, body: body), status: status)
    }

    func registerPage(_ request: Request) async throws -> Response {
        try await page(request, roles: [.officer]) { [self] v, ws in registerForm(v, ws) }
    }

    /// `Registrar.register`, as `crp register`, with the uploaded file. Intake's refusals are shown
    /// with its own words and nothing is stored; an e-mail with several candidate parts is kept
    /// staged and its parts offered to choose from.
    func register(_ request: Request) async throws -> Response {
        let limit = (try? config.workspace().maxBytes) ?? IntakeOptions.standardMaxBytes
        return try await action(request, roles: [.officer], limit: limit) { [self] v, ws, form in
            var values = RegisterValues(
                state: form.text("state") ?? "", language: form.text("language") ?? "",
                items: form.values("item").compactMap { Int($0) }, received: form.text("received") ?? "",
                encoding: form.text("encoding") ?? "", part: form.text("part") ?? "", also: form.value("also") ?? "",
                force: form.value("force") == "1", allowSameText: form.value("allow-same-text") == "1", reason: form.text("reason") ?? "")
            let uploads = Uploads(root: config.root)
            let staged: Uploads.Staged
            // A file chosen now wins over one kept from the last try. An empty file that was
            // chosen goes to intake, which says it is empty; no file at all is asked for.
            if let upload = form.files["file"], !upload.data.isEmpty || !upload.fileName.isEmpty {
                if let token = form.text("upload") { uploads.staged(token)?.discard() }
                staged = try uploads.stage(upload)
            } else if let token = form.text("upload") {
                guard let s = uploads.staged(token) else {
                    return registerForm(v, ws, values, message: "The uploaded file is no longer here. Choose the file again.", status: .unprocessableContent)
                }
                staged = s
            } else {
                return registerForm(v, ws, values, message: DeskError.missing(s.file).localizedDescription, status: .unprocessableContent)
            }
            var keep = false
            defer { if !keep { staged.discard() } }
            do {
                let received = values.received.isEmpty ? nil : try CalendarDate(iso: values.received)
                let joint = values.also.split(whereSeparator: \.isNewline).map { SafeText.oneLine(String($0)) }.filter { !$0.isEmpty }
                let request = Registrar.Request(
                    file: staged.file, states: [values.state] + joint, language: values.language, items: values.items, received: received, by: v.name,
                    options: ws.intakeOptions(encoding: values.encoding.isEmpty ? nil : values.encoding, part: values.part.isEmpty ? nil : values.part),
                    overrides: Registrar.Overrides(
                        force: values.force, allowSameText: values.allowSameText, reason: values.reason.isEmpty ? nil : SafeText.oneLine(values.reason)))
                let done = try ws.register(request)
                return redirect(to: "/s/\(HTML.url(done.value.id))", noticing: done.findings, for: v)
            } catch let EMLError.ambiguous(_, candidates) {
                keep = true
                values.upload = staged.token
                values.uploadName = staged.file.lastPathComponent
                values.parts = candidates
                values.part = ""
                return registerForm(v, ws, values, message: s.choosePart + ": " + candidates.joined(separator: ", "), status: .unprocessableContent)
            } catch {
                // A file intake refused is not kept (choosing it again would not help); one refused
                // for the form's facts (State, items, date, an override) is.
                keep = !Self.refusesTheFileItself(error)
                if keep { values.upload = staged.token }
                values.uploadName = staged.file.lastPathComponent
                return registerForm(v, ws, values, message: s.refused + " " + words(error.localizedDescription, overrides: true), status: .unprocessableContent)
            }
        }
    }

    /// True for a refusal of the file's bytes (its format, encoding, size, an e-mail's parts),
    /// false for one of the form's facts.
    static func refusesTheFileItself(_ error: Error) -> Bool {
        error is IntakeError || error is FormatError || error is EMLError || error is CharsetDecodingError || error is DeclaredEncodingDoubt
    }
}
