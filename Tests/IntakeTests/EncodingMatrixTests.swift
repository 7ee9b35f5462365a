import Foundation
import MultilingualText
import Submissions
import TestSupport
import Testing

@testable import Intake

/// Every encoding the secretariat receives, short and long: long texts are detected, short ones are
/// refused with candidates until --encoding names the charset, and nothing is ever decoded wrongly.
@Suite struct EncodingMatrixTests {
    static let arabic =
        "تشجيع الدول الأعضاء على تعزيز التعاون الدولي في المسائل الجنائية وتبادل المعلومات بشأن الممارسات الجيدة في مكافحة الجريمة المنظمة عبر الوطنية. "
    static let russian = "Российская Федерация поддерживает предложения о расширении технической помощи государствам в борьбе с организованной преступностью. "
    static let spanish =
        "La delegación de España apoya la cooperación judicial internacional, así como la extradición y la asistencia judicial recíproca en materia penal. "
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
        // Either "cannot be told for sure" with candidates, or "not valid UTF-8 … no other encoding
        // can be told … for sure" with the usual names: both say the file, why, and --encoding.
        expectRefusal(IntakeError.self, saying: ["short.txt", "for sure", "--encoding"]) {
            _ = try Intake.decodePlain(data, file: "short.txt", encoding: nil)
        }
        let r = try Intake.decodePlain(data, file: "short.txt", encoding: charset)
        #expect(r.text == short)
    }

    @Test func refusalShowsCandidatesWithPreviews() throws {
        let russian = String(Self.russian.prefix(40))
        let data = try Self.encode(russian, "windows-1251")
        do {
            _ = try Intake.decodePlain(data, file: "short.txt", encoding: nil)
            Issue.record("expected a refusal")
        } catch let e as IntakeError {
            guard case .uncertainEncoding(let file, let candidates) = e else {
                Issue.record("expected uncertainEncoding, got \(e)")
                return
            }
            #expect(file == "short.txt")
            // The right encoding is among the candidates, and its preview is the text itself.
            let right = candidates.first { $0.name == "windows-1251" }
            #expect(right != nil, "windows-1251 is a candidate: \(candidates.map(\.name))")
            // A preview is isolated (FSI … PDI) so that its direction cannot leak into the message.
            let isolates = CharacterSet.whitespaces.union(CharacterSet(charactersIn: "\u{2068}\u{2069}"))
            if let right {
                #expect(right.preview.hasPrefix("\u{2068}") && right.preview.hasSuffix("\u{2069}"), "\(right.preview.debugDescription)")
                #expect(
                    right.preview.trimmingCharacters(in: isolates) == russian.trimmingCharacters(in: .whitespaces),
                    "the preview is the text as windows-1251 reads it: \(right.preview.debugDescription)")
            }
            // Each candidate's preview is what its charset makes of the bytes (the officer compares them).
            for c in candidates {
                let decoded = String(decoding: try Charsets.decode(Array(data), charset: c.name), as: UTF16.self)
                #expect(
                    decoded.hasPrefix(c.preview.trimmingCharacters(in: isolates)), "\(c.name): \(c.preview.debugDescription) vs \(decoded.debugDescription)")
            }
            // What the officer reads: what is wrong, every candidate with its preview, what to do.
            let msg = e.errorDescription ?? ""
            #expect(msg.contains("The encoding of short.txt cannot be told for sure"), "\(msg)")
            for c in candidates {
                #expect(msg.contains("  --encoding \(c.name)  (confidence \(c.confidence)): \(c.preview)\n"), "\(c.name) missing from: \(msg)")
            }
            #expect(msg.hasSuffix("Look at the previews and register again with the right --encoding."), "\(msg)")
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
        expectRefusal(IntakeError.self, saying: ["cut.txt is not valid UTF-16LE at byte 291", "Nothing was stored", "--encoding"]) {
            try Intake.decodePlain(data, file: "cut.txt", encoding: nil)
        }
    }

    @Test func wrongDeclaredEncodingThatDoesNotRoundTripIsRefused() throws {
        // Arabic windows-1256 bytes declared as Shift_JIS: either undecodable or not faithful.
        let data = try Self.encode(String(repeating: Self.arabic, count: 5), "windows-1256")
        expectRefusal(IntakeError.self, saying: ["ar.txt is not valid Shift_JIS at byte 44", "Nothing was stored", "--encoding"]) {
            try Intake.decodePlain(data, file: "ar.txt", encoding: "Shift_JIS")
        }
    }
}
