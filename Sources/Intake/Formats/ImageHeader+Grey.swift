import Foundation

extension ImageHeader {
    /// Whether the header says the picture holds only grey (a PNG of colour type 0 or 4, a JPEG
    /// of one component, a TIFF whose photometric interpretation is black or white is zero); false
    /// when it holds colour or the header does not say. A grey picture needs no colour check and
    /// no conversion to grey before the ink check (ImageMagick's conversion costs 0.08 s of CPU on
    /// a page at 300 dpi).
    static func isGrey(_ data: Data) -> Bool {
        let b = [UInt8](data.prefix(1 << 20))
        func be16(_ i: Int) -> Int { Int(b[i]) << 8 | Int(b[i + 1]) }
        if b.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            return b.count > 25 && (b[25] == 0 || b[25] == 4)
        }
        if b.starts(with: [0xFF, 0xD8]) { return jpegFrame(b).map { b[$0 + 9] == 1 } ?? false }
        let little = b.starts(with: [0x49, 0x49, 0x2A, 0x00])
        if little || b.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) {
            func u16(_ i: Int) -> Int { little ? Int(b[i]) | Int(b[i + 1]) << 8 : be16(i) }
            guard b.count >= 8 else { return false }
            let ifd = little ? u16(4) | u16(6) << 16 : be16(4) << 16 | be16(6)
            guard ifd + 2 <= b.count else { return false }
            for k in 0..<u16(ifd) {
                let e = ifd + 2 + 12 * k
                guard e + 12 <= b.count else { return false }
                // PhotometricInterpretation: 0 white is zero, 1 black is zero (grey or bilevel).
                if u16(e) == 262 { return u16(e + 8) <= 1 }
            }
        }
        return false
    }
}
