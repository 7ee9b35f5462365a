import Foundation
import Intake
import MultilingualText
import Platform
import Secretariat
import Submissions
import TestSupport
import Testing

@testable import RoomPaper

/// Documents for the renderer tests, compiled from stores built in temporary folders through the
/// library calls the CLI makes (register, translate, review, compile).
enum RenderFixtures {
    static let repo = Repo.root
    static let fixtures = Repo.fixtures

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
            RenderSubmission(
                state: "Morocco", language: "ar", item: 2, received: "2020-09-18",
                original: try read("morocco-item2.ar.txt"), translation: try read("morocco-item2.en.txt")),
            RenderSubmission(
                state: "Peru", language: "es", item: 2, received: "2020-09-25",
                original: try read("peru-item2.es.txt"), translation: try read("peru-item2.en.txt")),
            RenderSubmission(
                state: "Peru", language: "es", item: 3, received: "2020-09-25",
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
            RenderSubmission(
                state: "China", language: "zh", item: 2, received: "2020-09-20",
                original: chineseOriginal, translation: chineseTranslation),
            RenderSubmission(
                state: "Russian Federation", language: "ru", item: 3, received: "2020-09-21",
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
        let dir = Scratch.root.appendingPathComponent("crp-render-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Store.create(
            at: dir.appendingPathComponent("Submissions"), paper: try PaperDefinition.load(fixtures.appendingPathComponent("paper.yaml")),
            clock: TestRepository.clock)
        let catalog = try LocaleCatalog(folder: repo.appendingPathComponent("Locales"))
        let registrar = Registrar(store: store, catalog: catalog)
        let files = dir.appendingPathComponent("received")
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
        for (i, s) in submissions.enumerated() {
            let original = files.appendingPathComponent("\(i)-original.\(s.language).txt")
            let translation = files.appendingPathComponent("\(i)-translation.en.txt")
            try Data(s.original.utf8).write(to: original)
            try Data(s.translation.utf8).write(to: translation)
            let (sub, _) = try registrar.register(
                Registrar.Request(
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

/// The real programs people open our files with (found and run through TestSupport).
enum RenderClients {
    static var office: URL? { PDFConverter.locateOffice(environment: ProcessInfo.processInfo.environment) }
    static var chromium: URL? { find("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "headless_shell") }
    static var pdftotext: URL? { find("pdftotext") }
    static var pdftoppm: URL? { find("pdftoppm") }
    static var xmllint: URL? { find("xmllint") }
    static var python: URL? { find("python3") }
    static var pythonDocx: Bool { Clients.pythonImports("docx") }

    /// The first of `names` found on the PATH.
    static func find(_ names: String...) -> URL? { Clients.which(names).map { URL(fileURLWithPath: $0) } }

    /// Whether a test that needs a client should run (TestSupport's rule).
    static func shouldRun(_ present: @autoclosure () -> Bool) -> Bool { Clients.runs(present()) }

    /// The client, or nil after TestSupport's missing-client rule (failure, or SKIPPED when allowed).
    static func require(_ url: URL?, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) -> URL? {
        if let url { return url }
        Clients.missing("\(what) is not installed", sourceLocation: sourceLocation)
        return nil
    }

    /// Runs a program to its end (its process group is killed after `timeout` seconds, which fails the test).
    static func run(
        _ program: URL, _ arguments: [String], timeout: TimeInterval = 180,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> ProcResult {
        let r = try Proc.run(program.path, arguments, timeout: timeout)
        if r.timedOut { Issue.record("\(program.lastPathComponent) did not finish within \(Int(timeout)) s", sourceLocation: sourceLocation) }
        return r
    }

    /// A folder for a test's files, kept under `CRP_RENDER_KEEP` (to look at them) or temporary.
    static func workFolder(_ name: String) throws -> URL { try Scratch.keepable(name) }
}

/// Text compared the way a PDF's extracted text can be: white space removed (line breaks and
/// justification spaces fall anywhere), ligatures and presentation forms folded (NFKC), bidi
/// controls, hyphens, soft hyphens and tatweel dropped; Arabic vowel marks and brackets dropped too, as
/// `pdftotext` moves marks to line ends and mirrors brackets in right-to-left lines.
enum RenderTextFolding {
    static func squeeze(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for u in s.precomposedStringWithCompatibilityMapping.unicodeScalars where !u.properties.isWhitespace {
            switch u.value {
            // Hyphens are folded away too: a word split at a line end ("non-" / "paper") and the
            // same word joined by pdftotext ("nonpaper") both match the published "non-paper".
            case 0x00AD, 0x0640, 0x064B...0x065F, 0x0670, 0x0028, 0x0029, 0x005B, 0x005D, 0x007B, 0x007D,
                0x002D, 0x2010, 0x2011:
                continue
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
