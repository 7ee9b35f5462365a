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

        /// "8 % down (pixels 270–570 of 3300)", as an unread line's position is given.
        func position(of pageHeight: Int) -> String {
            "\(pageHeight > 0 ? 100 * top / pageHeight : 0) % down (pixels \(top)–\(bottom) of \(pageHeight))"
        }
    }

    var width: Int
    var height: Int
    /// Bands of ink at least a third as high as the usual line (specks, rules and the dots of
    /// letters between lines are left out).
    var bands: [Band]

    /// The median height of the bands, in pixels (0 when there is none).
    var lineHeight: Int { Self.lineHeightOf(bands) }

    /// The tone under which a pixel is ink as dark as the text's own (0 black, 255 white).
    var inkLimit = 128
    /// Bands of rows whose only ink is lighter than the text's (a stamp in colour or grey ink, a
    /// signature in blue): not lines of text; they are left out of `bands`.
    var marks: [Band] = []
    /// Bands of rows with ink in a strong colour (a red stamp, a blue signature), found by
    /// `ColourInk` and left out of the page before this profile was made.
    var colourMarks: [Band] = []
    /// The pixels of ink (darker than 160), coloured ink included as it greys.
    var inkPixels = 0

    /// The profile of a binary PGM (P5, maxval ≤ 255); nil when the data is not one.
    init?(pgm: Data) {
        guard let (w, h, start) = Self.header(pgm), w > 0, h > 0, pgm.count >= start + w * h else { return nil }
        width = w
        height = h
        var histogram = [Int](repeating: 0, count: 256)
        pgm.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let p = raw.bindMemory(to: UInt8.self)
            for i in start..<(start + w * h) { histogram[Int(p[i])] += 1 }
        }
        let limit = Self.inkLimit(histogram)
        inkPixels = histogram[0..<160].reduce(0, +)
        inkLimit = limit
        // Per row: ink as dark as the text, and ink clearly lighter (a grey or coloured mark; the
        // grey edges of dark letters are counted too, and weighed against the row's dark ink).
        var dark = [Int](repeating: 0, count: h)
        var light = [Int](repeating: 0, count: h)
        let lightTop = min(224, limit + 96)
        pgm.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let p = raw.bindMemory(to: UInt8.self)
            for y in 0..<h {
                var n = 0, m = 0
                let row = start + y * w
                for x in 0..<w {
                    let v = Int(p[row + x])
                    if v < limit {
                        n += 1
                    } else if v >= limit + 16 && v < lightTop {
                        m += 1
                    }
                }
                dark[y] = n
                light[y] = m
            }
        }
        bands = Self.bands(dark, width: w)
        marks = limit < 128 ? Self.marks(light: light, dark: dark, text: bands, width: w) : []
    }

    /// The tone of the text's ink: a quarter of the page's ink (pixels under 160) is darker than
    /// `t`; ink is what is under `t + 64` (at least 64, at most 128). Black print gives about 64,
    /// so that a stamp in grey (or in red, about 76 once grey) stands apart; text printed grey
    /// keeps 128.
    static func inkLimit(_ histogram: [Int]) -> Int {
        let ink = histogram[0..<160].reduce(0, +)
        guard ink > 0 else { return 128 }
        var seen = 0
        for (t, n) in histogram.enumerated() {
            seen += n
            if seen * 4 >= ink { return min(128, max(64, t + 64)) }
        }
        return 128
    }

    /// Bands of rows with much more light ink than the grey edges of their dark ink give, away
    /// from the lines of text (a quarter of a line clear of them: the grey tops and feet of the
    /// letters are not marks), merged when they are less than two lines apart (the parts of one
    /// stamp above, between and below the lines it lies across).
    static func marks(light: [Int], dark: [Int], text: [Band], width: Int) -> [Band] {
        let usual = max(8, lineHeightOf(text))
        let pad = max(3, usual / 4)
        var nearText = [Bool](repeating: false, count: light.count)
        var darkInText = 0, lightInText = 0
        for b in text {
            for y in b.top..<b.bottom {
                darkInText += dark[y]
                lightInText += light[y]
            }
            for y in max(0, b.top - pad)..<min(light.count, b.bottom + pad) { nearText[y] = true }
        }
        let ratio = darkInText > 0 ? Double(lightInText) / Double(darkInText) : 0.5
        let sorted = light.sorted()
        let floor = sorted[sorted.count / 5]
        let minimum = max(floor * 3, floor + max(12, width / 200))
        var out: [Band] = []
        for y in light.indices where !nearText[y] && light[y] >= minimum + Int(3 * ratio * Double(dark[y])) {
            if let last = out.last, y - last.bottom < 2 * usual {
                out[out.count - 1].bottom = y + 1
            } else {
                out.append(Band(top: y, bottom: y + 1))
            }
        }
        // A mark is at least half a line high and holds some ink.
        return out.filter { b in b.height * 2 >= usual && (b.top..<b.bottom).map { nearText[$0] ? 0 : light[$0] }.reduce(0, +) >= 20 * usual }
    }

    static func lineHeightOf(_ bands: [Band]) -> Int {
        let h = bands.map(\.height).sorted()
        return h.isEmpty ? 0 : h[h.count / 2]
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

    /// The rows of `band` with `pad` rows of margin above and below, but none of the bands of
    /// ink next to it: [top, bottom).
    func clearRows(_ band: Band, pad: Int) -> (Int, Int) {
        let above = bands.last { $0.bottom <= band.top }?.bottom ?? 0
        let below = bands.first { $0.top >= band.bottom }?.top ?? height
        return (max(above, band.top - pad), min(below, band.bottom + pad))
    }

    /// The parts of the bands that no word box reaches: a band with no word at all, and inside a
    /// band the runs of rows at least `minHeight` high that no word box spans (lines merged into one
    /// band by a stamp or a signature across them, of which Tesseract read only some). A word
    /// counts only for the band it overlaps most, and a word whose box spans two lines'
    /// bands counts for neither: Tesseract had merged two lines of ink into one (a short
    /// letterhead just above the next line, on a page still a little skewed) and read the upper
    /// one's ink as a few garbled letters of the lower one; reaching into the upper band, such a
    /// box hid that its line was never read.
    func uncovered(by boxes: [OCRLayout.Box], minHeight: Int) -> [Band] {
        var out: [Band] = []
        func overlap(_ box: OCRLayout.Box, _ b: Band) -> Int { min(box.bottom, b.bottom) - max(box.top, b.top) }
        let usual = lineHeight
        let lines = bands.filter { $0.height * 2 >= usual }
        let single = boxes.filter { box in
            lines.filter { b in 2 * overlap(box, b) >= b.height }.count < 2
        }
        for band in bands {
            let inside = single.filter { box in
                overlap(box, band) > 0 && !bands.contains { $0 != band && overlap(box, $0) > overlap(box, band) }
            }
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
