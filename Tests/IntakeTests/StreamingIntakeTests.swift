import Foundation
import MultilingualText
import Submissions
import TestSupport
import Testing

@testable import Intake
@testable import Secretariat

/// Streaming registration (large plain-text files in bounded memory) gives what reading the whole
/// file gives: the same stored text byte for byte, the same hashes and the same analysis. Tiny
/// pieces put a piece boundary at every position of the file.
@Suite struct StreamingIntakeTests {
    struct Setup {
        var dir: URL
        var store: Store
        var registrar: Registrar
        var arabic: LanguageResources
    }

    func setup(_ tag: String) throws -> Setup {
        let dir = try ReferenceTexts.tempDir("stream-\(tag)")
        let store = try Store.create(
            at: dir.appendingPathComponent("ws"), paper: try PaperDefinition.load(ReferenceTexts.url("paper.yaml")), clock: TestRepository.clock)
        let catalog = try LocaleCatalog(folder: ReferenceTexts.locales)
        return Setup(dir: dir, store: store, registrar: Registrar(store: store, catalog: catalog), arabic: try catalog.language("ar"))
    }

    func write(_ bytes: [UInt8], _ name: String, in dir: URL) throws -> URL {
        let url = dir.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    /// Streams `url` without registering it; returns the outcome and the stored text, and removes
    /// the staging folder.
    func stream(_ url: URL, _ s: Setup, piece: Int, language: String = "ar", encoding: String? = nil) throws -> (StreamingIntake.Outcome, String) {
        let tuning = StreamingIntake.Tuning(pieceBytes: piece, threshold: 0, batch: 3)
        let outcome = try #require(
            try StreamingIntake.stream(url, into: s.store, options: IntakeOptions(encoding: encoding), language: language, tuning: tuning))
        defer { try? FileManager.default.removeItem(at: outcome.staged.folder) }
        let text = try String(contentsOf: outcome.staged.folder.appendingPathComponent("text.txt"), encoding: .utf8)
        let original = try Data(contentsOf: outcome.staged.folder.appendingPathComponent(StreamingIntake.stagedName))
        #expect(original == (try Data(contentsOf: url)), "the staged original is the file, byte for byte")
        #expect(outcome.staged.sha256 == FileIO.sha256(try Data(contentsOf: url)))
        return (outcome, text)
    }

    /// Starters followed by combining marks in non-canonical order, Hangul jamo that compose, a
    /// composition exclusion and Arabic with shadda before fatha: NFC reorders or composes across
    /// every one of them, and no line feed gives the stream an easy place to cut.
    static let marks = String(
        repeating:
            "a\u{0327}\u{0301}e\u{0301}\u{0323}\u{1100}\u{1161}\u{11A8}\u{0958}x\u{0308}\u{0304}\u{0628}\u{0651}\u{064E}\u{0644}\u{0627}\u{0655}\u{0650} ",
        count: 12)

    @Test func combiningMarksStraddlingEveryPieceBoundaryNormalizeExactly() throws {
        let s = try setup("marks")
        let whole = try Normalizer.normalize(Self.marks, .nfc)
        #expect(Array(whole.utf8) != Array(Self.marks.utf8), "the fixture needs normalization (Swift's == on String ignores it)")
        let url = try write(Array(Self.marks.utf8), "marks.txt", in: s.dir)
        for piece in 1...24 {
            let (outcome, text) = try stream(url, s, piece: piece, language: "fr")
            #expect(Array(text.utf8) == Array(whole.utf8), "piece size \(piece)")
            #expect(outcome.textSHA256 == FileIO.sha256(whole), "piece size \(piece)")
            #expect(outcome.facts.characters == TextFacts(units: whole.utf16Units).characters, "piece size \(piece)")
        }
    }

