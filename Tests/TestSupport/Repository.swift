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
    /// A new empty folder `crp-<label>-<random>` (symbolic links resolved, so paths compare).
    public static func dir(_ label: String) throws -> URL {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("crp-\(label)-\(UUID().uuidString.prefix(12))")
        try FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u.resolvingSymlinksInPath()
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
    /// The locale catalog of the repository.
    public static func catalog() throws -> LocaleCatalog { try LocaleCatalog(folder: locales) }
    /// The Arabic and Russian list letters of the repository's Locales.
    public static var letters: ListLetters { (try? catalog()).map(ListLetters.init) ?? ListLetters() }
}
