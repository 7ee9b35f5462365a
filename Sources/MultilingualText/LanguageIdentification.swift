internal import CICU
import Foundation
import Synchronization

/// What the language identifier made of a text.
public enum LanguageGuess: Equatable, Sendable {
    /// Too little text to tell.
    case short
    /// No language stood out.
    case unknown
    /// The likeliest languages, best first, as language codes ("fr", "pt", "zh").
    case candidates([String])
}

/// Identifies the language of a text with libexttextcat, the n-gram guesser LibreOffice uses
/// (Debian `libexttextcat-2.0-0`, `libexttextcat-data`). ICU has no language identifier; this is
/// the check beyond the script (French and Spanish are both Latin).
///
/// One classifier, loaded once from the fingerprint files, used under a lock (libexttextcat's
/// handle is not thread-safe).
public final class LanguageIdentifier: @unchecked Sendable {
    /// Where Debian's libexttextcat-data puts its fingerprints.
    public static let debianData = "/usr/share/libexttextcat/"
    /// Texts with fewer letters than this (an ideograph counts three) are not judged: the guess is not reliable.
    public static let minimumLetters = 250
    /// At most this many characters are classified (the beginning of the text).
    public static let sampleCharacters = 6000

    private let folder: String
    private let conf: String
    /// Opened at the first text long enough to judge (loading the fingerprints takes about 60 ms):
    /// a command that never judges a text never pays for it.
    private var handle: UnsafeMutableRawPointer? = nil
    private var failed = false
    private let lock = NSLock()

    /// Uses the fingerprints listed in `conf` (default: `folder`'s `fpdb.conf`, all 180
    /// languages), read from `folder`; nil when they are missing.
    public init?(folder: String = LanguageIdentifier.debianData, conf: String? = nil) {
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        let list = conf ?? prefix + "fpdb.conf"
        guard FileManager.default.fileExists(atPath: list), FileManager.default.fileExists(atPath: prefix + "fpdb.conf") else { return nil }
        self.folder = prefix
        self.conf = list
    }

    private static let cache = Mutex<[String: LanguageIdentifier?]>([:])

    /// One identifier per fingerprint list, kept for the life of the process.
    public static func shared(conf: String) -> LanguageIdentifier? {
        cache.withLock { c in
            if let found = c[conf] { return found }
            let made = LanguageIdentifier(conf: conf)
            c[conf] = made
            return made
        }
    }

    deinit { if let handle { cicu_textcat_close(handle) } }

    /// libexttextcat's version.
    public var version: String { String(cString: cicu_textcat_version()) }

    /// The classifier, opened once (under the lock).
    ///
    /// The corresponding C function is `special_textcat_Init`.
    private func opened() -> UnsafeMutableRawPointer? {
        if handle == nil && !failed {
            handle = cicu_textcat_open(conf, folder)
            failed = handle == nil
        }
        return handle
    }

    /// The shared classifier of this machine, when libexttextcat's data is installed.
    public static let system: LanguageIdentifier? = LanguageIdentifier()

    /// Letters, an ideograph counting as three (a Chinese character carries about as much as a
    /// short word: 100 of them tell the language as well as 250 Latin letters).
    static func letterWeight(_ s: String) -> Int {
        var n = 0
        for u in s.unicodeScalars where u.properties.isAlphabetic {
            n += (0x3400...0x9FFF).contains(u.value) || (0xF900...0xFAFF).contains(u.value) ? 3 : 1
        }
        return n
    }

    /// The likeliest languages of `text` (its first `sampleCharacters` characters); `.short`
    /// under `minimumLetters` letters.
    ///
    /// The corresponding C function is `textcat_Classify`.
    public func identify(_ text: String) -> LanguageGuess {
        let sample = String(text.prefix(Self.sampleCharacters))
        if Self.letterWeight(sample) < Self.minimumLetters { return .short }
        var out = [CChar](repeating: 0, count: 512)
        let bytes = Array(sample.utf8)
        let n: Int32 = lock.withLock {
            guard let handle = opened() else { return -1 }
            return bytes.withUnsafeBufferPointer { b in
                b.withMemoryRebound(to: CChar.self) { c in cicu_textcat_classify(handle, c.baseAddress, Int32(c.count), &out, 512) }
            }
        }
        guard n > 0 else { return .unknown }
        let result = String(decoding: out.prefix(Int(n)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if result == "SHORT" { return .short }
        guard result.hasPrefix("[") else { return .unknown }
        // "[fr--utf8][zh-CN-utf8]" → ["fr", "zh"]
        let codes = result.split(separator: "]").map { piece -> String in
            let id = piece.drop { $0 == "[" }
            return String(id.prefix { $0 != "-" })
        }.filter { !$0.isEmpty }
        return codes.isEmpty ? .unknown : .candidates(codes)
    }
}
