import Foundation
import Intake
import Secretariat
import Submissions
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("SafeName: text from input never becomes a path")
struct SafeNameTests {
    static let hostile: [String] = [
        "../../etc/passwd", "..", ".", "/", "", "   ", "/etc/shadow", "a/../../b", "..\\..\\windows\\system32",
        "Peru\u{0000}\u{0007}\u{001B}[31m", "\u{202E}txt.exe", "\u{2066}evil\u{2069}", "名前", "مصر", "Côte d’Ivoire",
        String(repeating: "a", count: 500), "\u{FEFF}\u{200B}", "CON", "nul.txt", "-rf", "--state",
    ]

    @Test("reduce gives lowercase ASCII letters, digits and single hyphens, never a path", arguments: SafeNameTests.hostile)
    func reduceIsSafe(_ input: String) {
        let r = SafeName.reduce(input)
        #expect(!r.isEmpty)
        #expect(r != "." && r != "..")
        #expect(r.count <= 40)
        #expect(r.unicodeScalars.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "-" }, "\(r)")
        #expect(!r.hasPrefix("-") && !r.hasSuffix("-") && !r.contains("--"), "\(r)")
        // Joined to a folder it stays one level inside it.
        let base = URL(fileURLWithPath: "/store")
        #expect(base.appendingPathComponent(r).standardizedFileURL.deletingLastPathComponent().path == "/store")
    }

    @Test func knownReductions() {
        #expect(SafeName.reduce("../../etc/passwd") == "etc-passwd")
        #expect(SafeName.reduce("") == "x")
        #expect(SafeName.reduce("..") == "x")
        #expect(SafeName.reduce("\u{0001}\u{0002}") == "x")
        #expect(SafeName.reduce("Peru\u{0007}") == "peru")
        #expect(SafeName.reduce("\u{202E}Peru\u{202C}") == "peru")
        #expect(SafeName.reduce("Côte d’Ivoire") == "cote-d-ivoire")
        #expect(SafeName.reduce("txt", limit: 8) == "txt")
        #expect(SafeName.reduce("abcdefghijk", limit: 8).count <= 8)
    }

    @Test func displayNameStripsPathsControlsAndBidi() {
        #expect(SafeName.displayName("../../etc/passwd") == "passwd")
        #expect(SafeName.displayName("a\u{0007}b\u{001B}c.txt") == "abc.txt")
        #expect(SafeName.displayName("evil\u{202E}txt.exe") == "eviltxt.exe")
        #expect(SafeName.displayName("x\u{2067}y") == "xy")
        #expect(!SafeName.displayName("..\\..\\a").contains("\\"))
        #expect(SafeName.displayName(String(repeating: "n", count: 1000)).count == 120)
    }
}

