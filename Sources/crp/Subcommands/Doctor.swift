import ArgumentParser
import Foundation
import Intake
import MultilingualText
import Platform
import RoomPaper
import Secretariat
import Submissions

struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Report the ICU version, the store's health and which optional programs are installed; exits non-zero when something is broken.")
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var ws: WorkspaceOptions

    func run() throws {
        try guarded {
            let env = ProcessEnvironment.current
            var extra: [String: String?] = [:]
            for c in ["chromium", "pandoc", "xmllint", "uconv"] { extra[c] = ProcessRunner.which(c, path: env.variables["PATH"] ?? "/usr/bin:/bin") }
            let programs = env.programs
            let fonts = (FontCheck.fontconfig(programs)?.check() ?? []).map {
                HealthReport.Font(family: $0.family, resolvedTo: $0.resolvedTo, verdict: $0.verdict.description, keepsLayout: $0.keepsLayout)
            }
            let report = HealthReport.check(localesFolder: env.localesFolder, programs: programs, extraPrograms: extra, fonts: fonts) {
                do { return try ws.open(env) } catch StoreError.noWorkspace { return nil }
            }
            if json {
                try Terminal.json(report)
            } else {
                print("ICU \(report.icu) (Unicode \(report.unicode))")
                print("Locales: \(report.locales)")
                if let problem = report.workspaceProblem {
                    print("Workspace: broken: \(problem)")
                } else if let w = report.workspace {
                    let health = report.storeProblems.map { $0 == 0 ? "verify clean" : "\($0) problems (run crp verify)" } ?? "not verified"
                    print("Workspace: \(w): \(report.submissions ?? 0) submission(s), \(health)")
                } else {
                    print("Workspace: none found")
                }
                for p in report.programs {
                    print(
                        "\(p.name.padding(toLength: 10, withPad: " ", startingAt: 0)) \(p.path ?? "not installed (Debian: apt-get install \(p.package))") — \(p.purpose)"
                    )
                }
                for f in report.fonts { print("font \(f.family): \(f.verdict)") }
                if report.fonts.isEmpty { print("fonts: not checked (fontconfig's fc-match is not installed)") }
                if let langs = report.ocrLanguages {
                    print(
                        "OCR models: "
                            + langs.map { "\($0.language) (\($0.model)) \($0.installed ? "installed" : "missing: apt-get install \($0.package)")" }.joined(
                                separator: ", "))
                }
                print("Language check: \(report.languageIdentifier ?? "not installed (Debian: apt-get install libexttextcat-2.0-0 libexttextcat-data)")")
                for (c, p) in extra.sorted(by: { $0.key < $1.key }) { print("\(c.padding(toLength: 10, withPad: " ", startingAt: 0)) \(p ?? "not installed")") }
            }
            if !report.healthy { throw ExitCode(1) }
        }
    }
}
