import Foundation
import Platform
import Testing

/// The documented exit codes of `crp` (README, "Exit codes").
public enum CRPExit {
    /// The command did what it was asked.
    public static let done: Int32 = 0
    /// The command refused (bad input, a rule of the store); nothing was changed.
    public static let refused: Int32 = 1
    /// The command line itself is wrong (unknown option, missing argument).
    public static let usage: Int32 = 2
}

/// Requires that a run of `crp` was refused the documented way: it exited by itself (not killed
/// by a signal, not timed out) with `code`, and its standard error says every phrase of `saying`
/// (what is wrong and what to do next). A crash is never a refusal.
public func expectRefused(
    _ r: ProcResult, code: Int32 = CRPExit.refused, saying phrases: [String] = [],
    in stream: KeyPath<ProcResult, String> = \.err,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(
        r.signal == nil && !r.timedOut, "crp did not end by itself (a crash or a kill is not a refusal): \(r)",
        sourceLocation: sourceLocation)
    #expect(
        r.exitCode == code, "expected exit code \(code), got \(r.exitCode.map(String.init) ?? "none"): \(r)",
        sourceLocation: sourceLocation)
    let text = r[keyPath: stream]
    for p in phrases {
        #expect(text.contains(p), "the message does not say \"\(p)\": \(text)", sourceLocation: sourceLocation)
    }
}

/// Requires that an error's message (what the user reads: `LocalizedError.errorDescription`, else
/// its description) says every phrase of `saying`.
public func expectMessage(_ error: any Error, saying phrases: [String], sourceLocation: SourceLocation = #_sourceLocation) {
    let text = (error as? LocalizedError)?.errorDescription ?? String(describing: error)
    for p in phrases {
        #expect(text.contains(p), "the message does not say \"\(p)\": \(text)", sourceLocation: sourceLocation)
    }
}

/// Runs `body`, requires that it throws an `E`, and that the message says every phrase of
/// `saying`; returns the error for further checks (its case).
@discardableResult
public func expectRefusal<E: Error, R>(
    _ errorType: E.Type, saying phrases: [String],
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> R
) -> E? {
    do {
        _ = try body()
        Issue.record("expected a refusal (\(E.self)) saying \(phrases), but nothing was thrown", sourceLocation: sourceLocation)
        return nil
    } catch let e as E {
        expectMessage(e, saying: phrases, sourceLocation: sourceLocation)
        return e
    } catch {
        Issue.record("expected \(E.self), got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// What a folder holds, to show that a refused command changed nothing: every file with its bytes
/// and every folder (an empty folder left behind is a change), `.crp/` included except
/// - `.crp/lock`: the lock file, created by the first command that takes the lock and never removed;
/// - `.crp/index.tsv`: the git-ignored status index, a cache that any read may rebuild.
public enum StoreSnapshot {
    /// The paths the snapshot leaves out (relative to the folder).
    public static let excluded: Set<String> = [".crp/lock", ".crp/index.tsv"]

    /// Relative path → the file's bytes, or nil for a folder.
    public static func take(_ dir: URL, excluding extra: [String] = []) -> [String: Data?] {
        var out: [String: Data?] = [:]
        let fm = FileManager.default
        guard let en = fm.enumerator(atPath: dir.path) else { return out }
        while let rel = en.nextObject() as? String {
            if excluded.contains(rel) || extra.contains(where: { rel == $0 || rel.hasPrefix($0 + "/") }) { continue }
            let path = dir.appendingPathComponent(rel).path
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else { continue }
            out[rel] = isDir.boolValue ? .some(nil) : .some(fm.contents(atPath: path) ?? Data())
        }
        return out
    }
}