@Suite("FileIO and the store lock")
struct FileIOTests {
    @Test func atomicWriteReplacesWholeAndLeavesNoTemporary() throws {
        let dir = try CRP.tempDir("fileio")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("record.json")
        try FileIO.writeAtomically(Data("first".utf8), to: url)
        try FileIO.writeAtomically(Data("second, longer".utf8), to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == "second, longer")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["record.json"])
    }

    @Test func readOnlyOriginalAndWriteNewRefusesExisting() throws {
        let dir = try CRP.tempDir("fileio")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("original.txt")
        try FileIO.writeNew(Data("bytes".utf8), to: url, mode: 0o444)
        let perms = (try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? NSNumber)?.intValue
        #expect(perms == 0o444)
        expectRefusal(StoreError.self, saying: ["original.txt failed: File exists", "Nothing was changed"]) { try FileIO.writeNew(Data("other".utf8), to: url) }
        #expect(try Data(contentsOf: url) == Data("bytes".utf8))
    }

    @Test func concurrentAtomicWritesNeverShowHalfAFile() throws {
        let dir = try CRP.tempDir("fileio")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("shared.json")
        let a = Data(repeating: UInt8(ascii: "a"), count: 256 * 1024)
        let b = Data(repeating: UInt8(ascii: "b"), count: 256 * 1024)
        try FileIO.writeAtomically(a, to: url)
        let bad = Collector<String>()
        parallel(3) { i in
            for k in 0..<40 {
                if i == 0 {
                    guard let d = try? Data(contentsOf: url) else { bad.add("unreadable"); continue }
                    if d != a && d != b { bad.add("half-written file of \(d.count) bytes") }
                } else {
                    do { try FileIO.writeAtomically(k % 2 == 0 ? a : b, to: url) } catch { bad.add("\(error)") }
                }
            }
        }
        #expect(bad.all.isEmpty, "\(bad.all.prefix(3))")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["shared.json"])
    }

    @Test func storeLockIsExclusiveAcrossOpenFileDescriptions() throws {
        let dir = try CRP.tempDir("lock")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent(".crp/lock")
        let inside = Collector<Int>()
        let overlap = Collector<Bool>()
        let counter = Collector<Int>()
        let lockFailures = Collector<Int>()
        parallel(4) { i in
            for _ in 0..<10 {
                let l = try? StoreLock(url)
                if l == nil { lockFailures.add(i) }
                inside.add(i)
                if inside.all.count - counter.all.count > 1 { overlap.add(true) }
                usleep(500)
                counter.add(i)
                withExtendedLifetime(l) {}
            }
        }
        #expect(lockFailures.all.isEmpty)
        #expect(overlap.all.isEmpty, "two holders of the store lock at once")
        #expect(counter.all.count == 40)
    }

    @Test func sha256IsLowercaseHex() {
        #expect(FileIO.sha256(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(FileIO.randomHex(4).count == 8)
    }
}

/// A store made in-process from the reference paper, for model-level checks.
struct ScratchStore {
    let dir: URL
    let ws: URL
    let store: Store
    let registrar: Registrar

    init() throws {
        dir = try CRP.tempDir("unit")
        ws = dir.appendingPathComponent("ws")
        store = try Store.create(at: ws, paper: try PaperDefinition.load(CRP.fixturePaper), clock: TestRepository.clock)
        registrar = Registrar(store: store, catalog: try TestRepository.catalog())
    }

    func file(_ text: String, _ name: String = "in-\(UUID().uuidString.prefix(6)).txt") throws -> URL {
        let u = dir.appendingPathComponent(name)
        try Data(text.utf8).write(to: u)
        return u
    }

    func register(_ text: String, state: String = "Peru", language: String = "es") throws -> Submission {
        try registrar.register(Registrar.Request(file: try file(text), state: state, language: language, items: [2], by: "unit")).submission
    }

    func translate(_ sub: Submission, _ text: String) throws -> Submission {
        try registrar.translate(try store.load(id: sub.id), file: try file(text), kind: .unofficial, translator: "t", by: "unit")
    }

    func cleanup() { try? FileManager.default.removeItem(at: dir) }
}

