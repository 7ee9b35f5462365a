import ArgumentParser
import Foundation
import MultilingualText
import Platform
import Secretariat
import Submissions

/// Runs a command body; prints any error as "crp: error: …" on stderr and exits non-zero
/// (2 for a usage problem, 1 otherwise).
func guarded(_ body: () throws -> Void) throws {
    do { try body() } catch let e as ExitCode {
        throw e
    } catch let e as CleanExit {
        throw e
    } catch {
        Interruption.holdIfInterrupted()
        Terminal.error(error)
        throw ExitCode(isUsage(error) ? CRP.usageExitCode : 1)
    }
}

func isUsage(_ e: Error) -> Bool { e is ValidationFailure || e.isUsageProblem }

/// Terminal output: colours follow NO_COLOR and whether the stream is a terminal.
enum Terminal {
    static let stdoutIsTTY = Platform.isTerminal(1)
    static let stderrIsTTY = Platform.isTerminal(2)
    static var colour: Bool { colourAllowed && stdoutIsTTY }
    static var colourErr: Bool { colourAllowed && stderrIsTTY }
    /// NO_COLOR set to anything but the empty string (no-color.org) or a dumb terminal turns colour off.
    /// Read once: a sync that reports 10,000 findings read the whole environment for each.
    static let colourAllowed: Bool = {
        let env = ProcessEnvironment.current.variables
        return (env["NO_COLOR"] ?? "").isEmpty && env["TERM"] != "dumb"
    }()

    static func paint(_ s: String, _ code: String, err: Bool = false) -> String {
        (err ? colourErr : colour) ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s
    }

    static func error(_ e: Error) {
        errorLine((e as? LocalizedError)?.errorDescription ?? "\(e)")
    }

    /// "crp: error: MESSAGE" on standard error: the one form of every error crp reports.
    static func errorLine(_ msg: String) {
        FileHandle.standardError.write(Data((paint("crp: error:", "1;31", err: true) + " " + msg + "\n").utf8))
    }

    static func warn(_ s: String) {
        FileHandle.standardError.write(Data((paint("warning:", "33", err: true) + " " + s + "\n").utf8))
    }

    /// Prints an action's findings of one severity on standard error: warnings as "warning: …",
    /// notes as they are. The one way findings reach the terminal.
    /// Every finding: the warnings (with the warning mark), then the notes.
    static func report(_ findings: [Finding]) {
        report(findings, .warning)
        report(findings, .note)
    }

    /// Written in one piece: a sync can bring thousands of findings, one write each would cost
    /// more than making them.
    static func report(_ findings: [Finding], _ severity: Finding.Severity) {
        let mark = severity == .warning ? paint("warning:", "33", err: true) + " " : ""
        let text = findings.filter { $0.severity == severity }.map { mark + $0.message + "\n" }.joined()
        if !text.isEmpty { FileHandle.standardError.write(Data(text.utf8)) }
    }

    static func note(_ s: String) {
        FileHandle.standardError.write(Data((s + "\n").utf8))
    }

    static func json<T: Encodable>(_ value: T) throws {
        print(try JSONOutput.string(value))
    }

    /// The terminal's width in columns: `COLUMNS`, else the terminal's, else 120.
    static func width() -> Int {
        if let c = ProcessEnvironment.current.variables["COLUMNS"], let n = Int(c), n > 20 { return n }
        var ws = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 20 { return Int(ws.ws_col) }
        return 120
    }
}

/// Prints rows as aligned columns (terminal columns, so CJK and marks line up); the first row bold.
func printTable(_ rows: [[String]]) {
    guard let first = rows.first else { return }
    var widths = [Int](repeating: 0, count: first.count)
    for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], CharacterProperties.columns(c)) } }
    for (n, r) in rows.enumerated() {
        let line = r.enumerated().map { i, c in
            i == r.count - 1 ? c : c + String(repeating: " ", count: widths[i] - CharacterProperties.columns(c))
        }.joined(separator: "  ")
        print(n == 0 ? Terminal.paint(line, "1") : line)
    }
}

/// Prints stored text safely: bidi neutralized per paragraph; visual order when asked.
func printText(_ text: String, visual: Bool) {
    for line in text.components(separatedBy: "\n") {
        print(displayLine(line, visual: visual))
    }
}

/// One line of stored text for the terminal: controls dropped, bidi balanced; in visual order
/// (shaped) when asked and the line holds right-to-left text.
func displayLine(_ line: String, visual: Bool) -> String {
    let safe = SafeText.clean(line, controls: .drop, bidi: .neutralize)
    guard visual, Bidi.baseDirection(safe) == .rtl || CharacterProperties.containsRightToLeft(safe) else { return safe }
    let dir = Bidi.baseDirection(safe)
    return (try? Bidi.visualLine(safe, level: dir == .rtl ? .rtl : .ltr)) ?? safe
}
