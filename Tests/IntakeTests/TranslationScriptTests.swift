import Foundation
import Submissions
import TestSupport
import Testing

@testable import Intake
@testable import Secretariat

/// The script rule for translations: mostly in the paper language's script(s), from the locale
/// catalog, and not mostly in the original's.
@Suite struct TranslationScriptTests {
    static let catalog = Result { try LocaleCatalog(folder: ReferenceTexts.locales) }
    static let chinese = "中国支持秘书处继续向各国提供立法援助，并建议加强区域合作和信息交流。\n"
    static let russian = "Россия поддерживает работу секретариата по оказанию законодательной помощи государствам.\n"

    func refusal(_ text: String, original: String = chinese, paper: String = "en", overridable: Bool = false) throws -> IntakeError? {
        Registrar.scriptRefusal(
            translation: text, original: original, paper: try Self.catalog.get().language(paper), file: "t.txt",
            overridable: overridable)
    }

    @Test func aTextInAnotherScriptIsRefusedWithTheScriptsFound() throws {
        let e = try #require(try refusal(Self.russian))
        guard case .translationWrongScript("t.txt", "English", ["Latn"], let found, 0, false) = e else {
            Issue.record("\(e)")
            return
        }
        #expect(found == ["Cyrl"])
        #expect(e.errorDescription?.contains("Nothing was stored") == true)
        #expect(e.errorDescription?.contains("--force") == false, "crp import has no --force: not offered")
        #expect(try refusal(Self.russian, overridable: true)?.errorDescription?.contains("add --force --reason TEXT") == true)
    }

    @Test func mostlyLatinWithQuotedNamesIsAccepted() throws {
        #expect(try refusal("China (中国) supports the continued legislative assistance of the Secretariat.\n") == nil)
        // Half and half is not "mostly" in the paper's script.
        let half = "abcdefghij " + String(repeating: "д", count: 10) + "\n"
        #expect(try refusal(half) != nil)
    }

    @Test func theOriginalsScriptIsNamedFirst() throws {
        guard case .translationInOriginalScript(_, "Hani", let share, _)? = try refusal(Self.chinese + "A few English words.\n") else {
            Issue.record("expected the original's script to be named")
            return
        }
        #expect(share > 50)
    }
}
