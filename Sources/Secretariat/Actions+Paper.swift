import Exchange
import Foundation
import Intake
import MultilingualText
import Platform
import RoomPaper
import Submissions

// Compiling the paper, the overview report, and the files translators receive and return.

extension Workspace {
    // MARK: compile

    /// What `compile` is asked.
    public struct CompileRequest: Sendable {
        public var format: PaperFormat
        /// Every submission that is not withdrawn, not only reviewed and included ones.
        public var all: Bool
        public var withOriginals: Bool

        public init(format: PaperFormat, all: Bool = false, withOriginals: Bool = false) {
            self.format = format
            self.all = all
            self.withOriginals = withOriginals
        }
    }

    /// The paper in one format, with what went in and what was left out.
    public struct CompiledPaper: Sendable {
        public var data: Data
        public var format: PaperFormat
        public var report: CompileReport
        /// The file name a paper is saved under when none is given: "CTOC-COP-2020-CRP-1.docx".
        public var suggestedFileName: String
    }

    /// The paper's format: the one asked for, or the one the output file's name implies
    /// (.md, .html/.htm, .docx, .pdf), else Markdown. A format that contradicts the name is
    /// refused, so that a file named paper.pdf never holds Markdown.
    public static func paperFormat(given: String?, outputName: String?) throws -> PaperFormat {
        let ext = outputName.map { URL(fileURLWithPath: $0).pathExtension.lowercased() } ?? ""
        let implied = PaperFormat(rawValue: ext)
        guard let given else { return implied ?? .md }
        guard let f = PaperFormat(rawValue: given) else { throw ActionProblem("Unknown format \"\(given)\". Use md, html, docx or pdf.") }
        if let implied, implied != f, let outputName {
            throw ActionProblem(
                "--format \(f.rawValue) does not match --output \(outputName), whose name ends in .\(ext). Name the file .\(f.rawValue), or leave out --format."
            )
        }
        return f
    }

    /// Compiles the paper; refuses a definition that still holds the template's values.
    public func compile(_ r: CompileRequest) throws -> CompiledPaper {
        try store.paper.refuseTemplateValues(file: store.root.appendingPathComponent(Store.paperFile).path)
        // Read with each history's chain checked, so that what is printed can be checked against its records.
        let audits = try store.allAudited()
        let compiled = try Compiler(store: store, catalog: catalog)
            .compileWithReport(CompileOptions(selection: r.all ? .all : .ready, withOriginals: r.withOriginals), submissions: audits.map(\.submission))
        try refuseAlteredTexts(compiled, audits: audits)
        let data = try PaperWriter(programs: programs).render(compiled.document, format: r.format)
        return CompiledPaper(
            data: data, format: r.format, report: compiled.report,
            suggestedFileName: SafeName.reduce(store.paper.symbol, limit: 60) + "." + r.format.rawValue)
    }

    /// Refuses a paper that would print a record or text changed outside crp (a hand edit of a
    /// stored file), which `crp verify` finds: the paper would otherwise carry it as the State's.
    /// Each submission printed is checked: its history's chain (read with the store, `allAudited`)
    /// and its texts (hashed by the compiler from the very bytes it printed, `Store.printedTexts`).
    func refuseAlteredTexts(_ compiled: RoomPaper.CompiledPaper, audits: [Store.Audit]) throws {
        let byID = Dictionary(audits.map { ($0.submission.id, $0) }, uniquingKeysWith: { a, _ in a })
        let printed = compiled.report.included + compiled.report.pending
        let problems = printed.flatMap { line in
            (byID[line.id]?.history.findings ?? []).map { "\(line.id)/\($0.file): \($0.problem)" } + (compiled.alteredTexts[line.id] ?? [])
        }
        guard !problems.isEmpty else { return }
        throw AlteredRecords(
            message: "The paper was not written: what it would print does not match the store's records, which were changed outside crp:\n"
                + problems.map { "  \($0)" }.joined(separator: "\n")
                + "\nA text derived from a file as received (text.txt) is rebuilt by `crp verify --repair`; a record (submission.json, an event) or a corrected transcription must be restored from a backup (or, in a shared workspace, with `git checkout -- FILE`). Then compile again. Corrections go through crp (amend, translate, proofread, revise), never by editing stored files."
        )
    }

    // MARK: report

    /// The overview of where things stand (`crp report`, the web board's figures).
    /// The words to translate per match band come from the translation memory, as `crp workload` counts them.
    public func overview() throws -> Overview {
        var o = try Overview.build(store: store, catalog: catalog)
        o.matchBands = try? workloadBands().rows.filter { $0.submission == nil }.map { MatchBandRow(language: $0.language, words: $0.bands.values) }
        return o
    }

    // MARK: export

    /// What `export` is asked.
    public struct ExportRequest: Sendable {
        public var selection: Exporter.Selection
        public var format: Exporter.Format
        public var output: URL
        public var force: Bool

        public init(selection: Exporter.Selection, format: Exporter.Format, output: URL, force: Bool = false) {
            self.selection = selection
            self.format = format
            self.output = output
            self.force = force
        }
    }

