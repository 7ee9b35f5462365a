import ArgumentParser
import Foundation
import RoomPaper

/// Chooses the renderer for a format.
enum Renderers {
    static func render(_ doc: Document, format: String) throws -> Data {
        switch format {
        case "md", "markdown": return Data(MarkdownRenderer().render(doc).utf8)
        default: throw ValidationError("Unknown format \"\(format)\". Use md, html, docx or pdf.")
        }
    }
}

let extraCommands: [ParsableCommand.Type] = []
