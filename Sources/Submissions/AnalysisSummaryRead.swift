import Foundation

extension Store {
    /// Reads one submission for its summary (`StatusIndex`): the record, its events and the
    /// current analysis without its line directions (`analysisWithoutDirections`). A store that
    /// holds a 100 MB text has an `analysis.json` with a million directions, and decoding them took
    /// more memory than streaming a new 100 MB registration did (76 MiB instead of 50 MiB peak).
    func loadForSummary(id: String) throws -> Submission {
        var sub = try load(id: id, written: nil, analysis: false)
        sub.analysis = analysisWithoutDirections(path: analysisPath(sub, version: sub.version))
        return sub
    }

    /// The `analysis.json` at `path` with `directions` left empty, read 64 KiB at a time: the
    /// directions array (as `encodeAnalysis` writes it, one short string per line) is skipped while
    /// reading, and the rest (a few kilobytes) is decoded by the store's decoder. Nil when the file
    /// cannot be read or is not a valid analysis.
    func analysisWithoutDirections(path: String) -> TextAnalysis? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let marker = Array("\"directions\" : [".utf8)
        var kept: [UInt8] = []
        var matched = 0  // bytes of `marker` matched so far
        var skipping = false  // inside the directions array
        while true {
            guard let chunk = try? handle.read(upToCount: 1 << 16), !chunk.isEmpty else { break }
            chunk.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
                var i = 0
                let n = raw.count
                while i < n {
                    if skipping {
                        // The elements are "ltr", "rtl" or "neutral": the first "]" closes the array.
                        guard let end = raw[i..<n].firstIndex(of: UInt8(ascii: "]")) else { i = n; break }
                        skipping = false
                        i = end
                        continue
                    }
                    let b = raw[i]
                    kept.append(b)
                    if b == marker[matched] {
                        matched += 1
                        if matched == marker.count { skipping = true; matched = 0 }
                    } else {
                        matched = b == marker[0] ? 1 : 0
                    }
                    i += 1
                }
            }
        }
        return try? Self.decoder.decode(TextAnalysis.self, from: Data(kept))
    }
}
