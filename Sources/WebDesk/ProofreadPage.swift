import Foundation
import Hummingbird
import Intake
import MultilingualText
import Secretariat
import Submissions
import Team

extension Desk {
    /// A scan's page beside its OCR text, the lines OCR was least sure of marked; the officer
    /// confirms the text or saves a corrected transcription (`Registrar.proofread`, as
    /// `crp proofread`).
    func proofreadPage(_ request: Request, _ context: DeskContext) async throws -> Response {
        try await page(request, roles: [.officer]) { [self] v, ws in
            let sub = try submission(context.parameters.get("id"), ws, v)
            let version = sub.currentVersion
            let text = try ws.store.derivedText(sub, version: version.number)
            let lang = sub.record.language
            let dir = Bidi.baseDirection(text) == .rtl ? "rtl" : "ltr"
            let base = "/s/\(HTML.url(sub.id))"
            let scan: String
            if version.file.kind == .image && version.file.file.lowercased().hasSuffix(".tif") == false {
                scan = "<img src=\"\(HTML.attr(base))/scan\" alt=\"\(HTML.attr(s.scannedPage))\" class=\"scan\">"
            } else if version.file.kind == .pdf {
                // Each page drawn by pdftoppm on request (`Workspace.pageImage`).
                scan = (1...max(1, version.file.extraction?.pages ?? 1)).map { n in
                    "<figure><img src=\"\(HTML.attr(base))/page/\(n)\" alt=\"\(HTML.attr(s.pageImage)) \(n)\" class=\"scan\"\(n > 2 ? " loading=\"lazy\"" : "")><figcaption>\(HTML.h(s.pageImage)) \(n)</figcaption></figure>"
                }.joined()
            } else {
                scan = "<p>\(HTML.h(s.scanNotAnImage)) <a href=\"\(HTML.attr(base))/original\">\(HTML.h(s.downloadOriginal))</a></p>"
            }
            let marks = Workspace.proofreadingMarks(version.file.extraction, text: text)
            // A PDF's text layer was not read by OCR: the label says where the text came from.
            let textLabel = version.file.extraction?.method == .textLayer ? s.textFromPDF : s.textReadByOCR
            var html = """
                <h1>\(HTML.h(s.proofread)): \(sub.record.allStates.map(HTML.bdi).joined(separator: ", ")) · <code>\(HTML.h(sub.id))</code></h1>
                <p>\(HTML.h(version.file.extraction?.summary ?? ""))</p>
                <div class="proofread"><section aria-labelledby="scan-h"><h2 id="scan-h">\(HTML.h(version.file.kind == .pdf ? s.pdfPages : s.scannedPage))</h2>\(scan)</section>
                <section aria-labelledby="text-h"><h2 id="text-h">\(HTML.h(textLabel))</h2>
                """
            html += proofreadingMarks(marks, lang: lang)
            html += Self.unreadLines(version.file.extraction, id: sub.id, base: base)
            html += """
                <form method="post" action="\(HTML.attr(base))/proofread">\(csrfField(v))
                <label for="ocr-text">\(HTML.h(textLabel))</label>
                <textarea id="ocr-text" name="text" rows="24" lang="\(HTML.attr(lang))" dir="\(dir)">\(HTML.h(text))</textarea>
                <button type="submit" name="do" value="confirm">\(HTML.h(s.confirmText))</button>
                <button type="submit" name="do" value="correct">\(HTML.h(s.saveCorrected))</button>
                </form></section></div>
                """
            return Self.html(layout(title: s.proofread, visitor: v, body: html))
        }
    }

    /// The lines OCR read under the bound (`Workspace.proofreadingMarks`), marked, or a sentence
    /// saying none was; and the paragraph breaks that fall inside a sentence.
    func proofreadingMarks(_ marks: ProofreadingMarks, lang: String) -> String {
        let bound = String(format: "%.0f", Workspace.lowOCRConfidence)
        func dir(_ t: String) -> String { Bidi.baseDirection(t) == .rtl ? "rtl" : "ltr" }
        func quoted(_ t: String) -> String {
            "<q lang=\"\(HTML.attr(lang))\" dir=\"\(dir(t))\">\(HTML.h(Bidi.neutralize(SafeText.oneLine(t))))</q>"
        }
        var html = ""
        if !marks.doubtfulLines.isEmpty {
            html +=
                "<h3>\(HTML.h(s.leastSureLines.replacingOccurrences(of: "{bound}", with: bound)))</h3><ul>"
                + marks.doubtfulLines.map { l in
                    "<li><mark lang=\"\(HTML.attr(lang))\" dir=\"\(dir(l.text))\">\(HTML.h(Bidi.neutralize(SafeText.oneLine(l.text))))</mark> (page \(l.page), \(String(format: "%.0f", l.confidence)) %)</li>"
                }.joined() + "</ul>"
        } else if let least = marks.leastConfidence {
            let sentence = s.noDoubtfulLine.replacingOccurrences(of: "{bound}", with: bound).replacingOccurrences(
                of: "{least}", with: String(format: "%.0f", least))
            html += "<p class=\"no-doubt\">\(HTML.h(sentence))</p>"
        }
        if !marks.breaksInsideSentences.isEmpty {
            html +=
                "<h3>\(HTML.h(s.breaksHeading))</h3><ul class=\"breaks\">"
                + marks.breaksInsideSentences.map { b in
                    "<li>\(quoted(b.before)) ¶ \(quoted(b.after)): \(HTML.h(s.breakInsideSentence))</li>"
                }.joined() + "</ul>"
        }
        return html
    }

    /// The scanned page of an image original, shown inline (an image type, never HTML).
    func scan(_ request: Request, _ context: DeskContext) async throws -> Response {
        try await page(request) { [self] v, ws in
            let sub = try submission(context.parameters.get("id"), ws, v)
            let f = sub.currentVersion.file
            guard f.kind == .image else { throw NotVisible(status: .notFound) }
            let data = try Data(contentsOf: sub.folder.appendingPathComponent(f.file))
            let ext = (f.file as NSString).pathExtension.lowercased()
            var response = Self.download(data, name: f.receivedName, type: ext == "jpg" ? "image/jpeg" : ext == "tif" ? "image/tiff" : "image/png")
            response.headers[.contentDisposition] = "inline"
            return response
        }
    }

    /// One page of a PDF original as PNG (`Workspace.pageImage`), for whoever may see the submission.
    func pdfPage(_ request: Request, _ context: DeskContext) async throws -> Response {
        try await page(request) { [self] v, ws in
            let sub = try submission(context.parameters.get("id"), ws, v)
            guard let n = context.parameters.get("page").flatMap({ Int($0) }) else { throw NotVisible(status: .notFound) }
            let png = try ws.pageImage(Workspace.PageImageRequest(id: sub.id, page: n, scratch: config.scratch)).value
            var response = Self.download(png, name: "\(sub.id)-page-\(n).png", type: "image/png")
            response.headers[.contentDisposition] = "inline"
            return response
        }
    }

    /// Confirms the OCR text, or stores the edited text as the corrected transcription.
    func proofread(_ request: Request, _ context: DeskContext) async throws -> Response {
        try await action(request, roles: [.officer], limit: 16 * 1024 * 1024) { [self] v, ws, form in
            let sub = try submission(context.parameters.get("id"), ws, v)
            var done: Outcome<Submission>
            if form.value("do") == "correct", let text = form.value("text") {
                let staged = try Uploads(root: config.root).stage(
                    Form.Upload(
                        fileName: "transcription.txt",
                        data: Data(text.replacingOccurrences(of: "\r\n", with: "\n").utf8)))
                defer { staged.discard() }
                done = try ws.proofread(Workspace.ProofreadRequest(id: sub.id, file: staged.file, by: v.name))
            } else {
                done = try ws.proofread(Workspace.ProofreadRequest(id: sub.id, by: v.name))
            }
            return redirect(to: "/s/\(HTML.url(done.value.id))", noticing: done.findings, for: v)
        }
    }
}
