import Foundation
import Platform
import Testing

/// The one `crp` the tests run: the one built by the same build as the running test bundle.
///
/// `swift build --build-tests` and `swift test` put the test bundle and `crp` in the same folder
/// (`.build/<triple>/debug`, also for `--scratch-path`). `CRP_BINARY` overrides the choice. There is
/// no fallback: a `crp` from another build folder may be stale and would test old code, so a
/// missing binary fails every test that needs it, with a message that says how to build it.
public enum CRPBinary {
    /// The located path, or the reason why there is none.
    public static let located: Result<String, HarnessError> = locate(
        override: ProcessInfo.processInfo.environment["CRP_BINARY"],
        bundleCandidates: bundleFolders())

    /// The path of `crp`; throws when it cannot be found next to the test bundle.
    public static func path() throws -> String { try located.get() }

    /// Where the running test bundle is (the folders `crp` is looked for in, nearest first).
    static func bundleFolders() -> [URL] {
        var starts: [URL] = []
        if let a0 = CommandLine.arguments.first, a0.contains("/") { starts.append(URL(fileURLWithPath: a0)) }
        for b in Bundle.allBundles where b.bundlePath.hasSuffix(".xctest") { starts.append(b.bundleURL) }
        var folders: [URL] = []
        for s in starts {
            // The bundle is `<bin>/X.xctest` (a file on Linux, a folder with Contents/MacOS/X on macOS).
            var dir = s.resolvingSymlinksInPath()
            while dir.path != "/" && !dir.lastPathComponent.hasSuffix(".xctest") { dir = dir.deletingLastPathComponent() }
            if dir.path != "/" { folders.append(dir.deletingLastPathComponent()) }
        }
        return folders
    }

    /// The rule, without the process: `override` when it names an executable, else `crp` in the
    /// first of `bundleCandidates` that holds one; else an error (never a guess).
    static func locate(override: String?, bundleCandidates: [URL]) -> Result<String, HarnessError> {
        let fm = FileManager.default
        if let o = override, !o.isEmpty {
            return fm.isExecutableFile(atPath: o) ? .success(o) : .failure(HarnessError("CRP_BINARY=\(o) is not an executable file"))
        }
        for folder in bundleCandidates {
            let c = folder.appendingPathComponent("crp").path
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: c, isDirectory: &isDir), !isDir.boolValue, fm.isExecutableFile(atPath: c) { return .success(c) }
        }
        let looked = bundleCandidates.map(\.path).joined(separator: ", ")
        return .failure(
            HarnessError(
                "crp was not found next to the test bundle (looked in: \(looked.isEmpty ? "nothing: the test bundle's folder is unknown" : looked)). "
                    + "Build it with `swift build --build-tests` (Scripts/test.sh does), or set CRP_BINARY to the crp to test."))
    }
}

/// Runs the built `crp`.
public enum CRPRunner {
    /// The environment every `crp` run gets: no colours, a fixed user name and a fixed clock (6
    /// October 2020, after the reference paper's deadline and before its session, as
    /// `TestRepository.clock`), so that no outcome depends on the day the tests run; a test that
    /// needs another day passes its own `CRP_NOW`.
    public static let baseEnvironment = ["NO_COLOR": "1", "CRP_USER": "tester", "CRP_NOW": "2020-10-06T10:00:00Z"]

    /// Starts `crp args…` in `cwd` and returns at once.
    public static func spawn(_ args: [String], cwd: URL? = nil, env: [String: String] = [:], unset: [String] = []) throws -> Spawned {
        try Proc.spawn(try CRPBinary.path(), args, cwd: cwd, env: baseEnvironment.merging(env) { $1 }, unset: unset)
    }

    /// Runs `crp args…` in `cwd` to its end (killed after `timeout` seconds).
    @discardableResult
    public static func run(
        _ args: [String], cwd: URL? = nil, env: [String: String] = [:], unset: [String] = [],
        timeout: Double = 120
    ) throws -> ProcResult {
        try spawn(args, cwd: cwd, env: env, unset: unset).wait(timeout: timeout)
    }
}