@Suite("Store: records, events and transition rules")
struct StoreModelTests {
    @Test func registrationLayoutAndEvents() throws {
        let s = try ScratchStore()
        defer { s.cleanup() }
        let sub = try s.register(Texts.spanish("layout"))
        #expect(sub.id.hasPrefix("peru-"))
        #expect(sub.id.range(of: #"^peru-\d{8}-[0-9a-f]{8}$"#, options: .regularExpression) != nil, "\(sub.id)")
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: sub.folder.path))
        #expect(names == ["submission.json", "original.txt", "text.txt", "analysis.json", "events"])
        let perms = (try FileManager.default.attributesOfItem(atPath: sub.folder.appendingPathComponent("original.txt").path)[.posixPermissions] as? NSNumber)?
            .intValue
        #expect(perms == 0o444, "originals are read-only")
        _ = try s.translate(sub, Texts.english("layout"))
        _ = try s.store.transition(try s.store.load(id: sub.id), .review, by: "unit")
        _ = try s.store.transition(try s.store.load(id: sub.id), .include, by: "unit")
        // Every event file parses on its own, has a time-ordered name, and the history reads back in order.
        let evDir = sub.folder.appendingPathComponent("events")
        let files = try FileManager.default.contentsOfDirectory(atPath: evDir.path).sorted()
        #expect(files.count == 4)
        for f in files {
            #expect(f.range(of: #"^[0-9TZ]+-[0-9a-f]{8}\.json$"#, options: .regularExpression) != nil, "\(f)")
            _ = try JSONDecoder().decode(Event.self, from: Data(contentsOf: evDir.appendingPathComponent(f)))
        }
        let loaded = try s.store.load(id: sub.id)
        #expect(loaded.events.map(\.action) == [.registered, .translated, .reviewed, .included])
        #expect(loaded.status == .included)
        #expect(loaded.events[1].translation != nil)
        #expect(
            FileManager.default.fileExists(atPath: sub.folder.appendingPathComponent("translations/\(loaded.events[1].translation!)/translation.json").path))
        // Nothing but records at the root: no central index file.
        let root = try FileManager.default.contentsOfDirectory(atPath: s.ws.path).filter { !$0.hasPrefix(".") }.sorted()
        #expect(root == ["paper.yaml", sub.id].sorted())
    }

    @Test func duplicateBytesRefusedForAnyStateUnlessAllowed() throws {
        let s = try ScratchStore()
        defer { s.cleanup() }
        let text = Texts.spanish("dup")
        let first = try s.register(text)
        #expect { _ = try s.register(text) } throws: { e in
            guard case StoreError.duplicate(let existing, _, _, .bytes) = e else { return false }
            return existing == first.id
        }
        #expect { _ = try s.register(text, state: "Chile") } throws: { e in
            guard case StoreError.sameTextOtherState(let existing, let states, .bytes) = e else { return false }
            return existing == first.id && states == ["Peru"]
        }
        #expect(try s.store.ids().count == 1)
        let chile = try s.registrar.register(
            Registrar.Request(
                file: try s.file(text), states: ["Chile"], language: "es", items: [2], by: "unit",
                overrides: .init(allowSameText: true, reason: "Both missions sent the same text"))
        ).submission
        #expect(try s.store.ids().count == 2)
        #expect(chile.events[0].note?.contains("Both missions sent the same text") == true)
    }

    @Test func reviewBeforeTranslateRefused() throws {
        let s = try ScratchStore()
        defer { s.cleanup() }
        let sub = try s.register(Texts.spanish("review-first"))
        #expect(sub.status == .received)
        expectRefusal(StoreError.self, saying: ["is received, so it cannot be reviewed", "Attach its translation with `crp translate"]) {
            _ = try s.store.transition(sub, .review, by: "unit")
        }
        #expect(try s.store.load(id: sub.id).events.count == 1, "a refused command changes nothing")
    }

    @Test func includeBeforeReviewRefused() throws {
        let s = try ScratchStore()
        defer { s.cleanup() }
        var sub = try s.register(Texts.spanish("include-first"))
        expectRefusal(StoreError.self, saying: ["is received, so it cannot be included", "Attach its translation with `crp translate"]) {
            _ = try s.store.transition(sub, .include, by: "unit")
        }
        sub = try s.translate(sub, Texts.english("include-first"))
        #expect(sub.status == .translated)
        expectRefusal(StoreError.self, saying: ["is translated, so it cannot be included", "Review it with `crp review"]) {
            _ = try s.store.transition(sub, .include, by: "unit")
        }
        sub = try s.store.transition(sub, .review, by: "unit")
        sub = try s.store.transition(sub, .include, by: "unit")
        #expect(sub.status == .included)
        expectRefusal(StoreError.self, saying: ["is already included; nothing was changed", "--to reviewed --reason TEXT` takes it back out"]) {
            _ = try s.store.transition(sub, .include, by: "unit")
        }
    }

    @Test func translateAfterWithdrawRefused() throws {
        let s = try ScratchStore()
        defer { s.cleanup() }
        var sub = try s.register(Texts.spanish("withdrawn"))
        sub = try s.store.transition(sub, .withdraw, by: "unit", reason: "replaced")
        #expect(sub.status == .withdrawn)
        expectRefusal(StoreError.self, saying: ["was withdrawn; nothing more can be attached to it", "Register the State's new text as a new submission"]) {
            _ = try s.translate(sub, Texts.english("withdrawn"))
        }
        expectRefusal(StoreError.self, saying: ["is withdrawn, so it cannot be reviewed", "--to translated --reason TEXT` reinstates it"]) {
            _ = try s.store.transition(sub, .review, by: "unit")
        }
        expectRefusal(StoreError.self, saying: ["is already withdrawn; nothing was changed", "--to received --reason TEXT` reinstates it"]) {
            _ = try s.store.transition(sub, .withdraw, by: "unit")
        }
        let after = try s.store.load(id: sub.id)
        #expect(after.events.count == 2)
        #expect(!FileManager.default.fileExists(atPath: after.folder.appendingPathComponent("translations").path))
    }

    /// A Submission value read before another process withdrew it must not let a translation in.
    @Test func staleSubmissionValueCannotBypassWithdrawal() throws {
        let s = try ScratchStore()
        defer { s.cleanup() }
        let stale = try s.register(Texts.spanish("stale"))
        _ = try s.store.transition(stale, .withdraw, by: "other", reason: "sent twice")
        expectRefusal(StoreError.self, saying: ["was withdrawn; nothing more can be attached to it", "Register the State's new text as a new submission"]) {
            _ = try s.translate(stale, Texts.english("stale"))
        }
        expectRefusal(StoreError.self, saying: ["is already withdrawn; nothing was changed", "--to received --reason TEXT` reinstates it"]) {
            _ = try s.store.transition(stale, .withdraw, by: "unit", reason: "again")
        }
        #expect(try s.store.load(id: stale.id).events.map(\.action) == [.registered, .withdrawn])
    }

    @Test func englishOriginalNeedsNoTranslation() throws {
        let s = try ScratchStore()
        defer { s.cleanup() }
        let sub = try s.register(
            "The United Kingdom supports discussion point (a) on SHERLOC.\n", state: "United Kingdom of Great Britain and Northern Ireland", language: "en")
        #expect(sub.status == .translated)
        #expect(try s.store.transition(sub, .review, by: "unit").status == .reviewed)
    }
}

