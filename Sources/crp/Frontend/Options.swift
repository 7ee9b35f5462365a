import ArgumentParser
import Foundation
import Intake
import MultilingualText
import Secretariat
import Submissions

/// Options every command that uses a workspace takes, and the `Workspace` built from them.
struct WorkspaceOptions: ParsableArguments {
    @Option(name: .long, help: "The workspace folder (holding paper.yaml). Default: found from the current folder upward.")
    var workspace: String?

    /// The workspace: found from the current folder upward, else the embedded reference store
    /// (which the application layer refuses to change unless it was named with `--workspace`).
    func open(_ env: ProcessEnvironment = .current) throws -> Workspace {
        let override = workspace.map { env.url($0) }
        let root = try Store.locate(start: env.currentDirectory, override: override, fallback: env.embeddedStore)
        // The reference store, reached without naming it: found from a folder outside any
        // workspace, or from inside the repository.
        let fallback =
            override == nil
            && root.resolvingSymlinksInPath().path == env.embeddedStore.resolvingSymlinksInPath().path
        let store = try Store(root: root, clock: try env.clock(), notices: { Terminal.note($0) }, lockLog: env.lockLog)
        let programs = env.programs
        return Workspace(
            store: store, catalog: try env.catalog(), programs: programs, readers: env.readers(programs),
            maxBytes: env.maxBytes, isEmbeddedFallback: fallback, limits: env.limits)
    }

    /// The workspace, for a command whose change is not one of the application layer's actions
    /// (users, assignments, the web desk): refused as those are when it is the embedded store
    /// reached without naming it (`Workspace.requireChangeable`).
    func openChangeable(_ env: ProcessEnvironment = .current) throws -> Workspace {
        let w = try open(env)
        try w.requireChangeable()
        return w
    }

    /// The workspace's folder, found without opening it (for `crp check`, which reports a broken
    /// paper.yaml instead of stopping at it).
    func root(_ env: ProcessEnvironment = .current) throws -> URL {
        try Store.locate(start: env.currentDirectory, override: workspace.map { env.url($0) }, fallback: env.embeddedStore)
    }
}

/// Who does a change: --by, else CRP_USER, else the login name.
struct ActorOption: ParsableArguments {
    @Option(name: .long, help: "Who makes the change (default: CRP_USER or the login name).")
    var by: String?

    var actor: String {
        if let by, !by.isEmpty { return SafeText.oneLine(by) }
        return SafeText.oneLine((try? ProcessEnvironment.current.user()) ?? "")
    }

    /// A change nobody can be named for is refused before anything is done (exit 2: `--by` is
    /// then required).
    func validate() throws {
        if let by, !by.isEmpty { return }
        do { _ = try ProcessEnvironment.current.user() } catch { throw ValidationError((error as? LocalizedError)?.errorDescription ?? "\(error)") }
    }
}

/// What every command that reads received files takes: the script check and the size limit.
struct IntakeFlags: ParsableArguments {
    @Flag(help: "Refuse a text whose script does not match the declared language.") var strict = false
    @Option(name: .customLong("max-bytes"), help: "Largest file accepted, in bytes (default 100 MiB or CRP_MAX_BYTES).") var maxBytesOption: Int?

    @Option(name: .customLong("max-pages"), help: "Most pages a PDF or scan may have (default 200 or CRP_MAX_PAGES).") var maxPages: Int?
    @Option(name: .customLong("max-megapixels"), help: "Most megapixels per scanned page (default 60 or CRP_MAX_MEGAPIXELS).") var maxMegapixels: Double?
    @Option(name: .customLong("conversion-timeout"), help: "Seconds a LibreOffice or PDF conversion may take (default 120 or CRP_CONVERSION_TIMEOUT).")
    var conversionTimeout: Double?
    @Option(name: .customLong("ocr-timeout"), help: "Seconds OCR may take per page (default 60 or CRP_OCR_TIMEOUT).") var ocrTimeout: Double?

    func maxBytes(_ ws: Workspace) -> Int { maxBytesOption ?? ws.maxBytes }

    /// The workspace's limits with the ones given on the command line.
    func limits(_ ws: Workspace) -> ConversionLimits {
        var l = ws.limits
        if let maxPages, maxPages > 0 { l.maxPages = maxPages }
        if let maxMegapixels, maxMegapixels > 0 { l.maxMegapixels = maxMegapixels }
        if let conversionTimeout, conversionTimeout > 0 { l.conversionSeconds = conversionTimeout }
        if let ocrTimeout, ocrTimeout > 0 { l.ocrSecondsPerPage = ocrTimeout }
        return l
    }
}

func parseDate(_ s: String?) throws -> CalendarDate? {
    guard let s else { return nil }
    return try CalendarDate(iso: s)
}
