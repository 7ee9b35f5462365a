import Foundation
import MultilingualText
import Submissions
import TestSupport
import Testing
import ZIPFoundation

@testable import Intake
@testable import Secretariat

@Suite struct DOCXReferenceTests {
    /// An Arabic Word file with right-to-left paragraphs and an abjad-lettered Word list registers
    /// to exactly the text of the plain-text original.
    @Test func arabicWordListWithRTLParagraphsGivesTheReferenceText() throws {
        let data = try DOCXBuilder.reference("morocco-item2.ar.txt", format: "arabicAbjad", rtl: true).build()
        let r = try Intake.read(data: data, name: "maroc.docx", options: IntakeOptions(letters: TestRepository.letters))
        #expect(r.kind == .docx)
        #expect(r.bytes == data)
        #expect(r.text == (try ReferenceTexts.text("morocco-item2.ar.txt")))
        #expect(r.text.contains("(هـ) تشجيع"))
        let doc = try DOCXReader.extract(data, file: "maroc.docx")
        #expect(doc.paragraphs == 9)
        #expect(doc.rightToLeftParagraphs == 9)
    }

    @Test func spanishWordFileGivesTheReferenceText() throws {
        let data = try DOCXBuilder.reference("peru-item3.es.txt", format: "lowerLetter", rtl: false).build()
        #expect(try Intake.read(data: data, name: "peru.docx").text == ReferenceTexts.text("peru-item3.es.txt"))
    }

    @Test func englishLetteredWordListGivesTheLetters() throws {
        let data = try DOCXBuilder.reference("morocco-item2.en.txt", format: "lowerLetter", rtl: false).build()
        let text = try Intake.read(data: data, name: "m.docx").text
        #expect(text == (try ReferenceTexts.text("morocco-item2.en.txt")))
        #expect(text.contains("\n\n(h) Encouraging"))
    }

    /// The kind comes from the content: a Word file named .txt is still read as Word.
    @Test func kindIsReadFromTheContent() throws {
        let data = try DOCXBuilder.reference("peru-item3.es.txt", format: "lowerLetter", rtl: false).build()
        let r = try Intake.read(data: data, name: "peru-item3.es.txt")
        #expect(r.kind == .docx)
        #expect(r.text == (try ReferenceTexts.text("peru-item3.es.txt")))
    }

    @Test func abjadLettersAreTheLocaleLetters() throws {
        let catalog = try LocaleCatalog(folder: ReferenceTexts.locales)
        let letters = ListLetters(catalog)
        #expect(letters.arabicAbjad.count == 28)
        #expect(letters.russianLower.first == "а")
        let ar = try catalog.language("ar")
        for n in 1...12 { #expect("(" + ListLabels.format(n, as: "arabicAbjad", letters: letters) + ")" == ar.letter(n - 1)) }
        // Without the locale's letters a list is counted in digits, never with letters typed in code.
        #expect(ListLabels.format(3, as: "arabicAbjad") == "3")
    }

    /// Registered through the Registrar, the Word original is kept byte for byte as original.docx
    /// and the stored text is the reference text; verify finds nothing to repair.
    @Test func registersThroughTheStore() throws {
        let dir = try ReferenceTexts.tempDir("docx-store")
        let store = try Store.create(at: dir, paper: try PaperDefinition.load(ReferenceTexts.url("paper.yaml")), clock: TestRepository.clock)
        let catalog = try LocaleCatalog(folder: ReferenceTexts.locales)
        let file = dir.deletingLastPathComponent().appendingPathComponent("maroc-\(UUID().uuidString).docx")
        let data = try DOCXBuilder.reference("morocco-item2.ar.txt", format: "arabicAbjad", rtl: true).build()
        try data.write(to: file)
        let (sub, warnings) = try Registrar(store: store, catalog: catalog).register(
            .init(
                file: file, state: "Morocco", language: "ar", items: [2], received: try CalendarDate(iso: "2020-09-18"), by: "t",
                options: IntakeOptions(letters: ListLetters(catalog)), strict: true))
        #expect(warnings.isEmpty)
        #expect(sub.record.original.file == "original.docx")
        #expect(sub.record.original.kind == .docx)
        #expect(try Data(contentsOf: sub.folder.appendingPathComponent("original.docx")) == data)
        #expect(try store.originalText(sub) == ReferenceTexts.text("morocco-item2.ar.txt"))
        #expect(sub.analysis?.directions.allSatisfy { $0 == .rtl } == true)
        #expect(try Verifier(store: store, catalog: catalog, readers: .standard).verify().isEmpty)
    }
}

@Suite struct DOCXStructureTests {
    func text(_ b: DOCXBuilder) throws -> String { try Intake.read(data: try b.build(), name: "t.docx").text }

