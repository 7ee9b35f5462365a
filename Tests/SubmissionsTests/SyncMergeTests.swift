import Foundation
import Submissions
import TestSupport
import Testing

extension CRPProcessTests {
    /// What a sync checks in the folders that came in from another duty station (without reading
    /// their originals again): each file against its record. A copy that skipped crp and pushed
    /// an altered text with plain git is caught, and nothing is sent.
    @Suite("crp sync checks what came in")
    struct SyncIncomingCLI {
        typealias H = SyncHarness

        /// A scratch folder, a folder for the files to register, a bare remote, and two sites
        /// sharing it (Vienna and New York).
        static func twoSites(_ name: String) throws -> (dir: URL, scratch: URL, remote: URL, a: URL, b: URL) {
            let dir = try CRP.tempDir(name)
            let scratch = dir.appendingPathComponent("in")
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            let remote = try H.bare(dir)
            let (a, b) = try H.twoSites(dir, remote: remote.path)
            return (dir, scratch, remote, a, b)
        }

        @Test(.enabled(if: Clients.runs(SyncHarness.gitPath != nil), "SKIPPED: git is not installed (CRP_ALLOW_MISSING_CLIENTS=1)"))
        func anAlteredTextPushedWithPlainGitIsCaughtAndNothingIsSent() throws {
            guard H.gitPath != nil else { return Clients.missing("git is not installed") }
            let (dir, scratch, remote, a, b) = try Self.twoSites("sync-incoming")
            defer { try? FileManager.default.removeItem(at: dir) }
            let id = try H.register("sent from vienna", state: "Peru", in: a, scratch: scratch)
            let other = try H.register("also from vienna", state: "Chile", in: a, scratch: scratch)
            try H.ok(["sync"], in: a)
            _ = try H.register("registered in new york", state: "Mexico", in: b, scratch: scratch)
            // Vienna's text altered by hand and pushed with plain git, past crp's checks.
            let text = a.appendingPathComponent("\(id)/text.txt")
            try Data("Texto cambiado a mano.\n".utf8).write(to: text)
            try H.git(["commit", "-q", "-am", "hand edit"], in: a)
            try H.git(["push", "-q", remote.path, "HEAD:main"], in: a)
            let remoteHead = try H.git(["--git-dir", remote.path, "rev-parse", "main"], in: dir).out
            let r = try H.crp(["sync"], in: b)
            #expect(r.status == 1, "\(r)")
            #expect(r.err.contains("\(id)/text.txt: the derived text differs from the one its analysis was made from"), "\(r)")
            #expect(r.err.contains("so nothing was sent") && r.err.contains("crp verify"), "\(r)")
            #expect(!r.err.contains(other), "the unaltered submission that came with it is in order: \(r)")
            #expect(try H.git(["--git-dir", remote.path, "rev-parse", "main"], in: dir).out == remoteHead, "nothing was pushed")
        }

        /// A folder that comes in whole is looked through in git's list of what it wrote (no
        /// walk of the disk): a folder no event names is still found there, and a link sends the
        /// folder back to the walk, which finds it.
        @Test(.enabled(if: Clients.runs(SyncHarness.gitPath != nil), "SKIPPED: git is not installed (CRP_ALLOW_MISSING_CLIENTS=1)"))
        func aStrayFolderOrALinkThatCameInIsCaughtAndNothingIsSent() throws {
            guard H.gitPath != nil else { return Clients.missing("git is not installed") }
            let (dir, scratch, remote, a, b) = try Self.twoSites("sync-incoming-stray")
            defer { try? FileManager.default.removeItem(at: dir) }
            let id = try H.register("sent from vienna", state: "Peru", in: a, scratch: scratch)
            let other = try H.register("also from vienna", state: "Chile", in: a, scratch: scratch)
            let clean = try H.register("and a third", state: "Cuba", in: a, scratch: scratch)
            // Added by hand and pushed with plain git: a translation no event names, and a link.
            let stray = a.appendingPathComponent("\(id)/translations/unrecorded")
            try FileManager.default.createDirectory(at: stray, withIntermediateDirectories: true)
            try Data("not attached by crp\n".utf8).write(to: stray.appendingPathComponent("record.json"))
            try FileManager.default.createSymbolicLink(atPath: a.appendingPathComponent("\(other)/notes.txt").path, withDestinationPath: "/etc/hostname")
            try H.git(["add", "-A"], in: a)
            try H.git(["commit", "-q", "-m", "by hand"], in: a)
            try H.git(["push", "-q", remote.path, "HEAD:main"], in: a)
            let remoteHead = try H.git(["--git-dir", remote.path, "rev-parse", "main"], in: dir).out
            _ = try H.register("registered in new york", state: "Mexico", in: b, scratch: scratch)
            let r = try H.crp(["sync"], in: b)
            #expect(r.status == 1, "\(r)")
            #expect(r.err.contains("\(id)/translations/unrecorded: a translation folder that no event refers to"), "\(r)")
            #expect(r.err.contains("\(other)/notes.txt: a symbolic link"), "\(r)")
            #expect(!r.err.contains(clean), "the folder that came in as crp wrote it is in order: \(r)")
            #expect(try H.git(["--git-dir", remote.path, "rev-parse", "main"], in: dir).out == remoteHead, "nothing was pushed")
        }

