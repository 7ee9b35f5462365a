import Foundation
import Platform

/// A file unpacked from a container attachment (a TNEF winmail.dat).
public struct UnpackedFile: Sendable {
    public var name: String
    public var data: Data
    public init(name: String, data: Data) { self.name = name; self.data = data }
}

/// Unpacks a container attachment: its bytes and its name in, the files in it out.
public typealias AttachmentUnpacker = @Sendable (_ data: Data, _ name: String, _ maxBytes: Int) throws -> [UnpackedFile]

/// Outlook's TNEF attachments (`winmail.dat`, `application/ms-tnef`), unpacked by Debian's
/// `tnef` program in a private temporary folder that is removed afterwards.
public enum TNEF {
    /// True for a part that is TNEF, by media type or name (`winmail.dat`).
    public static func isTNEF(mediaType: String, name: String?) -> Bool {
        mediaType == "application/ms-tnef" || mediaType == "application/vnd.ms-tnef" || (name ?? "").lowercased() == "winmail.dat"
    }

    /// The unpacker that runs `tnef` from `programs`; nil when `tnef` is not installed (the
    /// e-mail reader then refuses by name, with the Debian package).
    public static func unpacker(programs: Programs, timeout: Double = 60) -> AttachmentUnpacker? {
        guard let tnef = programs.path("tnef") else { return nil }
        let runner = programs.runner(timeout: timeout, maxOutputBytes: 1 << 20)
        return { data, name, maxBytes in try unpack(data, name: name, maxBytes: maxBytes, tnef: tnef, runner: runner) }
    }

    static func unpack(_ data: Data, name: String, maxBytes: Int, tnef: String, runner: ProcessRunner) throws -> [UnpackedFile] {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("crp-tnef-\(UUID().uuidString)")
        let out = dir.appendingPathComponent("out")
        defer { try? fm.removeItem(at: dir) }
        do {
            try fm.createDirectory(at: out, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try data.write(to: dir.appendingPathComponent("winmail.dat"))
        } catch {
            throw EMLError.tnefFailed(file: name, attachment: name, detail: "a temporary folder could not be written: \(error.localizedDescription)")
        }
        let outcome = try runner.run(
            tnef,
            [
                "--file=" + dir.appendingPathComponent("winmail.dat").path, "--directory=" + out.path,
                "--maxsize=\(maxBytes)", "--number-backups", "--unix-paths",
            ], in: dir)
        if !outcome.succeeded {
            let why =
                outcome.timedOut
                ? "it took too long" : String(outcome.err.split(separator: "\n").first ?? "exit code \(outcome.exitCode.map(String.init) ?? "?")")
            throw EMLError.tnefFailed(file: name, attachment: name, detail: why)
        }
        var files: [UnpackedFile] = []
        let names = (try? fm.contentsOfDirectory(atPath: out.path))?.sorted() ?? []
        for n in names {
            let url = out.appendingPathComponent(n)
            let attrs = try? fm.attributesOfItem(atPath: url.path)
            guard attrs?[.type] as? FileAttributeType == .typeRegular, let size = attrs?[.size] as? Int, size <= maxBytes,
                let d = try? Data(contentsOf: url)
            else { continue }
            files.append(UnpackedFile(name: n, data: d))
        }
        return files
    }
}
