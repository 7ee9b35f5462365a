import Foundation
import MultilingualText
import Platform
import Submissions

/// The pages of a PDF that have no text layer while other pages have one (a letter printed to
/// PDF with a signed page scanned in, say): rendered and read by OCR like a scanned letter, their
/// text put at their place in page order. The whole text is then marked `mixed` and must be
/// proofread before use, as OCR text is.
struct ScannedPages {
    /// What Tesseract read, in page order.
    var pages: [OCRReader.Page]
    var model: String
    /// "tesseract 5.3.0".
    var tool: String

    /// The page numbers read by OCR.
    var numbers: [Int] { pages.map(\.number) }

    /// What the officer must know: which pages were read by OCR, and which of them gave no words.
    var caveats: [String] {
        let n = numbers
        var out = [
            "page\(n.count == 1 ? "" : "s") \(n.map(String.init).joined(separator: ", ")) ha\(n.count == 1 ? "s" : "ve") no text layer (a scanned page) and \(n.count == 1 ? "was" : "were") read by OCR (\(model)): proofread \(n.count == 1 ? "it" : "them") against the PDF"
        ]
        let empty = pages.filter { $0.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }.map(\.number)
        if !empty.isEmpty {
            out.append(
                "OCR found no words on page\(empty.count == 1 ? "" : "s") \(empty.map(String.init).joined(separator: ", ")) (a blank page, or a scan too faint to read)"
            )
        }
        return out
    }

    /// `x` (the text layer's extraction) marked as mixed, with the OCR pages, model, confidence
    /// and the OCR lines that were least sure.
    func merged(into x: Extraction) -> Extraction {
        var m = x
        m.method = .mixed
        m.ocrPages = numbers
        m.ocrTool = tool
        m.model = model
        let words = pages.flatMap(\.words)
        m.meanConfidence = words.isEmpty ? 0 : (words.reduce(0, +) / Double(words.count) * 10).rounded() / 10
        let lowest = pages.flatMap { p in
            p.lines.map { Extraction.Line(page: p.number, confidence: ($0.0 * 10).rounded() / 10, text: String(SafeText.oneLine($0.1).prefix(120))) }
        }.sorted { $0.confidence < $1.confidence }.prefix(5)
        m.lowestLines = lowest.isEmpty ? nil : Array(lowest)
        m.caveats = (x.caveats ?? []) + caveats
        return m
    }
}

extension ScannedPages {
    /// The unread lines of the scanned pages (their crops stored beside the text) and what was done
    /// to those pages, added to what the text layer's reading says.
    func recordUnread(into r: inout ReceivedText) {
        let before = r.extraction?.caveats ?? []
        OCRReader.recordUnread(pages, handwriting: false, into: &r)
        let all = before + (r.extraction?.caveats ?? [])
        r.extraction?.caveats = all.isEmpty ? nil : all
    }
}

extension OCRReader {
    /// Reads the pages `numbers` of a PDF whose other pages have a text layer.
    func scannedPages(pdf: String, numbers: [Int], pageSize: (Double, Double)?, file: String, options: IntakeOptions) throws -> ScannedPages {
        let read = try readPages(pdf: pdf, numbers: numbers, pageSize: pageSize, file: file, options: options)
        let pages = read.pages.map { p in
            var p = p
            p.text = PageText.foldCJKSpaces(p.text)
            return p
        }
        return ScannedPages(pages: pages, model: read.model, tool: "tesseract \(Self.version(programs: programs, tesseract: read.tesseract))")
    }
}
