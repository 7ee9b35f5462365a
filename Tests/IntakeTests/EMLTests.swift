import Foundation
import MultilingualText
import Submissions
import TestSupport
import Testing

@testable import Intake
@testable import Secretariat

/// Builds e-mails the way mail programs write them: CRLF lines, quoted-printable or base64 bodies.
enum Mail {
    /// Quoted-printable with soft line breaks before column 76 and CRLF hard line ends.
    static func quotedPrintable(_ bytes: [UInt8]) -> String {
        var out = ""
        var line = ""
        func emit(_ piece: String) {
            if line.count + piece.count > 75 { out += line + "=\r\n"; line = "" }
            line += piece
        }
        for (i, b) in bytes.enumerated() {
            if b == 0x0A { out += line + "\r\n"; line = ""; continue }
            let atLineEnd = i + 1 == bytes.count || bytes[i + 1] == 0x0A
            if (b >= 33 && b <= 126 && b != 0x3D) || (b == 0x20 && !atLineEnd) {
                emit(String(UnicodeScalar(b)))
            } else {
                emit(String(format: "=%02X", b))
            }
        }
        return out + line
    }

    static func base64(_ data: Data) -> String {
        data.base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
    }

    static func crlf(_ s: String) -> String {
        s.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
    }

    /// The Spanish reference as Peru's mission would send it: ISO-8859-1, quoted-printable.
    static func peru() throws -> Data {
        let latin1 = try Charsets.encode(Array(try ReferenceTexts.text("peru-item2.es.txt").utf16), charset: "ISO-8859-1")
        let head = crlf(
            """
            Return-Path: <mision@example.org>
            From: =?ISO-8859-1?Q?Misi=F3n_Permanente_del_Per=FA?= <mision@example.org>
            To: secretariat@example.org
            Subject: =?ISO-8859-1?Q?Comentarios_del_Per=FA?= sobre el tema 2
             de la =?UTF-8?B?c2VzacOzbg==?=
            Date: Fri, 25 Sep 2020 16:02:11 -0500
            MIME-Version: 1.0
            Content-Type: text/plain;
            \tcharset="iso-8859-1"
            Content-Transfer-Encoding: quoted-printable


            """)
        return Data((head + quotedPrintable(latin1)).utf8)
    }

    /// A message with a short body and `attachment` (base64), as Outlook sends a Word file.
    static func withAttachment(_ attachment: Data, filenameHeader: String, extraPart: String = "") -> Data {
        let text =
            crlf(
                """
                From: Mission of Morocco <mission@example.org>
                To: secretariat@example.org
                Subject: =?UTF-8?B?2KrYudmE2YrZgtin2Kog2KfZhNmF2LrYsdio?=
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="----=_NextPart_000_0012_01D6"

                This is a multi-part message in MIME format.

                ------=_NextPart_000_0012_01D6
                Content-Type: multipart/alternative; boundary="alt-boundary"

                --alt-boundary
                Content-Type: text/plain; charset=utf-8
                Content-Transfer-Encoding: 8bit

                Please find attached the comments of Morocco.

                --alt-boundary
                Content-Type: text/html; charset=utf-8

                <p>Please find attached the comments of Morocco.</p>
                --alt-boundary--

                ------=_NextPart_000_0012_01D6
                Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document;
                \(filenameHeader)
                Content-Transfer-Encoding: base64


                """) + base64(attachment) + crlf("\n\(extraPart)------=_NextPart_000_0012_01D6--\n")
        return Data(text.utf8)
    }
}

@Suite struct EMLReferenceTests {
    /// A Spanish e-mail in ISO-8859-1, quoted-printable, registers to the reference text.
    @Test func spanishQuotedPrintableLatin1() throws {
        let eml = try Mail.peru()
        let r = try Intake.read(data: eml, name: "peru.eml")
        #expect(r.kind == .eml)
        #expect(r.encoding == "ISO-8859-1")
        #expect(r.bytes == eml)
        #expect(r.companions.isEmpty)
        #expect(r.text == (try ReferenceTexts.text("peru-item2.es.txt")))
        let m = try EMLReader.parse(eml, file: "peru.eml")
        #expect(m.subject == "Comentarios del Perú sobre el tema 2 de la sesión")
        #expect(m.from == "Misión Permanente del Perú <mision@example.org>")
        // Through the store: the e-mail is the original, verify re-reads it to the same text.
        let dir = try ReferenceTexts.tempDir("eml-body")
        let store = try Store.create(
            at: dir.appendingPathComponent("ws"), paper: try PaperDefinition.load(ReferenceTexts.url("paper.yaml")), clock: TestRepository.clock)
        let catalog = try LocaleCatalog(folder: ReferenceTexts.locales)
        let file = dir.appendingPathComponent("peru.eml")
        try eml.write(to: file)
        let (sub, _) = try Registrar(store: store, catalog: catalog).register(.init(file: file, state: "Peru", language: "es", items: [2], by: "t"))
        #expect(sub.record.original.file == "original.eml")
        #expect(sub.record.original.encoding == "ISO-8859-1")
        #expect(try store.originalText(sub) == ReferenceTexts.text("peru-item2.es.txt"))
        #expect(try Verifier(store: store, catalog: catalog, readers: .standard).verify().isEmpty)
    }

