import Foundation
import Submissions

/// Files uploaded through the desk, staged in the workspace's private folder
/// (`.crp/uploads/<token>/<name>`) until intake has read them: under the name they arrived with
/// (made a safe single path component), since intake records it and reads the kind from it.
struct Uploads {
    let folder: URL

    init(root: URL) { folder = root.appendingPathComponent(StoreLayout.privateFolder).appendingPathComponent("uploads") }

    struct Staged {
        let token: String
        let file: URL
        func discard() { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
    }

    func stage(_ upload: Form.Upload) throws -> Staged {
        sweep()
        let token = FileIO.randomHex(8)
        let dir = folder.appendingPathComponent(token)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let file = dir.appendingPathComponent(Self.safeName(upload.fileName))
        try FileIO.writeNew(upload.data, to: file, mode: 0o600)
        return Staged(token: token, file: file)
    }

    /// A file staged earlier (an e-mail whose part is being chosen), by its token; nil when the
    /// token is not one of ours.
    func staged(_ token: String) -> Staged? {
        guard token.count == 16, token.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else { return nil }
        let dir = folder.appendingPathComponent(token)
        guard let name = try? FileManager.default.contentsOfDirectory(atPath: dir.path).first else { return nil }
        return Staged(token: token, file: dir.appendingPathComponent(name))
    }

    /// Removes files staged more than a day ago: a form left refused (a kept file, an e-mail
    /// whose part was never chosen) does not keep its upload for ever.
    func sweep(olderThan age: TimeInterval = 86_400, now: Date = Date()) {
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: folder.path)) ?? [] {
            let dir = folder.appendingPathComponent(name)
            guard let made = (try? fm.attributesOfItem(atPath: dir.path))?[.modificationDate] as? Date, now.timeIntervalSince(made) > age else { continue }
            try? fm.removeItem(at: dir)
        }
    }

    /// One path component: the browser's name without folders or controls, never "." or "..",
    /// never hidden, at most 200 bytes.
    static func safeName(_ name: String) -> String {
        var n = SafeName.displayName(name.replacingOccurrences(of: "\\", with: "/"))
        while n.utf8.count > 200 { n.removeFirst() }
        if n.isEmpty || n.hasPrefix(".") { n = "upload" + (n.hasPrefix(".") && n.count > 1 ? n : "") }
        return n
    }
}
