import MultilingualText

// The plumbing the HTML and DOCX renderers share: footnote numbers, the markup writer and the
// one cleaning of text before it is measured or written.

/// Footnote numbers by marker ("*" → 1), for links and for DOCX footnote ids.
struct NoteTable {
    private var numbers: [String: Int] = [:]
    /// For the block being written: the note number of each of the State's own markers it refers to.
    var commentNotes: [String: Int] = [:]

    init(_ notes: [Footnote]) {
        for (i, f) in notes.enumerated() where numbers[f.marker] == nil { numbers[f.marker] = i + 1 }
    }

    /// The 1-based number of the footnote with this marker, if there is one.
    func number(_ marker: String) -> Int? { numbers[marker] }
}

extension Document {
    /// A rough size of the text the blocks hold, to reserve output buffers once.
    var estimatedTextBytes: Int {
        var n = 0
        for b in blocks {
            switch b {
            case .paragraph(let p): for r in p.runs { n += r.plain.utf8.count }
            case .point(let p): for r in p.runs { n += r.plain.utf8.count }
            case .heading(let h): for r in h.runs { n += r.plain.utf8.count }
            default: n += 256
            }
        }
        return n
    }
}

/// Builds markup as UTF-8 bytes: raw markup appended as is, text escaped for XML 1.0 and HTML.
///
/// Not `SafeXML.XMLEscape`, on purpose: that one escapes data that must read back exactly
/// (XLIFF, TMX), so it keeps tab, line feed and carriage return as character references. This
/// one writes a paper, where a block is one line of text, so white-space controls become spaces
/// and C1 controls (which only come from broken decoding) are dropped; and it appends to one
/// byte buffer instead of making a string per value, which a paper of a million words needs.
///
/// Text loses the characters XML 1.0 forbids (C0 controls, U+FFFE, U+FFFF) and the C1 controls and
/// DEL, which only come from broken decoding; tab, line feed and carriage return become spaces
/// (a block is one line of text). `&`, `<`, `>` are always escaped, `"` in attributes too.
struct MarkupWriter {
    private(set) var bytes: [UInt8]

    init(capacity: Int) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// The markup as a string.
    var string: String { String(decoding: bytes, as: UTF8.self) }

    /// Appends markup as is.
    mutating func raw(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends markup as is.
    mutating func raw(_ s: String) {
        var s = s
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// Appends escaped element content.
    mutating func text(_ s: String) { escape(s, attribute: false) }

    /// Appends an escaped double-quoted attribute value.
    mutating func attribute(_ s: String) { escape(s, attribute: true) }

    private mutating func escape(_ input: String, attribute: Bool) {
        var s = input
        s.withUTF8 { u in
            var start = 0
            var k = 0
            let n = u.count
            while k < n {
                let b = u[k]
                var replacement: StaticString? = nil
                var skip = 1
                switch b {
                case 0x26: replacement = "&amp;"
                case 0x3C: replacement = "&lt;"
                case 0x3E: replacement = "&gt;"
                case 0x22 where attribute: replacement = "&quot;"
                case 0x09, 0x0A, 0x0D: replacement = " "
                case 0x00..<0x20, 0x7F: replacement = ""
                case 0xC2 where k + 1 < n && u[k + 1] >= 0x80 && u[k + 1] <= 0x9F:
                    replacement = ""; skip = 2  // C1 control
                case 0xEF where k + 2 < n && u[k + 1] == 0xBF && u[k + 2] >= 0xBE:
                    replacement = ""; skip = 3  // U+FFFE, U+FFFF
                default: break
                }
                if let r = replacement {
                    if k > start { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: u[start..<k])) }
                    r.withUTF8Buffer { bytes.append(contentsOf: $0) }
                    k += skip
                    start = k
                } else {
                    k += 1
                }
            }
            if n > start { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: u[start..<n])) }
        }
    }
}

/// Text made safe before it is measured or written: the characters `MarkupWriter` would drop are
/// dropped, white-space controls become spaces, and bidi controls are balanced (`Bidi.neutralize`).
enum SafeRun {
    /// `s` without forbidden characters, with balanced bidi controls.
    static func clean(_ s: String) -> String {
        var dropped = SafeText.clean(s, controls: .drop, bidi: .neutralize)
        // MarkupWriter also drops the noncharacters U+FFFE and U+FFFF.
        if dropped.unicodeScalars.contains(where: { $0.value == 0xFFFE || $0.value == 0xFFFF }) {
            dropped = String(String.UnicodeScalarView(dropped.unicodeScalars.filter { $0.value != 0xFFFE && $0.value != 0xFFFF }))
        }
        return dropped
    }
}
