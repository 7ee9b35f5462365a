import Foundation

/// The programs found on this machine that RoomPaper can hand work to, and the environment they
/// run in. Built once by the executable from its environment (`PATH`, `CRP_SOFFICE`); libraries
/// receive it and never look for programs themselves.
public struct Programs: Sendable {
    /// Program name → absolute path, for the programs that were found.
    public let paths: [String: String]
    /// The environment given to every program started.
    public let environment: [String: String]

    public init(paths: [String: String] = [:], environment: [String: String] = [:]) {
        self.paths = paths
        self.environment = environment
    }

    /// What RoomPaper uses, and the Debian package each comes in (named in refusals).
    public static let known: [(name: String, package: String, purpose: String)] = [
        ("soffice", "libreoffice-writer-nogui", "PDF output; reading .doc, .rtf and .odt"),
        ("pdftotext", "poppler-utils", "reading PDFs with a text layer"),
        ("pdftoppm", "poppler-utils", "rasterizing scanned PDFs for OCR"),
        ("pdfinfo", "poppler-utils", "page counts and encryption of PDFs"),
        ("mutool", "mupdf-tools", "reading right-to-left text (Arabic) from PDFs in logical order"),
        ("tesseract", "tesseract-ocr", "reading scanned letters (OCR)"),
        ("convert", "imagemagick", "preparing scans for OCR (grey, straight, crops of unread lines)"),
        ("fc-match", "fontconfig", "checking the fonts the paper names"),
        ("tnef", "tnef", "unpacking Outlook winmail.dat attachments"),
        ("msgconvert", "libemail-outlook-message-perl", "reading Outlook .msg messages"),
        ("git", "git", "merging workspaces"),
    ]

    /// The Debian package a program comes in.
    public static func package(of name: String) -> String { known.first { $0.name == name }?.package ?? name }

    /// Where `soffice` is looked for after the `PATH`.
    public static let officeLocations = [
        "/usr/bin/soffice", "/usr/local/bin/soffice", "/usr/lib/libreoffice/program/soffice", "/opt/libreoffice/program/soffice",
        "/Applications/LibreOffice.app/Contents/MacOS/soffice", "/opt/homebrew/bin/soffice",
    ]

    /// The `soffice` candidates, in order: `CRP_SOFFICE` when it is set (and nothing else then),
    /// otherwise `soffice` or `libreoffice` on the `PATH`, then the usual install locations.
    public static func officeCandidates(_ environment: [String: String]) -> [String] {
        if let explicit = environment["CRP_SOFFICE"], !explicit.isEmpty { return [explicit] }
        var list: [String] = []
        for dir in (environment["PATH"] ?? "").split(separator: ":") where !dir.isEmpty {
            list.append(dir + "/soffice")
            list.append(dir + "/libreoffice")
        }
        return list + officeLocations
    }

    /// Looks every known program up on the `PATH` of `environment`.
    public static func locate(environment: [String: String]) -> Programs {
        var found: [String: String] = [:]
        let path = environment["PATH"] ?? "/usr/bin:/bin"
        for p in known where p.name != "soffice" {
            if let f = ProcessRunner.which(p.name, path: path) { found[p.name] = f }
        }
        if let office = officeCandidates(environment).first(where: { FileManager.default.isExecutableFile(atPath: $0) }) {
            found["soffice"] = office
        }
        return Programs(paths: found, environment: environment)
    }

    /// The path of a program, or nil when it was not found.
    public func path(_ name: String) -> String? { paths[name] }

    /// A runner for these programs with a time limit.
    public func runner(timeout: Double, maxOutputBytes: Int = 64 << 20) -> ProcessRunner {
        ProcessRunner(timeout: timeout, maxOutputBytes: maxOutputBytes, environment: environment)
    }
}
