import Foundation
import Platform

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
    /// The paper could not be written where the officer asked.
    case cannotWrite(path: String, reason: String)

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
            return
                "LibreOffice took longer than \(seconds) seconds to turn the paper into PDF and was stopped. Try again; if it keeps happening, make the Word version and save it as PDF from Word."
        case .officeProducedNothing(let output):
            return "LibreOffice finished but wrote no PDF."
                + (output.isEmpty ? "" : " It said: " + Self.excerpt(output))
        case .packageFailed(let reason):
            return "The Word file could not be assembled: \(reason)."
        case .temporaryFiles(let reason):
            return "A temporary file for the PDF could not be written or read: \(reason)."
        case .cannotWrite(let path, let reason):
            return "The paper cannot be written to \(path): \(reason). Choose another --output path."
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
/// (`-env:UserInstallation`), so several conversions may run at once, and it is stopped (with
/// every process it started) when it takes longer than `timeout`. Returns the PDF's bytes; throws
/// `RenderError`.
public struct PDFConverter: Sendable {
    /// The `soffice` program; nil when none was found on this machine.
    public var office: URL?
    /// How long a conversion may take, in seconds.
    public var timeout: TimeInterval
    /// The environment LibreOffice runs in.
    public var environment: [String: String]

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

    public init(
        office: URL?, environment: [String: String] = [:], timeout: TimeInterval = 180,
        fontFallbacks: [String: [String]] = PDFConverter.unFontFallbacks
    ) {
        self.office = office
        self.environment = environment
        self.timeout = timeout
        self.fontFallbacks = fontFallbacks
    }

    /// The converter for the programs found on this machine.
    public init(programs: Programs, timeout: TimeInterval = 180) {
        self.init(office: programs.path("soffice").map { URL(fileURLWithPath: $0) }, environment: programs.environment, timeout: timeout)
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

    /// The `soffice` program the environment points at (`CRP_SOFFICE`, the `PATH`, the usual
    /// install locations), or nil when there is none.
    public static func locateOffice(environment: [String: String]) -> URL? {
        candidates(environment).first { FileManager.default.isExecutableFile(atPath: $0) }.map { URL(fileURLWithPath: $0) }
    }

    static func candidates(_ environment: [String: String]) -> [String] { Programs.officeCandidates(environment) }

    /// PDF export options (LibreOffice 7.4 or later): a tagged, accessible PDF (structure and
    /// language of every block, for screen readers) with bookmarks from the headings.
    static let exportOptions = #"{"UseTaggedPDF":{"type":"boolean","value":"true"},"ExportBookmarks":{"type":"boolean","value":"true"}}"#

    /// Converts the bytes of a `.docx` file into the bytes of a PDF.
    public func convert(docx: Data) throws -> Data {
        guard let program = office else {
            throw RenderError.officeNotFound(searched: ["PATH"] + Programs.officeLocations)
        }
        guard FileManager.default.isExecutableFile(atPath: program.path) else { throw RenderError.officeNotFound(searched: [program.path]) }

        let fm = FileManager.default
        let work = fm.temporaryDirectory.appendingPathComponent("crp-pdf-\(UUID().uuidString)", isDirectory: true)
        let profile = work.appendingPathComponent("profile", isDirectory: true)
        let out = work.appendingPathComponent("out", isDirectory: true)
        let input = work.appendingPathComponent("paper.docx")
        var extra: [String: String] = [:]
        do {
            try fm.createDirectory(at: out, withIntermediateDirectories: true)
            try fm.createDirectory(at: profile, withIntermediateDirectories: true)
            try docx.write(to: input)
            if !fontFallbacks.isEmpty {
                let conf = work.appendingPathComponent("fonts.conf")
                let base = environment["FONTCONFIG_FILE"].flatMap { $0.isEmpty ? nil : $0 } ?? "/etc/fonts/fonts.conf"
                try fontconfig(including: base).write(to: conf)
                extra["FONTCONFIG_FILE"] = conf.path
            }
        } catch {
            try? fm.removeItem(at: work)
            throw RenderError.temporaryFiles(reason: error.localizedDescription)
        }
        defer { try? fm.removeItem(at: work) }

        let runner = ProcessRunner(timeout: timeout, maxOutputBytes: 1 << 20, environment: environment)
        let result: ProcessOutcome
        do {
            result = try runner.run(
                program.path,
                [
                    "-env:UserInstallation=" + profile.absoluteString,
                    "--headless", "--invisible", "--nologo", "--nodefault", "--norestore", "--nolockcheck",
                    "--convert-to", "pdf:writer_pdf_Export:" + Self.exportOptions, "--outdir", out.path, input.path,
                ], in: work, extraEnvironment: extra)
        } catch {
            throw RenderError.officeFailed(status: -1, output: error.localizedDescription)
        }
        if result.timedOut { throw RenderError.officeTimedOut(seconds: Int(timeout.rounded())) }
        let output = result.out + result.err
        if result.exitCode != 0 {
            throw RenderError.officeFailed(status: result.exitCode ?? -(result.signal ?? 1), output: output)
        }
        let pdf = out.appendingPathComponent("paper.pdf")
        guard let data = try? Data(contentsOf: pdf), data.starts(with: Array("%PDF".utf8)) else {
            throw RenderError.officeProducedNothing(output: output)
        }
        return data
    }
}
