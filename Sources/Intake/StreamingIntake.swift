import Foundation
import MultilingualText
import Platform
import Submissions

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a large plain-text file into a store's staging folder in bounded memory: the file is
/// taken a piece at a time (cut after a line feed, or inside a long line at a character that
/// starts a new normalization segment), each piece decoded (with the round-trip check), brought
/// to NFC, counted and analysed on every core, while the original and the stored text are written
/// and hashed piece by piece. Nothing is visible in the store until `Store.register(_:staged:)`
/// publishes the folder with one rename.
///
/// Only UTF-8 and stateless one-byte charsets stream (`StreamDecoding.streams`); other files, and
/// every file under `Tuning.threshold`, are read whole by `Intake.read`, which gives the same text
/// and analysis.
public enum StreamingIntake {
    /// Sizes of the stream; tests make them tiny to put piece boundaries everywhere.
    public struct Tuning: Sendable {
        /// Bytes of the file per piece (at most; a piece ends after its last line feed).
        public var pieceBytes: Int
        /// Files smaller than this are read whole.
        public var threshold: Int
        /// Pieces in flight at once (decoded and analysed in parallel).
        public var batch: Int

        public init(pieceBytes: Int = 256 << 10, threshold: Int = 8 << 20, batch: Int = 2 * max(1, ProcessInfo.processInfo.activeProcessorCount)) {
            self.pieceBytes = max(1, pieceBytes); self.threshold = threshold; self.batch = max(1, batch)
        }

        public static let standard = Tuning()
    }

    /// What the stream found: the facts and counts of the stored text, its hash, and the staged
    /// original.
    public struct Outcome: Sendable {
        public var kind: ContentKind
        public var charset: String
        public var facts: TextFacts
        public var words: Int
        public var sentences: Int
        public var textSHA256: String
        public var bidi: [BidiControlFinding]
        public var staged: StagedOriginal
        /// The first MiB of the file (for a refusal that lists other charsets).
        public var sample: Data
    }

    /// The name the original is staged under (the store renames it to `original.<ext>`).
    static let stagedName = "original.stream"

    /// Streams `url` into a new staging folder of `store` when it is a large plain-text file in a
    /// charset that streams; nil when it should be read whole (small, another format, a multi-byte
    /// or UTF-16 charset, a registry without a text reader). Refusals name the file; the staging
    /// folder is removed on any failure.
    public static func stream(_ url: URL, into store: Store, options: IntakeOptions, language: String,
                              tuning: Tuning = .standard) throws -> Outcome? {
        let path = url.path
        let attrs = try? FileManager.default.attributesOfItem(atPath: url.resolvingSymlinksInPath().path)
        guard let size = attrs?[.size] as? Int, attrs?[.type] as? FileAttributeType == .typeRegular,
            size >= tuning.threshold, size <= options.maxBytes
        else { return nil }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { return nil }  // Intake.read gives the refusal
        defer { close(fd) }
        let file = SafeName.displayName(url.lastPathComponent)
        let sample = try readSample(fd, file: path)
        let kind = Intake.sniff(sample, name: url.lastPathComponent)
        guard kind == .text || kind == .markdown, options.readers.reader(for: kind) != nil else { return nil }
        let (charset, bom) = try sample.withUnsafeBytes { try TextDecoder.choose($0, declared: options.encoding, file: file) }
        guard StreamDecoding.streams(charset) else { return nil }
        let folder = try store.stagingFolder()
        do {
            var outcome = try run(fd: fd, folder: folder, charset: charset, bom: bom, file: file, path: path, language: language,
                                  maxBytes: options.maxBytes, tuning: tuning)
            outcome.kind = kind
            outcome.sample = sample
            return outcome
        } catch {
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
    }

    /// The first MiB, cut after its last line feed when that leaves at least half of it, else
    /// before an incomplete UTF-8 sequence at its end: what the charset is chosen on.
    static func readSample(_ fd: Int32, file: String) throws -> Data {
        var bytes = try readAt(fd, count: 1 << 20, at: 0, file: file)
        if bytes.count == 1 << 20 {
            if let lf = bytes.lastIndex(of: 0x0A), lf + 1 >= 1 << 19 {
                bytes.removeSubrange((lf + 1)...)
            } else {
                var k = bytes.count
                var back = 0
                while k > 0 && back < 4 && bytes[k - 1] & 0xC0 == 0x80 { k -= 1; back += 1 }
                if k > 0 && bytes[k - 1] >= 0xC0 { bytes.removeSubrange((k - 1)...) }
            }
        }
        return Data(bytes)
    }

    static func readAt(_ fd: Int32, count: Int, at offset: Int, file: String) throws -> [UInt8] {
        var failure: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buf, n in
            var got = 0
            while got < count {
                let r = pread(fd, buf.baseAddress! + got, count - got, off_t(offset + got))
                if r < 0 { if errno == EINTR { continue }; failure = errno; break }
                if r == 0 { break }
                got += r
            }
            n = got
        }
        if failure != 0 { throw StoreError.cannotRead(file, reason: String(cString: strerror(failure))) }
        return bytes
    }

