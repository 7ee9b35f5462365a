import Foundation
import TestSupport
import Testing

/// Issue 25, point 6: paragraphs of a PDF rebuilt from the text layer's geometry. PDFs made by
/// LibreOffice from Word files the test writes: two heading lines stay two paragraphs (English),
/// three Chinese paragraphs stay three, a note verbale's reference line stays apart from the next
/// paragraph, and the hard line breaks of a letterhead and a signature block are kept (U+2028 in
/// text.txt) through to Markdown (`<br>`), HTML (`<br>`) and Word (`w:br`).
@Suite(.serialized) struct IntakeTruthPDFTests {
    static let english = [
        "# Comments of the Government of Mexico",
        "# Agenda item 2: international cooperation",
        "Mexico considers that international cooperation in criminal matters should be strengthened through the timely exchange of information between central authorities, and proposes that the Conference encourage States to designate contact points available at all times.",
        "Mexico further recommends that the Secretariat keep the knowledge management portal up to date with legislation and case law in all official languages, so that practitioners can rely on it.",
    ]
    static let chinese = [
        ">中国政府高度重视打击跨国有组织犯罪的国际合作，支持缔约方会议在审议机制方面开展的工作，认为各国应在相互尊重主权的基础上加强司法协助和引渡合作。",
        ">中方认为，各国应及时交流信息，共同应对新的犯罪形式，并在技术援助方面加强协调，确保发展中国家能够充分参与公约的实施工作。",
        ">中方建议秘书处继续更新知识管理门户网站，以所有正式语文提供立法和判例资料，便于各国从业人员查阅和借鉴。",
    ]
    static let note = [
        "Ref.: NV/2020/123",
        "The Permanent Mission of Mexico to the United Nations presents its compliments to the Secretariat and has the honour to transmit the comments of Mexico on agenda item 2.",
        "Mexico supports the review mechanism and encourages States to share their experience.",
    ]
    static let letter = [
        "PERMANENT MISSION OF MEXICO\nTO THE UNITED NATIONS\nVienna",
        "Dear Secretary of the Conference,",
        "Mexico supports the work of the Conference and encourages the Secretariat to publish the comments of States in all official languages without delay.",
        "Yours sincerely,\nPermanent Mission of Mexico",
    ]

    /// Fourteen paragraphs of 20 to 130 words over several pages, justified: lines whose words
    /// poppler gives apart, paragraphs that end at the foot of a page.
    static let long: [String] = {
        let words =
            "the Conference encourages States parties to strengthen international cooperation in criminal matters through timely exchange of information between central authorities and practitioners including extradition mutual legal assistance confiscation of proceeds of crime and technical assistance"
            .split(separator: " ")
        var seed: UInt64 = 7
        func next(_ n: Int) -> Int { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return Int(seed >> 33) % n }
        return (0..<14).map { _ in
            let text = (0..<(20 + next(110))).map { _ in String(words[next(words.count)]) }.joined(separator: " ") + "."
            return text.prefix(1).uppercased() + text.dropFirst()
        }
    }()

    static func workspace(_ tag: String) throws -> URL {
        let ws = try CLI.tempDir(tag).appendingPathComponent("paper")
        let r = try CLI.run(["init", ws.path, "--from", CLI.fixtures.appendingPathComponent("paper.yaml").path])
        #expect(r.status == 0, "\(r.err)")
        return ws
    }