        /// Many folders come in at once, so that sync checks most of them while git is still
        /// writing the others: one altered in the middle of them is caught all the same, and
        /// nothing is sent.
        @Test(.enabled(if: Clients.runs(SyncHarness.gitPath != nil), "SKIPPED: git is not installed (CRP_ALLOW_MISSING_CLIENTS=1)"))
        func oneAlteredFolderAmongManyThatCameInIsCaught() throws {
            guard H.gitPath != nil else { return Clients.missing("git is not installed") }
            let (dir, scratch, remote, a, b) = try Self.twoSites("sync-incoming-many")
            defer { try? FileManager.default.removeItem(at: dir) }
            let states = [
                "Albania", "Algeria", "Andorra", "Angola", "Argentina", "Armenia", "Australia", "Austria", "Bahamas", "Bahrain",
                "Bangladesh", "Barbados", "Belgium", "Belize", "Benin", "Bhutan", "Botswana", "Brazil", "Bulgaria", "Burundi",
                "Cambodia", "Cameroon", "Canada", "Chad", "Chile", "China", "Colombia", "Comoros", "Congo", "Croatia",
                "Cuba", "Cyprus", "Czechia", "Denmark", "Djibouti", "Dominica", "Ecuador", "Egypt", "Eritrea", "Estonia",
            ]
            let bulk = scratch.appendingPathComponent("bulk")
            try FileManager.default.createDirectory(at: bulk, withIntermediateDirectories: true)
            var manifest = "file,state,language,items,received\n"
            for (k, state) in states.enumerated() {
                try Data(Texts.spanish("comentario \(k) de \(state)").utf8).write(to: bulk.appendingPathComponent("c\(k).txt"))
                manifest += "c\(k).txt,\(state),es,2,2020-09-20\n"
            }
            try Data(manifest.utf8).write(to: scratch.appendingPathComponent("manifest.csv"))
            try H.ok(["import-folder", bulk.path, "--manifest", scratch.appendingPathComponent("manifest.csv").path], in: a)
            try H.ok(["sync"], in: a)
            let ids = try FileManager.default.contentsOfDirectory(atPath: a.path).filter {
                FileManager.default.fileExists(atPath: a.appendingPathComponent("\($0)/submission.json").path)
            }.sorted()
            #expect(ids.count == states.count)
            // One in the middle altered by hand and pushed with plain git.
            let altered = ids[ids.count / 2]
            try Data("Texto cambiado a mano.\n".utf8).write(to: a.appendingPathComponent("\(altered)/text.txt"))
            try H.git(["commit", "-q", "-am", "hand edit"], in: a)
            try H.git(["push", "-q", remote.path, "HEAD:main"], in: a)
            let remoteHead = try H.git(["--git-dir", remote.path, "rev-parse", "main"], in: dir).out
            _ = try H.register("registered in new york", state: "Mexico", in: b, scratch: scratch)
            let r = try H.crp(["sync"], in: b)
            #expect(r.status == 1, "\(r)")
            #expect(r.err.contains("\(altered)/text.txt: the derived text differs"), "\(r)")
            for id in ids where id != altered { #expect(!r.err.contains(id), "\(id) came in as crp wrote it: \(r)") }
            #expect(try H.git(["--git-dir", remote.path, "rev-parse", "main"], in: dir).out == remoteHead, "nothing was pushed")
            // Once it is put right at Vienna, New York takes everything in.
            try H.git(["checkout", "-q", "HEAD~1", "--", "\(altered)/text.txt"], in: a)
            try H.git(["commit", "-q", "-am", "put back"], in: a)
            try H.git(["push", "-q", remote.path, "HEAD:main"], in: a)
            try H.ok(["sync"], in: b)
            try H.ok(["sync"], in: a)
            try H.expectSame([a, b])
        }
    }
}