    /// Where to end a piece read as `chunk` (which holds up to `pieceBytes` plus a few bytes of
    /// look-ahead; `atEnd` when it reaches the end of the file): after the last line feed; in a
    /// line longer than a piece, at the start of a character (UTF-8) and never between CR and LF.
    static func cut(_ chunk: [UInt8], pieceBytes: Int, atEnd: Bool, utf8: Bool) -> Int {
        let n = chunk.count
        if atEnd && n <= pieceBytes { return n }
        let limit = min(pieceBytes, n)
        var i = limit
        while i > 0 {
            if chunk[i - 1] == 0x0A { return i }
            i -= 1
        }
        var c = limit
        if utf8 {
            while c > 0 && c < n && chunk[c] & 0xC0 == 0x80 { c -= 1 }
            if c == 0 {
                c = 1
                while c < n && chunk[c] & 0xC0 == 0x80 { c += 1 }
            }
        }
        if c < n && chunk[c - 1] == 0x0D && chunk[c] == 0x0A { c += 1 }
        return c
    }

    struct Piece: Sendable {
        var raw: [UInt8]
        var offset: Int
    }

    struct Counted: Sendable {
        var facts: TextFacts
        var words: Int
        var sentences: Int
        var text: [UInt8]
        var lines: Int
        var bidi: [BidiControlFinding]
        var control: (at: Int, line: Int, codePoint: String)?
    }

    struct Shared {
        var decoded: [[UInt16]?] = []
        var counted: [Counted?] = []
        /// Failures by job; the first in file order is the one reported.
        var failures: [(job: Int, error: Error)] = []
        var rawHash = StreamHash()
        var textHash = StreamHash()
        var written = 0
    }

