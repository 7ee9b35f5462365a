import Foundation
import TestSupport
import Testing

/// What a new-user trial found, run through the built `crp`: each refusal names the file or id,
/// says what to do, and leaves the store as it was; each message says what really happened.
@Suite(.serialized) struct TrialFixesCLITests {
    /// A workspace of the reference paper and a folder for the files "received".
    struct Desk {
        let ws: URL, inbox: URL
        init(_ tag: String) throws {
            let dir = try CLI.tempDir(tag)
            ws = dir.appendingPathComponent("paper")
            inbox = dir.appendingPathComponent("in")
            try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
            let r = try CLI.run(["init", ws.path, "--from", CLI.fixtures.appendingPathComponent("paper.yaml").path])
            if r.status != 0 { throw HarnessError("crp init failed: \(r)") }
        }

        func file(_ name: String, _ text: String) throws -> URL {
            let u = inbox.appendingPathComponent(name)
            try Data(text.utf8).write(to: u)
            return u
        }

        @discardableResult
        func crp(_ args: [String]) throws -> ProcResult { try CLI.run(args, cwd: ws) }

        @discardableResult
        func ok(_ args: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> ProcResult {
            let r = try crp(args)
            #expect(r.status == 0, "crp \(args.joined(separator: " ")): \(r)", sourceLocation: sourceLocation)
            if r.status != 0 { throw HarnessError("crp \(args.joined(separator: " ")) failed: \(r)") }
            return r
        }

        func register(_ name: String, _ text: String, state: String, language: String) throws -> String {
            try ok(["register", try file(name, text).path, "--state", state, "--language", language, "--item", "2", "--received", "2020-09-20"])
                .out.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        func events(_ id: String) throws -> [[String: Any]] {
            let r = try ok(["log", id, "--json"])
            return try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [[String: Any]] ?? []
        }
    }

    static let chinese = """
        中华人民共和国政府欢迎缔约方会议关于技术援助的讨论要点。
        中国支持秘书处继续向各国提供立法援助，并建议加强区域合作和信息交流。
        我们认为审议机制应当以透明、高效、包容和非对抗的方式进行。

        """
    static let russian = """
        Правительство Российской Федерации приветствует обсуждение вопросов технической помощи.
        Россия поддерживает работу секретариата по оказанию законодательной помощи государствам.

        """
    static let english = """
        The Government of the People's Republic of China welcomes the discussion points on technical assistance.
        China supports the continued legislative assistance of the Secretariat and regional cooperation.

        """

    // MARK: 1. A translation in the wrong script

    @Test func translationNotInThePaperScriptIsRefusedUnlessForced() throws {
        let d = try Desk("trial-script")
        let id = try d.register("china.zh.txt", Self.chinese, state: "China", language: "zh")
        let ru = try d.file("russian.txt", Self.russian)
        let before = CLI.snapshot(d.ws)
        let r = try d.crp(["translate", id, ru.path])
        #expect(r.status == 1, "\(r)")
        #expect(r.err.contains("russian.txt") && r.err.contains("Latn") && r.err.contains("Cyrl"), "\(r.err)")
        #expect(r.err.contains("Nothing was stored") && r.err.contains("--force --reason"), "\(r.err)")
        #expect(!r.out.contains("translated"), "\(r.out)")
        #expect(CLI.snapshot(d.ws) == before, "a refused translation changes nothing")

        // --force needs a reason, and the reason is recorded with what was overridden.
        let bare = try d.crp(["translate", id, ru.path, "--force"])
        #expect(bare.status == 2 && bare.err.hasPrefix("crp: error:") && bare.err.contains("--reason"), "\(bare)")
        #expect(CLI.snapshot(d.ws) == before)
        try d.ok(["translate", id, ru.path, "--force", "--reason", "the State sent its own Russian version"])
        let note = try d.events(id).last?["note"] as? String ?? ""
        #expect(note.contains("--force") && note.contains("Latn") && note.contains("the State sent its own Russian version"), "\(note)")
    }

    @Test func englishTranslationOfAChineseOriginalIsAccepted() throws {
        let d = try Desk("trial-script-ok")
        let id = try d.register("china.zh.txt", Self.chinese, state: "China", language: "zh")
        let r = try d.ok(["translate", id, try d.file("china.en.txt", Self.english).path])
        #expect(r.out.contains("\(id): translated"), "\(r)")
        #expect(!r.err.contains("Replaced"), "a first translation replaces nothing: \(r.err)")
    }

    // MARK: 3. A second translation

    @Test func secondTranslationSaysWhatItReplacedAndKeepsTheFirst() throws {
        let d = try Desk("trial-second")
        let id = try d.register("china.zh.txt", Self.chinese, state: "China", language: "zh")
        try d.ok(["translate", id, try d.file("first.en.txt", Self.english).path])
        let first = try d.events(id).last?["translation"] as? String ?? ""
        #expect(!first.isEmpty)
        try d.ok(["review", id])
        let r = try d.ok(["translate", id, try d.file("second.en.txt", Self.english + "A second, corrected rendering.\n").path])
        #expect(r.out.contains("\(id): translated"), "\(r)")
        #expect(r.err.contains("Replaced the translation attached on 20") && r.err.contains("first.en.txt"), "\(r.err)")
        #expect(r.err.contains("translations/\(first)"), "\(r.err)")
        #expect(r.err.contains("was reviewed") && r.err.contains("crp review \(id)"), "\(r.err)")
        let kept = d.ws.appendingPathComponent("\(id)/translations/\(first)/text.txt")
        #expect(FileManager.default.fileExists(atPath: kept.path), "the earlier translation stays stored")
        #expect(try d.events(id).compactMap { $0["translation"] as? String }.count == 2)
    }

    // MARK: 2. import-folder --dry-run and the same text within the folder

    @Test func dryRunFindsWhatTheRealRunRefusesAsTheSameText() throws {
        let d = try Desk("trial-dry")
        let kyrgyz = try d.register("kyrgyzstan.ru.txt", Self.russian + "Кыргызстан.\n", state: "Kyrgyzstan", language: "ru")
        let folder = d.inbox.appendingPathComponent("batch")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // Other bytes (a byte order mark), the same text once decoded.
        try Data([0xEF, 0xBB, 0xBF] + Array(Self.russian.utf8)).write(to: folder.appendingPathComponent("belarus-item2.ru.txt"))
        try Data(Self.russian.utf8).write(to: folder.appendingPathComponent("russian-federation-item2.ru.txt"))
        // The same bytes as a submission of another State already in the store.
        try Data((Self.russian + "Кыргызстан.\n").utf8).write(to: folder.appendingPathComponent("kazakhstan-item2.ru.txt"))
        try Data("Comentarios del Perú sobre la asistencia técnica y la cooperación internacional.\n".utf8)
            .write(to: folder.appendingPathComponent("peru-item2.es.txt"))

        func outcomes(_ r: ProcResult) throws -> [String: (status: String, reason: String)] {
            let json = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any]
            var out: [String: (String, String)] = [:]
            for o in json?["outcomes"] as? [[String: Any]] ?? [] {
                out[o["file"] as? String ?? ""] = (o["status"] as? String ?? "", o["reason"] as? String ?? "")
            }
            return out
        }
        let before = CLI.snapshot(d.ws)
        let dry = try d.crp(["import-folder", folder.path, "--dry-run", "--received", "2020-09-21", "--json"])
        #expect(dry.status == 1, "a refused file makes the dry run fail too: \(dry)")
        let planned = try outcomes(dry)
        #expect(planned["belarus-item2.ru.txt"]?.status == "ready", "\(planned)")
        #expect(planned["peru-item2.es.txt"]?.status == "ready", "\(planned)")
        let rf = planned["russian-federation-item2.ru.txt"]
        #expect(rf?.status == "refused" && rf?.reason.contains("belarus-item2.ru.txt") == true && rf?.reason.contains("the same text") == true, "\(planned)")
        #expect(rf?.reason.contains("--allow-same-text") == true, "\(planned)")
        let kz = planned["kazakhstan-item2.ru.txt"]
        #expect(kz?.status == "refused" && kz?.reason.contains(kyrgyz) == true, "\(planned)")
        #expect(CLI.snapshot(d.ws) == before, "a dry run stores nothing")

        let real = try d.crp(["import-folder", folder.path, "--received", "2020-09-21", "--json"])
        #expect(real.status == 1, "\(real)")
        let done = try outcomes(real)
        #expect(Set(done.keys) == Set(planned.keys))
        for (file, p) in planned {
            #expect(done[file]?.status == (p.status == "ready" ? "registered" : p.status), "\(file): dry run \(p), real run \(String(describing: done[file]))")
        }
    }

