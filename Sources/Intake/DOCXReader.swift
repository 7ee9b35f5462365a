import Foundation
import MultilingualText
import SafeXML
import Submissions
import ZIPFoundation

/// Safety limits for Word files, applied to the ZIP directory before anything is inflated and
/// again, with a byte counter, while the parts that are read are inflated.
public struct DOCXLimits: Sendable, Equatable {
    /// Most entries a package may list (a Word document has a few dozen).
    public var maxEntries: Int
    /// Largest size one entry may declare or inflate to.
    public var maxEntryBytes: Int
    /// Largest sum of the declared sizes of all entries, and of the bytes actually inflated.
    public var maxTotalBytes: Int
    /// Largest inflated ÷ compressed ratio accepted for an entry above `ratioFloorBytes`
    /// (Word's XML compresses about 5–20 : 1; zip bombs reach 1 000 : 1).
    public var maxRatio: Int
    /// Entries smaller than this are not held to `maxRatio`.
    public var ratioFloorBytes: Int

    /// Creates limits; the defaults are 10 000 entries, 64 MiB per entry, 200 MiB in all, 200 : 1.
    public init(
        maxEntries: Int = 10_000, maxEntryBytes: Int = 64 << 20, maxTotalBytes: Int = 200 << 20,
        maxRatio: Int = 200, ratioFloorBytes: Int = 1 << 20
    ) {
        self.maxEntries = maxEntries
        self.maxEntryBytes = maxEntryBytes
        self.maxTotalBytes = maxTotalBytes
        self.maxRatio = maxRatio
        self.ratioFloorBytes = ratioFloorBytes
    }
}

/// What a Word document says, as plain text with its paragraph structure.
public struct DOCXText: Sendable, Equatable {
    /// The paragraphs (list labels included), separated by a blank line, ending with a line feed.
    public var text: String
    /// How many paragraphs were kept.
    public var paragraphs: Int
    /// How many of them Word lays out right to left (`w:bidi`).
    public var rightToLeftParagraphs: Int
    /// What the officer should know: comments left out, tracked changes accepted.
    public var warnings: [String] = []
    /// The parts besides the body: headers and footers (left out), comments (left out).
    public var parts: [ReceivedPart] = []
    /// The extension the package's main part calls for when it is not a plain document: "docm"
    /// (macro-enabled), "dotx" (template), "dotm" (macro-enabled template); nil for a .docx.
    public var fileExtension: String? = nil
}

/// Reads the text of a Word (.docx) document: body paragraphs in order, list labels resolved from
/// `numbering.xml`, tracked changes accepted (and reported), field results kept, tables kept as
/// tables, footnotes and endnotes kept as notes of their paragraph, text boxes read after the
/// paragraph they are anchored in; headers and footers (the letterhead) and comments are left out
/// and named in `DOCXText.parts`.
///
/// The package is opened in memory and only the parts that are needed are inflated
/// (`_rels/.rels`, the main document, its relationships, `numbering.xml` and `styles.xml`); no
/// entry is ever written to disk, so entry names cannot reach the file system. Names with `..` or
/// an absolute path are refused all the same, because no Word program writes them.
///
/// Not part of the text: headers, footers and comments (listed as parts, left), drawings.
///
/// Conventions, chosen so that a Word copy of a `.txt` original gives the same stored text:
/// - a paragraph (`w:p`) becomes a block of text; blocks are separated by a blank line, and empty
///   paragraphs (Word's spacing) are dropped;
/// - a line break inside a paragraph (`w:br`, `w:cr`) becomes a line feed, never two in a row,
///   so that a blank line keeps meaning "new paragraph"; a tab (`w:tab`) stays a tab;
/// - a list label is written before the text followed by one space, whatever Word's separator
///   (`w:suff` tab is layout, not content): "(a) text", "(أ) text", "1. text";
/// - a right-to-left paragraph (`w:bidi`) whose first strong letter is left-to-right (it opens with
///   "SHERLOC", say) gets a RIGHT-TO-LEFT MARK in front, so that plain text keeps its direction;
///   other paragraphs are not touched;
/// - a table (`w:tbl`) is stored one row per line, its cells separated by a tab (the convention
///   of `StateText` in RoomPaper, which prints it as a table again); a cell's paragraphs (and
///   line breaks) are separated by LINE SEPARATOR (U+2028), printed as a line break in the cell;
///   a merged cell leaves empty cells so that columns stay paired; a table of one row is followed
///   by a line of its tabs alone (an empty row, not printed), so that it stays a table; a table of
///   one column is stored as paragraphs; a table inside a footnote is flattened into the note's
///   text (cells and rows joined by spaces);
/// - a footnote or endnote reference is written `[^1]` where it stands and the note follows the
///   paragraph (or table) as a paragraph `[^1]: text`; footnotes are numbered 1, 2, …, endnotes
///   i, ii, … as Word numbers them by default, and a custom mark (`w:customMarkFollows`) is kept.
public enum DOCXReader {
    /// The WordprocessingML namespace (transitional, what Word writes).
    public static let wordNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    /// The WordprocessingML namespace of ISO 29500 strict documents.
    public static let strictWordNamespace = "http://purl.oclc.org/ooxml/wordprocessingml/main"
    static let relationshipsNamespace = "http://schemas.openxmlformats.org/package/2006/relationships"
    static let kind = "Word (.docx)"

    /// Reads a received Word file into stored form.
    public static func read(
        _ data: Data, file: String, options: IntakeOptions = IntakeOptions(),
        limits: DOCXLimits = DOCXLimits()
    ) throws -> ReceivedText {
        let doc = try extract(data, file: file, limits: limits, letters: options.letters)
        if doc.paragraphs == 0 {
            let letterhead = doc.parts.filter { !$0.taken }.map(\.name)
            throw IntakeError.noText(
                file: file,
                detail: "the Word document has no paragraph with text in its body or its text boxes"
                    + (letterhead.isEmpty ? "" : " (headers, footers and comments are not read as the comments: \(letterhead.joined(separator: ", ")))"))
        }
        var r = try Intake.assembled(doc.text, bytes: data, file: file, kind: .docx, encoding: nil)
        r.warnings = doc.warnings
        r.parts = doc.parts
        r.fileExtension = doc.fileExtension
        return r
    }

