import Foundation

/// Where the ink of a page lies, row by row: the bands of rows that hold ink (lines of text,
/// and anything else printed or written), from the page as a grey image that ImageMagick wrote
/// (binary PGM, 8 bits). Only a row profile is computed here; the image itself is made, turned
/// and cropped by ImageMagick.
struct InkLines: Sendable {
    /// A band of rows with ink: [top, bottom) in pixels.
    struct Band: Sendable, Equatable {
        var top: Int
        var bottom: Int
        var height: Int { bottom - top }
    }

    var width: Int
    var height: Int
    /// Bands of ink at least a third as high as the usual line (specks, rules and the dots of
    /// letters between lines are left out).
    var bands: [Band]

    /// The median height of the bands, in pixels (0 when there is none).
    var lineHeight: Int {
        let h = bands.map(\.height).sorted()
        return h.isEmpty ? 0 : h[h.count / 2]
    }

    /// The profile of a binary PGM (P5, maxval ≤ 255); nil when the data is not one.
    init?(pgm: Data) {
        guard let (w, h, start) = Self.header(pgm), w > 0, h > 0, pgm.count >= start + w * h else { return nil }
        width = w
        height = h
        var dark = [Int](repeating: 0, count: h)
        pgm.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let p = raw.bindMemory(to: UInt8.self)
            for y in 0..<h {
                var n = 0
                let row = start + y * w
                for x in 0..<w where p[row + x] < 128 { n += 1 }
                dark[y] = n
            }
        }
        bands = Self.bands(dark, width: w)
    }

    /// Rows whose dark pixels stand out of the page's own background (noise counts as
    /// background), grouped into bands; gaps of a few rows inside a band are bridged.
    static func bands(_ dark: [Int], width: Int) -> [Band] {
        let sorted = dark.sorted()
        let floor = sorted[sorted.count / 5]
        let threshold = max(floor * 3, floor + max(3, width / 400))
        var raw: [Band] = []
        var start: Int? = nil
        var gap = 0
        for (y, n) in dark.enumerated() {
            if n >= threshold {
                if start == nil { start = y }
                gap = 0
            } else if let s = start {
                gap += 1
                if gap > 2 {
                    raw.append(Band(top: s, bottom: y - gap + 1))
                    start = nil
                    gap = 0
                }
            }
        }
        if let s = start { raw.append(Band(top: s, bottom: dark.count - gap)) }
        let h = raw.map(\.height).sorted()
        guard !h.isEmpty else { return [] }
        // The usual line: the median of the taller half (dots and specks are many and small).
        let usual = h[min(h.count - 1, h.count * 3 / 4)]
        return raw.filter { $0.height * 3 >= usual && $0.height >= 4 }
    }

    /// Width, height and where the pixels start, from a P5 header.
    static func header(_ d: Data) -> (Int, Int, Int)? {
        guard d.count > 10, d[d.startIndex] == UInt8(ascii: "P"), d[d.startIndex + 1] == UInt8(ascii: "5") else { return nil }
        var fields: [Int] = []
        var i = d.startIndex + 2
        while fields.count < 3 && i < d.endIndex {
            let c = d[i]
            if c == UInt8(ascii: "#") {
                while i < d.endIndex && d[i] != 10 { i += 1 }
            } else if c >= 48 && c <= 57 {
                var v = 0
                while i < d.endIndex, d[i] >= 48, d[i] <= 57, v < 1 << 24 {
                    v = v * 10 + Int(d[i] - 48)
                    i += 1
                }
                fields.append(v)
                continue
            }
            i += 1
        }
        guard fields.count == 3, fields[2] > 0, fields[2] <= 255, i <= d.endIndex else { return nil }
        // One white-space byte after maxval, then the pixels.
        return (fields[0], fields[1], i + 1 - d.startIndex)
    }

    /// The parts of the bands that no word box reaches: a band with no word at all, and inside a
    /// band the runs of rows at least `minHeight` high that no word box spans (lines merged into one
    /// band by a stamp or a signature across them, of which Tesseract read only some).
    func uncovered(by boxes: [OCRLayout.Box], minHeight: Int) -> [Band] {
        var out: [Band] = []
        for band in bands {
            let inside = boxes.filter { $0.bottom > band.top && $0.top < band.bottom }
            if inside.isEmpty {
                out.append(band)
                continue
            }
            var start: Int? = nil
            for y in band.top...band.bottom {
                let covered = y < band.bottom && inside.contains { $0.top <= y && y < $0.bottom }
                if !covered && y < band.bottom {
                    if start == nil { start = y }
                } else if let s = start {
                    if y - s >= minHeight { out.append(Band(top: s, bottom: y)) }
                    start = nil
                }
            }
        }
        return out
    }
}
