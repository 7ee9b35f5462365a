import Foundation
import Intake
import Platform
import Submissions

extension Workspace {
    /// One page of a submission's PDF original, to show beside the text read from it.
    public struct PageImageRequest: Sendable {
        public var id: String
        /// 1 for the first page.
        public var page: Int
        /// A private folder outside the workspace where the page is drawn (and removed after).
        public var scratch: URL
        /// The longest side of the image in pixels (a screen's width; the PDF's own size does not matter).
        public var longestSide: Int
        /// When set, the crop of this line of ink OCR could not read on the page (1 for the first
        /// on that page), as stored at registration, instead of the page: for a scan of any kind.
        public var unreadLine: Int?

        public init(id: String, page: Int, scratch: URL, longestSide: Int = 1400, unreadLine: Int? = nil) {
            self.id = id; self.page = page; self.scratch = scratch; self.longestSide = longestSide; self.unreadLine = unreadLine
        }
    }

    /// The page `r.page` of the current version's PDF original as PNG, drawn by poppler's
    /// `pdftoppm` through the process runner (within the conversion time limit). The original is
    /// only read. Refuses an original that is not a PDF, a page it does not have, and says what to
    /// install when pdftoppm is missing.
    public func pageImage(_ r: PageImageRequest) throws -> Outcome<Data> {
        let sub = try store.resolve(r.id)
        if let line = r.unreadLine { return try unreadCrop(sub, page: r.page, index: line) }
        let f = sub.currentVersion.file
        guard f.kind == .pdf else { throw ActionProblem("\(sub.id): the original (\(f.receivedName)) is not a PDF; it has no pages to draw.") }
        let pages = f.extraction?.pages ?? limits.maxPages
        guard r.page >= 1, r.page <= pages else {
            throw ActionProblem("\(sub.id): the PDF has \(pages) page\(pages == 1 ? "" : "s"); there is no page \(r.page).")
        }
        guard let pdftoppm = programs.path("pdftoppm") else {
            throw ActionProblem("Drawing a PDF page needs pdftoppm, which is not installed: install \(Programs.package(of: "pdftoppm")).")
        }
        let dir = r.scratch.appendingPathComponent("page-" + FileIO.randomHex(8))
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: dir) }
        let base = dir.appendingPathComponent("page").path
        let pdf = sub.folder.appendingPathComponent(f.file).path
        let o = try programs.runner(timeout: limits.conversionSeconds, maxOutputBytes: 1 << 20).run(
            pdftoppm, ["-png", "-scale-to", String(r.longestSide), "-f", String(r.page), "-l", String(r.page), "-singlefile", pdf, base],
            extraEnvironment: ["TMPDIR": dir.path])
        if o.timedOut { throw ActionProblem("\(sub.id): drawing page \(r.page) took longer than \(Int(limits.conversionSeconds)) seconds; it was stopped.") }
        guard o.succeeded, let png = try? Data(contentsOf: URL(fileURLWithPath: base + ".png")) else {
            throw ActionProblem("\(sub.id): pdftoppm could not draw page \(r.page): \(o.err.prefix(200))")
        }
        return Outcome(png)
    }
}