    @Test func arabicTashkeelInWindows1256AcrossEveryBoundary() throws {
        let s = try setup("1256")
        let line = String(repeating: "\u{0628}\u{0651}\u{064E}\u{0627}\u{0628} \u{0643}\u{062A}\u{0651}\u{064F}\u{0627}\u{0628} ", count: 30)
        let bytes = try Charsets.encode(Array(line.utf16), charset: "windows-1256")
        let url = try write(bytes + Array("\r\n".utf8) + bytes, "tashkeel.txt", in: s.dir)
        let whole = try Normalizer.normalize(line + "\n" + line, .nfc)
        #expect(Array(whole.utf8) != Array((line + "\n" + line).utf8))
        for piece in [1, 2, 3, 4, 5, 7, 11, 64] {
            let (outcome, text) = try stream(url, s, piece: piece, encoding: "windows-1256")
            #expect(Array(text.utf8) == Array(whole.utf8), "piece size \(piece)")
            #expect(outcome.charset == "windows-1256")
        }
    }

    /// A text made of the reference submissions in every script, in lines shorter than a piece:
    /// registered streamed and registered whole, in two stores.
    func mixedReference(_ names: [String]) throws -> String {
        var lines: [String] = []
        for name in names {
            for line in try ReferenceTexts.text(name).components(separatedBy: "\n") {
                var rest = Substring(line)
                while rest.utf8.count > 300, let space = rest.prefix(150).lastIndex(of: " ") {
                    lines.append(String(rest[..<space]))
                    rest = rest[rest.index(after: space)...]
                }
                lines.append(String(rest))
            }
        }
        // a bidi control that closes nothing, far down the text
        lines.append("\u{202C} stray pop")
        return (lines + lines).joined(separator: "\r\n") + "\r\n"
    }

