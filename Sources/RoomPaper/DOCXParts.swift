import Foundation
import MultilingualText
import ZIPFoundation

/// The parts of the Word package other than the body: relationships, properties, styles,
/// numbering, settings, fonts, header and footer.
struct DOCXParts {
    let doc: Document
    let fonts: DOCXRenderer.Fonts

    static let xmlDeclaration: StaticString = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    static let w: StaticString =
        "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""

    private func part(_ build: (inout MarkupWriter) -> Void) -> [UInt8] {
        var w = MarkupWriter(capacity: 4096)
        w.raw(Self.xmlDeclaration)
        build(&w)
        return w.bytes
    }

    var contentTypes: [UInt8] {
        part { w in
            w.raw("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">")
            w.raw("<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>")
            w.raw("<Default Extension=\"xml\" ContentType=\"application/xml\"/>")
            let wml = "application/vnd.openxmlformats-officedocument.wordprocessingml."
            for (name, type) in [
                ("/word/document.xml", wml + "document.main+xml"), ("/word/styles.xml", wml + "styles+xml"),
                ("/word/numbering.xml", wml + "numbering+xml"), ("/word/footnotes.xml", wml + "footnotes+xml"),
                ("/word/settings.xml", wml + "settings+xml"), ("/word/fontTable.xml", wml + "fontTable+xml"),
                ("/word/header1.xml", wml + "header+xml"), ("/word/footer1.xml", wml + "footer+xml"),
                ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
                ("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml"),
            ] {
                w.raw("<Override PartName=\"\(name)\" ContentType=\"\(type)\"/>")
            }
            w.raw("</Types>")
        }
    }

    var packageRelationships: [UInt8] {
        part { w in
            w.raw("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">")
            w.raw(
                "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
            )
            w.raw(
                "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
            )
            w.raw(
                "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>"
            )
            w.raw("</Relationships>")
        }
    }

    /// Relationship ids used by the body: header rId7, footer rId8.
    var documentRelationships: [UInt8] {
        part { w in
            let base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
            w.raw("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">")
            for (id, type, target) in [
                ("rId1", "styles", "styles.xml"), ("rId2", "numbering", "numbering.xml"),
                ("rId3", "footnotes", "footnotes.xml"), ("rId4", "settings", "settings.xml"),
                ("rId5", "fontTable", "fontTable.xml"), ("rId7", "header", "header1.xml"),
                ("rId8", "footer", "footer1.xml"),
            ] {
                w.raw("<Relationship Id=\"\(id)\" Type=\"\(base)\(type)\" Target=\"\(target)\"/>")
            }
            w.raw("</Relationships>")
        }
    }

    /// Core properties: the symbol (`dc:identifier`), the title, the subject (agenda title), the language.
    var coreProperties: [UInt8] {
        part { w in
            w.raw(
                "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
            )
            w.raw("<dc:title>"); w.text(doc.metadata.title); w.raw("</dc:title>")
            w.raw("<dc:subject>"); w.text(doc.metadata.subject); w.raw("</dc:subject>")
            w.raw("<dc:identifier>"); w.text(doc.metadata.symbol); w.raw("</dc:identifier>")
            w.raw("<dc:language>"); w.text(doc.language); w.raw("</dc:language>")
            w.raw("</cp:coreProperties>")
        }
    }

    var appProperties: [UInt8] {
        part { w in
            w.raw(
                "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"><Application>RoomPaper</Application></Properties>"
            )
        }
    }

    /// The language attributes of the defaults: the paper's language for Latin text, Chinese for
    /// East Asian text, Arabic for complex-script text.
    private func defaultLanguage(_ w: inout MarkupWriter) {
        let L = doc.language
        let latin = WordLanguage.isRightToLeft(L) || WordLanguage.isChinese(L) ? "en-GB" : WordLanguage.tag(L)
        let eastAsia = WordLanguage.isChinese(L) ? WordLanguage.tag(L) : "zh-CN"
        let bidi = WordLanguage.isRightToLeft(L) ? WordLanguage.tag(L) : "ar-SA"
        w.raw("w:val=\""); w.attribute(latin); w.raw("\" w:eastAsia=\""); w.attribute(eastAsia)
        w.raw("\" w:bidi=\""); w.attribute(bidi); w.raw("\"")
    }

    /// Styles modelled on the UN templates: 10 pt Times New Roman on 12 pt, text indented 1.27 cm
    /// on both sides (SingleTxt), numbers hanging at 1.27 cm, lettered points hanging at 1.9 cm.
    var styles: [UInt8] {
        part { w in
            w.raw("<w:styles ")
            w.raw(Self.w)
            w.raw("><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"")
            w.attribute(fonts.latin); w.raw("\" w:eastAsia=\""); w.attribute(fonts.eastAsia)
            w.raw("\" w:hAnsi=\""); w.attribute(fonts.latin); w.raw("\" w:cs=\""); w.attribute(fonts.complex)
            w.raw("\"/><w:sz w:val=\"20\"/><w:szCs w:val=\"24\"/><w:lang ")
            defaultLanguage(&w)
            w.raw(
                "/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"atLeast\"/></w:pPr></w:pPrDefault></w:docDefaults>"
            )
            w.raw(Self.styleList)
            w.raw("</w:styles>")
        }
    }

    static let styleList: StaticString = """
        <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:widowControl/></w:pPr></w:style>\
        <w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>\
        <w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Subtitle"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="480" w:after="240" w:line="400" w:lineRule="atLeast"/><w:ind w:left="720" w:right="720"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="34"/><w:szCs w:val="40"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/><w:next w:val="SingleTxt"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:after="360" w:line="280" w:lineRule="atLeast"/><w:ind w:left="720" w:right="720"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="24"/><w:szCs w:val="30"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="NumberedPara"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="360" w:after="240" w:line="280" w:lineRule="atLeast"/><w:ind w:left="720" w:right="720" w:hanging="720"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="24"/><w:szCs w:val="30"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Heading3"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="60"/><w:ind w:left="720" w:right="720"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:bCs/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/><w:next w:val="SingleTxt"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:after="240"/><w:ind w:left="720" w:right="720"/><w:outlineLvl w:val="2"/></w:pPr><w:rPr><w:b/><w:bCs/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Heading4"><w:name w:val="heading 4"/><w:basedOn w:val="Normal"/><w:next w:val="SingleTxt"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="120"/><w:ind w:left="720" w:right="720"/><w:outlineLvl w:val="3"/></w:pPr><w:rPr><w:b/><w:bCs/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="AnnexTitle"><w:name w:val="Annex Title"/><w:basedOn w:val="Normal"/><w:next w:val="AnnexSection"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:after="240" w:line="400" w:lineRule="atLeast"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="34"/><w:szCs w:val="40"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="AnnexSection"><w:name w:val="Annex Section"/><w:basedOn w:val="Normal"/><w:next w:val="Heading4"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:after="240" w:line="280" w:lineRule="atLeast"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="24"/><w:szCs w:val="30"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="SingleTxt"><w:name w:val="Single Txt"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="120"/><w:ind w:left="720" w:right="720"/><w:jc w:val="both"/></w:pPr></w:style>\
        <w:style w:type="paragraph" w:styleId="NumberedPara"><w:name w:val="Numbered Paragraph"/><w:basedOn w:val="SingleTxt"/><w:qFormat/><w:pPr><w:ind w:left="1080" w:right="720" w:hanging="360"/></w:pPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Point"><w:name w:val="Lettered Point"/><w:basedOn w:val="SingleTxt"/><w:qFormat/><w:pPr><w:ind w:left="1440" w:right="720" w:hanging="360"/></w:pPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Note"><w:name w:val="Editorial Note"/><w:basedOn w:val="SingleTxt"/><w:pPr></w:pPr><w:rPr><w:i/><w:iCs/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Masthead"><w:name w:val="Masthead"/><w:basedOn w:val="Normal"/></w:style>\
        <w:style w:type="paragraph" w:styleId="MastheadBody"><w:name w:val="Masthead Body"/><w:basedOn w:val="Masthead"/><w:pPr><w:spacing w:after="60" w:line="280" w:lineRule="atLeast"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="24"/><w:szCs w:val="28"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="MastheadSymbol"><w:name w:val="Masthead Symbol"/><w:basedOn w:val="Masthead"/><w:pPr><w:spacing w:after="120" w:line="320" w:lineRule="atLeast"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="24"/><w:szCs w:val="28"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="MastheadLast"><w:name w:val="Masthead Last"/><w:basedOn w:val="Masthead"/><w:pPr><w:spacing w:after="60"/></w:pPr></w:style>\
        <w:style w:type="paragraph" w:styleId="MastheadSession"><w:name w:val="Masthead Session"/><w:basedOn w:val="Masthead"/><w:pPr><w:spacing w:before="120"/></w:pPr><w:rPr><w:b/><w:bCs/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="MastheadAgendaTitle"><w:name w:val="Masthead Agenda Title"/><w:basedOn w:val="Masthead"/><w:pPr><w:spacing w:after="120"/></w:pPr><w:rPr><w:b/><w:bCs/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:pPr><w:spacing w:line="220" w:lineRule="atLeast"/><w:ind w:left="1080" w:right="720" w:hanging="360"/></w:pPr><w:rPr><w:sz w:val="17"/><w:szCs w:val="20"/></w:rPr></w:style>\
        <w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/><w:uiPriority w:val="99"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/><w:pPr><w:pBdr><w:bottom w:val="single" w:sz="4" w:space="4" w:color="000000"/></w:pBdr></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="17"/><w:szCs w:val="20"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:rPr><w:b/><w:bCs/><w:sz w:val="17"/><w:szCs w:val="20"/></w:rPr></w:style>
        """

    /// One decimal list ("1.") with one instance per run of consecutive numbers, each with an
    /// explicit start so Word prints the document's own numbers; and one single-level list per
    /// literal label (no counter: `w:numFmt none`, the label as `w:lvlText`).
    func numbering(_ instances: [DOCXNumbering]) -> [UInt8] {
        part { w in
            w.raw("<w:numbering "); w.raw(Self.w); w.raw(">")
            w.raw(
                "<w:abstractNum w:abstractNumId=\"0\"><w:multiLevelType w:val=\"singleLevel\"/><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1.\"/><w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"1080\" w:hanging=\"360\"/></w:pPr></w:lvl></w:abstractNum>"
            )
            for (i, instance) in instances.enumerated() {
                guard case .literal(let label, let start, let hanging, let font) = instance else { continue }
                w.raw(
                    "<w:abstractNum w:abstractNumId=\"\(i + 1)\"><w:multiLevelType w:val=\"singleLevel\"/><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"none\"/><w:lvlText w:val=\""
                )
                w.attribute(label)
                w.raw("\"/><w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"\(start)\" w:hanging=\"\(hanging)\"/></w:pPr><w:rPr><w:rFonts w:cs=\"")
                w.attribute(font)
                w.raw("\" w:hint=\"cs\"/><w:rtl/></w:rPr></w:lvl></w:abstractNum>")
            }
            for (i, instance) in (instances.isEmpty ? [.decimal(start: 1)] : instances).enumerated() {
                switch instance {
                case .decimal(let start):
                    w.raw(
                        "<w:num w:numId=\"\(i + 1)\"><w:abstractNumId w:val=\"0\"/><w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"\(start)\"/></w:lvlOverride></w:num>"
                    )
                case .literal:
                    w.raw("<w:num w:numId=\"\(i + 1)\"><w:abstractNumId w:val=\"\(i + 1)\"/></w:num>")
                }
            }
            w.raw("</w:numbering>")
        }
    }

    var settings: [UInt8] {
        part { w in
            w.raw("<w:settings "); w.raw(Self.w)
            w.raw("><w:zoom w:percent=\"100\"/><w:defaultTabStop w:val=\"720\"/><w:characterSpacingControl w:val=\"doNotCompress\"/>")
            w.raw("<w:footnotePr><w:footnote w:id=\"-1\"/><w:footnote w:id=\"0\"/></w:footnotePr>")
            // A line that a State's hard line break ends (a letterhead, a heading, a signature) is not
            // stretched to the margin in a justified paragraph, in Word as in LibreOffice.
            w.raw("<w:compat><w:doNotExpandShiftReturn/>")
            w.raw("<w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>")
            w.raw("<w:themeFontLang "); defaultLanguage(&w); w.raw("/>")
            w.raw("</w:settings>")
        }
    }

    var fontTable: [UInt8] {
        part { w in
            w.raw("<w:fonts "); w.raw(Self.w); w.raw(">")
            var seen: Set<String> = []
            for (name, charset, family) in [(fonts.latin, "00", "roman"), (fonts.complex, "B2", "roman"), (fonts.eastAsia, "86", "auto")]
            where seen.insert(name).inserted {
                w.raw("<w:font w:name=\""); w.attribute(name); w.raw("\"><w:charset w:val=\"")
                w.raw(charset); w.raw("\"/><w:family w:val=\""); w.raw(family); w.raw("\"/><w:pitch w:val=\"variable\"/></w:font>")
            }
            w.raw("</w:fonts>")
        }
    }

    /// From page 2: the symbol in the header, the page number in the footer (the first page
    /// has the masthead and neither).
    var header: [UInt8] {
        part { w in
            w.raw("<w:hdr "); w.raw(Self.w); w.raw("><w:p><w:pPr><w:pStyle w:val=\"Header\"/>")
            if doc.direction == .rtl { w.raw("<w:bidi/>") }
            w.raw("<w:jc w:val=\"right\"/></w:pPr><w:r><w:t xml:space=\"preserve\">")
            w.text(SafeRun.clean(doc.metadata.symbol))
            w.raw("</w:t></w:r></w:p></w:hdr>")
        }
    }

    var footer: [UInt8] {
        part { w in
            w.raw("<w:ftr "); w.raw(Self.w); w.raw("><w:p><w:pPr><w:pStyle w:val=\"Footer\"/>")
            if doc.direction == .rtl { w.raw("<w:bidi/>") }
            w.raw("<w:jc w:val=\"right\"/></w:pPr><w:fldSimple w:instr=\" PAGE \"><w:r><w:t>2</w:t></w:r></w:fldSimple></w:p></w:ftr>")
        }
    }
}

/// Writes the parts into a ZIP package, deterministically.
enum DOCXPackage {
    /// 1980-01-01 00:00 UTC, the earliest ZIP date: every entry gets it, so the same parts give the same bytes.
    static let fixedDate = Date(timeIntervalSince1970: 315_532_800)

    static func zip(_ parts: [(path: String, data: [UInt8])]) throws -> Data {
        do {
            let archive = try Archive(data: Data(), accessMode: .create)
            for (path, bytes) in parts {
                // Each chunk is copied as it is compressed, never the whole part (document.xml of a
                // long paper is tens of megabytes).
                try archive.addEntry(
                    with: path, type: .file, uncompressedSize: Int64(bytes.count), modificationDate: fixedDate,
                    permissions: 0o644, compressionMethod: .deflate, bufferSize: max(16_384, min(bytes.count, 4 << 20))
                ) { position, size in
                    Data(bytes[Int(position)..<Int(position) + size])
                }
            }
            guard let out = archive.data else { throw RenderError.packageFailed(reason: "the archive is empty") }
            return out
        } catch let e as RenderError {
            throw e
        } catch {
            throw RenderError.packageFailed(reason: "\(error)")
        }
    }
}
