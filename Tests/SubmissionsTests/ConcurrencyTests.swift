import Foundation
import Submissions
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension CRPProcessTests {
    @Suite("Concurrent crp processes")
    struct Concurrency {
        /// 8 lanes, each running 50 `crp register` one after the other, all lanes at once: 400
        /// records, 400 distinct ids, verify clean. The writers must really have overlapped (each
        /// run's start and end are recorded on the monotonic clock), whatever the machine's load; no
        /// time limit: a busy machine makes the test slower, not wrong.
        @Test
        func eightProcessesTimesFiftyRegistrations() throws {
            let dir = try CRP.tempDir("concurrent")
            defer { try? FileManager.default.removeItem(at: dir) }
            let ws = dir.appendingPathComponent("ws")
            let scratch = dir.appendingPathComponent("in")
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            try CRP.initWorkspace(ws)
            let states = States.names
            #expect(states.count > 150)
            let lanes = 8, perLane = 50
            // Files first, so that the lanes only run crp.
            for lane in 0..<lanes {
                for k in 0..<perLane {
                    try Data(Texts.spanish("lane \(lane) number \(k)", sentences: 2).utf8)
                        .write(to: scratch.appendingPathComponent("l\(lane)-\(k).txt"))
                }
            }
            let ids = Collector<String>()
            let failures = Collector<String>()
            let reads = Collector<Int>()
            let done = Collector<Int>()
            let runs = Collector<(lane: Int, pid: Int32, start: Double, end: Double)>()
            // Each hold of the store lock, logged by crp (CRP_LOCK_LOG): "pid acquired released".
            let lockLog = dir.appendingPathComponent("locks.log")
            let started = Date()
            // Lane `lanes` is a reader: while the writers run it lists the store again and again;
            // every listing must parse and every record it names must be whole.
            parallel(lanes + 1) { lane in
                if lane == lanes {
                    while done.all.count < lanes {
                        guard let r = try? CRP.run(["status", "--json", "--workspace", ws.path]), r.ok,
                            let rows = try? JSONDecoder().decode([StatusRow].self, from: r.stdout)
                        else {
                            failures.add("status --json failed while writers ran: \((try? CRP.run(["status", "--json", "--workspace", ws.path]))?.err ?? "")");
                            continue
                        }
                        reads.add(rows.count)
                        for row in rows.suffix(3) {
                            let folder = ws.appendingPathComponent(row.id)
                            for f in ["submission.json", "original.txt", "text.txt", "analysis.json"]
                            where !FileManager.default.fileExists(atPath: folder.appendingPathComponent(f).path) {
                                failures.add("reader saw \(row.id) without \(f)")
                            }
                            if !row.items.contains(2) || row.words == 0 { failures.add("reader saw an incomplete row \(row)") }
                        }
                        usleep(200_000)
                    }
                    return
                }
                defer { done.add(lane) }
                for k in 0..<perLane {
                    let state = states[(lane * perLane + k) % states.count]
                    let file = scratch.appendingPathComponent("l\(lane)-\(k).txt")
                    do {
                        let start = Date().timeIntervalSince1970
                        let p = try CRPRunner.spawn(
                            [
                                "register", file.path, "--state", state, "--language", "es", "--item", "2",
                                "--workspace", ws.path,
                            ], env: ["CRP_USER": "store-tests", "CRP_LOCK_LOG": lockLog.path])
                        let r = p.wait(timeout: 600)
                        runs.add((lane, p.pid, start, Date().timeIntervalSince1970))
                        if r.ok { ids.add(r.out.trimmingCharacters(in: .whitespacesAndNewlines)) } else { failures.add("\(state): \(r)") }
                    } catch { failures.add("\(error)") }
                }
            }
            let elapsed = Date().timeIntervalSince(started)
            print(
                "concurrency: \(lanes) × \(perLane) registrations in \(String(format: "%.1f", elapsed)) s; \(reads.all.count) listings read meanwhile, sizes \(reads.all.first ?? 0)…\(reads.all.last ?? 0)"
            )
            #expect(reads.all.count >= 5)
            #expect(reads.all == reads.all.sorted(), "a listing never loses a record")
            #expect(failures.all.isEmpty, "\(failures.all.prefix(3))")
            #expect(ids.all.count == lanes * perLane)
            #expect(Set(ids.all).count == lanes * perLane, "ids are never minted twice")
            // The writers overlapped: most registrations ran while a registration of another lane
            // ran too, and at some moment every lane had one running.
            let all = runs.all
            let overlapped = all.filter { a in all.contains { b in b.lane != a.lane && b.start < a.end && a.start < b.end } }.count
            var edges: [(time: Double, step: Int)] = []
            for run in all {
                edges.append((run.start, 1))
                edges.append((run.end, -1))
            }
            edges.sort { a, b in a.time < b.time || (a.time == b.time && a.step < b.step) }
            var running = 0, most = 0
            for e in edges {
                running += e.step
                most = max(most, running)
            }
            print("concurrency: \(overlapped) of \(all.count) registrations overlapped another lane's; at most \(most) at once")
            #expect(all.count == lanes * perLane)
            #expect(overlapped * 10 >= all.count * 9, "the writers ran one after the other, not at once: \(overlapped) of \(all.count) overlapped")
            #expect(most >= lanes / 2, "at most \(most) registrations ran at once")
            // The lock: holds never overlap (one writer at a time), and most holds happened while
            // another writer's process was running, waiting for the lock or working beside it.
            let holds: [(pid: Int32, from: Double, to: Double)] = ((try? String(contentsOf: lockLog, encoding: .utf8)) ?? "")
                .split(separator: "\n").compactMap { line in
                    let f = line.split(separator: " ")
                    guard f.count == 3, let pid = Int32(f[0]), let a = Int64(f[1]), let b = Int64(f[2]) else { return nil }
                    return (pid, Double(a) / 1e9, Double(b) / 1e9)
                }
                .sorted { $0.from < $1.from }
            #expect(holds.count >= lanes * perLane, "every registration holds the lock at least once: \(holds.count) holds")
            let exclusive = zip(holds, holds.dropFirst()).allSatisfy { $0.to <= $1.from }
            #expect(exclusive, "two processes held the store lock at once")
            let contended = holds.filter { h in all.contains { $0.pid != h.pid && $0.start < h.from && h.to < $0.end } }.count
            print("concurrency: \(holds.count) lock holds, \(contended) while another writer was running")
            #expect(contended * 2 >= holds.count, "the writers did not overlap: only \(contended) of \(holds.count) lock holds had another writer running")

            let t1 = Date()
            let rows = try CRP.status(ws)
            print("concurrency: crp status of \(rows.count) records took \(String(format: "%.1f", Date().timeIntervalSince(t1))) s")
            #expect(rows.count == lanes * perLane)
            #expect(Set(rows.map(\.id)) == Set(ids.all))
            #expect(rows.allSatisfy { $0.status == "received" && $0.language == "es" && $0.items == [2] && $0.words > 0 })
            let t0 = Date()
            let v = try CRP.verify(ws)
            print("concurrency: crp verify of \(rows.count) records took \(String(format: "%.1f", Date().timeIntervalSince(t0))) s")
            #expect(v.exit == 0 && v.problems.isEmpty, "\(v.problems.prefix(5))")
            // Nothing half-made is visible: no staging left at the root, no temporary files anywhere.
            let visible = snapshot(ws, excluding: [".crp"])
            #expect(!visible.contains { $0.split(separator: "/").last!.hasPrefix(".tmp-") || $0.contains(".staging") })
        }

        /// Many processes changing the same submissions at once: each transition is decided on the
        /// history as it is under the lock, so exactly one `review` and one `include` win.
        @Test func racingTransitionsOnOneSubmissionAreSerialized() throws {
            let dir = try CRP.tempDir("race")
            defer { try? FileManager.default.removeItem(at: dir) }
            let ws = dir.appendingPathComponent("ws")
            let scratch = dir.appendingPathComponent("in")
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            try CRP.initWorkspace(ws)
            var ids: [String] = []
            for k in 0..<3 {
                let id = try CRP.register(Texts.spanish("race \(k)"), state: "Peru", in: ws, scratch: scratch)
                try CRP.translate(id, Texts.english("race \(k)"), in: ws, scratch: scratch)
                ids.append(id)
            }
            for action in ["review", "include"] {
                let wins = Collector<String>()
                let badLosers = Collector<String>()
                let ids = ids
                parallel(8) { i in
                    let id = ids[i % ids.count]
                    do {
                        let r = try CRP.run([action, id, "--workspace", ws.path])
                        if r.ok {
                            wins.add(id)
                        } else if r.exitCode == nil || r.timedOut || r.exitCode == 0 || r.err.isEmpty {
                            // A loser refuses with an exit code and a message; a crash or a hang is not losing.
                            badLosers.add("\(action) \(id): \(r)")
                        }
                    } catch {
                        badLosers.add("\(action) \(id): could not run crp: \(error)")
                    }
                }
                #expect(wins.all.sorted() == ids.sorted(), "\(action): every submission moved exactly once: \(wins.all)")
                #expect(badLosers.all.isEmpty, "losers must refuse cleanly: \(badLosers.all.prefix(3))")
            }
            for id in ids {
                let log = try JSONDecoder().decode([Event].self, from: CRP.ok(["log", id, "--json"], in: ws).stdout)
                #expect(log.map(\.action) == [.registered, .translated, .reviewed, .included])
            }
            #expect(try CRP.verify(ws).exit == 0)
        }
    }
}