    // MARK: 4. Messages

    @Test func includeTwiceAndReopenToTheSameStateSayItInOneSentenceWithTheRealNextStep() throws {
        let d = try Desk("trial-moves")
        let id = try d.register("china.zh.txt", Self.chinese, state: "China", language: "zh")
        var before = CLI.snapshot(d.ws)
        var r = try d.crp(["reopen", id, "--to", "received", "--reason", "trial"])
        #expect(r.status == 1, "\(r)")
        #expect(r.err.contains("\(id) is already received; nothing was changed"), "\(r.err)")
        #expect(r.err.contains("crp translate \(id) FILE") && !r.err.contains("crp review") && !r.err.contains("crp include"), "\(r.err)")
        #expect(CLI.snapshot(d.ws) == before)

        try d.ok(["translate", id, try d.file("china.en.txt", Self.english).path])
        r = try d.crp(["reopen", id, "--to", "reviewed", "--reason", "trial"])
        #expect(r.status == 1 && r.err.contains("moves back only") && r.err.contains("crp review \(id)"), "\(r)")
        try d.ok(["review", id])
        try d.ok(["include", id])
        before = CLI.snapshot(d.ws)
        r = try d.crp(["include", id])
        #expect(r.status == 1, "\(r)")
        #expect(r.err.contains("\(id) is already included; nothing was changed."), "\(r.err)")
        #expect(!r.err.contains("cannot be included"), "\(r.err)")
        r = try d.crp(["review", id])
        #expect(r.status == 1 && r.err.contains("\(id) is already included; nothing was changed."), "\(r)")
        #expect(CLI.snapshot(d.ws) == before)
    }

