import Foundation

/// An XLIFF document as read by `XLIFFReader`: version, languages and, per `<file>`, its units with
/// their source and target text. Inline codes are reduced to the text they carry.
public struct XLIFFFile: Sendable, Equatable {
    /// The `version` attribute as written ("2.1", "2.0", "1.2").
    public var version: String
    /// 2 for XLIFF 2.x, 1 for XLIFF 1.2.
    public var majorVersion: Int
    /// srcLang (XLIFF 2) or the first file's source-language (XLIFF 1.2).
    public var sourceLanguage: String
    /// trgLang (XLIFF 2) or the first file's target-language (XLIFF 1.2), when declared.
    public var targetLanguage: String?
    /// The `<file>` elements in document order.
    public var files: [File]

    /// One `<file>` element.
    public struct File: Sendable, Equatable {
        /// The id attribute (XLIFF 2); nil in XLIFF 1.2.
        public var id: String?
        /// The original attribute.
        public var original: String?
        /// The source language of this file (srcLang or source-language).
        public var sourceLanguage: String
        /// The target language of this file (trgLang or target-language), when declared.
        public var targetLanguage: String?
        /// The file-level notes, as text.
        public var notes: [String]
        /// The units (trans-units in 1.2) in document order, groups flattened.
        public var units: [Unit]
    }

    /// One `<unit>` (XLIFF 2) or `<trans-unit>` (XLIFF 1.2).
    public struct Unit: Sendable, Equatable {
        public var id: String
        /// False for units marked translate="no".
        public var translate: Bool
        /// The segments and ignorables in document order (XLIFF 1.2: the segments of `<seg-source>`, or
        /// one segment for the whole unit).
        public var parts: [Part]

        /// The source text: every part's source in document order.
        public var sourceText: String { parts.map(\.source).joined() }

        /// The segments that have no target, or an empty one (by id, or 1-based position).
        public var untranslatedSegments: [String] {
            var out: [String] = []
            for (i, p) in parts.enumerated() where p.kind == .segment {
                let hasSource = !p.source.allSatisfy(\.isWhitespace)
                let t = p.target ?? ""
                if hasSource && t.allSatisfy(\.isWhitespace) { out.append(p.id ?? String(i + 1)) }
            }
            return out
        }

        /// True when every segment has a target.
        public var isComplete: Bool { untranslatedSegments.isEmpty }

        /// The target text in target order (`order` attributes honoured); ignorables without a target
        /// contribute their source. Nil when a segment has no target.
        public var targetText: String? { targetText(language: nil) }

        /// The target text joined with the spacing of the target language, not the source's: a
        /// source without spaces between sentences (Chinese, Japanese) gives targets in a spaced
        /// language one space between them ("…purposes. In recent years…"), and the spaces between
        /// sentences of a spaced source are dropped when the target language writes none. Line
        /// ends between sentences are kept. `language` nil: the parts as they are.
        public func targetText(language: String?) -> String? {
            guard isComplete else { return nil }
            let positioned = parts.enumerated().map { (i, p) in (p.order ?? (i + 1), i, p) }
                .sorted { ($0.0, $0.1) < ($1.0, $1.1) }
            let spaced = language.map(SentenceSpacing.spacesBetweenSentences) ?? true
            var out = ""
            var pendingGap: String?  // the source white space of ignorables since the last target
            for (_, _, p) in positioned {
                if let t = p.target {
                    if p.kind == .segment, let language, !out.isEmpty, !t.isEmpty {
                        let gap = pendingGap ?? ""
                        let keepsLine = gap.contains("\n")
                        if keepsLine {
                            out += gap
                        } else if spaced {
                            let before = out.unicodeScalars.last!, after = t.unicodeScalars.first!
                            out +=
                                gap.isEmpty && !before.properties.isWhitespace && !after.properties.isWhitespace
                                    && !SentenceSpacing.isUnspacedScript(before) ? " " : gap
                        } else if !SentenceSpacing.isUnspacedScript(out.unicodeScalars.last!) || language.isEmpty {
                            out += gap
                        }
                        pendingGap = nil
                        out += t
                        continue
                    }
                    out += pendingGap ?? ""
                    pendingGap = nil
                    out += t
                } else if p.kind == .ignorable {
                    if language != nil && p.source.allSatisfy(\.isWhitespace) {
                        pendingGap = (pendingGap ?? "") + p.source
                    } else {
                        out += (pendingGap ?? "") + p.source
                        pendingGap = nil
                    }
                }
            }
            return out + (pendingGap ?? "")
        }
    }

    /// A `<segment>` or `<ignorable>`.
    public struct Part: Sendable, Equatable {
        public enum Kind: String, Sendable { case segment, ignorable }
        public var kind: Kind
        public var id: String?
        /// The source text (inline codes removed, `<cp>` resolved).
        public var source: String
        /// The target text, when there is a `<target>`.
        public var target: String?
        /// The segment state (XLIFF 2 `state`, XLIFF 1.2 target `state`).
        public var state: String?
        /// The target's `order` attribute (XLIFF 2).
        public var order: Int?

