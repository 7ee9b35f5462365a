import Exchange
import Foundation
import MultilingualText

extension HTML {
    /// A paragraph of stored text with a State's notes shown as footnotes: a marker `[^m]` becomes a
    /// superscript link to its note, and a paragraph `[^m]: text` (the note itself, where the
    /// readers put it) becomes a footnote that links back. `side` keeps the ids of the original's
    /// notes apart from the translation's; `seen` keeps each id once.
    static func notedParagraph(_ text: String, language: String, side: String, seen: inout Set<String>) -> String {
        guard text.contains("[^") else { return paragraph(text, language: language) }
        let dir = Bidi.baseDirection(text) == .rtl ? "rtl" : "ltr"
        func id(_ kind: String, _ marker: String) -> String? {
            let id = "\(side)-\(kind)-\(url(marker).replacingOccurrences(of: "%", with: "_"))"
            return seen.insert(id).inserted ? id : nil
        }
        var pieces = NoteMarkers.split(text)
        var head = ""
        var attributes = ""
        if let first = pieces.first, first.isMarker, pieces.count > 1, pieces[1].text.hasPrefix(":") {
            // "[^m]: text" is the note m.
            let m = String(first.text.dropFirst(2).dropLast())
            attributes = " class=\"footnote\"" + (id("note", m).map { " id=\"\(attr($0))\"" } ?? "")
            head = "<a href=\"#\(attr("\(side)-ref-\(url(m).replacingOccurrences(of: "%", with: "_"))"))\">\(h(m))</a>. "
            pieces.removeFirst()
            pieces[0].text = String(pieces[0].text.dropFirst().drop { $0 == " " })
        }
        var body = ""
        for p in pieces {
            if p.isMarker {
                let m = String(p.text.dropFirst(2).dropLast())
                let target = "\(side)-note-\(url(m).replacingOccurrences(of: "%", with: "_"))"
                body += "<sup><a href=\"#\(attr(target))\"\(id("ref", m).map { " id=\"\(attr($0))\"" } ?? "")>\(h(m))</a></sup>"
            } else {
                body += h(Bidi.neutralize(p.text))
            }
        }
        return "<p lang=\"\(attr(language))\" dir=\"\(dir)\"\(attributes)>\(head)\(body)</p>"
    }
}
