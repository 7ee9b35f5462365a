import Foundation
import TestSupport
import Testing

/// Issue 25, the output side: what the paper says about a State's text and how it prints it,
/// checked through the built `crp` on files the tests make.
@Suite(.serialized) struct PaperTruthCLITests {
    /// A workspace of the reference paper (English) and a folder for the files "received".
    struct Desk {
        let dir: URL, ws: URL, inbox: URL
        init(_ tag: String, paper: URL? = nil) throws {
            dir = try CLI.tempDir(tag)
            ws = dir.appendingPathComponent("paper")
            inbox = dir.appendingPathComponent("in")
            try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
            let r = try CLI.run(["init", ws.path, "--from", (paper ?? CLI.fixtures.appendingPathComponent("paper.yaml")).path])
            if r.status != 0 { throw HarnessError("crp init failed: \(r)") }
        }

        func file(_ name: String, _ text: String) throws -> URL {
            let u = inbox.appendingPathComponent(name)
            try Data(text.utf8).write(to: u)
            return u
        }

        @discardableResult
        func crp(_ args: [String], env: [String: String] = [:]) throws -> ProcResult {
            try CLI.run(args, cwd: ws, env: ["CRP_NOW": "2020-10-01T09:00:00Z"].merging(env) { $1 })
        }

        @discardableResult
        func ok(_ args: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> ProcResult {
            let r = try crp(args)
            #expect(r.status == 0, "crp \(args.joined(separator: " ")): \(r)", sourceLocation: sourceLocation)
            if r.status != 0 { throw HarnessError("crp \(args.joined(separator: " ")) failed: \(r)") }
            return r
        }

        func register(
            _ name: String, _ text: String, state: [String], language: String, item: String = "2",
            received: String = "2020-09-20", extra: [String] = []
        ) throws -> String {
            try ok(
                ["register", try file(name, text).path] + state.flatMap { ["--state", $0] }
                    + ["--language", language, "--item", item, "--received", received] + extra
            )
            .out.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        /// `crp export ID --format xliff2`, every segment given the next of `sentences` as its
        /// target (as a CAT tool would), written back; returns the file.
        func exportAndFill(_ id: String, sentences: [String], format: String = "xliff2") throws -> URL {
            let out = dir.appendingPathComponent("out-\(id)")
            try ok(["export", id, "--format", format, "--output", out.path])
            let url = out.appendingPathComponent("\(id).\(format == "xliff2" ? "xlf" : "xliff")")
            var xml = try String(contentsOf: url, encoding: .utf8)
            var k = 0
            if format == "xliff2" {
                var result = ""
                while let r = xml.range(of: "</source>\n   </segment>") {
                    result += xml[..<r.lowerBound] + "</source>\n    <target>\(sentences[k])</target>\n   </segment>"
                    k += 1
                    xml = String(xml[r.upperBound...])
                }
                xml = result + xml
            } else {
                // XLIFF 1.2: a target made of the seg-source with each marker's text replaced.
                var result = ""
                while let s = xml.range(of: "<seg-source>"), let e = xml.range(of: "</seg-source>", range: s.upperBound..<xml.endIndex) {
                    var seg = String(xml[s.upperBound..<e.lowerBound])
                    var target = ""
                    while let m = seg.range(of: "<mrk mtype=\"seg\" mid=\""), let close = seg.range(of: "</mrk>", range: m.upperBound..<seg.endIndex) {
                        let head = seg[m.lowerBound...].prefix { $0 != ">" }
                        target += seg[..<m.lowerBound] + head + ">" + sentences[k] + "</mrk>"
                        k += 1
                        seg = String(seg[close.upperBound...])
                    }
                    target += seg
                    result += xml[..<e.upperBound] + "\n    <target xml:lang=\"en\" state=\"translated\">\(target)</target>"
                    xml = String(xml[e.upperBound...])
                }
                xml = result + xml
            }
            #expect(k == sentences.count, "one target per segment: \(k) segments for \(sentences.count) sentences")
            try Data(xml.utf8).write(to: url)
            return url
        }

        func read(_ name: String) throws -> String { try String(contentsOf: ws.appendingPathComponent(name), encoding: .utf8) }

        /// The text of a compiled .docx: every w:t of word/document.xml, a paragraph per line.
        func docxText(_ name: String, part: String = "word/document.xml") throws -> String {
            let r = try Proc.run(
                "python3",
                [
                    "-c", "import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())",
                    ws.appendingPathComponent(name).path, part,
                ])
            #expect(r.ok, "\(r)")
            return Self.wordText(r.out)
        }

        static func wordText(_ xml: String) -> String {
            var out = ""
            var rest = xml[...]
            while let open = rest.range(of: "<w:") {
                rest = rest[open.upperBound...]
                if rest.hasPrefix("t>") || rest.hasPrefix("t ") {
                    guard let gt = rest.firstIndex(of: ">"), let end = rest.range(of: "</w:t>") else { break }
                    out += rest[rest.index(after: gt)..<end.lowerBound]
                    rest = rest[end.upperBound...]
                } else if rest.hasPrefix("p>") || rest.hasPrefix("p ") {
                    out += "\n"
                }
            }
            return out.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&quot;", with: "\"")
                .replacingOccurrences(of: "&apos;", with: "'").replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
        }
    }

