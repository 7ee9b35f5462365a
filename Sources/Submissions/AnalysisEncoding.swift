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
        let lead = single[open.upperBound..<element.lowerBound]  // line feed and indentation
        var out = String(single[..<open.upperBound])
        out.reserveCapacity(single.utf8.count + analysis.directions.count * (lead.utf8.count + 10))
        var first = true
        for d in analysis.directions {
            if !first { out += "," }
            first = false
            out += lead
            out += "\""
            out += d.rawValue
            out += "\""
        }
        out += single[element.upperBound...]
        return Data(out.utf8)
    }
}