    @Test func registeringAFolderListsTheReadersFormatsAndPointsToImportFolder() throws {
        let d = try Desk("trial-folder")
        let folder = d.inbox.appendingPathComponent("from-missions")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let before = CLI.snapshot(d.ws)
        let r = try d.crp(["register", folder.path, "--state", "Peru", "--language", "es", "--item", "2"])
        #expect(r.status == 1, "\(r)")
        #expect(r.err.contains("from-missions is a folder") && r.err.contains("crp import-folder"), "\(r.err)")
        for format in ["PDF", "PNG, JPEG, TIFF", ".doc)", ".rtf", ".odt", ".docm", ".docx", ".eml", ".html", ".md", ".txt"] {
            #expect(r.err.contains(format), "\(format) missing: \(r.err)")
        }
        #expect(!r.err.contains("XLIFF"), "translations come back through crp import, not register")
        #expect(CLI.snapshot(d.ws) == before)
        let help = try d.crp(["register", "--help"])
        #expect(help.out.contains("PDF") && help.out.contains("import-folder"), "\(help.out)")
    }

    @Test func verifyRepairSaysWhatItRepairedThenThatTheStoreIsClean() throws {
        let d = try Desk("trial-repair")
        let id = try d.register("china.zh.txt", Self.chinese, state: "China", language: "zh")
        let folder = d.ws.appendingPathComponent(id)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("text.txt"))
        try Data("{}".utf8).write(to: folder.appendingPathComponent("analysis.json"))
        let r = try d.crp(["verify", "--repair"])
        #expect(r.status == 0, "\(r)")
        #expect(r.out.contains("Repaired 2 derived files"), "\(r.out)")
        #expect(r.out.contains("\(id)/text.txt: the derived text is missing") && r.out.contains("\(id)/analysis.json"), "\(r.out)")
        #expect(r.out.contains("the store is clean now") && !r.out.contains("no problem found"), "\(r.out)")
        let json = try d.crp(["verify", "--json", "--repair"])
        let remaining = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [Any]
        #expect(json.status == 0 && remaining?.isEmpty == true && !json.err.contains("Repaired"), "\(json)")
        let again = try d.crp(["verify"])
        #expect(again.status == 0 && again.out.contains("no problem found.") && !again.out.contains("Repaired"), "\(again)")
    }

