import Foundation
import TestSupport
import Testing

@testable import MultilingualText

/// Access to the Unicode Character Database test files that Debian's `unicode-data` package installs
/// under /usr/share/unicode, plus small byte-level parsers for them (the files are large: parsing
/// through `String.split` would be slow in debug builds).
enum UnicodeDataFiles {
    /// Debian's location; CRP_UNICODE_DATA_DIR overrides it (another layout, or checking the missing-file path).
    static var directory: String {
        ProcessInfo.processInfo.environment["CRP_UNICODE_DATA_DIR"] ?? "/usr/share/unicode"
    }

    /// CRP_ALLOW_MISSING_UNICODE_DATA=1 turns a missing file into a printed "SKIPPED" line.
    static var allowMissing: Bool {
        ProcessInfo.processInfo.environment["CRP_ALLOW_MISSING_UNICODE_DATA"] == "1"
    }

    /// The bytes of `relativePath` (plain, or `.bz2` decompressed in memory with `bzip2 -dc`), or nil
    /// after recording an issue (or printing "SKIPPED: …" when missing files are allowed).
    static func load(_ relativePath: String, sourceLocation: SourceLocation = #_sourceLocation) -> [UInt8]? {
        let plain = directory + "/" + relativePath
        let fm = FileManager.default
        if fm.isReadableFile(atPath: plain) {
            guard let data = fm.contents(atPath: plain) else {
                Issue.record(Comment(rawValue: "cannot read \(plain)"), sourceLocation: sourceLocation)
                return nil
            }
            return [UInt8](data)
        }
        let compressed = plain + ".bz2"
        if fm.isReadableFile(atPath: compressed) {
            do {
                return try bunzip2(compressed)
            } catch {
                missing("\(compressed) exists but could not be decompressed (\(error)); install bzip2", sourceLocation)
                return nil
            }
        }
        missing("\(plain) (or \(compressed)) not found; install Debian's unicode-data (apt-get install unicode-data)", sourceLocation)
        return nil
    }

    private static func missing(_ message: String, _ sourceLocation: SourceLocation) {
        if allowMissing {
            Clients.skipped("\(message) [CRP_ALLOW_MISSING_UNICODE_DATA=1]")
        } else {
            Issue.record(
                Comment(rawValue: message + " — or set CRP_ALLOW_MISSING_UNICODE_DATA=1 to skip"),
                sourceLocation: sourceLocation)
        }
    }

    struct ProcessFailure: Error, CustomStringConvertible {
        let description: String
    }

    /// `bzip2 -dc path`, read into memory (through TestSupport's process harness).
    static func bunzip2(_ path: String) throws -> [UInt8] {
        let r = try Proc.run("bzip2", ["-dc", path], timeout: 300)
        guard r.ok, !r.outputCut else { throw ProcessFailure(description: "bzip2 -dc \(path) failed: \(r)") }
        return [UInt8](r.stdout)
    }

    // MARK: - Byte-level parsing

    /// Lines of a file with their 1-based line numbers, comments (from '#') and '\r' removed.
    /// Lines that are empty after that are skipped.
    static func dataLines(_ bytes: [UInt8]) -> [(number: Int, text: ArraySlice<UInt8>)] {
        var result: [(Int, ArraySlice<UInt8>)] = []
        var number = 0
        var start = 0
        let n = bytes.count
        while start < n {
            number += 1
            var end = start
            var commentAt = -1
            while end < n && bytes[end] != 0x0A {
                if commentAt < 0 && bytes[end] == 0x23 { commentAt = end }
                end += 1
            }
            var stop = commentAt >= 0 ? commentAt : end
            while stop > start && (bytes[stop - 1] == 0x20 || bytes[stop - 1] == 0x09 || bytes[stop - 1] == 0x0D) {
                stop -= 1
            }
            if stop > start { result.append((number, bytes[start..<stop])) }
            start = end + 1
        }
        return result
    }

    /// Splits a line at `separator` (fields keep their surrounding spaces).
    static func fields(_ line: ArraySlice<UInt8>, separator: UInt8 = 0x3B) -> [ArraySlice<UInt8>] {
        line.split(separator: separator, omittingEmptySubsequences: false)
    }

