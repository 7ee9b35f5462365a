import Foundation
import Intake
import Submissions

/// What `crp check` finds: the paper definition and the store checked together.
public struct WorkspaceCheck: Codable, Sendable {
    /// One problem, with where it is and what to do.
    public struct Finding: Codable, Equatable, Sendable, CustomStringConvertible {
        /// "paper" (paper.yaml), "template" (a template value left), "item" (a submission on an
        /// item the paper does not have), "store" (`crp verify`).
        public let kind: String
        /// The file or submission concerned.
        public let subject: String
        public let message: String

        public var description: String { "\(subject): \(message)" }
    }

    public let paperFile: String
    public let submissions: Int
    public let findings: [Finding]

    /// True when nothing is wrong.
    public var clean: Bool { findings.isEmpty }

    /// Checks the workspace whose root is `root`: the paper definition is loaded field by field
    /// (every problem with its line and column), and only when it loads is the store opened with
    /// `open` and checked (items on the paper, `Verifier`, template values).
    public static func run(root: URL, open: () throws -> Workspace) -> WorkspaceCheck {
        let file = root.appendingPathComponent(Store.paperFile)
        var findings: [Finding] = []
        if let why = PaperDefinition.outsideLink(file) {
            return WorkspaceCheck(paperFile: file.path, submissions: 0, findings: [Finding(kind: "paper", subject: file.path, message: why)])
        }
        if let p = PaperDefinition.sizeProblem(of: file) {
            return WorkspaceCheck(paperFile: file.path, submissions: 0, findings: [Finding(kind: "paper", subject: file.path, message: p.description)])
        }
        guard let data = FileManager.default.contents(atPath: file.path), let text = String(data: data, encoding: .utf8) else {
            return WorkspaceCheck(
                paperFile: file.path, submissions: 0,
                findings: [Finding(kind: "paper", subject: file.path, message: "it cannot be read as UTF-8 text: save it as UTF-8")])
        }
        let paperProblems = PaperDefinition.problems(inYAML: text)
        findings += PaperDefinition.shown(paperProblems).map { Finding(kind: "paper", subject: file.path, message: $0.description) }
        guard paperProblems.isEmpty else { return WorkspaceCheck(paperFile: file.path, submissions: 0, findings: findings) }
        let workspace: Workspace
        do { workspace = try open() } catch {
            findings.append(Finding(kind: "paper", subject: file.path, message: (error as? LocalizedError)?.errorDescription ?? "\(error)"))
            return WorkspaceCheck(paperFile: file.path, submissions: 0, findings: findings)
        }
        let store = workspace.store
        findings += store.paper.templateValues.map {
            Finding(
                kind: "template", subject: file.path, message: "\($0.field) still holds the template's \"\($0.value)\": replace it with the paper's own text")
        }
        // Fields two duty stations changed differently (`crp sync`), until an officer chooses.
        findings += workspace.paperConflicts().map { Finding(kind: "conflict", subject: file.path, message: $0.message) }
        let known = store.paper.items.map(\.number)
        var count = 0
        do {
            let subs = try store.all()
            count = subs.count
            for s in subs where s.status != .withdrawn {
                for n in s.record.items where !known.contains(n) {
                    findings.append(
                        Finding(
                            kind: "item", subject: s.id,
                            message:
                                "is on item \(n), which paper.yaml does not have (its items: \(known.map(String.init).joined(separator: ", "))): add the item under `items:` or correct the submission with `crp amend \(s.id) --item N --reason TEXT`"
                        ))
                }
            }
            // The same text registered twice for a State (two duty stations, merged by `crp sync`).
            findings += try workspace.sameTextTwice().map { Finding(kind: "duplicate", subject: $0.later, message: $0.message) }
        } catch {
            findings.append(Finding(kind: "store", subject: store.root.path, message: (error as? LocalizedError)?.errorDescription ?? "\(error)"))
        }
        do {
            for p in try workspace.verifier.verify() {
                findings.append(
                    Finding(kind: "store", subject: p.id, message: "\(p.file): \(p.problem)" + (p.repairable ? " (`crp verify --repair` rebuilds it)" : "")))
            }
        } catch {
            findings.append(Finding(kind: "store", subject: store.root.path, message: (error as? LocalizedError)?.errorDescription ?? "\(error)"))
        }
        return WorkspaceCheck(paperFile: file.path, submissions: count, findings: findings)
    }
}
