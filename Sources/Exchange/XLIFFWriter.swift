import Foundation
import SafeXML

/// Writes export plans as XLIFF 2.1 and XLIFF 1.2, and sentence pairs as TMX 1.4b.
public enum XLIFFWriter {
    /// The `original` attribute value that names a submission: "roompaper:<id>".
    public static let originalPrefix = "roompaper:"

    /// XLIFF 2.1: one `<file>` (id = submission id), notes with State, agenda items, received date
    /// and paper, one `<unit>` per paragraph (`p1`…), a `<segment>` per sentence and the white
    /// space between sentences as `<ignorable>`. Attached translations are targets with the state
    /// of the submission (translated, reviewed, final).
    public static func xliff2(_ plan: ExportPlan) -> String {
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        let mtc = plan.units.contains { $0.parts.contains { $0.match != nil } } ? " xmlns:mtc=\"\(matchesNamespace)\"" : ""
        x +=
            "<xliff xmlns=\"\(XLIFFNamespace.core2)\"\(mtc) version=\"2.1\" srcLang=\"\(attr(plan.sourceLanguage))\" trgLang=\"\(attr(plan.targetLanguage))\">\n"
        x += " <file id=\"\(attr(plan.id))\" original=\"\(attr(originalPrefix + plan.id))\" xml:space=\"preserve\">\n"
        x += "  <notes>\n"
        for n in plan.notes {
            x += "   <note id=\"\(attr(n.id))\" category=\"\(attr(n.category))\">\(content2(n.text))</note>\n"
        }
        x += "  </notes>\n"
        for u in plan.units {
            x += "  <unit id=\"\(attr(u.id))\">\n"
            x += matches2(u)
            var s = 0
            var sourceCodes = 0, targetCodes = 0  // a State's note markers, as <ph id="fnN"> within the unit
            for p in u.parts {
                if p.isSegment {
                    s += 1
                    var state = p.target != nil ? plan.xliff2State.map { " state=\"\($0)\"" } ?? "" : ""
                    if p.target == nil, let m = p.match { state = m.quality >= 100 ? " state=\"translated\"" : " state=\"initial\"" }
                    x += "   <segment id=\"s\(s)\"\(state)>\n"
                    x += "    <source>\(content2(p.source, codes: &sourceCodes))</source>\n"
                    if let t = p.target {
                        x += "    <target>\(content2(t, codes: &targetCodes))</target>\n"
                    } else if let m = p.match {
                        x += "    <target>\(content2(m.target))</target>\n"
                    }
                    x += "   </segment>\n"
                } else {
                    x += "   <ignorable>\n    <source>\(content2(p.source, codes: &sourceCodes))</source>\n   </ignorable>\n"
                }
            }
            x += "  </unit>\n"
        }
        x += " </file>\n</xliff>\n"
        return x
    }

