import Exchange
import Foundation
import Intake
import Secretariat
import Submissions
import TestSupport
import Testing

/// A workspace in a temporary folder with the three reference submissions registered.
struct ReferenceWorkspace {
    let dir: URL
    let store: Store
    let catalog: LocaleCatalog
    let registrar: Registrar
    let morocco: Submission
    let peru2: Submission
    let peru3: Submission

    init() throws {
        dir = try Scratch.dir("xlf")
        let paper = try PaperDefinition.load(ExchangeFixtures.reference.appendingPathComponent("paper.yaml"))
        store = try Store.create(at: dir.appendingPathComponent("ws"), paper: paper, clock: TestRepository.clock)
        catalog = try LocaleCatalog(folder: ExchangeFixtures.repo.appendingPathComponent("Locales"))
        let registrar = Registrar(store: store, catalog: catalog)
        self.registrar = registrar
        func reg(_ file: String, _ state: String, _ lang: String, _ item: Int, _ date: String) throws -> Submission {
            try registrar.register(
                Registrar.Request(
                    file: ExchangeFixtures.reference.appendingPathComponent(file), state: state, language: lang,
                    items: [item], received: try CalendarDate(iso: date), by: "tester")
            ).submission
        }
        morocco = try reg("morocco-item2.ar.txt", "Morocco", "ar", 2, "2020-09-18")
        peru2 = try reg("peru-item2.es.txt", "Peru", "es", 2, "2020-09-25")
        peru3 = try reg("peru-item3.es.txt", "Peru", "es", 3, "2020-09-25")
    }

    var out: URL { dir.appendingPathComponent("out") }

    /// The reference English translation of a submission.
    func english(_ sub: Submission) throws -> String {
        let name = sub.id == morocco.id ? "morocco-item2.en.txt" : sub.id == peru2.id ? "peru-item2.en.txt" : "peru-item3.en.txt"
        return try String(contentsOf: ExchangeFixtures.reference.appendingPathComponent(name), encoding: .utf8)
    }

    var all: [Submission] { [morocco, peru2, peru3] }

    func reload(_ sub: Submission) throws -> Submission { try store.load(id: sub.id) }

    func cleanup() { try? FileManager.default.removeItem(at: dir) }
}

/// Fills exported XLIFF the way a translator's CAT tool does.
enum CATTool {
    static func xmlEscape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// The raw (escaped) contents of every `<tag>…</tag>` in `xml`, in order.
    static func contents(_ xml: String, _ tag: String) -> [String] {
        var out: [String] = []
        var rest = xml[...]
        while let open = rest.range(of: "<\(tag)>"), let close = rest.range(of: "</\(tag)>", range: open.upperBound..<rest.endIndex) {
            out.append(String(rest[open.upperBound..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        return out
    }

    /// XLIFF 2: each unit pN gets the English paragraph N. When the paragraph has as many sentences
    /// as the unit has segments, each segment gets its sentence; otherwise the segments are joined
    /// into one (as a CAT tool joins segments) that holds the whole paragraph.
    static func fillXLIFF2(_ xml: String, english: String, skip: Set<String> = [], state: String = "translated") throws -> String {
        let paragraphs = ExchangeText.paragraphs(english)
        var result = ""
        var rest = xml[...]
        while let start = rest.range(of: "<unit id=\"p") {
            result += rest[..<start.lowerBound]
            guard let end = rest.range(of: "</unit>", range: start.upperBound..<rest.endIndex) else { break }
            let block = String(rest[start.lowerBound..<end.upperBound])
            rest = rest[end.upperBound...]
            let id = String(block.dropFirst("<unit id=\"".count).prefix { $0 != "\"" })
            let n = Int(id.dropFirst())!
            if skip.contains(id) { result += block; continue }
            let sentences = try ExchangeText.pieces(paragraphs[n - 1], language: "en").filter(\.isSentence).map(\.text)
            let segmentCount = block.components(separatedBy: "<segment ").count - 1
            if sentences.count == segmentCount {
                var k = 0
                var filled = ""
                var tail = block[...]
                while let r = tail.range(of: "</source>\n   </segment>") {
                    filled += tail[..<r.lowerBound] + "</source>\n    <target>\(xmlEscape(sentences[k]))</target>\n   </segment>"
                    k += 1
                    tail = tail[r.upperBound...]
                }
                result += (filled + tail).replacingOccurrences(of: "<segment id=\"s", with: "<segment state=\"\(state)\" id=\"s")
            } else {
                let source = contents(block, "source").joined()
                result +=
                    "<unit id=\"\(id)\">\n   <segment id=\"s1\" state=\"\(state)\">\n    <source>\(source)</source>\n    <target>\(xmlEscape(paragraphs[n - 1]))</target>\n   </segment>\n  </unit>"
            }
        }
        return result + rest
    }

    /// XLIFF 1.2: a `<target>` after each `<seg-source>` with the whole English paragraph, as
    /// Translate Toolkit and many tools write it.
    static func fillXLIFF12(_ xml: String, english: String, skip: Set<String> = []) -> String {
        let paragraphs = ExchangeText.paragraphs(english)
        var result = ""
        var rest = xml[...]
        var n = 0
        while let r = rest.range(of: "</seg-source>\n") {
            n += 1
            result += rest[..<r.upperBound]
            rest = rest[r.upperBound...]
            if !skip.contains("p\(n)") {
                result += "    <target xml:lang=\"en\" state=\"translated\">\(xmlEscape(paragraphs[n - 1]))</target>\n"
            }
        }
        return result + rest
    }
}
