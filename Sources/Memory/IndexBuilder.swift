import Foundation

/// Writes a `MemoryIndex` file: units are added one batch at a time (their JSON goes to a
/// temporary file, only their tokens stay in memory), and `finish` sorts the keys and writes the
/// index beside its final name before one rename.
public final class IndexBuilder {
    let path: String
    let language: String
    var tokens: [UInt32] = []
    var tokStart: [UInt32] = [0]
    var blobStart: [UInt64] = [0]
    let blobPath: String
    let blob: FileHandle
    var pending: [MemoryUnit] = []
    let encoder = JSONEncoder()

    /// Starts an index at `path` for sources in `language`.
    public init(path: String, language: String) throws {
        self.path = path
        self.language = language
        blobPath = path + ".blob-\(UInt32.random(in: 0...UInt32.max))"
        guard FileManager.default.createFile(atPath: blobPath, contents: nil), let h = FileHandle(forWritingAtPath: blobPath) else {
            throw MemoryError.cannotWrite(path: blobPath, reason: "the file cannot be created")
        }
        blob = h
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    }

    deinit {
        try? blob.close()
        try? FileManager.default.removeItem(atPath: blobPath)
    }

    /// Adds a unit (tokenized in batches of a thousand).
    public func add(_ unit: MemoryUnit) throws {
        pending.append(unit)
        if pending.count >= 1000 { try flush() }
    }

    /// The number of units added so far.
    public var count: Int { tokStart.count - 1 + pending.count }

    func flush() throws {
        guard !pending.isEmpty else { return }
        let toks = MatchText.tokens(batch: pending.map(\.source), language: language)
        var chunk = Data()
        for (u, t) in zip(pending, toks) {
            tokens += t
            tokStart.append(UInt32(tokens.count))
            let json = try encoder.encode(u)
            chunk += json
            blobStart.append(blobStart.last! + UInt64(json.count))
        }
        try blob.write(contentsOf: chunk)
        pending.removeAll(keepingCapacity: true)
    }

    /// Writes the index and returns the number of units in it.
    @discardableResult
    public func finish() throws -> Int {
        try flush()
        try blob.close()
        let units = tokStart.count - 1
        var pairs = [UInt64]()
        pairs.reserveCapacity(tokens.count)
        for u in 0..<units {
            let s = Int(tokStart[u]), e = Int(tokStart[u + 1])
            for k in MemoryIndex.keys(Array(tokens[s..<e])) { pairs.append(UInt64(k) << 32 | UInt64(u)) }
        }
        pairs.sort()
        var keys: [UInt32] = [], postStart: [UInt32] = [], postings: [UInt32] = []
        postings.reserveCapacity(pairs.count)
        for p in pairs {
            let k = UInt32(p >> 32)
            if keys.last != k || keys.isEmpty { keys.append(k); postStart.append(UInt32(postings.count)) }
            postings.append(UInt32(p & 0xFFFF_FFFF))
        }
        postStart.append(UInt32(postings.count))
        pairs = []
        let blobSize = blobStart.last!
        let tmp = path + ".tmp-\(UInt32.random(in: 0...UInt32.max))"
        guard FileManager.default.createFile(atPath: tmp, contents: nil), let out = FileHandle(forWritingAtPath: tmp) else {
            throw MemoryError.cannotWrite(path: tmp, reason: "the file cannot be created")
        }
        do {
            var head = Data(MemoryIndex.magic)
            for v in [UInt32(units), UInt32(keys.count), UInt32(tokens.count), 0] { head += le(v) }
            head += le(blobSize)
            try out.write(contentsOf: head)
            try write(tokStart, to: out); try write(tokens, to: out); try write(blobStart, to: out)
            try write(keys, to: out); try write(postStart, to: out); try write(postings, to: out)
            let input = try FileHandle(forReadingFrom: URL(fileURLWithPath: blobPath))
            defer { try? input.close() }
            while let d = try input.read(upToCount: 1 << 20), !d.isEmpty { try out.write(contentsOf: d) }
            try out.synchronize()
            try out.close()
            if rename(tmp, path) != 0 { throw MemoryError.cannotWrite(path: path, reason: "the index cannot be put in place") }
        } catch {
            try? out.close()
            try? FileManager.default.removeItem(atPath: tmp)
            throw error
        }
        return units
    }

    func le<T: FixedWidthInteger>(_ v: T) -> Data { withUnsafeBytes(of: v.littleEndian) { Data($0) } }

    func write<T: FixedWidthInteger>(_ a: [T], to h: FileHandle) throws {
        var d = a.withUnsafeBufferPointer { Data(buffer: $0) }
        let pad = (8 - d.count % 8) % 8
        if pad > 0 { d += Data(count: pad) }
        try h.write(contentsOf: d)
    }
}