    /// What the document holds that is not the State's text, named and left out: macros, the
    /// letterhead (headers and footers), reviewers' comments in the margin.
    static func leftOutParts(of package: inout Package, rels: [Relationship], w: String, into out: inout DOCXText) throws {
        let macros = package.entries.keys.filter { $0.lowercased().hasSuffix("vbaproject.bin") }.sorted()
        if !macros.isEmpty {
            let shown = macros.map(Package.shown).joined(separator: ", ")
            out.parts.append(
                ReceivedPart(
                    name: "macros (\(shown))", kind: "VBA macros", taken: false,
                    why: "macros are program code, not the comments: never run, left out"))
            out.warnings.append(
                "the Word file holds macros (\(shown)), which crp never runs: only its document text was read. Do not open the original with macros enabled unless the sender confirms them"
            )
        }
        // Headers and footers: the letterhead, named and left out.
        for rel in rels where rel.type.hasSuffix("/header") || rel.type.hasSuffix("/footer") {
            guard let part = try package.xml(rel.target) else { continue }
            let preview = Self.preview(part.root.textContent)
            if preview.isEmpty { continue }
            let what = rel.type.hasSuffix("/header") ? "header" : "footer"
            out.parts.append(
                ReceivedPart(
                    name: "\(what) (\(Package.shown(rel.target)))", kind: "letterhead \(what)", taken: false,
                    why: "headers and footers are the letterhead, not the comments: left out of the text (\"\(preview)\")"))
        }
        if let rel = rels.first(where: { $0.type.hasSuffix("/comments") }), let part = try package.xml(rel.target) {
            let comments = part.root.children(named: "comment", namespace: w)
            if !comments.isEmpty {
                let authors = Array(Set(comments.compactMap { $0.attribute("author", namespace: w) }.map(Self.preview))).sorted()
                out.parts.append(
                    ReceivedPart(
                        name: "comments (\(Package.shown(rel.target)))", kind: "reviewers' comments", taken: false,
                        why: "\(comments.count) comment(s) in the margin are not the State's text: left out"))
                out.warnings.append(
                    "the Word document holds \(comments.count) comment(s) in the margin"
                        + (authors.isEmpty ? "" : " by \(authors.joined(separator: ", "))")
                        + ", which are not part of the stored text: read them in Word and ask the sender whether the text is final")
            }
        }
    }

    /// The text of a Word document, before normalization.
    public static func extract(
        _ data: Data, file: String, limits: DOCXLimits = DOCXLimits(),
        letters: ListLetters = ListLetters()
    ) throws -> DOCXText {
        var package = try Package(data, file: file, limits: limits)
        let mainPath = try package.mainDocumentPath()
        // A macro-enabled document or a template is read as its main document part; macros never run.
        let variant = Self.variant(ofContentType: try package.contentType(of: mainPath))
        guard let documentXML = try package.xml(mainPath) else {
            throw IntakeError.malformed(file: file, kind: kind, detail: "the package names \(mainPath) as its document, but holds no such part")
        }
        let w = documentXML.root.namespaceURI == strictWordNamespace ? strictWordNamespace : wordNamespace
        guard documentXML.root.localName == "document", documentXML.root.namespaceURI == w else {
            throw IntakeError.malformed(file: file, kind: kind, detail: "\(mainPath) is not a WordprocessingML document")
        }
        let rels = try package.relationships(of: mainPath)
        let numbering = try rels.first { $0.type.hasSuffix("/numbering") }.flatMap { try package.xml($0.target) }
        let styles = try rels.first { $0.type.hasSuffix("/styles") }.flatMap { try package.xml($0.target) }
        var walker = Walker(w: w, numbering: Numbering(numbering?.root, w: w, letters: letters), styles: StyleNumbering(styles?.root, w: w))
        guard let body = documentXML.root.firstChild(named: "body", namespace: w) else {
            throw IntakeError.malformed(file: file, kind: kind, detail: "\(mainPath) has no body")
        }
        // Notes are looked up by id when a reference is met.
        for (type, name) in [("/footnotes", "footnote"), ("/endnotes", "endnote")] {
            guard let rel = rels.first(where: { $0.type.hasSuffix(type) }), let part = try package.xml(rel.target) else { continue }
            for n in part.root.children(named: name, namespace: w) {
                guard let id = n.attribute("id", namespace: w) else { continue }
                if name == "footnote" { walker.footnotes[id] = n } else { walker.endnotes[id] = n }
            }
        }
        walker.blocks(body)
        walker.flushPendingMerge()
        walker.flushNotes()
        let text = walker.paragraphs.isEmpty ? "" : walker.paragraphs.joined(separator: "\n\n") + "\n"
        var out = DOCXText(text: text, paragraphs: walker.paragraphs.count, rightToLeftParagraphs: walker.rtlCount)
        out.fileExtension = variant
        try leftOutParts(of: &package, rels: rels, w: w, into: &out)
        if walker.trackedChanges > 0 {
            out.warnings.append(
                "the Word document holds \(walker.trackedChanges) tracked change(s), accepted in the stored text (insertions kept, deletions dropped): check with the sender that the changes are final"
            )
        }
        if walker.noteCount > 0 {
            out.parts.append(
                ReceivedPart(
                    name: "notes", kind: "footnotes and endnotes", taken: true,
                    why: "\(walker.noteCount) note(s) kept as notes of their paragraph ([^1] in the text, the note after it)"))
        }
        if walker.textBoxes > 0 {
            out.parts.append(
                ReceivedPart(
                    name: "text boxes", kind: "text boxes", taken: true,
                    why: "\(walker.textBoxes) text box(es) read after the paragraph they are anchored in"))
        }
        if !out.parts.isEmpty {
            out.parts.insert(ReceivedPart(name: "body", kind: "document body", taken: true, why: "the text of the comments"), at: 0)
        }
        return out
    }

