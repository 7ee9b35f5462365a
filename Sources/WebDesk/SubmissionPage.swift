import Exchange
import Foundation
import Hummingbird
import Intake
import MultilingualText
import Secretariat
import Submissions
import Team

extension Desk {
    /// A submission: its facts, versions and parts, original beside translation paragraph by
    /// paragraph (`AlignedView.pairs`, as `crp show --aligned`), history, and the next steps the
    /// visitor's role allows.
    func submissionPage(_ request: Request, _ context: DeskContext) async throws -> Response {
        try await page(request) { [self] v, ws in
            let sub = try submission(context.parameters.get("id"), ws, v)
            return Self.html(layout(title: sub.id, visitor: v, body: noticesHTML(request, v) + (try submissionBody(sub, ws, v))))
        }
    }

    func submissionBody(_ sub: Submission, _ ws: Workspace, _ v: Visitor, message: String? = nil) throws -> String {
        let store = ws.store
        let r = sub.record
        let late = store.isLate(sub)
        func fact(_ k: String, _ html: String) -> String { "<dt>\(HTML.h(k))</dt><dd>\(html)</dd>" }
        var facts = fact(s.state, r.allStates.map(HTML.bdi).joined(separator: ", "))
        facts += fact(s.language, HTML.h(r.language))
        facts += fact(s.agendaItems, HTML.h(r.items.map(String.init).joined(separator: ", ")))
        facts += fact(s.dateReceived, HTML.h(r.received.description + (late ? " (\(s.late): after \(store.paper.deadline))" : "")))
        facts += fact(s.status, HTML.h(sub.statusDisplay + (sub.withdrawalReason.map { " (\(SafeText.oneLine($0)))" } ?? "")))
        facts += fact(s.assignedTo, sub.assignee.map(HTML.bdi) ?? HTML.h(s.nobody))
        let f = sub.currentVersion.file
        facts += fact(
            s.original,
            "\(HTML.bdi(f.receivedName)) · \(HTML.h(f.kind.rawValue)) · \(f.bytes) bytes · sha256 <code>\(HTML.h(String(f.sha256.prefix(16))))…</code> · <a href=\"/s/\(HTML.attr(HTML.url(sub.id)))/original\">\(HTML.h(s.downloadOriginal))</a>"
        )
        if let words = sub.analysis?.words { facts += fact(s.words, String(words)) }
        var html = "<h1>\(r.allStates.map(HTML.bdi).joined(separator: ", ")) · <code>\(HTML.h(sub.id))</code></h1>"
        if let message { html += "<p role=\"alert\" class=\"error\">\(HTML.h(message))</p>" }
        html += "<h2>\(HTML.h(s.facts))</h2><dl class=\"facts\">\(facts)</dl>"
        if sub.versions.count > 1 {
            html +=
                "<h2>\(HTML.h(s.versions))</h2><ol>"
                + sub.versions.map { ver in
                    "<li>\(HTML.h(ver.received.description)) · \(HTML.bdi(ver.file.receivedName)) · sha256 \(HTML.h(String(ver.file.sha256.prefix(12))))…\(ver.number == sub.version ? " (current)" : "")</li>"
                }.joined() + "</ol>"
        }
        if let parts = sub.parts(ofVersion: sub.version), !parts.isEmpty {
            html += "<h2>\(HTML.h(s.parts))</h2><ul>" + parts.map { "<li>\(HTML.bdi($0.line))</li>" }.joined() + "</ul>"
        }
        html += translationChoiceForms(sub, ws, v)
        html += nextSteps(sub, ws, v)
        html += correctionForms(sub, ws, v)
        if sub.record.language != store.paper.language && sub.status != .withdrawn { html += exchangeForms(sub, v) }
        // Original beside translation.
        let original = try store.originalText(sub, version: sub.version)
        let translation = try store.translation(sub)
        html += "<h2>\(HTML.h(s.originalAndTranslation))</h2>"
        if translation == nil { html += "<p>\(HTML.h(s.noTranslation))</p>" }
        html +=
            "<table class=\"aligned\"><thead><tr><th scope=\"col\">\(HTML.h(s.original)) (\(HTML.h(r.language)))</th><th scope=\"col\">\(HTML.h(s.translation)) (\(HTML.h(store.paper.language)))</th></tr></thead><tbody>"
        var seen = Set<String>()
        for (o, t) in AlignedView.pairs(original: original, translation: translation?.text ?? "") {
            let left = o.isEmpty ? "" : HTML.notedParagraph(o, language: r.language, side: "o", seen: &seen)
            let right = t.isEmpty ? "" : HTML.notedParagraph(t, language: store.paper.language, side: "t", seen: &seen)
            html += "<tr><td>\(left)</td><td>\(right)</td></tr>"
        }
        html += "</tbody></table>"
        // History.
        html +=
            "<h2>\(HTML.h(s.history))</h2><table><thead><tr>" + [s.when, s.what, s.who, s.details].map { "<th scope=\"col\">\(HTML.h($0))</th>" }.joined()
            + "</tr></thead><tbody>"
        for e in sub.events {
            // The duty station's time (the workspace's clock), the stored UTC instant kept in `datetime`.
            let when = ws.store.clock.local(e.at).map { "<time datetime=\"\(HTML.attr(e.at))\">\(HTML.h($0))</time>" } ?? HTML.h(e.at)
            html +=
                "<tr><td>\(when)</td><td>\(HTML.h(e.action.rawValue))</td><td>\(HTML.bdi(e.by))\(e.site.map { " (\(HTML.bdi($0)))" } ?? "")</td><td>\(HTML.bdi(Self.details(e)))</td></tr>"
        }
        html += "</tbody></table>"
        return html
    }

