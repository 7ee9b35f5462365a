import Foundation
import Intake
import Secretariat
import Submissions
import TestSupport
import Testing

/// The proofreading step in the replay: OCR text needs it, a proofread event settles it for the
/// version it checked, a revision by OCR needs it again.
@Suite struct ProofreadingReplayTests {
    func record(ocr: Bool) -> SubmissionRecord {
        let extraction = ocr ? #", "extraction": {"method": "ocr", "tool": "tesseract", "version": "5.3.0", "model": "spa", "meanConfidence": 95}"# : ""
        let json = """
            {"id": "chile-20200918-0000aaaa", "state": "Chile", "language": "es", "items": [2], "received": "2020-09-18",
             "registeredAt": "2020-09-18T10:00:00Z", "registeredBy": "t",
             "original": {"file": "original.png", "receivedName": "scan.png", "sha256": "a", "bytes": 1, "kind": "image"\(extraction)}}
            """
        return try! JSONDecoder().decode(SubmissionRecord.self, from: Data(json.utf8))
    }

    func event(_ a: Event.Action, transcription: String? = nil, version: Int? = nil, revision: OriginalVersion? = nil) -> Event {
        Event(action: a, at: "2020-09-18T10:00:00Z", by: "t", revision: revision, transcription: transcription, version: version)
    }

    @Test func ocrTextNeedsProofreadingUntilAProofreadEvent() {
        let r0 = Replay.replay(record(ocr: true), events: [event(.registered)], paperLanguage: "en")
        #expect(r0.needsProofreading)
        #expect(Status.display(r0.status, needsProofreading: r0.needsProofreading) == "received (proofread first)")
        let r1 = Replay.replay(record(ocr: true), events: [event(.registered), event(.proofread, version: 1)], paperLanguage: "en")
        #expect(!r1.needsProofreading)
        #expect(r1.transcription == nil)
        let r2 = Replay.replay(
            record(ocr: true), events: [event(.registered), event(.proofread, transcription: "proofread/x/", version: 1)], paperLanguage: "en")
        #expect(r2.transcription == "proofread/x/")
        #expect(!Replay.replay(record(ocr: false), events: [event(.registered)], paperLanguage: "en").needsProofreading)
    }

    @Test func anEnglishOCROriginalIsNotTranslatedUntilProofread() {
        var rec = record(ocr: true)
        rec.language = "en"
        #expect(Replay.replay(rec, events: [event(.registered)], paperLanguage: "en").status == .received)
        #expect(Replay.replay(rec, events: [event(.registered), event(.proofread, version: 1)], paperLanguage: "en").status == .translated)
    }

    @Test func aRevisionReadByOCRNeedsProofreadingAgainAndAnOldProofreadingDoesNotCount() {
        let v2 = OriginalVersion(number: 2, received: try! CalendarDate(iso: "2020-09-20"), file: record(ocr: true).original)
        let events = [event(.registered), event(.proofread, transcription: "proofread/a/", version: 1), event(.revised, revision: v2)]
        let r = Replay.replay(record(ocr: true), events: events, paperLanguage: "en")
        #expect(r.needsProofreading)
        #expect(r.transcription == nil, "the transcription of version 1 is not the text of version 2")
        let stale = Replay.replay(record(ocr: true), events: events + [event(.proofread, version: 1)], paperLanguage: "en")
        #expect(stale.needsProofreading, "a proofreading of version 1 says nothing of version 2")
        #expect(!Replay.replay(record(ocr: true), events: events + [event(.proofread, version: 2)], paperLanguage: "en").needsProofreading)
    }

    /// Events written before transcriptions had their hash recorded still decode and replay.
    @Test func aProofreadEventWithoutTheTranscriptionHashStillReplays() throws {
        let old = #"{"action": "proofread", "at": "2020-09-19T10:00:00Z", "by": "t", "transcription": "proofread/x/", "version": 1}"#
        let e = try JSONDecoder().decode(Event.self, from: Data(old.utf8))
        #expect(e.transcriptionSHA256 == nil)
        let r = Replay.replay(record(ocr: true), events: [event(.registered), e], paperLanguage: "en")
        #expect(!r.needsProofreading)
        #expect(r.transcription == "proofread/x/")
        let again = try JSONDecoder().decode(
            Event.self,
            from: Store.encode(
                Event(
                    action: .proofread, at: "2020-09-19T10:00:00Z", by: "t",
                    transcription: "proofread/x/", version: 1, transcriptionSHA256: "ab")))
        #expect(again.transcriptionSHA256 == "ab")
    }
}