    /// XLIFF 1.2: one `<file>` (original = "roompaper:<id>"), the facts as header notes, one
    /// `<trans-unit>` per paragraph with the paragraph as `<source>` and its sentences as
    /// `<seg-source>` segment markers; attached translations as `<target>` with their state.
    public static func xliff12(_ plan: ExportPlan) -> String {
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        x += "<xliff version=\"1.2\" xmlns=\"\(XLIFFNamespace.v12)\">\n"
        x +=
            " <file original=\"\(attr(originalPrefix + plan.id))\" source-language=\"\(attr(plan.sourceLanguage))\" target-language=\"\(attr(plan.targetLanguage))\" datatype=\"plaintext\" xml:space=\"preserve\">\n"
        x += "  <header>\n   <tool tool-id=\"roompaper\" tool-name=\"RoomPaper\"/>\n"
        for n in plan.notes { x += "   <note from=\"RoomPaper\">\(XMLEscape.text(n.text))</note>\n" }
        x += "  </header>\n  <body>\n"
        for u in plan.units {
            x += "   <trans-unit id=\"\(attr(u.id))\" xml:space=\"preserve\">\n"
            var sourceCodes = 0
            x += "    <source>\(content12(u.parts.map(\.source).joined(), codes: &sourceCodes))</source>\n"
            let prefilled = !u.parts.contains(where: { $0.target != nil }) && u.parts.filter(\.isSegment).allSatisfy { $0.match != nil }
            let fuzzy = u.parts.contains { ($0.match?.quality ?? 100) < 100 }
            var seg = "", trg = "", mid = 0
            var segCodes = 0, targetCodes = 0  // a State's note markers, as <x id="fnN"> within the unit
            for p in u.parts {
                if p.isSegment {
                    mid += 1
                    seg += "<mrk mtype=\"seg\" mid=\"\(mid)\">\(content12(p.source, codes: &segCodes))</mrk>"
                    if let t = p.target { trg += "<mrk mtype=\"seg\" mid=\"\(mid)\">\(content12(t, codes: &targetCodes))</mrk>" }
                    if prefilled, let m = p.match { trg += "<mrk mtype=\"seg\" mid=\"\(mid)\">\(XMLEscape.text(m.target))</mrk>" }
                } else {
                    seg += content12(p.source, codes: &segCodes)
                    trg += content12(p.source, codes: &targetCodes)
                }
            }
            x += "    <seg-source>\(seg)</seg-source>\n"
            if u.parts.contains(where: { $0.target != nil }) {
                x += "    <target xml:lang=\"\(attr(plan.targetLanguage))\"\(plan.xliff12State.map { " state=\"\($0)\"" } ?? "")>\(trg)</target>\n"
            } else if prefilled {
                let state = fuzzy ? "needs-review-translation" : "translated"
                x += "    <target xml:lang=\"\(attr(plan.targetLanguage))\" state=\"\(state)\">\(trg)</target>\n"
            }
            x += altTrans12(u, targetLanguage: plan.targetLanguage)
            x += "   </trans-unit>\n"
        }
        x += "  </body>\n </file>\n</xliff>\n"
        return x
    }

    static func attr(_ s: String) -> String { XMLEscape.attribute(s) }

    /// The namespace of the XLIFF 2 Translation Candidates module.
    public static let matchesNamespace = "urn:oasis:names:tc:xliff:matches:2.0"

    /// The `<mtc:matches>` of a unit: one `<mtc:match>` per segment with a match, pointing at its
    /// segment (`ref="#s1"`), with the quality as matchQuality and similarity (100 for 101 %, which
    /// is told by type="icm", an in-context match) and the memory it comes from as origin.
    static func matches2(_ u: ExportPlan.Unit) -> String {
        var x = "", s = 0, k = 0
        for p in u.parts where p.isSegment {
            s += 1
            guard let m = p.match else { continue }
            k += 1
            let q = String(format: "%.1f", Double(min(100, m.quality)))
            let type = m.quality > 100 ? "icm" : "tm"
            x +=
                "    <mtc:match id=\"m\(k)\" ref=\"#s\(s)\" type=\"\(type)\" matchQuality=\"\(q)\" similarity=\"\(q)\" origin=\"\(attr(m.origin))\">\n"
            x += "     <source>\(content2(m.source))</source>\n     <target>\(content2(m.target))</target>\n    </mtc:match>\n"
        }
        return x.isEmpty ? "" : "   <mtc:matches>\n" + x + "   </mtc:matches>\n"
    }

    /// XLIFF 1.2 `<alt-trans>` per segment with a match (`mid` names the segment marker), with
    /// match-quality and origin.
    static func altTrans12(_ u: ExportPlan.Unit, targetLanguage: String) -> String {
        var x = "", mid = 0
        for p in u.parts where p.isSegment {
            mid += 1
            guard let m = p.match else { continue }
            x += "    <alt-trans mid=\"\(mid)\" match-quality=\"\(m.quality)%\" origin=\"\(attr(m.origin))\">\n"
            x += "     <source>\(XMLEscape.text(m.source))</source>\n"
            x += "     <target xml:lang=\"\(attr(targetLanguage))\">\(XMLEscape.text(m.target))</target>\n    </alt-trans>\n"
        }
        return x
    }

    /// XLIFF 2 content with a State's note markers (`[^1]`) as `<ph>` codes carrying the marker
    /// as `equiv` and `disp`; `codes` numbers them within the unit (fn1, fn2…).
    static func content2(_ s: String, codes: inout Int) -> String {
        guard s.contains("[^") else { return content2(s) }
        var out = ""
        for piece in NoteMarkers.split(s) {
            if piece.isMarker {
                codes += 1
                out += "<ph id=\"\(NoteMarkers.idPrefix)\(codes)\" equiv=\"\(attr(piece.text))\" disp=\"\(attr(piece.text))\"/>"
            } else {
                out += content2(piece.text)
            }
        }
        return out
    }

    /// XLIFF 1.2 content with a State's note markers as `<x>` codes carrying the marker as `equiv-text`.
    static func content12(_ s: String, codes: inout Int) -> String {
        guard s.contains("[^") else { return XMLEscape.text(s) }
        var out = ""
        for piece in NoteMarkers.split(s) {
            if piece.isMarker {
                codes += 1
                out += "<x id=\"\(NoteMarkers.idPrefix)\(codes)\" equiv-text=\"\(attr(piece.text))\"/>"
            } else {
                out += XMLEscape.text(piece.text)
            }
        }
        return out
    }

    /// XLIFF 2 content: escaped text, with characters XML cannot carry as `<cp>`.
    static func content2(_ s: String) -> String {
        var out = "", run = ""
        for u in s.unicodeScalars {
            if XMLNames.isXMLChar(u.value) && u != "\r" { run.unicodeScalars.append(u); continue }
            out += XMLEscape.text(run)
            run = ""
            out += "<cp hex=\"\(String(format: "%04X", u.value))\"/>"
        }
        return out + XMLEscape.text(run)
    }
}