    /// The extension a main part's content type calls for: "docm", "dotx", "dotm", or nil for a
    /// plain document (or a package without content types).
    static func variant(ofContentType type: String?) -> String? {
        switch type?.lowercased() {
        case "application/vnd.ms-word.document.macroenabled.main+xml": "docm"
        case "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": "dotx"
        case "application/vnd.ms-word.template.macroenabledtemplate.main+xml": "dotm"
        default: nil
        }
    }

    /// A part's text on one line, at most 60 characters, safe for a terminal.
    static func preview(_ s: String) -> String {
        let one = s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        let clean = SafeText.clean(one, controls: .question, bidi: .keep)
        return clean.count > 60 ? String(clean.prefix(59)) + "…" : clean
    }

    // MARK: - The package

    /// A relationship from one part to another.
    struct Relationship {
        let type: String
        let target: String
    }

    /// The ZIP package, checked as a whole on opening; parts are inflated on demand.
    struct Package {
        let archive: Archive
        let file: String
        let limits: DOCXLimits
        var entries: [String: Entry] = [:]
        var inflated = 0

        init(_ data: Data, file: String, limits: DOCXLimits) throws {
            self.file = file
            self.limits = limits
            do { archive = try Archive(data: data, accessMode: .read) } catch {
                throw IntakeError.malformed(file: file, kind: DOCXReader.kind, detail: "it is not a readable ZIP package (\(error))")
            }
            var count = 0
            var declared: UInt64 = 0
            for entry in archive {
                count += 1
                if count > limits.maxEntries {
                    throw IntakeError.unsafeArchive(file: file, detail: "it lists more than \(limits.maxEntries) entries, far more than any Word document")
                }
                let path = entry.path
                if path.hasPrefix("/") || path.hasPrefix("\\") || path.contains(":")
                    || path.split(whereSeparator: { $0 == "/" || $0 == "\\" }).contains("..")
                {
                    throw IntakeError.unsafeArchive(
                        file: file,
                        detail:
                            "it holds an entry named \"\(Self.shown(path))\", which points outside the package (crp never writes entries to disk, but no Word program makes such names)"
                    )
                }
                if entries[path] != nil {
                    throw IntakeError.unsafeArchive(file: file, detail: "the entry \"\(Self.shown(path))\" appears twice, so the document is ambiguous")
                }
                let size = entry.uncompressedSize
                if size > UInt64(limits.maxEntryBytes) {
                    throw IntakeError.unsafeArchive(
                        file: file,
                        detail: "the entry \"\(Self.shown(path))\" declares \(size) bytes once inflated, more than the limit of \(limits.maxEntryBytes)")
                }
                if size > UInt64(limits.ratioFloorBytes), size / max(entry.compressedSize, 1) > UInt64(limits.maxRatio) {
                    throw IntakeError.unsafeArchive(
                        file: file,
                        detail:
                            "the entry \"\(Self.shown(path))\" would inflate \(size / max(entry.compressedSize, 1)) times (a zip bomb); documents inflate at most about 20 times"
                    )
                }
                declared += size
                if declared > UInt64(limits.maxTotalBytes) {
                    throw IntakeError.unsafeArchive(file: file, detail: "its entries declare more than \(limits.maxTotalBytes) bytes in all once inflated")
                }
                entries[path] = entry
            }
        }

        static func shown(_ path: String) -> String {
            String(SafeText.clean(path, controls: .question, bidi: .keep).prefix(120))
        }

        /// The bytes of a part, inflated with a counter that stops at the declared size and the limits.
        mutating func bytes(_ path: String) throws -> [UInt8]? {
            guard let entry = entries[path], entry.type == .file else { return nil }
            let declared = Int(entry.uncompressedSize)
            let compressed = max(Int(entry.compressedSize), 1)
            var out: [UInt8] = []
            out.reserveCapacity(declared)
            let budget = min(limits.maxEntryBytes, limits.maxTotalBytes - inflated)
            let file = self.file, limits = self.limits
            let crc: CRC32
            do {
                crc = try archive.extract(entry, bufferSize: 64 * 1024, skipCRC32: false) { chunk in
                    out.append(contentsOf: chunk)
                    if out.count > declared {
                        throw IntakeError.unsafeArchive(
                            file: file,
                            detail: "the entry \"\(Self.shown(path))\" inflates to more than the \(declared) bytes it declares (a damaged or crafted file)")
                    }
                    if out.count > budget {
                        throw IntakeError.unsafeArchive(file: file, detail: "the entry \"\(Self.shown(path))\" inflates past the limit of \(budget) bytes")
                    }
                    if out.count > limits.ratioFloorBytes && out.count / compressed > limits.maxRatio {
                        throw IntakeError.unsafeArchive(
                            file: file, detail: "the entry \"\(Self.shown(path))\" inflates more than \(limits.maxRatio) times (a zip bomb)")
                    }
                }
            } catch let e as IntakeError {
                throw e
            } catch {
                throw IntakeError.malformed(file: file, kind: DOCXReader.kind, detail: "the part \(Self.shown(path)) cannot be inflated (\(error))")
            }
            if crc != entry.checksum || out.count != declared {
                throw IntakeError.malformed(
                    file: file, kind: DOCXReader.kind, detail: "the part \(Self.shown(path)) is damaged (its checksum or size does not match)")
            }
            inflated += out.count
            return out
        }

        /// A part parsed as XML with the safe parser, or nil when the package has no such part.
        mutating func xml(_ path: String) throws -> SafeXML.XMLDocument? {
            guard let b = try bytes(path) else { return nil }
            do {
                return try SafeXML.XMLDocument.parse(b, limits: XMLLimits(maxBytes: limits.maxEntryBytes))
            } catch let e as XMLError {
                throw IntakeError.malformed(file: file, kind: DOCXReader.kind, detail: "\(path): \(e.description)")
            }
        }

