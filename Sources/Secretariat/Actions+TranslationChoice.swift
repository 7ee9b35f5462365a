import Foundation
import Submissions

extension Workspace {
    /// Makes one of the translations attached to a submission its current one (`crp translate ID
    /// --use T`, after two duty stations each attached one).
    public func chooseTranslation(_ id: String, use translation: String, by: String) throws -> Outcome<Submission> {
        try requireChangeable()
        let sub = try store.chooseTranslation(translation, for: try store.resolve(id), by: by)
        return Outcome(
            sub,
            findings: [
                .note(
                    "translation.chosen", subject: sub.id,
                    "\(sub.id): translation \(sub.translationID ?? translation) is the current one; it is \(sub.status.rawValue).")
            ])
    }

    /// The submissions with translations to choose from ("2 translations — choose one"), with
    /// them. Only submissions with two translation folders or more are read.
    public func translationsToChoose() throws -> [(submission: Submission, translations: [String])] {
        // The desk asks on every board load: kept between changes of the store (StoreMemory).
        guard let memory = store.memory else { return try lookForTranslationsToChoose() }
        let ids = try memory.kept(store, key: "translations-to-choose") {
            // Which folders hold more than one translation is looked at again only in folders that changed.
            let translated = try StatusIndex(store: store).summaries().filter(\.hasTranslation).map(\.id)
            let several = try memory.perSubmission(store, key: "several-translations", ids: translated) { hasSeveralTranslations($0) }
            return translated.filter { several[$0] == true }
        }
        return try ids.compactMap { id in
            let sub = try store.load(id: id)
            let rivals = store.competingTranslations(sub)
            return rivals.isEmpty ? nil : (sub, rivals)
        }
    }

    /// Every submission with a translation whose folder holds more than one, checked for rivals.
    func lookForTranslationsToChoose() throws -> [(submission: Submission, translations: [String])] {
        var out: [(Submission, [String])] = []
        for id in try StatusIndex(store: store).summaries().filter(\.hasTranslation).map(\.id) {
            guard hasSeveralTranslations(id) else { continue }
            let sub = try store.load(id: id)
            let rivals = store.competingTranslations(sub)
            if !rivals.isEmpty { out.append((sub, rivals)) }
        }
        return out
    }

    /// True when the submission's translations folder holds more than one translation.
    func hasSeveralTranslations(_ id: String) -> Bool {
        let folder = store.root.appendingPathComponent(id).appendingPathComponent(StoreLayout.translations)
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter({ !$0.hasPrefix(".") }).count > 1
    }

    /// "2 translations — choose one: crp translate ID --use T", for the terminal and the web board.
    public static func choiceLine(_ sub: Submission, _ translations: [String]) -> String {
        "\(sub.id): \(translations.count) translations — choose one: \(translations.map { "`crp translate \(sub.id) --use \($0)`" }.joined(separator: " or "))"
    }
}