/// `crp register` of a scan, then `crp proofread`, end to end with the built binary. The scan is
/// made here: a PDF set in a base-14 font, rendered at 300 dpi by pdftoppm.
@Suite(.serialized) struct ProofreadCLITests {
    static let programs = ["tesseract", "pdftoppm", "pdftotext", "pdfinfo"]
    static var runs: Bool { Clients.runs(programs.allSatisfy(Clients.installed)) }

    /// A one-page PDF with `lines` in Helvetica (pdftoppm substitutes a metric-compatible font).
    static func pdf(_ lines: [String]) -> Data {
        HostileFormats.pdf(objects: [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            HostileFormats.stream("BT /F1 14 Tf 72 720 Td 18 TL " + lines.map { "(\($0)) Tj T* " }.joined() + "ET"),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ])
    }

    /// A scan registered in the wrong language was read with the wrong OCR model: correcting the
    /// language reads it again with the right one (before anything is stored), records both
    /// readings in the amendment, and the text must still be proofread.
    @Test(.enabled(if: runs))
    func amendingTheLanguageOfAScanReadsItAgainWithTheRightModel() throws {
        guard Self.programs.allSatisfy({ Clients.available($0, reason: "OCR and PDF intake") }) else { return }
        let ws = try CRP.tempDir("reread")
        let scratch = try CRP.tempDir("reread-files")
        try CRP.initWorkspace(ws)
        // French with accents, in WinAnsi octal escapes: "être", "simplifiées", "à".
        let lines = [
            "Le Mali estime que les proc\\351dures d'extradition simplifi\\351es doivent \\352tre",
            "encourag\\351es, \\340 condition que la personne r\\351clam\\351e donne son consentement.",
            "", "La double incrimination ne devrait pas \\352tre interpr\\351t\\351e de fa\\347on restrictive.",
        ]
        let source = scratch.appendingPathComponent("mali.pdf")
        try HostileFormats.pdf(objects: [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            HostileFormats.stream("BT /F1 13 Tf 60 720 Td 18 TL " + lines.map { "(\($0)) Tj T* " }.joined() + "ET"),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        ]).write(to: source)
        let p = try Proc.run(
            "/usr/bin/env", ["pdftoppm", "-r", "300", "-gray", "-png", "-singlefile", source.path, scratch.appendingPathComponent("mali").path])
        #expect(p.ok, "\(p)")
        let id = try CRP.ok(["register", scratch.appendingPathComponent("mali.png").path, "--state", "Mali", "--language", "es", "--item", "2"], in: ws).out
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let textFile = ws.appendingPathComponent(id).appendingPathComponent("text.txt")
        let spanish = try String(contentsOf: textFile, encoding: .utf8)
        #expect(try CRP.ok(["show", id], in: ws).out.contains("(spa)"))
        let r = try CRP.ok(["amend", id, "--language", "fr", "--reason", "the letter is in French"], in: ws)
        #expect(r.out.contains("read again by OCR with the fra model (was spa)"), "\(r.out)")
        let french = try String(contentsOf: textFile, encoding: .utf8)
        #expect(french != spanish, "the French model reads the scan differently")
        // The French model reads the accented words the letter is full of (at least three of five).
        let accented = ["être", "procédures", "simplifiées", "réclamée", "façon"].filter { french.contains($0) }
        #expect(accented.count >= 3, "\(accented): \(french)")
        let show = try CRP.ok(["show", id], in: ws).out
        #expect(show.contains("(fra)"), "\(show)")
        #expect(show.contains("proofread first"), "\(show)")
        #expect(try CRP.ok(["log", id], in: ws).out.contains("read again by OCR"))
        // The original is untouched and everything derived agrees with it.
        try CRP.ok(["verify"], in: ws)
        // export --all skips the scan until it is proofread, and exports the rest.
        let peru = Repo.root.appendingPathComponent("Tests/Fixtures/ctoc-cop-2020/peru-item2.es.txt").path
        try CRP.ok(["register", peru, "--state", "Peru", "--language", "es", "--item", "2"], in: ws)
        let out = scratch.appendingPathComponent("xliff")
        let export = try CRP.ok(["export", "--all", "--format", "xliff2", "--output", out.path], in: ws)
        #expect(export.err.contains("skipped \(id): its text was read by OCR and is not yet proofread"), "\(export.err)")
        let written = try FileManager.default.contentsOfDirectory(atPath: out.path)
        #expect(written.count == 1 && written[0].hasPrefix("peru-"), "\(written)")
        // A refused amendment (no reason) changes nothing.
        let before = try Data(contentsOf: textFile)
        let refused = try CRP.run(["amend", id, "--language", "es", "--workspace", ws.path], cwd: ws)
        expectRefused(refused, code: CRPExit.usage, saying: ["--reason"])
        #expect(try Data(contentsOf: textFile) == before)
    }

