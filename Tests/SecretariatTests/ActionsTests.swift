import Foundation
import Intake
import RoomPaper
import Secretariat
import Submissions
import TestSupport
import Testing

/// The application layer as a front end sees it: typed requests in, typed results and findings out,
/// the rules applied whoever calls.
@Suite("Secretariat actions")
struct ActionsTests {
    /// A workspace of the reference paper in a private folder, on a fixed clock (the reporting period).
    static func workspace(_ label: String, fallback: Bool = false) throws -> (Workspace, URL) {
        let dir = try Scratch.dir("secretariat-\(label)")
        let clock = Clock(fixed: Clock.parse("2020-10-06T09:00:00Z"))
        let store = try Store.create(at: dir.appendingPathComponent("ws"), paper: try PaperDefinition.load(Repo.fixturePaper), clock: clock)
        let ws = Workspace(store: store, catalog: try LocaleCatalog(folder: Repo.locales), isEmbeddedFallback: fallback)
        return (ws, dir)
    }

    static func file(_ dir: URL, _ name: String, _ text: String) throws -> URL {
        let url = dir.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    static let spanish = "El Perú apoya las propuestas de la Presidencia sobre la asistencia técnica. Pide que se refuerce la cooperación."

    @Test func aLateRegistrationReturnsItsWarningAsAFinding() throws {
        let (ws, dir) = try Self.workspace("late")
        defer { try? FileManager.default.removeItem(at: dir) }
        let f = try Self.file(dir, "peru.txt", Self.spanish)
        let done = try ws.register(
            Registrar.Request(
                file: f, state: "Peru", language: "es", items: [2],
                received: CalendarDate(iso: "2020-10-05"), by: "A. Officer"))
        #expect(done.value.record.allStates == ["Peru"])
        let late = done.findings(.warning).filter { $0.message.contains("after the deadline") }
        #expect(late.count == 1, "\(done.findings)")
        #expect(late.first?.code == "register.late")
        #expect(late.first?.subject == done.value.id)
        #expect(done.findings(.note).isEmpty, "a plain text has no parts to list: \(done.findings)")
    }

    @Test func theEmbeddedStoreReachedWithoutNamingItIsNotChanged() throws {
        let (ws, dir) = try Self.workspace("fallback", fallback: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let f = try Self.file(dir, "peru.txt", Self.spanish)
        #expect(throws: StoreError.embeddedStoreIsReadOnly(path: ws.store.root.path)) {
            try ws.register(Registrar.Request(file: f, state: "Peru", language: "es", items: [2], by: "A. Officer"))
        }
        #expect(try ws.store.ids().isEmpty)
        // Reading it is allowed.
        #expect(try ws.status().rows.isEmpty)
    }

    @Test func aMoveThatTheRulesForbidIsRefusedAndRecordsNothing() throws {
        let (ws, dir) = try Self.workspace("move")
        defer { try? FileManager.default.removeItem(at: dir) }
        let f = try Self.file(dir, "peru.txt", Self.spanish)
        let sub = try ws.register(Registrar.Request(file: f, state: "Peru", language: "es", items: [2], by: "A. Officer")).value
        do {
            _ = try ws.move(Workspace.MoveRequest(id: sub.id, move: .include, by: "A. Officer"))
            Issue.record("including a submission that is only received must be refused")
        } catch let e as StoreError {
            guard case .invalidTransition(let id, let from, _, _) = e else { Issue.record("\(e)"); return }
            #expect(id == sub.id && from == "received")
        }
        #expect(try ws.history(sub.id).events.map(\.action) == [.registered])
        let t = try Self.file(dir, "peru.en.txt", "Peru supports the Chair's proposals on technical assistance. It asks for stronger cooperation.")
        let translated = try ws.translate(Workspace.TranslateRequest(id: sub.id, file: t, source: .contractor, by: "T. Ranslator"))
        #expect(translated.value.status == .translated)
        #expect(translated.findings.isEmpty, "a first translation replaces nothing: \(translated.findings)")
        let again = try Self.file(dir, "peru.en2.txt", "Peru supports the proposals of the Chair on technical assistance. It asks for more cooperation.")
        let second = try ws.translate(Workspace.TranslateRequest(id: sub.id, file: again, source: .contractor, by: "T. Ranslator"))
        #expect(second.findings.map(\.code) == ["translation.replaced"])
        #expect(second.findings.first?.message.contains("stays stored") == true)
    }

    @Test func thePaperFormatFollowsTheFileNameAndRefusesAContradiction() throws {
        #expect(try Workspace.paperFormat(given: nil, outputName: "paper.docx") == .docx)
        #expect(try Workspace.paperFormat(given: nil, outputName: nil) == .md)
        #expect(try Workspace.paperFormat(given: "pdf", outputName: nil) == .pdf)
        do {
            _ = try Workspace.paperFormat(given: "md", outputName: "paper.pdf")
            Issue.record("a Markdown paper named .pdf must be refused")
        } catch let p as ActionProblem {
            #expect(p.message.contains("does not match --output paper.pdf"))
            #expect(p.message.contains("Name the file .md, or leave out --format"))
            #expect(p.isUsageProblem)
        }
    }

    @Test func usageProblemsAreKnownByTheirType() {
        #expect(StoreError.unknownState("Peur", suggestion: "Peru").isUsageProblem)
        #expect(StoreError.noItem.isUsageProblem)
        #expect(!StoreError.withdrawn(id: "x").isUsageProblem)
        #expect(!IntakeError.empty(file: "x.txt").isUsageProblem)
    }
}