        /// The relationships of a part (`word/_rels/document.xml.rels` for `word/document.xml`),
        /// targets resolved to package paths.
        mutating func relationships(of part: String) throws -> [Relationship] {
            let dir = part.split(separator: "/").dropLast().joined(separator: "/")
            let name = part.split(separator: "/").last.map(String.init) ?? part
            let relsPath = (dir.isEmpty ? "" : dir + "/") + "_rels/" + name + ".rels"
            guard let doc = try xml(relsPath) else { return [] }
            var out: [Relationship] = []
            for r in doc.root.children(named: "Relationship", namespace: DOCXReader.relationshipsNamespace)
            where r.attribute("TargetMode")?.lowercased() != "external" {
                guard let type = r.attribute("Type"), let target = r.attribute("Target") else { continue }
                guard let resolved = Self.resolve(target, from: dir) else {
                    throw IntakeError.unsafeArchive(file: file, detail: "\(relsPath) points to \"\(Self.shown(target))\", outside the package")
                }
                out.append(Relationship(type: type, target: resolved))
            }
            return out
        }

        /// A relationship target as a package path: absolute targets from the root, others from
        /// the source part's folder; nil when `..` climbs above the root.
        static func resolve(_ target: String, from dir: String) -> String? {
            var parts: [Substring] = target.hasPrefix("/") ? [] : dir.split(separator: "/")
            for p in target.split(separator: "/") {
                if p == "." || p.isEmpty { continue }
                if p == ".." {
                    if parts.isEmpty { return nil }
                    parts.removeLast()
                } else {
                    parts.append(p)
                }
            }
            return parts.joined(separator: "/").removingPercentEncoding ?? parts.joined(separator: "/")
        }

        /// The content type `[Content_Types].xml` gives a part: its override, else the default
        /// for its extension; nil when the package has no content types.
        mutating func contentType(of part: String) throws -> String? {
            guard let doc = try xml("[Content_Types].xml") else { return nil }
            let ns = "http://schemas.openxmlformats.org/package/2006/content-types"
            for o in doc.root.children(named: "Override", namespace: ns) {
                if let name = o.attribute("PartName"), Self.resolve(name, from: "") == part { return o.attribute("ContentType") }
            }
            let ext = part.split(separator: ".").last.map { $0.lowercased() }
            return doc.root.children(named: "Default", namespace: ns).first { $0.attribute("Extension")?.lowercased() == ext }?.attribute("ContentType")
        }

        /// The main document part, from `_rels/.rels` (officeDocument), else `word/document.xml`.
        mutating func mainDocumentPath() throws -> String {
            let rels = try relationships(of: "")
            if let main = rels.first(where: { $0.type.hasSuffix("/officeDocument") }), entries[main.target] != nil {
                return main.target
            }
            if entries["word/document.xml"] != nil { return "word/document.xml" }
            throw IntakeError.unsupported(file: file, detail: Self.notWordReason(entries.keys))
        }

        static func notWordReason(_ names: Dictionary<String, Entry>.Keys) -> String {
            let what: String
            if names.contains("xl/workbook.xml") {
                what = "an Excel workbook, not a Word document"
            } else if names.contains("ppt/presentation.xml") {
                what = "a PowerPoint presentation, not a Word document"
            } else if names.contains("mimetype") && names.contains("content.xml") {
                what = "an OpenDocument file (LibreOffice), not a Word document"
            } else {
                what = "a ZIP archive without a Word document in it (no word/document.xml)"
            }
            return "it is \(what). Open it, save the comments as a Word document (.docx) or plain text (.txt), and register that file"
        }
    }

    // MARK: - Lists

    /// One level of a list definition.
    struct Level {
        var format = "decimal"
        var text = "%1."
        var start = 1
        var suffix = "tab"
    }

    /// `numbering.xml`: list instances, their abstract definitions and the running counters.
    struct Numbering {
        var abstractOf: [String: String] = [:]  // numId → abstractNumId
        var levels: [String: [Int: Level]] = [:]  // abstractNumId → ilvl → level
        var overrides: [String: [Int: Int]] = [:]  // numId → ilvl → start
        var levelOverrides: [String: [Int: Level]] = [:]  // numId → ilvl → level
        var counters: [String: [Int?]] = [:]  // abstractNumId → the last number used per level (nil: not yet)
        var startedLevels: Set<String> = []  // "numId/ilvl" already used
        let letters: ListLetters

        init(_ root: SafeXML.XMLElement?, w: String, letters: ListLetters) {
            self.letters = letters
            guard let root else { return }
            for a in root.children(named: "abstractNum", namespace: w) {
                guard let id = a.attribute("abstractNumId", namespace: w) else { continue }
                var lv: [Int: Level] = [:]
                for l in a.children(named: "lvl", namespace: w) {
                    guard let i = l.attribute("ilvl", namespace: w).flatMap(Int.init) else { continue }
                    lv[i] = Self.level(l, w: w)
                }
                levels[id] = lv
            }
            for n in root.children(named: "num", namespace: w) {
                guard let id = n.attribute("numId", namespace: w),
                    let abs = n.firstChild(named: "abstractNumId", namespace: w)?.attribute("val", namespace: w)
                else { continue }
                abstractOf[id] = abs
                for o in n.children(named: "lvlOverride", namespace: w) {
                    guard let i = o.attribute("ilvl", namespace: w).flatMap(Int.init) else { continue }
                    if let s = o.firstChild(named: "startOverride", namespace: w)?.attribute("val", namespace: w).flatMap(Int.init) {
                        overrides[id, default: [:]][i] = s
                    }
                    if let l = o.firstChild(named: "lvl", namespace: w) {
                        levelOverrides[id, default: [:]][i] = Self.level(l, w: w)
                    }
                }
            }
        }