    /// What `crp log` says after "at action by": the details of an event.
    static func details(_ e: Event) -> String {
        let head = "\(e.at)  \(e.action.rawValue)  by \(e.by)"
        let line = e.summary
        return line.hasPrefix(head) ? line.dropFirst(head.count).trimmingCharacters(in: .whitespaces) : line
    }

    /// The forms for the next allowed steps: the store refuses a wrong one with its own message.
    func nextSteps(_ sub: Submission, _ ws: Workspace, _ v: Visitor) -> String {
        let base = "/s/\(HTML.url(sub.id))"
        let csrf = csrfField(v)
        var forms: [String] = []
        func reasonField(_ key: String, required: Bool) -> String {
            "<label for=\"reason-\(key)\">\(HTML.h(s.reason))\(required ? "" : " (\(HTML.h(s.optional)))")</label> <input id=\"reason-\(key)\" name=\"reason\"\(required ? " required" : "")>"
        }
        let st = sub.status
        let canTranslate = v.role == .officer || (v.role == .translator && sub.assignee == v.name)
        if canTranslate && st != .withdrawn && !sub.needsProofreading && sub.record.language != ws.store.paper.language {
            let sources = TranslationSource.allCases.map {
                "<option value=\"\($0.rawValue)\"\(v.role == .translator && $0 == .contractor ? " selected" : "")>\($0.rawValue)</option>"
            }.joined()
            forms.append(
                """
                <form method="post" action="\(HTML.attr(base))/translate" enctype="multipart/form-data" class="inline"><fieldset><legend>\(HTML.h(s.attachTranslation))</legend>\(csrf)
                <label for="tfile">\(HTML.h(s.translationFile))</label> <input id="tfile" type="file" name="file" required>
                <label for="translator">\(HTML.h(s.translator))</label> <input id="translator" name="translator" value="\(HTML.attr(v.role == .translator ? v.name : ""))">
                <label for="tsource">\(HTML.h(s.source))</label> <select id="tsource" name="source">\(sources)</select>
                <button type="submit">\(HTML.h(s.attachTranslation))</button></fieldset></form>
                """)
        }
        if v.role == .officer {
            if sub.needsProofreading {
                forms.append("<p><a href=\"\(HTML.attr(base))/proofread\">\(HTML.h(s.proofread))</a></p>")
            }
            if st == .translated || (st == .received && sub.hasPaperText) {
                // A translation whose XLIFF still marks drafts is reviewed only with a reason (Workspace.move).
                let drafts = ws.translationDrafts(sub).drafts
                let why =
                    drafts == 0
                    ? ""
                    : "<p>The translation's XLIFF still marks \(drafts) segment(s) as drafts: check them against the original, then say so.</p>"
                        + reasonField("review", required: true) + " "
                forms.append(
                    "<form method=\"post\" action=\"\(HTML.attr(base))/review\" class=\"inline\">\(csrf)\(why)<button type=\"submit\">\(HTML.h(s.markReviewed))</button></form>"
                )
            }
            if st == .reviewed {
                forms.append(
                    "<form method=\"post\" action=\"\(HTML.attr(base))/include\" class=\"inline\">\(csrf)<button type=\"submit\">\(HTML.h(s.includeInPaper))</button></form>"
                )
            }
            if st != .withdrawn {
                let people = ((try? team.members()) ?? []).filter { $0.role != .viewer }
                if !people.isEmpty {
                    let options = people.map {
                        "<option value=\"\(HTML.attr($0.name))\"\($0.name == sub.assignee ? " selected" : "")>\(HTML.h($0.name)) (\($0.role.rawValue))</option>"
                    }.joined()
                    forms.append(
                        """
                        <form method="post" action="\(HTML.attr(base))/assign" class="inline"><fieldset><legend>\(HTML.h(s.assign))</legend>\(csrf)
                        <label for="assignee">\(HTML.h(s.assignTo))</label> <select id="assignee" name="to">\(options)</select>
                        <button type="submit">\(HTML.h(s.assign))</button></fieldset></form>
                        """)
                }
                forms.append(
                    """
                    <form method="post" action="\(HTML.attr(base))/withdraw" class="inline"><fieldset><legend>\(HTML.h(s.withdraw))</legend>\(csrf)
                    \(reasonField("withdraw", required: true)) <button type="submit">\(HTML.h(s.withdraw))</button></fieldset></form>
                    """)
            }
            if st != .received {
                let targets: [Status] = [.received, .translated, .reviewed].filter { $0 != st }
                forms.append(
                    """
                    <form method="post" action="\(HTML.attr(base))/reopen" class="inline"><fieldset><legend>\(HTML.h(s.reopen))</legend>\(csrf)
                    <label for="reopen-to">\(HTML.h(s.reopenTo))</label> <select id="reopen-to" name="to">\(targets.map { "<option>\($0.rawValue)</option>" }.joined())</select>
                    \(reasonField("reopen", required: true)) <button type="submit">\(HTML.h(s.reopen))</button></fieldset></form>
                    """)
            }
        }
        return forms.isEmpty ? "" : "<h2>\(HTML.h(s.nextSteps))</h2>" + forms.joined(separator: "\n")
    }

