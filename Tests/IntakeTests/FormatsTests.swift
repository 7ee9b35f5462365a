import Foundation
import Intake
import MultilingualText
import Platform
import Secretariat
import Submissions
import TestSupport
import Testing

/// .doc, .rtf, .odt, PDFs with a text layer and scans, read the way `crp` reads them: each test
/// makes its own documents (`Typeset`).
@Suite(.serialized) struct FormatsTests {
    /// A private scratch folder per test, checked empty afterwards: nothing is left behind.
    let scratch: URL = { try! ReferenceTexts.tempDir("formats-scratch") }()
    var readers: ReaderRegistry { IntakeFormats.adding(to: .standard, programs: Typeset.programs, scratch: scratch) }

    func options(_ language: String, limits: ConversionLimits = ConversionLimits()) -> IntakeOptions {
        IntakeOptions(readers: readers, language: language, limits: limits)
    }

    func scratchIsEmpty() -> Bool { ((try? FileManager.default.contentsOfDirectory(atPath: scratch.path)) ?? []).isEmpty }

    // MARK: .doc, .rtf, .odt

    @Test(.enabled(if: Clients.runs(Typeset.programs.path("soffice") != nil && Clients.pythonImports("docx"))))
    func docRtfAndOdtAreConvertedByLibreOfficeAndTheOriginalKept() throws {
        guard Typeset.available(["soffice", "python-docx"]) else { return }
        let dir = try ReferenceTexts.tempDir("office")
        for language in ["es", "ar"] {
            let source = try Typeset.text(language)
            let docx = try Typeset.docx(source, language: language, in: dir, name: "src-\(language)")
            for format in ["doc", "rtf", "odt"] {
                let file = try Typeset.libreOffice(docx, to: format, in: dir)
                let bytes = try Data(contentsOf: file)
                #expect(Intake.sniff(bytes, name: "x") == ContentKind(rawValue: format), "\(format) sniffed from its content")
                let r = try Intake.read(data: bytes, name: "letter.\(format)", options: options(language))
                #expect(r.kind.rawValue == format)
                #expect(r.bytes == bytes, "the original is kept byte for byte")
                #expect(Typeset.folded(r.text) == Typeset.folded(source), "\(language) .\(format): \(r.text.prefix(200))")
                #expect(r.extraction?.method == .converted)
                #expect(r.extraction?.tool == "LibreOffice")
                #expect(r.extraction?.version.first?.isNumber == true, "the version LibreOffice wrote: \(r.extraction?.version ?? "")")
            }
        }
        #expect(scratchIsEmpty())
    }

