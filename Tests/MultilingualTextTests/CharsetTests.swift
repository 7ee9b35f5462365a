import Foundation
import Platform
import TestSupport
import Testing

@testable import MultilingualText

@Suite struct CharsetTests {
    func units(_ s: String) -> [UInt16] { Array(s.utf16) }

    // MARK: decoding known bytes (values from the published code page tables)

    @Test func decodesWindows1256Arabic() throws {
        // سلام: SEEN D3, LAM E1, ALEF C7, MEEM E3 in windows-1256; Arabic comma A1.
        #expect(try Charsets.decode([0xD3, 0xE1, 0xC7, 0xE3, 0xA1], charset: "windows-1256") == units("سلام،"))
    }

    @Test func decodesISO8859_6Arabic() throws {
        // سلام: SEEN D3, LAM E4, ALEF C7, MEEM E5 in ISO-8859-6.
        #expect(try Charsets.decode([0xD3, 0xE4, 0xC7, 0xE5], charset: "ISO-8859-6") == units("سلام"))
    }

    @Test func decodesCyrillic() throws {
        // мир: KOI8-R CD C9 D2; windows-1251 EC E8 F0.
        #expect(try Charsets.decode([0xCD, 0xC9, 0xD2], charset: "KOI8-R") == units("мир"))
        #expect(try Charsets.decode([0xEC, 0xE8, 0xF0], charset: "windows-1251") == units("мир"))
    }

    @Test func decodesChinese() throws {
        // 中文: GB 2312/GBK/GB18030 D6D0 CEC4; Big5 A4A4 A4E5.
        #expect(try Charsets.decode([0xD6, 0xD0, 0xCE, 0xC4], charset: "GB18030") == units("中文"))
        #expect(try Charsets.decode([0xA4, 0xA4, 0xA4, 0xE5], charset: "Big5") == units("中文"))
    }

    @Test func decodesWindows1252() throws {
        // ô F4, ’ 92, – 96, € 80 in windows-1252 (not ISO-8859-1).
        let bytes: [UInt8] = [0x43, 0xF4, 0x74, 0x65, 0x20, 0x64, 0x92, 0x49, 0x20, 0x96, 0x20, 0x35, 0x20, 0x80]
        #expect(try Charsets.decode(bytes, charset: "windows-1252") == units("Côte d’I – 5 €"))
    }

    // MARK: round trips

    static let samples: [(charset: String, text: String)] = [
        ("windows-1256", "قرار الجمعية العامة، الدورة 78: تعزيز التعاون الدولي؛ é à"),  // no Arabic-Indic digits in 1256
        ("ISO-8859-6", "قرار الجمعية العامة، تعزيز التعاون الدولي."),
        ("KOI8-R", "Генеральная Ассамблея: проект резолюции \"Об укреплении сотрудничества\". Ёлка"),  // no « » in KOI8-R
        ("windows-1251", "Генеральная Ассамблея: проект резолюции «Об укреплении сотрудничества» — № 5."),
        ("GB18030", "大会第七十八届会议：加强国际合作。𠀀€"),  // 𠀀 and € take GB18030's 4-byte and 2-byte forms
        ("Big5", "大會第七十八屆會議：加強國際合作。"),
        ("windows-1252", "Côte d’Ivoire – « Résolution » : 5 € — Türkiye, São Tomé"),
    ]

    @Test(arguments: samples.indices)
    func roundTrip(_ i: Int) throws {
        let (charset, text) = Self.samples[i]
        let bytes = try Charsets.encode(units(text), charset: charset)
        #expect(!bytes.isEmpty)
        #expect(bytes != Array(text.utf8), "\(charset) should not be UTF-8")
        let back = try Charsets.decode(bytes, charset: charset)
        #expect(back == units(text), "\(charset) round trip")
    }

