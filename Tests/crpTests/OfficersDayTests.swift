import Foundation
import TestSupport
import Testing

/// The officer's real day through the built `crp`: corrections, undo, revisions, joint texts, a
/// paper that states only what the records support, and the guard rails at intake. The clock is
/// fixed (CRP_NOW) on 5 October 2020, after the reference paper's deadline (30 September) and
/// before its session (12 October).
@Suite(.serialized) struct OfficersDayTests {
    static let now = ["CRP_NOW": "2020-10-05T10:00:00Z"]

    /// A workspace from the reference paper definition.
    struct Day {
        let ws: URL
        init(_ tag: String) throws {
            ws = try CLI.tempDir(tag).appendingPathComponent("paper")
            let r = try CLI.run(["init", ws.path, "--from", CLI.fixtures.appendingPathComponent("paper.yaml").path], env: OfficersDayTests.now)
            #expect(r.status == 0, "\(r.err)")
        }

        @discardableResult
        func crp(_ args: String..., env: [String: String] = [:]) throws -> ProcResult {
            try CLI.run(args, cwd: ws, env: OfficersDayTests.now.merging(env) { _, b in b })
        }

        func fixture(_ name: String) -> String { CLI.fixtures.appendingPathComponent(name).path }

        /// Writes a text file into the workspace's parent folder and returns its path.
        func file(_ name: String, _ text: String) throws -> String {
            let u = ws.deletingLastPathComponent().appendingPathComponent(name)
            try Data(text.utf8).write(to: u)
            return u.path
        }

        func register(_ file: String, _ states: [String], _ language: String, item: Int = 2, received: String = "2020-09-20") throws -> String {
            var args = ["register", file, "--language", language, "--item", String(item), "--received", received]
            for s in states { args += ["--state", s] }
            let r = try CLI.run(args, cwd: ws, env: OfficersDayTests.now)
            #expect(r.status == 0, "\(r.err)")
            return r.out.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        func json(_ args: String...) throws -> Any {
            let r = try CLI.run(args + ["--json"], cwd: ws, env: OfficersDayTests.now)
            #expect(r.status == 0, "\(r.err)")
            return try JSONSerialization.jsonObject(with: Data(r.out.utf8))
        }

        func status(_ id: String) throws -> String {
            let show = try json("show", id) as? [String: Any]
            return show?["status"] as? String ?? "?"
        }

        func paper(_ extra: String...) throws -> (text: String, report: String) {
            let r = try CLI.run(["compile"] + extra, cwd: ws, env: OfficersDayTests.now)
            #expect(r.status == 0, "\(r.err)")
            return (r.out, r.err)
        }
    }

    /// A refused command exits non-zero, says what to do, and leaves every file as it was.
    func refused(_ day: Day, _ args: [String], code: Int32 = CRPExit.refused, saying: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = CLI.snapshot(day.ws)
        let r = try CLI.run(args, cwd: day.ws, env: Self.now)
        expectRefused(r, code: code, saying: [saying], sourceLocation: sourceLocation)
        #expect(CLI.snapshot(day.ws) == before, "a refused command changes nothing", sourceLocation: sourceLocation)
    }

