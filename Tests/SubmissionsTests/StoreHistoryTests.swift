import Foundation
import Submissions
import TestSupport
import Testing

// Issue 26, points 4–7, through the built `crp`: a history that proves itself (chain and rules),
// a hostile paper.yaml, the duty station's day, and who made a change.

extension CRPProcessTests {
    @Suite("A store that stays true: history chain, hostile paper.yaml, time zones, who")
    struct StoreHistory {
        struct Workspace {
            let dir: URL, ws: URL, scratch: URL
            init(_ label: String, timezone: String? = nil) throws {
                dir = try CRP.tempDir(label)
                ws = dir.appendingPathComponent("ws")
                scratch = dir.appendingPathComponent("in")
                try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
                try CRP.initWorkspace(ws)
                if let timezone {
                    let paper = ws.appendingPathComponent("paper.yaml")
                    let text = try String(contentsOf: paper, encoding: .utf8)
                    try Data((text + "\ntimezone: \(timezone)\n").utf8).write(to: paper)
                }
            }
            func cleanup() { try? FileManager.default.removeItem(at: dir) }

            /// The event files of a submission, in history order, with their decoded events.
            func events(_ id: String) throws -> [(url: URL, event: Event)] {
                let dir = ws.appendingPathComponent(id).appendingPathComponent("events")
                return try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".json") }.sorted().map {
                    let url = dir.appendingPathComponent($0)
                    return (url, try JSONDecoder().decode(Event.self, from: Data(contentsOf: url)))
                }
            }
        }

        /// `crp verify --json` must refuse (exit 1) and name `file` with a problem containing `words`.
        func expectReported(_ w: Workspace, file: String, _ words: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let v = try CRP.verify(w.ws)
            #expect(v.exit == 1, "verify must refuse: \(v.raw)", sourceLocation: sourceLocation)
            #expect(
                v.problems.contains { $0.file.hasSuffix(file) && $0.problem.contains(words) },
                "expected \(file): …\(words)… in \(v.problems)", sourceLocation: sourceLocation)
        }

        // MARK: 4. verify proves the history

        @Test func forgedIncludedEventOnAReceivedSubmissionIsReported() throws {
            let w = try Workspace("forged")
            defer { w.cleanup() }
            let id = try CRP.register(Texts.spanish("forged"), state: "Peru", in: w.ws, scratch: w.scratch)
            let registered = try w.events(id)
            #expect(registered.count == 1 && registered[0].event.after?.first?.file == "submission.json", "the registration is the first link")
            #expect(try CRP.verify(w.ws).exit == 0)
            // A forger who copies the chain: the event names the registration event with its true hash.
            var forged = Event(action: .included, at: "2030-01-01T00:00:00.000Z", by: "forger")
            forged.after = [Event.Link(file: "events/" + registered[0].url.lastPathComponent, sha256: FileIO.sha256(try Data(contentsOf: registered[0].url)))]
            let forgedURL = registered[0].url.deletingLastPathComponent().appendingPathComponent("20300101T000000000Z-beef.json")
            try Store.encode(forged).write(to: forgedURL)
            try expectReported(w, file: "events/20300101T000000000Z-beef.json", "impossible step")
            try expectReported(w, file: "events/20300101T000000000Z-beef.json", "was received, which cannot be included")
            // A forger who does not: an event outside the chain.
            try Store.encode(Event(action: .included, at: "2030-01-01T00:00:00.000Z", by: "forger")).write(to: forgedURL)
            try expectReported(w, file: "events/20300101T000000000Z-beef.json", "outside the sealed history")
        }

        @Test func deletedTranslatedEventIsReportedWithTheReviewThatFollowedIt() throws {
            let w = try Workspace("deleted")
            defer { w.cleanup() }
            let id = try CRP.register(Texts.spanish("deleted"), state: "Peru", in: w.ws, scratch: w.scratch)
            try CRP.translate(id, Texts.english("deleted"), in: w.ws, scratch: w.scratch)
            try CRP.ok(["review", id], in: w.ws)
            #expect(try CRP.verify(w.ws).exit == 0)
            let events = try w.events(id)
            let translated = try #require(events.first { $0.event.action == .translated })
            let reviewed = try #require(events.first { $0.event.action == .reviewed })
            try FileManager.default.removeItem(at: translated.url)
            try expectReported(w, file: "events/" + translated.url.lastPathComponent, "is missing")
            try expectReported(w, file: "events/" + reviewed.url.lastPathComponent, "which cannot be reviewed")
        }

        @Test(arguments: [
            ("\"state\" : \"Peru\"", "\"state\" : \"Chile\""), ("\"received\" : \"2020-09-", "\"received\" : \"2020-08-"),
            ("\"items\" : [\n    2\n  ]", "\"items\" : [\n    1\n  ]"),
        ])
        func editedRegistrationIsReported(edit: (String, String)) throws {
            let w = try Workspace("edited-reg")
            defer { w.cleanup() }
            let id = try CRP.register(Texts.spanish("edited"), state: "Peru", in: w.ws, scratch: w.scratch, extra: ["--received", "2020-09-20"])
            let file = w.ws.appendingPathComponent(id).appendingPathComponent("submission.json")
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(text.contains(edit.0), "the record is written as expected: \(text)")
            try FileManager.default.removeItem(at: file)
            try Data(text.replacingOccurrences(of: edit.0, with: edit.1).utf8).write(to: file)
            try expectReported(w, file: "\(id)/submission.json", "the registration was altered")
        }

        @Test func editedOrDeletedEventsAreReportedByTheirSuccessorOrTheAnchor() throws {
            let w = try Workspace("edited-event")
            defer { w.cleanup() }
            let id = try CRP.register(Texts.spanish("edited event"), state: "Peru", in: w.ws, scratch: w.scratch)
            try CRP.translate(id, Texts.english("edited event"), in: w.ws, scratch: w.scratch)
            try CRP.ok(["withdraw", id, "--reason", "sent twice"], in: w.ws)
            let events = try w.events(id)
            #expect(events.count == 3)
            // An event in the middle: the next one holds its hash.
            let middle = events[1].url
            let kept = try Data(contentsOf: middle)
            try Data(String(decoding: kept, as: UTF8.self).replacingOccurrences(of: "store-tests", with: "someone-else").utf8).write(to: middle)
            try expectReported(w, file: "events/" + middle.lastPathComponent, "was altered after it was recorded")
            try kept.write(to: middle)
            #expect(try CRP.verify(w.ws).exit == 0)
            // The newest event: the anchor in .crp/heads holds its hash.
            let last = events[2].url
            let lastBytes = try Data(contentsOf: last)
            try Data(String(decoding: lastBytes, as: UTF8.self).replacingOccurrences(of: "sent twice", with: "the State asked").utf8).write(to: last)
            try expectReported(w, file: "events/" + last.lastPathComponent, "anchored in .crp/heads")
            try FileManager.default.removeItem(at: last)
            try expectReported(w, file: "events/" + last.lastPathComponent, "is missing")
        }

        @Test func anUnsealedHistoryVerifiesAndIsSealedOnce() throws {
            let w = try Workspace("seal")
            defer { w.cleanup() }
            let id = try CRP.register(Texts.spanish("old store"), state: "Peru", in: w.ws, scratch: w.scratch)
            try CRP.translate(id, Texts.english("old store"), in: w.ws, scratch: w.scratch)
            // A history as crp wrote it before the chain: no links, no anchor.
            for (url, var event) in try w.events(id) {
                event.after = nil
                try Store.encode(event).write(to: url)
            }
            try FileManager.default.removeItem(at: w.ws.appendingPathComponent(".crp/heads"))
            let before = try CRP.verify(w.ws)
            #expect(before.exit == 0 && before.problems.isEmpty, "\(before.raw)")
            #expect(before.raw.err.contains("1 history is not sealed") && before.raw.err.contains("crp verify --seal"), "\(before.raw)")
            let sealed = try CRP.ok(["verify", "--seal"], in: w.ws)
            #expect(sealed.err.contains("Sealed 1 history"), "\(sealed)")
            let events = try w.events(id)
            #expect(events.last?.event.action == .sealed)
            #expect(
                Set(events.last?.event.after?.map(\.file) ?? []) == Set(["submission.json"] + events.dropLast().map { "events/" + $0.url.lastPathComponent }))
            let again = try CRP.ok(["verify", "--seal"], in: w.ws)
            #expect(!again.err.contains("Sealed"), "sealed once: \(again)")
            #expect(try w.events(id).count == events.count)
            #expect(try CRP.status(w.ws).first?.status == "translated", "a seal changes no status")
            // An unsealed history with an impossible step is reported, and not sealed (which would vouch for it).
            let other = try CRP.register(Texts.spanish("old store, forged"), state: "Chile", in: w.ws, scratch: w.scratch)
            for (url, var event) in try w.events(other) {
                event.after = nil
                try Store.encode(event).write(to: url)
            }
            try FileManager.default.removeItem(at: w.ws.appendingPathComponent(".crp/heads/\(other).json"))
            let forged = w.ws.appendingPathComponent(other).appendingPathComponent("events/20300101T000000000Z-beef.json")
            try Store.encode(Event(action: .reviewed, at: "2030-01-01T00:00:00.000Z", by: "forger")).write(to: forged)
            let refused = try CRP.run(["verify", "--seal", "--workspace", w.ws.path], cwd: w.ws)
            #expect(refused.exitCode == 1 && refused.out.contains("20300101T000000000Z-beef.json: is an impossible step"), "\(refused)")
            #expect(try w.events(other).allSatisfy { $0.event.action != .sealed }, "a history with a problem is not sealed")
            try FileManager.default.removeItem(at: forged)
            // Now an edit of the old registration is found.
            let file = w.ws.appendingPathComponent(id).appendingPathComponent("submission.json")
            let text = try String(contentsOf: file, encoding: .utf8)
            try FileManager.default.removeItem(at: file)
            try Data(text.replacingOccurrences(of: "\"Peru\"", with: "\"Chile\"").utf8).write(to: file)
            try expectReported(w, file: "\(id)/submission.json", "the registration was altered")
        }

        @Test(.enabled(if: Clients.runs(Clients.which("git") != nil), "SKIPPED: git is not installed (CRP_ALLOW_MISSING_CLIENTS=1)"))
        func aChainForkedByTwoClonesMergesAndVerifies() throws {
            guard let gitPath = Clients.which("git") else { return Clients.missing("git is not installed") }
            func git(_ args: [String], in dir: URL) throws -> ProcResult {
                let r = try Proc.run(
                    gitPath,
                    [
                        "-c", "user.name=T", "-c", "user.email=t@example.org", "-c", "init.defaultBranch=main",
                        "-c", "commit.gpgsign=false", "-C", dir.path,
                    ] + args,
                    env: ["GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null"])
                if !r.ok { throw HarnessError("git \(args.joined(separator: " ")) failed: \(r)") }
                return r
            }
            let w = try Workspace("fork")
            defer { w.cleanup() }
            let id = try CRP.register(Texts.spanish("fork"), state: "Peru", in: w.ws, scratch: w.scratch)
            try CRP.translate(id, Texts.english("fork"), in: w.ws, scratch: w.scratch)
            _ = try git(["init", "-q", "-b", "main"], in: w.ws)
            _ = try git(["add", "-A"], in: w.ws)
            _ = try git(["commit", "-q", "-m", "start"], in: w.ws)
            let other = w.dir.appendingPathComponent("other")
            _ = try git(["clone", "-q", w.ws.path, other.path], in: w.dir)
            try CRP.ok(["review", id], in: w.ws)
            try CRP.ok(["amend", id, "--item", "3", "--reason", "the State meant item 3"], in: other)
            _ = try git(["add", "-A"], in: w.ws)
            _ = try git(["commit", "-q", "-m", "here"], in: w.ws)
            _ = try git(["add", "-A"], in: other)
            _ = try git(["commit", "-q", "-m", "there"], in: other)
            _ = try git(["pull", "-q", "--no-rebase", "--no-edit", other.path, "main"], in: w.ws)
            let merged = try CRP.verify(w.ws)
            #expect(merged.exit == 0 && merged.problems.isEmpty, "\(merged.raw)")
            // The next event names both branches' last events.
            try CRP.ok(["include", id], in: w.ws)
            #expect(try w.events(id).last?.event.after?.count == 2)
            let after = try CRP.verify(w.ws)
            #expect(after.exit == 0 && after.problems.isEmpty, "\(after.raw)")
        }

        // MARK: 5. a hostile paper.yaml

        /// Writes `text` as the workspace's paper.yaml and runs `crp status` and `crp check`: both
        /// must refuse (exit 1, no crash) with `words` in a message shorter than 10 KB.
        func expectRefusedPaper(_ text: String, _ words: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let w = try Workspace("paper")
            defer { w.cleanup() }
            try Data(text.utf8).write(to: w.ws.appendingPathComponent("paper.yaml"))
            for args in [["status"], ["check"]] {
                let r = try CRP.run(args + ["--workspace", w.ws.path], cwd: w.ws, timeout: 60)
                #expect(
                    !r.crashed && r.exitCode == 1, "crp \(args[0]) must refuse, not crash: \(r.exitCode.map(String.init) ?? "signal \(r.signal ?? 0)")",
                    sourceLocation: sourceLocation)
                let said = r.err + r.out
                #expect(said.contains(words), "crp \(args[0]): expected …\(words)… in \(said.prefix(2000))", sourceLocation: sourceLocation)
                #expect(said.utf8.count < 10_000, "crp \(args[0]) printed \(said.utf8.count) bytes", sourceLocation: sourceLocation)
            }
        }

        @Test func deeplyNestedPaperIsRefusedWithItsLine() throws {
            try expectRefusedPaper("# hostile\nsymbol: " + String(repeating: "[", count: 5000) + "\n", "line 2")
            // 20,000 closed brackets overflowed the stack of the YAML loader (exit 139) on a 8 MB stack.
            try expectRefusedPaper(
                "symbol: " + String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000) + "\n", "nested more than 64 deep")
            try expectRefusedPaper("symbol: x\nitems:\n" + String(repeating: "- ", count: 20_000) + "x\n", "nested more than 64 deep")
        }

        @Test func oversizedLongAndAliasBombPapersAreRefused() throws {
            let paper = try String(contentsOf: CRP.fixturePaper, encoding: .utf8)
            try expectRefusedPaper(paper + "\n# " + String(repeating: "x", count: 5 << 20) + "\n", "a paper definition is a few kilobytes")
            try expectRefusedPaper(
                paper.replacingOccurrences(of: "\nitems:", with: "\nextra:\n" + String(repeating: "  - p\n", count: 10_001) + "items:"),
                "more than 10000 entries")
            var bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
            for k in 1...9 { bomb += "a\(k): &a\(k) [" + Array(repeating: "*a\(k - 1)", count: 10).joined(separator: ", ") + "]\n" }
            try expectRefusedPaper(bomb, "aliases (*name) here expand")
        }

        @Test func aHundredThousandUnknownFieldsGiveTwentyProblemsAndACount() throws {
            let paper = try String(contentsOf: CRP.fixturePaper, encoding: .utf8)
            let junk = (0..<100_000).map { "junk\($0): 1\n" }.joined()
            let w = try Workspace("unknown-fields")
            defer { w.cleanup() }
            try Data((paper + junk).utf8).write(to: w.ws.appendingPathComponent("paper.yaml"))
            let r = try CRP.run(["status", "--workspace", w.ws.path], cwd: w.ws, timeout: 60)
            #expect(r.exitCode == 1 && !r.crashed, "\(r)")
            #expect(r.err.contains("unknown field `junk0`") && r.err.contains("and 99980 more problems (100000 in all"), "\(r.err.prefix(3000))")
            #expect(r.err.utf8.count < 10_000, "printed \(r.err.utf8.count) bytes")
        }

        // MARK: 6. the duty station's day

        /// Registers at `now` (an instant) in a workspace whose paper.yaml names `zone` (or none,
        /// with TZ=`tz`), without --received: the date recorded and whether it is late.
        func registerAt(_ now: String, zone: String?, tz: String? = nil) throws -> (received: String, late: Bool) {
            let w = try Workspace("tz", timezone: zone)
            defer { w.cleanup() }
            let file = w.scratch.appendingPathComponent("peru.es.txt")
            try Data(Texts.spanish("zone \(now)").utf8).write(to: file)
            var env = ["CRP_NOW": now]
            if let tz { env["TZ"] = tz }
            let r = try CRP.run(["register", file.path, "--state", "Peru", "--language", "es", "--item", "2", "--workspace", w.ws.path], cwd: w.ws, env: env)
            #expect(r.ok, "\(r)")
            let row = try JSONDecoder().decode([StatusRow].self, from: try CRP.run(["status", "--json", "--workspace", w.ws.path], cwd: w.ws, env: env).stdout)
            return (row.first?.received ?? "", row.first?.late ?? false)
        }

        @Test func todayAndLateAreDecidedInTheDutyStationsZone() throws {
            // The deadline is 2020-09-30. Vienna is UTC+2 then, New York UTC-4, Kiritimati UTC+14.
            let cases: [(zone: String, now: String, received: String, late: Bool)] = [
                ("Europe/Vienna", "2020-09-30T21:30:00Z", "2020-09-30", false),  // 23:30 on the deadline
                ("Europe/Vienna", "2020-09-30T22:30:00Z", "2020-10-01", true),  // 00:30 the day after
                ("America/New_York", "2020-10-01T03:30:00Z", "2020-09-30", false),  // 23:30 on the deadline
                ("America/New_York", "2020-10-01T04:30:00Z", "2020-10-01", true),  // 00:30 the day after
                ("Pacific/Kiritimati", "2020-09-30T09:30:00Z", "2020-09-30", false),  // 23:30 on the deadline
                ("Pacific/Kiritimati", "2020-09-30T10:30:00Z", "2020-10-01", true),  // 00:30 the day after
            ]
            for c in cases {
                let got = try registerAt(c.now, zone: c.zone)
                #expect(got.received == c.received && got.late == c.late, "\(c.zone) at \(c.now): \(got)")
            }
            // Without `timezone`, the computer's zone (TZ) decides.
            let byTZ = try registerAt("2020-09-30T22:30:00Z", zone: nil, tz: "Europe/Vienna")
            #expect(byTZ.received == "2020-10-01" && byTZ.late)
        }

        @Test func aDateTodayInKiritimatiIsNotAfterToday() throws {
            let w = try Workspace("kiritimati", timezone: "Pacific/Kiritimati")
            defer { w.cleanup() }
            let file = w.scratch.appendingPathComponent("peru.es.txt")
            try Data(Texts.spanish("kiritimati").utf8).write(to: file)
            let args = ["register", file.path, "--state", "Peru", "--language", "es", "--item", "2", "--workspace", w.ws.path]
            // 2020-10-01T00:30 in Kiritimati, still 2020-09-30 in UTC.
            let later = try CRP.run(args + ["--received", "2020-10-02"], cwd: w.ws, env: ["CRP_NOW": "2020-09-30T10:30:00Z"])
            #expect(later.exitCode == 1 && later.err.contains("2020-10-02"), "tomorrow is still refused: \(later)")
            let today = try CRP.run(args + ["--received", "2020-10-01"], cwd: w.ws, env: ["CRP_NOW": "2020-09-30T10:30:00Z"])
            #expect(today.ok, "today in Kiritimati is not after today: \(today)")
        }

        @Test func checkRefusesAnUnknownZoneWithASuggestionAndInitDocumentsIt() throws {
            let w = try Workspace("bad-zone", timezone: "Europe/Viena")
            defer { w.cleanup() }
            let r = try CRP.run(["check", "--workspace", w.ws.path], cwd: w.ws)
            #expect(r.exitCode == 1 && r.out.contains("timezone") && r.out.contains("did you mean Europe/Vienna?"), "\(r)")
            let status = try CRP.run(["status", "--workspace", w.ws.path], cwd: w.ws)
            #expect(status.exitCode == 1 && status.err.contains("Europe/Vienna"), "\(status)")
            let fresh = w.dir.appendingPathComponent("fresh")
            let made = try CRP.run(["init", fresh.path], cwd: w.dir)
            #expect(made.ok, "\(made)")
            #expect(try String(contentsOf: fresh.appendingPathComponent("paper.yaml"), encoding: .utf8).contains("# timezone: Europe/Vienna"))
        }

        // MARK: 7. who did it

        @Test func withoutUserVariablesTheAccountNameIsRecorded() throws {
            let w = try Workspace("who")
            defer { w.cleanup() }
            let id = try CRP.register(Texts.spanish("who"), state: "Peru", in: w.ws, scratch: w.scratch)
            try CRP.translate(id, Texts.english("who"), in: w.ws, scratch: w.scratch)
            let account = try Proc.run("id", ["-un"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(!account.isEmpty)
            let r = try Proc.run(
                try CRPBinary.path(), ["review", id, "--workspace", w.ws.path], cwd: w.ws, env: ["NO_COLOR": "1"],
                unset: ["USER", "LOGNAME", "CRP_USER"])
            #expect(r.ok, "\(r)")
            #expect(try w.events(id).last?.event.by == account)
        }

        @Test(
            .enabled(
                if: Clients.runs(geteuid() == 0 && Clients.which("setpriv") != nil),
                "SKIPPED: needs root and setpriv to run crp as an account without a name (CRP_ALLOW_MISSING_CLIENTS=1)"))
        func anAccountWithoutANameIsRefusedForChanges() throws {
            guard geteuid() == 0, let setpriv = Clients.which("setpriv") else { return Clients.missing("needs root and setpriv") }
            let w = try Workspace("nameless")
            defer { w.cleanup() }
            let id = try CRP.register(Texts.spanish("nameless"), state: "Peru", in: w.ws, scratch: w.scratch)
            try CRP.translate(id, Texts.english("nameless"), in: w.ws, scratch: w.scratch)
            _ = try Proc.run("chmod", ["-R", "a+rX", w.dir.path])
            // The run's private scratch root (mode 0700) must let the other account through to it.
            _ = try Proc.run("chmod", ["a+x", w.dir.deletingLastPathComponent().path])
            let before = try w.events(id).count
            let r = try Proc.run(
                setpriv, ["--reuid=54321", "--regid=54321", "--clear-groups", try CRPBinary.path(), "review", id, "--workspace", w.ws.path],
                cwd: w.ws, env: ["NO_COLOR": "1"], unset: ["USER", "LOGNAME", "CRP_USER"])
            #expect(r.exitCode == 2 && !r.crashed, "a usage error: --by is then required: \(r)")
            #expect(
                r.err.hasPrefix("crp: error: crp cannot tell who makes this change") && r.err.contains("CRP_USER") && r.err.contains("--by")
                    && r.err.contains("user id 54321"), "\(r)")
            #expect(try w.events(id).count == before, "nothing recorded")
            // A command that changes nothing needs no name.
            let status = try Proc.run(
                setpriv, ["--reuid=54321", "--regid=54321", "--clear-groups", try CRPBinary.path(), "status", "--workspace", w.ws.path],
                cwd: w.ws, env: ["NO_COLOR": "1"], unset: ["USER", "LOGNAME", "CRP_USER"])
            #expect(status.ok, "\(status)")
        }
    }
}
