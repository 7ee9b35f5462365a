import Exchange
import Foundation
import Memory
import Submissions

// The translation memory: TMX in and out, matches for translators, and the workload by match band.

extension Workspace {
    /// The workspace's translation memory.
    public var memory: TranslationMemory { TranslationMemory(store: store) }

    // MARK: tm import / export / stats

    /// Imports a TMX file into the memory (`crp tm import`): refused whole, with the line and the
    /// reason, when it is not well-formed, not TMX, or of no pair the paper can use.
    public func importMemory(_ file: URL, origin: String?, by: String) throws -> Outcome<TranslationMemory.ImportRecord> {
        try requireChangeable()
        let r = try memory.importTMX(file, name: file.lastPathComponent, origin: origin, by: by, now: clock.now())
        var findings: [Finding] = []
        let rep = r.report
        if rep.cleanedControls > 0 { findings.append(.note("tm.cleaned", subject: r.id, "\(rep.cleanedControls) unit(s) held control characters: removed")) }
        if rep.cleanedBidi > 0 {
            findings.append(.note("tm.cleaned", subject: r.id, "\(rep.cleanedBidi) unit(s) held bidi controls: overrides removed, the others balanced"))
        }
        if rep.cleanedMarkup > 0 {
            findings.append(.note("tm.cleaned", subject: r.id, "\(rep.cleanedMarkup) unit(s) held inline markup: codes removed, text kept"))
        }
        if rep.empty > 0 { findings.append(.note("tm.empty", subject: r.id, "\(rep.empty) unit(s) with an empty side were left out")) }
        if let own = rep.storesOwn, own > 0 {
            findings.append(
                .note(
                    "tm.stores-own", subject: r.id, "\(own) unit(s) are this store's own translations (from `crp tm export`), in the memory already: left out"))
        }
        return Outcome(r, findings: findings)
    }

    /// Writes the memory, or its units from one source language, as TMX 1.4b (`crp tm export`).
    public func exportMemory(to file: URL, language: String?) throws -> Int {
        if let language {
            guard ["ar", "zh", "en", "fr", "ru", "es"].contains(language) else { throw StoreError.unknownLanguage(language) }
            // Every unit's target is the paper's language: choosing it would write an empty memory.
            if language == store.paper.language { throw MemoryError.sourceIsTarget(language) }
        }
        return try memory.exportTMX(to: file, language: language, now: clock.now())
    }

    /// Units per language pair and origin (`crp tm stats`).
    public func memoryStats() throws -> [TranslationMemory.StatsRow] { try memory.stats() }

    // MARK: matches

    /// One sentence of a submission with its best match (`crp show ID --matches`).
    public struct SentenceMatch: Sendable {
        public var paragraph: Int
        public var sentence: String
        public var words: Int
        public var match: MemoryMatch?
        /// True when the same sentence came earlier in the batch (a repetition).
        public var repeated: Bool
    }

    /// The sentences of a submission's current text, each with its best match.
    /// With `fullScan`, every unit is compared instead of using the index (benchmarks measure the
    /// index's recall with it).
    public func matches(_ id: String, fullScan: Bool = false) throws -> [SentenceMatch] {
        let sub = try store.resolve(id)
        try sub.requireProofread("matched")
        var seen = Set<String>()
        let matcher = try Matcher(memory: memory, language: sub.record.language)
        matcher.fullScan = fullScan
        return try sentenceMatches(sub, matcher: matcher, seen: &seen)
    }

    func sentenceMatches(_ sub: Submission, matcher: Matcher, seen: inout Set<String>) throws -> [SentenceMatch] {
        let lang = sub.record.language
        var queries: [Matcher.Query] = []
        var where_: [Int] = []
        for (i, p) in ExchangeText.paragraphs(try store.originalText(sub)).enumerated() {
            let ss = try StoreUnits.sentences(p, lang)
            for (k, s) in ss.enumerated() {
                queries.append(
                    Matcher.Query(
                        sentence: s, previous: k > 0 ? ss[k - 1] : nil, next: k + 1 < ss.count ? ss[k + 1] : nil, state: sub.record.state,
                        items: sub.record.items, submission: sub.id))
                where_.append(i + 1)
            }
        }
        let found = try matcher.best(queries)
        return zip(queries, zip(where_, found)).map { q, w in
            let key = MatchText.exactKey(q.sentence)
            let repeated = !seen.insert(key).inserted
            return SentenceMatch(paragraph: w.0, sentence: q.sentence, words: MatchText.words(q.sentence, language: lang), match: w.1, repeated: repeated)
        }
    }

