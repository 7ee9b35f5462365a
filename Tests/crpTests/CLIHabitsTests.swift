import Foundation
import Submissions
import TestSupport
import Testing

/// The habits every command keeps: JSON on read commands, colour only for terminals and never
/// under NO_COLOR, errors that say what to do next, completions for the shells.
@Suite(.serialized) struct CLIHabitsTests {
    /// A workspace with one registered, translated submission.
    static func workspace(_ tag: String) throws -> (ws: URL, id: String) {
        let ws = try CLI.tempDir(tag).appendingPathComponent("ws")
        var r = try CLI.run(["init", ws.path, "--from", CLI.fixtures.appendingPathComponent("paper.yaml").path])
        #expect(r.status == 0, "\(r.err)")
        r = try CLI.run([
            "register", CLI.fixtures.appendingPathComponent("peru-item2.es.txt").path, "--state", "Peru", "--language", "es",
            "--item", "2", "--received", "2020-09-25", "--workspace", ws.path,
        ])
        #expect(r.status == 0, "\(r.err)")
        let id = r.out.trimmingCharacters(in: .whitespacesAndNewlines)
        r = try CLI.run(["translate", id, CLI.fixtures.appendingPathComponent("peru-item2.en.txt").path, "--workspace", ws.path])
        #expect(r.status == 0, "\(r.err)")
        return (ws, id)
    }

    static let readCommands: [(String, [String])] = [
        ("status", []), ("show", ["ID"]), ("log", ["ID"]), ("search", ["SHERLOC"]), ("workload", []), ("verify", []), ("doctor", []),
    ]

    @Test func everyReadCommandPrintsJSON() throws {
        let (ws, id) = try Self.workspace("json")
        for (command, args) in Self.readCommands {
            let r = try CLI.run([command] + args.map { $0 == "ID" ? id : $0 } + ["--json", "--workspace", ws.path])
            #expect(r.status == 0, "\(command): \(r.err)")
            let parsed = try? JSONSerialization.jsonObject(with: Data(r.out.utf8))
            #expect(parsed != nil, "\(command) --json printed: \(r.out.prefix(200))")
        }
        // The help of each says so.
        for (command, _) in Self.readCommands {
            #expect(try CLI.run([command, "--help"]).out.contains("--json"), "\(command)")
        }
        let doctor = try JSONSerialization.jsonObject(with: Data(try CLI.run(["doctor", "--json", "--workspace", ws.path]).out.utf8)) as? [String: Any]
        #expect((doctor?["icu"] as? String)?.isEmpty == false)
        #expect(doctor?["storeProblems"] as? Int == 0)
        let clients = doctor?["clients"] as? [String: Any]
        #expect(clients?.keys.contains("soffice") == true && clients?.keys.contains("pandoc") == true && clients?.keys.contains("chromium") == true)
    }

    @Test func noColourWhenPipedOrUnderNO_COLOR() throws {
        let (ws, id) = try Self.workspace("colour")
        // Piped (CLI.run sets NO_COLOR; take it away too): no escape sequence at all.
        for args in [["status"], ["show", id], ["register", "/nonexistent.txt", "--state", "Peru", "--language", "es", "--item", "2"]] {
            let p = try CLI.run(args + ["--workspace", ws.path], env: ["NO_COLOR": ""])
            #expect(!p.out.contains("\u{1B}") && !p.err.contains("\u{1B}"), "\(args)")
        }
        guard PTY.available || !PTY.runs else {
            _ = PTY.requireAvailable()
            return
        }
        guard PTY.available else {
            print("SKIPPED: the terminal half of this test: script (util-linux) is not installed")
            return
        }
        // On a terminal: colour, unless NO_COLOR is set to something or the terminal is dumb.
        let tty = try PTY.run(["status", "--workspace", ws.path], unset: ["NO_COLOR"])
        #expect(tty.out.contains("\u{1B}["), "a terminal should get colour: \(tty.out.debugDescription)")
        for env in [["NO_COLOR": "1"], ["TERM": "dumb"]] {
            let plain = try PTY.run(["status", "--workspace", ws.path], env: env, unset: ["NO_COLOR"])
            #expect(plain.out.contains("peru-") && !plain.out.contains("\u{1B}"), "\(env): \(plain.out.debugDescription)")
        }
        let err = try PTY.run(["show", "nosuchid", "--workspace", ws.path], env: ["NO_COLOR": "1"])
        expectRefused(err, code: CRPExit.refused, saying: ["crp: error:", "nosuchid"], in: \.out)
        #expect(!err.out.contains("\u{1B}"))
    }

