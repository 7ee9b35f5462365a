import Foundation

/// A calendar date without time, as the paper and the records use it ("2020-10-09").
public struct CalendarDate: Codable, Comparable, Hashable, Sendable, CustomStringConvertible {
    public let year: Int, month: Int, day: Int

    /// Parses YYYY-MM-DD strictly (a real calendar date, four-digit year).
    public init(iso text: String) throws {
        // fast path: exactly "YYYY-MM-DD" in ASCII digits
        let u = Array(text.utf8)
        if u.count == 10, u[4] == 45, u[7] == 45 {
            func num(_ r: Range<Int>) -> Int? {
                var v = 0
                for i in r { guard u[i] >= 48 && u[i] <= 57 else { return nil }; v = v * 10 + Int(u[i] - 48) }
                return v
            }
            if let y = num(0..<4), let m = num(5..<7), let d = num(8..<10), (1...12).contains(m), d >= 1,
                d <= CalendarDate.daysIn(month: m, year: y), y >= 1900, y <= 2999
            {
                year = y; month = m; day = d
                return
            }
        }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
            (1...12).contains(m), d >= 1, d <= CalendarDate.daysIn(month: m, year: y), y >= 1900, y <= 2999
        else { throw StoreError.badDate(text) }
        year = y; month = m; day = d
    }

    public init(year: Int, month: Int, day: Int) {
        self.year = year; self.month = month; self.day = day
    }

    /// The UTC calendar date of an instant.
    public init(utc date: Date) {
        self.init(date, in: TimeZone(identifier: "UTC")!)
    }

    /// The calendar date of an instant in a time zone (Foundation's calendar and zone rules).
    public init(_ date: Date, in zone: TimeZone) {
        let c = Calendar(identifier: .gregorian).dateComponents(in: zone, from: date)
        self.init(year: c.year!, month: c.month!, day: c.day!)
    }

    /// The number of days from `self` to `other` (negative when `other` is earlier).
    public func days(to other: CalendarDate) -> Int {
        func ordinal(_ d: CalendarDate) -> Int {
            // Days since 0000-03-01 in the proleptic Gregorian calendar.
            let y = d.month <= 2 ? d.year - 1 : d.year
            let m = d.month <= 2 ? d.month + 9 : d.month - 3
            return 365 * y + y / 4 - y / 100 + y / 400 + (153 * m + 2) / 5 + d.day - 1
        }
        return ordinal(other) - ordinal(self)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public var description: String {
        func pad(_ n: Int, _ w: Int) -> String {
            let s = String(n)
            return s.count >= w ? s : String(repeating: "0", count: w - s.count) + s
        }
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        try self.init(iso: try c.decode(String.self))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// The clock records are stamped with: the system's, or a fixed instant (the executable fixes it
/// from `CRP_NOW` for reproducible records; tests build their own).
public struct Clock: Sendable {
    /// The instant this clock always gives, or nil for the system clock.
    public let fixed: Date?
    /// The zone whose calendar day is "today": the duty station's (`timezone` in paper.yaml, else
    /// the computer's, which the executable passes in); UTC when none is given.
    public let timeZone: TimeZone

    public init(fixed: Date? = nil, timeZone: TimeZone = TimeZone(identifier: "UTC")!) { self.fixed = fixed; self.timeZone = timeZone }

    /// The system clock.
    public static let system = Clock()

    public func now() -> Date { fixed ?? Date() }

    /// Today in the clock's time zone: the day a text received now is recorded under.
    public func today() -> CalendarDate { CalendarDate(now(), in: timeZone) }

    /// The same clock, its days taken in `zone`.
    public func inZone(_ zone: TimeZone) -> Clock { Clock(fixed: fixed, timeZone: zone) }

    /// Parses an ISO 8601 instant ("2020-09-14T10:00:00Z", fractional seconds allowed).
    public static func parse(_ s: String) -> Date? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        if let d = f.date(from: s) { return d }
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.date(from: s)
    }

    /// "2020-09-14T10:00:00.123Z".
    public static func stamp(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: d)
    }

    /// "20200914T100000123Z": sorts in time order, safe in a file name.
    public static func compactStamp(_ d: Date) -> String {
        let ms = Int((d.timeIntervalSince1970 * 1000).rounded(.down))
        let c = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: d)
        return String(format: "%04d%02d%02dT%02d%02d%02d%03dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!, ms % 1000)
    }
}