    /// Whitespace-separated tokens.
    static func tokens(_ field: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        field.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 })
    }

    static func hex(_ token: ArraySlice<UInt8>) -> UInt32? {
        var v: UInt32 = 0
        if token.isEmpty { return nil }
        for b in token {
            let d: UInt32
            switch b {
            case 0x30...0x39: d = UInt32(b - 0x30)
            case 0x41...0x46: d = UInt32(b - 0x41 + 10)
            case 0x61...0x66: d = UInt32(b - 0x61 + 10)
            default: return nil
            }
            v = v << 4 | d
        }
        return v
    }

    static func decimal(_ token: ArraySlice<UInt8>) -> Int? {
        var v = 0
        if token.isEmpty { return nil }
        for b in token {
            guard b >= 0x30 && b <= 0x39 else { return nil }
            v = v * 10 + Int(b - 0x30)
        }
        return v
    }

    /// A field of space-separated hex code points ("0044 0307") as code points.
    static func codePoints(_ field: ArraySlice<UInt8>) -> [UInt32]? {
        var out: [UInt32] = []
        for t in tokens(field) {
            guard let v = hex(t) else { return nil }
            out.append(v)
        }
        return out
    }

    static func utf16(_ codePoints: [UInt32]) -> [UInt16] {
        var out: [UInt16] = []
        out.reserveCapacity(codePoints.count)
        for cp in codePoints { appendUTF16(cp, to: &out) }
        return out
    }

    static func appendUTF16(_ cp: UInt32, to out: inout [UInt16]) {
        if cp < 0x10000 {
            out.append(UInt16(cp))
        } else {
            let v = cp - 0x10000
            out.append(UInt16(0xD800 + (v >> 10)))
            out.append(UInt16(0xDC00 + (v & 0x3FF)))
        }
    }

    static func hexString(_ units: [UInt16]) -> String {
        units.map { String($0, radix: 16, uppercase: true).leftPadded4 }.joined(separator: " ")
    }
}

/// Known-deviation fixtures under Tests/MultilingualTextTests/Fixtures (read through #filePath: the
/// package manifest declares no test resources).
enum Fixtures {
    static var directory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    }

    /// The known deviations of ICU from a Unicode conformance file, as a fixture lists them.
    ///
    /// Format: a line `icu MAJOR` (the ICU the list was derived from), then one line per deviation:
    /// `LINE ; ASPECTS ; ICU'S OUTPUT` — which aspects deviate (e.g. `levels,visual order` or
    /// `break positions`) and what ICU gives on that line. A listed line passes only when ICU still
    /// deviates there in exactly the listed aspects with exactly the listed output, so a new
    /// regression on a listed line fails; on another ICU major version the list excuses nothing.
    struct KnownDeviations {
        var icuMajor: String
        var entries: [Int: String]

        static func load(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) -> KnownDeviations? {
            let url = directory.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                Issue.record(Comment(rawValue: "fixture \(url.path) is missing"), sourceLocation: sourceLocation)
                return nil
            }
            var major: String? = nil
            var entries: [Int: String] = [:]
            for line in UnicodeDataFiles.dataLines([UInt8](data)) {
                let text = String(decoding: line.text, as: UTF8.self).trimmingCharacters(in: .whitespaces)
                if text.hasPrefix("icu ") { major = String(text.dropFirst(4)).trimmingCharacters(in: .whitespaces); continue }
                let parts = text.split(separator: ";", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, let n = Int(parts[0]), !parts[1].isEmpty else {
                    Issue.record(Comment(rawValue: "\(name):\(line.number): not `LINE ; ASPECTS ; OUTPUT`"), sourceLocation: sourceLocation)
                    continue
                }
                entries[n] = parts[1]
            }
            guard let major else {
                Issue.record(Comment(rawValue: "\(name) does not say which ICU it was derived from (`icu MAJOR`)"), sourceLocation: sourceLocation)
                return nil
            }
            return KnownDeviations(icuMajor: major, entries: entries)
        }

        /// `signature` is `ASPECTS ; OUTPUT` for every deviating line of this run.
        func check(_ actual: [Int: String], fixture: String, sourceLocation: SourceLocation = #_sourceLocation) {
            let running = ICU.version.split(separator: ".").first.map(String.init) ?? ICU.version
            if running != icuMajor {
                Issue.record(
                    Comment(
                        rawValue: """
                            Fixtures/\(fixture) lists the deviations of ICU \(icuMajor); this is ICU \(ICU.version).                     Re-derive the list against ICU \(running) directly (see the file's header); until then no deviation is excused.
                            """), sourceLocation: sourceLocation)
            }
            let excused = running == icuMajor ? entries : [:]
            let unexplained = actual.keys.filter { excused[$0] == nil }.sorted()
            #expect(
                unexplained.isEmpty, "deviations not listed in Fixtures/\(fixture): \(unexplained.prefix(10).map { "line \($0): \(actual[$0]!)" })",
                sourceLocation: sourceLocation)
            let changed = actual.keys.filter { excused[$0] != nil && excused[$0] != actual[$0] }.sorted()
            #expect(
                changed.isEmpty,
                "listed lines that now deviate differently: \(changed.prefix(10).map { "line \($0): listed \(excused[$0]!), now \(actual[$0]!)" })",
                sourceLocation: sourceLocation)
            let stale = excused.keys.filter { actual[$0] == nil }.sorted()
            #expect(stale.isEmpty, "lines listed in Fixtures/\(fixture) that now pass: \(stale)", sourceLocation: sourceLocation)
        }
    }
}

extension String {
    var leftPadded4: String { count >= 4 ? self : String(repeating: "0", count: 4 - count) + self }
}