    /// The kind comes from the content: an e-mail saved as .txt is still an e-mail.
    @Test func emailNamedTxtIsReadAsEmail() throws {
        let r = try Intake.read(data: try Mail.peru(), name: "peru.txt")
        #expect(r.kind == .eml)
        #expect(r.text == (try ReferenceTexts.text("peru-item2.es.txt")))
    }

    /// A Word attachment becomes the original; the e-mail is kept beside it.
    @Test func wordAttachmentBecomesTheOriginal() throws {
        let docx = try DOCXBuilder.reference("morocco-item2.ar.txt", format: "arabicAbjad", rtl: true).build()
        // RFC 2231 file name, split in two and percent-encoded UTF-8, as Thunderbird writes it.
        let eml = Mail.withAttachment(
            docx,
            filenameHeader: """
                Content-Disposition: attachment;
                 filename*0*=utf-8''%D8%AA%D8%B9%D9%84%D9%8A%D9%82%D8%A7%D8%AA%20;
                 filename*1*=%D8%A7%D9%84%D9%85%D8%BA%D8%B1%D8%A8.docx
                """)
        let r = try Intake.read(data: eml, name: "maroc.eml", options: IntakeOptions(letters: TestRepository.letters))
        #expect(r.kind == .docx)
        #expect(r.name == "تعليقات المغرب.docx")
        #expect(r.bytes == docx)
        #expect(r.companions["message.eml"] == eml)
        #expect(r.text == (try ReferenceTexts.text("morocco-item2.ar.txt")))
    }

    @Test func wordAttachmentThroughTheStore() throws {
        let docx = try DOCXBuilder.reference("morocco-item2.ar.txt", format: "arabicAbjad", rtl: true).build()
        let eml = Mail.withAttachment(docx, filenameHeader: "Content-Disposition: attachment; filename=\"=?UTF-8?B?2KrYudmE2YrZgtin2Kou?=docx\"")
        let dir = try ReferenceTexts.tempDir("eml-store")
        let store = try Store.create(
            at: dir.appendingPathComponent("ws"), paper: try PaperDefinition.load(ReferenceTexts.url("paper.yaml")), clock: TestRepository.clock)
        let catalog = try LocaleCatalog(folder: ReferenceTexts.locales)
        let file = dir.appendingPathComponent("maroc.eml")
        try eml.write(to: file)
        let (sub, _) = try Registrar(store: store, catalog: catalog).register(
            .init(file: file, state: "Morocco", language: "ar", items: [2], by: "t", options: IntakeOptions(letters: ListLetters(catalog))))
        #expect(sub.record.original.receivedName == "تعليقات.docx")
        #expect(try Data(contentsOf: sub.folder.appendingPathComponent("original.docx")) == docx)
        let kept = try FileManager.default.contentsOfDirectory(atPath: sub.folder.path).filter { $0.hasPrefix("received-") }
        #expect(kept.count == 1)
        #expect(try Data(contentsOf: sub.folder.appendingPathComponent(kept[0])) == eml)
        #expect(try store.originalText(sub) == ReferenceTexts.text("morocco-item2.ar.txt"))
        #expect(try Verifier(store: store, catalog: catalog, readers: .standard).verify().isEmpty)
    }

    /// A forwarded message (message/rfc822) still yields its attachment.
    @Test func forwardedMessageAttachment() throws {
        let docx = try DOCXBuilder.reference("peru-item3.es.txt", format: "lowerLetter", rtl: false).build()
        let inner = String(decoding: Mail.withAttachment(docx, filenameHeader: "Content-Disposition: attachment; filename=peru.docx"), as: UTF8.self)
        let outer = Mail.crlf(
            """
            From: desk@example.org
            Subject: Fwd: comments
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary=outer

            --outer
            Content-Type: text/plain; charset=us-ascii

            See below.
            --outer
            Content-Type: message/rfc822

            \(inner)
            --outer--
            """)
        let r = try Intake.read(data: Data(outer.utf8), name: "fwd.eml")
        #expect(r.kind == .docx)
        #expect(r.bytes == docx)
        #expect(r.text == (try ReferenceTexts.text("peru-item3.es.txt")))
    }
}

