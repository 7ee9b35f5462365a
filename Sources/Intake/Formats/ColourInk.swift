import Foundation

/// Where a page has strongly coloured ink (a stamp in red or blue, a signature in blue ink), from
/// the chroma of the page that ImageMagick wrote (HCL's C: the difference between the strongest
/// and the weakest of red, green and blue), at a quarter of the page's size. Grey would not tell
/// such a stamp from the text: red at full strength greys to about the tone of black print.
/// Only the row profile is computed here; ImageMagick makes the chroma, the mask and the page
/// without the coloured ink.
struct ColourInk: Sendable {
    /// Chroma from which a pixel counts as coloured ink (30 %): black print, grey paper and the
    /// colour fringes of a JPEG stay under it, red, blue and green ink are well above it.
    static let threshold = 77

    var width: Int
    var height: Int
    /// Coloured pixels per row.
    var rows: [Int]
    var total: Int { rows.reduce(0, +) }

    /// The profile of a binary PGM of chroma (or of a mask: white where there is colour); nil
    /// when the data is not one.
    init?(pgm: Data) {
        guard let (w, h, start) = InkLines.header(pgm), w > 0, h > 0, pgm.count >= start + w * h else { return nil }
        width = w
        height = h
        var rows = [Int](repeating: 0, count: h)
        pgm.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let p = raw.bindMemory(to: UInt8.self)
            for y in 0..<h {
                var n = 0
                let row = start + y * w
                for x in 0..<w where Int(p[row + x]) >= Self.threshold { n += 1 }
                rows[y] = n
            }
        }
        self.rows = rows
    }

    /// Whether the coloured ink is a mark on the text (a stamp, a signature) rather than the text
    /// itself: some coloured ink (at least 50 pixels at a quarter size, a short stroke), and less
    /// than a third of all the page's ink (`inkPixels`, at full size). A letter typed in blue
    /// keeps its colour and is read as it is.
    func isMark(on ink: InkLines) -> Bool {
        let scaled = Double(total) * Double(ink.width * ink.height) / Double(max(1, width * height))
        return total >= 50 && scaled * 3 < Double(ink.inkPixels)
    }

    /// The bands of rows with coloured ink, in the rows of a page `pageHeight` high whose usual
    /// line of text is `lineHeight` pixels: rows with at least two coloured pixels, merged when
    /// they are less than two lines apart (the parts of one round stamp), each at least half a
    /// line high and with ink enough for a stroke across it.
    func bands(pageHeight: Int, lineHeight: Int) -> [InkLines.Band] {
        guard height > 0 else { return [] }
        let scale = Double(pageHeight) / Double(height)
        let usual = max(2, Int(Double(max(lineHeight, 8)) / scale))
        var out: [(top: Int, bottom: Int, ink: Int)] = []
        for (y, n) in rows.enumerated() where n >= 2 {
            if let last = out.last, y - last.bottom < 2 * usual {
                out[out.count - 1].bottom = y + 1
                out[out.count - 1].ink += n
            } else {
                out.append((y, y + 1, n))
            }
        }
        return out.filter { ($0.bottom - $0.top) * 2 >= usual && $0.ink >= 2 * usual }.map {
            InkLines.Band(top: Int(Double($0.top) * scale), bottom: min(pageHeight, Int((Double($0.bottom) * scale).rounded(.up))))
        }
    }
}

extension InkLines {
    /// Width and height of the PGM at `path`, from its header alone.
    static func size(ofPGMAt path: String) -> (Int, Int)? {
        guard let file = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? file.close() }
        guard let (w, h, _) = header(file.readData(ofLength: 64)) else { return nil }
        return (w, h)
    }
}