    /// The paragraphs of a stored text.
    static func paragraphs(_ ws: URL, _ id: String) throws -> [String] {
        let text = try String(contentsOf: ws.appendingPathComponent(id).appendingPathComponent("text.txt"), encoding: .utf8)
        return text.components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    @Test func paragraphsAndLineBreaksFollowTheLayout() throws {
        guard WordFile.available(), Clients.require(["soffice", "libreoffice"], "LibreOffice") != nil,
            Clients.available("pdftotext", reason: "poppler-utils reads PDFs")
        else { return }
        let ws = try Self.workspace("pdf-layout")
        let dir = ws.deletingLastPathComponent()
        let pdfs = try WordFile.pdfs(
            [
                "en": try WordFile.make(paragraphs: Self.english, spaceAfter: 8),
                "zh": try WordFile.make(paragraphs: Self.chinese, font: "Noto Serif CJK SC", spaceAfter: 0),
                "note": try WordFile.make(paragraphs: Self.note, spaceAfter: 8),
                "letter": try WordFile.make(paragraphs: Self.letter, spaceAfter: 8),
                "long": try WordFile.make(paragraphs: Self.long, spaceAfter: 8, justify: true),
            ], in: dir)
        func register(_ name: String, _ state: String, _ language: String) throws -> String {
            let f = dir.appendingPathComponent(name + ".pdf")
            try #require(pdfs[name]).write(to: f)
            let r = try CLI.run(["register", f.path, "--state", state, "--language", language, "--item", "2", "--received", "2020-09-20"], cwd: ws)
            #expect(r.status == 0, "\(name): \(r.err)")
            return r.out.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        let en = try Self.paragraphs(ws, try register("en", "Mexico", "en"))
        #expect(en.count == 4, "\(en)")
        #expect(en.first == "Comments of the Government of Mexico", "two heading lines are two paragraphs: \(en)")
        #expect(en.dropFirst().first == "Agenda item 2: international cooperation", "\(en)")

        let zh = try Self.paragraphs(ws, try register("zh", "China", "zh"))
        #expect(zh.count == 3, "three Chinese paragraphs: \(zh)")
        #expect(zh.first?.hasPrefix("中国政府高度重视") == true && zh.last?.hasPrefix("中方建议秘书处") == true, "\(zh)")
        #expect(!zh.joined().contains(" "), "no space between Chinese characters: \(zh)")

        let nv = try Self.paragraphs(ws, try register("note", "Chile", "en"))
        #expect(nv.first == "Ref.: NV/2020/123", "the reference line stays apart: \(nv)")
        #expect(nv.count == 3, "\(nv)")

        let long = try Self.paragraphs(ws, try register("long", "Mexico", "en"))
        #expect(long.count == Self.long.count, "justified paragraphs over pages: \(long.map { $0.split(separator: " ").count })")
        #expect(
            long.joined(separator: " ").split(whereSeparator: \.isWhitespace) == Self.long.joined(separator: " ").split(separator: " "),
            "every word, in order")
        #expect(!long.joined().contains("\u{2028}"), "no hard line break inside justified paragraphs")

        let letterID = try register("letter", "Peru", "en")
        let lt = try Self.paragraphs(ws, letterID)
        #expect(lt.first == "PERMANENT MISSION OF MEXICO\u{2028}TO THE UNITED NATIONS\u{2028}Vienna", "\(lt)")
        #expect(lt.last == "Yours sincerely,\u{2028}Permanent Mission of Mexico", "\(lt)")
        #expect(lt.count == 4, "\(lt)")
        #expect(try CLI.run(["verify"], cwd: ws).status == 0)

        // Printed as line breaks in every output.
        #expect(try CLI.run(["review", letterID], cwd: ws).status == 0)
        for (format, needle) in [("md", "Yours sincerely,<br>Permanent Mission of Mexico"), ("html", "Yours sincerely,<br>Permanent Mission of Mexico")] {
            let out = dir.appendingPathComponent("paper.\(format)")
            let r = try CLI.run(["compile", "--format", format, "--output", out.path], cwd: ws, env: ["CRP_NOW": "2020-10-06T09:00:00Z"])
            #expect(r.status == 0, "\(r.err)")
            let s = try String(contentsOf: out, encoding: .utf8)
            #expect(s.contains(needle), "\(format): \(s.components(separatedBy: "sincerely").dropFirst().first?.prefix(120) ?? "")")
            #expect(!s.contains("\u{2028}"), "\(format) prints no raw LINE SEPARATOR")
        }
        let docx = dir.appendingPathComponent("paper.docx")
        var r = try CLI.run(["compile", "--format", "docx", "--output", docx.path], cwd: ws, env: ["CRP_NOW": "2020-10-06T09:00:00Z"])
        #expect(r.status == 0, "\(r.err)")
        r = try Proc.run("python3", ["-c", "import zipfile,sys; print(zipfile.ZipFile(sys.argv[1]).read('word/document.xml').decode())", docx.path])
        let xml = r.out
        #expect(
            xml.range(
                of: #"Yours sincerely,</w:t></w:r><w:r><w:br/></w:r>(<w:r>(<w:rPr>.*?</w:rPr>)?<w:t[^>]*>)Permanent Mission of Mexico"#,
                options: .regularExpression) != nil,
            "\(xml.components(separatedBy: "sincerely").dropFirst().first?.prefix(200) ?? "")")
    }
}
