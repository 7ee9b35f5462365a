import Foundation
import TestSupport
import Testing

/// CI runs the benchmark runner on tiny inputs: it must make its inputs, run crp and its peers
/// (uconv, pandoc) and print every ratio. The figures themselves are not judged here (a debug
/// build on a shared machine says nothing about speed); `python3 Benchmarks/run.py` does that.
@Suite(.serialized) struct BenchmarkSmokeTests {
    @Test func runnerPrintsEveryFigure() throws {
        let missing = ["python3", "uconv", "pandoc"].filter { !Clients.installed($0) }
        if !missing.isEmpty {
            return Clients.missing("the benchmark smoke run needs \(missing.joined(separator: ", ")) (Scripts/setup.sh installs them)")
        }
        let r = try Proc.run("python3", [CLI.repo.appendingPathComponent("Benchmarks/run.py").path, "--smoke", "--crp", try CLI.binary.path],
                             timeout: 600)
        let text = r.out + r.err
        #expect(r.ok, "\(r)")
        for needle in ["1. register", "crp/uconv =", "2. compile", "to docx", "to html", "pandoc/crp =", "3. store of 200", "growth x10", "4. crp --help", "benchmarks: done"] {
            #expect(text.contains(needle), "missing \(needle) in:\n\(text)")
        }
        print(text)
    }
}