    /// `verify --repair` re-reads stored PDFs and scans with no limits (they were accepted when
    /// registered): a damaged text is rebuilt, with no crash (the size caps once overflowed).
    @Test(.enabled(if: runs))
    func verifyRepairsTheTextOfAPDFAndOfAScan() throws {
        guard Self.programs.allSatisfy({ Clients.available($0, reason: "OCR and PDF intake") }) else { return }
        let ws = try CRP.tempDir("repair-pdf")
        let scratch = try CRP.tempDir("repair-pdf-files")
        try CRP.initWorkspace(ws)
        let letter = scratch.appendingPathComponent("letter.pdf")
        try Self.pdf(["Comments of Peru on agenda item 2.", "", "Peru supports technical assistance for the Convention."]).write(to: letter)
        let scanSource = scratch.appendingPathComponent("scan-source.pdf")
        try Self.pdf(["Comments of Chile on agenda item 2.", "", "Chile calls for stronger cooperation between central authorities."]).write(to: scanSource)
        let p = try Proc.run(
            "/usr/bin/env", ["pdftoppm", "-r", "300", "-gray", "-png", "-singlefile", scanSource.path, scratch.appendingPathComponent("scan").path])
        #expect(p.ok, "\(p)")
        var texts: [URL: Data] = [:]
        for (file, state) in [(letter, "Peru"), (scratch.appendingPathComponent("scan.png"), "Chile")] {
            let id = try CRP.ok(["register", file.path, "--state", state, "--language", "en", "--item", "2"], in: ws).out
                .trimmingCharacters(in: .whitespacesAndNewlines)
            let text = ws.appendingPathComponent(id).appendingPathComponent("text.txt")
            texts[text] = try Data(contentsOf: text)
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: text.path)
            try (texts[text]! + Data("damaged\n".utf8)).write(to: text)
        }
        let damaged = try CRP.run(["verify", "--workspace", ws.path], cwd: ws)
        #expect(!damaged.ok, "the damage is found: \(damaged)")
        let repair = try CRP.run(["verify", "--repair", "--workspace", ws.path], cwd: ws)
        #expect(repair.ok, "\(repair)")
        #expect(!repair.err.contains("runtime failure"), "\(repair)")
        for (url, original) in texts { #expect(try Data(contentsOf: url) == original, "\(url.path) rebuilt") }
        try CRP.ok(["verify"], in: ws)
    }

