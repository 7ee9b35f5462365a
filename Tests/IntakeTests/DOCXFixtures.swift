import Foundation
import Testing
import ZIPFoundation

/// The reference texts of the CTOC/COP/2020 paper, for the Word, e-mail, HTML and bulk tests.
enum ReferenceTexts {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/ctoc-cop-2020")
    static let locales = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Locales")

    static func url(_ name: String) -> URL { folder.appendingPathComponent(name) }
    static func text(_ name: String) throws -> String { try String(contentsOf: url(name), encoding: .utf8) }
    static func paragraphs(_ name: String) throws -> [String] {
        try text(name).trimmingCharacters(in: .newlines).components(separatedBy: "\n\n")
    }

    static func tempDir(_ tag: String) -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("crp-\(tag)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }
}

/// Runs a real program the tests compare against (python-docx, LibreOffice, pandoc). A missing
/// program fails the test unless CRP_ALLOW_MISSING_CLIENTS=1, which prints SKIPPED instead.
enum Client {
    static var allowMissing: Bool { ProcessInfo.processInfo.environment["CRP_ALLOW_MISSING_CLIENTS"] == "1" }

    static func installed(_ program: String) -> Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/\(program)")
        }
    }

    static var pythonDocx: Bool { (try? run("python3", ["-c", "import docx"]))?.status == 0 }

    /// For `.enabled(if:)`: a test runs when its client is there, or when missing clients are not
    /// allowed (it then fails); only with CRP_ALLOW_MISSING_CLIENTS=1 is it reported as skipped.
    static func runs(_ present: @autoclosure () -> Bool) -> Bool { !allowMissing || present() }

    static func available(_ program: String, reason: String) -> Bool {
        if installed(program) { return true }
        return missing("\(program) is not installed (\(reason))")
    }

    /// Records a missing client: SKIPPED when allowed, else a failure.
    @discardableResult
    static func missing(_ what: String) -> Bool {
        if ProcessInfo.processInfo.environment["CRP_ALLOW_MISSING_CLIENTS"] == "1" {
            print("SKIPPED: \(what)")
        } else {
            Issue.record("\(what). Install it (Scripts/setup.sh) or set CRP_ALLOW_MISSING_CLIENTS=1 to skip.")
        }
        return false
    }

    /// Runs a program; returns its exit status and standard error.
    @discardableResult
    static func run(_ program: String, _ args: [String], cwd: URL? = nil) throws -> (status: Int32, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [program] + args
        if let cwd { p.currentDirectoryURL = cwd }
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: e, as: UTF8.self))
    }
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
            ("[Content_Types].xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>
                """),
        ]
        if !withoutPackageRelationships {
            parts.append(("_rels/.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>
                """))
        }
        parts.append(("word/document.xml", documentXML()))
        var rels = ""
        if let numbering {
            rels += "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering\" Target=\"numbering.xml\"/>"
            parts.append(("word/numbering.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:numbering xmlns:w=\"\(namespace)\">\(numbering)</w:numbering>"))
        }
        if let styles {
            rels += "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"/word/styles.xml\"/>"
            parts.append(("word/styles.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:styles xmlns:w=\"\(namespace)\">\(styles)</w:styles>"))
        }
        for (i, r) in related.enumerated() {
            rels += "<Relationship Id=\"rIdX\(i)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/\(r.type)\" Target=\"\(r.target)\"/>"
            parts.append(("word/" + r.target, r.xml))
        }
        rels += "<Relationship Id=\"rId9\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink\" Target=\"https://sherloc.unodc.org/\" TargetMode=\"External\"/>"
        parts.append(("word/_rels/document.xml.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\(rels)</Relationships>"))
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
