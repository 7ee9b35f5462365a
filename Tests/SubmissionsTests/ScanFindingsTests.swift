import Foundation
import TestSupport
import Testing

/// Lines of ink OCR could not read, end to end with the built `crp`: they are stored as findings
/// with a crop, shown, checked by verify, and stop the OCR text from being confirmed as it is.
/// The scans are made here: a PDF set in Helvetica rendered at 300 dpi, with a scribble drawn
/// by ImageMagick where a signature or a handwritten line would be.
@Suite(.serialized) struct ScanFindingsTests {
    static let programs = ["tesseract", "pdftoppm", "convert"]
    static var runs: Bool { Clients.runs(programs.allSatisfy(Clients.installed)) }
    static let env = ["CRP_NOW": "2020-09-20T10:00:00Z"]

    /// A 300 dpi grey page: `lines` printed (none: a white page), then a scribble drawn at
    /// `scribbleAt` pixels from the top when given.
    static func scan(_ lines: [String], scribbleAt: Int?, name: String, in dir: URL) throws -> URL {
        let png = dir.appendingPathComponent(name)
        if lines.isEmpty {
            let p = try Proc.run("/usr/bin/env", ["convert", "-size", "2550x3300", "xc:white", "-colorspace", "Gray", png.path])
            #expect(p.ok, "\(p)")
        } else {
            let pdf = dir.appendingPathComponent(name + ".pdf")
            try ProofreadCLITests.pdf(lines).write(to: pdf)
            let p = try Proc.run("/usr/bin/env", ["pdftoppm", "-r", "300", "-gray", "-png", "-singlefile", pdf.path, png.deletingPathExtension().path])
            #expect(p.ok, "\(p)")
        }
        if let y = scribbleAt {
            let path = "M 400,\(y) C 500,\(y - 90) 600,\(y + 90) 700,\(y) S 900,\(y - 80) 1000,\(y + 20) S 1200,\(y - 40) 1400,\(y) S 1600,\(y - 90) 1800,\(y)"
            let p = try Proc.run(
                "/usr/bin/env", ["convert", png.path, "-stroke", "black", "-strokewidth", "7", "-fill", "none", "-draw", "path '\(path)'", png.path])
            #expect(p.ok, "\(p)")
        }
        return png
    }

    @Test(.enabled(if: runs))
    func anUnreadLineIsShownVerifiedAndStopsConfirmation() throws {
        guard Self.programs.allSatisfy({ Clients.available($0, reason: "OCR of scans") }) else { return }
        let ws = try CRP.tempDir("unread")
        let dir = try CRP.tempDir("unread-files")
        try CRP.initWorkspace(ws)
        let png = try Self.scan(
            ["Comments of Peru on agenda item 2.", "", "Peru supports technical assistance for the Convention."], scribbleAt: 1100, name: "peru.png",
            in: dir)
        let id = try CRP.ok(["register", png.path, "--state", "Peru", "--language", "en", "--item", "2"], in: ws, env: Self.env).out
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let text = try String(contentsOf: ws.appendingPathComponent("\(id)/text.txt"), encoding: .utf8)
        #expect(text.contains("Peru supports technical assistance"), "\(text)")
        let show = try CRP.ok(["show", id], in: ws).out
        #expect(show.contains("unread") && show.contains("page 1,") && show.contains("ocr-unread-p1-1.png"), "\(show)")
        let crop = ws.appendingPathComponent("\(id)/ocr-unread-p1-1.png")
        #expect(FileManager.default.fileExists(atPath: crop.path))
        // Confirming the OCR text as it is would drop the line: refused, and nothing changes.
        let events = try FileManager.default.contentsOfDirectory(atPath: ws.appendingPathComponent("\(id)/events").path).count
        let refused = try CRP.run(["proofread", id, "--workspace", ws.path], cwd: ws, env: Self.env)
        expectRefused(refused, saying: ["1 line of ink on the scan gave no text", "crp proofread \(id) FILE", "--force --reason", "Nothing was changed"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: ws.appendingPathComponent("\(id)/events").path).count == events)
        // The crop is a derived file verify knows: altered, it is reported.
        #expect(try CRP.verify(ws).problems.isEmpty)
        let bytes = try Data(contentsOf: crop)
        chmod(crop.path, 0o644)
        try Data("not the crop".utf8).write(to: crop)
        let v = try CRP.verify(ws)
        #expect(v.exit == CRPExit.refused && v.problems.contains { $0.file.hasSuffix("ocr-unread-p1-1.png") }, "\(v.raw)")
        try bytes.write(to: crop)
        #expect(try CRP.verify(ws).problems.isEmpty)
        // A signature, not text: confirmed with --force and a reason, recorded.
        try CRP.ok(["proofread", id, "--force", "--reason", "the line is the signature"], in: ws, env: Self.env)
        #expect(try CRP.ok(["log", id], in: ws).out.contains("confirmed with --force despite 1 unread line of ink"))
    }

    @Test(.enabled(if: runs))
    func handwritingIsRegisteredForTranscriptionAndABlankPageIsRefused() throws {
        guard Self.programs.allSatisfy({ Clients.available($0, reason: "OCR of scans") }) else { return }
        let ws = try CRP.tempDir("handwriting")
        let dir = try CRP.tempDir("handwriting-files")
        try CRP.initWorkspace(ws)
        let blank = try Self.scan([], scribbleAt: nil, name: "blank.png", in: dir)
        let b = try CRP.run(["register", blank.path, "--state", "Peru", "--language", "es", "--item", "2", "--workspace", ws.path], cwd: ws, env: Self.env)
        expectRefused(b, saying: ["blank.png", "no text found", "Nothing was stored"])
        #expect(try CRP.status(ws).isEmpty)
        let hand = try Self.scan([], scribbleAt: 900, name: "hand.png", in: dir)
        let r = try CRP.ok(["register", hand.path, "--state", "Peru", "--language", "es", "--item", "2"], in: ws, env: Self.env)
        #expect(r.err.contains("handwriting: no printed text was found"), "\(r.err)")
        let id = r.out.trimmingCharacters(in: .whitespacesAndNewlines)
        // The finding names the command with the submission's own id, in register's output and in show.
        #expect(r.err.contains("type the transcription with `crp proofread \(id) FILE`"), "\(r.err)")
        #expect(try CRP.ok(["show", id], in: ws).out.contains("crp proofread \(id) FILE"))
        // Nothing to confirm, even with --force: only a transcription is accepted.
        for extra in [[], ["--force", "--reason", "empty"]] {
            expectRefused(
                try CRP.run(["proofread", id, "--workspace", ws.path] + extra, cwd: ws, env: Self.env),
                saying: ["OCR read no text at all", "crp proofread \(id) FILE"])
        }
        let file = dir.appendingPathComponent("transcription.txt")
        try Data("El Perú apoya la asistencia técnica para la aplicación de la Convención.\n".utf8).write(to: file)
        try CRP.ok(["proofread", id, file.path], in: ws, env: Self.env)
        #expect(try CRP.ok(["show", id], in: ws).out.contains("corrected transcription"))
    }
}
