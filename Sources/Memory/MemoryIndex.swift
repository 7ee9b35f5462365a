import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A translation memory index on disk, read by mapping the file: the units' word tokens, an
/// inverted list per (token, occurrence) key, and the units themselves as JSON. A lookup reads
/// only the lists of the query's rarest keys and the units they name, so a memory of a million
/// units answers in milliseconds with little memory.
///
/// Candidates are found by prefix filtering, which loses no match: a unit at similarity ≥ t with
/// a query of n tokens shares at least n − ⌊n(100 − t)/100⌋ of the query's keys (the k-th "the"
/// of a sentence is its own key, so shared keys bound the words in common), hence at least one of
/// its ⌊n(100 − t)/100⌋ + 1 rarest keys. Each candidate within the length bounds is then scored
/// by the word-level edit distance.
///
/// Layout (little-endian): "CRPTM001", unit count, key count, token count (UInt32 each), blob
/// size (UInt64); then token starts (UInt32 × units+1), tokens (UInt32), blob starts (UInt64 ×
/// units+1), keys (UInt32, sorted), posting starts (UInt32 × keys+1), postings (UInt32), blob.
public final class MemoryIndex: @unchecked Sendable {
    static let magic: [UInt8] = Array("CRPTM001".utf8)
    let base: UnsafeRawPointer
    let size: Int
    public let unitCount: Int
    let keyCount: Int
    let tokenCount: Int
    let tokStart: UnsafePointer<UInt32>
    let tokens: UnsafePointer<UInt32>
    let blobStart: UnsafePointer<UInt64>
    let keys: UnsafePointer<UInt32>
    let postStart: UnsafePointer<UInt32>
    let postings: UnsafePointer<UInt32>
    let blob: UnsafePointer<UInt8>
    public let path: String

    /// Maps the index file at `path`.
    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw MemoryError.brokenIndex(file: path, reason: "it cannot be opened") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_size >= 32 else { throw MemoryError.brokenIndex(file: path, reason: "it is too short") }
        size = Int(st.st_size)
        guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else {
            throw MemoryError.brokenIndex(file: path, reason: "it cannot be mapped")
        }
        let b = UnsafeRawPointer(p)
        base = b
        guard Array(UnsafeBufferPointer(start: b.assumingMemoryBound(to: UInt8.self), count: 8)) == Self.magic else {
            munmap(p, Int(st.st_size))
            throw MemoryError.brokenIndex(file: path, reason: "it does not start as an index")
        }
        func u32(_ at: Int) -> Int { Int(b.loadUnaligned(fromByteOffset: at, as: UInt32.self)) }
        let units = u32(8), keyN = u32(12), tokenN = u32(16)
        unitCount = units; keyCount = keyN; tokenCount = tokenN
        let blobSize = Int(b.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
        var off = 32
        func take<T>(_ n: Int, _: T.Type) -> UnsafePointer<T> {
            let r = (b + off).assumingMemoryBound(to: T.self)
            off += (n * MemoryLayout<T>.size + 7) & ~7
            return r
        }
        tokStart = take(units + 1, UInt32.self)
        tokens = take(tokenN, UInt32.self)
        blobStart = take(units + 1, UInt64.self)
        keys = take(keyN, UInt32.self)
        postStart = take(keyN + 1, UInt32.self)
        postings = take(tokenN, UInt32.self)
        blob = (b + off).assumingMemoryBound(to: UInt8.self)
        if off + blobSize != size {
            munmap(p, size)
            throw MemoryError.brokenIndex(file: path, reason: "its size does not match its header")
        }
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: base), size) }

    /// The tokens of unit `i`.
    func unitTokens(_ i: Int) -> UnsafeBufferPointer<UInt32> {
        let s = Int(tokStart[i]), e = Int(tokStart[i + 1])
        return UnsafeBufferPointer(start: tokens + s, count: e - s)
    }

    /// Unit `i`, decoded.
    public func unit(_ i: Int) throws -> MemoryUnit {
        let s = Int(blobStart[i]), e = Int(blobStart[i + 1])
        let data = Data(bytes: blob + s, count: e - s)
        do { return try JSONDecoder().decode(MemoryUnit.self, from: data) } catch {
            throw MemoryError.brokenIndex(file: path, reason: "unit \(i + 1) cannot be read")
        }
    }

    /// The posting list of a key.
    func postingList(_ key: UInt32) -> UnsafeBufferPointer<UInt32> {
        var lo = 0, hi = keyCount
        while lo < hi {
            let mid = (lo + hi) / 2
            if keys[mid] < key { lo = mid + 1 } else { hi = mid }
        }
        guard lo < keyCount, keys[lo] == key else { return UnsafeBufferPointer(start: postings, count: 0) }
        let s = Int(postStart[lo]), e = Int(postStart[lo + 1])
        return UnsafeBufferPointer(start: postings + s, count: e - s)
    }

    /// The keys of a token list: each token mixed with how often it came before in the list.
    static func keys(_ tokens: [UInt32]) -> [UInt32] {
        var seen: [UInt32: UInt32] = [:]
        return tokens.map { t in
            let k = seen[t, default: 0]
            seen[t] = k + 1
            return k == 0 ? t : (t ^ (k &* 0x9E37_79B9)) &* 16_777_619
        }
    }

    /// The units whose similarity to `query` is at least `threshold`, best first (at most `limit`).
    public func lookup(_ query: [UInt32], threshold: Int = MatchText.floor, limit: Int = 3) -> [(unit: Int, score: Int)] {
        let n = query.count
        guard n > 0 else { return [] }
        let qkeys = Self.keys(query)
        let lists = qkeys.map { postingList($0) }.sorted { $0.count < $1.count }
        let prefix = n * (100 - threshold) / 100 + 1
        let minLen = (n * threshold + 99) / 100, maxLen = n * 100 / threshold
        var seen = Set<UInt32>()
        var found: [(Int, Int)] = []
        let querySet = Set(qkeys)
        for list in lists.prefix(prefix) {
            for u in list where seen.insert(u).inserted {
                let toks = unitTokens(Int(u))
                guard toks.count >= minLen && toks.count <= maxLen else { continue }
                let lim = MatchText.limit(n, toks.count, threshold: threshold)
                // Count filter: a match shares at least max(n, m) − limit keys with the query.
                var shared = 0
                for k in Self.keys(Array(toks)) where querySet.contains(k) { shared += 1 }
                guard shared >= max(n, toks.count) - lim else { continue }
                guard let d = MatchText.distance(query, Array(toks), limit: lim) else { continue }
                let longest = max(n, toks.count)
                found.append((Int(u), 100 * (longest - d) / longest))
            }
        }
        found.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 > $1.0 }
        return Array(found.prefix(limit)).map { (unit: $0.0, score: $0.1) }
    }

    /// Every unit whose similarity is at least `threshold`, by comparing with each (for measuring
    /// the index's recall; never used for lookups).
    public func scan(_ query: [UInt32], threshold: Int = MatchText.floor) -> [(unit: Int, score: Int)] {
        var found: [(unit: Int, score: Int)] = []
        for i in 0..<unitCount {
            let toks = Array(unitTokens(i))
            let lim = MatchText.limit(query.count, toks.count, threshold: threshold)
            guard let d = MatchText.distance(query, toks, limit: lim) else { continue }
            let longest = max(query.count, toks.count)
            if longest > 0 { found.append((i, 100 * (longest - d) / longest)) }
        }
        return found
    }
}