        static func level(_ l: SafeXML.XMLElement, w: String) -> Level {
            var level = Level()
            if let f = l.firstChild(named: "numFmt", namespace: w)?.attribute("val", namespace: w) { level.format = f }
            if let t = l.firstChild(named: "lvlText", namespace: w)?.attribute("val", namespace: w) { level.text = t }
            if let s = l.firstChild(named: "start", namespace: w)?.attribute("val", namespace: w).flatMap(Int.init) { level.start = s }
            if let s = l.firstChild(named: "suff", namespace: w)?.attribute("val", namespace: w) { level.suffix = s }
            return level
        }

        func level(num: String, ilvl: Int) -> Level? {
            if let l = levelOverrides[num]?[ilvl] { return l }
            guard let abs = abstractOf[num] else { return nil }
            return levels[abs]?[ilvl]
        }

        /// The label of the next item of list `num` at level `ilvl` ("(a)", "(أ)", "2."), with the
        /// separator that follows it; nil when the list is unknown or has no label.
        mutating func next(num: String, ilvl: Int) -> String? {
            guard num != "0", let abs = abstractOf[num], (0...8).contains(ilvl), let lvl = level(num: num, ilvl: ilvl) else { return nil }
            var c = counters[abs] ?? Array(repeating: nil, count: 9)
            // A list instance with a start override restarts that level the first time the level is
            // used (Word otherwise continues the count of the abstract list it shares).
            if let s = overrides[num]?[ilvl], !startedLevels.contains("\(num)/\(ilvl)") {
                c[ilvl] = s - 1
            }
            startedLevels.insert("\(num)/\(ilvl)")
            for i in 0..<ilvl where c[i] == nil {
                c[i] = level(num: num, ilvl: i)?.start ?? 1  // a level used before its parents counts from their start
            }
            c[ilvl] = (c[ilvl] ?? lvl.start - 1) + 1
            for i in (ilvl + 1)..<9 { c[i] = nil }
            counters[abs] = c
            if lvl.format == "none" { return nil }
            var label = ""
            let chars = Array(lvl.text.unicodeScalars)
            var k = 0
            while k < chars.count {
                if chars[k] == "%", k + 1 < chars.count, let d = Int(String(chars[k + 1])), (1...9).contains(d) {
                    let i = d - 1
                    let fmt = i == ilvl ? lvl.format : (level(num: num, ilvl: i)?.format ?? "decimal")
                    label += ListLabels.format(max(c[i] ?? 1, 1), as: fmt, letters: letters)
                    k += 2
                    continue
                }
                label.unicodeScalars.append(chars[k])
                k += 1
            }
            if lvl.format == "bullet" { label = ListLabels.bullet(label) }
            label = label.trimmingCharacters(in: .whitespaces)
            if label.isEmpty { return nil }
            return lvl.suffix == "nothing" ? label : label + " "
        }
    }

    /// List numbering attached to paragraph styles (`styles.xml`), following `w:basedOn`.
    struct StyleNumbering {
        var numPr: [String: (num: String?, ilvl: Int?)] = [:]
        var basedOn: [String: String] = [:]
        var bidi: [String: Bool] = [:]

        init(_ root: SafeXML.XMLElement?, w: String) {
            guard let root else { return }
            for s in root.children(named: "style", namespace: w) where s.attribute("type", namespace: w) == "paragraph" {
                guard let id = s.attribute("styleId", namespace: w) else { continue }
                if let b = s.firstChild(named: "basedOn", namespace: w)?.attribute("val", namespace: w) { basedOn[id] = b }
                let pPr = s.firstChild(named: "pPr", namespace: w)
                if let n = pPr?.firstChild(named: "numPr", namespace: w) {
                    numPr[id] = (
                        n.firstChild(named: "numId", namespace: w)?.attribute("val", namespace: w),
                        n.firstChild(named: "ilvl", namespace: w)?.attribute("val", namespace: w).flatMap(Int.init)
                    )
                }
                if let b = pPr?.firstChild(named: "bidi", namespace: w) { bidi[id] = onOff(b, w: w) }
            }
        }

        /// The list a style puts its paragraphs in, looked up through `basedOn` (at most 20 steps).
        func numbering(style: String?) -> (num: String?, ilvl: Int?) {
            var s = style
            var steps = 0
            var found: (num: String?, ilvl: Int?) = (nil, nil)
            while let id = s, steps < 20 {
                if let n = numPr[id] {
                    if found.num == nil { found.num = n.num }
                    if found.ilvl == nil { found.ilvl = n.ilvl }
                    if found.num != nil && found.ilvl != nil { break }
                }
                s = basedOn[id]
                steps += 1
            }
            return found
        }

        func isBidi(style: String?) -> Bool {
            var s = style
            var steps = 0
            while let id = s, steps < 20 {
                if let b = bidi[id] { return b }
                s = basedOn[id]
                steps += 1
            }
            return false
        }
    }

    /// An on/off property: present means on, unless `w:val` is false, 0 or off.
    static func onOff(_ e: SafeXML.XMLElement, w: String) -> Bool {
        guard let v = e.attribute("val", namespace: w)?.lowercased() else { return true }
        return !(v == "false" || v == "0" || v == "off")
    }

    // MARK: - The body

    /// Walks the body in document order and collects paragraph text.
    struct Walker {
        let w: String
        var numbering: Numbering
        let styles: StyleNumbering
        var paragraphs: [String] = []
        var rtlCount = 0
        /// Complex fields open: true once past their separator (showing the result).
        var fields: [Bool] = []
        /// Text of a paragraph whose mark was deleted in tracked changes: it joins the next one.
        var pendingMerge: (text: String, rtl: Bool)?
        /// Footnotes and endnotes of the document, by id.
        var footnotes: [String: SafeXML.XMLElement] = [:]
        var endnotes: [String: SafeXML.XMLElement] = [:]
        /// Notes met in the current paragraph or table, as stored paragraphs ("[^1]: text").
        var pendingNotes: [String] = []
        var footnoteNumber = 0
        var endnoteNumber = 0
        var noteCount = 0
        /// Note texts already read, by kind and id: a crafted file that refers to one large note
        /// thousands of times costs one reading.
        var noteTexts: [String: String] = [:]
        /// Text boxes anchored in the current paragraph, read after it.
        var pendingBoxes: [SafeXML.XMLElement] = []
        var textBoxes = 0
        /// Insertions, deletions and moves met (all accepted).
        var trackedChanges = 0
        /// Inside a table cell (notes wait for the end of the table), inside a note (no nested notes).
        var cellDepth = 0
        var inNote = false
        /// The run's next text is the custom mark of the note just referred to, already written.
        var skipMark = false

