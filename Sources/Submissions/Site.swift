import Foundation
import MultilingualText

/// The duty station a copy of the workspace writes as: named once per clone (`crp config site`),
/// kept in the private, git-ignored folder (`.crp/site`) so that every clone names its own, and
/// stamped on each event written there.
extension Store {
    /// The file that names this copy's duty station.
    public static func siteURL(_ root: URL) -> URL {
        root.appendingPathComponent(StoreLayout.privateFolder).appendingPathComponent(StoreLayout.site)
    }

    /// The site named in `root`'s private folder, or nil (no file, unreadable or empty).
    static func readSite(_ root: URL) -> String? {
        guard let data = FileManager.default.contents(atPath: siteURL(root).path) else { return nil }
        let name = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return name.isEmpty ? nil : name
    }

    /// Checks a site name as an officer typed it: one line of at most 80 characters, not empty.
    /// Returns it cleaned (NFC, controls and bidi overrides removed).
    public static func checkedSite(_ typed: String) throws -> String {
        let name = SafeText.oneLine(typed).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 80, !name.contains("@") else {
            throw SiteNameError(typed: typed)
        }
        return name
    }

    /// Names this copy's duty station (written into `.crp/site`); returns the name stored and the
    /// one it replaces.
    @discardableResult
    public func setSite(_ typed: String) throws -> (name: String, previous: String?) {
        let name = try Self.checkedSite(typed)
        try requireInside(privateDir)
        try FileManager.default.createDirectory(at: privateDir, withIntermediateDirectories: true)
        try FileIO.writeAtomically(Data((name + "\n").utf8), to: Self.siteURL(root))
        return (name, site)
    }
}

/// A duty station's name that cannot be stored.
public struct SiteNameError: Error, LocalizedError, Equatable {
    public let typed: String
    public var errorDescription: String? {
        "\"\(SafeText.oneLine(typed))\" cannot name a duty station: write its name on one line, 1 to 80 characters, without @ (for example `crp config site Vienna`). Nothing was changed."
    }
}