    /// Every usage error has one form and one exit code (README, "Exit codes"), whether the option
    /// parser or the command finds it.
    @Test func usageErrorsHaveOneFormAndExitCode() throws {
        let d = try Desk("trial-usage")
        let f = try d.file("peru.es.txt", "Comentarios del Perú sobre la asistencia técnica.\n").path
        let before = CLI.snapshot(d.ws)
        for (args, says) in [
            (["register", f, "--language", "es", "--item", "2"], "--state"),
            (["register", f, "--state", "Peru", "--language", "es"], "--item"),
            (["register", f, "--state", "Peru", "--item", "2"], "--language"),
            (["register", f, "--state", "Peru", "--language", "es", "--item", "2", "--no-such-option"], "--no-such-option"),
            (["register", f, "--state", "Peru", "--language", "es", "--item", "9"], "item 9"),
            (["translate", "x", f, "--force"], "--reason"),
        ] {
            let r = try d.crp(args)
            #expect(r.status == 2, "\(args): \(r)")
            #expect(r.err.hasPrefix("crp: error:") && !r.err.contains("Error:"), "\(args): \(r.err)")
            #expect(r.err.contains(says), "\(args): \(r.err)")
        }
        #expect(CLI.snapshot(d.ws) == before)
        #expect(try d.crp(["--version"]).status == 0)
        #expect(try d.crp(["register", "--help"]).status == 0)
    }

    /// A refusal offers only options the refused command has: revise takes neither --force nor --language.
    @Test func reviseInAnotherScriptSuggestsOnlyWhatReviseTakes() throws {
        let d = try Desk("trial-revise")
        let id = try d.register("china.zh.txt", Self.chinese, state: "China", language: "zh")
        let before = CLI.snapshot(d.ws)
        let r = try d.crp(["revise", id, try d.file("revised.txt", Self.russian).path])
        #expect(r.status == 1, "\(r)")
        #expect(r.err.contains("revised.txt") && r.err.contains("Nothing was stored") && r.err.contains("crp amend \(id) --language"), "\(r.err)")
        #expect(!r.err.contains("--force") && !r.err.contains("Check --language"), "\(r.err)")
        #expect(CLI.snapshot(d.ws) == before)
    }

    /// Under --strict, --force does not override the script check, so the refusal does not offer it.
    @Test func strictScriptRefusalDoesNotOfferForce() throws {
        let d = try Desk("trial-strict")
        let f = try d.file("peru.txt", Self.russian).path
        let before = CLI.snapshot(d.ws)
        for extra in [[], ["--strict"], ["--strict", "--force", "--reason", "trial"]] {
            let r = try d.crp(["register", f, "--state", "Peru", "--language", "es", "--item", "2"] + extra)
            #expect(r.status == 1 && r.err.contains("peru.txt") && r.err.contains("Nothing was stored"), "\(extra): \(r)")
            #expect(r.err.contains("add --force --reason TEXT") == extra.isEmpty, "\(extra): \(r.err)")
        }
        #expect(CLI.snapshot(d.ws) == before)
    }
}
