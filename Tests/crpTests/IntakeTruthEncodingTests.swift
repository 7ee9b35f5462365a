import Foundation
import TestSupport
import Testing

/// Issue 25, point 2: a wrong `--encoding` in the same script is refused, naming both encodings
/// with a line of each; a mistaken encoding already stored is corrected with `crp amend --encoding`
/// (an event; the text read before stays stored; verify agrees); the refusal of the same bytes
/// points to what helps, not to the command that just refused.
@Suite(.serialized) struct IntakeTruthEncodingTests {
    static let russian = """
        Российская Федерация поддерживает усилия Конференции по укреплению международного сотрудничества \
        в борьбе с транснациональной организованной преступностью.

        Мы считаем важным, чтобы Секретариат продолжал обновлять портал знаний и публиковал законодательство \
        и судебную практику на всех официальных языках Организации Объединенных Наций.

        Российская Федерация предлагает провести дополнительные консультации по вопросам технической помощи.

        """

    static func workspace(_ tag: String) throws -> URL {
        let ws = try CLI.tempDir(tag).appendingPathComponent("paper")
        let r = try CLI.run(["init", ws.path, "--from", CLI.fixtures.appendingPathComponent("paper.yaml").path])
        #expect(r.status == 0, "\(r.err)")
        return ws
    }

    @Test func koi8rDeclaredForWindows1251IsRefusedAndAmendCorrectsIt() throws {
        let ws = try Self.workspace("enc-doubt")
        let file = ws.deletingLastPathComponent().appendingPathComponent("russia.txt")
        let bytes = try #require(Self.russian.data(using: .windowsCP1251))
        try bytes.write(to: file)
        let register = ["register", file.path, "--state", "Russian Federation", "--language", "ru", "--item", "2", "--received", "2020-09-20"]

        // The wrong encoding: refused, both named, a line of each, nothing stored.
        let before = CLI.snapshot(ws)
        var r = try CLI.run(register + ["--encoding", "koi8-r"], cwd: ws)
        #expect(r.status == 1, "\(r.out)\(r.err)")
        #expect(r.err.contains("russia.txt") && r.err.contains("koi8-r") && r.err.contains("windows-1251"), "\(r.err)")
        #expect(r.err.contains("Российская Федерация"), "the detected reading is shown: \(r.err)")
        #expect(r.err.contains("--encoding windows-1251"), "\(r.err)")
        #expect(CLI.snapshot(ws) == before, "a refused registration changed the store")

        // The mistake made anyway (forced), as it could be stored before this check existed.
        r = try CLI.run(register + ["--encoding", "koi8-r", "--force", "--reason", "officer insisted"], cwd: ws)
        #expect(r.status == 0, "\(r.err)")
        let id = r.out.trimmingCharacters(in: .whitespacesAndNewlines)
        let mojibake = try String(contentsOf: ws.appendingPathComponent(id).appendingPathComponent("text.txt"), encoding: .utf8)
        #expect(!mojibake.contains("Российская"))

        // The same bytes again: register and revise refuse, and point to amend --encoding.
        r = try CLI.run(register, cwd: ws)
        #expect(r.status == 1)
        #expect(r.err.contains("crp amend \(id)") && r.err.contains("--encoding"), "\(r.err)")
        r = try CLI.run(["revise", id, file.path, "--reason", "right encoding"], cwd: ws)
        #expect(r.status == 1)
        #expect(r.err.contains("crp amend \(id)") && r.err.contains("--encoding"), "\(r.err)")
        #expect(r.err.contains("never the same one"), "revise does not send the officer back to revise: \(r.err)")

        // Amend with a still-wrong charset is refused too.
        r = try CLI.run(["amend", id, "--encoding", "ISO-8859-5", "--reason", "try"], cwd: ws)
        #expect(r.status == 1, "\(r.out)\(r.err)")

        // The correction: an event, the original read again, the old text kept, verify clean.
        r = try CLI.run(["amend", id, "--encoding", "windows-1251", "--reason", "Declared the wrong encoding"], cwd: ws)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("encoding: KOI8-R → windows-1251"), "\(r.out)")
        let text = try String(contentsOf: ws.appendingPathComponent(id).appendingPathComponent("text.txt"), encoding: .utf8)
        #expect(text.contains("Российская Федерация поддерживает усилия"))
        #expect(try Data(contentsOf: ws.appendingPathComponent(id).appendingPathComponent("original.txt")) == bytes, "the original is never rewritten")
        let kept = try FileManager.default.subpathsOfDirectory(atPath: ws.appendingPathComponent(id).appendingPathComponent("superseded").path)
            .filter { $0.hasSuffix("text.txt") }
        #expect(kept.count == 1)
        if let path = kept.first {
            let old = try String(contentsOf: ws.appendingPathComponent(id).appendingPathComponent("superseded").appendingPathComponent(path), encoding: .utf8)
            #expect(old == mojibake)
        }
        r = try CLI.run(["show", id, "--logical"], cwd: ws)
        #expect(r.out.contains("Российская Федерация"), "\(r.out)")
        r = try CLI.run(["log", id], cwd: ws)
        #expect(r.out.contains("KOI8-R → windows-1251"), "\(r.out)")
        r = try CLI.run(["verify"], cwd: ws)
        #expect(r.status == 0, "\(r.out)\(r.err)")
        // Nothing more to correct.
        r = try CLI.run(["amend", id, "--encoding", "windows-1251", "--reason", "again"], cwd: ws)
        #expect(r.status == 1)
    }

    /// The right encoding declared, and a Latin text declared in its own code page: no refusal.
    @Test func rightDeclaredEncodingsAreTaken() throws {
        let ws = try Self.workspace("enc-right")
        let file = ws.deletingLastPathComponent().appendingPathComponent("russia.txt")
        try #require(Self.russian.data(using: .windowsCP1251)).write(to: file)
        var r = try CLI.run(
            [
                "register", file.path, "--state", "Russian Federation", "--language", "ru", "--item", "2", "--received", "2020-09-20",
                "--encoding", "windows-1251",
            ], cwd: ws)
        #expect(r.status == 0, "\(r.err)")
        r = try CLI.run(
            [
                "register", CLI.fixtures.appendingPathComponent("variants/peru-item3.windows-1252.txt").path, "--state", "Peru",
                "--language", "es", "--item", "3", "--received", "2020-09-20", "--encoding", "windows-1252",
            ], cwd: ws)
        #expect(r.status == 0, "\(r.err)")
    }
}
