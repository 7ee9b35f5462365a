import Foundation
import Platform
import Submissions
import TestSupport
import Testing

/// Twenty signed-in sessions at once, each registering a text, attaching its translation and
/// marking it reviewed, with board and submission reads in between, through HTTP against the built
/// `crp serve`: every change lands as exactly one event, no answer is a server error, and
/// `crp verify` finds the store clean.
@Suite(.serialized, .enabled(if: Clients.runs(Clients.installed("curl")))) struct DeskConcurrencyTests {
    init() { _ = Clients.require(["curl"], "curl (the HTTP client of these tests)") }

    @Test func twentySessionsAtOnceLoseNothing() throws {
        let d = try DeskServer("concurrent")
        let dir = try Scratch.dir("concurrent-files")
        let spanish = try Repo.fixtureText("peru-item3.es.txt")
        let english = try Repo.fixtureText("peru-item3.en.txt")
        let states = ["Peru", "Chile", "Colombia", "Mexico", "Ecuador", "Bolivia", "Paraguay", "Uruguay", "Argentina", "Guatemala"]
        let sessions = 20
        let files: [(URL, URL)] = try (0..<sessions).map { i in
            // Each text its own (the duplicate check would rightly refuse the same one twice).
            let es = dir.appendingPathComponent("texto-\(i).es.txt"), en = dir.appendingPathComponent("text-\(i).en.txt")
            try Data((spanish + "\n\nObservación adicional número \(i) de la delegación.\n").utf8).write(to: es)
            try Data((english + "\n\nAdditional remark number \(i) of the delegation.\n").utf8).write(to: en)
            return (es, en)
        }
        // Sign-ins first (the throttle counts failures only; each session is its own).
        let cookies = try (0..<sessions).map { _ in try d.signIn("olga") }
        let tokens = try cookies.map { try d.csrf($0) }

        struct Outcome: Sendable { var id: String?; var statuses: [Int] = []; var failure: String? }
        let results = Locked<[Int: Outcome]>([:])
        DispatchQueue.concurrentPerform(iterations: sessions) { i in
            var o = Outcome()
            do {
                let (es, en) = files[i]
                let c = cookies[i], t = tokens[i]
                o.statuses.append(try d.request("GET", "/board", session: c).status)
                let reg = try d.request(
                    "POST", "/register", session: c,
                    form: [("csrf", t), ("state", states[i % states.count]), ("language", "es"), ("item", "3"), ("received", "2020-09-\(10 + i % 10)")],
                    files: [("file", es, "texto-\(i).txt")])
                o.statuses.append(reg.status)
                guard reg.status == 303, let location = reg.path, location.hasPrefix("/s/") else {
                    throw HarnessError("register \(i): \(reg.status) \(reg.body.prefix(600))")
                }
                let id = String(location.dropFirst(3))
                o.id = id
                o.statuses.append(try d.request("GET", "/s/\(id)", session: c).status)
                let tr = try d.request(
                    "POST", "/s/\(id)/translate", session: c, form: [("csrf", t), ("source", "contractor")], files: [("file", en, "text-\(i).en.txt")])
                o.statuses.append(tr.status)
                o.statuses.append(try d.request("GET", "/board?language=es", session: c).status)
                let rv = try d.request("POST", "/s/\(id)/review", session: c, form: [("csrf", t)])
                o.statuses.append(rv.status)
                o.statuses.append(try d.request("GET", "/s/\(id)", session: c).status)
                if tr.status != 303 || rv.status != 303 { throw HarnessError("session \(i): translate \(tr.status), review \(rv.status)") }
            } catch {
                o.failure = "\(error)"
            }
            results.withLock { $0[i] = o }
        }
        let all = results.current
        #expect(all.count == sessions)
        for (i, o) in all.sorted(by: { $0.key < $1.key }) {
            #expect(o.failure == nil, "session \(i): \(o.failure ?? "")")
            #expect(!o.statuses.contains { $0 >= 500 }, "session \(i) got a server error: \(o.statuses)")
        }
        // Every change is in the history once: registered, translated, reviewed — by olga.
        let ids = all.values.compactMap(\.id)
        #expect(Set(ids).count == sessions, "\(ids)")
        for id in ids {
            let log = try d.crp("log", id).out
            for action in ["registered  by olga", "translated  by olga", "reviewed  by olga"] {
                let count = log.components(separatedBy: action).count - 1
                #expect(count == 1, "\(id): \(action) \(count) times:\n\(log)")
            }
            let events = try FileManager.default.contentsOfDirectory(atPath: d.ws.appendingPathComponent(id).appendingPathComponent("events").path)
                .filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }
            #expect(events.count == 3, "\(id): \(events)")  // registered, translated, reviewed: one file each
        }
        let status = try d.crp("status", "--json")
        #expect(status.out.components(separatedBy: "\"status\" : \"reviewed\"").count - 1 == sessions, "\(status.out)")
        let verify = try d.crp("verify")
        #expect(verify.status == 0, "\(verify.out)\n\(verify.err)")
        #expect(!d.stop().crashed)
    }
}
