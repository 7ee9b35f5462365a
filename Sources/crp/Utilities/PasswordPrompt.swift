import Foundation
import Platform

/// A password for `crp user add` and `crp user password`: the first line of standard input when it
/// is not a terminal (scripts), else asked twice on the terminal without echo.
enum PasswordPrompt {
    static func read(for name: String) throws -> String {
        guard Platform.isTerminal(0) else {
            guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                throw ValidationFailure(
                    "No password on standard input: give it as the first line, e.g. `printf '%s\\n' \"$PW\" | crp user add \(name) --role …`.")
            }
            return line.hasSuffix("\r") ? String(line.dropLast()) : line
        }
        FileHandle.standardError.write(Data("Password for \(name): ".utf8))
        let first = Platform.readLineWithoutEcho() ?? ""
        FileHandle.standardError.write(Data("\nThe same password again: ".utf8))
        let second = Platform.readLineWithoutEcho() ?? ""
        FileHandle.standardError.write(Data("\n".utf8))
        guard first == second else { throw ValidationFailure("The two passwords differ; nothing was changed. Run the command again.") }
        return first
    }
}
