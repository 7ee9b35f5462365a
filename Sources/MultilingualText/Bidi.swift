internal import CICU

/// The direction of a paragraph or run.
public enum TextDirection: String, Codable, Sendable {
    case ltr, rtl
    /// No strong character: direction follows the context.
    case neutral
}

/// A paragraph level to give the bidi algorithm.
public enum ParagraphLevel: Sendable {
    case ltr, rtl
    /// From the first strong character (UAX #9 P2–P3), left to right when there is none.
    case firstStrongOrLTR
    /// From the first strong character, right to left when there is none.
    case firstStrongOrRTL

    var raw: UInt8 {
        switch self {
        case .ltr: 0
        case .rtl: 1
        case .firstStrongOrLTR: 0xFE
        case .firstStrongOrRTL: 0xFF
        }
    }
}

/// The bidi algorithm run over one text: embedding levels, paragraphs and visual order.
///
/// Owns an ICU `UBiDi` handle and a copy of the text, and closes the handle in `deinit`.
public final class BidiText {
    private let handle: OpaquePointer
    private let units: UnsafeMutableBufferPointer<UInt16>
    /// The text's UTF-16 length (not `units.count`: the buffer has room for one unit when the text is empty).
    public let count: Int

    /// Runs the bidi algorithm on UTF-16 text.
    ///
    /// The corresponding C functions are `ubidi_open` and `ubidi_setPara`.
    public convenience init(units text: [UInt16], level: ParagraphLevel = .firstStrongOrLTR) throws {
        try self.init(units: text, level: level, visualInput: false)
    }

    /// Runs the bidi algorithm; with `visualInput`, the text is read as visual order and the
    /// algorithm computes its logical order (`visualMap()` then gives, for each logical position,
    /// the index in the visual input).
    ///
    /// The corresponding C functions are `ubidi_open`, `ubidi_setReorderingMode`
    /// (`UBIDI_REORDER_INVERSE_LIKE_DIRECT`) and `ubidi_setPara`.
    init(units text: [UInt16], level: ParagraphLevel, visualInput: Bool) throws {
        var st: Int32 = 0
        guard let h = cicu_bidi_open(&st) else { throw ICUError(code: st, operation: "bidi open") }
        handle = h
        if visualInput { cicu_bidi_set_inverse(h) }
        count = text.count
        units = .allocate(capacity: max(text.count, 1))
        _ = units.initialize(from: text)
        cicu_bidi_set_para(h, units.baseAddress, Int32(text.count), level.raw, &st)
        if st > 0 {
            cicu_bidi_close(h)
            units.deallocate()
            throw ICUError(code: st, operation: "bidi")
        }
    }

    /// Runs the bidi algorithm on a string.
    public convenience init(_ text: String, level: ParagraphLevel = .firstStrongOrLTR) throws {
        try self.init(units: Array(text.utf16), level: level)
    }

    deinit {
        cicu_bidi_close(handle)
        units.deallocate()
    }

    /// The embedding level of every UTF-16 unit.
    ///
    /// The corresponding C function is `ubidi_getLevels`.
    public func levels() throws -> [UInt8] {
        if count == 0 { return [] }  // ubidi_getLevels fails on empty text
        var st: Int32 = 0
        let out = [UInt8](unsafeUninitializedCapacity: count) { buf, n in
            cicu_bidi_levels(handle, buf.baseAddress, Int32(count), &st)
            n = count
        }
        try ICUError.check(st, "bidi levels")
        return out
    }

    /// `map[visual] = logical` UTF-16 index.
    ///
    /// The corresponding C function is `ubidi_getVisualMap`.
    public func visualMap() throws -> [Int32] {
        if count == 0 { return [] }
        var st: Int32 = 0
        let out = [Int32](unsafeUninitializedCapacity: count) { buf, n in
            cicu_bidi_visual_map(handle, buf.baseAddress, Int32(count), &st)
            n = count
        }
        try ICUError.check(st, "bidi visual map")
        return out
    }

    /// The paragraphs the algorithm found: UTF-16 range and paragraph level.
    ///
    /// The corresponding C function is `ubidi_getParagraphByIndex`.
    public func paragraphs() throws -> [(range: Range<Int>, level: UInt8)] {
        var st: Int32 = 0
        let n = cicu_bidi_count_paragraphs(handle, &st)
        var result: [(Range<Int>, UInt8)] = []
        for i in 0..<n {
            var s: Int32 = 0, l: Int32 = 0, lev: UInt8 = 0
            cicu_bidi_paragraph(handle, i, &s, &l, &lev, &st)
            try ICUError.check(st, "bidi paragraph")
            result.append((Int(s)..<Int(l), lev))
        }
        return result
    }

    /// The text in visual order, mirrored, optionally without bidi controls.
    ///
    /// The corresponding C function is `ubidi_writeReordered`.
    public func reordered(removingControls: Bool = true) throws -> String {
        let out = try fillUTF16(initialCapacity: count + 8, "bidi reorder") { dest, cap, st in
            cicu_bidi_write_reordered(handle, removingControls, dest, cap, &st)
        }
        return String(utf16Units: out)
    }
}