/// A sentence pair of a reviewed translation, for translation memories.
public struct AlignedPair: Sendable, Equatable {
    public var submission: String
    public var state: String
    public var unit: String
    public var index: Int
    public var sourceLanguage: String
    public var targetLanguage: String
    public var source: String
    public var target: String
    /// "sentence" when the sentences lined up, "paragraph" when the paragraph is one pair.
    public var segtype: String
}

/// Writes TMX 1.4b.
public enum TMXWriter {
    /// The pairs of a plan whose units carry targets.
    public static func pairs(_ plan: ExportPlan) -> [AlignedPair] {
        var out: [AlignedPair] = []
        for u in plan.units {
            let segments = u.parts.filter(\.isSegment)
            for (k, p) in segments.enumerated() {
                guard let t = p.target, !t.isEmpty else { continue }
                let sentences = (try? ExchangeText.pieces(p.source, language: plan.sourceLanguage))?.filter(\.isSentence).count ?? 1
                out.append(
                    AlignedPair(
                        submission: plan.id, state: plan.state, unit: u.id, index: k + 1, sourceLanguage: plan.sourceLanguage,
                        targetLanguage: plan.targetLanguage, source: p.source, target: t,
                        segtype: sentences > 1 ? "paragraph" : "sentence"))
            }
        }
        return out
    }

    /// The TMX document: a header (srclang *all*, since the originals are in several languages) and
    /// one `<tu>` per pair with the submission, State and paragraph as properties.
    public static func tmx(_ pairs: [AlignedPair], creationDate: Date = Date(), toolVersion: String = "0.1.0") -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let a = XLIFFWriter.attr
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n"
        x +=
            " <header creationtool=\"RoomPaper\" creationtoolversion=\"\(a(toolVersion))\" datatype=\"plaintext\" segtype=\"sentence\" adminlang=\"en\" srclang=\"*all*\" o-tmf=\"RoomPaper\" creationdate=\"\(f.string(from: creationDate))\"/>\n"
        x += " <body>\n"
        for p in pairs {
            x += "  <tu tuid=\"\(a("\(p.submission)-\(p.unit)-s\(p.index)"))\" srclang=\"\(a(p.sourceLanguage))\" segtype=\"\(p.segtype)\">\n"
            x += "   <prop type=\"x-submission\">\(XMLEscape.text(p.submission))</prop>\n"
            x += "   <prop type=\"x-state\">\(XMLEscape.text(p.state))</prop>\n"
            x += "   <prop type=\"x-paragraph\">\(XMLEscape.text(p.unit))</prop>\n"
            x += "   <tuv xml:lang=\"\(a(p.sourceLanguage))\"><seg>\(XMLEscape.text(p.source))</seg></tuv>\n"
            x += "   <tuv xml:lang=\"\(a(p.targetLanguage))\"><seg>\(XMLEscape.text(p.target))</seg></tuv>\n"
            x += "  </tu>\n"
        }
        x += " </body>\n</tmx>\n"
        return x
    }
}
