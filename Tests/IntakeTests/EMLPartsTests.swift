import Foundation
import MultilingualText
import Platform
import Submissions
import TestSupport
import Testing

@testable import Intake
@testable import Secretariat

/// E-mail decided in the open (issue 15, item 5): every part listed, taken or left with why;
/// more than one candidate refused by name and chosen with `--part`; cover notes never taken.
@Suite struct EMLPartsTests {
    static let catalog = Result { try LocaleCatalog(folder: ReferenceTexts.locales) }

    static func options(part: String? = nil, readers: ReaderRegistry = .standard) throws -> IntakeOptions {
        IntakeOptions(readers: readers, part: part, announcements: try catalog.get().attachmentAnnouncements)
    }

    /// A multipart/mixed message: an optional UTF-8 body, then base64 attachments.
    static func message(body: String?, attachments: [(name: String, type: String, data: Data)]) -> Data {
        var s = Mail.crlf(
            """
            From: Mission <mission@example.org>
            To: secretariat@example.org
            Subject: Comments
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="mixed-1"


            """)
        if let body {
            s += Mail.crlf("--mixed-1\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n") + Mail.base64(Data(body.utf8)) + "\r\n"
        }
        for a in attachments {
            s +=
                Mail.crlf(
                    "--mixed-1\nContent-Type: \(a.type); name=\"\(a.name)\"\nContent-Disposition: attachment; filename=\"\(a.name)\"\nContent-Transfer-Encoding: base64\n\n"
                )
                + Mail.base64(a.data) + "\r\n"
        }
        return Data((s + "--mixed-1--\r\n").utf8)
    }

    static let docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    static let realBody = """
        Comments of Peru on agenda item 2.

        Peru supports the use of SHERLOC and recommends that the Conference encourage States to share \
        legislation and case law through the portal, and that the Secretariat keep it up to date in \
        all official languages so that practitioners can rely on it.
        """

    static func noteVerbale() throws -> Data {
        var b = DOCXBuilder()
        b.add(DOCXBuilder.paragraph("The Permanent Mission of Peru presents its compliments to the Secretariat."))
        return try b.build()
    }

