/// Escaping for writing XML text and attribute values; characters XML 1.0 forbids are removed.
/// For data that must read back exactly (XLIFF, TMX, the web desk's pages): white space is kept,
/// as character references where a parser would fold it. The paper's renderers use
/// `MarkupWriter` (RoomPaper) instead, whose rules differ on purpose (it says why).
public enum XMLEscape {
    /// Escapes `&`, `<`, `>` (and CR as `&#13;`, so it survives parsing) for element content.
    public static func text(_ s: String) -> String {
        escape(s, attribute: false)
    }

    /// Escapes `&`, `<`, `>`, `"` and tab/LF/CR as `&#9;`/`&#10;`/`&#13;` for a double-quoted attribute value.
    public static func attribute(_ s: String) -> String {
        escape(s, attribute: true)
    }

    @inline(__always)
    private static func needsWork(_ u: UnsafeBufferPointer<UInt8>, _ k: Int, attribute: Bool) -> Bool {
        let b = u[k]
        switch b {
        case 0x26, 0x3C, 0x3E: return true  // & < >
        case 0x22: return attribute
        case 0x09, 0x0A: return attribute
        case 0x00..<0x20: return true  // CR and forbidden C0 controls
        case 0xEF:  // U+FFFE / U+FFFF are EF BF BE / EF BF BF
            return k + 2 < u.count && u[k + 1] == 0xBF && u[k + 2] >= 0xBE
        default: return false
        }
    }

    private static func escape(_ input: String, attribute: Bool) -> String {
        var s = input
        let clean = s.withUTF8 { u -> Bool in
            for k in 0..<u.count where needsWork(u, k, attribute: attribute) { return false }
            return true
        }
        if clean { return input }
        return s.withUTF8 { u -> String in
            var out: [UInt8] = []
            out.reserveCapacity(u.count + u.count / 8 + 16)
            var runStart = 0
            var k = 0
            while k < u.count {
                guard needsWork(u, k, attribute: attribute) else {
                    k += 1
                    continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: u[runStart..<k]))
                let b = u[k]
                var skip = 1
                switch b {
                case 0x26: out.append(contentsOf: "&amp;".utf8)
                case 0x3C: out.append(contentsOf: "&lt;".utf8)
                case 0x3E: out.append(contentsOf: "&gt;".utf8)
                case 0x22: out.append(contentsOf: "&quot;".utf8)
                case 0x09: out.append(contentsOf: "&#9;".utf8)
                case 0x0A: out.append(contentsOf: "&#10;".utf8)
                case 0x0D: out.append(contentsOf: "&#13;".utf8)
                case 0xEF: skip = 3  // drop U+FFFE / U+FFFF
                default: break  // drop forbidden C0 control
                }
                k += skip
                runStart = k
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: u[runStart..<u.count]))
            return String(decoding: out, as: UTF8.self)
        }
    }
}
