import Foundation
import TestSupport
import Testing

@testable import RoomPaper

/// The converter's behaviour around LibreOffice, checked with stand-in programs: what an
/// officer sees when LibreOffice is missing, fails, hangs or writes nothing.
@Suite struct PDFConverterTests {
    /// A shell script standing in for `soffice`.
    func fakeOffice(_ body: String) throws -> URL {
        let dir = Scratch.root.appendingPathComponent("crp-fake-office-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent("soffice")
        try Data("#!/bin/sh\n\(body)\n".utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        return url
    }

    @Test func missingOfficeIsATypedErrorThatSaysWhatToInstall() throws {
        let converter = PDFConverter(office: URL(fileURLWithPath: "/nonexistent/soffice"))
        #expect(throws: RenderError.officeNotFound(searched: ["/nonexistent/soffice"])) { try converter.convert(docx: Data()) }
        let message = RenderError.officeNotFound(searched: []).errorDescription ?? ""
        #expect(message.contains("LibreOffice is not installed") && message.contains("Word"))
        let named = RenderError.officeNotFound(searched: ["/opt/lo/soffice"]).errorDescription ?? ""
        #expect(named.contains("not found at /opt/lo/soffice"))
    }

    @Test func officeIsFoundThroughTheEnvironmentFirst() throws {
        let fake = try fakeOffice("exit 0")
        #expect(PDFConverter.locateOffice(environment: ["CRP_SOFFICE": fake.path, "PATH": ""]) == fake)
        #expect(
            PDFConverter.locateOffice(environment: ["CRP_SOFFICE": "/nonexistent/soffice", "PATH": fake.deletingLastPathComponent().path]) == nil,
            "an office named explicitly is the only one tried")
        #expect(PDFConverter.locateOffice(environment: ["PATH": fake.deletingLastPathComponent().path]) == fake)
        #expect(PDFConverter.candidates(["PATH": "/a:/b"]).prefix(4) == ["/a/soffice", "/a/libreoffice", "/b/soffice", "/b/libreoffice"])
    }

    @Test func failingOfficeReportsItsStatusAndWhatItSaid() throws {
        let converter = PDFConverter(office: try fakeOffice("echo 'source file could not be loaded' >&2; exit 3"))
        do {
            _ = try converter.convert(docx: Data("PK".utf8))
            Issue.record("no error")
        } catch let e as RenderError {
            #expect(e == .officeFailed(status: 3, output: "source file could not be loaded\n"))
            #expect(e.errorDescription?.contains("source file could not be loaded") == true)
        }
    }

    @Test func officeThatWritesNoPDFIsAnError() throws {
        let converter = PDFConverter(office: try fakeOffice("echo converting; exit 0"))
        #expect(throws: RenderError.officeProducedNothing(output: "converting\n")) { try converter.convert(docx: Data("PK".utf8)) }
    }

    @Test func officeGetsItsOwnProfileAndTheDocument() throws {
        // The stand-in checks its arguments and writes a PDF where LibreOffice would.
        let script = """
            profile=""; outdir=""; input=""
            while [ $# -gt 0 ]; do
              case "$1" in
                -env:UserInstallation=file://*) profile="${1#-env:UserInstallation=file://}";;
                --outdir) shift; outdir="$1";;
                --convert-to) shift; case "$1" in pdf:writer_pdf_Export:*UseTaggedPDF*) ;; *) exit 9;; esac;;
                --headless) headless=1;;
                -*) ;;
                *) input="$1";;
              esac
              shift
            done
            [ -n "$headless" ] && [ -d "$profile" ] && [ -f "$input" ] || exit 8
            grep -q 'Simplified Arabic' "$FONTCONFIG_FILE" 2>/dev/null || [ "$(uname)" != Linux ] || exit 7
            { printf '%%PDF-1.7 '; cat "$input"; } > "$outdir/$(basename "$input" .docx).pdf"
            """
        let converter = PDFConverter(office: try fakeOffice(script))
        let pdf = try converter.convert(docx: Data("the docx".utf8))
        #expect(String(decoding: pdf, as: UTF8.self) == "%PDF-1.7 the docx")
    }

    @Test(.timeLimit(.minutes(1))) func slowOfficeIsStoppedAfterTheTimeout() throws {
        let converter = PDFConverter(office: try fakeOffice("sleep 30 & wait"), timeout: 1)
        let start = Date()
        #expect(throws: RenderError.officeTimedOut(seconds: 1)) { try converter.convert(docx: Data("PK".utf8)) }
        #expect(Date().timeIntervalSince(start) < 15)
    }
}