    @Test(.enabled(if: Clients.runs(Typeset.programs.path("soffice") != nil)))
    func aDamagedDocIsRefusedWithTheFileNamed() throws {
        guard Typeset.available(["soffice"]) else { return }
        var bytes: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
        bytes += (0..<4000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        do {
            let r = try Intake.read(data: Data(bytes), name: "broken.doc", options: options("en"))
            Issue.record("a damaged .doc was read: \(r.text.prefix(200))")
        } catch {
            let message = (error as? LocalizedError)?.errorDescription ?? "\(error)"
            #expect(message.contains("broken.doc"), "\(message)")
            #expect(error is FormatError || error is IntakeError, "\(error)")
        }
        // A password-protected .docx is an OLE file holding an encrypted package.
        var protected = bytes
        protected += Array("EncryptedPackage".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        #expect(throws: FormatError.encrypted(file: "secret.docx", kind: "Word document")) {
            try Intake.read(data: Data(protected), name: "secret.docx", options: options("en"))
        }
        #expect(scratchIsEmpty())
    }

    // MARK: PDFs with a text layer

    /// LibreOffice and Chromium PDFs of each language: the text equals the source after NFC and
    /// white-space folding, Arabic included (read from MuPDF's glyphs in logical order), with no
    /// presentation forms, no embedding marks and nothing marked for proofreading.
    /// A PDF whose permissions an owner password restricts opens without a password: its text is
    /// read (only a PDF that needs a password to open is refused, as the hostile corpus checks).
    @Test(.enabled(if: Clients.runs(Typeset.programs.path("soffice") != nil && Typeset.programs.path("pdftotext") != nil)))
    func aPDFRestrictedByAnOwnerPasswordIsRead() throws {
        guard Typeset.available(["soffice", "pdftotext", "pdfinfo"]) else { return }
        let dir = try ReferenceTexts.tempDir("pdf-restricted")
        let bytes = try HostileFormats.libreOfficeRestrictedPDF(
            "La Misión Permanente de Chile presenta sus comentarios.\n", soffice: Typeset.programs.path("soffice")!, in: dir)
        let info = try Proc.run("pdfinfo", [try Self.write(bytes, in: dir).path])
        #expect(info.out.contains("Encrypted:") && info.out.contains("yes"), "the test PDF is not encrypted: \(info.out)")
        let r = try Intake.read(data: bytes, name: "restricted.pdf", options: options("es"))
        #expect(r.text.contains("La Misión Permanente de Chile presenta sus comentarios."), "\(r.text)")
        #expect(scratchIsEmpty())
    }

    static func write(_ data: Data, in dir: URL) throws -> URL {
        let u = dir.appendingPathComponent("restricted-copy.pdf")
        try data.write(to: u)
        return u
    }

    @Test(.enabled(if: Clients.runs(Typeset.programs.path("soffice") != nil && Typeset.programs.path("pdftotext") != nil)))
    func pdfTextLayersFromLibreOfficeAndChromiumGiveTheSourceText() throws {
        guard Typeset.available(["soffice", "pdftotext", "pdfinfo", "mutool", "python-docx", "chromium"]) else { return }
        let dir = try ReferenceTexts.tempDir("pdf")
        for language in ["en", "es", "fr", "ru", "zh", "ar"] {
            let source = try Typeset.text(language)
            let lo = try Typeset.libreOffice(try Typeset.docx(source, language: language, in: dir, name: "src-\(language)"), to: "pdf", in: dir)
            let ch = try Typeset.chromiumPDF(source, language: language, in: dir, name: "src-\(language)")
            for (maker, pdf) in [("LibreOffice", lo), ("Chromium", ch)] {
                let r = try Intake.read(data: try Data(contentsOf: pdf), name: "\(language).pdf", options: options(language))
                #expect(r.kind == .pdf)
                #expect(r.extraction?.method == .textLayer)
                #expect(!r.text.unicodeScalars.contains { (0x202A...0x202E).contains($0.value) }, "no embedding marks")
                #expect(
                    !r.text.unicodeScalars.contains { (0xFB50...0xFDFF).contains($0.value) || (0xFE70...0xFEFF).contains($0.value) },
                    "no Arabic presentation forms")
                let cer = Typeset.cer(r.text, reference: source)
                print(
                    "PDF text layer \(language) (\(maker)): CER \(String(format: "%.2f", cer * 100)) %\(r.extraction?.requiresProofreading == true ? ", marked for proofreading" : "")"
                )
                #expect(Typeset.folded(r.text) == Typeset.folded(source), "\(language) (\(maker)): CER \(cer): \(r.text.prefix(300))")
                #expect(r.extraction?.requiresProofreading == false, "\(language) (\(maker)): \(r.extraction?.caveats ?? [])")
                // Right-to-left text is read from the glyphs; the rest stays with poppler.
                #expect(r.extraction?.tool.hasPrefix(language == "ar" ? "mutool" : "pdftotext") == true, "\(language) (\(maker)): \(r.extraction?.tool ?? "")")
                if language == "ar" {
                    // Without MuPDF, poppler's text stays, repaired as far as it can be, and is marked for proofreading.
                    let poppler = Programs(paths: Typeset.programs.paths.filter { $0.key != "mutool" }, environment: Typeset.programs.environment)
                    let o = IntakeOptions(readers: IntakeFormats.adding(to: .standard, programs: poppler, scratch: scratch), language: "ar")
                    let p = try Intake.read(data: try Data(contentsOf: pdf), name: "ar.pdf", options: o)
                    let popplerCER = Typeset.cer(p.text, reference: source)
                    print(
                        "PDF text layer ar (\(maker)) by poppler alone: CER \(String(format: "%.2f", popplerCER * 100)) %\(p.extraction?.requiresProofreading == true ? ", marked for proofreading" : "")"
                    )
                    #expect(p.extraction?.tool.hasPrefix("pdftotext") == true)
                    #expect(!p.text.unicodeScalars.contains { (0x202A...0x202E).contains($0.value) })
                    if Typeset.folded(p.text) != Typeset.folded(source) {
                        #expect(p.extraction?.requiresProofreading == true, "an inexact Arabic text layer is marked for proofreading (\(maker))")
                        #expect(p.extraction?.caveats?.contains { $0.contains("mupdf-tools") } == true)
                        #expect(popplerCER < 0.05, "Arabic text layer by poppler (\(maker)) CER \(popplerCER)")
                    }
                }
            }
        }
        #expect(scratchIsEmpty())
    }