    @Test func tabsBreaksHyphensAndSpaces() throws {
        var b = DOCXBuilder()
        b.add("<w:p><w:r><w:t>Article</w:t><w:tab/><w:t xml:space=\"preserve\"> 5 </w:t><w:t>  trimmed  </w:t></w:r></w:p>")
        b.add("<w:p><w:r><w:t>Line one</w:t><w:br/><w:br/><w:t>line two</w:t><w:cr/></w:r></w:p>")
        b.add(
            "<w:p><w:r><w:t>COVID</w:t><w:noBreakHyphen/><w:t>19, co</w:t><w:softHyphen/><w:t>operation</w:t><w:sym w:font=\"Symbol\" w:char=\"F0B7\"/></w:r></w:p>"
        )
        #expect(try text(b) == "Article\t 5 trimmed\n\nLine one\nline two\n\nCOVID\u{2011}19, co\u{AD}operation\n")
    }

    @Test func trackedChangesAreAcceptedAndFieldsShowTheirResult() throws {
        var b = DOCXBuilder()
        b.add(
            """
            <w:p><w:r><w:t xml:space="preserve">The </w:t></w:r><w:del w:id="1" w:author="x"><w:r><w:delText>old </w:delText></w:r></w:del>\
            <w:ins w:id="2" w:author="x"><w:r><w:t xml:space="preserve">new </w:t></w:r></w:ins><w:moveFrom><w:r><w:t>moved</w:t></w:r></w:moveFrom>\
            <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "https://sherloc.unodc.org" </w:instrText></w:r>\
            <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>SHERLOC</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>\
            <w:fldSimple w:instr=" PAGE "><w:r><w:t xml:space="preserve"> portal</w:t></w:r></w:fldSimple>\
            <w:hyperlink r:id="rId9"><w:r><w:t xml:space="preserve"> (link)</w:t></w:r></w:hyperlink>\
            <w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r><w:r><w:t>.</w:t></w:r></w:p>
            """)
        // A deleted paragraph mark joins the paragraph to the next one.
        b.add("<w:p><w:pPr><w:rPr><w:del w:id=\"3\" w:author=\"x\"/></w:rPr></w:pPr><w:r><w:t xml:space=\"preserve\">First half, </w:t></w:r></w:p>")
        b.add("<w:p><w:r><w:t>second half.</w:t></w:r></w:p>")
        #expect(try text(b) == "The new SHERLOC portal (link).\n\nFirst half, second half.\n")
    }

    @Test func listsRestartContinueAndNest() throws {
        var b = DOCXBuilder()
        b.numbering =
            DOCXBuilder.list(numId: 1, abstractId: 0, format: "lowerLetter", text: "(%1)")
            + DOCXBuilder.list(numId: 2, abstractId: 1, format: "decimal", text: "%1.", suffix: "space")
            + "<w:num w:numId=\"3\"><w:abstractNumId w:val=\"0\"/><w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"1\"/></w:lvlOverride></w:num>"
            + DOCXBuilder.list(numId: 4, abstractId: 2, format: "bullet", text: "\u{F0B7}")
            + DOCXBuilder.list(numId: 5, abstractId: 3, format: "upperRoman", text: "%1.", start: 3, suffix: "nothing")
        b.add(DOCXBuilder.paragraph("first", pPr: DOCXBuilder.numPr(1)))
        b.add(DOCXBuilder.paragraph("second", pPr: DOCXBuilder.numPr(1)))
        b.add(DOCXBuilder.paragraph("nested", pPr: DOCXBuilder.numPr(1, level: 1)))
        b.add(DOCXBuilder.paragraph("nested again", pPr: DOCXBuilder.numPr(1, level: 1)))
        b.add("<w:p><w:pPr>\(DOCXBuilder.numPr(1))</w:pPr></w:p>")  // empty: takes (c), is dropped
        b.add(DOCXBuilder.paragraph("fourth", pPr: DOCXBuilder.numPr(1)))
        b.add(DOCXBuilder.paragraph("one", pPr: DOCXBuilder.numPr(2)))
        b.add(DOCXBuilder.paragraph("restarted", pPr: DOCXBuilder.numPr(3)))
        b.add(DOCXBuilder.paragraph("bullet", pPr: DOCXBuilder.numPr(4)))
        b.add(DOCXBuilder.paragraph("roman", pPr: DOCXBuilder.numPr(5)))
        b.add(DOCXBuilder.paragraph("not a list", pPr: "<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"0\"/></w:numPr>"))
        let expected = [
            "(a) first", "(b) second", "(i) nested", "(ii) nested again", "(d) fourth", "1. one", "(a) restarted", "• bullet", "III.roman", "not a list",
        ]
        #expect(try text(b) == expected.joined(separator: "\n\n") + "\n")
    }

