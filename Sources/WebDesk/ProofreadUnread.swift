import Foundation
import Hummingbird
import MultilingualText
import Secretariat
import Submissions

extension Desk {
    /// What proofreading must not miss: what was done to the pages and the lines of ink OCR could
    /// not read, each with its place on the scan and its crop beside the text, as `crp show` lists
    /// them (with the crop's file name).
    static func unreadLines(_ x: Extraction?, id: String, base: String) -> String {
        let unread = x?.unreadLines ?? [], caveats = x?.caveats(for: id) ?? []
        guard !unread.isEmpty || !caveats.isEmpty else { return "" }
        var index: [Int: Int] = [:]
        let lines = unread.map { u -> String in
            let i = (index[u.page] ?? 0) + 1
            index[u.page] = i
            let src = "\(base)/page/\(u.page)/unread/\(i)"
            return
                "<li><figure class=\"unread-crop\"><img src=\"\(HTML.attr(src))\" alt=\"Unread line of ink, \(HTML.attr(u.position))\">"
                + "<figcaption><strong>Unread line of ink</strong>, \(HTML.h(u.position)): no text was read there; type what it says into the text.</figcaption></figure></li>"
        }
        return "<h3>Check against the scan</h3><ul class=\"unread\">"
            + caveats.map { "<li>\(HTML.h(SafeText.oneLine($0)))</li>" }.joined()
            + lines.joined()
            + "</ul>"
    }

    /// The crop of a line of ink OCR could not read (`Workspace.pageImage` with `unreadLine`), as
    /// PNG, for whoever may see the submission, as its pages are.
    func unreadCrop(_ request: Request, _ context: DeskContext) async throws -> Response {
        try await page(request) { [self] v, ws in
            let sub = try submission(context.parameters.get("id"), ws, v)
            guard let n = context.parameters.get("page").flatMap({ Int($0) }), let line = context.parameters.get("line").flatMap({ Int($0) }) else {
                throw NotVisible(status: .notFound)
            }
            let png = try ws.pageImage(Workspace.PageImageRequest(id: sub.id, page: n, scratch: config.scratch, unreadLine: line)).value
            var response = Self.download(png, name: "\(sub.id)-page-\(n)-unread-\(line).png", type: "image/png")
            response.headers[.contentDisposition] = "inline"
            return response
        }
    }
}
