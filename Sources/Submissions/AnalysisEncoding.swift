import Foundation
import MultilingualText

extension Store {
    /// `analysis.json` as the store's encoder writes it, byte for byte, without building the
    /// encoder's tree for every line direction: a 200 MB text has a million lines, and the tree of
    /// their directions took more memory than the whole streamed registration. The directions are
    /// written by hand into the encoding of the analysis with one direction.
    public static func encodeAnalysis(_ analysis: TextAnalysis) throws -> Data {
        guard analysis.directions.count > 64 else { return try encoder.encode(analysis) }
        var one = analysis
        one.directions = [.neutral]
        let single = String(decoding: try encoder.encode(one), as: UTF8.self)
        guard let open = single.range(of: "\"directions\" : ["),
            let element = single.range(of: "\"neutral\"", range: open.upperBound..<single.endIndex)
        else { return try encoder.encode(analysis) }
        let lead = Array(single[open.upperBound..<element.lowerBound].utf8)  // line feed and indentation
        let names: [TextDirection: [UInt8]] = [.ltr: Array("\"ltr\"".utf8), .rtl: Array("\"rtl\"".utf8), .neutral: Array("\"neutral\"".utf8)]
        let head = single[..<open.upperBound].utf8, tail = single[element.upperBound...].utf8
        var out = Data(capacity: head.count + tail.count + analysis.directions.count * (lead.count + 10))
        out.append(contentsOf: head)
        var first = true
        for d in analysis.directions {
            if !first { out.append(0x2C) }  // ","
            first = false
            out.append(contentsOf: lead)
            out.append(contentsOf: names[d]!)
        }
        out.append(contentsOf: tail)
        return out
    }
}
