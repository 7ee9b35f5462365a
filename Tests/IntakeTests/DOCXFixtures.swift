import Foundation
import TestSupport
import Testing
import ZIPFoundation

/// The reference texts of the CTOC/COP/2020 paper, for the Word, e-mail, HTML and bulk tests.
enum ReferenceTexts {
    static let folder = Repo.fixtures
    static let locales = Repo.locales

    static func url(_ name: String) -> URL { folder.appendingPathComponent(name) }
    static func text(_ name: String) throws -> String { try String(contentsOf: url(name), encoding: .utf8) }
    static func paragraphs(_ name: String) throws -> [String] {
        try text(name).trimmingCharacters(in: .newlines).components(separatedBy: "\n\n")
    }

    static func tempDir(_ tag: String) throws -> URL { try Scratch.dir(tag) }
}

/// Builds minimal WordprocessingML packages in memory, the way Word lays them out.
struct DOCXBuilder {
    static let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    /// `w:p` elements (or tables) as XML, in order.
    var body: [String] = []
    /// The inside of `w:numbering`, when the document has lists.
    var numbering: String? = nil
    /// The inside of `w:styles`, when the document has styles.
    var styles: String? = nil
    /// The namespace of the document element (strict documents use another).
    var namespace = DOCXBuilder.w
    /// More entries, added as they are.
    var extra: [(String, Data)] = []
    /// Leave out `_rels/.rels` (old tools do).
    var withoutPackageRelationships = false
    /// More parts of the document with their relationship: type (the last word, "footnotes"),
    /// path under word/ and XML.
    var related: [(type: String, target: String, xml: String)] = []

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// A run of text, with xml:space="preserve" when it has edge spaces.
    static func run(_ text: String, rPr: String = "") -> String {
        let preserve = text.hasPrefix(" ") || text.hasSuffix(" ") ? " xml:space=\"preserve\"" : ""
        return "<w:r>\(rPr.isEmpty ? "" : "<w:rPr>\(rPr)</w:rPr>")<w:t\(preserve)>\(escape(text))</w:t></w:r>"
    }

    /// A paragraph whose text is split into runs at every few words, as Word does after edits.
    static func paragraph(_ text: String, pPr: String = "", runsOf words: Int = 7) -> String {
        let tokens = text.split(separator: " ", omittingEmptySubsequences: false)
        var runs: [String] = []
        var i = 0
        while i < tokens.count {
            let chunk = tokens[i..<min(i + words, tokens.count)].joined(separator: " ")
            i += words
            runs.append(run(i < tokens.count ? chunk + " " : chunk))
        }
        return "<w:p>\(pPr.isEmpty ? "" : "<w:pPr>\(pPr)</w:pPr>")\(runs.joined(separator: "<w:proofErr w:type=\"spellStart\"/>"))</w:p>"
    }

    mutating func add(_ xml: String) { body.append(xml) }

    func documentXML() -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:document xmlns:w="\(namespace)" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>\(body.joined())<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>
        """
    }

    /// The package as bytes.
    func build() throws -> Data {
        let archive = try Archive(accessMode: .create)
        var parts: [(String, String)] = [
            (
                "[Content_Types].xml",
                """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>
                """
            )
        ]
        if !withoutPackageRelationships {
            parts.append(
                (
                    "_rels/.rels",
                    """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>
                    """
                ))
        }
        parts.append(("word/document.xml", documentXML()))
        var rels = ""
        if let numbering {
            rels +=
                "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering\" Target=\"numbering.xml\"/>"
            parts.append(("word/numbering.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:numbering xmlns:w=\"\(namespace)\">\(numbering)</w:numbering>"))
        }
        if let styles {
            rels +=
                "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"/word/styles.xml\"/>"
            parts.append(("word/styles.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:styles xmlns:w=\"\(namespace)\">\(styles)</w:styles>"))
        }
        for (i, r) in related.enumerated() {
            rels +=
                "<Relationship Id=\"rIdX\(i)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/\(r.type)\" Target=\"\(r.target)\"/>"
            parts.append(("word/" + r.target, r.xml))
        }
        rels +=
            "<Relationship Id=\"rId9\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink\" Target=\"https://sherloc.unodc.org/\" TargetMode=\"External\"/>"
        parts.append(
            (
                "word/_rels/document.xml.rels",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\(rels)</Relationships>"
            ))
        for (path, xml) in parts { try Self.add(archive, path, Data(xml.utf8)) }
        for (path, data) in extra { try Self.add(archive, path, data) }
        return archive.data!
    }

    static func add(_ archive: Archive, _ path: String, _ data: Data, method: CompressionMethod = .deflate) throws {
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: method) { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
    }

    /// A numbering part with one list: level 0 in `format` with `lvlText`, level 1 in lowerRoman.
    static func list(numId: Int = 1, abstractId: Int = 0, format: String, text: String, start: Int = 1, suffix: String? = nil) -> String {
        let suff = suffix.map { "<w:suff w:val=\"\($0)\"/>" } ?? ""
        return """
            <w:abstractNum w:abstractNumId="\(abstractId)"><w:multiLevelType w:val="hybridMultilevel"/>\
            <w:lvl w:ilvl="0"><w:start w:val="\(start)"/><w:numFmt w:val="\(format)"/>\(suff)<w:lvlText w:val="\(text)"/><w:lvlJc w:val="left"/></w:lvl>\
            <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="(%2)"/></w:lvl></w:abstractNum>\
            <w:num w:numId="\(numId)"><w:abstractNumId w:val="\(abstractId)"/></w:num>
            """
    }

    static func numPr(_ numId: Int, level: Int = 0) -> String {
        "<w:numPr><w:ilvl w:val=\"\(level)\"/><w:numId w:val=\"\(numId)\"/></w:numPr>"
    }

    /// A Word copy of a reference text: paragraphs as `w:p`, lettered points "(a) …" / "(أ) …" as
    /// items of a real Word list whose labels come from numbering.xml, right-to-left when asked.
    static func reference(_ name: String, format: String, lvlText: String = "(%1)", rtl: Bool) throws -> DOCXBuilder {
        var b = DOCXBuilder()
        b.numbering = list(format: format, text: lvlText)
        let bidi = rtl ? "<w:bidi/>" : ""
        for (n, p) in try ReferenceTexts.paragraphs(name).enumerated() {
            if p.hasPrefix("("), let close = p.firstIndex(of: ")"), p.distance(from: p.startIndex, to: close) <= 4 {
                let text = String(p[p.index(close, offsetBy: 2)...])
                b.add(paragraph(text, pPr: "<w:pStyle w:val=\"ListParagraph\"/>" + numPr(1) + bidi))
            } else {
                b.add(paragraph(p, pPr: bidi))
            }
            if n == 0 { b.add("<w:p><w:pPr>\(bidi)</w:pPr></w:p>") }  // an empty paragraph for spacing
        }
        return b
    }
}