    /// The plan with the memory's best match on every segment that has no target.
    func prefill(_ plan: ExportPlan) throws -> ExportPlan {
        // A memory that cannot be read (a damaged index, a read-only cache) never stops an export:
        // the segments then go out without matches, as before there was a memory.
        guard let matcher = try? Matcher(memory: memory, language: plan.sourceLanguage), matcher.unitCount > 0 else { return plan }
        var out = plan
        let state = try store.resolve(plan.id).record
        for (ui, u) in plan.units.enumerated() {
            let segs = u.parts.enumerated().filter { $0.element.isSegment }
            let queries = segs.enumerated().map { k, s in
                Matcher.Query(
                    sentence: s.element.source, previous: k > 0 ? segs[k - 1].element.source : nil, next: k + 1 < segs.count ? segs[k + 1].element.source : nil,
                    state: state.state, items: state.items, submission: plan.id)
            }
            for (s, m) in zip(segs, try matcher.best(queries)) where s.element.target == nil {
                guard let m else { continue }
                out.units[ui].parts[s.offset].match = ExportPlan.SegmentMatch(
                    quality: m.quality, source: m.unit.source, target: MatchText.clean(m.unit.target), origin: m.unit.origin)
            }
        }
        return out
    }

    // MARK: workload by band

    /// Words per match band, per language, per submission and for the whole batch.
    public struct BandReport: Sendable, Codable {
        public struct Row: Sendable, Codable {
            public var language: String
            /// The submission, or nil for a language's total.
            public var submission: String?
            public var state: String?
            public var bands: Bands
        }
        public var rows: [Row]
        public var total: Bands
        /// How the bands are counted, in plain words.
        public static let rule =
            "Bands: each sentence (ICU sentence break) takes the band of its best match in the translation memory (word-level edit distance on NFC, lowercased ICU word tokens; 100 = same text, 101 = same text in the same context or from the same State on the same item); a sentence already met in the batch counts as a repetition after its first. Words by ICU word break."
    }

    /// The words still to translate (the submissions `workload` counts) by match band.
    public func workloadBands() throws -> BandReport {
        var rows: [BandReport.Row] = []
        var seen = Set<String>()
        var matchers: [String: Matcher] = [:]
        for sub in try store.all(analysis: false).sorted(by: { ($0.record.received, $0.id) < ($1.record.received, $1.id) }) {
            guard sub.status != .withdrawn, sub.record.language != store.paper.language, !sub.needsProofreading, sub.translationID == nil else { continue }
            let lang = sub.record.language
            if matchers[lang] == nil { matchers[lang] = try Matcher(memory: memory, language: lang) }
            var b = Bands()
            for s in try sentenceMatches(sub, matcher: matchers[lang]!, seen: &seen) {
                if s.repeated { b.repetitions += s.words } else { b.add(words: s.words, quality: s.match?.quality) }
            }
            rows.append(BandReport.Row(language: lang, submission: sub.id, state: sub.record.state, bands: b))
        }
        var byLanguage: [String: Bands] = [:]
        for r in rows { byLanguage[r.language] = (byLanguage[r.language] ?? Bands()) + r.bands }
        let totals = byLanguage.keys.sorted().map { BandReport.Row(language: $0, submission: nil, state: nil, bands: byLanguage[$0]!) }
        return BandReport(
            rows: rows.sorted { ($0.language, $0.submission ?? "") < ($1.language, $1.submission ?? "") } + totals,
            total: rows.reduce(Bands()) { $0 + $1.bands })
    }
}
