import Foundation
import MultilingualText
import Submissions
import TestSupport
import Testing

@testable import Intake

/// Every encoding the secretariat receives, short and long: long texts are detected, short ones are
/// refused with candidates until --encoding names the charset, and nothing is ever decoded wrongly.
@Suite struct EncodingMatrixTests {
    static let arabic = "تشجيع الدول الأعضاء على تعزيز التعاون الدولي في المسائل الجنائية وتبادل المعلومات بشأن الممارسات الجيدة في مكافحة الجريمة المنظمة عبر الوطنية. "
    static let russian = "Российская Федерация поддерживает предложения о расширении технической помощи государствам в борьбе с организованной преступностью. "
    static let spanish = "La delegación de España apoya la cooperación judicial internacional, así como la extradición y la asistencia judicial recíproca en materia penal. "
    static let chineseSimplified = "中国代表团支持加强国际合作，打击跨国有组织犯罪，并愿意与各国分享良好做法和经验。各缔约国应当进一步加强司法协助与引渡方面的合作。"
    static let chineseTraditional = "中國代表團支持加強國際合作，打擊跨國有組織犯罪，並願意與各國分享良好做法和經驗。各締約國應當進一步加強司法協助與引渡方面的合作。"

    /// (charset, text, names the detector may give for it)
    static let cases: [(String, String, Set<String>)] = [
        ("windows-1256", arabic, ["windows-1256"]),
        ("ISO-8859-6", arabic, ["ISO-8859-6"]),
        ("windows-1251", russian, ["windows-1251"]),
        ("KOI8-R", russian, ["KOI8-R"]),
        ("windows-1252", spanish, ["windows-1252"]),
        ("ISO-8859-1", spanish, ["windows-1252", "ISO-8859-1"]),  // identical decodings without 0x80–0x9F
        ("GB18030", chineseSimplified, ["GB18030"]),
        ("Big5", chineseTraditional, ["Big5"]),
    ]

    static func encode(_ text: String, _ charset: String) throws -> Data {
        Data(try Charsets.encode(Array(text.utf16), charset: charset))
    }

    @Test(arguments: cases.map { $0.0 })
    func longTextIsDetected(charset: String) throws {
        let c = Self.cases.first { $0.0 == charset }!
        let text = String(repeating: c.1, count: 40) + "\n"
        let r = try Intake.decodePlain(try Self.encode(text, charset), file: "long.txt", encoding: nil)
        #expect(r.text == text)
        #expect(c.2.contains(r.encoding ?? ""), "detected \(r.encoding ?? "-") for \(charset)")
    }

    @Test(arguments: cases.map { $0.0 })
    func shortTextNeedsEncoding(charset: String) throws {
        let c = Self.cases.first { $0.0 == charset }!
        let short = String(c.1.prefix(12))
        let data = try Self.encode(short, charset)
        #expect(throws: IntakeError.self) { try Intake.decodePlain(data, file: "short.txt", encoding: nil) }
        let r = try Intake.decodePlain(data, file: "short.txt", encoding: charset)
        #expect(r.text == short)
    }

    @Test func refusalShowsCandidatesWithPreviews() throws {
        let data = try Self.encode(String(Self.russian.prefix(40)), "windows-1251")
        do {
            _ = try Intake.decodePlain(data, file: "short.txt", encoding: nil)
            Issue.record("expected a refusal")
        } catch let e as IntakeError {
            let msg = e.errorDescription ?? ""
            #expect(msg.contains("short.txt"))
            #expect(msg.contains("--encoding"))
        }
    }

    @Test(arguments: ["UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE", "UTF-8"])
    func unicodeWithBOM(charset: String) throws {
        let text = "Comentario: " + Self.arabic + Self.chineseSimplified + "\n"
        var data = try Self.encode("\u{FEFF}" + text, charset)
        let r = try Intake.decodePlain(data, file: "bom.txt", encoding: nil)
        #expect(r.text == text)
        #expect(r.encoding == charset)
        // Without a BOM, UTF-16 of a long text is still told by the detector.
        if charset.hasPrefix("UTF-16") {
            data = try Self.encode(String(repeating: Self.spanish, count: 10), charset)
            let r2 = try Intake.decodePlain(data, file: "nobom.txt", encoding: nil)
            #expect(r2.text == String(repeating: Self.spanish, count: 10))
        }
    }

    @Test func truncatedUTF16IsRefused() throws {
        var data = try Self.encode("\u{FEFF}" + Self.spanish, "UTF-16LE")
        data.removeLast()
        #expect(throws: IntakeError.self) { try Intake.decodePlain(data, file: "cut.txt", encoding: nil) }
    }

    @Test func wrongDeclaredEncodingThatDoesNotRoundTripIsRefused() throws {
        // Arabic windows-1256 bytes declared as Shift_JIS: either undecodable or not faithful.
        let data = try Self.encode(String(repeating: Self.arabic, count: 5), "windows-1256")
        #expect(throws: IntakeError.self) { try Intake.decodePlain(data, file: "ar.txt", encoding: "Shift_JIS") }
    }
}