    /// Arabic over several pages (Chromium draws the vowel mark of a page's first line, clipped
    /// away, at the foot of the page before), and an English letter quoting Arabic: read from the
    /// glyphs, both equal their source.
    @Test(.enabled(if: Clients.runs(Typeset.programs.path("soffice") != nil && Typeset.programs.path("mutool") != nil)))
    func rightToLeftPDFsOverSeveralPagesAndMixedLinesGiveTheSourceText() throws {
        guard Typeset.available(["soffice", "pdftotext", "pdfinfo", "mutool", "python-docx", "chromium"]) else { return }
        let dir = try ReferenceTexts.tempDir("pdf-rtl")
        let arabic = try Typeset.text("ar").trimmingCharacters(in: .whitespacesAndNewlines)
        let long = Array(repeating: arabic, count: 4).joined(separator: "\n\n") + "\n"
        let quoting =
            "Comments of Egypt on item 2.\n\nEgypt recalls the principle of العدالة الجنائية (criminal justice) and resolution 10/4 adopted in 2020.\n"
        for (language, source, name) in [("ar", long, "long-ar"), ("en", quoting, "quoting-en")] {
            let lo = try Typeset.libreOffice(try Typeset.docx(source, language: language, in: dir, name: name), to: "pdf", in: dir)
            let ch = try Typeset.chromiumPDF(source, language: language, in: dir, name: name)
            for (maker, pdf) in [("LibreOffice", lo), ("Chromium", ch)] {
                let r = try Intake.read(data: try Data(contentsOf: pdf), name: "\(name).pdf", options: options(language))
                let cer = Typeset.cer(r.text, reference: source)
                print("PDF text layer \(name) (\(maker), \(r.extraction?.pages ?? 0) pages): CER \(String(format: "%.2f", cer * 100)) %")
                #expect(r.extraction?.tool.hasPrefix("mutool") == true)
                #expect(language == "en" || (r.extraction?.pages ?? 0) >= 3)
                #expect(Typeset.folded(r.text) == Typeset.folded(source), "\(name) (\(maker)): CER \(cer)")
                #expect(r.extraction?.requiresProofreading == false)
            }
        }
        #expect(scratchIsEmpty())
    }

