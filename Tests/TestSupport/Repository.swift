import Foundation
import Intake
import Secretariat
import Submissions

/// The repository the tests belong to, and its fixtures.
public enum Repo {
    /// The repository root, from this file's place (Tests/TestSupport/Repository.swift).
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// Tests/Fixtures/ctoc-cop-2020: the reference paper's texts.
    public static let fixtures = root.appendingPathComponent("Tests/Fixtures/ctoc-cop-2020")
    /// The reference paper definition.
    public static let fixturePaper = fixtures.appendingPathComponent("paper.yaml")
    /// Locales/
    public static let locales = root.appendingPathComponent("Locales")

    public static func fixture(_ name: String) -> URL { fixtures.appendingPathComponent(name) }
    public static func fixtureText(_ name: String) throws -> String { try String(contentsOf: fixture(name), encoding: .utf8) }
}

/// Scratch folders for tests: one new folder per call under the system temporary folder.
public enum Scratch {
    /// This run's private root, `$TMPDIR/crp-tests-<random>` (mode 0700), made once: no test reads
    /// or writes a fixed path under the system temporary folder, and two runs never share a folder.
    public static let root: URL = {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("crp-tests-\(UUID().uuidString.prefix(12))")
        try? FileManager.default.createDirectory(at: u, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return u.resolvingSymlinksInPath()
    }()

    /// A new empty folder `crp-<label>-<random>` in this run's private root (symbolic links
    /// resolved, so paths compare).
    public static func dir(_ label: String) throws -> URL {
        let u = root.appendingPathComponent("crp-\(label)-\(UUID().uuidString.prefix(12))")
        try FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u.resolvingSymlinksInPath()
    }

    /// A workspace (`paper.yaml`, or `Submissions/paper.yaml`) that `crp` would find above this
    /// run's private root, walking up from a folder outside any workspace; nil when there is none.
    /// A test of what crp does outside a workspace requires nil, so that a stray file on the
    /// machine fails it with its name instead of changing what it tests.
    public static func workspaceAboveRoot() -> String? {
        var dir = root.deletingLastPathComponent()
        while true {
            for candidate in ["paper.yaml", "Submissions/paper.yaml"] {
                let path = dir.appendingPathComponent(candidate).path
                if FileManager.default.fileExists(atPath: path) { return path }
            }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { return nil }
            dir = parent
        }
    }

    /// A folder for a test's files, kept under `CRP_RENDER_KEEP` (to look at them) or temporary.
    public static func keepable(_ name: String) throws -> URL {
        if let keep = ProcessInfo.processInfo.environment["CRP_RENDER_KEEP"] {
            let d = URL(fileURLWithPath: keep).appendingPathComponent(name)
            try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
            return d
        }
        return try dir(name)
    }
}

/// What tests build from the repository (a test builds its own context instead of setting
/// environment variables).
public enum TestRepository {
    public static var root: URL { Repo.root }
    /// The repository's Locales folder.
    public static var locales: URL { Repo.locales }
    /// The embedded reference store.
    public static var embeddedStore: URL { root.appendingPathComponent("Submissions") }
    /// The clock of tests that build a store themselves: fixed on 6 October 2020 (six days after
    /// the reference paper's deadline, before its session), so no outcome depends on the day the
    /// tests run.
    public static let clock = Clock(fixed: Clock.parse("2020-10-06T10:00:00Z"))
    /// The locale catalog of the repository.
    public static func catalog() throws -> LocaleCatalog { try LocaleCatalog(folder: locales) }
    /// The Arabic and Russian list letters of the repository's Locales.
    public static var letters: ListLetters { (try? catalog()).map(ListLetters.init) ?? ListLetters() }
}
