import Foundation

/// The names in an OLE compound file's directory (MS-CFB), read by a small bounded parser: the
/// header, the FAT sectors it lists (the first 109, in the header), and the directory's sector
/// chain. It is enough to tell an Outlook message (`__substg1.0_…` streams,
/// `__properties_version1.0`) from a Word 97–2003 document (`WordDocument`) — both have the same
/// signature. Nothing is trusted: every offset is checked, chains are cut at a loop or after
/// `maxSectors`; a damaged file gives nil, never a crash.
public enum CompoundFile {
    static let signature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
    /// The most directory sectors followed (4096 × 4 entries is more than any message or document has).
    static let maxSectors = 4096

    /// What a compound file is, by its streams.
    public enum Kind: Equatable, Sendable {
        case word, outlookMessage, other
    }

    /// True when the bytes start with the compound file signature.
    public static func isCompoundFile(_ data: Data) -> Bool { data.starts(with: signature) }

    /// The kind of a compound file by the names in its directory; nil when it is not one or its
    /// directory cannot be read.
    public static func kind(_ data: Data) -> Kind? {
        guard let names = directoryNames(data) else { return nil }
        if names.contains("WordDocument") { return .word }
        if names.contains("__properties_version1.0") || names.contains(where: { $0.hasPrefix("__substg1.0_") }) { return .outlookMessage }
        return .other
    }

    /// Every entry name of the directory, or nil when the file is not a readable compound file.
    public static func directoryNames(_ data: Data) -> [String]? {
        let b = [UInt8](data)
        guard b.count >= 512, b.starts(with: signature) else { return nil }
        func u16(_ o: Int) -> Int? { o >= 0 && o + 2 <= b.count ? Int(b[o]) | Int(b[o + 1]) << 8 : nil }
        func u32(_ o: Int) -> UInt32? {
            guard o >= 0, o + 4 <= b.count else { return nil }
            return UInt32(b[o]) | UInt32(b[o + 1]) << 8 | UInt32(b[o + 2]) << 16 | UInt32(b[o + 3]) << 24
        }
        guard u16(28) == 0xFFFE, let shift = u16(30), shift == 9 || shift == 12 else { return nil }
        let sectorSize = 1 << shift
        func offset(_ sector: UInt32) -> Int? {
            let o = (Int(sector) + 1) * sectorSize
            return sector < 0xFFFF_FFFA && o + sectorSize <= b.count ? o : nil
        }
        // The FAT: the sectors listed in the header's DIFAT (up to 109).
        guard let fatCount = u32(44), let firstDirectory = u32(48) else { return nil }
        var fat: [UInt32] = []
        for i in 0..<min(Int(fatCount), 109) {
            guard let s = u32(76 + 4 * i), let o = offset(s) else { break }
            for k in 0..<(sectorSize / 4) { fat.append(u32(o + 4 * k) ?? 0xFFFF_FFFF) }
        }
        // The directory's chain, 128 bytes an entry.
        var names: [String] = []
        var sector = firstDirectory
        var seen = Set<UInt32>()
        while sector < 0xFFFF_FFFA, seen.count < maxSectors, !seen.contains(sector) {
            seen.insert(sector)
            guard let o = offset(sector) else { return names.isEmpty ? nil : names }
            for e in stride(from: o, to: o + sectorSize, by: 128) {
                guard let length = u16(e + 64), length >= 2, length <= 64, length % 2 == 0 else { continue }
                var units: [UInt16] = []
                for k in stride(from: 0, to: length - 2, by: 2) { units.append(UInt16(u16(e + k) ?? 0)) }
                names.append(String(decoding: units, as: UTF16.self))
            }
            guard Int(sector) < fat.count else { break }
            sector = fat[Int(sector)]
        }
        return names.isEmpty ? nil : names
    }
}
