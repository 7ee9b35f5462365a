import Foundation
import TestSupport
import Testing

/// `crp register --part` end to end (issue 15, item 5), and a State's table through compile.
@Suite(.serialized) struct EMLPartCLITests {
    static let body = """
        Comments of Peru on agenda item 2.

        Peru supports the use of SHERLOC and recommends that the Conference encourage States to share \
        legislation and case law through the portal, and that the Secretariat keep it up to date in \
        all official languages so that practitioners can rely on it.
        """
    static let attachment = "Note verbale: the Permanent Mission of Peru presents its compliments to the Secretariat.\n"

    static func message(body: String = body, date: String? = nil) -> Data {
        let b64 = { (s: String) in Data(s.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed]) }
        let s = """
            From: Mission <mission@example.org>\r
            \(date.map { "Date: \($0)\r\n" } ?? "")Subject: Comments\r
            MIME-Version: 1.0\r
            Content-Type: multipart/mixed; boundary="b1"\r
            \r
            --b1\r
            Content-Type: text/plain; charset=utf-8\r
            Content-Transfer-Encoding: base64\r
            \r
            \(b64(body))\r
            --b1\r
            Content-Type: text/plain; charset=utf-8; name="nota.txt"\r
            Content-Disposition: attachment; filename="nota.txt"\r
            Content-Transfer-Encoding: base64\r
            \r
            \(b64(attachment))\r
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

    @Test func ambiguousMessageIsRefusedThenPartChooses() throws {
        let ws = try Self.workspace("eml-part")
        let file = ws.deletingLastPathComponent().appendingPathComponent("peru.eml")
        try Self.message().write(to: file)
        let before = CLI.snapshot(ws)
        var r = try CLI.run(["register", file.path, "--state", "Peru", "--language", "en", "--item", "2", "--received", "2020-09-20"], cwd: ws)
        #expect(r.status == 1)
        #expect(r.err.contains("peru.eml") && r.err.contains("body, nota.txt") && r.err.contains("--part"), "\(r.err)")
        #expect(CLI.snapshot(ws) == before, "a refused registration changed the store")

        r = try CLI.run(
            ["register", file.path, "--state", "Peru", "--language", "en", "--item", "2", "--received", "2020-09-20", "--part", "missing.docx"], cwd: ws)
        #expect(r.status == 1)
        #expect(r.err.contains("missing.docx") && r.err.contains("nota.txt"), "\(r.err)")

        r = try CLI.run(["register", file.path, "--state", "Peru", "--language", "en", "--item", "2", "--received", "2020-09-20", "--part", "body"], cwd: ws)
        #expect(r.status == 0, "\(r.err)")
        let id = r.out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(r.err.contains("taken body") && r.err.contains("left  nota.txt"), "\(r.err)")

        r = try CLI.run(["show", id, "--logical"], cwd: ws)
        #expect(r.status == 0)
        #expect(r.out.contains("part        taken body (text/plain body): the comments, chosen with --part body"), "\(r.out)")
        #expect(r.out.contains("part        left  nota.txt"), "\(r.out)")
        #expect(r.out.contains("Peru supports the use of SHERLOC"))
        #expect(!r.out.contains("Note verbale"))

        r = try CLI.run(["show", id, "--json"], cwd: ws)
        let json = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any]
        let parts = (json?["record"] as? [String: Any])?["parts"] as? [[String: Any]]
        #expect(parts?.map { $0["name"] as? String } == ["body", "nota.txt"])
        #expect(try CLI.run(["verify"], cwd: ws).status == 0)

        // The other part, as another submission (the note verbale as text).
        r = try CLI.run(
            ["register", file.path, "--state", "Peru", "--language", "en", "--item", "3", "--received", "2020-09-20", "--part", "nota.txt"], cwd: ws)
        #expect(r.status == 0, "\(r.err)")
        let second = r.out.trimmingCharacters(in: .whitespacesAndNewlines)
        // Registered, and pointed out: another part of the same e-mail, with how to withdraw it.
        #expect(r.err.contains("warning: \(second) takes the part nota.txt of the e-mail already registered as \(id) (part body)"), "\(r.err)")
        #expect(r.err.contains("crp withdraw \(second)"), "\(r.err)")
        r = try CLI.run(["show", second, "--logical"], cwd: ws)
        #expect(r.out.contains("Note verbale: the Permanent Mission of Peru"))
    }

    /// Without --received, an e-mail's Date: header is the date received (said on registration);
    /// --received still wins, and a header dated after today is not taken.
    @Test func anEmailIsReceivedOnTheDateItsHeaderGives() throws {
        let ws = try Self.workspace("eml-date")
        let file = ws.deletingLastPathComponent().appendingPathComponent("peru.eml")
        try Self.message(date: "Fri, 18 Sep 2020 17:42:10 +0200 (CEST)").write(to: file)
        var r = try CLI.run(
            ["register", file.path, "--state", "Peru", "--language", "en", "--item", "2", "--part", "body"], cwd: ws,
            env: ["CRP_NOW": "2020-10-05T09:00:00Z"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.err.contains("date received 2020-09-18, from the e-mail's Date: header"), "\(r.err)")
        let id = r.out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(id.hasPrefix("peru-20200918-"), "\(id)")
        r = try CLI.run(["show", id], cwd: ws)
        #expect(r.out.contains("received    2020-09-18"), "\(r.out)")
        #expect(!r.out.contains("(late"))
        // --received wins over the header.
        r = try CLI.run(
            ["register", file.path, "--state", "Peru", "--language", "en", "--item", "3", "--part", "nota.txt", "--received", "2020-09-21"],
            cwd: ws, env: ["CRP_NOW": "2020-10-05T09:00:00Z"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.hasPrefix("peru-20200921-"), "\(r.out)")
        #expect(!r.err.contains("Date: header"))
        // A header dated after today (a sender's clock set wrong) is not taken, and that is said.
        let future = ws.deletingLastPathComponent().appendingPathComponent("future.eml")
        try Self.message(body: Self.body + "\n\nA later note.", date: "Mon, 14 Jun 2021 09:00:00 +0000").write(to: future)
        r = try CLI.run(
            ["register", future.path, "--state", "Chile", "--language", "en", "--item", "2", "--part", "body"], cwd: ws,
            env: ["CRP_NOW": "2020-10-05T09:00:00Z"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.err.contains("the e-mail's Date: header gives 2021-06-14, after today: date received 2020-10-05"), "\(r.err)")
        #expect(r.out.hasPrefix("chile-20201005-"), "\(r.out)")
    }

    /// An e-mail sent late in the evening in Mexico City arrived the next morning at the duty
    /// station: the date received is the day in paper.yaml's time zone, and that is said.
    @Test func anEmailsDateIsTheDayAtTheDutyStation() throws {
        let ws = try Self.workspace("eml-date-zone")
        let paper = ws.appendingPathComponent("paper.yaml")
        try (try String(contentsOf: paper, encoding: .utf8) + "\ntimezone: Europe/Vienna\n").write(to: paper, atomically: true, encoding: .utf8)
        let file = ws.deletingLastPathComponent().appendingPathComponent("mexico.eml")
        try Self.message(date: "Tue, 29 Sep 2020 23:30:00 -0600").write(to: file)
        let r = try CLI.run(
            ["register", file.path, "--state", "Mexico", "--language", "en", "--item", "2", "--part", "body"], cwd: ws,
            env: ["CRP_NOW": "2020-10-05T09:00:00Z", "TZ": "America/Mexico_City"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.hasPrefix("mexico-20200930-"), "\(r.out)")
        #expect(
            r.err.contains("date received 2020-09-30, from the e-mail's Date: header (2020-09-29 in the sender's time, 2020-09-30 in Europe/Vienna)"),
            "\(r.err)")
    }

    /// A revision that arrives as an e-mail records its parts (taken / left, with why) for the new
    /// version, as a registration does; `show --version N` shows each version's own parts.
    @Test func aRevisionByEmailRecordsItsPartsForTheNewVersion() throws {
        let ws = try Self.workspace("eml-revise")
        let first = ws.deletingLastPathComponent().appendingPathComponent("peru.eml")
        try Self.message().write(to: first)
        var r = try CLI.run(
            ["register", first.path, "--state", "Peru", "--language", "en", "--item", "2", "--received", "2020-09-20", "--part", "nota.txt"], cwd: ws)
        #expect(r.status == 0, "\(r.err)")
        let id = r.out.trimmingCharacters(in: .whitespacesAndNewlines)
        let revised = ws.deletingLastPathComponent().appendingPathComponent("peru-revised.eml")
        try Self.message(body: Self.body + "\n\nPeru also asks that the portal be kept in all official languages.").write(to: revised)
        // Ambiguous again: refused with the parts named, nothing stored.
        let before = CLI.snapshot(ws)
        r = try CLI.run(["revise", id, revised.path, "--received", "2020-09-22"], cwd: ws)
        #expect(r.status == 1 && r.err.contains("peru-revised.eml") && r.err.contains("--part"), "\(r.err)")
        #expect(CLI.snapshot(ws) == before)
        r = try CLI.run(["revise", id, revised.path, "--received", "2020-09-22", "--part", "body"], cwd: ws)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.err.contains("taken body") && r.err.contains("left  nota.txt"), "revise prints the parts: \(r.err)")

        r = try CLI.run(["show", id, "--logical"], cwd: ws)
        #expect(r.out.contains("part        taken body (text/plain body): the comments, chosen with --part body"), "\(r.out)")
        #expect(r.out.contains("part        left  nota.txt"), "\(r.out)")
        #expect(r.out.contains("Peru also asks that the portal"))
        r = try CLI.run(["show", id, "--logical", "--text-version", "1"], cwd: ws)
        #expect(r.out.contains("part        taken nota.txt"), "version 1 keeps its own parts: \(r.out)")
        #expect(!r.out.contains("taken body"), "\(r.out)")
        r = try CLI.run(["show", id, "--json"], cwd: ws)
        let json = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any]
        let versions = json?["versions"] as? [[String: Any]]
        #expect((versions?.last?["parts"] as? [[String: Any]])?.map { $0["name"] as? String } == ["body", "nota.txt"])
        #expect((versions?.last?["parts"] as? [[String: Any]])?.map { $0["taken"] as? Bool } == [true, false])
        // verify reads version 2 again with the part that was taken for it.
        let v = try CLI.run(["verify"], cwd: ws)
        #expect(v.status == 0, "\(v.out)\(v.err)")
    }

    @Test func importFolderManifestTakesAPartColumn() throws {
        let ws = try Self.workspace("eml-manifest")
        let folder = ws.deletingLastPathComponent().appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Self.message().write(to: folder.appendingPathComponent("peru.eml"))
        try "file,state,language,items,received,part\nperu.eml,Peru,en,2,2020-09-20,nota.txt\n".write(
            to: folder.appendingPathComponent("manifest.csv"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["import-folder", folder.path, "--manifest", folder.appendingPathComponent("manifest.csv").path, "--json"], cwd: ws)
        #expect(r.status == 0, "\(r.err)")
        let status = try CLI.run(["status", "--json"], cwd: ws)
        let rows = try JSONSerialization.jsonObject(with: Data(status.out.utf8)) as? [[String: Any]]
        #expect(rows?.count == 1)
        let id = rows?.first?["id"] as? String ?? ""
        #expect(try CLI.run(["show", id, "--logical"], cwd: ws).out.contains("Note verbale"))
    }

    /// An HTML "point | comment" table registered and compiled stays a table in Markdown.
    @Test func htmlTableStaysATableInTheCompiledPaper() throws {
        let ws = try Self.workspace("table-compile")
        let file = ws.deletingLastPathComponent().appendingPathComponent("peru.html")
        try """
        <html><body><p>Comments of Peru on agenda item 2:</p>
        <table><tr><th>Point</th><th>Comment</th></tr><tr><td>(a)</td><td>Peru agrees with the wording.</td></tr>
        <tr><td>(b)</td><td>Peru proposes deleting the last sentence.</td></tr></table></body></html>
        """.write(to: file, atomically: true, encoding: .utf8)
        var r = try CLI.run(["register", file.path, "--state", "Peru", "--language", "en", "--item", "2", "--received", "2020-09-20"], cwd: ws)
        #expect(r.status == 0, "\(r.err)")
        let out = ws.appendingPathComponent("paper.md")
        r = try CLI.run(["compile", "--all", "--format", "md", "--output", out.path], cwd: ws)
        #expect(r.status == 0, "\(r.err)")
        let md = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
        #expect(
            md.contains("| Point | Comment |\n| --- | --- |\n| (a) | Peru agrees with the wording. |\n| (b) | Peru proposes deleting the last sentence. |"),
            "\(md)")
    }

    /// Through registration and compile: a table of one row stays a table, and the paragraphs of a
    /// cell keep their line break (HTML `<br>`, Markdown `<br>` in the pipe table).
    @Test func oneRowTableAndCellParagraphsSurviveTheStore() throws {
        let ws = try Self.workspace("table-one-row")
        let file = ws.deletingLastPathComponent().appendingPathComponent("chile.html")
        try """
        <html><body><p>Comments of Chile on agenda item 2:</p>
        <table><tr><td>(a)</td><td><p>Chile agrees with the wording.</p><p>It asks for a review in 2022.</p></td></tr></table>
        <p>Santiago</p></body></html>
        """.write(to: file, atomically: true, encoding: .utf8)
        var r = try CLI.run(["register", file.path, "--state", "Chile", "--language", "en", "--item", "2", "--received", "2020-09-20"], cwd: ws)
        #expect(r.status == 0, "\(r.err)")
        for (format, expected) in [
            ("md", "| (a) | Chile agrees with the wording.<br>It asks for a review in 2022. |\n| --- | --- |"),
            ("html", "Chile agrees with the wording.<br>It asks for a review in 2022.</td></tr>\n</table>"),
        ] {
            let out = ws.appendingPathComponent("paper.\(format)")
            r = try CLI.run(["compile", "--all", "--format", format, "--output", out.path], cwd: ws)
            #expect(r.status == 0, "\(r.err)")
            let text = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
            #expect(text.contains(expected), "\(format): \(text)")
        }
        #expect(try CLI.run(["verify"], cwd: ws).status == 0)
    }
}
