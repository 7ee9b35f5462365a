import Foundation

extension OCRLayout {
    /// How far the lines read slope, in degrees (positive: a line's right end lower), from
    /// Tesseract's own word boxes: for each line of three words or more, the median of the slopes
    /// between the bottoms of every pair of its words (a word with a descender moves few of the
    /// pairs), and the median of those over the lines. Nil when no line has three words. Measured
    /// on pages typeset and turned by 0°, 0.5°, −1° and 2°: −0.07°, 0.41°, −1.06°, 2.08°.
    /// It only says whether a page may be skewed: the angle it is straightened by is ImageMagick's.
    var slope: Double? {
        var slopes: [Double] = []
        for line in lines where line.words.count >= 3 {
            let points = line.words.map { (x: Double($0.box.left) + Double($0.box.width) / 2, y: Double($0.box.bottom)) }
            var pairs: [Double] = []
            for i in points.indices {
                for j in points.indices where j > i && abs(points[j].x - points[i].x) >= 1 {
                    pairs.append((points[j].y - points[i].y) / (points[j].x - points[i].x))
                }
            }
            if let m = Self.median(pairs) { slopes.append(m) }
        }
        return Self.median(slopes).map { atan($0) * 180 / .pi }
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let s = values.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}
