import Foundation
import HummingbirdBcrypt
import Submissions

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a member of the team may do on the web desk.
public enum Role: String, Codable, Sendable, CaseIterable {
    /// Everything: register, translate, review, include, withdraw, reopen, assign, compile.
    case officer
    /// Only the submissions assigned to them: read, download the original, attach a translation.
    case translator
    /// Reads the board, the submissions and the report; changes nothing.
    case viewer
}

/// One member of the team as stored: a name, a role and a bcrypt hash of the password (never the
/// password itself).
public struct Member: Codable, Equatable, Sendable {
    public var name: String
    public var role: Role
    /// bcrypt ("$2b$12$…"), from hummingbird-auth's `Bcrypt`.
    public var passwordHash: String
    public var addedAt: String
    public var addedBy: String
}

/// The team of a workspace: `.crp/users.json` (git-ignored with the rest of `.crp/`, written with
/// mode 0600, never served). Read again on every call: nothing is cached, so `crp user remove`
/// takes effect on the web desk's next request.
public struct Team: Sendable {
    /// The file's name inside the workspace's private folder.
    public static let fileName = "users.json"
    /// Shortest password accepted, in characters.
    public static let minimumPasswordLength = 10
    /// bcrypt reads at most 72 bytes; a longer password is refused rather than silently cut.
    public static let maximumPasswordBytes = 72

    public let file: URL
    let clock: Clock
    /// The bcrypt cost (2^cost rounds).
    let cost: UInt8

    /// The team of the workspace at `root`.
    public init(workspaceRoot root: URL, clock: Clock = .system, cost: UInt8 = 12) {
        file = root.appendingPathComponent(StoreLayout.privateFolder).appendingPathComponent(Self.fileName)
        self.clock = clock
        self.cost = cost
    }

    struct File: Codable {
        var version = 1
        var members: [Member] = []
    }

    /// Every member, by name.
    public func members() throws -> [Member] { try read().members.sorted { $0.name < $1.name } }

    /// The member called `name`, if any.
    public func member(_ name: String) throws -> Member? { try read().members.first { $0.name == name } }

    /// Adds a member; refuses a name already taken, an unusable name or a weak password.
    @discardableResult
    public func add(name: String, role: Role, password: String, by: String) throws -> Member {
        let name = try Self.checkedName(name)
        try Self.checkPassword(password)
        return try update { f in
            if f.members.contains(where: { $0.name == name }) { throw TeamError.exists(name) }
            let m = Member(name: name, role: role, passwordHash: Bcrypt.hash(password, cost: cost), addedAt: Clock.stamp(clock.now()), addedBy: by)
            f.members.append(m)
            return m
        }
    }

    /// Removes a member (their name stays in the histories they signed).
    public func remove(name: String) throws {
        try update { f in
            guard let i = f.members.firstIndex(where: { $0.name == name }) else { throw TeamError.unknown(name, known: f.members.map(\.name)) }
            f.members.remove(at: i)
        }
    }

    /// Sets a new password.
    public func setPassword(name: String, password: String) throws {
        try Self.checkPassword(password)
        try update { f in
            guard let i = f.members.firstIndex(where: { $0.name == name }) else { throw TeamError.unknown(name, known: f.members.map(\.name)) }
            f.members[i].passwordHash = Bcrypt.hash(password, cost: cost)
        }
    }

    /// The member whose name and password match, else nil. An unknown name costs the same bcrypt
    /// work as a wrong password, so the time taken does not tell which names exist.
    public func authenticate(name: String, password: String) throws -> Member? {
        let m = try member(name)
        guard password.utf8.count <= Self.maximumPasswordBytes else { return nil }
        let ok = Bcrypt.verify(password, hash: m?.passwordHash ?? Self.decoyHash)
        return ok ? m : nil
    }

    /// A hash of no one's password (made once, at the standard cost), checked when the name is unknown.
    static let decoyHash = Bcrypt.hash(FileIO.randomHex(16), cost: 12)

    /// A user name: 1–64 letters, digits, `.`, `-` or `_`, not starting with `-` or `.`.
    public static func checkedName(_ raw: String) throws -> String {
        let name = raw.precomposedStringWithCanonicalMapping
        let allowed = name.unicodeScalars.allSatisfy { s in
            s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "." || s == "-" || s == "_"
        }
        guard !name.isEmpty, name.count <= 64, allowed, !name.hasPrefix("-"), !name.hasPrefix(".") else { throw TeamError.badName(raw) }
        return name
    }

    static func checkPassword(_ p: String) throws {
        if p.count < minimumPasswordLength { throw TeamError.weakPassword(minimum: minimumPasswordLength) }
        if p.utf8.count > maximumPasswordBytes { throw TeamError.longPassword(maximum: maximumPasswordBytes) }
    }

    func read() throws -> File {
        guard let data = FileManager.default.contents(atPath: file.path) else {
            if FileManager.default.fileExists(atPath: file.path) { throw TeamError.unreadable(file.path, reason: "it cannot be read") }
            return File()
        }
        do { return try JSONDecoder().decode(File.self, from: data) } catch {
            throw TeamError.unreadable(file.path, reason: String(describing: error))
        }
    }

    /// Changes the file under an exclusive lock: read, change, write a new file (mode 0600), rename.
    @discardableResult
    func update<T>(_ change: (inout File) throws -> T) throws -> T {
        let dir = file.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let lockPath = dir.appendingPathComponent("users.lock").path
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw TeamError.unreadable(lockPath, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        guard flock(fd, LOCK_EX) == 0 else { throw TeamError.unreadable(lockPath, reason: String(cString: strerror(errno))) }
        var f = try read()
        let result = try change(&f)
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        let tmp = dir.appendingPathComponent(".tmp-\(FileIO.randomHex(8))-\(Self.fileName)")
        try FileIO.writeNew(try e.encode(f), to: tmp, mode: 0o600)
        if rename(tmp.path, file.path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(tmp.path)
            throw TeamError.unreadable(file.path, reason: reason)
        }
        try FileIO.syncDirectory(dir)
        return result
    }
}

/// What can go wrong with the team's file or a user name, told so that an officer can act.
public enum TeamError: Error, LocalizedError, Equatable {
    case exists(String)
    case unknown(String, known: [String])
    case badName(String)
    case weakPassword(minimum: Int)
    case longPassword(maximum: Int)
    case unreadable(String, reason: String)
    case notAssignable(name: String, role: Role)

    public var errorDescription: String? {
        switch self {
        case .exists(let n): "There is already a user named \(n). Choose another name, or set a new password with `crp user password \(n)`."
        case .unknown(let n, let known):
            "There is no user named \(n)."
                + (known.isEmpty ? " Add one with `crp user add NAME --role officer|translator|viewer`." : " Users: \(known.sorted().joined(separator: ", ")).")
        case .badName(let n): "\"\(n)\" cannot be a user name: use 1 to 64 letters, digits, '.', '-' or '_', not starting with '-' or '.'."
        case .weakPassword(let m): "The password is too short: use at least \(m) characters."
        case .longPassword(let m): "The password is too long: bcrypt reads at most \(m) bytes (UTF-8). Use a shorter one."
        case .unreadable(let f, let reason):
            "\(f): the team's file cannot be used (\(reason)). Restore it from a back-up, or move it aside and add the users again."
        case .notAssignable(let n, let role): "\(n) is a \(role.rawValue): work is assigned to translators and officers only."
        }
    }
}