    @Test func amendCorrectsStateItemDateAndLanguageAsEvents() throws {
        let day = try Day("amend")
        let id = try day.register(day.fixture("peru-item2.es.txt"), ["Colombia"], "es")
        let registration = try Data(contentsOf: day.ws.appendingPathComponent(id).appendingPathComponent("submission.json"))
        try refused(day, ["amend", id, "--state", "Peru"], code: CRPExit.usage, saying: "--reason")
        try refused(day, ["amend", id, "--state", "Colombia", "--reason", "same"], saying: "Nothing to correct")
        try refused(day, ["amend", id, "--item", "9", "--reason", "x"], code: CRPExit.usage, saying: "no agenda item 9")
        try refused(day, ["amend", id, "--received", "2030-01-01", "--reason", "x"], saying: "after today")
        var r = try day.crp("amend", id, "--state", "Peru", "--item", "3", "--received", "2020-09-25", "--reason", "Registered under the wrong State")
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("state: Colombia → Peru"))
        #expect(r.out.contains("items: 2 → 3"))
        #expect(r.out.contains("received: 2020-09-20 → 2020-09-25"))
        // The registration is written once; the correction is an event every command sees.
        #expect(try Data(contentsOf: day.ws.appendingPathComponent(id).appendingPathComponent("submission.json")) == registration)
        let rows = try day.json("status") as? [[String: Any]] ?? []
        #expect(rows.first?["state"] as? String == "Peru")
        #expect(rows.first?["items"] as? [Int] == [3])
        #expect(rows.first?["received"] as? String == "2020-09-25")
        r = try day.crp("log", id)
        #expect(r.out.contains("amended"))
        #expect(r.out.contains("state: Colombia → Peru"))
        #expect(r.out.contains("reason: Registered under the wrong State"))
        r = try day.crp("search", "Colombia")
        expectRefused(r, code: CRPExit.refused, saying: ["No submission contains \"Colombia\""])
        // A language change re-derives the analysis; verify agrees with the new record.
        let before = try day.json("show", id) as? [String: Any]
        let wordsBefore = (before?["analysis"] as? [String: Any])?["counts"] as? [String: Any]
        r = try day.crp("amend", id, "--language", "fr", "--reason", "Declared in the wrong language")
        #expect(r.status == 0, "\(r.err)")
        let after = try day.json("show", id) as? [String: Any]
        let counts = (after?["analysis"] as? [String: Any])?["counts"] as? [String: Any]
        #expect(((counts?["words"] as? [String: Any])?["rule"] as? String)?.contains("(fr)") == true)
        #expect(((wordsBefore?["words"] as? [String: Any])?["rule"] as? String)?.contains("(es)") == true)
        r = try day.crp("verify")
        #expect(r.status == 0, "\(r.out)\(r.err)")
        // The same bytes again are refused, naming the record and the way to correct it.
        try refused(
            day, ["register", day.fixture("peru-item2.es.txt"), "--state", "Peru", "--language", "fr", "--item", "3", "--received", "2020-09-25"],
            saying: "crp amend \(id)")
    }

    @Test func reopenUndoesReviewIncludeAndWithdrawWithReasons() throws {
        let day = try Day("reopen")
        let id = try day.register(day.fixture("morocco-item2.ar.txt"), ["Morocco"], "ar")
        try refused(day, ["withdraw", id], code: CRPExit.usage, saying: "--reason")
        #expect(try day.crp("translate", id, day.fixture("morocco-item2.en.txt")).status == 0)
        #expect(try day.crp("review", id).status == 0)
        #expect(try day.crp("include", id).status == 0)
        try refused(day, ["reopen", id, "--to", "translated"], code: CRPExit.usage, saying: "--reason")
        try refused(day, ["reopen", id, "--to", "included", "--reason", "x"], code: CRPExit.usage, saying: "--to must be")
        #expect(try day.crp("reopen", id, "--to", "translated", "--reason", "Reviewed by mistake").status == 0)
        #expect(try day.status(id) == "translated")
        try refused(day, ["reopen", id, "--to", "reviewed", "--reason", "forward"], saying: "moves back only")
        #expect(try day.crp("withdraw", id, "--reason", "Sent twice").status == 0)
        #expect(try day.status(id) == "withdrawn")
        try refused(day, ["translate", id, day.fixture("morocco-item2.en.txt")], saying: "withdrawn")
        #expect(try day.crp("reopen", id, "--to", "reviewed", "--reason", "Not a duplicate after all").status == 0)
        #expect(try day.status(id) == "reviewed")
        #expect(try day.paper().text.contains("received comments from Morocco"))
        // Back to received sets the translation aside: the paper says nothing it cannot support.
        #expect(try day.crp("reopen", id, "--to", "received", "--reason", "Wrong translation").status == 0)
        let show = try day.json("show", id) as? [String: Any]
        #expect(show?["status"] as? String == "received")
        #expect(show?["translation"] == nil || show?["translation"] is NSNull)
        let compiled = try day.paper("--all")
        #expect(compiled.text.contains("Translation pending"))
        #expect(compiled.report.contains("Pending in the paper: \(id)"))
        #expect(compiled.report.contains("not translated"))
        let log = try day.crp("log", id).out
        #expect(log.components(separatedBy: "reopened").count - 1 == 3)
    }