    /// Writes the XLIFF or TMX files into the output folder (outside the workspace).
    public func export(_ r: ExportRequest) throws -> Outcome<Exporter.Result> {
        let result = try Exporter(store: store).export(
            r.selection, format: r.format, output: r.output, force: r.force, now: clock.now(), prefill: { try self.prefill($0) })
        let findings = result.skipped.map { Finding.note("export.skipped", subject: $0.id, "skipped \($0.id): \($0.reason)") }
        return Outcome(result, findings: findings)
    }

    // MARK: import (returned XLIFF)

    /// Returned XLIFF files to attach as translations.
    public struct ImportRequest: Sendable {
        public var files: [(data: Data, name: String)]
        public var allowPartial: Bool
        public var source: TranslationSource?
        public var kind: TranslationRecord.Kind?
        public var translator: String?
        public var by: String
        /// The submission the files must be the XLIFF of (the web desk's return on a submission's
        /// page); nil: whichever their file ids name.
        public var expectedID: String? = nil

        public init(
            files: [(data: Data, name: String)], allowPartial: Bool = false, source: TranslationSource? = nil,
            kind: TranslationRecord.Kind? = nil, translator: String? = nil, by: String
        ) {
            self.files = files
            self.allowPartial = allowPartial
            self.source = source
            self.kind = kind
            self.translator = translator
            self.by = by
        }
    }

    /// One file's import: its plan and the submission after it (nil when its targets are the
    /// translation already attached).
    public struct ImportedFile {
        public var plan: XLIFFImporter.Plan
        public var updated: Submission?
    }

    /// Reads files named by the officer for `import`: each must exist, be a regular file and fit
    /// XLIFF's size limit.
    public static func readImportFiles(_ urls: [(url: URL, typed: String)]) throws -> [(data: Data, name: String)] {
        try urls.map { u in
            let name = SafeName.displayName(u.url.lastPathComponent)
            guard FileManager.default.fileExists(atPath: u.url.path) else { throw StoreError.fileMissing(u.typed) }
            _ = try InputLink.check(u.url)  // a link is followed only to a regular file
            let size = (try? FileManager.default.attributesOfItem(atPath: u.url.path)[.size] as? Int) ?? 0
            if size > XLIFFReader.limits.maxBytes { throw StoreError.tooLarge(file: name, bytes: size, limit: XLIFFReader.limits.maxBytes) }
            guard let data = try? Data(contentsOf: u.url) else { throw ImportError.unreadable(file: name, reason: "permission denied or not a regular file") }
            return (data, name)
        }
    }

    /// Plans every file, then attaches all or nothing; says what each replaced.
    public func importTranslations(_ r: ImportRequest) throws -> Outcome<[ImportedFile]> {
        try requireChangeable()
        guard let (kind, source) = TranslationSource.resolveImport(source: r.source, kind: r.kind) else {
            throw ActionProblem("--kind official needs --source state or secretariat: say who made the official translation.")
        }
        let importer = XLIFFImporter(store: store, catalog: catalog)
        if let expected = r.expectedID {
            for f in r.files {
                let plan = try importer.plan(data: f.data, name: f.name, allowPartial: r.allowPartial)
                guard plan.submission.id == expected else {
                    throw ActionProblem(
                        "\(plan.file) is the XLIFF of submission \(plan.submission.id), not of \(expected). Return it on that submission's page.")
                }
            }
        }
        let results = try importer.importFiles(
            r.files, allowPartial: r.allowPartial, kind: kind, source: source,
            translator: r.translator.map(SafeText.oneLine), by: r.by)
        var findings: [Finding] = []
        for (plan, updated) in results {
            findings += plan.warnings.map { Finding.warning("import.warning", subject: plan.file, $0) }
            guard let updated else { continue }
            if !plan.missing.isEmpty {
                findings.append(
                    .warning(
                        "import.partial", subject: plan.file,
                        "\(plan.file): attached without \(plan.missing.joined(separator: ", ")) (\(plan.missing.count) of \(plan.total) paragraphs); they are marked \"\(XLIFFTranslation.placeholder("pN"))\" in the text"
                    ))
            }
            // One file per submission in a run (importFiles refuses two), so the plan's is the one before.
            if let replaced = registrar.replacementNote(before: plan.submission, after: updated) {
                findings.append(.note("translation.replaced", subject: updated.id, replaced))
            }
        }
        if source == .unstated, results.contains(where: { $0.result != nil }) {
            findings.append(.note("import.source-unstated", TranslationSource.unstatedNote))
        }
        return Outcome(results.map { ImportedFile(plan: $0.plan, updated: $0.result) }, findings: findings)
    }
}

/// A request an action cannot take as asked (a format that contradicts the file name): a usage
/// problem, told in the officer's words.
/// Records or texts changed outside crp, found where they would be printed (a refusal, exit 1).
public struct AlteredRecords: LocalizedError, Equatable {
    public let message: String
    public var errorDescription: String? { message }
}

public struct ActionProblem: UsageProblem, LocalizedError, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var isUsage: Bool { true }
    public var errorDescription: String? { message }
}
