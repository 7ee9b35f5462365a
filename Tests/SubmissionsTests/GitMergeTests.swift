import Foundation
import Submissions
import TestSupport
import Testing

extension CRPProcessTests {
    @Suite("Two clones merged with plain git merge")
    struct GitMerge {
        static let gitPath: String? = Clients.which("git")

        @discardableResult
        func git(_ args: [String], in dir: URL, sourceLocation: SourceLocation = #_sourceLocation) throws -> ProcResult {
            let r = try Proc.run(
                Self.gitPath!,
                [
                    "-c", "user.name=Store Tests", "-c", "user.email=store-tests@example.org",
                    "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", "-c", "core.autocrlf=false",
                    "-C", dir.path,
                ] + args,
                env: ["GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_TERMINAL_PROMPT": "0"])
            #expect(r.ok, "git \(args.joined(separator: " ")): \(r)", sourceLocation: sourceLocation)
            if !r.ok { throw HarnessError("git \(args.joined(separator: " ")) failed: \(r)") }
            return r
        }

        @Test(.enabled(if: Clients.runs(CRPProcessTests.GitMerge.gitPath != nil), "SKIPPED: git is not installed (CRP_ALLOW_MISSING_CLIENTS=1)"))
        func registerAndChangeStatusInTwoClonesThenMerge() throws {
            guard Self.gitPath != nil else { return Clients.missing("git is not installed") }
            let dir = try CRP.tempDir("git")
            defer { try? FileManager.default.removeItem(at: dir) }
            let scratch = dir.appendingPathComponent("in")
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            let origin = dir.appendingPathComponent("origin")
            try CRP.initWorkspace(origin)
            // A shared starting point: one translated submission, one received.
            let shared = try CRP.register(Texts.spanish("shared"), state: "Peru", in: origin, scratch: scratch)
            try CRP.translate(shared, Texts.english("shared"), in: origin, scratch: scratch)
            let shared2 = try CRP.register(Texts.spanish("shared two"), state: "Peru", in: origin, scratch: scratch)
            try git(["init", "-q", "-b", "main"], in: origin)
            try git(["add", "-A"], in: origin)
            try git(["commit", "-q", "-m", "start"], in: origin)
            #expect(try git(["ls-files"], in: origin).out.split(separator: "\n").allSatisfy { !$0.hasPrefix(".crp/") }, ".crp/ is not tracked")

            let first = dir.appendingPathComponent("first"), second = dir.appendingPathComponent("second")
            try git(["clone", "-q", origin.path, first.path], in: dir)
            try git(["clone", "-q", origin.path, second.path], in: dir)

            // First clone (one duty station).
            var firstIDs: [String] = []
            for (k, state) in ["Chile", "Mexico", "Spain"].enumerated() {
                let id = try CRP.register(Texts.spanish("first clone \(k)"), state: state, in: first, scratch: scratch)
                try CRP.translate(id, Texts.english("first clone \(k)"), in: first, scratch: scratch)
                try CRP.ok(["review", id], in: first)
                firstIDs.append(id)
            }
            try CRP.ok(["review", shared], in: first)
            try CRP.translate(shared2, Texts.english("shared two, first"), in: first, scratch: scratch)
            try CRP.ok(["include", firstIDs[0]], in: first)
            try git(["add", "-A"], in: first)
            try git(["commit", "-q", "-m", "first duty station"], in: first)

            // Second clone (another duty station), same shared submissions touched too.
            var secondIDs: [String] = []
            for (k, state) in ["Argentina", "Colombia", "Peru"].enumerated() {
                let id = try CRP.register(Texts.spanish("second clone \(k)"), state: state, in: second, scratch: scratch)
                try CRP.translate(id, Texts.english("second clone \(k)"), in: second, scratch: scratch)
                try CRP.ok(["review", id], in: second)
                secondIDs.append(id)
            }
            try CRP.ok(["withdraw", shared2, "--reason", "replaced"], in: second)
            try CRP.translate(shared, Texts.english("shared, second translation"), in: second, scratch: scratch)
            try git(["add", "-A"], in: second)
            try git(["commit", "-q", "-m", "second duty station"], in: second)

            // No central file: each clone's commit touches only the folders of the submissions it changed.
            for (clone, touched) in [(first, firstIDs + [shared, shared2]), (second, secondIDs + [shared, shared2])] {
                let changed = try git(["diff", "--name-only", "HEAD~1", "HEAD"], in: clone).out.split(separator: "\n").map(String.init)
                #expect(!changed.isEmpty)
                for path in changed {
                    #expect(touched.contains(String(path.split(separator: "/").first!)), "\(path) is outside the changed submissions")
                }
                // History is append-only: no file that existed before was modified or deleted.
                let modified = try git(["diff", "--name-only", "--diff-filter=MDR", "HEAD~1", "HEAD"], in: clone).out
                #expect(modified.isEmpty, "rewritten or deleted: \(modified)")
            }

            // Plain git merge of the second into the first.
            try git(["remote", "add", "second", second.path], in: first)
            try git(["fetch", "-q", "second"], in: first)
            let merge = try git(["merge", "--no-edit", "second/main"], in: first)
            #expect(!merge.out.contains("CONFLICT") && !merge.err.contains("CONFLICT"))
            #expect(try git(["diff", "--name-only", "--diff-filter=U"], in: first).out.isEmpty, "no conflicted file")
            #expect(try git(["status", "--porcelain"], in: first).out.isEmpty, "clean tree after the merge")

            let rows = try CRP.status(first)
            let all = Set([shared, shared2] + firstIDs + secondIDs)
            #expect(Set(rows.map(\.id)) == all, "every record is present")
            let byID = Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0.status) })
            for id in firstIDs.dropFirst() + secondIDs { #expect(byID[id] == "reviewed", "\(id)") }
            #expect(byID[firstIDs[0]] == "included")
            #expect(byID[shared2] == "withdrawn")
            let v = try CRP.verify(first)
            #expect(v.exit == 0 && v.problems.isEmpty, "\(v.problems)")
            // Both histories of the shared submission survive, each event once.
            let log = try JSONDecoder().decode([Event].self, from: CRP.ok(["log", shared, "--json"], in: first).stdout)
            #expect(log.filter { $0.action == .translated }.count == 2)
            #expect(log.filter { $0.action == .reviewed }.count == 1)
            #expect(log.first?.action == .registered)

            // The other direction merges too, to the same tree.
            try git(["pull", "-q", "--no-rebase", "--no-edit", first.path, "main"], in: second)
            #expect(Set(try CRP.status(second).map(\.id)) == all)
            #expect(try CRP.verify(second).exit == 0)
            #expect(try git(["rev-parse", "HEAD^{tree}"], in: first).out == git(["rev-parse", "HEAD^{tree}"], in: second).out)
        }
    }
}