    @Test func reviseKeepsVersionOneAndOutdatesItsTranslation() throws {
        let day = try Day("revise")
        let id = try day.register(day.fixture("peru-item2.es.txt"), ["Peru"], "es")
        #expect(try day.crp("translate", id, day.fixture("peru-item2.en.txt")).status == 0)
        #expect(try day.crp("review", id).status == 0)
        let revised = try day.file(
            "peru-revised.es.txt",
            "El Perú presenta una versión revisada de sus comentarios sobre el tema 2.\n\nLos Estados deberían actualizar sus registros legislativos.\n")
        try refused(day, ["revise", id, day.fixture("peru-item2.es.txt")], saying: "already registered")
        var r = try day.crp("revise", id, revised, "--received", "2020-09-29")
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("version 2, received"))
        #expect(r.err.contains("outdated"))
        let show = try day.json("show", id) as? [String: Any]
        #expect((show?["versions"] as? [Any])?.count == 2)
        #expect((show?["original"] as? String)?.contains("versión revisada") == true)
        let v1 = try day.json("show", id, "--text-version", "1") as? [String: Any]
        #expect((v1?["original"] as? String)?.contains("versión revisada") == false)
        #expect((v1?["translation"] as? String)?.isEmpty == false, "version 1 keeps its translation")
        // The first version's bytes are still stored as received.
        let original = try Data(contentsOf: day.ws.appendingPathComponent(id).appendingPathComponent("original.txt"))
        #expect(original == (try Data(contentsOf: URL(fileURLWithPath: day.fixture("peru-item2.es.txt")))))
        // Compile leaves it out, saying why; registering the revised bytes again points to the
        // record, not to revise, which takes only a new text (issue 25).
        let compiled = try day.paper()
        #expect(compiled.report.contains("translation outdated after a revision"))
        #expect(compiled.text.contains("received no comments"))
        #expect(compiled.report.contains("this paper says the Secretariat received no comments, but 1 submission(s) are registered and waiting"))
        try refused(day, ["register", revised, "--state", "Peru", "--language", "es", "--item", "2"], saying: "crp show \(id)")
        r = try day.crp("verify")
        #expect(r.status == 0, "\(r.out)\(r.err)")
        try refused(day, ["show", id, "--text-version", "3"], saying: "no version 3")
    }

    @Test func jointTextNamesEveryStateInCollationOrder() throws {
        let day = try Day("joint")
        let id = try day.register(day.fixture("peru-item2.es.txt"), ["Peru", "Chile", "Argentina"], "es")
        #expect(id.hasPrefix("peru-"))
        #expect(try day.crp("translate", id, day.fixture("peru-item2.en.txt")).status == 0)
        #expect(try day.crp("review", id).status == 0)
        let paper = try day.paper().text
        #expect(paper.contains("received comments from Argentina, Chile and Peru"))
        #expect(paper.contains("(Argentina, Chile and Peru in Spanish)"))
        #expect(paper.contains("Argentina, Chile and Peru"), "the heading above the comment names them together")
        let rows = try day.json("status") as? [[String: Any]] ?? []
        #expect(rows.count == 1)
    }

    @Test func lateCommentsAreNeverListedWithinTheDeadline() throws {
        let day = try Day("late")
        let onTime = try day.register(day.fixture("morocco-item2.ar.txt"), ["Morocco"], "ar", received: "2020-09-18")
        let late = try day.register(day.fixture("peru-item2.es.txt"), ["Niger"], "es", received: "2020-10-02")
        for (id, en) in [(onTime, "morocco-item2.en.txt"), (late, "peru-item2.en.txt")] {
            #expect(try day.crp("translate", id, day.fixture(en)).status == 0)
            #expect(try day.crp("review", id).status == 0)
        }
        let paper = try day.paper().text
        #expect(
            paper.contains(
                "Within the deadline, the Secretariat to the Working Group of Government Experts on Technical Assistance received comments from Morocco."))
        #expect(paper.contains("Comments were also received after the deadline from the Niger."))
        #expect(!paper.contains("received comments from Morocco and"))
    }

    /// Comments dated more than a year after the session are registered (late) with a warning that
    /// the workspace's paper may be the wrong one: an old paper.yaml used for a new session.
    @Test func commentsLongAfterTheSessionAskWhetherThePaperIsTheRightOne() throws {
        let day = try Day("old-paper")
        let r = try day.crp(
            "register", day.fixture("peru-item2.es.txt"), "--state", "Peru", "--language", "es", "--item", "2", "--received", "2022-01-10",
            env: ["CRP_NOW": "2022-01-11T10:00:00Z"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.err.contains("more than a year after the session"), "\(r.err)")
        #expect(r.err.contains("crp init"))
        let onTime = try day.crp(
            "register", day.fixture("morocco-item2.ar.txt"), "--state", "Morocco", "--language", "ar", "--item", "2", "--received", "2020-09-20")
        #expect(onTime.status == 0)
        #expect(!onTime.err.contains("after the session"))
    }

    /// A State that commented on time and sent a revised text after the deadline stays on time:
    /// the submission keeps the date it was first received; the revision's date is its version's.
    @Test func aRevisionAfterTheDeadlineKeepsTheFirstDateReceived() throws {
        let day = try Day("late-revision")
        let id = try day.register(day.fixture("peru-item2.es.txt"), ["Peru"], "es", received: "2020-09-25")
        let revised = try day.file(
            "peru-late.es.txt", "El Perú envía una versión revisada de sus comentarios, después del plazo.\n\nLos Estados deberían actualizar sus registros.\n")
        let r = try day.crp("revise", id, revised, "--received", "2020-10-05")
        #expect(r.status == 0, "\(r.err)")
        #expect(r.err.contains("keeps the date it was first received, 2020-09-25, and stays on time"), "\(r.err)")
        let show = try day.json("show", id) as? [String: Any]
        #expect(show?["late"] as? Bool == false)
        let versions = show?["versions"] as? [[String: Any]] ?? []
        #expect(versions.map { $0["received"] as? String } == ["2020-09-25", "2020-10-05"], "\(versions)")
        let rows = try day.json("status") as? [[String: Any]] ?? []
        #expect(rows.first?["received"] as? String == "2020-09-25")
        #expect(try day.crp("translate", id, day.fixture("peru-item2.en.txt")).status == 0)
        #expect(try day.crp("review", id).status == 0)
        let paper = try day.paper().text
        #expect(paper.contains("received comments from Peru."))
        #expect(!paper.contains("after the deadline from Peru"))
        // Correcting the date received corrects the first version's.
        #expect(try day.crp("amend", id, "--received", "2020-10-01", "--reason", "date stamp misread").status == 0)
        let amended = try day.json("show", id) as? [String: Any]
        #expect(amended?["late"] as? Bool == true)
        #expect((amended?["versions"] as? [[String: Any]] ?? []).map { $0["received"] as? String } == ["2020-10-01", "2020-10-05"])
        #expect(try day.crp("verify").status == 0)
    }

    /// A State that wrote twice on one item, once on time and once after the deadline, gets one
    /// heading; its second text is told apart by the day it came, in the paper and in the annex.
    @Test func aStatesSecondTextUnderOneItemIsToldApart() throws {
        let day = try Day("two-texts")
        let first = try day.register(day.fixture("peru-item2.es.txt"), ["Peru"], "es", received: "2020-09-25")
        let more = try day.file("peru-more.es.txt", "El Perú añade un comentario sobre el portal SHERLOC.\n\nLos Estados deberían compartir sus leyes.\n")
        let second = try day.register(more, ["Peru"], "es", received: "2020-10-02")
        for (id, english) in [
            (first, day.fixture("peru-item2.en.txt")),
            (second, try day.file("peru-more.en.txt", "Peru adds a comment on the SHERLOC portal.\n\nStates should share their laws.\n")),
        ] {
            #expect(try day.crp("translate", id, english).status == 0)
            #expect(try day.crp("review", id).status == 0)
        }
        let paper = try day.paper("--with-originals").text
        let headings = paper.components(separatedBy: "\n").filter { $0.hasPrefix("**Peru") }
        #expect(headings.count == 2, "one heading in the comments, one in the annex: \(headings)")
        #expect(paper.components(separatedBy: "Further comments, received on 2 October 2020, after the deadline.").count == 3, "\(paper)")
        let told = try #require(paper.range(of: "Further comments, received on 2 October 2020"))
        let added = try #require(paper.range(of: "Peru adds a comment"))
        #expect(told.upperBound <= added.lowerBound)
    }

    @Test func translationSentenceFollowsWhoTranslated() throws {
        let day = try Day("translators")
        let m = try day.register(day.fixture("morocco-item2.ar.txt"), ["Morocco"], "ar")
        let p = try day.register(day.fixture("peru-item2.es.txt"), ["Peru"], "es")
        let r = try day.register(day.fixture("peru-item3.es.txt"), ["Russian Federation"], "es", item: 3)
        #expect(
            try day.crp("translate", m, day.fixture("morocco-item2.en.txt"), "--source", "contractor", "--translator", "Jean Dupont, freelance contractor")
                .status == 0)
        #expect(try day.crp("translate", p, day.fixture("peru-item2.en.txt"), "--source", "state").status == 0)
        #expect(try day.crp("translate", r, day.fixture("peru-item3.en.txt")).status == 0)
        for id in [m, p, r] { #expect(try day.crp("review", id).status == 0) }
        let paper = try day.paper().text
        // One submission each: the singular.
        #expect(
            paper.contains(
                "The submission received in other language than English (the Russian Federation in Spanish) was translated unofficially through the use of internal resources."
            ))
        #expect(
            paper.contains("The submission received in other language than English (Morocco in Arabic) was translated unofficially by an external translator."))
        #expect(
            paper.contains(
                "The submission received in other language than English (Peru in Spanish) was accompanied by an official translation provided by the State concerned."
            ))
        #expect(paper.components(separatedBy: "internal resources").count == 2, "each sentence once")
        #expect(paper.contains("received comments from Morocco, Peru and the Russian Federation"))
        expectRefused(
            try day.crp("translate", m, day.fixture("morocco-item2.en.txt"), "--source", "nobody"), code: CRPExit.usage,
            saying: ["--source must be internal, contractor, state or secretariat"])
    }

    @Test func intakeGuardRails() throws {
        let day = try Day("guards")
        let english = try day.register(day.fixture("morocco-item2.en.txt"), ["Netherlands"], "en")
        try refused(day, ["translate", english, day.fixture("peru-item2.en.txt")], saying: "needs no translation")
        try refused(
            day, ["register", day.fixture("peru-item2.es.txt"), "--state", "Peru", "--language", "es", "--item", "2", "--received", "2030-01-01"],
            saying: "after today")
        try refused(
            day, ["register", day.fixture("peru-item2.es.txt"), "--state", "Peru", "--language", "es", "--item", "2", "--received", "2019-01-01"],
            saying: "more than a year before the session")
        try refused(
            day, ["register", day.fixture("peru-item2.es.txt"), "--state", "Peru", "--language", "es", "--item", "2", "--received", "2019-01-01", "--force"],
            code: CRPExit.usage, saying: "--reason")
        let old = try day.crp(
            "register", day.fixture("peru-item2.es.txt"), "--state", "Peru", "--language", "es", "--item", "2",
            "--received", "2019-01-01", "--force", "--reason", "Sent early with the first draft")
        #expect(old.status == 0, "\(old.err)")
        // The same text for another State is refused, naming the first record.
        let oldID = old.out.trimmingCharacters(in: .whitespacesAndNewlines)
        try refused(day, ["register", day.fixture("peru-item2.es.txt"), "--state", "Chile", "--language", "es", "--item", "2"], saying: oldID)
        // The same text in another encoding is the same submission.
        let cp1256 = CLI.fixtures.appendingPathComponent("variants/morocco-item2.windows-1256.txt").path
        let m = try day.register(day.fixture("morocco-item2.ar.txt"), ["Morocco"], "ar")
        try refused(day, ["register", cp1256, "--state", "Morocco", "--language", "ar", "--item", "2"], saying: m)
        // A Spanish text declared as Arabic is refused, not warned.
        try refused(day, ["register", day.fixture("peru-item3.es.txt"), "--state", "Peru", "--language", "ar", "--item", "3"], saying: "--force --reason")
        // The Niger's id part picks the Niger, not Nigeria.
        let niger = try day.register(try day.file("niger.fr.txt", "Le Niger soutient les points de discussion (a) et (b).\n"), ["Niger"], "fr")
        _ = try day.register(try day.file("nigeria.en.txt", "Nigeria supports the discussion points.\n"), ["Nigeria"], "en")
        let r = try day.crp("show", "niger", "--json")
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("\"id\" : \"\(niger)\""))
    }

    @Test func articlesInRunningTextBareNamesInHeadings() throws {
        let day = try Day("articles")
        let states = ["Niger", "Russian Federation", "United Kingdom", "United States", "Philippines", "Sudan", "Gambia", "Peru", "Bolivia"]
        for (i, s) in states.enumerated() {
            let id = try day.register(try day.file("c\(i).en.txt", "Comments of delegation number \(i) on the discussion points.\n"), [s], "en")
            #expect(try day.crp("review", id).status == 0)
        }
        let paper = try day.paper().text
        #expect(
            paper.contains(
                "received comments from the Plurinational State of Bolivia, the Gambia, the Niger, Peru, the Philippines, the Russian Federation, the Sudan, the United Kingdom of Great Britain and Northern Ireland and the United States of America."
            ))
        #expect(paper.contains("\nNiger\n") || paper.contains("**Niger**") || paper.contains("Niger\n"))
        #expect(!paper.contains("the the "))
    }

    @Test func embeddedReferenceStoreIsReadOnlyOutsideAWorkspace() throws {
        let outside = try CLI.tempDir("outside")
        #expect(Scratch.workspaceAboveRoot() == nil, "crp would find this workspace above the tests' scratch root: \(Scratch.workspaceAboveRoot() ?? "")")
        let store = CLI.repo.appendingPathComponent("Submissions")
        // Its `.crp` (git-ignored: the status index any reader writes) is left out: other tests
        // read the embedded store at the same time.
        let before = StoreSnapshot.take(store, excluding: [".crp"])
        var r = try CLI.run(
            ["register", CLI.fixtures.appendingPathComponent("peru-item2.es.txt").path, "--state", "Chile", "--language", "es", "--item", "2"], cwd: outside)
        expectRefused(r, code: CRPExit.refused, saying: ["crp init", "--workspace"])
        r = try CLI.run(["withdraw", "peru-20200925-4db9a916", "--reason", "x"], cwd: outside)
        expectRefused(r, code: CRPExit.refused, saying: ["crp init", "--workspace"])
        #expect(StoreSnapshot.take(store, excluding: [".crp"]) == before)
        r = try CLI.run(["compile"], cwd: outside)
        #expect(r.status == 0)
        #expect(r.out.contains("received comments from Morocco and Peru"))
        r = try CLI.run(["status"], cwd: outside)
        #expect(r.status == 0)
    }

    @Test func compileReportsWhatItLeftOutAndStrictFails() throws {
        let day = try Day("report")
        let m = try day.register(day.fixture("morocco-item2.ar.txt"), ["Morocco"], "ar")
        let p = try day.register(day.fixture("peru-item2.es.txt"), ["Peru"], "es")
        let w = try day.register(day.fixture("peru-item3.es.txt"), ["Chile"], "es", item: 3)
        #expect(try day.crp("translate", m, day.fixture("morocco-item2.en.txt")).status == 0)
        #expect(try day.crp("review", m).status == 0)
        #expect(try day.crp("translate", p, day.fixture("peru-item2.en.txt")).status == 0)
        #expect(try day.crp("withdraw", w, "--reason", "Sent by mistake").status == 0)
        var r = try day.crp("compile")
        #expect(r.status == 0)
        #expect(r.err.contains("Compiled: 1 submission(s) in the paper: Morocco."))
        #expect(r.err.contains("Left out: \(p) (Peru): translated, not reviewed"))
        #expect(r.err.contains("Left out: \(w) (Chile): withdrawn (Sent by mistake)"))
        // Peru sent comments but is not named in the paper's first paragraph: said; Chile withdrew.
        #expect(r.err.contains("Warning: the paper does not name Peru, whose comments were received but are not ready"), "\(r.err)")
        #expect(!r.err.contains("does not name Peru, Chile"))
        r = try day.crp("compile", "--strict")
        expectRefused(r, code: CRPExit.refused, saying: ["Left out: \(p) (Peru): translated, not reviewed"])
        r = try day.crp("compile", "--json", "--output", day.ws.appendingPathComponent("p.md").path)
        #expect(r.status == 0, "\(r.err)")
        let report = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any]
        #expect((report?["included"] as? [Any])?.count == 1)
        #expect((report?["leftOut"] as? [[String: Any]])?.first?["reason"] as? String == "translated, not reviewed")
        #expect((report?["withdrawn"] as? [Any])?.count == 1)
        // Re-attaching the same translation changes nothing (it stays reviewed and in the paper).
        r = try day.crp("translate", m, day.fixture("morocco-item2.en.txt"))
        expectRefused(r, code: CRPExit.refused, saying: ["already attached"])
        #expect(try day.status(m) == "reviewed")
        #expect(try day.crp("review", p).status == 0)
        #expect(try day.crp("compile", "--strict").status == 0)
    }
}

@Suite struct DoctorFontsTests {
    /// `crp doctor` names every font the paper's Word file asks for and what stands in for it.
    @Test func doctorListsThePapersFonts() throws {
        guard Clients.available("fc-match", reason: "crp doctor checks fonts through fontconfig's fc-match") else { return }
        let r = try CLI.run(["doctor", "--json"], cwd: try CLI.tempDir("doctor"))
        #expect(r.status == 0, "\(r.err)")
        let report = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any]
        let fonts = (report?["fonts"] as? [[String: Any]] ?? []).compactMap { $0["family"] as? String }
        #expect(fonts.contains("Times New Roman"))
        #expect(fonts.contains("Simplified Arabic"))
        #expect(fonts.count == 3, "\(fonts)")
    }
}
