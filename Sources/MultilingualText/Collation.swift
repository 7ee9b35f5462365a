internal import CICU

/// Language-aware ordering with an ICU collator ("Costa Rica, Côte d'Ivoire, Croatia").
public final class Collator {
    private let handle: OpaquePointer

    /// Opens the collator for a locale ("en", "fr", "ar").
    ///
    /// The corresponding C function is `ucol_open`.
    public init(locale: String) throws {
        var st: Int32 = 0
        guard let h = cicu_collator_open(locale, &st), st <= 0 else {
            throw ICUError(code: st, operation: "collator for \(locale)")
        }
        handle = h
    }

    deinit { cicu_collator_close(handle) }

    /// True when `a` sorts before `b`.
    ///
    /// The corresponding C function is `ucol_strcoll`.
    public func less(_ a: String, _ b: String) -> Bool {
        let ua = Array(a.utf16), ub = Array(b.utf16)
        return ua.withUnsafeBufferPointer { pa in
            ub.withUnsafeBufferPointer { pb in
                cicu_collator_compare(handle, pa.baseAddress, Int32(pa.count), pb.baseAddress, Int32(pb.count)) < 0
            }
        }
    }

    /// The strings in this collator's order.
    public func sorted(_ strings: [String]) -> [String] { strings.sorted(by: less) }
}

/// Lists joined the way a language joins them.
public enum ListFormat {
    /// Joins items with ICU's list pattern for `locale` ("en-GB": "Egypt, France and Peru").
    ///
    /// The corresponding C function is `ulistfmt_format`.
    public static func join(_ items: [String], locale: String) throws -> String {
        if items.isEmpty { return "" }
        if items.count == 1 { return items[0] }
        let arrays = items.map { Array($0.utf16) }
        var pointers: [UnsafeMutablePointer<UInt16>?] = []
        defer { pointers.forEach { $0?.deallocate() } }
        for a in arrays {
            let p = UnsafeMutablePointer<UInt16>.allocate(capacity: max(a.count, 1))
            p.initialize(from: a, count: a.count)
            pointers.append(p)
        }
        let lengths = arrays.map { Int32($0.count) }
        let total = arrays.reduce(0) { $0 + $1.count } + 16 * items.count
        let out = try pointers.withUnsafeBufferPointer { pp in
            try pp.withMemoryRebound(to: UnsafePointer<UInt16>?.self) { cp in
                try fillUTF16(initialCapacity: total, "list formatting") { d, cap, st in
                    cicu_list_format(locale, cp.baseAddress, lengths, Int32(items.count), d, cap, &st)
                }
            }
        }
        return String(utf16Units: out)
    }
}

/// UTS #39 spoof checks for names.
///
/// Sendable: the checker is configured once in `init` and never changed; ICU documents the check
/// and skeleton functions as thread safe on one configured `USpoofChecker` ("they may be called
/// concurrently, from multiple threads, using the same USpoofChecker instance", uspoof.h).
public final class SpoofChecker: @unchecked Sendable {
    private let handle: OpaquePointer

    /// The corresponding C function is `uspoof_open` (highly restrictive, mixed-script confusables).
    public init() throws {
        var st: Int32 = 0
        guard let h = cicu_spoof_open(&st) else { throw ICUError(code: st, operation: "spoof checker") }
        handle = h
    }

    deinit { cicu_spoof_close(handle) }

    /// True when ICU finds the name suspicious (mixed scripts, invisible characters, mixed digits).
    ///
    /// The corresponding C function is `uspoof_check2`.
    public func isSuspicious(_ name: String) -> Bool {
        let u = Array(name.utf16)
        var st: Int32 = 0
        let r = u.withUnsafeBufferPointer { cicu_spoof_check(handle, $0.baseAddress, Int32($0.count), &st) }
        return st > 0 || r != 0
    }

    /// The confusable skeleton: two names that look alike have the same skeleton.
    ///
    /// The corresponding C function is `uspoof_getSkeleton`.
    public func skeleton(_ name: String) -> String {
        let u = Array(name.utf16)
        let out = try? u.withUnsafeBufferPointer { src in
            try fillUTF16(initialCapacity: src.count * 3 + 8, "skeleton") { d, cap, st in
                cicu_spoof_skeleton(handle, src.baseAddress, Int32(src.count), d, cap, &st)
            }
        }
        return out.map { String(utf16Units: $0) } ?? name
    }
}
