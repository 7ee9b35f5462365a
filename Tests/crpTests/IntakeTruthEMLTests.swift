import Foundation
import TestSupport
import Testing

/// Issue 25, point 1: an e-mail whose body is the comments. A phrase alone never makes a long
/// body a cover note; a body of real paragraphs beside a document is refused as ambiguous and
/// `--part body` takes it; a short cover note beside a Word file still gives the Word file.
@Suite(.serialized) struct IntakeTruthEMLTests {
    /// 138 words: a courtesy phrase of es.yaml ("tiene el honor de transmitir"), then the comments.
    static let spanishBody = """
        La Misión Permanente de México ante las Naciones Unidas saluda atentamente a la Secretaría y \
        tiene el honor de transmitir los siguientes comentarios sobre el tema 2 del programa provisional.

        México considera que la cooperación internacional en materia penal debe fortalecerse mediante \
        el intercambio oportuno de información entre las autoridades centrales, y propone que la \
        Conferencia aliente a los Estados a designar puntos de contacto disponibles en todo momento.

        Asimismo, México recomienda que la Secretaría siga actualizando el portal de gestión de \
        conocimientos con legislación y jurisprudencia en todos los idiomas oficiales, de modo que \
        los profesionales puedan consultarlo con confianza y comparar las prácticas de otros Estados.

        Por último, México subraya la importancia de la asistencia técnica a los países en desarrollo \
        y pide que se asignen recursos suficientes y previsibles para ello en el próximo bienio.
        """

    /// A one-page PDF with a text layer, written by hand (Helvetica, one line).
    static func pdf(_ line: String) -> Data {
        let content = "BT /F1 12 Tf 72 720 Td (\(line)) Tj ET"
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        var out = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (i, o) in objects.enumerated() {
            offsets.append(out.utf8.count)
            out += "\(i + 1) 0 obj\n\(o)\nendobj\n"
        }
        let xref = out.utf8.count
        out += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for o in offsets { out += String(format: "%010d 00000 n \n", o) }
        out += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Data(out.utf8)
    }

    static func message(body: String, attachment name: String, type: String, data: Data) -> Data {
        let b64 = { (d: Data) in d.base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed]) }
        let s = """
            From: Mision <mision@example.org>\r
            Subject: Comentarios\r
            MIME-Version: 1.0\r
            Content-Type: multipart/mixed; boundary="b1"\r
            \r
            --b1\r
            Content-Type: text/plain; charset=utf-8\r
            Content-Transfer-Encoding: base64\r
            \r
            \(b64(Data(body.utf8)))\r
            --b1\r
            Content-Type: \(type); name="\(name)"\r
            Content-Disposition: attachment; filename="\(name)"\r
            Content-Transfer-Encoding: base64\r
            \r
            \(b64(data))\r
            --b1--\r

            """
        return Data(s.utf8)
    }

    static func workspace(_ tag: String) throws -> URL {
        let ws = try CLI.tempDir(tag).appendingPathComponent("paper")
        let r = try CLI.run(["init", ws.path, "--from", CLI.fixtures.appendingPathComponent("paper.yaml").path])
        #expect(r.status == 0, "\(r.err)")
        return ws
    }

    @Test func longSpanishBodyWithACourtesyPhraseIsNotACoverNote() throws {
        let words = Self.spanishBody.split(whereSeparator: { $0.isWhitespace }).count
        #expect(words == 138)
        let ws = try Self.workspace("eml-honour")
        let file = ws.deletingLastPathComponent().appendingPathComponent("mexico.eml")
        try Self.message(
            body: Self.spanishBody, attachment: "nota verbal.pdf", type: "application/pdf",
            data: Self.pdf("Note verbale 2020/123")
        ).write(to: file)
        let before = CLI.snapshot(ws)
        let register = ["register", file.path, "--state", "Mexico", "--language", "es", "--item", "2", "--received", "2020-09-20"]
        var r = try CLI.run(register, cwd: ws)
        #expect(r.status == 1, "\(r.out)\(r.err)")
        #expect(r.err.contains("mexico.eml") && r.err.contains("body, nota verbal.pdf") && r.err.contains("--part"), "\(r.err)")
        #expect(CLI.snapshot(ws) == before, "a refused registration changed the store")

        r = try CLI.run(register + ["--part", "body"], cwd: ws)
        #expect(r.status == 0, "\(r.err)")
        #expect(!r.err.contains("cannot be read"), "\(r.err)")
        let id = r.out.trimmingCharacters(in: .whitespacesAndNewlines)
        r = try CLI.run(["show", id, "--logical"], cwd: ws)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("taken body (text/plain body): the comments, chosen with --part body"), "\(r.out)")
        #expect(r.out.contains("left  nota verbal.pdf"), "\(r.out)")
        #expect(r.out.contains("designar puntos de contacto disponibles en todo momento"), "\(r.out)")
        #expect(try CLI.run(["verify"], cwd: ws).status == 0)
    }

    @Test func shortFrenchCoverNoteStillGivesTheWordFile() throws {
        guard WordFile.available() else { return }
        let ws = try Self.workspace("eml-cover")
        let docx = ws.deletingLastPathComponent().appendingPathComponent("commentaires.docx")
        let word = try WordFile.make(paragraphs: ["La France propose que la Conférence encourage les États à partager leur législation."])
        try word.write(to: docx)
        let file = ws.deletingLastPathComponent().appendingPathComponent("france.eml")
        let note = "Madame, Monsieur,\n\nVeuillez trouver ci-joint les commentaires de la France sur le point 2.\n\nCordialement,\nLa Mission permanente"
        try Self.message(
            body: note, attachment: "commentaires.docx",
            type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", data: word
        ).write(to: file)
        var r = try CLI.run(["register", file.path, "--state", "France", "--language", "fr", "--item", "2", "--received", "2020-09-20"], cwd: ws)
        #expect(r.status == 0, "\(r.err)")
        let id = r.out.trimmingCharacters(in: .whitespacesAndNewlines)
        r = try CLI.run(["show", id, "--logical"], cwd: ws)
        #expect(r.out.contains("left  body") && r.out.contains("cover note"), "\(r.out)")
        #expect(r.out.contains("taken commentaires.docx"), "\(r.out)")
        #expect(r.out.contains("partager leur législation"), "\(r.out)")
    }
}