    @Test func startOverrideWinsOverTheLevelStart() throws {
        var b = DOCXBuilder()
        b.numbering =
            DOCXBuilder.list(numId: 10, abstractId: 0, format: "lowerLetter", text: "(%1)", start: 3)
            + "<w:num w:numId=\"11\"><w:abstractNumId w:val=\"0\"/><w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"1\"/></w:lvlOverride>"
            + "<w:lvlOverride w:ilvl=\"1\"><w:startOverride w:val=\"4\"/></w:lvlOverride></w:num>"
        b.add(DOCXBuilder.paragraph("c", pPr: DOCXBuilder.numPr(10)))
        b.add(DOCXBuilder.paragraph("a", pPr: DOCXBuilder.numPr(11)))
        b.add(DOCXBuilder.paragraph("iv", pPr: DOCXBuilder.numPr(11, level: 1)))
        b.add(DOCXBuilder.paragraph("b", pPr: DOCXBuilder.numPr(11)))
        b.add(DOCXBuilder.paragraph("i", pPr: DOCXBuilder.numPr(11, level: 1)))
        #expect(try text(b) == "(c) c\n\n(a) a\n\n(iv) iv\n\n(b) b\n\n(i) i\n")
    }

    @Test func listsFromParagraphStylesAndOtherFormats() throws {
        var b = DOCXBuilder()
        b.numbering =
            DOCXBuilder.list(numId: 7, abstractId: 0, format: "russianLower", text: "%1)")
            + DOCXBuilder.list(numId: 8, abstractId: 1, format: "arabicAlpha", text: "(%1)")
            + DOCXBuilder.list(numId: 9, abstractId: 2, format: "chineseCounting", text: "%1、")
        b.styles = """
            <w:style w:type="paragraph" w:styleId="Lettered"><w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr></w:style>\
            <w:style w:type="paragraph" w:styleId="LetteredBody"><w:basedOn w:val="Lettered"/></w:style>\
            <w:style w:type="paragraph" w:styleId="ArabicBody"><w:pPr><w:bidi/></w:pPr></w:style>
            """
        b.add(DOCXBuilder.paragraph("пункт", pPr: "<w:pStyle w:val=\"LetteredBody\"/>"))
        b.add(DOCXBuilder.paragraph("ещё", pPr: "<w:pStyle w:val=\"Lettered\"/>"))
        for t in ["أول", "ثان", "ثالث"] { b.add(DOCXBuilder.paragraph(t, pPr: DOCXBuilder.numPr(8))) }
        for _ in 0..<11 { b.add(DOCXBuilder.paragraph("项", pPr: DOCXBuilder.numPr(9))) }
        b.add(DOCXBuilder.paragraph("SHERLOC هو بوابة", pPr: "<w:pStyle w:val=\"ArabicBody\"/>"))
        b.add(DOCXBuilder.paragraph("SHERLOC is a portal", pPr: "<w:pStyle w:val=\"ArabicBody\"/><w:bidi w:val=\"0\"/>"))
        let doc = try DOCXReader.extract(try b.build(), file: "t.docx", letters: TestRepository.letters)
        let paras = doc.text.trimmingCharacters(in: .newlines).components(separatedBy: "\n\n")
        #expect(paras[0] == "а) пункт")
        #expect(paras[1] == "б) ещё")
        #expect(paras[2...4] == ["(أ) أول", "(ب) ثان", "(ت) ثالث"])
        #expect(paras[5] == "一、 项")
        #expect(paras[15] == "十一、 项")
        // Right-to-left paragraphs that open with Latin letters keep their direction in plain text.
        #expect(paras[16] == "\u{200F}SHERLOC هو بوابة")
        #expect(Bidi.baseDirection(paras[16]) == .rtl)
        #expect(paras[17] == "SHERLOC is a portal")
        #expect(doc.rightToLeftParagraphs == 1)
    }

