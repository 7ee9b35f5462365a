import Foundation
import Platform
import Submissions

/// The formats a paper is written in.
public enum PaperFormat: String, Sendable, CaseIterable {
    case md, html, docx, pdf

    /// Also accepts "markdown" and "htm".
    public init?(rawValue: String) {
        switch rawValue.lowercased() {
        case "md", "markdown": self = .md
        case "html", "htm": self = .html
        case "docx": self = .docx
        case "pdf": self = .pdf
        default: return nil
        }
    }
}

/// Chooses the renderer for a format and writes the result.
public struct PaperWriter: Sendable {
    /// The programs found on this machine (LibreOffice for PDF).
    public let programs: Programs

    public init(programs: Programs) { self.programs = programs }

    /// The bytes of the paper in `format`.
    public func render(_ doc: Document, format: PaperFormat) throws -> Data {
        switch format {
        case .md: return Data(MarkdownRenderer().render(doc).utf8)
        case .html: return Data(HTMLRenderer().render(doc).utf8)
        case .docx: return try DOCXRenderer().render(doc)
        case .pdf: return try PDFConverter(programs: programs).convert(docx: try DOCXRenderer(reader: .libreOffice).render(doc))
        }
    }

    /// Writes `data` to `url` atomically; a path that cannot be written is named as the officer
    /// gave it (`shownAs`), with the system's reason.
    public static func write(_ data: Data, to url: URL, shownAs: String) throws {
        let dir = url.deletingLastPathComponent()
        var isDir: ObjCBool = false
        if !FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDir) {
            throw RenderError.cannotWrite(path: shownAs, reason: "the folder \(dir.path) does not exist")
        }
        if !isDir.boolValue { throw RenderError.cannotWrite(path: shownAs, reason: "\(dir.path) is not a folder") }
        if !FileManager.default.isWritableFile(atPath: dir.path) {
            throw RenderError.cannotWrite(path: shownAs, reason: "permission denied on the folder \(dir.path)")
        }
        do { try FileIO.writeAtomically(data, to: url) } catch let StoreError.ioFailure(_, reason) {
            throw RenderError.cannotWrite(path: shownAs, reason: reason)
        }
    }
}
