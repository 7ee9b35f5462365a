import Foundation

/// Hostile PDFs and images, made in memory (or by python3 for the flate bomb and by LibreOffice
/// for a really encrypted PDF): the format part of the hostile corpus (HostileCorpusTests.swift).
public enum HostileFormats {
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            c ^= UInt32(b)
            for _ in 0..<8 { c = (c >> 1) ^ (0xEDB8_8320 & (0 &- (c & 1))) }
        }
        return ~c
    }

    static func be32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }

    /// A PNG header claiming `width` × `height` pixels, followed by nothing usable.
    public static func png(width: Int, height: Int, garbage: Bool = false) -> Data {
        var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        let ihdr: [UInt8] = Array("IHDR".utf8) + be32(UInt32(width)) + be32(UInt32(height)) + [8, 0, 0, 0, 0]
        out += be32(13) + ihdr + be32(crc32(ihdr))
        let idat: [UInt8] =
            Array("IDAT".utf8) + (garbage ? (0..<200).map { UInt8(truncatingIfNeeded: $0 &* 13) } : [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])
        out += be32(UInt32(idat.count - 4)) + idat + be32(crc32(idat))
        let iend: [UInt8] = Array("IEND".utf8)
        out += be32(0) + iend + be32(crc32(iend))
        return Data(out)
    }

    /// A JPEG cut off after its first bytes.
    public static let cutJPEG = Data([0xFF, 0xD8, 0xFF, 0xE0, 0x00])

    /// A PDF header followed by bytes that are no PDF.
    public static let garbagePDF = Data("%PDF-1.7\n".utf8) + Data((0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 7) })

    /// An uncompressed stream object holding `content`.
    public static func stream(_ content: String) -> String {
        "<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream"
    }

    /// A PDF of `objects` (object 1 the catalog) with `trailer` entries added.
    public static func pdf(objects: [String], trailer: String = "") -> Data {
        var body = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (i, o) in objects.enumerated() {
            offsets.append(body.utf8.count)
            body += "\(i + 1) 0 obj\n\(o)\nendobj\n"
        }
        let xref = body.utf8.count
        body += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for o in offsets { body += String(format: "%010d 00000 n \n", o) }
        body += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R\(trailer) >>\nstartxref\n\(xref)\n%%EOF\n"
        return Data(body.utf8)
    }

    /// A valid PDF of `pages` empty pages (10 000 pages take under a megabyte).
    public static func pdf(claimingPages pages: Int) -> Data {
        var objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [\((0..<pages).map { "\($0 + 4) 0 R" }.joined(separator: " "))] /Count \(pages) >>",
            "<< /Length 0 >>\nstream\n\nendstream",
        ]
        for _ in 0..<pages { objects.append("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R >>") }
        return pdf(objects: objects)
    }

    /// A PDF encrypted with the standard security handler whose user password is not empty (its
    /// `/U` entry matches no password poppler tries): poppler answers "Incorrect password".
    public static func encryptedPDF() -> Data {
        let u = String(repeating: "22", count: 32), o = String(repeating: "11", count: 32), id = String(repeating: "33", count: 16)
        return pdf(
            objects: [
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
                "<< /Filter /Standard /V 1 /R 2 /O <\(o)> /U <\(u)> /P -4 >>",
            ], trailer: " /Encrypt 4 0 R /ID [<\(id)> <\(id)>]")
    }

    /// A PDF that LibreOffice exported from `text` with an open password ("secret"), in `dir`.
    public static func libreOfficeEncryptedPDF(_ text: String, soffice: String, in dir: URL) throws -> Data {
        let src = dir.appendingPathComponent("secret.txt")
        try Data(text.utf8).write(to: src)
        let out = dir.appendingPathComponent("lo-encrypted")
        let filter = #"pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},"DocumentOpenPassword":{"type":"string","value":"secret"}}"#
        let r = try Proc.run(
            soffice,
            [
                "-env:UserInstallation=file://" + dir.appendingPathComponent("lo-profile").path, "--headless", "--norestore",
                "--convert-to", filter, "--outdir", out.path, src.path,
            ], cwd: dir, timeout: 180)
        let pdf = out.appendingPathComponent("secret.pdf")
        guard r.ok, let data = try? Data(contentsOf: pdf) else { throw HarnessError("LibreOffice wrote no encrypted PDF: \(r)") }
        return data
    }

    /// A PDF that LibreOffice exported from `text` with permissions restricted by an owner
    /// password ("owner") and no open password: it opens without one.
    public static func libreOfficeRestrictedPDF(_ text: String, soffice: String, in dir: URL) throws -> Data {
        let src = dir.appendingPathComponent("restricted.txt")
        try Data(text.utf8).write(to: src)
        let out = dir.appendingPathComponent("lo-restricted")
        let filter =
            #"pdf:writer_pdf_Export:{"RestrictPermissions":{"type":"boolean","value":"true"},"PermissionPassword":{"type":"string","value":"owner"},"Changes":{"type":"long","value":"0"}}"#
        let r = try Proc.run(
            soffice,
            [
                "-env:UserInstallation=file://" + dir.appendingPathComponent("lo-profile").path, "--headless", "--norestore",
                "--convert-to", filter, "--outdir", out.path, src.path,
            ], cwd: dir, timeout: 180)
        let pdf = out.appendingPathComponent("restricted.pdf")
        guard r.ok, let data = try? Data(contentsOf: pdf) else { throw HarnessError("LibreOffice wrote no restricted PDF: \(r)") }
        return data
    }

    /// A one-page PDF whose content stream inflates to about 400 MB of text-showing operators.
    public static func pdfBomb(in dir: URL) throws -> URL {
        let out = dir.appendingPathComponent("bomb.pdf")
        let script = """
            import zlib, sys
            c = zlib.compressobj(9)
            chunk = b'BT /F1 12 Tf 72 720 Td (AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA) Tj ET\\n' * 20000
            data = b''.join(c.compress(chunk) for _ in range(300)) + c.flush()
            objs = [b'<< /Type /Catalog /Pages 2 0 R >>', b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
                    b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
                    b'<< /Length %d /Filter /FlateDecode >>\\nstream\\n' % len(data) + data + b'\\nendstream',
                    b'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>']
            body = b'%PDF-1.4\\n'; offs = []
            for i, o in enumerate(objs):
                offs.append(len(body)); body += b'%d 0 obj\\n' % (i + 1) + o + b'\\nendobj\\n'
            x = len(body)
            body += b'xref\\n0 %d\\n0000000000 65535 f \\n' % (len(objs) + 1) + b''.join(b'%010d 00000 n \\n' % o for o in offs)
            body += b'trailer\\n<< /Size %d /Root 1 0 R >>\\nstartxref\\n%d\\n%%%%EOF\\n' % (len(objs) + 1, x)
            open(sys.argv[1], 'wb').write(body)
            """
        let r = try Proc.run("python3", ["-c", script, out.path], cwd: dir, timeout: 180)
        guard r.ok else { throw HarnessError("python3 could not write the PDF bomb: \(r)") }
        return out
    }
}
