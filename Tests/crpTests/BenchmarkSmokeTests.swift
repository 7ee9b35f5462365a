import Foundation
import Testing

/// CI runs the benchmark runner on tiny inputs: it must make its inputs, build the ICU floor
/// (Benchmarks/floor.c, with cc or the toolchain's clang), run crp beside its peers and floors and
/// print every row of its table. The figures themselves are not judged here (a debug build on a
/// shared machine says nothing about speed); `python3 Benchmarks/run.py` does that.
@Suite(.serialized) struct BenchmarkSmokeTests {
    @Test func runnerPrintsEveryFigure() throws {
        let missing = ["python3", "uconv", "pandoc"].filter { tool in
            !(ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":").contains {
                FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)")
            }
        }
        if !missing.isEmpty {
            if ProcessInfo.processInfo.environment["CRP_ALLOW_MISSING_CLIENTS"] == "1" {
                print("SKIPPED: benchmark smoke run needs \(missing.joined(separator: ", ")) (Scripts/setup.sh installs them)")
                return
            }
            Issue.record("the benchmark smoke run needs \(missing.joined(separator: ", ")): run Scripts/setup.sh")
            return
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", CLI.repo.appendingPathComponent("Benchmarks/run.py").path, "--smoke", "--crp", CLI.binary.path]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        #expect(p.terminationStatus == 0, "\(text)")
        for needle in ["register vs uconv -x nfc", "register vs ICU floor", "register peak RSS", "compile docx vs pandoc", "compile html vs pandoc",
                       "status --json vs find -exec cat", "verify vs find -exec sha256sum", "200 submissions",
                       "growth status --json x10", "growth verify x10", "crp --help", "benchmarks: done"] {
            #expect(text.contains(needle), "missing \(needle) in:\n\(text)")
        }
        print(text)
    }
}