    /// An e-mail whose comments are an attached PDF: the PDF is read through the registry's readers,
    /// and the message is kept beside it.
    @Test(.enabled(if: Clients.runs(Typeset.programs.path("soffice") != nil && Typeset.programs.path("pdftotext") != nil)))
    func aPDFAttachedToAnEmailIsReadThroughTheReaders() throws {
        guard Typeset.available(["soffice", "pdftotext", "pdfinfo", "python-docx"]) else { return }
        let dir = try ReferenceTexts.tempDir("eml-pdf")
        let source = try Typeset.text("es")
        let pdf = try Data(contentsOf: try Typeset.libreOffice(try Typeset.docx(source, language: "es", in: dir, name: "peru"), to: "pdf", in: dir))
        let b64 = pdf.base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed])
        let eml = """
            From: mission@example.org\nTo: secretariat@example.org\nSubject: Comments\nMIME-Version: 1.0\n\
            Content-Type: multipart/mixed; boundary="b1"\n\n--b1\nContent-Type: text/plain; charset=utf-8\n\n\
            Please find attached our comments.\n--b1\nContent-Type: application/pdf\nContent-Disposition: attachment; filename="peru.pdf"\n\
            Content-Transfer-Encoding: base64\n\n\(b64)\n--b1--\n
            """
        let r = try Intake.read(data: Data(eml.utf8), name: "mail.eml", options: options("es"))
        #expect(r.kind == .pdf)
        #expect(r.name == "peru.pdf")
        #expect(r.bytes == pdf)
        #expect(r.companions["message.eml"] != nil)
        #expect(r.extraction?.method == .textLayer)
        #expect(Typeset.folded(r.text) == Typeset.folded(source))
        #expect(scratchIsEmpty())
    }

    // MARK: Scans

    /// Each language typeset, rendered at 300 dpi and read by Tesseract in the declared language;
    /// the character error rate is printed and must stay within 2 % (3 % for Chinese).
    @Test(.enabled(if: Clients.runs(Typeset.programs.path("tesseract") != nil && Typeset.programs.path("soffice") != nil)))
    func scansAreReadInTheDeclaredLanguageWithinTheErrorRate() throws {
        guard Typeset.available(["soffice", "pdftoppm", "tesseract", "python-docx", "chromium"]) else { return }
        let dir = try ReferenceTexts.tempDir("ocr")
        for language in ["ar", "en", "es", "fr", "ru", "zh"] {
            let source = Typeset.onePage(try Typeset.text(language))
            let pdf = try Typeset.libreOffice(try Typeset.docx(source, language: language, in: dir, name: "scan-\(language)"), to: "pdf", in: dir)
            let png = try Typeset.scan(pdf, in: dir, name: "scan-\(language)")
            let r = try Intake.read(data: try Data(contentsOf: png), name: "\(language).png", options: options(language))
            let cer = Typeset.cer(r.text, reference: source)
            print("OCR \(language) (PNG, 300 dpi): CER \(String(format: "%.2f", cer * 100)) %, mean confidence \(r.extraction?.meanConfidence ?? -1)")
            #expect(r.kind == .image)
            #expect(r.extraction?.method == .ocr)
            #expect(r.extraction?.model == OCRReader.model(for: language)?.model)
            #expect((r.extraction?.meanConfidence ?? 0) > 50)
            #expect(r.extraction?.lowestLines?.isEmpty == false)
            #expect(cer <= (language == "zh" ? 0.03 : 0.02), "\(language) CER \(cer): \(r.text.prefix(300))")
            if language == "ar" || language == "es" {
                // The same page as a PDF without a text layer goes to OCR.
                let scanned = try Typeset.scannedPDF(png, in: dir, name: "scan-\(language)")
                let s = try Intake.read(data: try Data(contentsOf: scanned), name: "\(language)-scan.pdf", options: options(language))
                let c2 = Typeset.cer(s.text, reference: source)
                print("OCR \(language) (PDF without text layer): CER \(String(format: "%.2f", c2 * 100)) %")
                #expect(s.kind == .pdf)
                #expect(s.extraction?.method == .ocr)
                #expect(c2 <= 0.02, "\(language) scanned PDF CER \(c2)")
            }
        }
        #expect(scratchIsEmpty())
    }

    /// A PDF whose second page is a scan between two pages with a text layer: the scanned page is
    /// read by OCR and its text stands between the others, and the whole text must be proofread.
    @Test(.enabled(if: Clients.runs(Typeset.programs.path("tesseract") != nil && Typeset.programs.path("soffice") != nil)))
    func aMixedPDFReadsItsScannedPageByOCRInPageOrder() throws {
        guard Typeset.available(["soffice", "pdftoppm", "pdftotext", "pdfinfo", "pdfunite", "tesseract", "python-docx", "chromium"]) else { return }
        let dir = try ReferenceTexts.tempDir("mixed-pdf")
        let paragraphs = try Typeset.text("en").components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { $0.count > 80 }
        try #require(paragraphs.count >= 3)
        let parts = paragraphs.prefix(3).map { $0 + "\n" }
        var pdfs: [URL] = []
        for (i, text) in parts.enumerated() {
            let pdf = try Typeset.libreOffice(try Typeset.docx(text, language: "en", in: dir, name: "page\(i + 1)"), to: "pdf", in: dir)
            if i == 1 {
                // The middle page scanned: rendered at 300 dpi and put back as an image-only page.
                pdfs.append(try Typeset.scannedPDF(try Typeset.scan(pdf, in: dir, name: "page2"), in: dir, name: "page2"))
            } else {
                pdfs.append(pdf)
            }
        }
        let joined = dir.appendingPathComponent("mixed.pdf")
        try Typeset.run("pdfunite", pdfs.map(\.path) + [joined.path], in: dir)
        let bytes = try Data(contentsOf: joined)
        let r = try Intake.read(data: bytes, name: "mixed.pdf", options: options("en"))
        let x = try #require(r.extraction)
        #expect(r.kind == .pdf)
        #expect(r.bytes == bytes)
        #expect(x.method == .mixed)
        #expect(x.ocrPages == [2], "the scanned page is named: \(x.ocrPages ?? [])")
        #expect(x.requiresProofreading, "OCR text in a mixed PDF must be proofread")
        #expect(x.model == "eng")
        #expect(x.summary.contains("page 2 read by OCR"), "\(x.summary)")
        #expect((x.caveats ?? []).contains { $0.contains("page 2") && $0.contains("OCR") }, "\(x.caveats ?? [])")
        // Each page's text, in page order: the OCR'd page between the two text pages.
        let text = Typeset.folded(r.text)
        let starts = parts.map { p in Typeset.folded(p).split(separator: " ").prefix(6).joined(separator: " ") }
        let found = starts.map { text.range(of: $0)?.lowerBound }
        #expect(found.allSatisfy { $0 != nil }, "every page's opening words are in the text: \(starts) in \(text.prefix(400))")
        if let a = found[0], let b = found[1], let c = found[2] { #expect(a < b && b < c, "pages in order") }
        let cer = Typeset.cer(r.text, reference: parts.joined(separator: "\n"))
        print("Mixed PDF (text, scan, text): CER \(String(format: "%.2f", cer * 100)) % over the three pages")
        #expect(cer <= 0.02)
        #expect(scratchIsEmpty())
    }

    @Test func aScanWithoutADeclaredLanguageIsRefused() throws {
        let png = HostileFormats.png(width: 100, height: 100)
        #expect(throws: FormatError.noLanguage(file: "letter.png")) {
            try Intake.read(data: png, name: "letter.png", options: IntakeOptions(readers: readers))
        }
    }

    // MARK: Limits

    // The hostile PDFs and images (encrypted, 10 000 pages, 100 megapixels, corrupt, cut off,
    // garbage, a flate bomb) are part of the one hostile corpus: HostileCorpusTests.swift
    // (SubmissionsTests), registered through `crp` with the refusal and the store checked there.

    /// A conversion or OCR over its time limit is stopped with its whole process group, and its
    /// private folder (LibreOffice's profile, rendered pages) goes with it.
    @Test(.enabled(if: Clients.runs(Typeset.programs.path("soffice") != nil && Typeset.programs.path("tesseract") != nil)))
    func aConversionOverItsTimeLimitIsStoppedAndLeavesNothing() throws {
        guard Typeset.available(["soffice", "tesseract", "pdftoppm"]) else { return }
        let dir = try ReferenceTexts.tempDir("timeouts")
        let start = Date()
        #expect(throws: FormatError.timedOut(file: "slow.rtf", program: "LibreOffice", seconds: 0.3)) {
            try Intake.read(
                data: Data("{\\rtf1\\ansi Comentarios del Per\\'fa.}".utf8), name: "slow.rtf",
                options: options("es", limits: ConversionLimits(conversionSeconds: 0.3)))
        }
        #expect(scratchIsEmpty(), "LibreOffice's private profile is removed after the time-out")
        // An empty page rendered at 300 dpi, read with a limit no program's start-up can meet: the
        // first step of a scan's reading (ImageMagick making it grey and measuring its skew) is stopped.
        let pdf = dir.appendingPathComponent("blank.pdf")
        try HostileFormats.pdf(claimingPages: 1).write(to: pdf)
        let png = try Typeset.scan(pdf, in: dir, name: "blank")
        #expect(throws: FormatError.timedOut(file: "blank.png", program: "ImageMagick", seconds: 0.01)) {
            try Intake.read(data: try Data(contentsOf: png), name: "blank.png", options: options("es", limits: ConversionLimits(ocrSecondsPerPage: 0.01)))
        }
        #expect(scratchIsEmpty())
        #expect(Date().timeIntervalSince(start) < 30)
    }

    @Test func aMissingProgramIsNamedWithItsDebianPackage() throws {
        let none = IntakeFormats.adding(to: .standard, programs: Programs(paths: [:], environment: [:]), scratch: scratch)
        let o = IntakeOptions(readers: none, language: "es")
        #expect(
            throws: FormatError.missingProgram(
                file: "a.rtf", program: "LibreOffice (soffice)", package: "libreoffice-writer-nogui",
                purpose: "reading .doc, .rtf and .odt files")
        ) {
            try Intake.read(data: Data("{\\rtf1 hola}".utf8), name: "a.rtf", options: o)
        }
        #expect(throws: FormatError.missingProgram(file: "a.png", program: "Tesseract", package: "tesseract-ocr", purpose: "reading scanned letters (OCR)")) {
            try Intake.read(data: HostileFormats.png(width: 10, height: 10), name: "a.png", options: o)
        }
        expectRefusal(FormatError.self, saying: ["a.pdf cannot be read", "pdfinfo is needed", "poppler-utils", "Nothing was stored"]) {
            try Intake.read(data: HostileFormats.pdf(claimingPages: 1), name: "a.pdf", options: o)
        }
        // Without the format readers at all, the refusal still says what to do.
        #expect {
            try Intake.read(data: Data("%PDF-1.4\n".utf8), name: "a.pdf", options: IntakeOptions())
        } throws: { e in (e as? LocalizedError)?.errorDescription?.contains("poppler-utils") == true }
    }
}