    /// The original as received, to save (never shown inline: it may be HTML or a script).
    func original(_ request: Request, _ context: DeskContext) async throws -> Response {
        try await page(request) { [self] v, ws in
            let sub = try submission(context.parameters.get("id"), ws, v)
            let f = sub.currentVersion.file
            let data = try Data(contentsOf: sub.folder.appendingPathComponent(f.file))
            return Self.download(data, name: f.receivedName.isEmpty ? "original.\(f.kind.fileExtension)" : f.receivedName)
        }
    }

    // MARK: actions: each calls what the CLI command calls

    /// review / include / withdraw / reopen: `Store.transition`, as `crp review` and the others.
    func transition(_ request: Request, _ context: DeskContext, _ kind: String) async throws -> Response {
        try await action(request, roles: [.officer]) { [self] v, ws, form in
            let sub = try submission(context.parameters.get("id"), ws, v)
            let move: Transition
            switch kind {
            case "review": move = .review
            case "include": move = .include
            case "withdraw": move = .withdraw
            default:
                guard let to = form.text("to").flatMap(Status.init(rawValue:)), [.received, .translated, .reviewed].contains(to) else {
                    throw DeskError.badValue("Choose the step to go back to: received, translated or reviewed.")
                }
                move = .reopen(to: to)
            }
            let updated = try ws.move(Workspace.MoveRequest(id: sub.id, move: move, reason: form.text("reason"), by: v.name)).value
            return Self.redirect("/s/\(HTML.url(updated.id))")
        }
    }

    /// `Team.assign`, as `crp assign`.
    func assign(_ request: Request, _ context: DeskContext) async throws -> Response {
        try await action(request, roles: [.officer]) { [self] v, ws, form in
            let sub = try submission(context.parameters.get("id"), ws, v)
            guard let to = form.text("to") else { throw DeskError.missing(s.assignTo) }
            let updated = try team.assign(sub, to: to, in: ws.store, by: v.name, reason: form.text("reason").map(SafeText.oneLine))
            return Self.redirect("/s/\(HTML.url(updated.id))")
        }
    }

    /// `Registrar.translate`, as `crp translate`, with the uploaded file.
    func translate(_ request: Request, _ context: DeskContext) async throws -> Response {
        let limit = (try? config.workspace().maxBytes) ?? IntakeOptions.standardMaxBytes
        return try await action(request, roles: [.officer, .translator], limit: limit) { [self] v, ws, form in
            let sub = try submission(context.parameters.get("id"), ws, v)
            if v.role == .translator && sub.assignee != v.name { throw NotVisible(status: .forbidden) }
            guard let upload = form.files["file"], !upload.data.isEmpty else { throw DeskError.missing(s.translationFile) }
            let source = form.text("source").flatMap(TranslationSource.init(rawValue:))
            let staged = try Uploads(root: config.root).stage(upload)
            defer { staged.discard() }
            let done = try ws.translate(
                Workspace.TranslateRequest(
                    id: sub.id, file: staged.file, source: source,
                    translator: form.text("translator"), by: v.name))
            return redirect(to: "/s/\(HTML.url(done.value.id))", noticing: done.findings, for: v)
        }
    }
}
