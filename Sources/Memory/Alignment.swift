import Foundation

/// Sentence alignment by length (Gale and Church, 1993): the pairing of two lists of sentences
/// that is most probable when the length of a translation is proportional to the length of its
/// source with a normal spread. Beads 1–1, 1–0, 0–1, 2–1, 1–2 and 2–2, with Gale and Church's priors;
/// the ratio of lengths is the ratio of the two texts' total lengths (so Chinese, whose sentences
/// are short in characters, aligns with English as well as Spanish does).
public enum LengthAlignment {
    /// One aligned pair: the source sentences and target sentences it joins, and whether the
    /// alignment is sure (a 1–1 bead whose lengths agree within one standard deviation).
    public struct Pair: Sendable, Equatable {
        public var source: [Int]
        public var target: [Int]
        public var certain: Bool
    }

    static let beads: [(Int, Int, Double)] = [(1, 1, 0.89), (1, 0, 0.0099 / 2), (0, 1, 0.0099 / 2), (2, 1, 0.089 / 2), (1, 2, 0.089 / 2), (2, 2, 0.011)]
    static let variance = 6.8

    /// Aligns sentences given by their lengths (in characters). Pairs with no sentence on one
    /// side (1–0, 0–1) are left out.
    public static func align(_ a: [Int], _ b: [Int]) -> [Pair] {
        let n = a.count, m = b.count
        if n == 0 || m == 0 { return [] }
        let ratio = Double(max(1, b.reduce(0, +))) / Double(max(1, a.reduce(0, +)))
        let inf = Double.infinity
        var cost = [[Double]](repeating: [Double](repeating: inf, count: m + 1), count: n + 1)
        var back = [[Int]](repeating: [Int](repeating: -1, count: m + 1), count: n + 1)
        cost[0][0] = 0
        for i in 0...n {
            for j in 0...m where cost[i][j] < inf {
                for (k, bead) in beads.enumerated() {
                    let (di, dj, prior) = bead
                    guard i + di <= n, j + dj <= m else { continue }
                    let la = a[i..<(i + di)].reduce(0, +), lb = b[j..<(j + dj)].reduce(0, +)
                    let c = cost[i][j] + penalty(la, lb, ratio: ratio) - log(prior)
                    if c < cost[i + di][j + dj] { cost[i + di][j + dj] = c; back[i + di][j + dj] = k }
                }
            }
        }
        var out: [Pair] = []
        var i = n, j = m
        while i > 0 || j > 0 {
            let k = back[i][j]
            guard k >= 0 else { break }
            let (di, dj, _) = beads[k]
            if di > 0 && dj > 0 {
                let la = a[(i - di)..<i].reduce(0, +), lb = b[(j - dj)..<j].reduce(0, +)
                let sure = di == 1 && dj == 1 && abs(delta(la, lb, ratio: ratio)) < 1.0
                out.append(Pair(source: Array((i - di)..<i), target: Array((j - dj)..<j), certain: sure))
            }
            i -= di; j -= dj
        }
        return out.reversed()
    }

    static func delta(_ la: Int, _ lb: Int, ratio: Double) -> Double {
        let l1 = Double(la), l2 = Double(lb)
        let mean = (l1 + l2 / ratio) / 2
        return (l2 - l1 * ratio) / (mean * variance * ratio).squareRoot().nonZero
    }

    /// −log of the two-tailed probability of a length difference at least this large.
    static func penalty(_ la: Int, _ lb: Int, ratio: Double) -> Double {
        if la == 0 && lb == 0 { return 0 }
        let d = abs(delta(la, lb, ratio: ratio))
        let p = max(1e-12, 2 * (1 - normalCDF(d)))
        return -log(p)
    }

    static func normalCDF(_ x: Double) -> Double { 0.5 * (1 + erf(x / 2.0.squareRoot())) }
}

extension Double {
    fileprivate var nonZero: Double { self == 0 ? 1 : self }
}
