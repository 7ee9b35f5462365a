import Foundation
import Intake
import MultilingualText
import Secretariat

/// A one-line progress bar on standard error, drawn only when standard error is a terminal.
struct ProgressBar {
    let enabled: Bool
    var drawn = false

    mutating func draw(_ p: BulkProgress) {
        guard enabled, p.total > 0 else { return }
        let width = min(Terminal.width(), 100)
        let cells = 24
        let filled = p.total == 0 ? cells : cells * p.done / p.total
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: cells - filled)
        let phase = p.phase == .checking ? "checking" : "registering"
        var line = "\(phase.padding(toLength: 11, withPad: " ", startingAt: 0)) \(bar) \(p.done)/\(p.total) \(SafeText.oneLine(p.file))"
        if CharacterProperties.columns(line) > width - 1 { line = String(line.prefix(width - 2)) + "…" }
        FileHandle.standardError.write(Data(("\r\u{1B}[2K" + line).utf8))
        drawn = true
    }

    mutating func finish() {
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
        drawn = false
    }
}