    @Test func tablesContentControlsAndStrictDocuments() throws {
        var b = DOCXBuilder()
        b.add("<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Article 5</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Comment</w:t></w:r></w:p></w:tc></w:tr></w:tbl>")
        b.add("<w:sdt><w:sdtPr/><w:sdtContent><w:p><w:sdt><w:sdtContent><w:r><w:t>In a control</w:t></w:r></w:sdtContent></w:sdt></w:p></w:sdtContent></w:sdt>")
        b.add("<w:p><w:r><w:drawing><w:t>not body text</w:t></w:drawing></w:r><w:r><w:t>After a picture</w:t></w:r></w:p>")
        // A table of one row: cells separated by a tab, then the empty-row marker.
        #expect(try text(b) == "Article 5\tComment\n\t\n\nIn a control\n\nAfter a picture\n")
        b.namespace = DOCXReader.strictWordNamespace
        b.withoutPackageRelationships = true
        // A table of one row: cells separated by a tab, then the empty-row marker.
        #expect(try text(b) == "Article 5\tComment\n\t\n\nIn a control\n\nAfter a picture\n")
    }

    @Test func emptyDocumentIsRefused() throws {
        var b = DOCXBuilder()
        b.add("<w:p/><w:p><w:r><w:t xml:space=\"preserve\">   </w:t></w:r></w:p>")
        #expect { try Intake.read(data: try b.build(), name: "blank.docx") } throws: { e in
            guard case IntakeError.noText(let f, _) = e else { return false }
            return f == "blank.docx"
        }
    }
}

@Suite struct DOCXSafetyTests {
    func refusal(_ data: Data, limits: DOCXLimits = DOCXLimits()) -> String {
        do {
            _ = try DOCXReader.read(data, file: "bad.docx", limits: limits)
            return "accepted"
        } catch {
            return (error as? LocalizedError)?.errorDescription ?? "\(error)"
        }
    }

    @Test func xmlBombInTheDocumentIsRefused() throws {
        var b = DOCXBuilder()
        b.add("<w:p/>")
        var data = try b.build()
        let bomb = """
            <?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\
            <w:document xmlns:w="\(DOCXBuilder.w)"><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>
            """
        b.body = []
        let archive = try Archive(accessMode: .create)
        for (p, d) in [("_rels/.rels", try Self.entry(data, "_rels/.rels")), ("word/document.xml", Data(bomb.utf8))] {
            try DOCXBuilder.add(archive, p, d)
        }
        data = archive.data!
        let message = refusal(data)
        #expect(message.contains("bad.docx"))
        #expect(message.contains("word/document.xml"))
        #expect(message.contains("DTD"))
    }

    static func entry(_ package: Data, _ path: String) throws -> Data {
        let a = try Archive(data: package, accessMode: .read)
        var out = Data()
        _ = try a.extract(a[path]!) { out.append($0) }
        return out
    }

    /// 3 MiB of zeros deflate to a few kilobytes: refused from the declared sizes, before inflating.
    @Test func zipBombIsRefusedBeforeInflating() throws {
        var b = DOCXBuilder()
        b.add("<w:p><w:r><w:t>x</w:t></w:r></w:p>")
        b.extra = [("word/media/zeros.bin", Data(count: 3 << 20))]
        let message = refusal(try b.build())
        #expect(message.contains("zip bomb"), "\(message)")
        #expect(message.contains("word/media/zeros.bin"))
        #expect(message.contains("Nothing was stored"))
    }