/// What kind of bidi control a scalar is.
public enum BidiControlKind: String, Codable, Sendable {
    /// LRM, RLM, ALM: invisible strong characters, harmless.
    case mark
    /// LRE, RLE: embeddings, closed by PDF.
    case embedding
    /// LRO, RLO: overrides that reverse how the text after them is shown.
    case override
    /// LRI, RLI, FSI: isolates, closed by PDI.
    case isolate
    /// PDF.
    case popFormatting
    /// PDI.
    case popIsolate
}

/// One bidi control found in a text.
public struct BidiControlFinding: Codable, Equatable, Sendable {
    /// The control as "U+202E".
    public let codePoint: String
    /// Its short name ("RLO").
    public let name: String
    public let kind: BidiControlKind
    /// 1-based line.
    public let line: Int
    /// Why it matters, or nil when it is harmless.
    public let problem: String?
}

/// Bidi facts and bidi safety for stored text.
public enum Bidi {
    /// The logical order of text given in visual order (left to right, as laid out on a page):
    /// `units` are indivisible pieces (the text of one glyph, a letter with its vowel marks, a
    /// ligature's letters already in logical order); the result lists their indices in logical
    /// order. Each unit takes part in the bidi algorithm with the bidi class of its first strong
    /// character (its first character when it has none). Nothing is mirrored: a PDF's text layer
    /// gives characters, not shapes.
    ///
    /// The corresponding C functions are `ubidi_setReorderingMode` (`UBIDI_REORDER_INVERSE_LIKE_DIRECT`),
    /// `ubidi_setPara` and `ubidi_getVisualMap`.
    public static func logicalOrder(visual units: [String], rightToLeft: Bool) throws -> [Int] {
        if units.isEmpty { return [] }
        let standIns: [UInt16] = units.map { unit in
            let scalars = unit.unicodeScalars
            let strong = scalars.first { [0, 1, 13].contains(cicu_bidi_class($0.value)) } ?? scalars.first
            guard let u = strong else { return 0xFFFC }
            if u.value <= 0xFFFF && !(0xD800...0xDFFF).contains(u.value) { return UInt16(u.value) }
            switch cicu_bidi_class(u.value) {
            case 0: return 0x61  // L
            case 1: return 0x05D0  // R
            case 13: return 0x0627  // AL
            case 2: return 0x30  // EN
            case 17: return 0x0300  // NSM
            default: return 0xFFFC  // ON
            }
        }
        let bidi = try BidiText(units: standIns, level: rightToLeft ? .rtl : .ltr, visualInput: true)
        return try bidi.visualMap().map { Int($0) }.filter { $0 >= 0 && $0 < units.count }
    }

    /// Direction from the first strong character of `paragraph` (UAX #9 P2–P3).
    ///
    /// The corresponding C function is `ubidi_getBaseDirection`.
    public static func baseDirection(_ paragraph: String) -> TextDirection {
        let d = withUTF16(paragraph) { cicu_base_direction($0, $1) }
        switch d {
        case 0: return .ltr
        case 1: return .rtl
        default: return .neutral
        }
    }

    /// Direction of every non-empty line (a plain-text paragraph ends at a line feed, UAX #9 BD8).
    public static func paragraphDirections(_ text: String) -> [TextDirection] {
        text.split(separator: "\n", omittingEmptySubsequences: true).map { baseDirection(String($0)) }
    }

    static let controlNames: [UInt32: (String, BidiControlKind)] = [
        0x061C: ("ALM", .mark), 0x200E: ("LRM", .mark), 0x200F: ("RLM", .mark),
        0x202A: ("LRE", .embedding), 0x202B: ("RLE", .embedding), 0x202C: ("PDF", .popFormatting),
        0x202D: ("LRO", .override), 0x202E: ("RLO", .override),
        0x2066: ("LRI", .isolate), 0x2067: ("RLI", .isolate), 0x2068: ("FSI", .isolate), 0x2069: ("PDI", .popIsolate),
    ]

