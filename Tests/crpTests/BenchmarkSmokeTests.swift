import Foundation
import Testing

/// CI runs the benchmark runner on tiny inputs: it must make its inputs, run crp and its peers
/// (uconv, pandoc) and print every ratio. The figures themselves are not judged here (a debug
/// build on a shared machine says nothing about speed); `python3 Benchmarks/run.py` does that.
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
        for needle in ["1. register", "crp/uconv =", "2. compile", "to docx", "to html", "pandoc/crp =", "3. store of 200", "growth x10", "4. crp --help", "benchmarks: done"] {
            #expect(text.contains(needle), "missing \(needle) in:\n\(text)")
        }
        print(text)
    }
}
