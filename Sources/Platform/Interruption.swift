import Dispatch
import Foundation

/// Folders that hold copies of a State's document while a program converts it (a scan's page
/// images, LibreOffice's output), removed when the process is interrupted (Ctrl-C, a service
/// stopped) as they are when the conversion ends; the programs still running (each in its own
/// process group, which a terminal's Ctrl-C does not reach) are killed first. The one process-wide register in the code:
/// a signal concerns the whole process, not one workspace. A process killed outright (SIGKILL)
/// cannot clean up; its folders are private (mode 0700) in the system's temporary folder.
public enum Interruption {
    private static let folders = Locked(Set<String>())
    private static let sources = Locked([DispatchSourceSignal]())
    private static let running = Locked([pid_t: RunningProcess]())
    private static let interrupted = Locked(false)

    /// Called where the process would report an error and exit: once a signal is being handled,
    /// the failure is only the programs it killed, and the handler's exit (128 + the signal)
    /// is the one that counts, so this waits for it.
    public static func holdIfInterrupted() {
        guard interrupted.current else { return }
        while true { sleep(60) }
    }

    /// Kills `process` (and its group) if this process is interrupted before it is reaped. A
    /// program started while the handler was already killing the others is killed here.
    static func track(_ process: RunningProcess) {
        running.withLock { $0[process.pid] = process }
        if interrupted.current {
            process.kill(SIGKILL)
            holdIfInterrupted()
        }
    }

    /// The process was reaped.
    static func release(_ process: RunningProcess) { running.withLock { _ = $0.removeValue(forKey: process.pid) } }

    /// Removes `folder` if the process is interrupted before `release`.
    public static func track(_ folder: URL) { folders.withLock { _ = $0.insert(folder.path) } }

    /// The folder is gone or no longer needs removing.
    public static func release(_ folder: URL) { folders.withLock { _ = $0.remove(folder.path) } }

    /// Handles SIGINT and SIGTERM: removes the tracked folders, then exits as the signal would
    /// (128 + its number). Called once by an executable at start.
    public static func cleanUpOnSignals() {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                interrupted.withLock { $0 = true }
                removeTracked()
                exit(128 + sig)
            }
            source.resume()
            sources.withLock { $0.append(source) }
        }
    }

    /// Kills every program still running (it writes into the folders), then removes every
    /// tracked folder.
    public static func removeTracked() {
        for p in running.withLock({ Array($0.values) }) { p.kill(SIGKILL) }
        let paths = folders.withLock { f in
            defer { f.removeAll() }
            return f
        }
        for p in paths {
            if let e = FileManager.default.enumerator(atPath: p) {
                for case let sub as String in e { chmod(p + "/" + sub, 0o700) }
            }
            try? FileManager.default.removeItem(atPath: p)
        }
    }
}