@Suite("Verifier: hashes, derived files and histories")
struct VerifierUnitTests {
    func verifier(_ s: ScratchStore) throws -> Verifier { Verifier(store: s.store, catalog: try TestRepository.catalog(), readers: .standard) }

    @Test func cleanStoreHasNoProblems() throws {
        let s = try ScratchStore()
        defer { s.cleanup() }
        let sub = try s.register(Texts.spanish("clean"))
        _ = try s.translate(sub, Texts.english("clean"))
        #expect(try verifier(s).verify().isEmpty)
    }

    @Test func alteredOriginalIsReportedAndNeverRepaired() throws {
        let s = try ScratchStore()
        defer { s.cleanup() }
        let sub = try s.register(Texts.spanish("altered"))
        let orig = sub.folder.appendingPathComponent("original.txt")
        chmod(orig.path, 0o644)
        var bytes = try Data(contentsOf: orig)
        bytes[bytes.startIndex + 3] ^= 0x01
        try bytes.write(to: orig)
        let problems = try verifier(s).verify()
        #expect(problems.count == 1)
        #expect(problems.first?.file == "\(sub.id)/original.txt")
        #expect(problems.first?.repairable == false)
        #expect(problems.first?.problem.contains("altered") == true)
        let after = try verifier(s).verify(repair: true)
        #expect(after.count == 1, "repair never rewrites an original")
        #expect(try Data(contentsOf: orig) == bytes)
    }