        init(w: String, numbering: Numbering, styles: StyleNumbering) {
            self.w = w
            self.numbering = numbering
            self.styles = styles
        }

        /// Block-level content: paragraphs, tables, content controls, tracked insertions.
        mutating func blocks(_ e: SafeXML.XMLElement) {
            for child in e.childElements where child.namespaceURI == w {
                switch child.localName {
                case "p": paragraph(child)
                case "tbl": table(child)
                case "sdt": if let c = child.firstChild(named: "sdtContent", namespace: w) { blocks(c) }
                case "ins", "moveTo": trackedChanges += 1; blocks(child)
                case "customXml", "smartTag": blocks(child)
                case "del", "moveFrom": trackedChanges += 1
                default: break  // sectPr, bookmarks, proofErr…
                }
            }
        }

        mutating func paragraph(_ p: SafeXML.XMLElement) {
            let pPr = p.firstChild(named: "pPr", namespace: w)
            let style = pPr?.firstChild(named: "pStyle", namespace: w)?.attribute("val", namespace: w)
            var rtl = styles.isBidi(style: style)
            if let b = pPr?.firstChild(named: "bidi", namespace: w) { rtl = DOCXReader.onOff(b, w: w) }
            var text = ""
            inline(p, into: &text)
            // A paragraph mark deleted in tracked changes joins this paragraph to the next.
            let markDeleted = pPr?.firstChild(named: "rPr", namespace: w)?.firstChild(named: "del", namespace: w) != nil
            if var pending = pendingMerge {
                pending.text += text
                text = pending.text
                rtl = pending.rtl
                pendingMerge = nil
            } else {
                // The list label, from the paragraph's own numPr or its style's.
                let own = pPr?.firstChild(named: "numPr", namespace: w)
                let fromStyle = styles.numbering(style: style)
                let num = own?.firstChild(named: "numId", namespace: w)?.attribute("val", namespace: w) ?? fromStyle.num
                let ilvl = own?.firstChild(named: "ilvl", namespace: w)?.attribute("val", namespace: w).flatMap(Int.init) ?? fromStyle.ilvl ?? 0
                // An empty numbered paragraph still takes its number (Word shows it), but is dropped below.
                if let num, let label = numbering.next(num: num, ilvl: ilvl), !Self.isBlank(text) {
                    text = label + text
                }
            }
            if markDeleted {
                trackedChanges += 1
                pendingMerge = (text, rtl)
                return
            }
            append(text, rtl: rtl)
            // Text boxes anchored here, in order, after the paragraph.
            let boxes = pendingBoxes
            pendingBoxes = []
            for b in boxes { blocks(b) }
            if cellDepth == 0 { flushNotes() }
        }

        /// The notes met so far, as paragraphs after the block that refers to them.
        mutating func flushNotes() {
            let notes = pendingNotes
            pendingNotes = []
            for n in notes { paragraphs.append(n) }
        }

        /// The children called `name`, also inside content controls and custom XML that wrap rows or cells.
        func wrapped(_ e: SafeXML.XMLElement, _ name: String) -> [SafeXML.XMLElement] {
            var out: [SafeXML.XMLElement] = []
            for c in e.childElements where c.namespaceURI == w {
                if c.localName == name {
                    out.append(c)
                } else if c.localName == "sdt", let content = c.firstChild(named: "sdtContent", namespace: w) {
                    out += wrapped(content, name)
                } else if c.localName == "customXml" {
                    out += wrapped(c, name)
                }
            }
            return out
        }

        /// A table: one line per row, cells separated by tabs; a one-column table as paragraphs.
        mutating func table(_ tbl: SafeXML.XMLElement) {
            var rows: [[String]] = []
            var rtlRows = false
            if let v = tbl.firstChild(named: "tblPr", namespace: w)?.firstChild(named: "bidiVisual", namespace: w) { rtlRows = DOCXReader.onOff(v, w: w) }
            for tr in wrapped(tbl, "tr") {
                var row: [String] = []
                for tc in wrapped(tr, "tc") {
                    let tcPr = tc.firstChild(named: "tcPr", namespace: w)
                    let span = max(1, min(64, tcPr?.firstChild(named: "gridSpan", namespace: w)?.attribute("val", namespace: w).flatMap(Int.init) ?? 1))
                    let vMerge = tcPr?.firstChild(named: "vMerge", namespace: w)
                    let continued = vMerge != nil && vMerge?.attribute("val", namespace: w) != "restart"
                    let saved = paragraphs
                    let savedRTL = rtlCount
                    paragraphs = []
                    cellDepth += 1
                    blocks(tc)
                    flushPendingMerge()
                    cellDepth -= 1
                    // A cell's paragraphs (and line breaks) stay apart: LINE SEPARATOR between them.
                    var cell = paragraphs.joined(separator: "\u{2028}")
                    cell = String(cell.map { $0 == "\t" ? " " : $0 == "\n" || $0 == "\r\n" ? "\u{2028}" : $0 })
                    paragraphs = saved
                    if rtlCount > savedRTL { rtlRows = true }
                    rtlCount = savedRTL
                    row.append(continued ? "" : cell)
                    for _ in 1..<span { row.append("") }
                }
                if row.contains(where: { !Self.isBlank($0) }) { rows.append(row) }
            }
            let columns = rows.map(\.count).max() ?? 0
            if columns <= 1 {
                for r in rows {
                    for p in (r.first ?? "").split(separator: "\u{2028}") { append(String(p), rtl: rtlRows) }
                }
            } else if !rows.isEmpty {
                var lines = rows.map { r in (r + Array(repeating: "", count: columns - r.count)).joined(separator: "\t") }
                // A table of one row is marked by an empty row after it (see `StateText`).
                if lines.count == 1 { lines.append(String(repeating: "\t", count: columns - 1)) }
                if rtlRows { rtlCount += 1 }
                paragraphs.append(lines.joined(separator: "\n"))
            }
            if cellDepth == 0 { flushNotes() }
        }