    @Test(arguments: ["UTF-8", "windows-1256"])
    func streamedRegistrationEqualsWholeRegistration(charset: String) throws {
        let a = try setup("whole-\(charset)"), b = try setup("streamed-\(charset)")
        var text = try mixedReference(
            charset == "UTF-8" ? ["morocco-item2.ar.txt", "peru-item2.es.txt", "peru-item2.en.txt"] : ["morocco-item2.ar.txt", "morocco-item2.en.txt"])
        if charset != "UTF-8" { text = text.replacingOccurrences(of: "\u{202C}", with: "") }
        let bytes = charset == "UTF-8" ? Array(text.utf8) : try Charsets.encode(Array(text.utf16), charset: charset)
        let url = try write(bytes, "mixed.txt", in: a.dir)
        let request = Registrar.Request(
            file: url, states: ["Morocco"], language: "ar", items: [2], received: try CalendarDate(iso: "2020-09-18"),
            by: "test", options: IntakeOptions(encoding: charset == "UTF-8" ? nil : charset))
        let whole = try a.registrar.register(request)
        let streamed = try #require(
            try b.registrar.registerStreaming(
                request, states: ["Morocco"], language: b.arabic,
                tuning: .init(pieceBytes: 512, threshold: 0, batch: 3)))
        #expect(Array(try a.store.originalText(whole.submission).utf8) == Array(try b.store.originalText(streamed.submission).utf8))
        #expect(whole.submission.analysis == streamed.submission.analysis)
        #expect(whole.submission.analysis?.bidiControls.isEmpty == (charset != "UTF-8"))
        #expect(whole.findings == streamed.findings)
        #expect(whole.submission.record.original == streamed.submission.record.original)
        let stored = streamed.submission.folder.appendingPathComponent(streamed.submission.record.original.file)
        #expect(try Data(contentsOf: stored) == Data(bytes))
        let mode = try FileManager.default.attributesOfItem(atPath: stored.path)[.posixPermissions] as? Int
        #expect(mode == 0o444, "the original is written read-only")
        #expect(try FileManager.default.contentsOfDirectory(atPath: b.store.root.appendingPathComponent(".crp/staging").path).isEmpty)
    }

    @Test func refusalsNameTheFileAndLeaveTheStoreUnchanged() throws {
        let s = try setup("refusals")
        let tuning = StreamingIntake.Tuning(pieceBytes: 64, threshold: 0, batch: 2)
        let good = Array(String(repeating: "نص عربي صحيح في سطر قصير\n", count: 40).utf8)
        func attempt(_ bytes: [UInt8], _ name: String, tuning t: StreamingIntake.Tuning? = nil) throws {
            let url = try write(bytes, name, in: s.dir)
            let request = Registrar.Request(file: url, state: "Morocco", language: "ar", items: [2], received: try CalendarDate(iso: "2020-09-18"), by: "test")
            #expect(try s.registrar.registerStreaming(request, states: ["Morocco"], language: s.arabic, tuning: t ?? tuning) != nil)
        }
        func unchanged() throws {
            #expect(try s.store.ids().isEmpty)
            let staging = s.store.root.appendingPathComponent(".crp/staging").path
            #expect(((try? FileManager.default.contentsOfDirectory(atPath: staging)) ?? []).isEmpty)
        }
        // an invalid byte after the first MiB, which the charset is chosen on
        let long = Array(Array(repeating: good, count: (1 << 20) / good.count + 2).joined())
        #expect(long.count > 1 << 20)
        #expect(throws: IntakeError.invalidUTF8(file: "late-invalid.txt", offset: long.count + 3)) {
            try attempt(long + Array("abc".utf8) + [0xFF] + Array("\n".utf8), "late-invalid.txt", tuning: .init(pieceBytes: 4096, threshold: 0, batch: 2))
        }
        try unchanged()
        #expect(throws: IntakeError.controlCharacters(file: "control.txt", line: 41, codePoint: "U+001B")) {
            try attempt(good + Array("x\u{1B}[31m\n".utf8), "control.txt")
        }
        try unchanged()
        // Two refusals (a control character, then invalid UTF-8 a MiB later): the earlier one is
        // reported.
        #expect(throws: IntakeError.controlCharacters(file: "two.txt", line: 41, codePoint: "U+001B")) {
            try attempt(good + Array("x\u{1B}[31m\n".utf8) + long + [0xFF, 0x0A], "two.txt", tuning: .init(pieceBytes: 4096, threshold: 0, batch: 4))
        }
        try unchanged()
        #expect(throws: IntakeError.binary(file: "nul.txt", detail: "it contains NUL bytes")) {
            try attempt(good + [0x41, 0x00, 0x0A], "nul.txt")
        }
        try unchanged()
        // the same text twice: the second is a duplicate, found on the stream's hashes
        try attempt(good, "first.txt")
        #expect(try s.store.ids().count == 1)
        expectRefusal(
            StoreError.self,
            saying: ["These exact bytes were already registered for Morocco as morocco-20200918-", "Nothing was added", "`crp amend", "`crp revise"]
        ) { try attempt(good, "again.txt") }
        #expect(try s.store.ids().count == 1)
        // same text, other bytes (CRLF): a duplicate by the normalized text's hash
        var crlf: [UInt8] = []
        for b in good { if b == 0x0A { crlf.append(0x0D) }; crlf.append(b) }
        expectRefusal(
            StoreError.self,
            saying: [
                "The same text (in another format, encoding or normalization form) was already registered for Morocco", "Nothing was added", "`crp revise",
            ]
        ) { try attempt(crlf, "again-crlf.txt") }
        #expect(try s.store.ids().count == 1)
    }

    @Test func smallAndMultiByteFilesAreReadWhole() throws {
        let s = try setup("whole")
        let small = try write(Array("شكرا\n".utf8), "small.txt", in: s.dir)
        #expect(try StreamingIntake.stream(small, into: s.store, options: IntakeOptions(), language: "ar") == nil)
        let gb = try write(try Charsets.encode(Array(String(repeating: "中文文本。\n", count: 200).utf16), charset: "GB18030"), "gb.txt", in: s.dir)
        #expect(
            try StreamingIntake.stream(
                gb, into: s.store, options: IntakeOptions(encoding: "GB18030"), language: "zh",
                tuning: .init(pieceBytes: 64, threshold: 0)) == nil)
        #expect(StreamDecoding.streams("UTF-8") && StreamDecoding.streams("windows-1256") && StreamDecoding.streams("KOI8-R"))
        #expect(!StreamDecoding.streams("UTF-16LE") && !StreamDecoding.streams("Shift_JIS") && !StreamDecoding.streams("ISO-2022-JP"))
    }
}