    /// Each refusal names the problem and what to do next.
    @Test func errorsSayWhatToDoNext() throws {
        let (ws, id) = try Self.workspace("errors")
        let peru = CLI.fixtures.appendingPathComponent("peru-item3.es.txt").path
        let root = ws.deletingLastPathComponent()
        let bomb = root.appendingPathComponent("bomb.docx")
        // A zip whose only entry claims to inflate 2 000 times: refused before inflating.
        try Self.zipBomb().write(to: bomb)
        let doc = root.appendingPathComponent("old.doc")
        try Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 512)).write(to: doc)
        // Each refusal: the arguments, and what its message must hold: the value that was wrong
        // (or the file) and the specific next step.
        let cases: [(args: [String], says: [String])] = [
            (["register", peru, "--state", "Peur", "--language", "es", "--item", "3"], ["\"Peur\"", "Did you mean \"Peru\""]),
            (["register", peru, "--state", "Peru", "--language", "pt", "--item", "3"], ["\"pt\"", "ar, zh, en, fr, ru or es"]),
            (["register", peru, "--state", "Chli", "--language", "es", "--item", "3"], ["\"Chli\"", "Did you mean \"Chile\""]),
            (
                ["register", peru, "--state", "Peru", "--language", "French", "--item", "3"],
                ["\"French\"", "name, not its code: give fr", "ar, zh, en, fr, ru or es"]
            ),
            (
                ["register", peru, "--state", "Peru", "--language", "es", "--item", "3", "--received", "2020-9-21"],
                ["\"2020-9-21\" is not written YYYY-MM-DD", "Write 2020-09-21"]
            ),
            (["register", peru, "--state", "Chine", "--language", "es", "--item", "3"], ["\"Chine\"", "did you mean \"Chile\" or \"China\""]),
            (
                ["register", peru, "--state", "Peru", "--language", "es", "--item", "3", "--received", "2020-02-30"],
                ["\"2020-02-30\"", "February 2020 has 29 days", "YYYY-MM-DD"]
            ),
            (["register", peru, "--state", "Peru", "--language", "es", "--item", "7"], ["item 7", "2, 3", "paper.yaml"]),
            (["register", peru, "--state", "Peru", "--language", "es"], ["--item"]),
            (["register", peru, "--state", "Peru", "--language", "es", "--item", "3", "--received", "25/09/2020"], ["\"25/09/2020\"", "YYYY-MM-DD"]),
            (
                ["register", "/nonexistent/x.txt", "--state", "Peru", "--language", "es", "--item", "3"],
                ["/nonexistent/x.txt", "does not exist", "Check the path"]
            ),
            (["register", bomb.path, "--state", "Peru", "--language", "es", "--item", "3"], ["bomb.docx"]),
            (["register", doc.path, "--state", "Peru", "--language", "es", "--item", "3"], ["old.doc", ".doc", "Ask the sender for the file again"]),
            (
                ["register", CLI.fixtures.appendingPathComponent("peru-item2.es.txt").path, "--state", "Peru", "--language", "es", "--item", "2"],
                ["already registered", "crp show "]
            ),
            (["show", "nosuchid"], ["\"nosuchid\"", "crp status"]),
            (["include", id], [id, "crp review \(id)"]),
            (["compile", "--format", "odt"], ["\"odt\"", "md, html, docx or pdf"]),
            (["import-folder", "/nonexistent/inbox"], ["/nonexistent/inbox", "does not exist"]),
            (["translate", id, "/nonexistent/en.txt"], ["/nonexistent/en.txt", "does not exist"]),
            (["completions", "--shell", "tcsh"], ["\"tcsh\"", "bash, zsh or fish"]),
        ]
        let actions = [
            "Use ", "Run ", "run ", "Check ", "Ask ", "Pass ", "pass ", "Register ", "register ", "Type ", "Write ", "Fix ", "Save ",
            "Did you mean", "did you mean", "Attach ", "add the item", "Say which", "Review it", "use `crp", "Open it", "raise the limit", "Choose ",
        ]
        for (args, says) in cases {
            let r = try CLI.run(args + (args[0] == "completions" ? [] : ["--workspace", ws.path]))
            // The command called wrongly (README: an unknown State, language or item, no item, a
            // malformed date, a value an option does not take, a reason missing) exits 2; a refusal 1.
            let usageSigns = [
                "Did you mean", "did you mean", "ar, zh, en, fr, ru or es", "item 7", "YYYY-MM-DD", "md, html, docx or pdf", "bash, zsh or fish", "--reason",
            ]
            let usage = says == ["--item"] || says.contains { s in usageSigns.contains { s.contains($0) } }
            expectRefused(r, code: usage ? CRPExit.usage : CRPExit.refused, saying: says)
            #expect(r.err.hasPrefix("crp: error:"), "\(args): \(r.err)")
            #expect(actions.contains { r.err.contains($0) }, "no next step in: \(r.err)")
            for needle in says { #expect(r.err.contains(needle), "\(args): the message does not say \(needle.debugDescription): \(r.err)") }
        }
        // No workspace at all.
        var r = try CLI.run(["status", "--workspace", root.appendingPathComponent("none").path])
        #expect(r.err.contains("crp init"))
        #expect(r.err.contains("none is not a RoomPaper workspace: it holds no paper.yaml"), "\(r.err)")
        // --workspace before the command, as `git -C DIR` is written.
        r = try CLI.run(["--workspace", ws.path, "status"])
        #expect(r.status == 0 && r.out.contains("STATE"), "\(r.err)")
        r = try CLI.run(["--workspace", ws.path, "tm", "stats"])
        #expect(r.status == 0, "\(r.err)")
    }

    /// A stored ZIP whose central directory declares 20 MB for 10 KB of data.
    static func zipBomb() -> Data {
        func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        func le32(_ v: Int) -> [UInt8] { le16(v & 0xFFFF) + le16(v >> 16 & 0xFFFF) }
        let name = Array("word/document.xml".utf8)
        let data = [UInt8](repeating: 0x20, count: 10_000)
        let declared = 20_000_000
        var z: [UInt8] =
            [0x50, 0x4B, 0x03, 0x04] + le16(20) + le16(0) + le16(8) + le32(0) + le32(0) + le32(data.count) + le32(declared)
            + le16(name.count) + le16(0) + name + data
        let cd = z.count
        z +=
            [0x50, 0x4B, 0x01, 0x02] + le16(20) + le16(20) + le16(0) + le16(8) + le32(0) + le32(0) + le32(data.count) + le32(declared)
            + le16(name.count) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(0) + name
        let cdSize = z.count - cd
        z += [0x50, 0x4B, 0x05, 0x06] + le16(0) + le16(0) + le16(1) + le16(1) + le32(cdSize) + le32(cd) + le16(0)
        return Data(z)
    }

    @Test func completionsForEachShell() throws {
        for (shell, marker) in [("bash", "-F _crp crp"), ("zsh", "#compdef crp"), ("fish", "complete -c 'crp'")] {
            let r = try CLI.run(["completions", "--shell", shell])
            #expect(r.status == 0)
            #expect(r.out.contains(marker), "\(shell)")
            #expect(r.out.contains("import-folder"))
            #expect(r.out == (try CLI.run(["--generate-completion-script", shell]).out))
        }
    }
}