        mutating func flushPendingMerge() {
            if let p = pendingMerge {
                pendingMerge = nil
                append(p.text, rtl: p.rtl)
            }
        }

        static func isBlank(_ s: String) -> Bool {
            s.unicodeScalars.allSatisfy { $0.properties.isWhitespace || $0 == "\u{200B}" || $0 == "\u{FEFF}" }
        }

        mutating func append(_ raw: String, rtl: Bool) {
            // No leading or trailing line breaks, and never two in a row.
            var text = ""
            for ch in raw.unicodeScalars {
                if ch == "\n" && (text.isEmpty || text.unicodeScalars.last == "\n") { continue }
                text.unicodeScalars.append(ch)
            }
            while text.unicodeScalars.last == "\n" { text.unicodeScalars.removeLast() }
            if Self.isBlank(text) { return }
            if rtl {
                rtlCount += 1
                if Bidi.baseDirection(text) == .ltr { text = "\u{200F}" + text }
            }
            paragraphs.append(text)
        }

        /// Runs and what may hold runs, in order; deleted text and field instructions are skipped.
        mutating func inline(_ e: SafeXML.XMLElement, into text: inout String) {
            for child in e.childElements where child.namespaceURI == w {
                switch child.localName {
                case "r": run(child, into: &text)
                case "ins", "moveTo":
                    trackedChanges += 1
                    inline(child, into: &text)
                case "del", "moveFrom": trackedChanges += 1
                case "hyperlink", "smartTag", "customXml", "fldSimple", "dir", "bdo":
                    inline(child, into: &text)
                case "sdt": if let c = child.firstChild(named: "sdtContent", namespace: w) { inline(c, into: &text) }
                default: break  // pPr, del, moveFrom, bookmarks, proofErr, commentRangeStart…
                }
            }
        }

        var showing: Bool { fields.allSatisfy { $0 } }

        mutating func run(_ r: SafeXML.XMLElement, into text: inout String) {
            let rPr = r.firstChild(named: "rPr", namespace: w)
            let hidden = rPr?.firstChild(named: "vanish", namespace: w).map { DOCXReader.onOff($0, w: w) } ?? false
            skipMark = false
            for c in r.childElements {
                // A text box (DrawingML in mc:AlternateContent, or VML): its content is read after
                // the paragraph; of an AlternateContent only the first branch holding one counts.
                if c.localName == "AlternateContent" {
                    for branch in c.childElements where branch.localName == "Choice" || branch.localName == "Fallback" {
                        let boxes = branch.descendants(named: "txbxContent", namespace: w)
                        if !boxes.isEmpty { textBoxes += boxes.count; pendingBoxes += boxes; break }
                    }
                    continue
                }
                guard c.namespaceURI == w else { continue }
                if c.localName == "drawing" || c.localName == "pict" || c.localName == "object" {
                    let boxes = c.descendants(named: "txbxContent", namespace: w)
                    textBoxes += boxes.count
                    pendingBoxes += boxes
                    continue
                }
                switch c.localName {
                case "fldChar":
                    switch c.attribute("fldCharType", namespace: w) {
                    case "begin": fields.append(false)
                    case "separate": if !fields.isEmpty { fields[fields.count - 1] = true }
                    case "end": if !fields.isEmpty { fields.removeLast() }
                    default: break
                    }
                    continue
                default: break
                }
                guard showing, !hidden else { continue }
                switch c.localName {
                case "footnoteReference", "endnoteReference":
                    note(c, in: r, into: &text)
                case "t":
                    var t = c.textContent
                    if skipMark {
                        skipMark = false
                        continue
                    }
                    if c.attribute(qualifiedName: "xml:space") != "preserve" {
                        t = t.trimmingCharacters(in: CharacterSet(charactersIn: " \t\r\n"))
                    }
                    text += t.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
                case "tab", "ptab": text += "\t"
                case "br", "cr": text += "\n"
                case "noBreakHyphen": text += "\u{2011}"
                case "softHyphen": text += "\u{00AD}"
                case "sym":
                    // Symbol-font characters live in the private use area (F000–F0FF): not text.
                    if let hex = c.attribute("char", namespace: w), let v = UInt32(hex, radix: 16),
                        !(0xE000...0xF8FF).contains(v), let s = Unicode.Scalar(v)
                    {
                        text.unicodeScalars.append(s)
                    }
                default: break  // instrText, delText, rPr…
                }
            }
        }

