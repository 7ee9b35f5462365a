import Exchange
import Foundation
import MultilingualText
import TestSupport
import Testing

/// `crp export`, `crp import` and `crp show --aligned` through the built binary.
@Suite(.serialized) struct CLIExchangeTests {
    @discardableResult
    func crp(_ args: [String], in cwd: URL) throws -> ProcResult {
        try CRPRunner.run(args, cwd: cwd)
    }

    func lines(_ s: String) -> [String] { s.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    /// A scratch folder with a workspace of the reference paper in `paper/`, removed by `done`.
    func referenceWorkspace(_ tag: String) throws -> (dir: URL, ws: URL, ref: URL) {
        let dir = Scratch.root.appendingPathComponent("crp-xlf-\(tag)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let ws = dir.appendingPathComponent("paper")
        let ref = ExchangeFixtures.reference
        let r = try crp(["init", ws.path, "--from", ref.appendingPathComponent("paper.yaml").path], in: dir)
        #expect(r.status == 0, "\(r.err)")
        return (dir, ws, ref)
    }

    @Test func exportFillImportReviewCompileThroughTheCommandLine() throws {
        let (dir, ws, ref) = try referenceWorkspace("cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        var r: ProcResult
        var ids: [String: String] = [:]
        for (file, state, lang, item, en) in [
            ("morocco-item2.ar.txt", "Morocco", "ar", "2", "morocco-item2.en.txt"),
            ("peru-item2.es.txt", "Peru", "es", "2", "peru-item2.en.txt"),
            ("peru-item3.es.txt", "Peru", "es", "3", "peru-item3.en.txt"),
        ] {
            r = try crp(
                ["register", ref.appendingPathComponent(file).path, "--state", state, "--language", lang, "--item", item, "--received", "2020-09-18"], in: ws)
            #expect(r.status == 0, "\(r.err)")
            ids[en] = r.out.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        // Export XLIFF 2.1, fill as a CAT tool would, import.
        r = try crp(["export", "--all", "--format", "xliff2", "--output", "out"], in: ws)
        expectRefused(r, code: CRPExit.refused, saying: ["inside the workspace"])
        r = try crp(["export", "--all", "--format", "xliff2", "--output", "../out"], in: ws)
        #expect(r.status == 0, "\(r.err)")
        let written = lines(r.out).filter { !$0.isEmpty }
        #expect(written.count == 3)
        for (en, id) in ids {
            let url = dir.appendingPathComponent("out/\(id).xlf")
            #expect(written.contains(url.path))
            let english = try String(contentsOf: ref.appendingPathComponent(en), encoding: .utf8)
            try Data(try CATTool.fillXLIFF2(String(contentsOf: url, encoding: .utf8), english: english).utf8).write(to: url)
        }
        r = try crp(["import"] + ids.values.sorted().map { "../out/\($0).xlf" } + ["--translator", "CAT tool"], in: ws)
        #expect(r.status == 0, "\(r.err)")
        #expect(lines(r.out).filter { $0.contains(": translated (") }.count == 3, "\(r.out)")
        r = try crp(["import", "../out/\(ids["peru-item2.en.txt"]!).xlf"], in: ws)
        #expect(r.out.contains("unchanged"))
        r = try crp(["verify"], in: ws)
        #expect(r.status == 0, "verify reads the stored XLIFF back into the same text: \(r.out) \(r.err)")
        for id in ids.values { #expect(try crp(["review", id], in: ws).status == 0) }
        r = try crp(["compile", "--output", "paper.md"], in: ws)
        #expect(r.status == 0, "\(r.err)")
        let md = try String(contentsOf: ws.appendingPathComponent("paper.md"), encoding: .utf8)
        #expect(md.contains("Encouraging Member States to invite UNODC to provide technical assistance"))
        #expect(md.contains("Competent National Authorities Directory"))
        // TMX of the reviewed pairs.
        r = try crp(["export", "--status", "reviewed", "--format", "tmx", "--output", "../memory.tmx"], in: ws)
        #expect(r.status == 0, "\(r.err)")
        let tmx = try String(contentsOf: dir.appendingPathComponent("memory.tmx"), encoding: .utf8)
        let pairs = tmx.components(separatedBy: "<tu ").count - 1
        #expect(pairs == 11 + 4 + 3, "Morocco 11 segments, Peru item 2 four, item 3 three")
        #expect(r.err.contains("Wrote \(pairs) sentence pairs"), "\(r.err)")
        // Refusals name the file and what to do.
        r = try crp(["import", ExchangeFixtures.xliff.appendingPathComponent("valid/everything-core.xlf").path], in: ws)
        expectRefused(r, code: CRPExit.refused, saying: ["everything-core.xlf is valid XLIFF but not a RoomPaper export: no submission id"])
        r = try crp(["import", ExchangeFixtures.xliff.appendingPathComponent("invalid/bad_EcBeforeSc.xlf").path], in: ws)
        expectRefused(r, code: CRPExit.refused, saying: ["bad_EcBeforeSc.xlf is not valid XLIFF", "rule:"])
        r = try crp(["export", "--all", "--format", "xliff2", "--output", "../out"], in: ws)
        expectRefused(r, code: CRPExit.refused, saying: ["--force"])
        r = try crp(["export", "--format", "xliff2", "--output", "../out"], in: ws)
        expectRefused(r, code: CRPExit.usage, saying: ["exactly one of them"])
    }

    /// A translation attached over another, by `crp translate` or `crp import`, says what it replaced.
    @Test func importAndTranslateSayWhatTheyReplace() throws {
        let (dir, ws, ref) = try referenceWorkspace("replace")
        defer { try? FileManager.default.removeItem(at: dir) }
        var r: ProcResult
        r = try crp(
            [
                "register", ref.appendingPathComponent("peru-item2.es.txt").path, "--state", "Peru", "--language", "es", "--item", "2", "--received",
                "2020-09-18",
            ], in: ws)
        let id = r.out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(r.status == 0, "\(r.err)")
        r = try crp(["export", id, "--format", "xliff2", "--output", "../out"], in: ws)
        #expect(r.status == 0, "\(r.err)")
        let xlf = dir.appendingPathComponent("out/\(id).xlf")
        let english = try String(contentsOf: ref.appendingPathComponent("peru-item2.en.txt"), encoding: .utf8)
        try Data(try CATTool.fillXLIFF2(String(contentsOf: xlf, encoding: .utf8), english: english).utf8).write(to: xlf)
        r = try crp(["import", xlf.path], in: ws)
        #expect(r.status == 0 && !r.err.contains("Replaced"), "\(r)")
        // Another rendering by hand replaces the CAT tool's; importing the XLIFF again replaces it back.
        let edited = dir.appendingPathComponent("peru-edited.en.txt")
        try Data((english + "\nA paragraph the editor added.\n").utf8).write(to: edited)
        r = try crp(["translate", id, edited.path], in: ws)
        #expect(r.status == 0, "\(r)")
        #expect(r.err.contains("Replaced the translation attached on ") && r.err.contains("(\(id).xlf)"), "\(r.err)")
        r = try crp(["import", xlf.path], in: ws)
        #expect(r.status == 0, "\(r)")
        #expect(r.err.contains("Replaced the translation attached on ") && r.err.contains("(peru-edited.en.txt)"), "\(r.err)")
        #expect(try crp(["verify"], in: ws).status == 0)
    }

    @Test func alignedViewIsWidthAwareForArabicAndChinese() throws {
        let dir = Scratch.root.appendingPathComponent("crp-xlf-aligned-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let ws = dir.appendingPathComponent("paper")
        let ref = ExchangeFixtures.reference
        try crp(["init", ws.path, "--from", ref.appendingPathComponent("paper.yaml").path], in: dir)
        var r = try crp(["register", ref.appendingPathComponent("morocco-item2.ar.txt").path, "--state", "Morocco", "--language", "ar", "--item", "2"], in: ws)
        let morocco = r.out.trimmingCharacters(in: .whitespacesAndNewlines)
        try crp(["translate", morocco, ref.appendingPathComponent("morocco-item2.en.txt").path], in: ws)
        let zh = dir.appendingPathComponent("china.zh.txt"), zhEN = dir.appendingPathComponent("china.en.txt")
        try Data("各国应当加强合作，共同打击跨国有组织犯罪。我们支持这一建议！\n\n另外，请注意第三点：应当提供技术援助。\n".utf8).write(to: zh)
        try Data(
            "States should strengthen cooperation to jointly combat transnational organized crime. We support this recommendation!\n\nIn addition, please note the third point: technical assistance should be provided.\n"
                .utf8
        ).write(to: zhEN)
        r = try crp(["register", zh.path, "--state", "China", "--language", "zh", "--item", "2"], in: ws)
        let china = r.out.trimmingCharacters(in: .whitespacesAndNewlines)
        try crp(["translate", china, zhEN.path], in: ws)
        for (id, width) in [(morocco, 60), (morocco, 101), (china, 41), (china, 80)] {
            for mode in ["--visual", "--logical"] {
                r = try crp(["show", id, "--aligned", "--width", String(width), mode], in: ws)
                #expect(r.status == 0, "\(r.err)")
                let rows = lines(r.out).filter { $0.contains("│") }
                #expect(rows.count > 4)
                let col = (width - 3) / 2
                for row in rows {
                    #expect(CharacterProperties.columns(row) <= width, "\(id) \(mode) width \(width): \(row)")
                    let left = String(row[..<row.range(of: " │")!.lowerBound])
                    #expect(CharacterProperties.columns(left) == col, "the separator is in the same column on every line: \(row)")
                }
                if id == morocco {
                    let arabic = rows.first!
                    if mode == "--visual" {
                        #expect(arabic.unicodeScalars.contains { (0xFE70...0xFEFF).contains($0.value) }, "shaped for terminals without bidi")
                    } else {
                        #expect(arabic.unicodeScalars.contains("\u{2067}") && arabic.unicodeScalars.contains("\u{2069}"), "isolated for terminals with bidi")
                    }
                    #expect(arabic.hasPrefix(" "), "right-aligned")
                }
            }
        }
        r = try crp(["show", china, "--aligned", "--width", "41"], in: ws)
        // 41 columns leave 19 for the original: nine ideographs (two columns each); the line breaks
        // after the full-width comma (it may not start a line), and the next line goes on from there.
        let chineseRows = lines(r.out).filter { $0.contains("│") }
        let leftColumns = chineseRows.map { String($0[..<$0.range(of: " │")!.lowerBound]).trimmingCharacters(in: .whitespaces) }
        #expect(leftColumns.first == "各国应当加强合作，", "first line of the original: \(leftColumns.first ?? "none")")
        #expect(leftColumns.count > 1 && leftColumns[1].hasPrefix("共同打击"), "second line of the original: \(leftColumns.dropFirst().first ?? "none")")
    }
}
