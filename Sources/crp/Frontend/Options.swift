import ArgumentParser
import Foundation
import MultilingualText
import Intake
import Submissions

/// Options every command that uses a workspace takes, and the `Workspace` built from them.
struct WorkspaceOptions: ParsableArguments {
    @Option(name: .long, help: "The workspace folder (holding paper.yaml). Default: found from the current folder upward.")
    var workspace: String?

    /// The workspace for a command that only reads: found from the current folder upward, else
    /// the embedded reference store.
    func open(_ env: ProcessEnvironment = .current) throws -> Workspace {
        try build(env, forChanges: false)
    }

    /// The workspace for a command that changes something: the embedded reference store is
    /// refused unless it was named with `--workspace`.
    func openForChanges(_ env: ProcessEnvironment = .current) throws -> Workspace {
        try build(env, forChanges: true)
    }

    /// The workspace's folder, found without opening it (for `crp check`, which reports a broken
    /// paper.yaml instead of stopping at it).
    func root(_ env: ProcessEnvironment = .current) throws -> URL {
        try Store.locate(start: env.currentDirectory, override: workspace.map { env.url($0) }, fallback: env.embeddedStore)
    }

    private func build(_ env: ProcessEnvironment, forChanges: Bool) throws -> Workspace {
        let override = workspace.map { env.url($0) }
        let root = try Store.locate(start: env.currentDirectory, override: override, fallback: env.embeddedStore)
        // The reference store, reached without naming it: found from a folder outside any
        // workspace, or from inside the repository. Changing it takes an explicit --workspace.
        let fallback = override == nil
            && root.resolvingSymlinksInPath().path == env.embeddedStore.resolvingSymlinksInPath().path
        if forChanges && fallback { throw StoreError.embeddedStoreIsReadOnly(path: root.path) }
        let store = try Store(root: root, clock: try env.clock())
        return Workspace(store: store, catalog: try env.catalog(), programs: env.programs, readers: env.readers,
                         maxBytes: env.maxBytes, isEmbeddedFallback: fallback)
    }
}

/// Who does a change: --by, else CRP_USER, else the login name.
struct ActorOption: ParsableArguments {
    @Option(name: .long, help: "Who makes the change (default: CRP_USER or the login name).")
    var by: String?

    var actor: String {
        if let by, !by.isEmpty { return SafeText.oneLine(by) }
        return ProcessEnvironment.current.user
    }
}

/// What every command that reads received files takes: the script check and the size limit.
struct IntakeFlags: ParsableArguments {
    @Flag(help: "Refuse a text whose script does not match the declared language.") var strict = false
    @Option(name: .customLong("max-bytes"), help: "Largest file accepted, in bytes (default 100 MiB or CRP_MAX_BYTES).") var maxBytesOption: Int?

    func maxBytes(_ ws: Workspace) -> Int { maxBytesOption ?? ws.maxBytes }
}

func parseDate(_ s: String?) throws -> CalendarDate? {
    guard let s else { return nil }
    return try CalendarDate(iso: s)
}
