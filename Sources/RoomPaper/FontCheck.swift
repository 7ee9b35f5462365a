import Foundation
import Platform

/// Which of the fonts the paper's DOCX names are installed, and what stands in for those that are not.
///
/// The DOCX names Times New Roman for Latin and Cyrillic text, and an Arabic and a Chinese family
/// (`DOCXRenderer.Fonts`). Without them LibreOffice substitutes other fonts; a substitute with the
/// same metrics (Liberation Serif for Times New Roman, Debian `fonts-liberation2`) keeps every line
/// and page break where Word puts it, any other substitute moves them. The checker does not ask the
/// system itself: it is given a `match` function that returns the family a font request resolves to
/// (in `crp`: `fc-match -f '%{family}' NAME` run through the process runner). It never prints.
public struct FontCheck: Sendable {
    /// What the system gives when a family is asked for.
    public enum Verdict: Sendable, Equatable {
        /// The family itself is installed.
        case present
        /// A font with the same metrics stands in (line and page breaks stay where Word puts them).
        case metricCompatible(String)
        /// One of the free fonts `PDFConverter` is told to use for this family stands in: the right
        /// script, other metrics.
        case fallback(String)
        /// Something else stands in: the text may show, but lines and pages break elsewhere, and a
        /// font without the script's glyphs may show boxes.
        case substituted(String)
        /// Nothing answered (the matcher failed or returned nothing).
        case unknown
    }

    /// One family the paper names, and what the system gives for it.
    public struct Finding: Sendable, Equatable {
        /// The family the DOCX names.
        public var family: String
        /// The family the system resolved it to (the first name the matcher returned), if any.
        public var resolvedTo: String?
        public var verdict: Verdict

        public init(family: String, resolvedTo: String?, verdict: Verdict) {
            self.family = family; self.resolvedTo = resolvedTo; self.verdict = verdict
        }

        /// True when line and page breaks come out as in Word (`present` or `metricCompatible`).
        public var keepsLayout: Bool {
            switch verdict {
            case .present, .metricCompatible: return true
            default: return false
            }
        }
    }

    /// Families with the same character widths, by the family they stand in for (the pairs
    /// fontconfig's `30-metric-aliases.conf` declares for the fonts the paper uses).
    public static let metricCompatible: [String: [String]] = [
        "Times New Roman": ["Liberation Serif", "Tinos"],
        "Arial": ["Liberation Sans", "Arimo"],
        "Courier New": ["Liberation Mono", "Cousine"],
    ]

    /// The families a paper rendered with `fonts` names, in a stable order: Latin, complex script,
    /// East Asian (duplicates dropped).
    public static func families(of fonts: DOCXRenderer.Fonts = .un) -> [String] {
        var out: [String] = []
        for f in [fonts.latin, fonts.complex, fonts.eastAsia] where !out.contains(f) { out.append(f) }
        return out
    }

    /// Returns the family names the system resolves a request for a family to, best first; nil or
    /// empty when it cannot tell. May throw when the matcher cannot be run.
    public typealias Matcher = @Sendable (String) throws -> [String]?

    public var match: Matcher
    /// Free fonts used in place of a family when it is missing (`PDFConverter.fontFallbacks`).
    public var fallbacks: [String: [String]]
    public var metricCompatible: [String: [String]]

    public init(
        match: @escaping Matcher, fallbacks: [String: [String]] = PDFConverter.unFontFallbacks,
        metricCompatible: [String: [String]] = FontCheck.metricCompatible
    ) {
        self.match = match
        self.fallbacks = fallbacks
        self.metricCompatible = metricCompatible
    }

    /// What `fc-match -f '%{family}' NAME` printed, as a list of family names: fontconfig prints
    /// all names of the matched font separated by commas ("Noto Serif CJK SC,Noto Serif CJK").
    public static func parseFamilies(_ fcMatchOutput: String) -> [String] {
        fcMatchOutput.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    /// The arguments to give `fc-match` for `family` (its output is read by `parseFamilies`).
    public static func fcMatchArguments(_ family: String) -> [String] { ["-f", "%{family}", family] }

    /// What the system gives for each of `families`.
    public func check(_ families: [String] = FontCheck.families()) -> [Finding] {
        families.map(check)
    }

    /// What the system gives for `family`.
    public func check(_ family: String) -> Finding {
        guard let names = resolve(family), let first = names.first else {
            return Finding(family: family, resolvedTo: nil, verdict: .unknown)
        }
        if names.contains(where: { same($0, family) }) { return Finding(family: family, resolvedTo: first, verdict: .present) }
        if let m = metricCompatible[family]?.first(where: { c in names.contains { same($0, c) } }) {
            return Finding(family: family, resolvedTo: first, verdict: .metricCompatible(m))
        }
        // The converter asks for its fallbacks by name: the first one that is installed is used.
        for f in fallbacks[family] ?? [] {
            if names.contains(where: { same($0, f) }) { return Finding(family: family, resolvedTo: first, verdict: .fallback(f)) }
            if let own = resolve(f), own.contains(where: { same($0, f) }) {
                if let m = metricCompatible[family], m.contains(where: { same($0, f) }) {
                    return Finding(family: family, resolvedTo: first, verdict: .metricCompatible(f))
                }
                return Finding(family: family, resolvedTo: first, verdict: .fallback(f))
            }
        }
        return Finding(family: family, resolvedTo: first, verdict: .substituted(first))
    }

    private func resolve(_ family: String) -> [String]? {
        guard let names = try? match(family), !names.isEmpty else { return nil }
        return names
    }

    private func same(_ a: String, _ b: String) -> Bool {
        a.compare(b, options: [.caseInsensitive]) == .orderedSame
    }
}

extension FontCheck {
    /// The check through fontconfig's `fc-match` on this machine (nil when fontconfig is not installed).
    public static func fontconfig(_ programs: Programs) -> FontCheck? {
        guard let fcMatch = programs.path("fc-match") else { return nil }
        let runner = programs.runner(timeout: 20, maxOutputBytes: 1 << 16)
        return FontCheck(match: { family in
            let r = try runner.run(fcMatch, FontCheck.fcMatchArguments(family))
            return r.succeeded ? FontCheck.parseFamilies(r.out) : nil
        })
    }
}

extension FontCheck.Verdict {
    /// In words, for `crp doctor`.
    public var description: String {
        switch self {
        case .present: "present"
        case .metricCompatible(let f): "substituted by \(f), which has the same metrics (pages break as in Word)"
        case .fallback(let f): "substituted by \(f) (right script, other metrics: lines and pages break elsewhere than in Word)"
        case .substituted(let f): "substituted by \(f) (other metrics; the script may be missing)"
        case .unknown: "unknown (fontconfig gave no answer)"
        }
    }
}
