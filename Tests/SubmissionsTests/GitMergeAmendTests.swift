import Foundation
import Submissions
import Testing

extension CRPProcessTests.GitMerge {
    /// One duty station corrects a submission while another translates it: plain git merge, no
    /// conflict, both events applied, verify clean.
    @Test(.enabled(if: CRPProcessTests.GitMerge.gitPath != nil, "git is not installed"))
    func amendInOneCloneTranslateInTheOtherThenMerge() throws {
        let dir = try CRP.tempDir("git-amend")
        defer { try? FileManager.default.removeItem(at: dir) }
        let scratch = dir.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let origin = dir.appendingPathComponent("origin")
        try CRP.initWorkspace(origin)
        let id = try CRP.register(Texts.spanish("to be corrected"), state: "Colombia", in: origin, scratch: scratch)
        try git(["init", "-q", "-b", "main"], in: origin)
        try git(["add", "-A"], in: origin)
        try git(["commit", "-q", "-m", "start"], in: origin)
        let first = dir.appendingPathComponent("first"), second = dir.appendingPathComponent("second")
        try git(["clone", "-q", origin.path, first.path], in: dir)
        try git(["clone", "-q", origin.path, second.path], in: dir)

        try CRP.ok(["amend", id, "--state", "Chile", "--item", "2", "--item", "3", "--reason", "Registered under the wrong State"], in: first)
        try git(["add", "-A"], in: first)
        try git(["commit", "-q", "-m", "corrected"], in: first)
        try CRP.translate(id, Texts.english("to be corrected"), in: second, scratch: scratch)
        try git(["add", "-A"], in: second)
        try git(["commit", "-q", "-m", "translated"], in: second)

        try git(["remote", "add", "second", second.path], in: first)
        try git(["fetch", "-q", "second"], in: first)
        let merge = try git(["merge", "--no-edit", "second/main"], in: first)
        #expect(!merge.out.contains("CONFLICT") && !merge.err.contains("CONFLICT"))
        #expect(try git(["status", "--porcelain"], in: first).out.isEmpty)
        let row = try CRP.status(first).first { $0.id == id }
        #expect(row?.state == "Chile")
        #expect(row?.items == [2, 3])
        #expect(row?.status == "translated")
        let log = try JSONDecoder().decode([Event].self, from: CRP.ok(["log", id, "--json"], in: first).stdout)
        #expect(log.map(\.action).sorted { $0.rawValue < $1.rawValue } == [.amended, .registered, .translated])
        let v = try CRP.verify(first)
        #expect(v.exit == 0 && v.problems.isEmpty, "\(v.problems)")
    }
}