    static let chinese = "本公约的宗旨是促进合作。近年来，有组织犯罪日益严重。我们支持技术援助。\n"
    static let chineseEN = [
        "The purpose of this Convention is to promote cooperation.", "In recent years, organized crime has become more serious.",
        "We support technical assistance.",
    ]
    static let arabic = "ترحب مصر بالمناقشة المتعلقة بالمساعدة التقنية. وتؤيد مصر عمل الأمانة.\n"
    static let arabicEN = ["Egypt welcomes the discussion on technical assistance.", "Egypt supports the work of the Secretariat."]

    // MARK: 4. Who translated is stated truly

    @Test func importSaysWhoTranslatedOrNothingFalse() throws {
        let d = try Desk("truth-source")
        let china = try d.register("china.zh.txt", Self.chinese, state: ["China"], language: "zh")
        let egypt = try d.register("egypt.ar.txt", Self.arabic, state: ["Egypt"], language: "ar")
        let zh = try d.exportAndFill(china, sentences: Self.chineseEN)
        let ar = try d.exportAndFill(egypt, sentences: Self.arabicEN, format: "xliff1")

        // An official translation must say whose it is: a usage error, nothing stored.
        let before = CLI.snapshot(d.ws)
        var r = try d.crp(["import", zh.path, "--kind", "official"])
        #expect(r.status == 2 && r.err.contains("--source state or secretariat"), "\(r)")
        r = try d.crp(["import", zh.path, "--source", "unstated"])
        #expect(r.status == 2 && r.err.contains("--source must be internal, contractor, state or secretariat"), "\(r)")
        #expect(CLI.snapshot(d.ws) == before)

        // No --source: recorded as unstated; the paper claims no internal resources.
        r = try d.ok(["import", zh.path, "--translator", "CAT tool"])
        #expect(r.err.contains("No --source was given") && r.err.contains("--source internal, contractor, state or secretariat"), "\(r.err)")
        // --source contractor, as for crp translate.
        try d.ok(["import", ar.path, "--source", "contractor", "--translator", "Lingua Ltd"])
        // crp log shows what each translation recorded; the registration's facts too.
        var log = try d.ok(["log", egypt]).out
        #expect(log.contains("source contractor, unofficial, translator Lingua Ltd, file \(egypt).xliff"), "\(log)")
        #expect(log.contains("State Egypt, language ar, items 2, received 2020-09-20, file egypt.ar.txt, encoding UTF-8"), "\(log)")
        log = try d.ok(["log", china]).out
        #expect(log.contains("source unstated, unofficial, translator CAT tool"), "\(log)")
        for id in [china, egypt] { try d.ok(["review", id]) }
        try d.ok(["compile", "--output", "paper.md"])
        let md = try d.read("paper.md")
        // One submission each: singular, and a contractor is named as such.
        #expect(md.contains("The submission received in other language than English (China in Chinese) was translated unofficially."), "\(md)")
        #expect(
            md.contains("The submission received in other language than English (Egypt in Arabic) was translated unofficially by an external translator."),
            "\(md)")
        #expect(!md.contains("internal resources"), "nobody said internal resources did it: \(md)")
        #expect(!md.contains("The submissions received"), "one submission is not 'submissions': \(md)")
    }

    // MARK: 3. Spaces between sentences follow the target language

    @Test func sentencesFromChineseGetSpacesInEveryOutput() throws {
        let d = try Desk("truth-spaces")
        let china = try d.register("china.zh.txt", Self.chinese, state: ["China"], language: "zh")
        try d.ok(["import", try d.exportAndFill(china, sentences: Self.chineseEN).path, "--source", "internal"])
        try d.ok(["review", china])
        let joined = Self.chineseEN.joined(separator: " ")
        for format in ["md", "html"] {
            try d.ok(["compile", "--format", format, "--output", "paper.\(format)"])
            let text = try d.read("paper.\(format)")
            #expect(text.contains(joined), "\(format): \(text)")
            #expect(!text.contains("cooperation.In"), "\(format)")
        }
        let aligned = try d.ok(["show", china, "--aligned", "--width", "240"]).out
        #expect(!aligned.contains("cooperation.In") && !aligned.contains("serious.We"), "\(aligned)")
        #expect(aligned.contains("In recent years"), "\(aligned)")
        if Clients.available("python3", reason: "reads the compiled .docx") {
            try d.ok(["compile", "--format", "docx", "--output", "paper.docx"])
            #expect(try d.docxText("paper.docx").contains(joined))
        }
        if Clients.available("soffice", reason: "compile --format pdf"), Clients.available("pdftotext", reason: "reads the PDF") {
            try d.ok(["compile", "--format", "pdf", "--output", "paper.pdf"])
            let r = try Proc.run("pdftotext", [d.ws.appendingPathComponent("paper.pdf").path, "-"])
            let flat = r.out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(flat.contains(joined), "\(flat)")
            #expect(!flat.contains("cooperation.In"))
        }
    }

    // MARK: 8. Sentences a UN editor would write

