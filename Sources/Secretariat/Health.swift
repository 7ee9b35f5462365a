import Foundation
import Intake
import MultilingualText
import Platform
import Submissions

/// What `crp doctor` reports: ICU, the language resources, the workspace and its health, and the
/// programs RoomPaper hands work to.
public struct HealthReport: Codable, Sendable {
    public struct Program: Codable, Sendable {
        public let name: String
        public let path: String?
        public let package: String
        public let purpose: String
    }

    /// A font the paper names and what this machine gives for it.
    public struct Font: Codable, Sendable {
        public let family: String
        public let resolvedTo: String?
        public let verdict: String
        /// True when lines and pages break as in Word.
        public let keepsLayout: Bool
        public init(family: String, resolvedTo: String?, verdict: String, keepsLayout: Bool) {
            self.family = family; self.resolvedTo = resolvedTo; self.verdict = verdict; self.keepsLayout = keepsLayout
        }
    }

    public let icu: String
    public let unicode: String
    public let locales: String
    public let workspace: String?
    /// Why the workspace could not be opened (a broken paper.yaml), when it could not.
    public let workspaceProblem: String?
    public let submissions: Int?
    public let storeProblems: Int?
    public let programs: [Program]
    /// The same, name → path (nil when missing); kept for scripts written for earlier versions.
    public let clients: [String: String?]
    /// The fonts the paper names (empty when fontconfig is not installed).
    public let fonts: [Font]
    /// For each official language, Tesseract's model and whether it is installed (nil without Tesseract).
    public var ocrLanguages: [OCRLanguage]? = nil
    /// The language identifier that checks a declared language beyond its script ("libexttextcat
    /// 3.4.5"), nil when its data is not installed.
    public var languageIdentifier: String? = nil

    /// An official language's OCR model.
    public struct OCRLanguage: Codable, Sendable {
        public let language: String
        public let model: String
        public let installed: Bool
        public let package: String
    }

    /// True when nothing is broken (missing optional programs are not problems).
    public var healthy: Bool { workspaceProblem == nil && (storeProblems ?? 0) == 0 }

    /// Checks what can be checked. `open` opens the workspace (it may throw: a broken paper.yaml).
    public static func check(
        localesFolder: URL, programs: Programs, extraPrograms: [String: String?], fonts: [Font] = [],
        open: () throws -> Workspace?
    ) -> HealthReport {
        var workspace: Workspace? = nil
        var problem: String? = nil
        do { workspace = try open() } catch {
            problem = (error as? LocalizedError)?.errorDescription ?? "\(error)"
        }
        var problems: Int? = nil
        if let workspace { problems = (try? workspace.verifier.verify().count) }
        let list = Programs.known.map { Program(name: $0.name, path: programs.path($0.name), package: $0.package, purpose: $0.purpose) }
        var clients: [String: String?] = extraPrograms
        for p in list { clients[p.name] = p.path }
        var report = HealthReport(
            icu: ICU.version, unicode: ICU.unicodeVersion, locales: localesFolder.path, workspace: workspace?.store.root.path,
            workspaceProblem: problem, submissions: try? workspace?.store.ids().count, storeProblems: problems,
            programs: list, clients: clients, fonts: fonts)
        report.ocrLanguages = ocrLanguages(programs)
        report.languageIdentifier = LanguageIdentifier.system.map { "libexttextcat \($0.version)" }
        return report
    }

    /// Asks Tesseract which models it has (`tesseract --list-langs`).
    static func ocrLanguages(_ programs: Programs) -> [OCRLanguage]? {
        guard let t = programs.path("tesseract"),
            let o = try? programs.runner(timeout: 20, maxOutputBytes: 1 << 16).run(t, ["--list-langs"]), o.succeeded
        else { return nil }
        let have = Set((o.out + "\n" + o.err).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
        return LocaleCatalog.officialLanguages.compactMap { code in
            OCRReader.model(for: code).map { OCRLanguage(language: code, model: $0.model, installed: have.contains($0.model), package: $0.package) }
        }
    }
}
