import Foundation

/// The pixel size of a PNG, JPEG or TIFF image, read from its header without decoding it, so an
/// oversized image is refused before any program touches it.
enum ImageHeader {
    /// (width, height), or nil when the header is not a well-formed PNG, JPEG or TIFF header.
    static func dimensions(_ data: Data) -> (width: Int, height: Int)? {
        let b = [UInt8](data.prefix(1 << 20))
        func be16(_ i: Int) -> Int { Int(b[i]) << 8 | Int(b[i + 1]) }
        func be32(_ i: Int) -> Int { be16(i) << 16 | be16(i + 2) }
        if b.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            guard b.count >= 24, b[12...15].elementsEqual(Array("IHDR".utf8)) else { return nil }
            let w = be32(16), h = be32(20)
            return w > 0 && h > 0 ? (w, h) : nil
        }
        if b.starts(with: [0xFF, 0xD8]) {
            guard let i = jpegFrame(b) else { return nil }
            let h = be16(i + 5), w = be16(i + 7)
            return w > 0 && h > 0 ? (w, h) : nil
        }
        let little = b.starts(with: [0x49, 0x49, 0x2A, 0x00])
        if little || b.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) {
            func u16(_ i: Int) -> Int { little ? Int(b[i]) | Int(b[i + 1]) << 8 : be16(i) }
            func u32(_ i: Int) -> Int { little ? u16(i) | u16(i + 2) << 16 : be32(i) }
            guard b.count >= 8 else { return nil }
            let ifd = u32(4)
            guard ifd + 2 <= b.count else { return nil }
            let n = u16(ifd)
            var w = 0, h = 0
            for k in 0..<n {
                let e = ifd + 2 + 12 * k
                guard e + 12 <= b.count else { return nil }
                let tag = u16(e), type = u16(e + 2)
                let value = type == 3 ? u16(e + 8) : u32(e + 8)
                if tag == 256 { w = value }
                if tag == 257 { h = value }
            }
            return w > 0 && h > 0 ? (w, h) : nil
        }
        return nil
    }

    /// The offset of a JPEG's start-of-frame marker (`FF C0`…`FF CF` but the table markers), the
    /// segment that holds its size and number of components; nil when the segments are broken.
    static func jpegFrame(_ b: [UInt8]) -> Int? {
        func be16(_ i: Int) -> Int { Int(b[i]) << 8 | Int(b[i + 1]) }
        var i = 2
        while i + 9 < b.count {
            guard b[i] == 0xFF else { return nil }
            let marker = b[i + 1]
            if marker == 0xFF { i += 1; continue }
            if marker == 0xD8 || marker == 0x01 || (0xD0...0xD7).contains(marker) { i += 2; continue }
            if (0xC0...0xCF).contains(marker) && ![0xC4, 0xC8, 0xCC].contains(marker) { return i }
            let len = be16(i + 2)
            guard len >= 2 else { return nil }
            i += 2 + len
        }
        return nil
    }
}
