import Foundation
import MultilingualText
import TestSupport
import Testing

@testable import Submissions

/// `Store.encodeAnalysis` writes the directions of a long text by hand: its bytes must be the
/// store encoder's, exactly.
@Suite struct AnalysisEncodingTests {
    func analysis(directions n: Int, warnings: [String] = []) -> TextAnalysis {
        let all: [TextDirection] = [.rtl, .ltr, .neutral, .rtl, .rtl]
        return TextAnalysis(
            source: String(repeating: "ab", count: 32), textSHA256: String(repeating: "cd", count: 32), scripts: ["Arab", "Latn"],
            directions: (0..<n).map { all[($0 * 7 + $0 / 3) % all.count] }, words: 12_345, characters: 67_890,
            counts: ["words": Count(value: 12_345, rule: "ICU word break (ar)"), "characters": Count(value: 67_890, rule: "code points")],
            sentences: 321, bidiControls: [], warnings: warnings)
    }

    @Test(arguments: [0, 1, 64, 65, 1_000, 100_000])
    func sameBytesAsTheEncoder(directions: Int) throws {
        let a = analysis(directions: directions, warnings: directions % 2 == 0 ? [] : ["a \"quoted\" warning ]", "neutral"])
        let fast = try Store.encodeAnalysis(a)
        let reference = try Store.encode(a)
        #expect(fast == reference, "\(directions) directions")
        #expect(try JSONDecoder().decode(TextAnalysis.self, from: fast) == a)
        let file = Scratch.root.appendingPathComponent("analysis-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try Store.writeAnalysis(a, to: file)
        #expect(try Data(contentsOf: file) == reference, "written in pieces, \(directions) directions")
    }

    /// The status index reads an analysis without its directions (a 100 MB text has a million),
    /// 64 KiB at a time: everything else is read as the decoder reads it (issue 20, 9b).
    @Test(arguments: [0, 1, 64, 65, 1_000, 100_000])
    func readWithoutDirectionsGivesEverythingElse(directions: Int) throws {
        let a = analysis(directions: directions, warnings: ["a \"quoted\" warning ] with \"directions\" : [ inside", "neutral"])
        let file = Scratch.root.appendingPathComponent("analysis-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try Store.writeAnalysis(a, to: file)
        let store = try Store(root: TestRepository.embeddedStore)  // only read: its decoder
        var expected = a
        expected.directions = []
        #expect(store.analysisWithoutDirections(path: file.path) == expected)
        #expect(store.analysisWithoutDirections(path: file.path + ".missing") == nil)
    }
}
