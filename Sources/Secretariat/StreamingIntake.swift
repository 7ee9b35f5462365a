import Foundation
import Intake
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
/// and hashed piece by piece, in order, by a serial writer. Nothing is visible in the store until `Store.register(_:staged:)`
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
        /// Segments in flight at once (normalized and counted in parallel, written in order).
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
    public static func stream(
        _ url: URL, into store: Store, options: IntakeOptions, language: String,
        tuning: Tuning = .standard
    ) throws -> Outcome? {
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
            var outcome = try run(
                fd: fd, folder: folder, charset: charset, bom: bom, file: file, path: path, language: language,
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

    /// A segment of decoded text that may be normalized on its own, with the raw pieces read since
    /// the previous segment (written to the original, in order, when the segment is).
    struct Segment: Sendable {
        var units: [UInt16]
        var raw: [[UInt8]]
    }

    /// What the writer has added up, in file order.
    struct Tally {
        /// Counted segments waiting for those before them.
        var waiting: [Int: (raw: [[UInt8]], counted: Result<Counted, Error>)] = [:]
        var next = 0
        var failure: Error?
        var facts: [TextFacts] = []
        var words = 0, sentences = 0, lines = 0
        var bidi: [BidiControlFinding] = []
        var rawHash = StreamHash()
        var textHash = StreamHash()
        var written = 0
    }

    /// The pipeline: this thread reads and decodes the pieces in order and cuts the text where NFC
    /// may be cut; each segment is normalized and counted on any core; a serial writer takes the
    /// counted segments in file order, writes and hashes the original and the text, and adds up.
    /// At most `tuning.batch` segments are in flight, which bounds the memory; nothing waits for a
    /// whole batch.
    static func run(
        fd: Int32, folder: URL, charset: String, bom: Int, file: String, path: String, language: String,
        maxBytes: Int, tuning: Tuning
    ) throws -> Outcome {
        let originalURL = folder.appendingPathComponent(stagedName)
        let textURL = folder.appendingPathComponent(StoreLayout.text)
        let out = open(originalURL.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o444)
        if out < 0 { throw StoreError.ioFailure(file: originalURL.path, reason: String(cString: strerror(errno))) }
        defer { close(out) }
        let textOut = open(textURL.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        if textOut < 0 { throw StoreError.ioFailure(file: textURL.path, reason: String(cString: strerror(errno))) }
        defer { close(textOut) }
        let tally = Locked(Tally())
        let slots = DispatchSemaphore(value: tuning.batch)
        let counting = DispatchGroup()
        let workers = DispatchQueue.global(qos: .userInitiated)
        let writer = DispatchQueue(label: "crp.streaming.writer", qos: .userInitiated)

        let files = Outputs(original: out, originalPath: originalURL.path, text: textOut, textPath: textURL.path)
        @Sendable func drain() { Self.drain(tally, into: files, file: file, slots: slots) }

        var submitted = 0
        func submit(_ segment: Segment) {
            slots.wait()
            let index = submitted
            submitted += 1
            workers.async(group: counting) {
                let counted = Result { try count(segment.units, language: language) }
                tally.withLock { $0.waiting[index] = (segment.raw, counted) }
                writer.async { drain() }
            }
        }
        /// Waits for every segment in flight to be written; the writer's failure, if any, comes
        /// first in the file.
        func finish() throws {
            counting.wait()
            writer.sync {}
            if let failure = tally.withLock({ $0.failure }) { throw failure }
        }

        do {
            try readPieces(
                fd: fd, charset: charset, bom: bom, file: file, path: path, maxBytes: maxBytes, tuning: tuning,
                stop: { tally.withLock { $0.failure != nil } }, submit: submit)
        } catch {
            // An earlier refusal (from a segment before this point in the file) is the one reported.
            try finish()
            throw error
        }
        try finish()
        let done = tally.current
        let f = TextFacts.combine(done.facts)
        if f.characters == 0 { throw IntakeError.empty(file: file) }
        if fsync(out) != 0 || fsync(textOut) != 0 {
            throw StoreError.ioFailure(file: folder.path, reason: String(cString: strerror(errno)))
        }
        return Outcome(
            kind: .text, charset: charset, facts: f, words: done.words, sentences: done.sentences, textSHA256: done.textHash.hex(),
            bidi: done.bidi, staged: StagedOriginal(folder: folder, originalFile: stagedName, sha256: done.rawHash.hex(), bytes: done.written),
            sample: Data())
    }

    /// The two files a stream writes, with their paths for messages.
    struct Outputs: Sendable {
        let original: Int32
        let originalPath: String
        let text: Int32
        let textPath: String
    }

    /// Writes, hashes and adds up every counted segment whose turn has come (on the serial
    /// writer); the first failure stops the writing and is kept in `tally`.
    @Sendable static func drain(_ tally: Locked<Tally>, into files: Outputs, file: String, slots: DispatchSemaphore) {
        while true {
            let ready = tally.withLock { t -> (raw: [[UInt8]], counted: Result<Counted, Error>)? in
                guard let r = t.waiting.removeValue(forKey: t.next) else { return nil }
                t.next += 1
                return r
            }
            guard let (raw, counted) = ready else { return }
            defer { slots.signal() }
            if tally.withLock({ $0.failure != nil }) { continue }
            do {
                let c = try counted.get()
                let lines = tally.withLock { $0.lines }
                if let control = c.control {
                    throw IntakeError.controlCharacters(file: file, line: lines + control.line, codePoint: control.codePoint)
                }
                var rawHash = tally.withLock { $0.rawHash }, textHash = tally.withLock { $0.textHash }
                var written = 0
                for r in raw {
                    try FileIO.writeAll(files.original, r, path: files.originalPath)
                    r.withUnsafeBytes { rawHash.update($0) }
                    written += r.count
                }
                try FileIO.writeAll(files.text, c.text, path: files.textPath)
                c.text.withUnsafeBytes { textHash.update($0) }
                tally.withLock { t in
                    t.rawHash = rawHash; t.textHash = textHash
                    t.written += written
                    t.facts.append(c.facts)
                    t.words += c.words
                    t.sentences += c.sentences
                    t.bidi += c.bidi.map { $0.shifted(lines: t.lines) }
                    t.lines += c.lines
                }
            } catch {
                tally.withLock { $0.failure = error }
            }
        }
    }

    /// Reads the file a piece at a time, in order, decodes each piece and hands on segments cut
    /// where NFC may be cut (`submit`), until the end of the file or until `stop` says a segment
    /// already failed.
    static func readPieces(
        fd: Int32, charset: String, bom: Int, file: String, path: String, maxBytes: Int, tuning: Tuning,
        stop: () -> Bool, submit: (Segment) -> Void
    ) throws {
        let utf8 = charset == "UTF-8"
        let roundTrip = !TextDecoder.isUnicode(charset)
        var offset = 0
        var atEnd = false
        var carry: [UInt16] = []
        var raw: [[UInt8]] = []
        while !atEnd {
            if stop() { break }
            let want = tuning.pieceBytes + 4
            let chunk = try readAt(fd, count: want, at: offset, file: path)
            atEnd = chunk.count < want
            if chunk.isEmpty { break }
            let c = cut(chunk, pieceBytes: tuning.pieceBytes, atEnd: atEnd, utf8: utf8)
            if c < chunk.count { atEnd = false }
            if offset + c > maxBytes { throw StoreError.tooLarge(file: path, bytes: offset + c, limit: maxBytes) }
            let piece = Piece(raw: c == chunk.count ? chunk : Array(chunk[..<c]), offset: offset)
            offset += c
            var units = try decode(piece, charset: charset, bom: bom, roundTrip: roundTrip, file: file)
            raw.append(piece.raw)
            if !carry.isEmpty { units = carry + units; carry = [] }
            let at = StreamDecoding.lastSafeCut(units)
            if at < units.count { carry = Array(units[at...]); units.removeSubrange(at...) }
            if !units.isEmpty {
                submit(Segment(units: units, raw: raw))
                raw = []
            }
        }
        if !carry.isEmpty || !raw.isEmpty { submit(Segment(units: carry, raw: raw)) }
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
        if units.isEmpty { return Counted(facts: TextFacts(units: []), words: 0, sentences: 0, text: [], lines: 0, bidi: [], control: nil) }
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
