import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Platform {
    /// Replaces this process with `program` (same process id, environment and open files), as
    /// `crp serve` hands over to `crp-serve`. Returns only by throwing, when it cannot be started.
    /// The corresponding C function is `execv`.
    public static func replaceProcess(with program: String, arguments: [String]) throws -> Never {
        var argv: [UnsafeMutablePointer<CChar>?] = ([program] + arguments).map { strdup($0) }
        argv.append(nil)
        // The program handles SIGINT and SIGTERM its own way: not ignored as this process may
        // have them while it cleans up on them (an ignored signal stays ignored across exec).
        #if canImport(Glibc)
            _ = Glibc.signal(SIGINT, SIG_DFL)
            _ = Glibc.signal(SIGTERM, SIG_DFL)
        #endif
        execv(program, &argv)
        let reason = String(cString: strerror(errno))
        for p in argv { free(p) }
        throw ProcessLaunchError(program: program, reason: reason)
    }

    /// Reads one line from the terminal on standard input without echoing it (a password), the
    /// echo restored afterwards; nil at end of input. The corresponding C functions are
    /// `tcgetattr` and `tcsetattr`.
    public static func readLineWithoutEcho() -> String? {
        var saved = termios()
        let isTTY = tcgetattr(0, &saved) == 0
        if isTTY {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(0, TCSAFLUSH, &quiet)
        }
        defer { if isTTY { tcsetattr(0, TCSAFLUSH, &saved) } }
        return readLine(strippingNewline: true)
    }
}
