import Foundation

/// A signed-in session: who, when it began and was last used, and the token its forms carry.
struct Session: Sendable {
    let token: String
    let user: String
    let csrf: String
    let started: Date
    var lastSeen: Date
}

/// The sessions of the running desk, in memory (a restart signs everyone out). A session ends at
/// sign-out, after `idle` without a request, or `lifetime` after sign-in.
actor Sessions {
    let idle: TimeInterval
    let lifetime: TimeInterval
    private var byToken: [String: Session] = [:]

    init(idle: TimeInterval = 2 * 3600, lifetime: TimeInterval = 12 * 3600) {
        self.idle = idle
        self.lifetime = lifetime
    }

    func start(user: String, now: Date = Date()) -> Session {
        // Sessions that ended are forgotten on the way.
        byToken = byToken.filter { alive($0.value, now) }
        let s = Session(token: Self.randomToken(), user: user, csrf: Self.randomToken(), started: now, lastSeen: now)
        byToken[s.token] = s
        return s
    }

    /// The session of `token` if it is alive (and marks it used), else nil.
    func find(_ token: String, now: Date = Date()) -> Session? {
        guard var s = byToken[token] else { return nil }
        guard alive(s, now) else {
            byToken[token] = nil
            return nil
        }
        s.lastSeen = now
        byToken[token] = s
        return s
    }

    func end(_ token: String) { byToken[token] = nil }

    private func alive(_ s: Session, _ now: Date) -> Bool {
        now.timeIntervalSince(s.lastSeen) < idle && now.timeIntervalSince(s.started) < lifetime
    }

    /// 32 random bytes from the system's cryptographic generator, base64url without padding.
    static func randomToken() -> String {
        var g = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &g) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Compares two tokens in time that does not depend on where they differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count, !x.isEmpty else { return false }
        var d: UInt8 = 0
        for i in 0..<x.count { d |= x[i] ^ y[i] }
        return d == 0
    }
}

/// Failed sign-ins, per user name and per client address: after `limit` failures within
/// `window`, further attempts are refused until the window has passed since the last failure.
actor SignInThrottle {
    let limit: Int
    let window: TimeInterval
    private var failures: [String: [Date]] = [:]

    init(limit: Int = 5, window: TimeInterval = 15 * 60) {
        self.limit = limit
        self.window = window
    }

    func isBlocked(_ keys: [String], now: Date = Date()) -> Bool {
        keys.contains { key in recent(key, now).count >= limit }
    }

    func fail(_ keys: [String], now: Date = Date()) {
        for key in keys { failures[key] = recent(key, now) + [now] }
    }

    func succeed(_ keys: [String]) { for key in keys { failures[key] = nil } }

    private func recent(_ key: String, _ now: Date) -> [Date] {
        (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
    }
}