    @Test func aJointTextNamesItsLanguageOnceForItsStates() throws {
        let d = try Desk("truth-joint-language")
        let joint = try d.register(
            "joint.es.txt", "México y el Perú acogen con satisfacción el debate sobre la asistencia técnica.\n", state: ["Mexico", "Peru"], language: "es")
        let morocco = try d.register(
            "morocco.ar.txt", "يرحب المغرب بالمناقشة المتعلقة بالمساعدة التقنية.\n", state: ["Morocco"], language: "ar", extra: ["--item", "3"])
        for id in [joint, morocco] {
            try d.ok(["translate", id, try d.file("\(id).en.txt", "The States welcome the discussion on technical assistance.\n").path])
            try d.ok(["review", id])
        }
        try d.ok(["compile", "--output", "paper.md"])
        let md = try d.read("paper.md")
        #expect(md.contains("(Mexico and Peru in Spanish and Morocco in Arabic)"), "\(md)")
        #expect(!md.contains("Mexico in Spanish and Peru in Spanish"), "\(md)")
        // The annex names a text on two items in the plural.
        try d.ok(["compile", "--with-originals", "--output", "annex.md"])
        let annex = try d.read("annex.md")
        #expect(annex.contains("(Agenda items 2 and 3)") && !annex.contains("Agenda item 2 and 3"), "\(annex)")
    }

    @Test func theSameLetterInAnotherFormatIsPointedOut() throws {
        let d = try Desk("truth-same-words")
        let letter = """
            La Misión Permanente del Perú ante las Naciones Unidas saluda atentamente a la Secretaría y tiene el honor de \
            transmitir los comentarios del Perú sobre los puntos de debate relativos a la asistencia técnica, en particular \
            sobre la cooperación entre autoridades centrales en materia de extradición y asistencia judicial recíproca.

            """
        let first = try d.register("peru.es.txt", letter, state: ["Peru"], language: "es")
        // The same words with the line breaks of a PDF's text: neither the bytes nor the text are the same.
        let wrapped = letter.replacingOccurrences(of: " de ", with: " de\n").replacingOccurrences(of: "saluda ", with: "saluda\n\n")
        let r = try d.ok(
            ["register", try d.file("peru-pdf.es.txt", wrapped).path, "--state", "Peru", "--language", "es", "--item", "2", "--received", "2020-09-21"])
        let second = r.out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(r.err.contains("\(second) has the same words as \(first)") && r.err.contains("crp withdraw \(second)"), "\(r.err)")
        // Another letter of the same State, and the same words for another State, are not pointed out.
        let other = try d.ok(
            [
                "register",
                try d.file(
                    "peru-2.es.txt",
                    "El Perú propone que la Oficina prepare una guía práctica sobre la recuperación de activos y el decomiso sin condena, con ejemplos de la región y una lista de contactos.\n"
                ).path, "--state", "Peru", "--language", "es", "--item", "2",
            ])
        #expect(!other.err.contains("same words"), "\(other.err)")
        // The English translation attached to the first, registered again as an original.
        let english = try d.file("peru.en.txt", "The Permanent Mission of Peru presents its comments on the discussion points on technical assistance.\n")
        try d.ok(["translate", first, english.path])
        let mistaken = try d.ok(["register", english.path, "--state", "Peru", "--language", "en", "--item", "2"])
        let id = mistaken.out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(mistaken.err.contains("\(id) is the translation attached to \(first)") && mistaken.err.contains("crp withdraw \(id)"), "\(mistaken.err)")
    }

    @Test func aTranslationThatDoesNotFitItsOriginalIsPointedOut() throws {
        let d = try Desk("truth-translation-fit")
        let spanish = """
            El Gobierno de México agradece la oportunidad de formular observaciones sobre los puntos de debate y considera \
            que la asistencia técnica debe centrarse en la cooperación entre autoridades centrales, la extradición y la \
            asistencia judicial recíproca, con especial atención a la recuperación de activos.

            """
        let mexico = try d.register("mexico.es.txt", spanish, state: ["Mexico"], language: "es")
        let bolivia = try d.register(
            "bolivia.es.txt",
            spanish.replacingOccurrences(of: "El Gobierno de México agradece", with: "El Estado Plurinacional de Bolivia valora").replacingOccurrences(
                of: "la extradición", with: "el decomiso"), state: ["Bolivia"], language: "es")
        let english = """
            The Government of Mexico appreciates the opportunity to comment on the discussion points and considers that \
            technical assistance should focus on cooperation between central authorities, extradition and mutual legal \
            assistance, with special attention to asset recovery.

            """
        let mx = try d.file("mexico.en.txt", english)
        var r = try d.ok(["translate", mexico, mx.path])
        #expect(!r.err.contains("warning"), "a translation that fits: \(r.err)")
        // Mexico's translation attached to Bolivia by mistake: named, with what to do.
        r = try d.ok(["translate", bolivia, mx.path])
        #expect(r.err.contains("the same translation is attached to \(mexico)") && r.err.contains("crp translate \(bolivia) FILE"), "\(r.err)")
        // A cut-off translation.
        r = try d.ok(["translate", bolivia, try d.file("short.en.txt", "The Plurinational State of Bolivia values the opportunity.\n").path])
        #expect(r.err.contains("the translation has 8 words for an original of"), "\(r.err)")
    }

