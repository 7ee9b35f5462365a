import Foundation
import MultilingualText

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Store {
    /// `analysis.json` as the store's encoder writes it, byte for byte, without building the
    /// encoder's tree for every line direction: a 200 MB text has a million lines, and the tree of
    /// their directions took more memory than the whole streamed registration. The directions are
    /// written by hand into the encoding of the analysis with one direction.
    public static func encodeAnalysis(_ analysis: TextAnalysis) throws -> Data {
        var out = Data()
        try encodeAnalysis(analysis) { out.append(contentsOf: $0) }
        return out
    }

    /// Writes `analysis.json` into a new file, 64 KiB at a time (as `FileIO.writeNew`: created,
    /// written, fsynced).
    static func writeAnalysis(_ analysis: TextAnalysis, to url: URL) throws {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        if fd < 0 { throw StoreError.ioFailure(file: url.path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        try encodeAnalysis(analysis) { bytes in try FileIO.writeAll(fd, bytes, path: url.path) }
        if fsync(fd) != 0 { throw StoreError.ioFailure(file: url.path, reason: String(cString: strerror(errno))) }
    }

    /// The encoding in pieces of at most about 64 KiB, in order.
    static func encodeAnalysis(_ analysis: TextAnalysis, _ sink: ([UInt8]) throws -> Void) throws {
        guard analysis.directions.count > 64 else { return try sink(Array(try encoder.encode(analysis))) }
        var one = analysis
        one.directions = [.neutral]
        let single = String(decoding: try encoder.encode(one), as: UTF8.self)
        guard let open = single.range(of: "\"directions\" : ["),
            let element = single.range(of: "\"neutral\"", range: open.upperBound..<single.endIndex)
        else { return try sink(Array(try encoder.encode(analysis))) }
        let lead = Array(single[open.upperBound..<element.lowerBound].utf8)  // line feed and indentation
        let ltr = Array("\"ltr\"".utf8), rtl = Array("\"rtl\"".utf8), neutral = Array("\"neutral\"".utf8)
        var out = Array(single[..<open.upperBound].utf8)
        var first = true
        for d in analysis.directions {
            if !first { out.append(0x2C) }  // ","
            first = false
            out += lead
            switch d {
            case .ltr: out += ltr
            case .rtl: out += rtl
            case .neutral: out += neutral
            }
            if out.count >= 1 << 16 {
                try sink(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        out += single[element.upperBound...].utf8
        try sink(out)
    }
}
