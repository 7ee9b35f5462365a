import Foundation
import TestSupport
import Testing

/// The proofreading page lists the lines of ink OCR could not read, as `crp show` does, so that a
/// proofreader working in the browser cannot miss them.
@Suite(.serialized, .enabled(if: Clients.runs(["curl", "tesseract", "convert"].allSatisfy(Clients.installed)))) struct DeskUnreadLinesTests {
    @Test func theProofreadingPageListsUnreadLines() throws {
        guard ["curl", "tesseract", "convert"].allSatisfy({ Clients.available($0, reason: "OCR of an upload through the desk") }) else { return }
        let d = try DeskServer("unread")
        let dir = try Scratch.dir("unread-upload")
        // A handwritten line (a scribble drawn by ImageMagick) on a white page at 300 dpi.
        let png = dir.appendingPathComponent("hand.png")
        let p = try Proc.run(
            "/usr/bin/env",
            [
                "convert", "-size", "2550x3300", "xc:white", "-stroke", "black", "-strokewidth", "7", "-fill", "none", "-draw",
                "path 'M 400,900 C 500,810 600,990 700,900 S 900,820 1000,920 S 1200,860 1400,900'", "-colorspace", "Gray", png.path,
            ])
        #expect(p.ok, "\(p)")
        let olga = try d.signIn("olga")
        let w = try d.request(
            "POST", "/register", session: olga,
            form: [("csrf", try d.csrf(olga)), ("state", "Peru"), ("language", "es"), ("item", "2"), ("received", "2020-09-19")],
            files: [("file", png, "hand.png")])
        #expect(w.status == 303, "\(w.status): \(w.body.prefix(600))")
        let page = try d.request("GET", (w.path ?? "/") + "/proofread", session: olga).body
        #expect(page.contains("Unread line of ink") && page.contains("page 1,"), "\(page.prefix(3000))")
        #expect(page.contains("handwriting: no printed text was found"), "\(page.prefix(3000))")
        // The caveat names the submission's own id, not a placeholder.
        let id = String((w.path ?? "").split(separator: "/").last ?? "")
        #expect(page.contains("crp proofread \(id) FILE") && !page.contains("crp proofread ID FILE"), "\(page.prefix(3000))")
        // The crop of the unread line is shown beside the text, and served as the stored PNG to
        // whoever may see the submission; not to a visitor who is not signed in, nor to a
        // translator it is not assigned to.
        let src = "/s/\(id)/page/1/unread/1"
        #expect(page.contains("<img src=\"\(src)\""), "\(page.prefix(3000))")
        let crop = try d.request("GET", src, session: olga)
        #expect(crop.status == 200 && crop.headers["content-type"] == "image/png", "\(crop.status) \(crop.headers)")
        #expect(crop.data == (try Data(contentsOf: d.ws.appendingPathComponent("\(id)/ocr-unread-p1-1.png"))))
        let anonymous = try d.request("GET", src)
        #expect(anonymous.status == 303 && (anonymous.location ?? "").hasPrefix("/sign-in"), "\(anonymous.status)")
        #expect(try d.request("GET", src, session: try d.signIn("tom")).status == 403)
        #expect(try d.request("GET", src, session: try d.signIn("vera")).status == 200)
        // A line the page does not have is refused with what there is.
        let none = try d.request("GET", "/s/\(id)/page/1/unread/2", session: olga)
        #expect(none.status == 422 && none.body.contains("page 1 has 1 line of ink OCR could not read; there is no line 2"), "\(none.status)")
    }
}