    /// A stored file edited by hand (not through crp) never reaches the paper: compile refuses,
    /// naming the file, as verify does; restoring it lets the paper be compiled again.
    @Test func compileRefusesWhatWasChangedOutsideCrp() throws {
        let d = try Desk("truth-altered")
        let france = try d.register(
            "france.fr.txt", "La France se félicite des points de discussion sur l'assistance technique et la coopération entre autorités centrales.\n",
            state: ["France"], language: "fr")
        try d.ok([
            "translate", france,
            try d.file("france.en.txt", "France welcomes the discussion points on technical assistance and cooperation between central authorities.\n").path,
        ])
        try d.ok(["review", france])
        try d.ok(["compile", "--output", "paper.md"])
        let fm = FileManager.default
        func edit(_ relative: String, _ change: (String) -> String) throws -> String {
            let url = d.ws.appendingPathComponent(france).appendingPathComponent(relative)
            let before = try String(contentsOf: url, encoding: .utf8)
            try fm.setAttributes([.posixPermissions: 0o644], ofItemAtPath: url.path)
            try change(before).write(to: url, atomically: false, encoding: .utf8)
            return before
        }
        func restore(_ relative: String, _ text: String) throws {
            try text.write(to: d.ws.appendingPathComponent(france).appendingPathComponent(relative), atomically: false, encoding: .utf8)
        }
        let tid = try fm.contentsOfDirectory(atPath: d.ws.appendingPathComponent(france).appendingPathComponent("translations").path).first {
            !$0.hasPrefix(".")
        }!
        for relative in ["translations/\(tid)/text.txt", "submission.json", "text.txt"] {
            let before = try edit(relative) {
                $0.replacingOccurrences(of: "France welcomes", with: "France deplores").replacingOccurrences(of: "\"France\"", with: "\"Ecuador\"")
                    .replacingOccurrences(of: "se félicite", with: "regrette")
            }
            let r = try d.crp(["compile", "--output", "altered.md"])
            expectRefused(r, code: CRPExit.refused, saying: ["The paper was not written", "\(france)/\(relative)", "crp verify"])
            #expect(!fm.fileExists(atPath: d.ws.appendingPathComponent("altered.md").path), "\(relative): a paper was written")
            try restore(relative, before)
            try d.ok(["compile", "--output", "restored.md"])
        }
    }