    /// A package whose headers understate an entry's size is stopped by the byte counter.
    @Test func understatedSizeIsStoppedWhileInflating() throws {
        var b = DOCXBuilder()
        b.add(DOCXBuilder.paragraph(String(repeating: "Texto de relleno. ", count: 20_000)))
        var bytes = [UInt8](try b.build())
        let name = Array("word/document.xml".utf8)
        var patched = 0
        var i = 0
        while i + 46 < bytes.count {
            if bytes[i...].starts(with: [0x50, 0x4B, 0x03, 0x04]) {
                let n = Int(bytes[i + 26]) | Int(bytes[i + 27]) << 8
                if Array(bytes[(i + 30)..<(i + 30 + n)]) == name { bytes.replaceSubrange((i + 22)..<(i + 26), with: [0x00, 0x10, 0, 0]); patched += 1 }
            } else if bytes[i...].starts(with: [0x50, 0x4B, 0x01, 0x02]) {
                let n = Int(bytes[i + 28]) | Int(bytes[i + 29]) << 8
                if Array(bytes[(i + 46)..<(i + 46 + n)]) == name { bytes.replaceSubrange((i + 24)..<(i + 28), with: [0x00, 0x10, 0, 0]); patched += 1 }
            }
            i += 1
        }
        #expect(patched == 2)
        let message = refusal(Data(bytes))
        #expect(message.contains("more than the 4096 bytes it declares"), "\(message)")
    }

    @Test func limitsOnEntriesAndTotalSize() throws {
        var b = DOCXBuilder()
        b.add("<w:p><w:r><w:t>x</w:t></w:r></w:p>")
        b.extra = (0..<6).map { ("word/media/image\($0).png", Data(repeating: UInt8($0), count: 2000)) }
        let data = try b.build()
        #expect(refusal(data, limits: DOCXLimits(maxEntries: 5)).contains("more than 5 entries"))
        #expect(refusal(data, limits: DOCXLimits(maxTotalBytes: 10_000)).contains("more than 10000 bytes in all"))
        #expect(refusal(data, limits: DOCXLimits(maxEntryBytes: 1000)).contains("declares 2000 bytes"))
        #expect(refusal(data) == "accepted")
    }

    @Test func entryNamesOutsideThePackageAreRefused() throws {
        for evil in ["../../etc/cron.d/x", "/etc/passwd", "word/../../x.xml", "C:\\Windows\\x.dll"] {
            var b = DOCXBuilder()
            b.add("<w:p><w:r><w:t>x</w:t></w:r></w:p>")
            b.extra = [(evil, Data("x".utf8))]
            let message = refusal(try b.build())
            #expect(message.contains("outside the package"), "\(evil): \(message)")
            #expect(message.contains("never writes entries to disk"))
        }
    }

    @Test func damagedPackagesAreRefused() throws {
        var b = DOCXBuilder()
        b.add(DOCXBuilder.paragraph("Texto"))
        let good = try b.build()
        #expect(refusal(good.prefix(good.count / 2)).contains("not a readable ZIP package"))
        // A stored (uncompressed) part with one byte changed fails its checksum.
        let archive = try Archive(accessMode: .create)
        try DOCXBuilder.add(archive, "word/document.xml", Data(b.documentXML().utf8), method: .none)
        var bytes = [UInt8](archive.data!)
        let at = bytes.indices.first { bytes[$0...].starts(with: Array("Texto".utf8)) }!
        bytes[at] = UInt8(ascii: "X")
        #expect(refusal(Data(bytes)).contains("damaged"))
    }

    @Test func otherFormatsAreNamedWithWhatToDo() throws {
        let archive = try Archive(accessMode: .create)
        try DOCXBuilder.add(archive, "xl/workbook.xml", Data("<workbook/>".utf8))
        let xlsx = archive.data!
        do {
            _ = try Intake.read(data: xlsx, name: "comments.docx")
            Issue.record("a workbook was accepted")
        } catch {
            let text = (error as? LocalizedError)?.errorDescription ?? ""
            #expect(text.contains("Excel workbook"))
            #expect(text.contains("register that file"))
        }
        for (head, expected) in [
            ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] as [UInt8], "Word 97–2003"),
            (Array("{\\rtf1\\ansi hello}".utf8), "RTF"), (Array("%PDF-1.7\n".utf8), "PDF"),
        ] {
            do {
                _ = try Intake.read(data: Data(head + Array(repeating: 0x41, count: 600)), name: "comments.doc")
                Issue.record("\(expected) accepted")
            } catch {
                let text = (error as? LocalizedError)?.errorDescription ?? ""
                #expect(text.contains(expected), "\(text)")
                #expect(text.contains("register"))
            }
        }
    }
}