@Suite struct EMLBodyTests {
    @Test func plainIsPreferredOverHTMLAndHTMLIsUsedAlone() throws {
        let alt = Mail.crlf(
            """
            From: a@example.org
            MIME-Version: 1.0
            Content-Type: multipart/alternative; boundary=b

            --b
            Content-Type: text/html; charset=utf-8

            <html><body><p>HTML version</p></body></html>
            --b
            Content-Type: text/plain; charset=utf-8

            Plain version
            --b--
            """)
        // The line break before a boundary belongs to the boundary (RFC 2046 §5.1.1).
        #expect(try Intake.read(data: Data(alt.utf8), name: "a.eml").text == "Plain version")
        // An HTML-only message in windows-1256, base64.
        let arabic = "يتوقف التنفيذ الفعّال"
        let body = Data(try Charsets.encode(Array("<html dir=\"rtl\"><body><p>\(arabic)</p><p>SHERLOC أولاً</p></body></html>".utf16), charset: "windows-1256"))
        let html =
            Mail.crlf(
                """
                From: a@example.org
                MIME-Version: 1.0
                Content-Type: text/html; charset="windows-1256"
                Content-Transfer-Encoding: base64


                """) + Mail.base64(body)
        let r = try Intake.read(data: Data(html.utf8), name: "h.eml")
        #expect(r.kind == .eml)
        #expect(r.encoding == "windows-1256")
        #expect(r.text == "\(arabic)\n\n\u{200F}SHERLOC أولاً\n")
    }

    /// Latin-1 labels on text with bytes 0x80–0x9F mean windows-1252 (curly quotes, dashes).
    @Test func mislabelledWindows1252() throws {
        let body: [UInt8] = Array("Propuesta ".utf8) + [0x93] + Array("A".utf8) + [0x94, 0x20, 0x96, 0x20] + Array("acci".utf8) + [0xF3, 0x6E]
        let eml = Data(Mail.crlf("From: a@example.org\nContent-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: 8bit\n\n").utf8) + Data(body)
        let r = try Intake.read(data: eml, name: "m.eml")
        #expect(r.text == "Propuesta “A” – acción")
        #expect(r.encoding == "windows-1252")
    }

    @Test func undecodableTextIsRefusedWithWhatToDo() throws {
        let eml = Data(Mail.crlf("From: a@example.org\nContent-Type: text/plain; charset=utf-8\n\n").utf8) + Data([0x61, 0xFF, 0xFE, 0x62])
        do {
            _ = try Intake.read(data: eml, name: "bad.eml")
            Issue.record("invalid UTF-8 accepted")
        } catch let e as IntakeError {
            #expect(e.errorDescription?.contains("bad.eml") == true)
            #expect(e.errorDescription?.contains("--encoding") == true)
        }
    }

    @Test func severalDocumentAttachmentsAreAmbiguous() throws {
        let a = try DOCXBuilder.reference("peru-item2.es.txt", format: "lowerLetter", rtl: false).build()
        let b = try DOCXBuilder.reference("peru-item3.es.txt", format: "lowerLetter", rtl: false).build()
        let second =
            Mail.crlf(
                """
                ------=_NextPart_000_0012_01D6
                Content-Type: application/octet-stream; name="tema3.docx"
                Content-Transfer-Encoding: base64


                """) + Mail.base64(b) + "\r\n"
        let eml = Mail.withAttachment(a, filenameHeader: "Content-Disposition: attachment; filename=\"tema2.docx\"", extraPart: second)
        #expect {
            try Intake.read(data: eml, name: "two.eml")
        } throws: { e in
            // The cover note is not a candidate; the two documents are, named for --part.
            guard case EMLError.ambiguous(_, let names) = e else { return false }
            return names == ["tema2.docx", "tema3.docx"]
        }
    }

    @Test func textAttachmentWinsAndKeepsItsCharset() throws {
        let latin1 = try Charsets.encode(Array(try ReferenceTexts.text("peru-item3.es.txt").utf16), charset: "windows-1252")
        let eml = Mail.crlf(
            """
            From: a@example.org
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary=x

            --x
            Content-Type: text/plain; charset=us-ascii

            Attached.
            --x
            Content-Type: text/plain; charset=windows-1252; name=peru-item3.es.txt
            Content-Disposition: attachment
            Content-Transfer-Encoding: quoted-printable

            \(Mail.quotedPrintable(latin1))
            --x
            Content-Type: image/png; name=logo.png
            Content-Transfer-Encoding: base64

            iVBORw0KGgo=
            --x--
            """)
        let r = try Intake.read(data: Data(eml.utf8), name: "t.eml")
        #expect(r.kind == .text)
        #expect(r.name == "peru-item3.es.txt")
        #expect(r.encoding == "windows-1252")
        #expect(r.text == (try ReferenceTexts.text("peru-item3.es.txt")))
        #expect(r.companions["message.eml"] == Data(eml.utf8))
    }

    @Test func messagesWithoutTextAreRefused() throws {
        let eml = Mail.crlf(
            """
            From: a@example.org
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary=x

            --x
            Content-Type: application/pdf; name=comments.pdf
            Content-Transfer-Encoding: base64

            JVBERi0xLjcK
            --x--
            """)
        do {
            _ = try Intake.read(data: Data(eml.utf8), name: "pdf.eml")
            Issue.record("accepted")
        } catch let e as LocalizedError {
            let m = e.errorDescription ?? ""
            #expect(m.contains("comments.pdf"))
            // Without poppler's reader in the registry the refusal names what to install or do.
            #expect(m.contains("poppler-utils") && m.contains("copy the text into a .txt file"))
        }
    }

    @Test func deepNestingIsRefused() throws {
        var eml = "From: a@example.org\nMIME-Version: 1.0\n"
        for i in 0..<40 { eml += "Content-Type: multipart/mixed; boundary=b\(i)\n\n--b\(i)\n" }
        eml += "Content-Type: text/plain\n\nhello\n"
        do {
            _ = try Intake.read(data: Data(eml.utf8), name: "deep.eml")
            Issue.record("accepted")
        } catch let e as IntakeError {
            #expect(e.errorDescription?.contains("nest more than 12 levels") == true, "\(e)")
        }
        let many =
            "From: a@example.org\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=z\n\n"
            + String(repeating: "--z\nContent-Type: text/plain\n\nx\n", count: 600) + "--z--\n"
        expectRefusal(IntakeError.self, saying: ["many.eml was refused for safety", "more than 500 parts", "Nothing was stored", "register that file"]) {
            try Intake.read(data: Data(many.utf8), name: "many.eml")
        }
    }
}

