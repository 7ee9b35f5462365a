import Foundation
import Platform
import Submissions
import ZIPFoundation

/// Reads Word 97–2003 (.doc), RTF and OpenDocument text (.odt): LibreOffice converts a copy to
/// .docx in a private profile and a private folder, under a time limit, and the Word reader reads
/// that. The original stays the bytes as received; the record names LibreOffice and its version.
public struct OfficeConversion: Sendable {
    public let programs: Programs
    /// Where the private folders of conversions are made.
    public let scratch: URL

    public init(programs: Programs, scratch: URL = URL(fileURLWithPath: NSTemporaryDirectory())) {
        self.programs = programs
        self.scratch = scratch
    }

    /// The reader for `kind` (.doc, .rtf or .odt).
    public func reader(_ kind: ContentKind) -> ContentReader {
        { data, name, options in try read(data, name: name, kind: kind, options: options) }
    }

    func read(_ data: Data, name: String, kind: ContentKind, options: IntakeOptions) throws -> ReceivedText {
        let file = SafeName.displayName(name)
        guard let soffice = programs.path("soffice") else {
            throw FormatError.missingProgram(
                file: file, program: "LibreOffice (soffice)", package: Programs.package(of: "soffice"),
                purpose: "reading .doc, .rtf and .odt files")
        }
        if kind == .odt, Self.isEncryptedODT(data) { throw FormatError.encrypted(file: file, kind: "OpenDocument file") }
        if kind == .doc { try Self.checkCompoundFile(data, file: file) }
        let dir = try ScratchFolder(base: scratch)
        defer { dir.remove() }
        let input = dir.path("input.\(kind.fileExtension)")
        try data.write(to: URL(fileURLWithPath: input))
        try FileManager.default.createDirectory(atPath: dir.path("out"), withIntermediateDirectories: true)
        let runner = programs.runner(timeout: options.limits.conversionSeconds, maxOutputBytes: 1 << 20)
        let outcome: ProcessOutcome
        do {
            outcome = try runner.run(
                soffice,
                [
                    "-env:UserInstallation=file://" + dir.path("profile"), "--headless", "--norestore", "--nolockcheck",
                    "--nodefault", "--nofirststartwizard", "--convert-to", "docx:MS Word 2007 XML", "--outdir", dir.path("out"), input,
                ], in: dir.url, extraEnvironment: ["TMPDIR": dir.url.path, "HOME": dir.url.path])
        } catch {
            throw FormatError.missingProgram(
                file: file, program: "LibreOffice (soffice)", package: Programs.package(of: "soffice"),
                purpose: "reading .doc, .rtf and .odt files")
        }
        if outcome.timedOut { throw FormatError.timedOut(file: file, program: "LibreOffice", seconds: options.limits.conversionSeconds) }
        let out = URL(fileURLWithPath: dir.path("out/input.docx"))
        guard outcome.succeeded, let docx = try? Data(contentsOf: out), !docx.isEmpty else {
            // LibreOffice writes nothing for a file it cannot open: damaged, or protected by a password.
            if kind == .doc {
                throw FormatError.conversionFailed(
                    file: file, program: "LibreOffice", detail: "it wrote no .docx; a Word file protected by a password, or a damaged one, gives this")
            }
            throw FormatError.conversionFailed(
                file: file, program: "LibreOffice", detail: "it wrote no .docx (the file is damaged or not a \(kind.rawValue.uppercased()) document)")
        }
        var r = try DOCXReader.read(docx, file: file, options: options)
        r.bytes = data
        r.kind = kind
        r.name = name
        r.extraction = Extraction(method: .converted, tool: "LibreOffice", version: Self.version(ofDOCX: docx) ?? "unknown")
        // A flat OpenDocument text keeps its own extension, so nobody opens the XML as a package.
        if kind == .odt, !Self.isZip(data) { r.fileExtension = "fodt" }
        return r
    }

    /// True when the bytes are a ZIP package (an .odt), not a flat XML document (a .fodt).
    static func isZip(_ data: Data) -> Bool { data.starts(with: [0x50, 0x4B, 0x03, 0x04]) }

    /// The LibreOffice version written into a converted file (`docProps/app.xml`: "LibreOffice/7.4.7.2$Linux…").
    static func version(ofDOCX data: Data) -> String? {
        guard let archive = open(data), let entry = archive["docProps/app.xml"],
            entry.uncompressedSize < 1 << 20
        else { return nil }
        var xml = Data()
        _ = try? archive.extract(entry, skipCRC32: true) { xml.append($0) }
        let s = String(decoding: xml, as: UTF8.self)
        guard let r = s.range(of: "LibreOffice/") else { return nil }
        return String(s[r.upperBound...].prefix { $0.isNumber || $0 == "." })
    }

    static func open(_ data: Data) -> Archive? {
        do {
            let archive: Archive = try Archive(data: data, accessMode: .read)
            return archive
        } catch { return nil }
    }

    /// An OLE compound file is a Word 97–2003 document when its directory names a "WordDocument"
    /// stream; a password-protected .docx is one holding "EncryptedPackage". Anything else
    /// (damaged, an Excel sheet) is refused here: LibreOffice would import unknown bytes as text.
    static func checkCompoundFile(_ data: Data, file: String) throws {
        func has(_ name: String) -> Bool { data.range(of: Data(name.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })) != nil }
        if has("EncryptedPackage") || has("EncryptionInfo") { throw FormatError.encrypted(file: file, kind: "Word document") }
        guard data.count >= 512, data[data.startIndex + 28] == 0xFE, data[data.startIndex + 29] == 0xFF, has("WordDocument") else {
            throw FormatError.corrupt(
                file: file, kind: "Word 97–2003 (.doc) document",
                detail: "it has the signature of one, but no Word text stream (damaged, or another program's file)")
        }
    }

    /// An OpenDocument file whose parts are encrypted declares it in its manifest.
    static func isEncryptedODT(_ data: Data) -> Bool {
        guard let archive = open(data), let entry = archive["META-INF/manifest.xml"],
            entry.uncompressedSize < 4 << 20
        else { return false }
        var xml = Data()
        _ = try? archive.extract(entry, skipCRC32: true) { xml.append($0) }
        return String(decoding: xml, as: UTF8.self).contains("encryption-data")
    }
}
