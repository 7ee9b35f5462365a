import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What can go wrong while writing a Word or PDF version of the paper.
public enum RenderError: Error, LocalizedError, Equatable {
    /// LibreOffice (`soffice`) is not installed or not where it was said to be.
    case officeNotFound(searched: [String])
    /// LibreOffice ran but stopped with an error.
    case officeFailed(status: Int32, output: String)
    /// LibreOffice did not finish in time and was stopped.
    case officeTimedOut(seconds: Int)
    /// LibreOffice finished without writing the PDF.
    case officeProducedNothing(output: String)
    /// The Word package could not be written.
    case packageFailed(reason: String)
    /// A temporary file could not be written or read.
    case temporaryFiles(reason: String)

    public var errorDescription: String? {
        switch self {
        case .officeNotFound(let searched) where searched.count == 1:
            return "The PDF cannot be made: LibreOffice was not found at \(searched[0]). "
                + "Check that path, or install LibreOffice (on Debian: apt-get install libreoffice-writer-nogui)."
        case .officeNotFound(let searched):
            return "The PDF cannot be made because LibreOffice is not installed (no \"soffice\" program was found"
                + (searched.isEmpty ? "" : " in " + searched.joined(separator: ", ")) + "). "
                + "Install LibreOffice (on Debian: apt-get install libreoffice-writer-nogui), or make the Word version and save it as PDF from Word."
        case .officeFailed(let status, let output):
            return "LibreOffice could not turn the paper into PDF (it stopped with status \(status))."
                + (output.isEmpty ? "" : " It said: " + Self.excerpt(output))
        case .officeTimedOut(let seconds):
            return "LibreOffice took longer than \(seconds) seconds to turn the paper into PDF and was stopped. Try again; if it keeps happening, make the Word version and save it as PDF from Word."
        case .officeProducedNothing(let output):
            return "LibreOffice finished but wrote no PDF."
                + (output.isEmpty ? "" : " It said: " + Self.excerpt(output))
        case .packageFailed(let reason):
            return "The Word file could not be assembled: \(reason)."
        case .temporaryFiles(let reason):
            return "A temporary file for the PDF could not be written or read: \(reason)."
        }
    }

    static func excerpt(_ s: String) -> String {
        let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
        return t.count > 400 ? String(t.prefix(400)) + "…" : t
    }
}

/// Turns a Word document into PDF with LibreOffice in headless mode.
///
/// Each conversion runs in its own temporary folder with its own LibreOffice profile
/// (`-env:UserInstallation`), so several conversions may run at once, and it is stopped when it
/// takes longer than `timeout`. Returns the PDF's bytes; throws `RenderError`.
public struct PDFConverter: Sendable {
    /// The `soffice` program; nil to search for it.
    public var office: URL?
    /// How long a conversion may take, in seconds.
    public var timeout: TimeInterval

    /// Free fonts to use in place of fonts the document names when those are not installed
    /// (given to LibreOffice through fontconfig, on systems that have it). The named font wins
    /// when it is installed.
    public var fontFallbacks: [String: [String]]

    /// The UN's fonts and their free counterparts (Debian `fonts-noto-core`, `fonts-noto-cjk`).
    public static let unFontFallbacks: [String: [String]] = [
        "Simplified Arabic": ["Noto Naskh Arabic", "Noto Sans Arabic"],
        "Traditional Arabic": ["Noto Naskh Arabic", "Noto Sans Arabic"],
        "SimSun": ["Noto Serif CJK SC", "Noto Sans CJK SC"],
        "Times New Roman": ["Liberation Serif", "Noto Serif"],
    ]

    public init(office: URL? = nil, timeout: TimeInterval = 180, fontFallbacks: [String: [String]] = PDFConverter.unFontFallbacks) {
        self.office = office
        self.timeout = timeout
        self.fontFallbacks = fontFallbacks
    }

    /// A fontconfig file that reads the system's configuration and adds `fontFallbacks`.
    func fontconfig(including base: String) -> Data {
        var w = MarkupWriter(capacity: 2048)
        w.raw("<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>\n<include ignore_missing=\"yes\">")
        w.text(base)
        w.raw("</include>\n")
        for family in fontFallbacks.keys.sorted() {
            w.raw("<alias binding=\"same\"><family>"); w.text(family); w.raw("</family><accept>")
            for f in fontFallbacks[family] ?? [] { w.raw("<family>"); w.text(f); w.raw("</family>") }
            w.raw("</accept></alias>\n")
        }
        w.raw("</fontconfig>\n")
        return Data(w.bytes)
    }

    /// Where `soffice` is looked for after `CRP_SOFFICE` and the `PATH`.
    static let knownLocations = [
        "/usr/bin/soffice", "/usr/local/bin/soffice", "/usr/lib/libreoffice/program/soffice", "/opt/libreoffice/program/soffice",
        "/Applications/LibreOffice.app/Contents/MacOS/soffice", "/opt/homebrew/bin/soffice",
    ]

    /// The `soffice` program to run: `CRP_SOFFICE` when it is set (and nothing else then), otherwise
    /// `soffice` or `libreoffice` on the `PATH`, then the usual install locations. Nil when there is none.
    public static func locateOffice(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        candidates(environment).first { FileManager.default.isExecutableFile(atPath: $0) }.map { URL(fileURLWithPath: $0) }
    }

