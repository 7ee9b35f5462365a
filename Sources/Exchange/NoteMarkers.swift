import Foundation

/// A State's note markers in exchanged text: `[^1]` where a note of its Word file is referred to
/// (the stored form, see RoomPaper's `StateText`). In XLIFF they travel as inline codes — `<ph>`
/// in 2.x, `<x>` in 1.2, with the marker as their `equiv` / `equiv-text` — never as raw text a
/// translator could cut or translate, and they are read back into the marker on import.
public enum NoteMarkers {
    /// The id prefix of the codes RoomPaper writes for markers ("fn1", "fn2"… within a unit).
    static let idPrefix = "fn"

    /// True for a marker as stored: `[^` + up to 8 characters without blanks or brackets + `]`.
    public static func isMarker(_ s: Substring) -> Bool {
        guard s.hasPrefix("[^"), s.hasSuffix("]"), s.count >= 4 else { return false }
        let inner = s.dropFirst(2).dropLast()
        return inner.count <= 8 && !inner.contains(where: { $0 == "[" || $0 == "^" || $0 == "]" || $0.isWhitespace })
    }

    /// The text cut into plain pieces and markers, in order.
    public static func split(_ s: String) -> [(text: String, isMarker: Bool)] {
        var out: [(String, Bool)] = []
        var rest = Substring(s)
        while let open = rest.range(of: "[^") {
            guard let close = rest[open.upperBound...].firstIndex(of: "]") else { break }
            let candidate = rest[open.lowerBound...close]
            if !isMarker(candidate) {
                out.append((String(rest[..<open.upperBound]), false))
                rest = rest[open.upperBound...]
                continue
            }
            if open.lowerBound > rest.startIndex { out.append((String(rest[..<open.lowerBound]), false)) }
            out.append((String(candidate), true))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { out.append((String(rest), false)) }
        // Neighbouring plain pieces joined.
        var merged: [(text: String, isMarker: Bool)] = []
        for p in out {
            if !p.1, let last = merged.last, !last.isMarker { merged[merged.count - 1].text += p.0 } else { merged.append((p.0, p.1)) }
        }
        return merged
    }

    /// Sentence pieces (which join to the paragraph) with no boundary inside a marker: a boundary
    /// that falls inside one moves to the marker's end.
    static func keepingWhole(_ raws: [String]) -> [String] {
        let paragraph = raws.joined()
        guard paragraph.contains("[^") else { return raws }
        let chars = Array(paragraph)
        // Marker spans as character offsets [start, end).
        var spans: [(Int, Int)] = []
        var offset = 0
        for p in split(paragraph) {
            let n = p.text.count
            if p.isMarker { spans.append((offset, offset + n)) }
            offset += n
        }
        var boundaries: [Int] = []
        var at = 0
        for r in raws.dropLast() {
            at += r.count
            var b = at
            for (s, e) in spans where s < b && b < e { b = e }
            if boundaries.last.map({ $0 < b }) ?? true, b < chars.count { boundaries.append(b) }
        }
        var out: [String] = []
        var start = 0
        for b in boundaries where b > start {
            out.append(String(chars[start..<b]))
            start = b
        }
        out.append(String(chars[start...]))
        return out.filter { !$0.isEmpty }
    }
}
