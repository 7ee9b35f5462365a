internal import CICU

/// An error reported by ICU, with its code and ICU's name for it.
public struct ICUError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The raw `UErrorCode`.
    public let code: Int32
    /// What was being done when ICU failed.
    public let operation: String

    /// ICU's name for the code ("U_INVALID_CHAR_FOUND").
    public var name: String { String(cString: cicu_error_name(code)) }
    public var description: String { "ICU \(operation) failed: \(name)" }

    static func check(_ status: Int32, _ operation: String) throws {
        if status > 0 { throw ICUError(code: status, operation: operation) }
    }
}

/// Facts about the ICU library RoomPaper runs on.
public enum ICU {
    /// ICU's version, for example "72.1".
    public static var version: String {
        var buf = [CChar](repeating: 0, count: 32)
        cicu_icu_version(&buf, 32)
        return String(cBuffer: buf)
    }
    /// The Unicode version ICU implements, for example "15.0".
    public static var unicodeVersion: String {
        var buf = [CChar](repeating: 0, count: 32)
        cicu_unicode_version(&buf, 32)
        return String(cBuffer: buf)
    }
}

let U_BUFFER_OVERFLOW_ERROR: Int32 = 15

/// Calls an ICU function that fills a UTF-16 buffer, growing the buffer once on
/// `U_BUFFER_OVERFLOW_ERROR`.
@inline(__always)
func fillUTF16(
    initialCapacity: Int, _ operation: String,
    _ body: (UnsafeMutablePointer<UInt16>, Int32, inout Int32) -> Int32
) throws -> [UInt16] {
    var capacity = max(initialCapacity, 1)
    for _ in 0..<2 {
        var status: Int32 = 0
        var needed: Int32 = 0
        let out = [UInt16](unsafeUninitializedCapacity: capacity) { buf, count in
            needed = body(buf.baseAddress!, Int32(capacity), &status)
            count = status == U_BUFFER_OVERFLOW_ERROR ? 0 : min(Int(needed), capacity)
        }
        if status == U_BUFFER_OVERFLOW_ERROR {
            capacity = Int(needed) + 1
            continue
        }
        try ICUError.check(status, operation)
        return out
    }
    throw ICUError(code: U_BUFFER_OVERFLOW_ERROR, operation: operation)
}

extension String {
    /// Makes a String from UTF-16 code units.
    init(utf16Units: [UInt16]) {
        self = utf16Units.withUnsafeBufferPointer { String(decoding: $0, as: UTF16.self) }
    }
}

/// Calls body with the string's UTF-16 units (no copy when the caller already has an array).
@inline(__always)
func withUTF16<R>(_ s: String, _ body: (UnsafePointer<UInt16>, Int32) throws -> R) rethrows -> R {
    let units = Array(s.utf16)
    return try units.withUnsafeBufferPointer { buf in
        try body(buf.baseAddress ?? UnsafePointer(bitPattern: 1)!, Int32(buf.count))
    }
}

extension String {
    /// The text of a NUL-terminated C buffer filled by ICU (UTF-8, cut at the first NUL).
    init(cBuffer: [CChar]) {
        self.init(decoding: cBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