    static func run(fd: Int32, folder: URL, charset: String, bom: Int, file: String, path: String, language: String,
                    maxBytes: Int, tuning: Tuning) throws -> Outcome {
        let originalURL = folder.appendingPathComponent(stagedName)
        let textURL = folder.appendingPathComponent("text.txt")
        let out = open(originalURL.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o444)
        if out < 0 { throw StoreError.ioFailure(file: originalURL.path, reason: String(cString: strerror(errno))) }
        defer { close(out) }
        let textOut = open(textURL.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        if textOut < 0 { throw StoreError.ioFailure(file: textURL.path, reason: String(cString: strerror(errno))) }
        defer { close(textOut) }
        let utf8 = charset == "UTF-8"
        let roundTrip = !TextDecoder.isUnicode(charset)
        let shared = Locked(Shared())
        var offset = 0
        var atEnd = false
        var carry: [UInt16] = []
        var facts: [TextFacts] = []
        var words = 0, sentences = 0, lines = 0
        var bidi: [BidiControlFinding] = []
        // Written and hashed while the next batch is counted.
        var pending: [(raw: [[UInt8]], text: [[UInt8]])] = []

        while !atEnd || !pending.isEmpty {
            // 1. Read a batch of pieces.
            var pieces: [Piece] = []
            while !atEnd && pieces.count < tuning.batch {
                let want = tuning.pieceBytes + 4
                let chunk = try readAt(fd, count: want, at: offset, file: path)
                atEnd = chunk.count < want
                if chunk.isEmpty { break }
                let c = cut(chunk, pieceBytes: tuning.pieceBytes, atEnd: atEnd, utf8: utf8)
                if c < chunk.count { atEnd = false }
                if offset + c > maxBytes { throw StoreError.tooLarge(file: path, bytes: offset + c, limit: maxBytes) }
                pieces.append(Piece(raw: c == chunk.count ? chunk : Array(chunk[..<c]), offset: offset))
                offset += c
            }
            // 2. Decode them on every core.
            let batch = pieces
            shared.withLock { $0.decoded = .init(repeating: nil, count: batch.count) }
            DispatchQueue.concurrentPerform(iterations: batch.count) { k in
                do {
                    let p = batch[k]
                    let units = try decode(p, charset: charset, bom: bom, roundTrip: roundTrip, file: file)
                    shared.withLock { $0.decoded[k] = units }
                } catch { shared.withLock { $0.failures.append((k, error)) } }
            }
            if let failure = shared.withLock({ $0.failures.min { $0.job < $1.job } }) { throw failure.error }
            // 3. Cut the decoded text where NFC may be cut (a carry joins the next piece).
            var segments: [[UInt16]] = []
            for d in shared.withLock({ $0.decoded }) {
                var units = d ?? []
                if !carry.isEmpty { units = carry + units; carry = [] }
                let at = StreamDecoding.lastSafeCut(units)
                if at < units.count { carry = Array(units[at...]); units.removeSubrange(at...) }
                if !units.isEmpty { segments.append(units) }
            }
            if atEnd && !carry.isEmpty { segments.append(carry); carry = [] }
            shared.withLock { $0.decoded = []; $0.counted = .init(repeating: nil, count: segments.count) }
            // 4. Normalize and count them on every core; one more job writes and hashes the
            //    previous batch meanwhile.
            let toWrite = pending, toCount = segments
            DispatchQueue.concurrentPerform(iterations: segments.count + 1) { job in
                do {
                    if job == 0 {
                        for w in toWrite {
                            for r in w.raw {
                                try FileIO.writeAll(out, r, path: originalURL.path)
                                shared.withLock { s in
                                    r.withUnsafeBytes { s.rawHash.update($0) }
                                    s.written += r.count
                                }
                            }
                            for t in w.text {
                                try FileIO.writeAll(textOut, t, path: textURL.path)
                                shared.withLock { s in t.withUnsafeBytes { s.textHash.update($0) } }
                            }
                        }
                        return
                    }
                    let c = try count(toCount[job - 1], language: language)
                    shared.withLock { $0.counted[job - 1] = c }
                } catch { shared.withLock { $0.failures.append((job, error)) } }
            }
            if let failure = shared.withLock({ $0.failures.min { $0.job < $1.job } }) { throw failure.error }
            // 5. Add up, in order.
            let counted = shared.withLock { s -> [Counted] in
                let c = s.counted.map { $0! }
                s.counted = []
                return c
            }
            pending = []
            var texts: [[UInt8]] = []
            for c in counted {
                if let control = c.control {
                    throw IntakeError.controlCharacters(file: file, line: lines + control.line, codePoint: control.codePoint)
                }
                facts.append(c.facts)
                words += c.words
                sentences += c.sentences
                bidi += c.bidi.map { $0.shifted(lines: lines) }
                lines += c.lines
                texts.append(c.text)
            }
            // The raw bytes and the text of this batch, written with the next one.
            if !pieces.isEmpty || !texts.isEmpty { pending.append((raw: pieces.map(\.raw), text: texts)) }
        }
        let f = TextFacts.combine(facts)
        if f.characters == 0 { throw IntakeError.empty(file: file) }
        if fsync(out) != 0 || fsync(textOut) != 0 {
            throw StoreError.ioFailure(file: folder.path, reason: String(cString: strerror(errno)))
        }
        let done = shared.current
        return Outcome(kind: .text, charset: charset, facts: f, words: words, sentences: sentences, textSHA256: done.textHash.hex(),
                       bidi: bidi, staged: StagedOriginal(folder: folder, originalFile: stagedName, sha256: done.rawHash.hex(), bytes: done.written),
                       sample: Data())
    }

    /// Decodes one piece, with refusals that give the offset in the file.
    static func decode(_ p: Piece, charset: String, bom: Int, roundTrip: Bool, file: String) throws -> [UInt16] {
        if memchr(p.raw, 0, p.raw.count) != nil { throw IntakeError.binary(file: file, detail: "it contains NUL bytes") }
        let skip = p.offset == 0 ? min(bom, p.raw.count) : 0
        return try p.raw.withUnsafeBytes { all in
            let bytes = UnsafeRawBufferPointer(rebasing: all[skip...])
            do {
                return try StreamDecoding.decodePiece(bytes, charset: charset, roundTrip: roundTrip, first: p.offset == 0)
            } catch let e as CharsetDecodingError {
                if e.offset == nil && e.reason.contains("same bytes") { throw IntakeError.notRoundTrip(file: file, charset: charset) }
                if charset == "UTF-8" {
                    let at = TextDecoder.firstInvalidUTF8(bytes.bindMemory(to: UInt8.self)) ?? max(0, (e.offset ?? 1) - 1)
                    throw IntakeError.invalidUTF8(file: file, offset: p.offset + skip + at)
                }
                throw IntakeError.undecodable(file: file, charset: charset, offset: e.offset.map { p.offset + skip + $0 })
            }
        }
    }

    /// NFC, facts, words, sentences, UTF-8 and line count of one segment.
    static func count(_ units: [UInt16], language: String) throws -> Counted {
        let n = try Normalizer.normalize(units: units, .nfc)
        let facts = TextFacts(units: n)
        var control: (Int, Int, String)? = nil
        if let at = facts.firstControl {
            let line = n[..<at].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
            control = (at, line, String(format: "U+%04X", n[at]))
        }
        let text = try StreamDecoding.utf8(n)
        let words = try TextBreaks.wordCount(units: n, locale: language)
        let sentences = try Analyzer.sentenceCount(n, language: language)
        var lines = 0
        for u in n where u == 0x0A { lines += 1 }
        let bidi = facts.bidiControls > 0 ? Bidi.inventory(String(decoding: text, as: UTF8.self)) : []
        return Counted(facts: facts, words: words, sentences: sentences, text: text, lines: lines, bidi: bidi, control: control)
    }
}