        /// A footnote or endnote reference: `[^marker]` in the text, the note queued as a paragraph.
        mutating func note(_ ref: SafeXML.XMLElement, in run: SafeXML.XMLElement, into text: inout String) {
            guard !inNote, let id = ref.attribute("id", namespace: w) else { return }
            let isFoot = ref.localName == "footnoteReference"
            guard let n = isFoot ? footnotes[id] : endnotes[id] else { return }
            var marker: String
            let custom = ref.attribute("customMarkFollows", namespace: w).map { $0 == "1" || $0 == "true" || $0 == "on" } ?? false
            let siblings = run.childElements
            if custom, let at = siblings.firstIndex(where: { $0 === ref }),
                let t = siblings[(at + 1)...].first(where: { $0.namespaceURI == w && $0.localName == "t" })
            {
                marker = t.textContent.filter { !$0.isWhitespace && $0 != "[" && $0 != "]" && $0 != "^" }
            } else {
                marker = ""
            }
            if marker.isEmpty || marker.count > 8 {
                if isFoot {
                    footnoteNumber += 1; marker = String(footnoteNumber)
                } else {
                    endnoteNumber += 1; marker = ListLabels.format(endnoteNumber, as: "lowerRoman")
                }
            }
            // The note's own paragraphs, read with this walker's rules, joined on one line.
            let key = (isFoot ? "f" : "e") + id
            if let known = noteTexts[key] {
                skipMark = custom
                if known.isEmpty { return }
                noteCount += 1
                text += "[^\(marker)]"
                pendingNotes.append("[^\(marker)]: \(known)")
                return
            }
            let saved = paragraphs, savedRTL = rtlCount, savedNotes = pendingNotes, savedBoxes = pendingBoxes, savedDepth = cellDepth
            paragraphs = []
            pendingNotes = []
            pendingBoxes = []
            cellDepth = 1
            inNote = true
            blocks(n)
            flushPendingMerge()
            inNote = false
            // A table in a note is flattened: its cells and rows joined by spaces, its text kept.
            let body = paragraphs.joined(separator: " ").map { $0 == "\t" || $0 == "\n" || $0 == "\u{2028}" ? " " : $0 }
            paragraphs = saved; rtlCount = savedRTL; pendingNotes = savedNotes; pendingBoxes = savedBoxes; cellDepth = savedDepth
            let noteText = String(body).trimmingCharacters(in: .whitespaces)
            noteTexts[key] = noteText
            // The custom mark's text follows in this run: it is the marker, not text. (Set after
            // the note is read: reading its runs resets the flag.)
            skipMark = custom
            if noteText.isEmpty { return }
            noteCount += 1
            text += "[^\(marker)]"
            pendingNotes.append("[^\(marker)]: \(noteText)")
        }
    }
}

/// The letters of the lettered lists of Arabic and Russian documents, from `Locales/` (the letters
/// a paper is lettered with are the ones its Word originals are read with).
public struct ListLetters: Sendable, Equatable {
    /// Arabic letters in abjad order: (أ) (ب) (ج) (د) (هـ)…, `Locales/ar.yaml`.
    public var arabicAbjad: [String]
    /// Russian lower-case letters as lists use them (no ё, й, ъ, ы, ь), `Locales/ru.yaml`.
    public var russianLower: [String]

    public init(arabicAbjad: [String] = [], russianLower: [String] = []) {
        self.arabicAbjad = arabicAbjad
        self.russianLower = russianLower
    }

    /// The letters of the catalog's Arabic and Russian lettering.
    public init(_ catalog: LocaleCatalog) {
        self.init(
            arabicAbjad: catalog.languages["ar"]?.lettering.letters ?? [],
            russianLower: catalog.languages["ru"]?.lettering.letters ?? [])
    }
}

/// List labels in the formats Word numbers with (`w:numFmt`).
public enum ListLabels {
    /// Arabic letters in alphabetical (hija'i) order (Word's `arabicAlpha`; no UN paper letters with it).
    public static let arabicAlpha = [
        "أ", "ب", "ت", "ث", "ج", "ح", "خ", "د", "ذ", "ر", "ز", "س", "ش", "ص",
        "ض", "ط", "ظ", "ع", "غ", "ف", "ق", "ك", "ل", "م", "ن", "هـ", "و", "ي",
    ]

    /// The n-th (1-based) label of a list in a Word number format; unknown formats count in digits.
    /// Abjad and Russian letters come from `letters` (digits when it has none).
    public static func format(_ n: Int, as fmt: String, letters: ListLetters = ListLetters()) -> String {
        switch fmt {
        case "lowerLetter": return sequence(n, Array("abcdefghijklmnopqrstuvwxyz").map(String.init))
        case "upperLetter": return sequence(n, Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ").map(String.init))
        case "lowerRoman": return roman(n).lowercased()
        case "upperRoman": return roman(n)
        case "arabicAbjad": return sequence(n, letters.arabicAbjad)
        case "arabicAlpha": return sequence(n, arabicAlpha)
        case "russianLower": return sequence(n, letters.russianLower)
        case "russianUpper": return sequence(n, letters.russianLower.map { $0.uppercased() })
        case "decimalZero": return n < 10 ? "0\(n)" : String(n)
        case "hindiNumbers", "arabicIndic":
            return String(String(n).unicodeScalars.map { Character(Unicode.Scalar(0x0660 + $0.value - 0x30)!) })
        case "chineseCounting", "chineseCountingThousand", "ideographTraditional", "taiwaneseCounting":
            return chinese(n)
        case "none": return ""
        default: return String(n)
        }
    }

    /// Word's letter sequence: a…z, then aa…zz, then aaa… (the letter repeated); digits when the
    /// alphabet is empty.
    static func sequence(_ n: Int, _ alphabet: [String]) -> String {
        if alphabet.isEmpty { return String(n) }
        let k = alphabet.count
        let i = (n - 1) % k
        return String(repeating: alphabet[i], count: (n - 1) / k + 1)
    }

    static func roman(_ n: Int) -> String { Numbering.roman(n) }

    static func chinese(_ n: Int) -> String {
        let d = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
        guard n > 0 && n < 100 else { return String(n) }
        if n < 10 { return d[n] }
        return (n / 10 == 1 ? "" : d[n / 10]) + "十" + (n % 10 == 0 ? "" : d[n % 10])
    }

    /// A bullet as text: symbol-font bullets (private use area) become "•".
    static func bullet(_ s: String) -> String {
        if s.unicodeScalars.contains(where: { (0xE000...0xF8FF).contains($0.value) }) { return "•" }
        return s
    }
}

extension Intake {
    /// Text a reader assembled (Word, HTML), brought to stored form as plain text is: line ends
    /// as LF, NFC, refused when it holds control characters.
    static func assembled(_ raw: String, bytes: Data, file: String, kind: ContentKind, encoding: String?) throws -> ReceivedText {
        var text = raw
        if text.utf8.contains(0x0D) {
            text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        }
        let (stored, facts) = try Analyzer.normalize(text: text, file: file)
        return ReceivedText(bytes: bytes, name: file, kind: kind, encoding: encoding, text: stored, companions: [:], facts: facts)
    }
}
