import Exchange
import Foundation
import Intake
import Platform
import Submissions

/// What a front end's environment variables set, parsed once for both executables (`crp` and
/// `crp-serve`), so the CLI and the web desk decide "today", the limits and the readers alike.
/// The executable reads its process and passes the variables in; nothing here reads the process.
///
/// `CRP_NOW` (a fixed clock, ISO 8601), `TZ` (the computer's time zone, else the system's),
/// `CRP_MAX_BYTES`, `CRP_MAX_PAGES`, `CRP_MAX_MEGAPIXELS`, `CRP_CONVERSION_TIMEOUT`,
/// `CRP_OCR_TIMEOUT`.
public struct Settings: Sendable {
    public let variables: [String: String]

    public init(_ variables: [String: String]) { self.variables = variables }

    /// The clock: fixed by `CRP_NOW`, else the system's; its days in the computer's time zone
    /// (a paper.yaml that names `timezone` replaces it).
    public func clock() throws -> Clock {
        guard let s = variables["CRP_NOW"], !s.isEmpty else { return Clock(timeZone: timeZone) }
        guard let d = Clock.parse(s) else {
            throw ActionProblem("CRP_NOW=\(s) is not an ISO 8601 instant such as 2020-09-14T10:00:00Z. Unset it or correct it.")
        }
        return Clock(fixed: d, timeZone: timeZone)
    }

    /// The computer's time zone: `TZ` when it names a zone ("Europe/Vienna", ":Europe/Vienna"),
    /// else the system's setting (/etc/localtime).
    public var timeZone: TimeZone {
        if let tz = variables["TZ"], let zone = TimeZone(identifier: tz.hasPrefix(":") ? String(tz.dropFirst()) : tz) { return zone }
        return TimeZone.current
    }

    /// The size limit for received files: `CRP_MAX_BYTES`, else 100 MiB.
    public var maxBytes: Int {
        if let s = variables["CRP_MAX_BYTES"], let n = Int(s), n > 0 { return n }
        return IntakeOptions.standardMaxBytes
    }

    /// Page, pixel and time limits: `CRP_MAX_PAGES`, `CRP_MAX_MEGAPIXELS`, `CRP_CONVERSION_TIMEOUT`,
    /// `CRP_OCR_TIMEOUT` (seconds per page), else the defaults.
    public var limits: ConversionLimits {
        var l = ConversionLimits()
        if let s = variables["CRP_MAX_PAGES"], let n = Int(s), n > 0 { l.maxPages = n }
        if let s = variables["CRP_MAX_MEGAPIXELS"], let n = Double(s), n > 0 { l.maxMegapixels = n }
        if let s = variables["CRP_CONVERSION_TIMEOUT"], let n = Double(s), n > 0 { l.conversionSeconds = n }
        if let s = variables["CRP_OCR_TIMEOUT"], let n = Double(s), n > 0 { l.ocrSecondsPerPage = n }
        return l
    }

    /// The programs found on the `PATH` (and `CRP_SOFFICE`).
    public var programs: Programs { Programs.locate(environment: variables) }

    /// Every reader: intake's own, XLIFF, `tnef` for Outlook's winmail.dat attachments, and
    /// .doc/.rtf/.odt, PDF and scans through the programs found (LibreOffice, poppler, Tesseract).
    public static func readers(_ programs: Programs) -> ReaderRegistry {
        IntakeFormats.adding(to: XLIFFIntake.adding(to: .standard).with(tnef: TNEF.unpacker(programs: programs)), programs: programs)
    }
}