    @Test func encodesKnownBytes() throws {
        #expect(try Charsets.encode(units("мир"), charset: "windows-1251") == [0xEC, 0xE8, 0xF0])
        #expect(try Charsets.encode(units("سلام"), charset: "windows-1256") == [0xD3, 0xE1, 0xC7, 0xE3])
        #expect(try Charsets.encode(units("中文"), charset: "Big5") == [0xA4, 0xA4, 0xA4, 0xE5])
    }

    // MARK: refusals (never U+FFFD)

    @Test func invalidUTF8Throws() {
        // C3 must be followed by a continuation byte; 28 is "(".
        expectRefusal(CharsetDecodingError.self, saying: ["\"UTF-8\"", "offset: Optional(2)", "U_ILLEGAL_CHAR_FOUND"]) {
            try Charsets.decode([0x61, 0xC3, 0x28, 0x62], charset: "UTF-8")
        }
        // A lone continuation byte, an overlong form, a surrogate, a byte that never occurs in UTF-8.
        for bad: [UInt8] in [[0x80], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0x41, 0xFF]] {
            expectRefusal(CharsetDecodingError.self, saying: ["\"UTF-8\"", "U_ILLEGAL_CHAR_FOUND"]) { try Charsets.decode(bad, charset: "UTF-8") }
        }
        // Truncated at the end of input.
        expectRefusal(CharsetDecodingError.self, saying: ["\"UTF-8\"", "offset: Optional(3)", "U_TRUNCATED_CHAR_FOUND"]) {
            try Charsets.decode([0x61, 0xE2, 0x82], charset: "UTF-8")
        }
    }

    @Test func invalidUTF8ErrorSaysWhereAndWhy() {
        do {
            let out = try Charsets.decode([0x61, 0x62, 0xC3, 0x28], charset: "UTF-8")
            Issue.record("decoded to \(out) instead of throwing (U+FFFD substitution?)")
        } catch let e as CharsetDecodingError {
            #expect(e.charset == "UTF-8")
            #expect(e.reason.hasPrefix("U_"), "\(e.reason)")
            // The offset is just after the bad sequence (C3 at index 2): 3.
            #expect(e.offset == 3, "\(String(describing: e.offset))")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func validUTF8Decodes() throws {
        #expect(try Charsets.decode(Array("Côte d’Ivoire مرحبا 中文 𠀀".utf8), charset: "UTF-8") == units("Côte d’Ivoire مرحبا 中文 𠀀"))
    }

    @Test func unmappableCharacterThrowsOnEncode() {
        expectRefusal(CharsetDecodingError.self, saying: ["\"ISO-8859-1\"", "U_INVALID_CHAR_FOUND"]) {
            try Charsets.encode(units("تعزيز"), charset: "ISO-8859-1")
        }
        expectRefusal(CharsetDecodingError.self, saying: ["\"windows-1252\"", "U_INVALID_CHAR_FOUND"]) {
            try Charsets.encode(units("Peru مرحبا"), charset: "windows-1252")
        }
        expectRefusal(CharsetDecodingError.self, saying: ["\"windows-1251\"", "U_INVALID_CHAR_FOUND"]) {
            try Charsets.encode(units("中文"), charset: "windows-1251")
        }
    }

    @Test func unknownCharsetThrows() {
        expectRefusal((any Error).self, saying: ["\"no-such-charset\"", "U_FILE_ACCESS_ERROR"]) { try Charsets.decode([0x41], charset: "no-such-charset") }
        #expect(Charsets.canonicalName("no-such-charset") == nil)
        #expect(Charsets.canonicalName("cp1256") != nil)
    }

    // MARK: detection

    static let russian = """
        Генеральная Ассамблея Организации Объединенных Наций приняла резолюцию о сотрудничестве между \
        государствами в области устойчивого развития. Делегации обсудили проект доклада, подготовленный \
        секретариатом, и высказали ряд замечаний по существу. Председатель предложил продолжить консультации \
        в неофициальном порядке, чтобы согласовать окончательный текст до конца сессии. Представитель одной \
        из делегаций подчеркнул важность соблюдения правил процедуры и призвал все стороны к конструктивному \
        диалогу. Комитет постановил рекомендовать Ассамблее утвердить программу работы на следующий год и \
        просил Генерального секретаря представить доклад об осуществлении настоящей резолюции.

        """

    static let arabic = """
        إن الجمعية العامة للأمم المتحدة، إذ تشير إلى قراراتها السابقة بشأن التعاون الدولي في مجال التنمية \
        المستدامة، وإذ تؤكد من جديد أهمية احترام سيادة الدول ووحدة أراضيها، تقرر أن تعقد اجتماعا رفيع \
        المستوى خلال الدورة المقبلة. وقد ناقشت الوفود مشروع التقرير الذي أعدته الأمانة العامة، وأبدت عددا \
        من الملاحظات الجوهرية. واقترح الرئيس مواصلة المشاورات غير الرسمية من أجل الاتفاق على النص النهائي \
        قبل نهاية الدورة. وطلبت اللجنة إلى الأمين العام أن يقدم تقريرا عن تنفيذ هذا القرار.

        """

    func longText(_ paragraph: String, charset: String) throws -> [UInt8] {
        var bytes: [UInt8] = []
        while bytes.count < 2_048 { bytes += try Charsets.encode(units(paragraph), charset: charset) }
        return bytes
    }

    @Test func detectsRussianWindows1251() throws {
        let bytes = try longText(Self.russian, charset: "windows-1251")
        #expect(bytes.count >= 2_048)
        let candidates = Charsets.detect(bytes)
        print(
            "detect(Russian windows-1251, \(bytes.count) bytes): "
                + candidates.map { "\($0.name) \($0.confidence)" }.joined(separator: ", "))
        #expect(candidates.first?.name == "windows-1251")
        if let first = candidates.first { #expect((0...100).contains(first.confidence)) }
        #expect(try Charsets.decode(bytes, charset: candidates.first?.name ?? "?").count == bytes.count)
    }

    @Test func detectsArabicWindows1256() throws {
        let bytes = try longText(Self.arabic, charset: "windows-1256")
        #expect(bytes.count >= 2_048)
        let candidates = Charsets.detect(bytes)
        print(
            "detect(Arabic windows-1256, \(bytes.count) bytes): "
                + candidates.map { "\($0.name) \($0.confidence)" }.joined(separator: ", "))
        #expect(candidates.first?.name == "windows-1256")
    }

    @Test func detectsUTF8AndKOI8R() throws {
        let utf8 = Array((Self.russian + Self.arabic).utf8)
        let u = Charsets.detect(utf8)
        print("detect(UTF-8 Russian+Arabic, \(utf8.count) bytes): " + u.map { "\($0.name) \($0.confidence)" }.joined(separator: ", "))
        #expect(u.first?.name == "UTF-8")
        let koi = try longText(Self.russian, charset: "KOI8-R")
        let k = Charsets.detect(koi)
        print("detect(Russian KOI8-R, \(koi.count) bytes): " + k.map { "\($0.name) \($0.confidence)" }.joined(separator: ", "))
        #expect(k.first?.name == "KOI8-R")
        // Nothing to detect from: no candidate (not a confident guess).
        #expect(Charsets.detect([]).allSatisfy { $0.confidence < 50 }, "\(Charsets.detect([]).map { "\($0.name) \($0.confidence)" })")
        #expect(Charsets.detect(Array("abc".utf8), limit: 2).count <= 2)
    }
}

/// The shortcuts streaming intake takes must give what the plain ICU path gives.
@Suite struct StreamingShortcutTests {
    /// A single-byte charset's round-trip check is done byte by byte from a table ICU fills: a byte
    /// passes exactly when ICU decodes it and converts the result back to the same byte.
    @Test(arguments: ["ibm-1051", "ibm-874", "ibm-1250", "windows-1256", "KOI8-R", "ISO-8859-6"])
    func singleByteRoundTripMatchesICU(charset: String) throws {
        var refused = 0
        for b in 0...255 where b != 0x0A && b != 0x0D {
            let byte = [UInt8(b)]
            guard let decoded = try? Charsets.decode(byte, charset: charset) else { continue }
            let icu = (try? Charsets.encode(decoded, charset: charset)) == byte
            let piece = Result { try byte.withUnsafeBytes { try StreamDecoding.decodePiece($0, charset: charset, roundTrip: true, first: false) } }
            switch piece {
            case .success(let units):
                #expect(icu, "\(charset) byte \(b) passes, but ICU converts it back to other bytes")
                #expect(units == decoded)
            case .failure(let e):
                #expect(!icu, "\(charset) byte \(b) refused, but it round-trips in ICU")
                #expect((e as? CharsetDecodingError)?.reason.contains("same bytes") == true)
                refused += 1
            }
        }
        if charset == "ibm-1051" { #expect(refused >= 3, "HP Roman-8 has bytes that decode to characters it encodes elsewhere") }
        if charset == "windows-1256" { #expect(refused == 0) }
        // in a longer piece, one such byte refuses the piece
        if refused > 0 {
            let bad: [UInt8] = charset == "ibm-1051" ? [0x41, 0x42, 0xA9, 0x0A] : []
            if !bad.isEmpty {
                expectRefusal(CharsetDecodingError.self, saying: ["does not convert back to the same bytes"]) {
                    try bad.withUnsafeBytes { try StreamDecoding.decodePiece($0, charset: charset, roundTrip: true, first: false) }
                }
            }
        }
    }

    /// Text statistics keep a per-thread table of what each code point is: the facts of a text do
    /// not depend on what the thread saw before, and add up character by character.
    @Test func textFactsDoNotDependOnWhatTheThreadSawBefore() throws {
        let text = "قرارٌ \u{200F}الجمعية، Ассамблея ΑΒΓ 大会第七十八届 e\u{301} \u{0085}\u{E000}\u{0378} 𠀀𝐀 ١٢٣ \u{202E}x\u{202C}"
        let units = Array(text.utf16) + [0x20, 0xFDD0]  // a noncharacter, which a Swift literal cannot hold
        let whole = TextFacts(units: units)
        // On fresh threads (empty tables), in two orders.
        func onThread(_ body: @escaping @Sendable () -> TextFacts) -> TextFacts {
            let box = Locked<TextFacts?>(nil)
            let done = DispatchSemaphore(value: 0)
            let t = Thread {
                box.withLock { $0 = body() }; done.signal()
            }
            t.start()
            done.wait()
            return box.withLock { $0! }
        }
        let scalars: [[UInt16]] = text.unicodeScalars.map { Array(String($0).utf16) } + [[0x20], [0xFDD0]]
        let fresh = onThread { TextFacts(units: units) }
        let reversed = onThread { TextFacts.combine(scalars.reversed().map { TextFacts(units: $0) }) }
        for f in [fresh, reversed] {
            #expect(f.characters == whole.characters)
            #expect(f.bidiControls == whole.bidiControls)
            #expect(f.unassigned == whole.unassigned)
            let scripts: [String] = f.scripts.map { $0.script }, wholeScripts: [String] = whole.scripts.map { $0.script }
            #expect(scripts.sorted() == wholeScripts.sorted())
            let letters: Int = f.scripts.reduce(0) { $0 + $1.letters }, wholeLetters: Int = whole.scripts.reduce(0) { $0 + $1.letters }
            #expect(letters == wholeLetters)
        }
        #expect(whole.bidiControls == 3)
        #expect(whole.unassigned == 3)  // private use, unassigned U+0378, noncharacter U+FDD0
        let found: Set<String> = Set(whole.scripts.map { $0.script })
        #expect(found.isSuperset(of: ["Arab", "Cyrl", "Grek", "Hani", "Latn"]))
        #expect(whole.firstControl == units.firstIndex(of: 0x85))
    }
}