    @Test(.enabled(if: runs))
    func aScanIsProofreadBeforeItGoesAnywhere() throws {
        guard Self.programs.allSatisfy({ Clients.available($0, reason: "OCR and PDF intake") }) else { return }
        let ws = try CRP.tempDir("proofread")
        let scratch = try CRP.tempDir("proofread-files")
        try CRP.initWorkspace(ws)
        // A PDF with a text layer: read as text, no proofreading.
        let letter = scratch.appendingPathComponent("letter.pdf")
        try Self.pdf(["Comments of Peru on agenda item 2.", "", "Peru supports technical assistance for the Convention."]).write(to: letter)
        let idPDF = try CRP.ok(["register", letter.path, "--state", "Peru", "--language", "en", "--item", "2"], in: ws).out
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let showPDF = try CRP.ok(["show", idPDF, "--logical"], in: ws).out
        #expect(showPDF.contains("text layer read by pdftotext"))
        #expect(showPDF.contains("Peru supports technical assistance for the Convention."))
        // A scan of another letter.
        let scanPDF = scratch.appendingPathComponent("scan-source.pdf")
        try Self.pdf(["Comments of Chile on agenda item 2.", "", "Chile calls for stronger cooperation between central authorities."]).write(to: scanPDF)
        let p = try Proc.run(
            "/usr/bin/env", ["pdftoppm", "-r", "300", "-gray", "-png", "-singlefile", scanPDF.path, scratch.appendingPathComponent("scan").path])
        #expect(p.ok, "\(p)")
        let png = scratch.appendingPathComponent("scan.png")
        let id = try CRP.ok(["register", png.path, "--state", "Chile", "--language", "en", "--item", "2"], in: ws).out
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let show = try CRP.ok(["show", id, "--logical"], in: ws).out
        #expect(show.contains("OCR by tesseract"), "\(show)")
        #expect(show.contains("mean confidence"))
        #expect(show.contains("low conf."))
        #expect(show.contains("Chile calls for stronger cooperation"), "\(show)")
        let table = try CRP.ok(["status"], in: ws).out
        #expect(table.contains("received (proofread first)"), "\(table)")
        // Nothing passes it on before proofreading; nothing changes on refusal.
        let before = StoreSnapshot.take(ws)
        for args in [["review", id]] {
            let r = try CRP.run(args + ["--workspace", ws.path], cwd: ws)
            expectRefused(r, code: CRPExit.refused, saying: ["proofread"])
        }
        #expect(StoreSnapshot.take(ws) == before)
        let paper = try CRP.ok(["compile", "--all", "--format", "md"], in: ws)
        #expect(!paper.out.contains("Chile calls for"), "OCR text is not printed before proofreading")
        #expect(paper.out.contains("Peru supports technical assistance"))
        // A corrected transcription becomes the text.
        let wordsOCR = try #require(try CRP.status(ws).first { $0.id == id }).words
        let fixed = scratch.appendingPathComponent("fixed.txt")
        let corrected =
            "Comments of Chile on agenda item 2.\n\nChile calls for much stronger cooperation between central authorities.\n\n"
            + "Chile also asks that the technical assistance programmes of the Secretariat be reviewed in every region before the next session.\n"
        try Data(corrected.utf8).write(to: fixed)
        try CRP.ok(["proofread", id, fixed.path, "--by", "Reviewer"], in: ws)
        // Counts follow the corrected text: status, workload and show.
        let expectedWords = try Analyzer.analyze(text: corrected, language: "en", expectedScripts: ["Latn"], source: "x").words
        let wordsNow = try #require(try CRP.status(ws).first { $0.id == id }).words
        #expect(wordsNow == expectedWords, "status counts the corrected transcription: \(wordsNow), expected \(expectedWords) (OCR text: \(wordsOCR))")
        #expect(wordsNow > wordsOCR + 15)
        #expect(try CRP.ok(["show", id, "--logical"], in: ws).out.contains("words       \(expectedWords) "), "show counts the corrected text")
        // The event records the transcription's SHA-256.
        let shown = try JSONSerialization.jsonObject(with: CRP.ok(["show", id, "--json"], in: ws).stdout) as? [String: Any]
        let proofreadEvent = try #require((shown?["events"] as? [[String: Any]])?.first { $0["action"] as? String == "proofread" })
        let folder = try #require(proofreadEvent["transcription"] as? String)
        let transcription = ws.appendingPathComponent(id).appendingPathComponent(folder + "text.txt")
        #expect(proofreadEvent["transcriptionSHA256"] as? String == FileIO.sha256(try Data(contentsOf: transcription)))
        #expect(try CRP.ok(["show", id, "--logical"], in: ws).out.contains("much stronger cooperation"))
        #expect(try CRP.ok(["status"], in: ws).out.contains("received (proofread first)") == false)
        try CRP.ok(["review", id], in: ws)
        #expect(try CRP.ok(["compile", "--format", "md"], in: ws).out.contains("much stronger cooperation"))
        let log = try CRP.ok(["log", id], in: ws).out
        #expect(log.contains("proofread  by Reviewer  corrected transcription proofread/"), "\(log)")
        // verify checks the OCR text against the hash recorded at registration, and repairs it by reading the scan again.
        #expect(try CRP.verify(ws).problems.isEmpty)
        let text = ws.appendingPathComponent(id).appendingPathComponent("text.txt")
        try Data("tampered\n".utf8).write(to: text)
        #expect(try CRP.verify(ws).problems.contains { $0.description.contains("text.txt") })
        _ = try CRP.verify(ws, repair: true)
        #expect(try CRP.verify(ws).problems.isEmpty)
        // A changed transcription is reported like a changed original, and repair does not touch it.
        let good = try Data(contentsOf: transcription)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: transcription.path)
        try Data(corrected.replacingOccurrences(of: "much stronger", with: "weaker").utf8).write(to: transcription)
        let altered = try CRP.verify(ws).problems
        #expect(altered.contains { $0.file.hasSuffix(folder + "text.txt") && $0.problem.contains("altered") && !$0.repairable }, "\(altered)")
        _ = try CRP.verify(ws, repair: true)
        #expect(try CRP.verify(ws).problems.contains { $0.file.hasSuffix(folder + "text.txt") }, "repair never rewrites a transcription")
        try good.write(to: transcription)
        #expect(try CRP.verify(ws).problems.isEmpty)
        // A store written before the hash and the transcription's analysis were kept (and before
        // the history was chained: no links, no anchor): the event without the hash replays, verify
        // finds the missing analysis and repair rebuilds it.
        let eventsDir = ws.appendingPathComponent(id).appendingPathComponent("events")
        for name in try FileManager.default.contentsOfDirectory(atPath: eventsDir.path) {
            let url = eventsDir.appendingPathComponent(name)
            guard var obj = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] else { continue }
            obj.removeValue(forKey: "after")
            if obj["action"] as? String == "proofread" { obj.removeValue(forKey: "transcriptionSHA256") }
            try JSONSerialization.data(withJSONObject: obj).write(to: url)
        }
        try? FileManager.default.removeItem(at: ws.appendingPathComponent(".crp/heads"))
        try FileManager.default.removeItem(at: transcription.deletingLastPathComponent().appendingPathComponent("analysis.json"))
        #expect(try CRP.ok(["show", id, "--logical"], in: ws).out.contains("much stronger cooperation"))
        let old = try CRP.verify(ws).problems
        #expect(old.count == 1 && old.first?.file.hasSuffix(folder + "analysis.json") == true && old.first?.repairable == true, "\(old)")
        _ = try CRP.verify(ws, repair: true)
        #expect(try CRP.verify(ws).problems.isEmpty)
        #expect(try #require(try CRP.status(ws).first { $0.id == id }).words == expectedWords)
        // A second proofreading of a text that needs none is refused.
        let r = try CRP.run(["proofread", idPDF, "--workspace", ws.path], cwd: ws)
        expectRefused(r, code: CRPExit.refused, saying: ["nothing to proofread"])
        // A revision read from a PDF records its extraction for the new version.
        let letter2 = scratch.appendingPathComponent("letter2.pdf")
        try Self.pdf(["Revised comments of Peru on agenda item 2.", "", "Peru supports technical assistance in every region."]).write(to: letter2)
        let revised = try CRP.ok(["revise", idPDF, letter2.path], in: ws)
        #expect(revised.err.contains("extraction: text layer read by pdftotext"), "\(revised)")
        #expect(try CRP.ok(["show", idPDF, "--logical", "--text-version", "2"], in: ws).out.contains("extraction  text layer read by pdftotext"))
        let revisedJSON = try JSONSerialization.jsonObject(with: CRP.ok(["show", idPDF, "--json"], in: ws).stdout) as? [String: Any]
        let v2 = (revisedJSON?["versions"] as? [[String: Any]])?.last?["file"] as? [String: Any]
        #expect((v2?["extraction"] as? [String: Any])?["method"] as? String == "text-layer", "\(v2 ?? [:])")
        #expect(try CRP.verify(ws).problems.isEmpty)
    }

    /// A scan registered for Chile in English (rendered here by pdftoppm); returns the id.
    static func registerScan(in ws: URL, scratch: URL) throws -> String {
        let scanPDF = scratch.appendingPathComponent("scan-source.pdf")
        try pdf(["Comments of Chile on agenda item 2.", "", "Chile calls for stronger cooperation between central authorities."]).write(to: scanPDF)
        let p = try Proc.run(
            "/usr/bin/env", ["pdftoppm", "-r", "300", "-gray", "-png", "-singlefile", scanPDF.path, scratch.appendingPathComponent("scan").path])
        if !p.ok { throw HarnessError("pdftoppm failed: \(p)") }
        return try CRP.ok(["register", scratch.appendingPathComponent("scan.png").path, "--state", "Chile", "--language", "en", "--item", "2"], in: ws).out
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Ctrl-C while Tesseract reads a scan: crp stops the programs it started (each in its own
    /// process group, which the terminal's Ctrl-C does not reach), removes the private folder
    /// holding the page images, exits 130, and the store is as it was.
    @Test(.enabled(if: runs))
    func ctrlCDuringOCRLeavesNoCopyOfTheScanBehind() throws {
        guard Self.programs.allSatisfy({ Clients.available($0, reason: "OCR and PDF intake") }) else { return }
        let ws = try CRP.tempDir("ocr-interrupted")
        let scratch = try CRP.tempDir("ocr-interrupted-files")
        let tmp = scratch.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        try CRP.initWorkspace(ws)
        let scanPDF = scratch.appendingPathComponent("scan-source.pdf")
        try Self.pdf(["Comments of Chile on agenda item 2.", "", "Chile calls for stronger cooperation between central authorities."]).write(to: scanPDF)
        let p = try Proc.run("pdftoppm", ["-r", "300", "-gray", "-png", "-singlefile", scanPDF.path, scratch.appendingPathComponent("scan").path])
        #expect(p.ok, "pdftoppm: \(p.err)")
        let before = StoreSnapshot.take(ws)
        let crp = try CRPRunner.spawn(
            ["register", scratch.appendingPathComponent("scan.png").path, "--state", "Chile", "--language", "en", "--item", "2", "--workspace", ws.path],
            cwd: ws, env: ["TMPDIR": tmp.path])
        func intakeFolders() -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: tmp.path)) ?? []).filter { $0.hasPrefix("crp-intake-") } }
        var started = false
        for _ in 0..<1200 where !started {
            started = !intakeFolders().isEmpty
            if !started { usleep(25_000) }
        }
        #expect(started, "the conversion never started")
        crp.kill(SIGINT)
        let r = crp.wait(timeout: 60)
        #expect(r.exitCode == 130, "\(r)")
        #expect(intakeFolders().isEmpty, "a copy of the scan was left in \(tmp.path): \(intakeFolders())")
        // A program killed with SIGKILL can take a moment to be gone from the process table.
        var left = try Proc.run("pgrep", ["-f", tmp.path])
        for _ in 0..<30 where !left.out.isEmpty {
            usleep(100_000)
            left = try Proc.run("pgrep", ["-f", tmp.path])
        }
        #expect(left.out.isEmpty, "a program crp started is still running: \(left.out)")
        #expect(StoreSnapshot.take(ws) == before)
    }

    /// A transcription in another script is refused with the file named and an override proofread
    /// really has (recorded); proofreading again says what it replaces, truthfully.
    @Test(.enabled(if: runs))
    func proofreadingRefusesAnotherScriptOffersForceAndSaysWhatItReplaces() throws {
        guard Self.programs.allSatisfy({ Clients.available($0, reason: "OCR and PDF intake") }) else { return }
        let ws = try CRP.tempDir("proofread-again")
        let scratch = try CRP.tempDir("proofread-again-files")
        try CRP.initWorkspace(ws)
        let id = try Self.registerScan(in: ws, scratch: scratch)
        let cyrillic = scratch.appendingPathComponent("perevod.txt")
        try Data("Комментарии Чили по пункту 2 повестки дня о сотрудничестве центральных органов.\n".utf8).write(to: cyrillic)
        let before = StoreSnapshot.take(ws)
        var r = try CRP.run(["proofread", id, cyrillic.path, "--workspace", ws.path], cwd: ws)
        #expect(r.exitCode == 1 && r.err.contains("perevod.txt") && r.err.contains("Nothing was stored") && r.err.contains("--force --reason"), "\(r)")
        #expect(!r.err.contains("Check --language") && r.err.contains("crp amend \(id) --language"), "proofread has no --language: \(r.err)")
        #expect(StoreSnapshot.take(ws) == before)
        // Another language in the same script (a Spanish text for this English scan) is not its
        // transcription either.
        r = try CRP.run(["proofread", id, Repo.fixture("peru-item2.es.txt").path, "--workspace", ws.path], cwd: ws)
        expectRefused(r, code: 1, saying: ["reads as Spanish, not English", "not the transcription of \(id)", "Nothing was stored", "--force --reason"])
        #expect(StoreSnapshot.take(ws) == before)
        r = try CRP.run(["proofread", id, cyrillic.path, "--force", "--workspace", ws.path], cwd: ws)
        expectRefused(r, code: CRPExit.usage, saying: ["--reason"])
        #expect(StoreSnapshot.take(ws) == before)
        r = try CRP.ok(["proofread", id, cyrillic.path, "--force", "--reason", "the scan is of the Russian version"], in: ws)
        #expect(!r.err.contains("replaces"), "a first proofreading replaces nothing: \(r.err)")
        let log = try CRP.ok(["log", id], in: ws).out
        #expect(log.contains("--force") && log.contains("the scan is of the Russian version"), "\(log)")

        // Confirming the OCR text now makes it the text again: said, with the transcription kept.
        r = try CRP.ok(["proofread", id], in: ws)
        #expect(r.err.contains("The OCR text is confirmed and is again the text used, instead of the corrected transcription stored on 20"), "\(r.err)")
        #expect(r.err.contains("which stays stored") && r.err.contains("crp log \(id)"), "\(r.err)")
        #expect(try CRP.ok(["show", id, "--logical"], in: ws).out.contains("Chile calls for"), "the OCR text is the text again")
        r = try CRP.ok(["proofread", id], in: ws)
        #expect(r.err.contains("The OCR text was confirmed again; it was already confirmed on 20"), "\(r.err)")
        let fixed = scratch.appendingPathComponent("fixed.txt")
        try Data("Comments of Chile on agenda item 2.\n\nChile calls for much stronger cooperation between central authorities.\n".utf8).write(to: fixed)
        r = try CRP.ok(["proofread", id, fixed.path], in: ws)
        #expect(r.err.contains("The corrected transcription (proofread/") && r.err.contains("replaces the confirmation of the OCR text on 20"), "\(r.err)")
        // What the proofreader changed is said in figures: the words of the OCR reading kept.
        #expect(r.err.contains("The corrected transcription keeps ") && r.err.contains("words the OCR read"), "\(r.err)")
        #expect(try CRP.verify(ws).problems.isEmpty)
    }
}

/// `crp verify` checks the derived text of the current version where it is stored
/// (`versions/<n>/text.txt` after a revision), not the first version's.
@Suite struct VerifyAfterRevisionTests {
    @Test func aRevisedSubmissionVerifiesClean() throws {
        let ws = try CRP.tempDir("verify-revised")
        let scratch = try CRP.tempDir("verify-revised-files")
        try CRP.initWorkspace(ws)
        let id = try CRP.register("Comentarios del Perú, primera versión.\n", state: "Peru", in: ws, scratch: scratch)
        let v2 = scratch.appendingPathComponent("v2.txt")
        try Data("Comentarios del Perú, versión revisada.\n".utf8).write(to: v2)
        try CRP.ok(["revise", id, v2.path], in: ws)
        let v = try CRP.verify(ws)
        #expect(v.problems.isEmpty, "\(v.raw)")
        let first = try String(contentsOf: ws.appendingPathComponent(id).appendingPathComponent("text.txt"), encoding: .utf8)
        _ = try CRP.verify(ws, repair: true)
        #expect(
            try String(contentsOf: ws.appendingPathComponent(id).appendingPathComponent("text.txt"), encoding: .utf8) == first,
            "repair leaves the first version's text alone")
    }
}