    @Test func missingTextIsRepairedFromTheUntouchedOriginal() throws {
        let s = try ScratchStore()
        defer { s.cleanup() }
        let sub = try s.register(Texts.spanish("missing-text"))
        let text = try String(contentsOf: sub.folder.appendingPathComponent("text.txt"), encoding: .utf8)
        let origHash = FileIO.sha256(try Data(contentsOf: sub.folder.appendingPathComponent("original.txt")))
        try FileManager.default.removeItem(at: sub.folder.appendingPathComponent("text.txt"))
        let problems = try verifier(s).verify()
        #expect(problems.contains { $0.file == "\(sub.id)/text.txt" && $0.repairable })
        #expect(try verifier(s).verify(repair: true).isEmpty)
        #expect(try String(contentsOf: sub.folder.appendingPathComponent("text.txt"), encoding: .utf8) == text)
        #expect(FileIO.sha256(try Data(contentsOf: sub.folder.appendingPathComponent("original.txt"))) == origHash)
        #expect(origHash == sub.record.original.sha256)
    }

    @Test func tamperedAnalysisIsStaleAndRepaired() throws {
        let s = try ScratchStore()
        defer { s.cleanup() }
        let sub = try s.register(Texts.spanish("tampered"))
        let url = sub.folder.appendingPathComponent("analysis.json")
        let good = try Data(contentsOf: url)
        var json = try JSONSerialization.jsonObject(with: good) as! [String: Any]
        json["source"] = String(repeating: "0", count: 64)
        json["words"] = 99999
        try JSONSerialization.data(withJSONObject: json).write(to: url)
        #expect(try verifier(s).verify().contains { $0.file == "\(sub.id)/analysis.json" && $0.repairable })
        #expect(try verifier(s).verify(repair: true).isEmpty)
        #expect(try s.store.load(id: sub.id).analysis?.words == sub.analysis?.words)
        // Garbage instead of JSON is also derived data: repaired.
        try Data("{not json".utf8).write(to: url)
        #expect(try verifier(s).verify().contains { $0.file == "\(sub.id)/analysis.json" })
        #expect(try verifier(s).verify(repair: true).isEmpty)
    }

    @Test func brokenHistoryIsReported() throws {
        let s = try ScratchStore()
        defer { s.cleanup() }
        let sub = try s.register(Texts.spanish("history"))
        let sub2 = try s.register(Texts.spanish("history-2"), state: "Chile")
        // An event naming a translation that is not stored.
        try s.store.append(Event(action: .translated, at: "2020-09-20T10:00:00Z", by: "x", translation: "20200920T100000Z-deadbeef"), to: sub)
        // A damaged event file.
        try Data("{".utf8).write(to: sub2.folder.appendingPathComponent("events/20990101T000000Z-00000000.json"))
        let problems = try verifier(s).verify()
        #expect(problems.contains { $0.id == sub.id && $0.file.contains("translations/") && !$0.repairable }, "\(problems)")
        #expect(problems.contains { $0.id == sub2.id && !$0.repairable }, "\(problems)")
        #expect(try verifier(s).verify(repair: true).count == problems.count, "history is never rewritten by repair")
    }

    @Test func strayFolderAndMismatchedIdAreReported() throws {
        let s = try ScratchStore()
        defer { s.cleanup() }
        let sub = try s.register(Texts.spanish("stray"))
        try FileManager.default.createDirectory(at: s.ws.appendingPathComponent("half-a-record"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: sub.folder, to: s.ws.appendingPathComponent("peru-20200101-00000000"))
        let problems = try verifier(s).verify()
        #expect(problems.contains { $0.id == "half-a-record" })
        #expect(problems.contains { $0.id == "peru-20200101-00000000" && $0.problem.contains("folder") })
    }
}