    static func candidates(_ environment: [String: String]) -> [String] {
        if let explicit = environment["CRP_SOFFICE"], !explicit.isEmpty { return [explicit] }
        var list: [String] = []
        for dir in (environment["PATH"] ?? "").split(separator: ":") where !dir.isEmpty {
            list.append(dir + "/soffice")
            list.append(dir + "/libreoffice")
        }
        return list + knownLocations
    }

    /// PDF export options (LibreOffice 7.4 or later): a tagged, accessible PDF (structure and
    /// language of every block, for screen readers) with bookmarks from the headings.
    static let exportOptions = #"{"UseTaggedPDF":{"type":"boolean","value":"true"},"ExportBookmarks":{"type":"boolean","value":"true"}}"#

    /// Converts the bytes of a `.docx` file into the bytes of a PDF.
    public func convert(docx: Data) throws -> Data {
        let program: URL
        if let office {
            guard FileManager.default.isExecutableFile(atPath: office.path) else { throw RenderError.officeNotFound(searched: [office.path]) }
            program = office
        } else {
            let environment = ProcessInfo.processInfo.environment
            guard let found = Self.locateOffice(environment: environment) else {
                let explicit = environment["CRP_SOFFICE"].flatMap { $0.isEmpty ? nil : $0 }
                throw RenderError.officeNotFound(searched: explicit.map { ["CRP_SOFFICE=" + $0] } ?? ["PATH"] + Self.knownLocations)
            }
            program = found
        }

        let fm = FileManager.default
        let work = fm.temporaryDirectory.appendingPathComponent("crp-pdf-\(UUID().uuidString)", isDirectory: true)
        let profile = work.appendingPathComponent("profile", isDirectory: true)
        let out = work.appendingPathComponent("out", isDirectory: true)
        let input = work.appendingPathComponent("paper.docx")
        let log = work.appendingPathComponent("soffice.log")
        do {
            try fm.createDirectory(at: out, withIntermediateDirectories: true)
            try fm.createDirectory(at: profile, withIntermediateDirectories: true)
            try docx.write(to: input)
            _ = fm.createFile(atPath: log.path, contents: nil)
        } catch {
            try? fm.removeItem(at: work)
            throw RenderError.temporaryFiles(reason: error.localizedDescription)
        }
        defer { try? fm.removeItem(at: work) }

        let process = Process()
        process.executableURL = program
        process.arguments = [
            "-env:UserInstallation=" + profile.absoluteString,
            "--headless", "--invisible", "--nologo", "--nodefault", "--norestore", "--nolockcheck",
            "--convert-to", "pdf:writer_pdf_Export:" + Self.exportOptions, "--outdir", out.path, input.path,
        ]
        process.currentDirectoryURL = work
        #if os(Linux) || os(FreeBSD)
        if !fontFallbacks.isEmpty {
            var env = ProcessInfo.processInfo.environment
            let conf = work.appendingPathComponent("fonts.conf")
            let base = env["FONTCONFIG_FILE"].flatMap { $0.isEmpty ? nil : $0 } ?? "/etc/fonts/fonts.conf"
            if (try? fontconfig(including: base).write(to: conf)) != nil {
                env["FONTCONFIG_FILE"] = conf.path
                process.environment = env
            }
        }
        #endif
        let logHandle: FileHandle
        do { logHandle = try FileHandle(forWritingTo: log) } catch {
            throw RenderError.temporaryFiles(reason: error.localizedDescription)
        }
        defer { try? logHandle.close() }
        process.standardOutput = logHandle
        process.standardError = logHandle
        process.standardInput = FileHandle.nullDevice

        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        do { try process.run() } catch {
            throw RenderError.officeFailed(status: -1, output: error.localizedDescription)
        }
        if done.wait(timeout: .now() + timeout) == .timedOut {
            Self.stop(process)
            _ = done.wait(timeout: .now() + 10)
            throw RenderError.officeTimedOut(seconds: Int(timeout.rounded()))
        }
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        if process.terminationStatus != 0 {
            throw RenderError.officeFailed(status: process.terminationStatus, output: output)
        }
        let pdf = out.appendingPathComponent("paper.pdf")
        guard let data = try? Data(contentsOf: pdf), data.starts(with: Array("%PDF".utf8)) else {
            throw RenderError.officeProducedNothing(output: output)
        }
        return data
    }

    /// Stops LibreOffice and the processes it started (`soffice` is a launcher for `soffice.bin`).
    static func stop(_ process: Process) {
        let pid = process.processIdentifier
        for child in descendants(of: pid).reversed() { kill(child, SIGKILL) }
        if process.isRunning { kill(pid, SIGKILL) }
    }

    /// The processes below `pid`, from /proc (empty where there is no /proc).
    static func descendants(of pid: Int32) -> [Int32] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        var parent: [Int32: Int32] = [:]
        for e in entries {
            guard let p = Int32(e), let stat = try? String(contentsOfFile: "/proc/\(e)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")") else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, let pp = Int32(fields[1]) { parent[p] = pp }
        }
        var found: [Int32] = []
        var frontier = [pid]
        while let p = frontier.popLast() {
            for (child, pp) in parent where pp == p {
                found.append(child)
                frontier.append(child)
            }
        }
        return found
    }
}
