import ArgumentParser
import Foundation
import RoomPaper

/// Chooses the renderer for a format.
enum Renderers {
    static func render(_ doc: Document, format: String) throws -> Data {
        switch format {
        case "md", "markdown": return Data(MarkdownRenderer().render(doc).utf8)
        case "html", "htm": return Data(HTMLRenderer().render(doc).utf8)
        case "docx": return try DOCXRenderer().render(doc)
        case "pdf": return try PDFConverter().convert(docx: try DOCXRenderer().render(doc))
        default: throw ValidationError("Unknown format \"\(format)\". Use md, html, docx or pdf.")
        }
    }
}

let extraCommands: [ParsableCommand.Type] = ExchangeCommands.registered
