import Foundation
import Memory
import TestSupport
import Testing

/// The translation memory's parts: the similarity, the length alignment, and the index, which must
/// find every match a full scan finds.
@Suite struct MemoryTests {
    @Test func similarityIsWordEditDistanceOnFoldedICUWords() {
        let a = MatchText.tokens("Uno dos tres cuatro.", language: "es")
        #expect(a.count == 4)
        #expect(MatchText.similarity(a, MatchText.tokens("uno, DOS tres cuatro", language: "es")) == 100)
        #expect(MatchText.similarity(a, MatchText.tokens("Uno dos tres cinco.", language: "es")) == 75)
        #expect(MatchText.similarity(a, MatchText.tokens("Uno dos tres.", language: "es")) == 75)
        #expect(MatchText.similarity(a, MatchText.tokens("Cinco seis siete ocho.", language: "es")) == 0)
        // Chinese: ICU's dictionary words.
        #expect(MatchText.tokens("我们支持公约。", language: "zh").count >= 3)
        // A bidi override never survives cleaning.
        #expect(!MatchText.clean("abc\u{202E}def").unicodeScalars.contains("\u{202E}"))
    }

    @Test func lengthAlignmentJoinsTwoSentencesAndMarksThePairUncertain() {
        // Three source sentences, two targets: the last two sources make one target.
        let pairs = LengthAlignment.align([40, 30, 32], [42, 64])
        #expect(pairs.count == 2)
        #expect(pairs[0].source == [0] && pairs[0].target == [0] && pairs[0].certain)
        #expect(pairs[1].source == [1, 2] && pairs[1].target == [1] && !pairs[1].certain)
        // Equal counts with matching lengths: one to one, certain.
        #expect(LengthAlignment.align([10, 20, 30], [11, 21, 29]).allSatisfy { $0.certain && $0.source.count == 1 })
    }

    @Test func theIndexFindsEveryMatchAFullScanFinds() throws {
        let dir = Scratch.root.appendingPathComponent("tm-index-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var rng = SystemRandomNumberGenerator()
        let words = (0..<300).map { "w\($0)" }
        func sentence(_ n: Int) -> [String] { (0..<n).map { _ in words[Int.random(in: 0..<(Int.random(in: 0..<2) == 0 ? 20 : 300), using: &rng)] } }
        let units = (0..<1000).map { _ in sentence(Int.random(in: 4...20, using: &rng)) }
        let path = dir.appendingPathComponent("t.idx").path
        let b = try IndexBuilder(path: path, language: "es")
        for u in units {
            try b.add(MemoryUnit(source: u.joined(separator: " "), target: "x", sourceLanguage: "es", targetLanguage: "en", origin: "t"))
        }
        #expect(try b.finish() == 1000)
        let index = try MemoryIndex(path: path)
        var checked = 0
        for _ in 0..<100 {
            var q = units[Int.random(in: 0..<units.count, using: &rng)]
            for _ in 0..<Int.random(in: 0...4, using: &rng) { q[Int.random(in: 0..<q.count, using: &rng)] = words[Int.random(in: 0..<300, using: &rng)] }
            let tokens = MatchText.tokens(q.joined(separator: " "), language: "es")
            let scan = Set(index.scan(tokens).map { "\($0.unit):\($0.score)" })
            let found = Set(index.lookup(tokens, limit: Int.max).map { "\($0.unit):\($0.score)" })
            #expect(found == scan, "query \(q)")
            checked += scan.count
        }
        #expect(checked > 50, "the queries should have matches to compare")
    }
}
