import Foundation
import Submissions

/// The repository the tests run from, and what tests build from it (a test builds its own context
/// instead of setting environment variables).
public enum TestRepository {
    /// The repository root, from this file's path.
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The repository's Locales folder.
    public static var locales: URL { root.appendingPathComponent("Locales") }

    /// The embedded reference store.
    public static var embeddedStore: URL { root.appendingPathComponent("Submissions") }

    /// The locale catalog of the repository.
    public static func catalog() throws -> LocaleCatalog { try LocaleCatalog(folder: locales) }
}