    /// Lists every bidi control in `text` with what is wrong with it: overrides, openers left open
    /// at the end of their paragraph, and closers with nothing to close.
    public static func inventory(_ text: String) -> [BidiControlFinding] {
        var findings: [BidiControlFinding] = []
        var line = 1
        var stack: [(index: Int, kind: BidiControlKind)] = []  // open embeddings/overrides/isolates
        func closeParagraph() {
            for open in stack {
                let f = findings[open.index]
                findings[open.index] = BidiControlFinding(
                    codePoint: f.codePoint, name: f.name, kind: f.kind, line: f.line,
                    problem: f.problem.map { $0 + "; not closed before the end of its paragraph" }
                        ?? "not closed before the end of its paragraph")
            }
            stack.removeAll()
        }
        for scalar in text.unicodeScalars {
            if scalar == "\n" { closeParagraph(); line += 1; continue }
            guard CharacterProperties.isBidiControl(scalar), let (name, kind) = controlNames[scalar.value] else { continue }
            let cp = "U+" + String(scalar.value, radix: 16, uppercase: true).leftPadded(4)
            var problem: String? = nil
            switch kind {
            case .override: problem = "overrides the direction of the text after it"
            case .popFormatting:
                if let i = stack.lastIndex(where: { $0.kind == .embedding || $0.kind == .override }),
                    !stack[i...].contains(where: { $0.kind == .isolate })
                {
                    stack.removeSubrange(i...)
                } else {
                    problem = "closes nothing"
                }
            case .popIsolate:
                if let i = stack.lastIndex(where: { $0.kind == .isolate }) {
                    stack.removeSubrange(i...)
                } else {
                    problem = "closes nothing"
                }
            default: break
            }
            findings.append(BidiControlFinding(codePoint: cp, name: name, kind: kind, line: line, problem: problem))
            if kind == .embedding || kind == .override || kind == .isolate {
                stack.append((findings.count - 1, kind))
            }
        }
        closeParagraph()
        return findings
    }

    /// True when the text holds any of ALM, LRM, RLM, LRE…RLO, LRI…PDI: a scan of the UTF-8 bytes
    /// (U+061C is D8 9C; U+200E–U+206F start with E2 80 or E2 81), so clean text costs one pass.
    public static func containsBidiControl(_ text: String) -> Bool {
        var t = text
        return t.withUTF8 { b in
            let n = b.count
            var i = 0
            while i + 1 < n {
                let c = b[i]
                if c == 0xD8 && b[i + 1] == 0x9C { return true }
                if c == 0xE2 && i + 2 < n {
                    let c1 = b[i + 1], c2 = b[i + 2]
                    if c1 == 0x80 && (c2 == 0x8E || c2 == 0x8F || (c2 >= 0xAA && c2 <= 0xAE)) { return true }
                    if c1 == 0x81 && c2 >= 0xA6 && c2 <= 0xA9 { return true }
                }
                i += 1
            }
            return false
        }
    }

    /// Makes a field safe to place inside other text: removes overrides and closers that close
    /// nothing, and closes what is left open, paragraph by paragraph. Marks, balanced embeddings and
    /// isolates stay. Wrap the result in an isolate (FSI…PDI, `<bdi>`) where it is placed.
    public static func neutralize(_ text: String) -> String {
        if !containsBidiControl(text) { return text }
        var out = String.UnicodeScalarView()
        var stack: [Unicode.Scalar] = []  // closers owed
        var overrideDepth: [Bool] = []  // parallel to embeddings/overrides on the stack
        func flush() {
            while let closer = stack.popLast() {
                let wasOverride = closer == "\u{202C}" ? (overrideDepth.popLast() ?? false) : false
                if !wasOverride { out.append(closer) }
            }
        }
        for s in text.unicodeScalars {
            if s == "\n" { flush(); out.append(s); continue }
            switch s.value {
            case 0x202A, 0x202B:
                stack.append("\u{202C}"); overrideDepth.append(false); out.append(s)
            case 0x202D, 0x202E:
                stack.append("\u{202C}"); overrideDepth.append(true)  // dropped
            case 0x2066, 0x2067, 0x2068:
                stack.append("\u{2069}"); out.append(s)
            case 0x202C:
                if stack.last == "\u{202C}" {
                    stack.removeLast()
                    if !(overrideDepth.popLast() ?? false) { out.append(s) }
                }
            case 0x2069:
                if let i = stack.lastIndex(of: "\u{2069}") {
                    while stack.count > i + 1 {
                        let c = stack.removeLast()
                        if c == "\u{202C}", !(overrideDepth.popLast() ?? false) { out.append(c) }
                    }
                    stack.removeLast()
                    out.append(s)
                }
            default: out.append(s)
            }
        }
        flush()
        return String(out)
    }

    /// One line of text as a terminal without bidi support should print it: Arabic letters shaped,
    /// runs in visual order, controls removed.
    public static func visualLine(_ line: String, level: ParagraphLevel = .firstStrongOrLTR) throws -> String {
        if line.isEmpty { return line }
        let shaped = try ArabicShaping.shape(line)
        return try BidiText(shaped, level: level).reordered(removingControls: true)
    }
}

/// Arabic shaping for terminals that do not shape.
public enum ArabicShaping {
    /// Replaces Arabic letters by their contextual presentation forms (logical order kept).
    ///
    /// The corresponding C function is `u_shapeArabic`.
    public static func shape(_ text: String) throws -> String {
        let units = Array(text.utf16)
        if !units.contains(where: { $0 >= 0x0600 && $0 <= 0x06FF }) { return text }
        let out = try units.withUnsafeBufferPointer { src in
            try fillUTF16(initialCapacity: src.count + 8, "Arabic shaping") { d, cap, st in
                cicu_shape_arabic(src.baseAddress, Int32(src.count), d, cap, &st)
            }
        }
        return String(utf16Units: out)
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