        public init(kind: Kind, id: String?, source: String, target: String?, state: String?, order: Int?) {
            self.kind = kind; self.id = id; self.source = source; self.target = target; self.state = state; self.order = order
        }
    }
}

/// Whether a language puts a space between sentences.
public enum SentenceSpacing {
    /// Chinese, Japanese and Thai write sentences without a space between them; the six official
    /// languages other than Chinese, and most others, put one.
    public static func spacesBetweenSentences(_ language: String) -> Bool {
        !["zh", "ja", "th", "lo", "my", "km", "bo"].contains(LanguageTag.primary(language))
    }

    /// True for a character of a script written without spaces (Han, kana, CJK punctuation and
    /// full-width forms), after which no space is put even in a spaced language.
    static func isUnspacedScript(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x3000...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0xFF00...0xFFEF, 0x20000...0x3FFFF: true
        default: false
        }
    }
}

/// Name and language-tag syntax shared by the reader and the writers.
enum XMLNames {
    /// True for an XML 1.0 (fifth edition) NMTOKEN: one or more name characters.
    static func isNMToken(_ s: String) -> Bool {
        guard !s.isEmpty else { return false }
        return s.unicodeScalars.allSatisfy(isNameChar)
    }

    /// True for a whitespace-separated list of NMTOKENs (xs:NMTOKENS).
    static func isNMTokens(_ s: String) -> Bool {
        let parts = s.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
        return !parts.isEmpty && parts.allSatisfy { isNMToken(String($0)) }
    }

    static func isNameChar(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        switch v {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x2E, 0x3A, 0x5F, 0xB7: return true
        case 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x37D, 0x37F...0x1FFF, 0x200C...0x200D, 0x203F...0x2040,
            0x2070...0x218F, 0x2C00...0x2FEF, 0x3001...0xD7FF, 0xF900...0xFDCF, 0xFDF0...0xFFFD, 0x10000...0xEFFFF:
            return true
        default: return false
        }
    }

    /// True for a character XML 1.0 allows in a document.
    static func isXMLChar(_ v: UInt32) -> Bool {
        if v >= 0x20 { return v <= 0xD7FF || (v >= 0xE000 && v <= 0xFFFD) || (v >= 0x10000 && v <= 0x10FFFF) }
        return v == 0x9 || v == 0xA || v == 0xD
    }
}

/// BCP 47 (RFC 5646) language tags.
public enum LanguageTag {
    /// True when `tag` is well-formed by the syntax of RFC 5646 (registry membership is not checked).
    public static func isWellFormed(_ tag: String) -> Bool {
        let parts = tag.lowercased().split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        func alpha(_ s: String) -> Bool { s.unicodeScalars.allSatisfy { $0.value >= 0x61 && $0.value <= 0x7A } }
        func digits(_ s: String) -> Bool { s.unicodeScalars.allSatisfy { $0.value >= 0x30 && $0.value <= 0x39 } }
        func alnum(_ s: String) -> Bool { s.unicodeScalars.allSatisfy { ($0.value >= 0x61 && $0.value <= 0x7A) || ($0.value >= 0x30 && $0.value <= 0x39) } }
        guard !parts.isEmpty, parts.allSatisfy({ !$0.isEmpty && $0.count <= 8 && alnum($0) }) else { return false }
        if parts[0] == "x" { return parts.count > 1 }
        if parts[0] == "i" { return parts.count == 2 && alpha(parts[1]) && parts[1].count >= 2 }
        if parts.joined(separator: "-") == "en-gb-oed" { return true }
        let n = parts.count
        guard alpha(parts[0]), parts[0].count >= 2 else { return false }
        var i = 1
        if parts[0].count <= 3 {
            var ext = 0
            while i < n, ext < 3, parts[i].count == 3, alpha(parts[i]) { i += 1; ext += 1 }
        }
        if i < n, parts[i].count == 4, alpha(parts[i]) { i += 1 }
        if i < n, (parts[i].count == 2 && alpha(parts[i])) || (parts[i].count == 3 && digits(parts[i])) { i += 1 }
        while i < n, (parts[i].count >= 5) || (parts[i].count == 4 && digits(String(parts[i].prefix(1)))) { i += 1 }
        var singletons: Set<String> = []
        while i < n, parts[i].count == 1, parts[i] != "x" {
            if !singletons.insert(parts[i]).inserted { return false }
            i += 1
            var k = 0
            while i < n, parts[i].count >= 2 { i += 1; k += 1 }
            if k == 0 { return false }
        }
        if i < n, parts[i] == "x" {
            return i + 1 < n
        }
        return i == n
    }

    /// The primary language subtag, lowercased ("es" for "es-PE").
    public static func primary(_ tag: String) -> String {
        String(tag.split(separator: "-").first ?? Substring(tag)).lowercased()
    }

    /// True when two tags are the same, ignoring case.
    public static func same(_ a: String, _ b: String) -> Bool { a.lowercased() == b.lowercased() }
}