    /// A body with real text and a Word attachment: refused, both named; --part chooses either.
    @Test func bodyAndAttachmentAreAmbiguousAndPartChooses() throws {
        let eml = Self.message(body: Self.realBody, attachments: [("nota verbal.docx", Self.docxType, try Self.noteVerbale())])
        #expect {
            try Intake.read(data: eml, name: "peru.eml", options: try Self.options())
        } throws: { e in
            guard case EMLError.ambiguous(let file, let names) = e else { return false }
            return file == "peru.eml" && names == ["body", "nota verbal.docx"]
                && (e as? LocalizedError)?.errorDescription?.contains("--part") == true
        }
        let body = try Intake.read(data: eml, name: "peru.eml", options: try Self.options(part: "body"))
        #expect(body.kind == .eml)
        #expect(body.bytes == eml)
        #expect(body.text == Self.realBody)
        #expect(body.parts.map(\.name) == ["body", "nota verbal.docx"])
        #expect(body.parts.map(\.taken) == [true, false])
        #expect(body.parts[0].why.contains("--part body"))
        let word = try Intake.read(data: eml, name: "peru.eml", options: try Self.options(part: "NOTA VERBAL.docx"))
        #expect(word.kind == .docx)
        #expect(word.name == "nota verbal.docx")
        #expect(word.text.hasPrefix("The Permanent Mission of Peru"))
        #expect(word.parts.map(\.taken) == [false, true])
        #expect(word.companions["message.eml"] == eml)
    }

    /// --part naming nothing in the message is refused with the names it could take.
    @Test func unknownPartIsRefusedWithTheCandidates() throws {
        let eml = Self.message(body: Self.realBody, attachments: [("a.docx", Self.docxType, try Self.noteVerbale())])
        #expect {
            try Intake.read(data: eml, name: "m.eml", options: try Self.options(part: "b.docx"))
        } throws: { e in
            guard case EMLError.unknownPart(_, let part, let names) = e else { return false }
            return part == "b.docx" && names == ["body", "a.docx"]
        }
    }

    /// A cover note beside a Word file: the Word file is taken, the note listed as left.
    @Test func coverNoteAndAttachmentTakesTheAttachment() throws {
        let eml = Self.message(
            body: "Dear colleagues,\n\nPlease find attached the comments of Peru.\n\nBest regards,\nThe Mission",
            attachments: [
                ("comments.docx", Self.docxType, try Self.noteVerbale()),
                ("logo.png", "image/png", Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])),
            ])
        let r = try Intake.read(data: eml, name: "m.eml", options: try Self.options())
        #expect(r.kind == .docx)
        #expect(r.parts.map(\.name) == ["body", "logo.png", "comments.docx"])
        #expect(r.parts.map(\.taken) == [false, false, true])
        #expect(r.parts[0].why.contains("cover note"))
        #expect(r.parts[1].why.contains("image/png"))
    }

    /// A cover note whose attachment crp cannot read is never registered: refused naming the attachment.
    @Test func coverNoteWithUnreadableAttachmentIsRefusedByName() throws {
        let pdf = Self.message(
            body: "Please find attached the comments of Peru.", attachments: [("comentarios.pdf", "application/pdf", Data("%PDF-1.7\n".utf8))])
        #expect {
            try Intake.read(data: pdf, name: "m.eml", options: try Self.options())
        } throws: { e in
            guard case EMLError.attachmentUnreadable(_, let name, _) = e else { return false }
            return name == "comentarios.pdf"
        }
        let image = Self.message(body: "Please find attached the comments of Peru.", attachments: [("scan.jpg", "image/jpeg", Data([0xFF, 0xD8, 0xFF]))])
        #expect {
            try Intake.read(data: image, name: "m.eml", options: try Self.options())
        } throws: { e in
            guard case EMLError.coverNoteOnly(_, let names) = e else { return false }
            return names == ["scan.jpg"]
        }
        // --part body is the officer's choice, honoured even for a body that reads as a cover note (issue 25).
        let chosen = try Intake.read(data: image, name: "m.eml", options: try Self.options(part: "body"))
        #expect(chosen.text.hasPrefix("Please find attached"))
        #expect(chosen.parts.first?.why.contains("reads as a cover note") == true)
    }

    /// Cover notes in the six languages, from the phrases in Locales/*.yaml.
    @Test(arguments: [
        "Please find attached the comments of the Government.",
        "Veuillez trouver ci-joint les commentaires de la France.",
        "Adjunto encontrará los comentarios de México.",
        "Во вложении направляем комментарии Российской Федерации.",
        "تجدون مرفقا تعليقات المملكة المغربية.",
        "请查收附件中的中国政府意见。",
        // First person, as a Permanent Representative writes.
        "Tengo el honor de remitir adjunto los comentarios de México sobre el tema 3.",
        "J'ai l'honneur de vous transmettre les observations de la France.",
        "I have the honour to transmit herewith the comments of Senegal.",
        "Имею честь препроводить комментарии Российской Федерации.",
    ])
    func coverNotesInTheSixLanguages(_ note: String) throws {
        let phrases = try Self.catalog.get().attachmentAnnouncements
        #expect(EMLDecision.classify(note, announcements: phrases, beside: false) == .cover)
        #expect(EMLDecision.classify(Self.realBody, announcements: phrases, beside: true) == .text)
    }

    /// An attachment whose name and type say nothing is taken when a registered reader knows
    /// its sniffed kind (here Word bytes sent as application/octet-stream without an extension).
    @Test func unnamedKindIsReadThroughTheRegistry() throws {
        let eml = Self.message(body: "Please find attached our comments.", attachments: [("scan-0001", "application/octet-stream", try Self.noteVerbale())])
        let r = try Intake.read(data: eml, name: "m.eml", options: try Self.options())
        #expect(r.kind == .docx)
        #expect(r.parts.map(\.name) == ["body", "scan-0001"])
        // Without a Word reader in the registry it is left, and the cover note refused naming it.
        let noWord = ReaderRegistry([.text: ReaderRegistry.standard.reader(for: .text)!])
        #expect(throws: EMLError.coverNoteOnly(file: "m.eml", attachments: ["scan-0001"])) {
            try Intake.read(data: eml, name: "m.eml", options: try Self.options(readers: noWord.with(.eml, ReaderRegistry.standard.reader(for: .eml)!)))
        }
    }

    /// Two Word attachments: refused; --part takes the one named.
    @Test func twoAttachmentsAndPartChooses() throws {
        var other = DOCXBuilder()
        other.add(DOCXBuilder.paragraph("Second document text."))
        let eml = Self.message(body: nil, attachments: [("one.docx", Self.docxType, try Self.noteVerbale()), ("two.docx", Self.docxType, try other.build())])
        #expect(throws: EMLError.ambiguous(file: "m.eml", candidates: ["one.docx", "two.docx"])) {
            try Intake.read(data: eml, name: "m.eml", options: try Self.options())
        }
        let r = try Intake.read(data: eml, name: "m.eml", options: try Self.options(part: "two.docx"))
        #expect(r.text == "Second document text.\n")
        #expect(r.parts.map(\.taken) == [false, true])
    }

    /// A minimal TNEF stream (as Outlook writes winmail.dat) holding one file.
    static func tnef(name: String, data: Data) -> Data {
        func u32(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v.littleEndian, Array.init) }
        func u16(_ v: UInt16) -> [UInt8] { withUnsafeBytes(of: v.littleEndian, Array.init) }
        func attribute(_ level: UInt8, _ id: UInt32, _ d: [UInt8]) -> [UInt8] {
            [level] + u32(id) + u32(UInt32(d.count)) + d + u16(UInt16(d.reduce(0) { ($0 + Int($1)) & 0xFFFF }))
        }
        var out = u32(0x223E_9F78) + u16(1)
        out += attribute(1, 0x0008_9006, u32(0x0001_0000))
        out += attribute(2, 0x0006_9002, u32(1) + u32(0xFFFF_FFFF) + [UInt8](repeating: 0, count: 6))
        out += attribute(2, 0x0001_8010, Array(name.utf8) + [0])
        out += attribute(2, 0x0006_800F, Array(data))
        return Data(out)
    }

    /// winmail.dat without tnef: refused by name, with the Debian package.
    @Test func tnefWithoutTheProgramIsRefusedByName() throws {
        let eml = Self.message(
            body: "Please find attached.", attachments: [("winmail.dat", "application/ms-tnef", Self.tnef(name: "c.txt", data: Data("x".utf8)))])
        #expect {
            try Intake.read(data: eml, name: "m.eml", options: try Self.options())
        } throws: { e in
            guard case EMLError.tnefMissing(_, let a, let pkg) = e else { return false }
            return a == "winmail.dat" && pkg == "tnef" && (e as? LocalizedError)?.errorDescription?.contains("apt-get install tnef") == true
        }
    }

    /// winmail.dat unpacked with Debian's tnef: its text file is the comments, the container listed.
    @Test(.enabled(if: Clients.runs(Clients.installed("tnef")), "tnef is missing (CRP_ALLOW_MISSING_CLIENTS=1)"))
    func tnefIsUnpackedWithTheTNEFProgram() throws {
        guard Clients.available("tnef", reason: "Debian package tnef unpacks winmail.dat") else { return }
        let text = try ReferenceTexts.text("peru-item3.es.txt")
        let eml = Self.message(
            body: "Please find attached the comments.",
            attachments: [("winmail.dat", "application/ms-tnef", Self.tnef(name: "peru-item3.es.txt", data: Data(text.utf8)))])
        let programs = Programs.locate(environment: ProcessInfo.processInfo.environment)
        let readers = ReaderRegistry.standard.with(tnef: TNEF.unpacker(programs: programs))
        let r = try Intake.read(data: eml, name: "m.eml", options: try Self.options(readers: readers))
        #expect(r.text == text)
        #expect(r.name == "peru-item3.es.txt")
        #expect(r.parts.map(\.name) == ["body", "winmail.dat", "peru-item3.es.txt"])
        #expect(r.parts[1].why.contains("unpacked with tnef"))
        #expect(r.parts.map(\.taken) == [false, false, true])
    }

    /// The registration records every part; verify replays the choice of --part body.
    @Test func partsAreRecordedAndVerifyReplaysTheChoice() throws {
        let eml = Self.message(body: Self.realBody, attachments: [("nv.docx", Self.docxType, try Self.noteVerbale())])
        let dir = try ReferenceTexts.tempDir("eml-parts")
        let store = try Store.create(
            at: dir.appendingPathComponent("ws"), paper: try PaperDefinition.load(ReferenceTexts.url("paper.yaml")), clock: TestRepository.clock)
        let catalog = try Self.catalog.get()
        let file = dir.appendingPathComponent("peru.eml")
        try eml.write(to: file)
        let registrar = Registrar(store: store, catalog: catalog)
        expectRefusal(EMLError.self, saying: ["peru.eml holds more than one part that could be the comments: body, nv.docx", "--part body"]) {
            try registrar.register(.init(file: file, state: "Peru", language: "en", items: [2], by: "t", options: try Self.options()))
        }
        #expect(try store.all().isEmpty)
        let (sub, _) = try registrar.register(.init(file: file, state: "Peru", language: "en", items: [2], by: "t", options: try Self.options(part: "body")))
        #expect(sub.record.parts?.map(\.name) == ["body", "nv.docx"])
        #expect(sub.record.parts?.map(\.taken) == [true, false])
        #expect(try Verifier(store: store, catalog: catalog, readers: .standard).verify().isEmpty)
    }
}