    @Test func parenthesisedNamesReadAsInRunningTextAndCountsAgree() throws {
        let d = try Desk("truth-names")
        let spanish = "El Estado Plurinacional de Bolivia acoge con satisfacción el debate sobre la asistencia técnica.\n"
        let bolivia = try d.register("bolivia.es.txt", spanish, state: ["Bolivia"], language: "es")
        let venezuela = try d.register(
            "venezuela.es.txt", spanish.replacingOccurrences(of: "El Estado Plurinacional de Bolivia", with: "La República Bolivariana de Venezuela"),
            state: ["Venezuela"], language: "es")
        for id in [bolivia, venezuela] {
            try d.ok(["translate", id, try d.file("\(id).en.txt", "The State welcomes the discussion on technical assistance.\n").path])
            try d.ok(["review", id])
        }
        try d.ok(["compile", "--output", "paper.md"])
        let md = try d.read("paper.md")
        #expect(md.contains("received comments from the Plurinational State of Bolivia and the Bolivarian Republic of Venezuela."), "\(md)")
        #expect(
            md.contains(
                "The submissions received in other language than English (the Plurinational State of Bolivia and the Bolivarian Republic of Venezuela in Spanish) were translated unofficially through the use of internal resources."
            ), "\(md)")
        // No generated sentence nests parentheses.
        for line in md.split(separator: "\n") where line.hasPrefix("1.") || line.hasPrefix("2.") {
            var depth = 0, deepest = 0
            for c in line { if c == "(" { depth += 1; deepest = max(deepest, depth) } else if c == ")" { depth -= 1 } }
            #expect(deepest <= 1, "nested parentheses: \(line)")
        }
        // The heading above the comments keeps the name as the UN lists it.
        #expect(md.contains("Bolivia (Plurinational State of)"), "\(md)")
    }

    // MARK: 7. Joint texts everywhere

    @Test func statusShowsEveryStateOfAJointText() throws {
        let d = try Desk("truth-joint")
        let joint = try d.register(
            "joint.es.txt", "Comentarios conjuntos de Chile y el Perú sobre la asistencia técnica.\n", state: ["Peru", "Chile"], language: "es")
        let table = try d.ok(["status"]).out
        let row = table.split(separator: "\n").first { $0.contains(joint) }.map(String.init) ?? ""
        #expect(row.contains("Peru, Chile"), "\(table)")
        let json = try d.ok(["status", "--json"]).out
        let rows = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]] ?? []
        #expect(rows.first?["state"] as? String == "Peru", "state stays the first State: \(json)")
        #expect(rows.first?["states"] as? [String] == ["Peru", "Chile"], "\(json)")
        let totals = try d.ok(["status", "--json", "--totals"]).out
        #expect(totals.contains("\"states\""), "\(totals)")
    }

    // MARK: 9. Template values

    @Test func checkAndCompileNameTheTemplatesBodyAndTitle() throws {
        let dir = try CLI.tempDir("truth-template")
        let ws = dir.appendingPathComponent("paper")
        var r = try CLI.run(["init", ws.path, "--symbol", "E/CN.15/2025/CRP.1"], env: ["CRP_NOW": "2025-05-01T09:00:00Z"])
        #expect(r.status == 0, "\(r)")
        // The officer fills in everything but the masthead's body and the title.
        let file = ws.appendingPathComponent("paper.yaml")
        var yaml = try String(contentsOf: file, encoding: .utf8)
        for (a, b) in [
            ("session: Session", "session: Thirty-fourth session"), ("symbol: CTOC/COP/YYYY/1", "symbol: E/CN.15/2025/1"),
            ("title: Agenda item title", "title: Crime prevention"), ("title: Item title", "title: Technical assistance"),
            ("- First discussion point;", "- Legislative assistance;"), ("- Second discussion point.", "- Regional cooperation."),
        ] {
            #expect(yaml.contains(a), "\(a)")
            yaml = yaml.replacingOccurrences(of: a, with: b)
        }
        try Data(yaml.utf8).write(to: file)
        r = try CLI.run(["check"], cwd: ws, env: ["CRP_NOW": "2025-05-01T09:00:00Z"])
        #expect(r.status == 1, "\(r)")
        let template = r.out.split(separator: "\n").filter { $0.hasPrefix("template:") }
        #expect(template.count == 2, "\(r.out)")
        #expect(r.out.contains("body still holds the template's \"Name of the conference or commission\""), "\(r.out)")
        #expect(r.out.contains("title still holds the template's \"Title of the paper\""), "\(r.out)")
        let before = CLI.snapshot(ws)
        r = try CLI.run(["compile", "--output", "p.md"], cwd: ws, env: ["CRP_NOW": "2025-05-01T09:00:00Z"])
        #expect(r.status == 1 && r.err.contains("body (\"Name of the conference or commission\")") && r.err.contains("title (\"Title of the paper\")"), "\(r)")
        #expect(CLI.snapshot(ws) == before)
    }

    // MARK: 11. Ids that follow the record

    @Test func aStatesCurrentNamePicksItsSubmission() throws {
        let d = try Desk("truth-ids")
        let text = "Правительство приветствует обсуждение вопросов технической помощи и поддерживает работу секретариата и портал SHERLOC.\n"
        let id = try d.register("belarus.ru.txt", text, state: ["Belarus"], language: "ru")
        let peru = try d.register(
            "peru.es.txt", "Comentarios del Perú sobre la asistencia técnica, la cooperación y el portal SHERLOC.\n", state: ["Peru"], language: "es",
            received: "2020-09-18")
        try d.ok(["amend", id, "--state", "Russian Federation", "--reason", "Sent by the Russian Federation, not Belarus"])
        #expect(id.hasPrefix("belarus-"), "ids stay stable")
        var r = try d.crp(["show", "russian"])
        #expect(r.status == 0, "\(r)")
        #expect(r.out.contains(id), "\(r.out)")
        #expect(r.err.contains("\"russian\" picked \(id) (Russian Federation, ru, received 2020-09-20)"), "says which it picked: \(r.err)")
        r = try d.crp(["log", "Russian Federation"])
        #expect(r.status == 0 && r.out.contains("amended"), "\(r)")
        // The old State's name no longer picks it.
        r = try d.crp(["show", "belarus"])
        #expect(r.status == 0, "an id prefix still works: \(r)")
        r = try d.crp(["show", "nowhere"])
        #expect(r.status == 1 && r.err.contains("No submission has the id \"nowhere\""), "\(r)")
        // Listings sort by State name then date, not by id: Peru before the Russian Federation
        // although belarus-… sorts first.
        let ids = try d.ok(["status"]).out.split(separator: "\n").compactMap { l in [peru, id].first { l.hasPrefix($0) } }
        #expect(ids == [peru, id], "\(ids)")
        let found = try d.ok(["search", "SHERLOC", "--json"]).out
        let hits = (try JSONSerialization.jsonObject(with: Data(found.utf8)) as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(hits == [peru, id], "search lists by State name too: \(found)")
        // Two submissions of that State: the name picks none, and both ids are named.
        let second = try d.register(
            "russia2.ru.txt", "Второй комментарий Российской Федерации о региональном сотрудничестве и обмене информацией.\n",
            state: ["Russian Federation"], language: "ru")
        let before = CLI.snapshot(d.ws)
        r = try d.crp(["show", "Russian Federation"])
        #expect(r.status == 1 && r.err.contains(id) && r.err.contains(second) && r.err.contains("matches several submissions"), "\(r)")
        #expect(CLI.snapshot(d.ws) == before)
    }

    // MARK: 12. Smaller things

    @Test func smallerThingsFromTheSameDay() throws {
        let d = try Desk("truth-small")
        let id = try d.register("peru.es.txt", "Comentarios del Perú sobre la asistencia técnica y la cooperación.\n", state: ["Peru"], language: "es")
        // show --help lists --version once, and --text-version picks a version of the original.
        var r = try d.crp(["show", "--help"])
        #expect(r.out.components(separatedBy: "--version").count - 1 == 1, "\(r.out)")
        #expect(r.out.contains("--text-version <N>"), "\(r.out)")
        r = try d.crp(["show", id, "--text-version", "1"])
        #expect(r.status == 0, "\(r)")
        // status --item on an item the paper does not have: a usage error, as register gives.
        r = try d.crp(["status", "--item", "9"])
        #expect(r.status == 2 && r.err.contains("9"), "\(r)")
        let reg = try d.crp([
            "register", try d.file("x.es.txt", "Otro texto del Perú sobre la cooperación técnica.\n").path, "--state", "Peru", "--language", "es", "--item",
            "9",
        ])
        #expect(reg.status == 2, "\(reg)")
        // withdraw without --reason: a usage error, nothing stored.
        let before = CLI.snapshot(d.ws)
        r = try d.crp(["withdraw", id])
        #expect(r.status == 2 && r.err.contains("reason"), "\(r)")
        #expect(CLI.snapshot(d.ws) == before)
    }

    // MARK: 5. A State's footnote is a footnote

    /// A Word file as a State sends it: one paragraph with a footnote reference, its footnote.
    static func docxWithFootnote(_ url: URL, body: String, note: String) throws {
        let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        let parts: [(String, String)] = [
            (
                "[Content_Types].xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/><Override PartName=\"/word/footnotes.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml\"/></Types>"
            ),
            (
                "_rels/.rels",
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>"
            ),
            (
                "word/_rels/document.xml.rels",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes\" Target=\"footnotes.xml\"/></Relationships>"
            ),
            (
                "word/document.xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document xmlns:w=\"\(w)\"><w:body><w:p><w:r><w:t>\(body)</w:t></w:r><w:r><w:rPr><w:vertAlign w:val=\"superscript\"/></w:rPr><w:footnoteReference w:id=\"1\"/></w:r><w:r><w:t xml:space=\"preserve\"> Además, pedimos más cooperación regional.</w:t></w:r></w:p><w:sectPr/></w:body></w:document>"
            ),
            (
                "word/footnotes.xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:footnotes xmlns:w=\"\(w)\"><w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id=\"1\"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space=\"preserve\"> \(note)</w:t></w:r></w:p></w:footnote></w:footnotes>"
            ),
        ]
        let script =
            "import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED)\nfor i in range(2, len(sys.argv), 2): z.writestr(sys.argv[i], sys.argv[i + 1])\nz.close()"
        let r = try Proc.run("python3", ["-c", script, url.path] + parts.flatMap { [$0.0, $0.1] })
        if !r.ok { throw HarnessError("could not write \(url.lastPathComponent): \(r)") }
    }

    /// The text of an XML file without its tags.
    static func withoutTags(_ xml: String) -> String {
        xml.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
    }

    @Test func aStatesFootnoteIsANoteInXLIFFWordAndHTML() throws {
        guard Clients.available("python3", reason: "writes the test's Word file") else { return }
        let d = try Desk("truth-notes")
        let docx = d.inbox.appendingPathComponent("peru.docx")
        try Self.docxWithFootnote(docx, body: "Apoyamos la propuesta de asistencia técnica.", note: "Véase la resolución 10/4 de la Conferencia.")
        let peru = try d.ok(["register", docx.path, "--state", "Peru", "--language", "es", "--item", "2", "--received", "2020-09-20"])
            .out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try d.ok(["show", peru]).out.contains("técnica.[^1] Además"), "stored as Markdown's footnote syntax")

        // XLIFF 1.2: the marker is an <x> code, never raw text.
        try d.ok(["export", peru, "--format", "xliff1", "--output", d.dir.appendingPathComponent("x12").path])
        let x12 = try String(contentsOf: d.dir.appendingPathComponent("x12/\(peru).xliff"), encoding: .utf8)
        #expect(x12.contains("<x id=\"fn1\" equiv-text=\"[^1]\"/>"), "\(x12)")
        #expect(!Self.withoutTags(x12).contains("[^") && !Self.withoutTags(x12).contains("^1]"), "no raw marker: \(x12)")

        // XLIFF 2.1: a <ph> code, kept whole in the sentence it follows.
        let ph = "<ph id=\"fn1\" equiv=\"[^1]\" disp=\"[^1]\"/>"
        let xlf = try d.exportAndFill(
            peru,
            sentences: [
                "We support the proposal for technical assistance.\(ph)", "We also ask for more regional cooperation.",
                "\(ph): See resolution 10/4 of the Conference.",
            ])
        let x2 = try String(contentsOf: xlf, encoding: .utf8)
        #expect(x2.contains("<source>Apoyamos la propuesta de asistencia técnica.\(ph)</source>"), "\(x2)")
        #expect(!Self.withoutTags(x2).contains("[^") && !Self.withoutTags(x2).contains("^1]"), "no raw marker: \(x2)")
        if let xmllint = Clients.require(["xmllint"], "xmllint (validates the XLIFF 2 export)") {
            let schema = CLI.repo.appendingPathComponent("Tests/ExchangeTests/Fixtures/xliff/schemas/xliff_core_2.0.xsd").path
            let v = try Proc.run(xmllint, ["--noout", "--nonet", "--schema", schema, xlf.path])
            #expect(v.status == 0 && v.err.contains("validates"), "the <ph> codes are valid XLIFF 2: \(v.err)")
        }
        // Read back on import: the translation has the marker again, so the paper has its note.
        try d.ok(["import", xlf.path, "--source", "contractor"])
        let shown = try d.ok(["show", peru]).out
        #expect(shown.contains("technical assistance.[^1] We also") && shown.contains("[^1]: See resolution 10/4 of the Conference."), "\(shown)")
        try d.ok(["review", peru])

        // Word: a real footnote, as the paper's own "*" note is (id 1); not a paragraph of the body.
        guard Clients.available("python3", reason: "reads the compiled .docx") else { return }
        try d.ok(["compile", "--format", "docx", "--output", "paper.docx"])
        let document = try Proc.run(
            "python3",
            [
                "-c", "import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())",
                d.ws.appendingPathComponent("paper.docx").path, "word/document.xml",
            ]
        ).out
        let footnotes = try d.docxText("paper.docx", part: "word/footnotes.xml")
        #expect(document.contains("<w:footnoteReference w:customMarkFollows=\"1\" w:id=\"2\"/><w:t>1</w:t>"), "\(document)")
        #expect(footnotes.contains("See resolution 10/4 of the Conference."), "\(footnotes)")
        let body = try d.docxText("paper.docx")
        #expect(!body.contains("See resolution 10/4"), "the note is not typed into the body: \(body)")
        #expect(body.contains("technical assistance.1 We also"), "\(body)")

        // PDF (LibreOffice): the note is printed once, with LibreOffice's own label, not "1See".
        if Clients.available("soffice", reason: "compile --format pdf"), Clients.available("pdftotext", reason: "reads the PDF") {
            try d.ok(["compile", "--format", "pdf", "--output", "paper.pdf"])
            let text = try Proc.run("pdftotext", ["-layout", d.ws.appendingPathComponent("paper.pdf").path, "-"]).out
            let flat = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(flat.contains("See resolution 10/4 of the Conference."), "\(text)")
            #expect(!flat.contains("1See resolution") && !flat.contains("1 1 See"), "the State's mark printed twice: \(text)")
            #expect(flat.components(separatedBy: "See resolution 10/4").count == 2, "one note: \(text)")
        }

        // HTML: the reference links to the note and the note back.
        try d.ok(["compile", "--format", "html", "--output", "paper.html"])
        let html = try d.read("paper.html")
        #expect(html.contains("technical assistance.<sup class=\"fnref\"><a href=\"#cn-2\" id=\"cnref-2\">1</a></sup> We also"), "\(html)")
        #expect(html.contains("<p class=\"comment-note\" id=\"cn-2\" role=\"note\""), "\(html)")
        #expect(html.contains("<a href=\"#cnref-2\">1</a></sup> See resolution 10/4 of the Conference.</p>"), "\(html)")
    }

    /// Printed by Chromium, a State's note never reaches into the page margin where the running
    /// header is: many States with a note each, so that notes fall near page tops, and on every
    /// page no text starts above the header's lower edge (beyond a fifth of its height, what
    /// the glyph boxes of any first line share with it).
    @Test func notesPrintedByChromiumStayClearOfTheRunningHeader() throws {
        guard let chromium = Clients.require(["chromium", "chromium-browser"], "Chromium (prints the HTML paper)"),
            Clients.available("pdftotext", reason: "reads the printed pages")
        else { return }
        let d = try Desk("truth-print")
        let states = [
            "Peru", "Chile", "Mexico", "Cuba", "Spain", "Argentina", "Colombia", "Ecuador", "Panama", "Uruguay", "Paraguay", "Honduras",
            "Guatemala", "Nicaragua",
        ]
        for (i, state) in states.enumerated() {
            var es = "Párrafo \(i + 1) del texto enviado por el Estado sobre la asistencia técnica y la cooperación regional.[^1]"
            for k in 0..<((i + 1) % 5) {
                es += "\n\nOtra oración del párrafo número \(k) que trata de la legislación y de la jurisprudencia nacional en la materia."
            }
            es += "\n\n[^1]: Nota \(i + 1): véase la resolución 10/4 de la Conferencia de las Partes en la Convención.\n"
            var en = "Paragraph \(i + 1) of the text sent by the State on technical assistance and regional cooperation.[^1]"
            for k in 0..<((i + 1) % 5) {
                en += "\n\nAnother sentence of paragraph number \(k), on national legislation and case law in the matter."
            }
            en += "\n\n[^1]: Note \(i + 1): see resolution 10/4 of the Conference of the Parties to the Convention.\n"
            let id = try d.register("s\(i).es.txt", es, state: [state], language: "es")
            try d.ok(["translate", id, try d.file("s\(i).en.txt", en).path])
            try d.ok(["review", id])
        }
        try d.ok(["compile", "--format", "html", "--output", "paper.html"])
        let html = try d.read("paper.html")
        #expect(html.components(separatedBy: "role=\"note\"").count - 1 == states.count, "every note is a note")
        let pdf = d.dir.appendingPathComponent("paper.pdf")
        let print = try Proc.run(
            chromium,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(d.dir.appendingPathComponent("profile").path)",
                "--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)", d.ws.appendingPathComponent("paper.html").absoluteString,
            ],
            timeout: 180)
        #expect(FileManager.default.fileExists(atPath: pdf.path), "\(print)")
        let bbox = try Proc.run("pdftotext", ["-bbox", pdf.path, "-"]).out
        let pages = bbox.components(separatedBy: "<page ").dropFirst()
        #expect(pages.count >= 3)
        let pattern = try NSRegularExpression(pattern: "<word xMin=\"([\\d.]+)\" yMin=\"([\\d.]+)\" xMax=\"([\\d.]+)\" yMax=\"([\\d.]+)\">([^<]*)</word>")
        var notesSeen = 0
        for (n, page) in pages.enumerated() where n > 0 {
            let ns = page as NSString
            let words = pattern.matches(in: page, range: NSRange(location: 0, length: ns.length)).map { m in
                (yMin: Double(ns.substring(with: m.range(at: 2)))!, yMax: Double(ns.substring(with: m.range(at: 4)))!, text: ns.substring(with: m.range(at: 5)))
            }
            notesSeen += words.filter { $0.text == "10/4" }.count
            guard let header = words.first(where: { $0.text.contains("CRP.1") }) else {
                Issue.record("page \(n + 1) has no running header")
                continue
            }
            let tolerance = (header.yMax - header.yMin) / 5
            for w in words where w.text != header.text && w.yMin < header.yMax - tolerance {
                Issue.record("page \(n + 1): \"\(w.text)\" starts at \(w.yMin), inside the running header (\(header.yMin)–\(header.yMax))")
            }
        }
        #expect(notesSeen == states.count, "every note printed")
    }

    /// crp report counts a withdrawn submission only in its own list; its chart draws the running
    /// total as a step and keeps the deadline's label inside; a date after the session warns so.
    @Test func reportLeavesWithdrawnOutAndDrawsASteppedTotal() throws {
        let d = try Desk("truth-report")
        let peru = try d.register(
            "peru.es.txt", "Comentarios del Perú sobre la asistencia técnica y la cooperación.\n", state: ["Peru"], language: "es",
            received: "2020-09-18")
        let w = try d.register("egypt.ar.txt", Self.arabic, state: ["Egypt"], language: "ar", received: "2020-09-22")
        try d.ok(["withdraw", w, "--reason", "Replaced by the State"])
        // Before anything later arrives the deadline is the chart's last day, at its right edge.
        try d.ok(["report", "--output", d.dir.appendingPathComponent("o.html").path])
        let html = try String(contentsOf: d.dir.appendingPathComponent("o.html"), encoding: .utf8)
        // The running total: every rise is vertical (a step), never a diagonal between two days.
        guard let p = html.range(of: "<polyline points=\""), let e = html[p.upperBound...].firstIndex(of: "\"") else {
            Issue.record("no running total in \(html)")
            return
        }
        let points = html[p.upperBound..<e].split(separator: " ").map { $0.split(separator: ",").map { Double($0)! } }
        for (u, v) in zip(points, points.dropFirst()) {
            #expect(u[0] == v[0] || u[1] == v[1], "a diagonal from \(u) to \(v)")
        }
        // The deadline label is not centred past the chart's right edge.
        let label = html.components(separatedBy: "\n").first { $0.contains(">deadline 2020-09-30</text>") } ?? ""
        #expect(!label.isEmpty, "\(html)")
        if let xr = label.range(of: "x=\""), let anchor = label.range(of: "text-anchor=\"") {
            let x = Double(label[xr.upperBound...].prefix { $0 != "\"" })!
            let a = String(label[anchor.upperBound...].prefix { $0 != "\"" })
            let halfWidth = 55.0
            let rightEdge = a == "end" ? x : a == "start" ? x + 2 * halfWidth : x + halfWidth
            #expect(rightEdge <= 700, "\(label)")
        }
        // The reference paper's session ends on 16 October 2020; the deadline is 30 September.
        let r = try d.crp(
            [
                "register", try d.file("chile.es.txt", "Comentarios de Chile sobre la cooperación regional y la legislación.\n").path,
                "--state", "Chile", "--language", "es", "--item", "2", "--received", "2020-10-20",
            ],
            env: ["CRP_NOW": "2020-10-25T09:00:00Z"])
        #expect(r.status == 0, "\(r)")
        #expect(r.err.contains("received 2020-10-20, after the session's last day (2020-10-16)"), "\(r.err)")
        try d.ok(["report", "--format", "json", "--output", d.dir.appendingPathComponent("o.json").path])
        let o = try JSONSerialization.jsonObject(with: Data(contentsOf: d.dir.appendingPathComponent("o.json"))) as? [String: Any] ?? [:]
        let received = o["received"] as? [[String: Any]] ?? []
        #expect(received.map { $0["date"] as? String } == ["2020-09-18", "2020-10-20"], "the withdrawn one is not 'received over time': \(received)")
        let languages = (o["languages"] as? [[String: Any]] ?? []).compactMap { $0["language"] as? String }
        #expect(languages == ["es"], "nor in the languages: \(languages)")
        #expect((o["withdrawn"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [w])
        #expect((o["late"] as? [[String: Any]])?.compactMap { $0["id"] as? String }.contains(peru) == false, "Peru's came on time")
    }
}