/// Word files made by real programs: python-docx (an Arabic file with RTL paragraphs), LibreOffice
/// and pandoc (a lettered list in real Word numbering).
@Suite(.serialized) struct DOCXClientTests {
    @Test(.enabled(if: Clients.runs(Clients.pythonImports("docx")), "SKIPPED: python-docx is not importable by python3"))
    func pythonDocxArabicWithRTLParagraphs() throws {
        guard Clients.pythonImports("docx") else {
            Clients.missing("python-docx is not importable by python3 (pip install python-docx)")
            return
        }
        let dir = try ReferenceTexts.tempDir("pydocx")
        let out = dir.appendingPathComponent("maroc.docx")
        let script = """
            import sys, docx
            from docx.oxml import OxmlElement
            src, dst = sys.argv[1], sys.argv[2]
            d = docx.Document()
            for p in open(src, encoding='utf-8').read().strip('\\n').split('\\n\\n'):
                par = d.add_paragraph(p)
                par._p.get_or_add_pPr().append(OxmlElement('w:bidi'))
                for r in par.runs:
                    r._r.get_or_add_rPr().append(OxmlElement('w:rtl'))
                d.add_paragraph('')
            d.save(dst)
            """
        let py = dir.appendingPathComponent("make.py")
        try script.write(to: py, atomically: true, encoding: .utf8)
        let r = try Proc.run("python3", [py.path, ReferenceTexts.url("morocco-item2.ar.txt").path, out.path])
        try #require(r.status == 0, "\(r.err)")
        let data = try Data(contentsOf: out)
        let text = try Intake.read(data: data, name: "maroc.docx")
        #expect(text.kind == .docx)
        #expect(text.text == (try ReferenceTexts.text("morocco-item2.ar.txt")))
        #expect(try DOCXReader.extract(data, file: "maroc.docx").rightToLeftParagraphs == 9)
    }

    @Test(.enabled(if: Clients.runs(Clients.installed("soffice")), "SKIPPED: LibreOffice (soffice) is not installed"))
    func libreOfficeWordFile() throws {
        guard Clients.available("soffice", reason: "LibreOffice writes the Word file") else { return }
        let dir = try ReferenceTexts.tempDir("soffice")
        try FileManager.default.copyItem(at: ReferenceTexts.url("peru-item2.es.txt"), to: dir.appendingPathComponent("peru.txt"))
        let r = try Proc.run(
            "soffice",
            [
                "-env:UserInstallation=file://\(dir.path)/profile", "--headless", "--convert-to", "docx:MS Word 2007 XML",
                "--outdir", dir.path, dir.appendingPathComponent("peru.txt").path,
            ])
        let out = dir.appendingPathComponent("peru.docx")
        try #require(r.status == 0 && FileManager.default.fileExists(atPath: out.path), "\(r.err)")
        #expect(try Intake.read(out).text == ReferenceTexts.text("peru-item2.es.txt"))
    }

    @Test(.enabled(if: Clients.runs(Clients.installed("pandoc")), "SKIPPED: pandoc is not installed"))
    func pandocWordListWithLetters() throws {
        guard Clients.available("pandoc", reason: "pandoc writes a Word list with (a) numbering") else { return }
        let dir = try ReferenceTexts.tempDir("pandoc-docx")
        let out = dir.appendingPathComponent("m.docx")
        let r = try Proc.run("pandoc", ["-f", "markdown-smart", ReferenceTexts.url("morocco-item2.en.txt").path, "-o", out.path])
        try #require(r.status == 0, "\(r.err)")
        // pandoc writes the (a)…(h) points as a real list: the labels live in numbering.xml only.
        let document = String(decoding: try DOCXSafetyTests.entry(try Data(contentsOf: out), "word/document.xml"), as: UTF8.self)
        #expect(!document.contains("(a)"))
        #expect(try Intake.read(out).text == ReferenceTexts.text("morocco-item2.en.txt"))
    }
}
