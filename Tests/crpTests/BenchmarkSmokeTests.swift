import Foundation
import TestSupport
import Testing

/// CI runs the benchmark runner on tiny inputs: it must make its inputs, build the ICU floor
/// (Benchmarks/floor.c, with cc or the toolchain's clang), run crp beside its peers and floors and
/// print every row of its table. The figures themselves are not judged here (a debug build on a
/// shared machine says nothing about speed); `python3 Benchmarks/run.py` does that.
@Suite(.serialized) struct BenchmarkSmokeTests {
    @Test func runnerPrintsEveryFigure() throws {
        let missing = ["python3", "uconv", "pandoc"].filter { !Clients.installed($0) }
        if !missing.isEmpty {
            return Clients.missing("the benchmark smoke run needs \(missing.joined(separator: ", ")) (Scripts/setup.sh installs them)")
        }
        let r = try Proc.run(
            "python3", [CLI.repo.appendingPathComponent("Benchmarks/run.py").path, "--smoke", "--crp", try CLI.binary.path],
            timeout: 600)
        let text = r.out + r.err
        #expect(r.ok, "\(r)")
        for needle in [
            "register vs uconv -x nfc", "register vs ICU floor", "register peak RSS", "compile docx vs pandoc", "compile html vs pandoc",
            "status --json vs find -exec cat", "verify vs find -exec sha256sum", "200 submissions",
            "growth status --json x10", "growth verify x10", "crp --help", "benchmarks: done",
        ] {
            #expect(text.contains(needle), "missing \(needle) in:\n\(text)")
        }
        print(text)
    }
}
