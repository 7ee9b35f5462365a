import Foundation
import RoomPaper
import Submissions
import TestSupport
import Testing

@Suite("crp report: the overview a head of unit reads", .serialized)
struct OverviewReportTests {
    static func overview() throws -> Overview {
        try Overview.build(store: try VariedStore.make(), catalog: try TestRepository.catalog())
    }

    @Test func figuresComeFromTheStore() throws {
        let o = try Self.overview()
        #expect(o.totals.submissions == 3)
        #expect(o.items.map(\.number) == [2, 3])
        #expect(o.items[0].byStatus["received"] == 1 && o.items[0].byStatus["included"] == 1 && o.items[0].total == 2)
        #expect(o.items[1].byStatus["withdrawn"] == 1 && o.items[1].total == 1)
        // The withdrawn submission (received 2020-09-25) is counted only in its own list.
        #expect(o.received.map(\.date) == ["2020-09-18", "2020-10-03"])
        #expect(o.received.map(\.cumulative) == [1, 2])
        #expect(o.received.map(\.late) == [false, true])
        #expect(o.languages.map(\.language) == ["ar", "es"])
        #expect(o.languages[0].wordsPending == 281 && o.languages[1].wordsPending == 0)
        #expect(o.late.map(\.id) == [VariedStore.peruLate])
        #expect(o.withdrawn.map(\.id) == [VariedStore.peruWithdrawn])
        #expect(o.withdrawn.first?.reason == "replaced by the State")
        // The same reasons as compile: Morocco is left out as "not translated".
        #expect(o.nextCompile.included.map(\.id) == [VariedStore.peruLate])
        #expect(o.nextCompile.leftOut.map(\.id) == [VariedStore.morocco])
        #expect(o.nextCompile.leftOut.first?.reason == "not translated")
        #expect(o.templateValues.isEmpty)
    }

    @Test func htmlIsSelfContainedAndIsolatesNames() throws {
        let html = try Self.overview().html()
        #expect(!html.lowercased().contains("<script"))
        // Nothing is loaded from anywhere: the only URL is the SVG namespace.
        #expect(!html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "").contains("://"))
        #expect(html.contains("@page { size: A4"))
        #expect(html.contains("<svg id=\"received-chart\""))
        #expect(html.contains("<bdi>Morocco</bdi>"))
        #expect(html.contains("<bdi>Peru</bdi>"))
    }

    @Test func markdownAndJSONCarryTheSameFigures() throws {
        let o = try Self.overview()
        let md = o.markdown()
        #expect(md.contains("| 2 | 1 | 0 | 0 | 1 | 0 | 2 |"))
        #expect(md.contains("| Arabic (ar) | 1 | 1 | 281 |"))
        #expect(md.contains("- Left out: Morocco: not translated"))
        #expect(md.contains("6 days since the deadline (2020-09-30)."))
        let back = try JSONDecoder().decode(Overview.self, from: Data(try o.json().utf8))
        #expect(back == o)
    }

    /// Chromium's console messages (with --enable-logging=stderr) that report an error.
    static func consoleErrors(_ stderr: String) -> [String] {
        stderr.components(separatedBy: "\n").filter { $0.contains("CONSOLE") || $0.contains("Uncaught") }
    }

    @Test func chromiumRendersThePageWithEveryFigureAndNoConsoleError() throws {
        guard let chromium = RenderClients.chromium else {
            Clients.missing("Chromium is not installed (the overview is checked in a real browser)")
            return
        }
        let o = try Self.overview()
        let dir = try RenderClients.workFolder("overview")
        let html = dir.appendingPathComponent("overview.html")
        try Data(o.html().utf8).write(to: html)
        let common = [
            "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
            "--user-data-dir=" + dir.appendingPathComponent("chromium-profile").path,
        ]
        let png = dir.appendingPathComponent("overview.png")
        let shot = try RenderClients.run(chromium, common + ["--screenshot=" + png.path, "--window-size=1200,2000", html.absoluteString])
        #expect(shot.status == 0, "Chromium failed: \(shot.err.suffix(600))")
        let bytes = (try? Data(contentsOf: png)) ?? Data()
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) && bytes.count > 10_000, "no screenshot (\(bytes.count) bytes)")
        let dom = try RenderClients.run(chromium, common + ["--dump-dom", html.absoluteString])
        #expect(dom.status == 0 && dom.out.contains("</html>"), "Chromium could not load the page: \(dom.err.suffix(600))")
        #expect(Self.consoleErrors(shot.err + dom.err) == [])

        // Every figure is in the DOM Chromium built.
        let d = dom.out
        func figure(_ id: String, _ value: Int) -> Bool { d.contains("id=\"\(id)\"><span class=\"value\">\(value)</span>") }
        // The headline counts what stands; the withdrawn are named beside it, not in it.
        #expect(!o.withdrawn.isEmpty)
        #expect(figure("total", o.totals.submissions - o.withdrawn.count))
        #expect(d.contains("submissions (and \(o.withdrawn.count) withdrawn)"))
        #expect(figure("in-paper", o.nextCompile.included.count))
        #expect(figure("pending", 1))
        #expect(figure("words", 281))
        #expect(figure("late", 1))
        #expect(figure("deadline", 6))
        for item in o.items {
            #expect(d.contains("Item \(item.number)</th>"))
            #expect(d.contains("<td class=\"n total\">\(item.total)</td>"))
        }
        for l in o.languages {
            #expect(
                d.contains(
                    "\(l.name) (\(l.language))</th><td class=\"n\">\(l.submissions)</td><td class=\"n\">\(l.pending)</td><td class=\"n\">\(l.wordsPending)</td>"
                ))
        }
        for day in o.received { #expect(d.contains("\(day.date): \(day.count) received")) }
        for l in o.late + o.withdrawn { #expect(d.contains(l.id)) }
        #expect(d.contains("replaced by the State"))
        #expect(d.contains("not translated"))
        #expect(d.contains("<bdi>Morocco</bdi>"))

        // The check can fail: a page with a script error is caught the same way.
        let bad = dir.appendingPathComponent("control.html")
        try Data("<!DOCTYPE html><html><body><p>x</p><script>undefinedFunction()</script></body></html>".utf8).write(to: bad)
        let control = try RenderClients.run(chromium, common + ["--dump-dom", bad.absoluteString])
        #expect(!Self.consoleErrors(control.err).isEmpty, "the console check saw nothing on a page with a script error: \(control.err.suffix(400))")
    }
}