/// The locale files read as the paper needs them.
@Suite struct CLIHabitsLocaleTests {
    let catalog: LocaleCatalog
    init() throws { catalog = try LocaleCatalog(folder: CLI.repo.appendingPathComponent("Locales")) }

    @Test func arabicPrepositionIsNotDoubled() throws {
        let ar = try catalog.language("ar")
        let entry = ar.sentence("translated_entry", ["state": "بيرو", "language": ar.languages["es"]!])
        #expect(entry == "بيرو بالإسبانية")
        for key in ["translation_pending", "original_of", "translated_entry"] { #expect(!(ar.paper[key] ?? "").contains("بال{")) }
    }

    @Test func nativeNamesDirectionsAndLetters() throws {
        let expected: [String: (String, String, String)] = [
            "ar": ("العربية", "rtl", "(أ)"), "zh": ("中文", "ltr", "(a)"), "en": ("English", "ltr", "(a)"),
            "fr": ("français", "ltr", "a)"), "ru": ("русский", "ltr", "\u{0430})"), "es": ("español", "ltr", "a)"),
        ]
        for (code, (native, direction, first)) in expected {
            let l = try catalog.language(code)
            #expect(l.native == native)
            #expect(l.direction.rawValue == direction)
            #expect(l.letter(0) == first)
            #expect(l.languages[code] != nil)
        }
        #expect(try catalog.language("ar").letter(4) == "(هـ)")
        #expect(try catalog.language("fr").sentence("original_of", ["state": "Pérou", "language": "espagnol"]) == "Pérou\u{A0}: original en espagnol")
    }

    @Test func statesAndAliases() throws {
        #expect(catalog.states.filter { $0.kind == "member" }.count == 193)
        for (typed, name) in [
            ("Turkey", "Türkiye"), ("Bolivia", "Bolivia (Plurinational State of)"), ("The Gambia", "Gambia"),
            ("Cote d'Ivoire", "Côte d'Ivoire"), ("Holy See", "Holy See"), ("Palestine", "State of Palestine"),
            ("Netherlands", "Netherlands (Kingdom of the)"), ("Burma", "Myanmar"), ("EU", "European Union"),
        ] {
            #expect(try catalog.canonicalState(typed) == name)
        }
    }
}
