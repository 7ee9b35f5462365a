import Foundation
import Platform
import Submissions

/// Outlook's own message format (.msg, an OLE compound file with `__substg1.0_…` streams), read
/// through Debian's `msgconvert` (package libemail-outlook-message-perl), which writes the message
/// as an .eml in a private folder; the e-mail reader then lists its parts and decides which one is
/// the comments, as for any e-mail. The .msg stays the original, byte for byte: when the body is
/// taken it is the stored original; when an attachment is taken, the .msg is kept beside it
/// (`received-message.msg`), as an e-mail's `message.eml` is.
public struct OutlookMessage: Sendable {
    public let programs: Programs
    public let scratch: URL

    public init(programs: Programs, scratch: URL = URL(fileURLWithPath: NSTemporaryDirectory())) {
        self.programs = programs
        self.scratch = scratch
    }

    public var reader: ContentReader {
        { data, name, options in try read(data, name: name, options: options) }
    }

    func read(_ data: Data, name: String, options: IntakeOptions) throws -> ReceivedText {
        let file = SafeName.displayName(name)
        guard let msgconvert = programs.path("msgconvert") else {
            throw FormatError.missingProgram(
                file: file, program: "msgconvert", package: Programs.package(of: "msgconvert"),
                purpose: "reading Outlook .msg messages")
        }
        let dir = try ScratchFolder(base: scratch)
        defer { dir.remove() }
        let input = dir.path("message.msg")
        let output = dir.path("message.eml")
        try data.write(to: URL(fileURLWithPath: input))
        let runner = programs.runner(timeout: options.limits.conversionSeconds, maxOutputBytes: 1 << 20)
        let outcome = try runner.run(
            msgconvert, ["--outfile", output, input], in: dir.url,
            extraEnvironment: ["TMPDIR": dir.url.path, "HOME": dir.url.path])
        if outcome.timedOut { throw FormatError.timedOut(file: file, program: "msgconvert", seconds: options.limits.conversionSeconds) }
        guard outcome.succeeded, let eml = try? Data(contentsOf: URL(fileURLWithPath: output)), !eml.isEmpty else {
            // Perl's own words ("… at /usr/share/perl5/… line 1219.") name no path the officer needs.
            var why = outcome.err.split(separator: "\n").first.map { String($0.prefix(200)) } ?? "it wrote no message"
            if let at = why.range(of: " at /") { why = String(why[..<at.lowerBound]) }
            throw FormatError.corrupt(
                file: file, kind: "Outlook message (.msg)",
                detail: "msgconvert could not convert it (\(why)); save it again from Outlook, or forward it as an e-mail (.eml) and register that")
        }
        var r = try EMLReader.read(eml, file: file, options: options)
        // A message without a sent date gets the time of the conversion from msgconvert: a date
        // the day of the conversion says nothing (the date received is then today, as without one).
        if let sent = r.sentDate, let written = (try? FileManager.default.attributesOfItem(atPath: output))?[.modificationDate] as? Date,
            sent.description == Self.utcDay(written)
        {
            r.sentDate = nil
        }
        if r.kind == .eml {
            // The body was taken: the .msg is the original; the converted message is read again from it.
            r.bytes = data
            r.kind = .msg
            r.name = name
        } else {
            r.companions["message.msg"] = data
            r.companions["message.eml"] = nil
        }
        if r.kind == .msg { r.extraction = Extraction(method: .converted, tool: "msgconvert", version: "unknown") }
        return r
    }

    /// "2026-12-05": the UTC calendar day of a moment, as msgconvert writes its Date header.
    static func utcDay(_ d: Date) -> String {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        let p = c.dateComponents([.year, .month, .day], from: d)
        return String(format: "%04d-%02d-%02d", p.year ?? 0, p.month ?? 0, p.day ?? 0)
    }
}
