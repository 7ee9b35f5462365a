import Foundation
import Submissions
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Every test that runs the real `crp` binary lives under this suite, one at a time: they start
/// many processes and the CI machine has two cores.
@Suite("crp processes", .serialized)
struct CRPProcessTests {}

extension CRPProcessTests {
    @Suite("crp verify and transitions through the CLI")
    struct VerifyCLI {
        struct Workspace {
            let dir: URL, ws: URL, scratch: URL
            init(_ label: String) throws {
                dir = try CRP.tempDir(label)
                ws = dir.appendingPathComponent("ws")
                scratch = dir.appendingPathComponent("in")
                try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
                try CRP.initWorkspace(ws)
            }
            func cleanup() { try? FileManager.default.removeItem(at: dir) }
        }

        @Test func binaryIsFound() throws {
            let exe = try CRP.executable
            print("crp under test: \(exe)")
            #expect(FileManager.default.isExecutableFile(atPath: exe), "crp not found at \(exe)")
            let r = try CRP.run(["--version"])
            #expect(r.ok, "\(r)")
        }

        @Test func verifyFindsAndRepairsDerivedDataButNeverOriginals() throws {
            let w = try Workspace("verify")
            defer { w.cleanup() }
            let a = try CRP.register(Texts.spanish("verify-a"), state: "Peru", in: w.ws, scratch: w.scratch)
            let b = try CRP.register(Texts.spanish("verify-b"), state: "Chile", in: w.ws, scratch: w.scratch)
            let c = try CRP.register(Texts.spanish("verify-c"), state: "Mexico", in: w.ws, scratch: w.scratch)
            try CRP.translate(c, Texts.english("verify-c"), in: w.ws, scratch: w.scratch)
            var v = try CRP.verify(w.ws)
            #expect(v.exit == 0 && v.problems.isEmpty, "\(v.raw)")

            // a: altered original (made writable, one byte changed).
            let origA = w.ws.appendingPathComponent("\(a)/original.txt")
            #expect(chmod(origA.path, 0o644) == 0)
            var bytes = try Data(contentsOf: origA)
            bytes[bytes.startIndex] = UInt8(ascii: "c")
            try bytes.write(to: origA)
            // b: deleted text.txt.
            let origB = w.ws.appendingPathComponent("\(b)/original.txt")
            let hashB = FileIO.sha256(try Data(contentsOf: origB))
            let textB = try Data(contentsOf: w.ws.appendingPathComponent("\(b)/text.txt"))
            try FileManager.default.removeItem(at: w.ws.appendingPathComponent("\(b)/text.txt"))
            // c: tampered analysis.json (a count changed) and stale translation text.
            let anURL = w.ws.appendingPathComponent("\(c)/analysis.json")
            let an = try String(contentsOf: anURL, encoding: .utf8)
            let tampered = an.replacingOccurrences(of: #""sentences" : "#, with: #""sentences" : 9"#)
            #expect(tampered != an)
            try Data(tampered.utf8).write(to: anURL)
            let tdir = try FileManager.default.contentsOfDirectory(atPath: w.ws.appendingPathComponent("\(c)/translations").path).first!
            try Data("edited by hand\n".utf8).write(to: w.ws.appendingPathComponent("\(c)/translations/\(tdir)/text.txt"))

            v = try CRP.verify(w.ws)
            #expect(v.exit == 1, "\(v.raw)")
            let files = Set(v.problems.map(\.file))
            #expect(files.contains("\(a)/original.txt"), "\(v.problems)")
            #expect(files.contains("\(b)/text.txt"), "\(v.problems)")
            #expect(files.contains("\(c)/analysis.json"), "\(v.problems)")
            #expect(files.contains("\(c)/translations/\(tdir)/text.txt"), "\(v.problems)")
            #expect(v.problems.first { $0.file == "\(a)/original.txt" }?.repairable == false)
            #expect(v.problems.filter { $0.id != a }.allSatisfy { $0.repairable })
            // The plain listing names every problem and exits non-zero.
            let plain = try CRP.run(["verify", "--workspace", w.ws.path])
            #expect(plain.exitCode == 1)
            #expect(plain.out.contains("\(a)/original.txt") && plain.out.contains("\(b)/text.txt"), "\(plain)")

            v = try CRP.verify(w.ws, repair: true)
            #expect(v.exit == 1, "the altered original remains")
            #expect(v.problems.map(\.file) == ["\(a)/original.txt"], "\(v.problems)")
            #expect(try Data(contentsOf: origA) == bytes, "repair never rewrites an original")
            #expect(FileIO.sha256(try Data(contentsOf: origB)) == hashB)
            #expect(try Data(contentsOf: w.ws.appendingPathComponent("\(b)/text.txt")) == textB)
            #expect(try String(contentsOf: anURL, encoding: .utf8) == an)
        }

        @Test func refusedTransitionsExitNonZeroAndChangeNothing() throws {
            let w = try Workspace("transitions")
            defer { w.cleanup() }
            let id = try CRP.register(Texts.spanish("transitions"), state: "Peru", in: w.ws, scratch: w.scratch)
            func events() throws -> Int { try FileManager.default.contentsOfDirectory(atPath: w.ws.appendingPathComponent("\(id)/events").path).count }
            for cmd in [["review", id], ["include", id]] {
                let r = try CRP.run(cmd + ["--workspace", w.ws.path])
                #expect(r.exitCode == 1, "\(cmd): \(r)")
                #expect(r.err.contains("crp: error:") && r.err.contains(id), "\(r)")
            }
            #expect(try events() == 1)
            try CRP.ok(["withdraw", id, "--reason", "replaced by a corrected text"], in: w.ws)
            let tr = w.scratch.appendingPathComponent("late.en.txt")
            try Data(Texts.english("transitions").utf8).write(to: tr)
            let r = try CRP.run(["translate", id, tr.path, "--workspace", w.ws.path])
            #expect(r.exitCode == 1 && r.err.contains("withdrawn"), "\(r)")
            #expect(try events() == 2)
            #expect(!FileManager.default.fileExists(atPath: w.ws.appendingPathComponent("\(id)/translations").path))
            #expect(try CRP.verify(w.ws).exit == 0)
        }

        /// With CRP_NOW fixed every command gets the same time; the history must still read in the
        /// order the commands ran.
        @Test func historyKeepsCommandOrderWhenTheClockStandsStill() throws {
            let w = try Workspace("clock")
            defer { w.cleanup() }
            let env = ["CRP_NOW": "2020-09-20T10:00:00Z"]
            for k in 0..<6 {
                let f = w.scratch.appendingPathComponent("o\(k).txt")
                try Data(Texts.spanish("clock-\(k)").utf8).write(to: f)
                let id = try CRP.ok(["register", f.path, "--state", "Peru", "--language", "es", "--item", "2"], in: w.ws, env: env)
                    .out.trimmingCharacters(in: .whitespacesAndNewlines)
                let t = w.scratch.appendingPathComponent("t\(k).txt")
                try Data(Texts.english("clock-\(k)").utf8).write(to: t)
                try CRP.ok(["translate", id, t.path], in: w.ws, env: env)
                try CRP.ok(["review", id], in: w.ws, env: env)
                try CRP.ok(["include", id], in: w.ws, env: env)
                let log = try JSONDecoder().decode([Event].self, from: CRP.ok(["log", id, "--json"], in: w.ws).stdout)
                #expect(log.map(\.action) == [.registered, .translated, .reviewed, .included], "\(id)")
            }
            #expect(try CRP.status(w.ws).allSatisfy { $0.status == "included" })
            #expect(try CRP.verify(w.ws).exit == 0)
        }
    }
}
