import Foundation
import Platform
import TestSupport
import Intake
import MultilingualText
import Submissions
import Testing

@testable import RoomPaper

/// Documents for the renderer tests, compiled from stores built in temporary folders through the
/// library calls the CLI makes (register, translate, review, compile).
enum RenderFixtures {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = repo.appendingPathComponent("Tests/Fixtures/ctoc-cop-2020")

    /// A State's submission to register: its original and its English translation.
    struct RenderSubmission {
        var state: String
        var language: String
        var item: Int
        var received: String
        var original: String
        var translation: String
    }

    /// The reference paper: Morocco (Arabic) on item 2, Peru (Spanish) on items 2 and 3.
    static func referenceSubmissions() throws -> [RenderSubmission] {
        func read(_ name: String) throws -> String {
            try String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8)
        }
        return [
            RenderSubmission(state: "Morocco", language: "ar", item: 2, received: "2020-09-18",
                             original: try read("morocco-item2.ar.txt"), translation: try read("morocco-item2.en.txt")),
            RenderSubmission(state: "Peru", language: "es", item: 2, received: "2020-09-25",
                             original: try read("peru-item2.es.txt"), translation: try read("peru-item2.en.txt")),
            RenderSubmission(state: "Peru", language: "es", item: 3, received: "2020-09-25",
                             original: try read("peru-item3.es.txt"), translation: try read("peru-item3.en.txt")),
        ]
    }

    /// Chinese text written for these tests, with its English translation.
    static let chineseOriginal = """
        中国支持各国更新其立法记录，并建议联合国毒品和犯罪问题办公室继续扩充SHERLOC知识管理门户网站的内容。

        (a) 各国应考虑为国家司法机构提供培训；

        (b) 应在2021年加强技术援助。
        """
    static let chineseTranslation = """
        China supports States in updating their legislative records and suggests that the United Nations Office on Drugs and Crime continue to expand the content of the SHERLOC knowledge management portal.

        (a) States should consider providing training for national judicial institutions;

        (b) Technical assistance should be strengthened in 2021.
        """
    /// Russian text written for these tests, with its English translation.
    static let russianOriginal = """
        Российская Федерация считает необходимым укреплять международное сотрудничество в области уголовного правосудия, в том числе посредством портала SHERLOC.

        Мы предлагаем проводить регулярные учебные мероприятия для судей и прокуроров.
        """
    static let russianTranslation = """
        The Russian Federation considers it necessary to strengthen international cooperation in the field of criminal justice, including through the SHERLOC portal.

        We propose holding regular training events for judges and prosecutors.
        """

    /// A paper whose annex holds Chinese and Russian originals.
    static func cjkSubmissions() -> [RenderSubmission] {
        [
            RenderSubmission(state: "China", language: "zh", item: 2, received: "2020-09-20",
                             original: chineseOriginal, translation: chineseTranslation),
            RenderSubmission(state: "Russian Federation", language: "ru", item: 3, received: "2020-09-21",
                             original: russianOriginal, translation: russianTranslation),
        ]
    }

    /// Text that tries to break out of its place: markup, CDATA end, template fields, an
    /// unterminated right-to-left override, a stray isolate closer.
    static let hostileOriginal = """
        <script>alert("crp")</script> ]]> {{received_comments}} &amp; \u{202E}desrever ot sdrow emos

        \u{2069}<w:p><w:r><w:t>injected</w:t></w:r></w:p> <!-- comment --> <b>bold</b>
        """
    static let hostileTranslation = """
        <script>alert("crp")</script> ]]> {{translation_note}} &amp; \u{202E}desrever ot sdrow emos

        \u{2069}</w:t></w:r></w:p><w:p><w:r><w:t>injected</w:t></w:r></w:p> <!-- comment --> <b>bold</b>
        """

    static func hostileSubmissions() -> [RenderSubmission] {
        [RenderSubmission(state: "Peru", language: "es", item: 2, received: "2020-09-25", original: hostileOriginal, translation: hostileTranslation)]
    }

    /// Registers, translates and reviews the submissions in a new store, compiles it and removes
    /// the store.
    static func document(_ submissions: [RenderSubmission], withOriginals: Bool = true) throws -> Document {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("crp-render-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Store.create(at: dir.appendingPathComponent("Submissions"), paper: try PaperDefinition.load(fixtures.appendingPathComponent("paper.yaml")))
        let catalog = try LocaleCatalog(folder: repo.appendingPathComponent("Locales"))
        let registrar = Registrar(store: store, catalog: catalog)
        let files = dir.appendingPathComponent("received")
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
        for (i, s) in submissions.enumerated() {
            let original = files.appendingPathComponent("\(i)-original.\(s.language).txt")
            let translation = files.appendingPathComponent("\(i)-translation.en.txt")
            try Data(s.original.utf8).write(to: original)
            try Data(s.translation.utf8).write(to: translation)
            let (sub, _) = try registrar.register(Registrar.Request(
                file: original, state: s.state, language: s.language, items: [s.item], received: try CalendarDate(iso: s.received), by: "render-test"))
            let translated = try registrar.translate(sub, file: translation, kind: .unofficial, translator: nil, by: "render-test")
            _ = try store.transition(translated, .review, by: "render-test")
        }
        return try Compiler(store: store, catalog: catalog).compile(CompileOptions(withOriginals: withOriginals))
    }

    static func referenceDocument(withOriginals: Bool = true) throws -> Document {
        try document(try referenceSubmissions(), withOriginals: withOriginals)
    }

    /// The published paper's blocks, with the artefacts of its PDF source seen through (the
    /// masthead run together between bold markers, the page break and footnote inside paragraph 4).
    static func publishedBlocks() throws -> [String] {
        var text = try String(contentsOf: fixtures.appendingPathComponent("published-paper.md"), encoding: .utf8)
        text = text.replacingOccurrences(of: "****", with: "\n")
        text = text.replacingOccurrences(of: #"\[([^\]]*)\]\([^)]*\)"#, with: "$1", options: .regularExpression)
        var blocks: [String] = []
        for raw in text.components(separatedBy: "\n") {
            var line = raw.replacingOccurrences(of: "**", with: "").replacingOccurrences(of: "\\", with: "")
            line = line.replacingOccurrences(of: #"^#+\s*"#, with: "", options: .regularExpression)
            line = line.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
            if line.isEmpty || line == "---" || line == "* CTOC/COP/2020/1." { continue }
            // A line that starts in lower case continues the paragraph the page break cut.
            if let f = line.first, f.isLowercase, !blocks.isEmpty { blocks[blocks.count - 1] += " " + line } else { blocks.append(line) }
        }
        return blocks
    }
}

/// The real programs people open our files with, and how to run them.
enum RenderClients {
    /// True when a missing client may be skipped (local runs), never in CI.
    static var allowMissing: Bool { ProcessInfo.processInfo.environment["CRP_ALLOW_MISSING_CLIENTS"] == "1" }

    /// The first of `names` found on the PATH.
    static func find(_ names: String...) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in names {
            for dir in path.split(separator: ":") {
                let p = "\(dir)/\(name)"
                if FileManager.default.isExecutableFile(atPath: p) { return URL(fileURLWithPath: p) }
            }
        }
        return nil
    }

    static var office: URL? { PDFConverter.locateOffice(environment: ProcessInfo.processInfo.environment) }
    static var chromium: URL? { find("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "headless_shell") }
    static var pdftotext: URL? { find("pdftotext") }
    static var pdftoppm: URL? { find("pdftoppm") }
    static var xmllint: URL? { find("xmllint") }
    static var python: URL? { find("python3") }
    static var pythonDocx: Bool {
        guard let py = python, let r = try? run(py, ["-c", "import docx"]) else { return false }
        return r.status == 0
    }

    /// Whether a test that needs a client should run: when the client is there, or when it is
    /// missing and missing clients are not allowed (the test then fails, saying which is missing).
    static func shouldRun(_ present: @autoclosure () -> Bool) -> Bool { !allowMissing || present() }

    /// The client, or a recorded failure naming what to install.
    static func require(_ url: URL?, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) -> URL? {
        if let url { return url }
        Issue.record("\(what) is not installed: run Scripts/setup.sh, or set CRP_ALLOW_MISSING_CLIENTS=1 to skip this check locally", sourceLocation: sourceLocation)
        return nil
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs a program to its end (or kills its process group after `timeout` seconds) and returns
    /// what it printed, through the project's one process runner.
    static func run(_ program: URL, _ arguments: [String], timeout: TimeInterval = 180) throws -> Result {
        let r = try ProcessRunner(timeout: timeout, environment: ProcessInfo.processInfo.environment).run(program.path, arguments)
        if r.timedOut { Issue.record("\(program.lastPathComponent) did not finish within \(Int(timeout)) s") }
        return Result(status: r.exitCode ?? -1, stdout: r.out, stderr: r.err)
    }

    /// A folder for a test's files, kept under `CRP_RENDER_KEEP` (to look at them) or temporary.
    static func workFolder(_ name: String) throws -> URL {
        let base = ProcessInfo.processInfo.environment["CRP_RENDER_KEEP"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("crp-render-\(UUID().uuidString)")
        let dir = base.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}

/// Text compared the way a PDF's extracted text can be: white space removed (line breaks and
/// justification spaces fall anywhere), ligatures and presentation forms folded (NFKC), bidi
/// controls, soft hyphens and tatweel dropped; Arabic vowel marks and brackets dropped too, as
/// `pdftotext` moves marks to line ends and mirrors brackets in right-to-left lines.
enum RenderTextFolding {
    static func squeeze(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for u in s.precomposedStringWithCompatibilityMapping.unicodeScalars where !u.properties.isWhitespace {
            switch u.value {
            case 0x00AD, 0x0640, 0x064B...0x065F, 0x0670, 0x0028, 0x0029, 0x005B, 0x005D, 0x007B, 0x007D: continue
            default:
                if CharacterProperties.isBidiControl(u) { continue }
                out.append(u)
            }
        }
        return String(out)
    }

    /// The blocks of `expected` that do not appear in `text` in order (empty when all do).
    static func missingInOrder(_ expected: [String], in text: String) -> [String] {
        let hay = squeeze(text)
        var from = hay.startIndex
        var missing: [String] = []
        for block in expected {
            let needle = squeeze(block)
            if needle.isEmpty { continue }
            if let r = hay.range(of: needle, range: from..<hay.endIndex) { from = r.upperBound } else { missing.append(block) }
        }
        return missing
    }
}
