import Foundation

extension Clock {
    /// An event's instant ("2020-09-25T10:00:00.000Z", as `stamp` writes it) as people at the duty
    /// station read it: "2020-09-25 12:00:00 GMT+2" in the clock's time zone ("UTC" when that is
    /// the zone). Nil when `stamp` is not an ISO 8601 instant.
    public func local(_ stamp: String) -> String? {
        guard let date = Clock.parse(stamp) else { return nil }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.calendar = Calendar(identifier: .gregorian)
        f.timeZone = timeZone
        f.dateFormat = "yyyy-MM-dd HH:mm:ss"
        let seconds = timeZone.secondsFromGMT(for: date)
        let zone: String
        if seconds == 0 {
            zone = "UTC"
        } else {
            let m = abs(seconds) / 60
            zone = "UTC" + (seconds < 0 ? "-" : "+") + String(m / 60) + (m % 60 == 0 ? "" : String(format: ":%02d", m % 60))
        }
        return f.string(from: date) + " " + zone
    }
}
