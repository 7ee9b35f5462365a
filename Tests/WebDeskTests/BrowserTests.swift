import Foundation
import TestSupport
import Testing

/// The officer's day in a real browser: Playwright for Python driving Debian's Chromium against the
/// built `crp serve` (Browser/officers_day.py), with axe-core on every page. The screenshots (board,
/// the Arabic submission, compile, proofreading a scan) are kept in the folder printed, under CRP_RENDER_KEEP when set.
@Suite struct BrowserTests {
    static var ready: Bool {
        Clients.installed("chromium") && Clients.installed("curl") && Clients.pythonImports("playwright")
            && Clients.pythonImports("axe_playwright_python") && Clients.pythonImports("docx")
    }

    @Test(.enabled(if: Clients.runs(ready))) func anOfficersDayInTheBrowser() throws {
        guard Self.ready else {
            Clients.missing("Chromium, curl and the pip packages playwright, axe-playwright-python and python-docx are needed")
            return
        }
        let d = try DeskServer("browser")
        let out = try Scratch.keepable("desk-browser")
        let script = Repo.root.appendingPathComponent("Tests/WebDeskTests/Browser/officers_day.py")
        let r = try Proc.run(
            "python3", [script.path, d.base, d.ws.path, Repo.fixtures.path, out.path, try CRPBinary.path()],
            env: DeskServer.now.merging(["NO_COLOR": "1"]) { $1 }, timeout: 600)
        print("desk screenshots: \(out.path)")
        #expect(r.status == 0, "\(r.out)\n\(r.err)")
        #expect(r.out.hasSuffix("OK\n"), "\(r.out)")
        for shot in ["board.png", "submission-arabic.png", "compile.png", "proofread.png", "proofread-pdf.png", "exchange.png"] {
            let size = (try? FileManager.default.attributesOfItem(atPath: out.appendingPathComponent(shot).path)[.size] as? Int) ?? 0
            #expect(size > 10_000, "\(shot): \(size) bytes")
        }
    }
}