@Suite struct EMLMIMEDecodingTests {
    @Test func quotedPrintable() {
        #expect(EMLReader.quotedPrintable(Array("a=3Db=C3=\r\n=A9 \t\r\nend=\nx=ZZ=4".utf8)) == Array("a=b\u{E9}\r\nendx=ZZ=4".utf8))
        #expect(EMLReader.quotedPrintable(Array("lower =c3=a9".utf8)) == Array("lower \u{E9}".utf8))
    }

    @Test func base64() {
        #expect(EMLReader.base64(Array("SG9s\r\nYQ==".utf8)) == Array("Hola".utf8))
        #expect(EMLReader.base64(Array("SG9sYSE".utf8)) == Array("Hola!".utf8))
    }

    @Test func encodedWords() {
        #expect(EMLReader.decodeEncodedWords("=?ISO-8859-1?Q?Per=FA?= =?UTF-8?B?w7o=?= y m\u{E1}s") == "Perúú y más")
        #expect(EMLReader.decodeEncodedWords("=?utf-8*es?q?Lima?=") == "Lima")
        #expect(EMLReader.decodeEncodedWords("=?x-unknown?Q?abc?= ok") == "=?x-unknown?Q?abc?= ok")
        #expect(EMLReader.decodeEncodedWords("a =?UTF-8?Q?b?=") == "a b")
    }

    @Test func parameters() {
        let p = EMLReader.parseParameters("text/plain; charset=\"ISO-8859-1\"; format=flowed; name*=UTF-8''Per%C3%BA.txt")
        #expect(p.value == "text/plain")
        #expect(p.params["charset"] == "ISO-8859-1")
        #expect(p.params["name"] == "Perú.txt")
        #expect(EMLReader.parseParameters("attachment; filename=\"a;b.docx\"").params["filename"] == "a;b.docx")
    }
}

/// The date an e-mail's `Date:` header gives, as written (the default date received).
@Suite struct EMLDateHeaderTests {
    @Test(
        arguments: [
            ("Fri, 18 Sep 2020 17:42:10 +0200", "2020-09-18"),
            ("Fri, 18 Sep 2020 17:42:10 +0200 (CEST)", "2020-09-18"),
            ("18 Sep 2020 23:59 -0500", "2020-09-18"),
            ("Tue,  1 Dec 2026 08:00:00 GMT", "2026-12-01"),
            ("Mon, 29 February 2021 10:00:00 +0000", nil),  // no such day
            ("tomorrow", nil),
            ("", nil),
        ] as [(String, String?)])
    func readsTheDateAsWritten(header: String, expected: String?) throws {
        #expect(EMLReader.calendarDate(header)?.description == expected)
    }

    @Test func theMessageCarriesItsDate() throws {
        let eml =
            "From: a@example.org\r\nDate: Wed, 16 Sep 2020 09:00:00 +0200\r\nSubject: x\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            + "Comments of Peru on agenda item 2: Peru supports technical assistance in every region and asks for more.\r\n"
        let r = try Intake.read(data: Data(eml.utf8), name: "m.eml", options: IntakeOptions())
        #expect(r.sentDate == CalendarDate(year: 2020, month: 9, day: 16))
    }
}
