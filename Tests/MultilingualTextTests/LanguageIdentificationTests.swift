import Foundation
import Testing

@testable import MultilingualText

/// libexttextcat through CICU (issue 25, point 10): the language of a text beyond its script.
/// Measured on the repository's texts (the reference paper's originals and translations, the
/// embedded store) and on texts written here in the six languages and the languages they are
/// mistaken for (Portuguese for Spanish, Ukrainian for Russian): no false alarm, every swap seen.
@Suite struct LanguageIdentificationTests {
    static let texts: [(code: String, text: String)] = [
        (
            "fr",
            """
            La France se félicite des travaux de la Conférence et souhaite que le Secrétariat continue de mettre à jour le portail \
            de gestion des connaissances, afin que les praticiens puissent consulter la législation et la jurisprudence dans toutes \
            les langues officielles. Elle propose en outre que les États parties échangent plus régulièrement des informations sur \
            les enquêtes conjointes et sur les bonnes pratiques en matière d'entraide judiciaire.
            """
        ),
        (
            "ru",
            """
            Российская Федерация поддерживает усилия Конференции по укреплению международного сотрудничества в борьбе с \
            транснациональной организованной преступностью. Мы считаем важным, чтобы Секретариат продолжал обновлять портал \
            знаний и публиковал законодательство и судебную практику на всех официальных языках Организации Объединенных Наций.
            """
        ),
        (
            "zh",
            """
            中国政府高度重视打击跨国有组织犯罪的国际合作，支持缔约方会议在审议机制方面开展的工作。中方认为，各国应在相互尊重主权的基础上，\
            加强司法协助和引渡合作，及时交流信息，共同应对新的犯罪形式。中方建议秘书处继续更新知识管理门户网站，以所有正式语文提供立法和判例资料，\
            便于各国从业人员查阅和借鉴。中方愿同各方一道，推动公约得到全面有效实施。
            """
        ),
        (
            "es",
            """
            México considera que la cooperación internacional en materia penal debe fortalecerse mediante el intercambio oportuno de \
            información entre las autoridades centrales, y propone que la Conferencia aliente a los Estados a designar puntos de \
            contacto disponibles en todo momento. Asimismo, recomienda que la Secretaría siga actualizando el portal de gestión \
            de conocimientos con legislación y jurisprudencia en todos los idiomas oficiales.
            """
        ),
        (
            "en",
            """
            The United Kingdom welcomes the work of the Conference and encourages the Secretariat to keep the knowledge management \
            portal up to date, so that practitioners can consult legislation and case law in all official languages. It further \
            proposes that States parties exchange information on joint investigations and good practices in mutual legal assistance.
            """
        ),
        (
            "ar",
            """
            ترحب المملكة المغربية بالعمل الذي يضطلع به مؤتمر الأطراف، وتشجع الأمانة على مواصلة تحديث بوابة إدارة المعارف، حتى يتسنى \
            للممارسين الاطلاع على التشريعات والسوابق القضائية بجميع اللغات الرسمية. وتقترح كذلك أن تتبادل الدول الأطراف المعلومات \
            بشأن التحقيقات المشتركة والممارسات الجيدة في مجال المساعدة القانونية المتبادلة.
            """
        ),
        (
            "pt",
            """
            O Brasil considera que a cooperação internacional em matéria penal deve ser fortalecida por meio do intercâmbio oportuno \
            de informações entre as autoridades centrais, e propõe que a Conferência incentive os Estados a designar pontos de \
            contato disponíveis a qualquer momento. Além disso, recomenda que o Secretariado continue atualizando o portal de gestão \
            do conhecimento com legislação e jurisprudência em todos os idiomas oficiais.
            """
        ),
        (
            "uk",
            """
            Україна підтримує зусилля Конференції щодо зміцнення міжнародного співробітництва у боротьбі з транснаціональною \
            організованою злочинністю. Ми вважаємо важливим, щоб Секретаріат продовжував оновлювати портал знань і публікував \
            законодавство та судову практику всіма офіційними мовами Організації Об'єднаних Націй.
            """
        ),
    ]

    static var repositoryTexts: [(code: String, name: String, text: String)] {
        let root = Self.root
        var out: [(String, String, String)] = []
        let fixtures = root.appendingPathComponent("Tests/Fixtures/ctoc-cop-2020")
        for name in (try? FileManager.default.contentsOfDirectory(atPath: fixtures.path)) ?? [] where name.hasSuffix(".txt") {
            let code = String(name.dropLast(4).split(separator: ".").last ?? "")
            if let t = try? String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8) { out.append((code, name, t)) }
        }
        let store = root.appendingPathComponent("Submissions")
        for id in (try? FileManager.default.contentsOfDirectory(atPath: store.path)) ?? [] {
            let folder = store.appendingPathComponent(id)
            guard let json = try? Data(contentsOf: folder.appendingPathComponent("submission.json")),
                let record = try? JSONSerialization.jsonObject(with: json) as? [String: Any], let code = record["language"] as? String,
                let t = try? String(contentsOf: folder.appendingPathComponent("text.txt"), encoding: .utf8)
            else { continue }
            out.append((code, "Submissions/\(id)", t))
        }
        return out
    }

    static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// With all of Debian's fingerprints, and with the list registration uses (Locales/textcat.conf).
    @Test(arguments: ["all", "Locales/textcat.conf"])
    func identifiesTheLanguagesAndTheirNeighbours(_ list: String) throws {
        let id = try #require(
            list == "all" ? LanguageIdentifier.system : LanguageIdentifier(conf: Self.root.appendingPathComponent(list).path),
            "libexttextcat-data is not installed (Scripts/setup.sh)")
        for (code, text) in Self.texts {
            let guess = id.identify(text)
            print("textcat \(list) \(code): \(guess)")
            guard case .candidates(let c) = guess else { Issue.record("\(code): \(guess)"); continue }
            #expect(c.first == code, "\(code): \(c)")
        }
        for (code, name, text) in Self.repositoryTexts {
            let guess = id.identify(text)
            print("textcat \(list) \(name) (\(code)): \(guess)")
            guard case .candidates(let c) = guess else { Issue.record("\(name): \(guess)"); continue }
            #expect(c.contains(code), "\(name): \(c)")
        }
    }

    @Test func shortTextsAreNotJudged() throws {
        let id = try #require(LanguageIdentifier.system, "libexttextcat-data is not installed (Scripts/setup.sh)")
        #expect(id.identify("Comentarios de México sobre el tema 2.") == .short)
        #expect(id.identify("La France propose.") == .short)
    }
}
