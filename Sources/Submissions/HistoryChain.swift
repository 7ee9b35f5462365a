import Foundation
import Platform

/// One thing wrong with a submission's history, found by `Store.history(of:)`: the file (relative
/// to the submission's folder) and what is wrong with it.
public struct HistoryFinding: Equatable, Sendable {
    public var file: String
    public var problem: String
    public init(file: String, problem: String) { self.file = file; self.problem = problem }
}

/// What the history of one submission proves: the problems found, and whether it is sealed (its
/// events chained by the SHA-256 of the records before them).
public struct HistoryCheck: Equatable, Sendable {
    public var findings: [HistoryFinding]
    /// False for a history written before events were chained, and never sealed since
    /// (`crp verify --seal` seals it).
    public var sealed: Bool
}

/// The chain of a submission's history.
///
/// `submission.json` and every event are protected by the event after them: each event's `after`
/// names the records it follows with the SHA-256 of their bytes (the `registered` event names
/// `submission.json`). A record edited or deleted later no longer matches the link that names it.
/// Each event names every record that no event named yet (its heads): the last event in one
/// clone, both last events after two clones' histories were merged by git, so the chain is a DAG
/// and a merge never conflicts (each event is its own file).
///
/// The head (the newest record, which no event names) is anchored outside the history: every
/// write records it in `.crp/heads/<id>.json` (git-ignored, in this copy of the workspace only),
/// and `verify` checks that each anchored record is still there with the same bytes. A copy
/// without the anchor (a fresh clone) checks the chain only; a synced workspace can anchor the
/// heads in its last git commit instead (every event file committed there must still exist with
/// the committed bytes).
extension Store {
    /// Where the heads of a submission's history are anchored.
    func anchorURL(_ id: String) -> URL {
        URL(filePath: anchorPath(id), directoryHint: .notDirectory)
    }

    /// `anchorURL` as a path: compile reads an anchor per submission, and `appendingPathComponent`
    /// twice was more than half of reading one.
    func anchorPath(_ id: String) -> String {
        root.path + "/\(StoreLayout.privateFolder)/heads/\(id).json"
    }

    /// Records the heads of a history after a write. Best effort, and not synced to disk: the
    /// event (synced before) is stored whether or not the anchor is; an anchor lost or unreadable
    /// only weakens `verify`, as in a fresh clone, and one left older by a crash still holds.
    func anchor(_ id: String, heads: [Event.Link]) {
        let url = anchorURL(id)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if let data = try? Self.encoder.encode(heads) { try? data.write(to: url, options: .atomic) }
    }

    /// The records of a submission's history as stored: `submission.json`, then each event file
    /// in name order, with its bytes (nil when unreadable) and decoded event.
    func chainRecords(atPath folder: String) -> [(file: String, data: Data?, event: Event?)] {
        var out: [(file: String, data: Data?, event: Event?)] = [
            (StoreLayout.registration, FileManager.default.contents(atPath: folder + "/\(StoreLayout.registration)"), nil)
        ]
        for name in eventFiles(atPath: folder) {
            let data = FileManager.default.contents(atPath: folder + "/\(StoreLayout.events)/" + name)
            out.append(("\(StoreLayout.events)/" + name, data, data.flatMap { try? Self.decoder.decode(Event.self, from: $0) }))
        }
        return out
    }

    /// The records of a history that no event names yet, with the SHA-256 of their bytes: what
    /// the next event follows.
    func heads(atPath folder: String) -> [Event.Link] {
        let records = chainRecords(atPath: folder)
        let named = Set(records.flatMap { $0.event?.after ?? [] }.map(\.file))
        return records.compactMap { r in
            guard !named.contains(r.file), let data = r.data else { return nil }
            return Event.Link(file: r.file, sha256: FileIO.sha256(data))
        }
    }

    /// Checks the history of submission `id`: the chain (every link matches the record it names,
    /// no record of a sealed history is outside it, the anchored heads are unchanged) and every
    /// step replayed through the rules the commands use (`Transition.check`,
    /// `Submission.requireTranslatable`). Each event is checked against the history it followed:
    /// the events it names, and theirs (so the two branches of a merge are each checked as they
    /// were written); an event without links, against every event before it.
    public func history(of id: String) throws -> HistoryCheck {
        let folder = root.appendingPathComponent(id, isDirectory: true)
        // The anchor is read before the records: an event written meanwhile (and anchored) is then
        // merely unchecked, never reported missing.
        let anchored = anchoredHeads(id)
        let records = chainRecords(atPath: folder.path)
        let registration = try read(SubmissionRecord.self, path: folder.path + "/\(StoreLayout.registration)")
        return historyCheck(id: id, folder: folder, records: records, registration: registration, anchored: anchored)
    }

    /// A submission read once for `verify`: its record replayed and its history checked from the
    /// same bytes (reading them twice doubled `verify`'s time).
    public struct Audit: Sendable {
        public var submission: Submission
        public var history: HistoryCheck
        /// The file of each of the submission's events, in the order of its `events`
        /// ("events/<name>.json").
        public var eventFiles: [String] = []
    }

    /// `load(id:)` and `history(of:)` from one reading of the records; refused as `load` refuses
    /// a record that cannot be read or decoded.
    public func audit(id: String) throws -> Audit { try audit(id: id, analysis: true) }

    /// `audit(id:)`; without `analysis`, the text's analysis is not decoded (compile's check
    /// needs only the chain).
    public func audit(id: String, analysis: Bool) throws -> Audit {
        let folder = root.appendingPathComponent(id, isDirectory: true)
        let anchored = anchoredHeads(id)
        let records = chainRecords(atPath: folder.path)
        func corrupt(_ file: String, _ data: Data?) -> StoreError {
            .corruptRecord(file: folder.path + "/" + file, reason: data == nil ? "it cannot be read" : "it is not a valid record")
        }
        guard let data = records[0].data, let registration = try? Self.decoder.decode(SubmissionRecord.self, from: data) else {
            throw corrupt(records[0].file, records[0].data)
        }
        var events: [Event] = []
        for r in records.dropFirst() {
            guard let e = r.event else { throw corrupt(r.file, r.data) }
            events.append(e)
        }
        var sub = Submission(registration: registration, analysis: nil, events: events, folder: folder, paperLanguage: paper.language)
        if analysis { sub.analysis = try? read(TextAnalysis.self, path: analysisPath(sub, version: sub.version)) }
        return Audit(
            submission: sub, history: historyCheck(id: id, folder: folder, records: records, registration: registration, anchored: anchored),
            eventFiles: records.dropFirst().map(\.file))
    }

    func anchoredHeads(_ id: String) -> [Event.Link]? {
        FileManager.default.contents(atPath: anchorPath(id)).flatMap { try? Self.decoder.decode([Event.Link].self, from: $0) }
    }

    /// The checks of `history(of:)` on records already read.
    func historyCheck(
        id: String, folder: URL, records: [(file: String, data: Data?, event: Event?)], registration: SubmissionRecord, anchored: [Event.Link]?
    ) -> HistoryCheck {
        var findings: [HistoryFinding] = []
        func add(_ file: String, _ problem: String) {
            if !findings.contains(where: { $0.file == file }) { findings.append(HistoryFinding(file: file, problem: problem)) }
        }
        var hashes: [String: String] = [:]
        for r in records { if let d = r.data { hashes[r.file] = FileIO.sha256(d) } }
        let events = records.dropFirst().compactMap { r in r.event.map { (file: r.file, event: $0) } }
        let sealed = events.contains { $0.event.after != nil }

        // The chain.
        var namedBy: [String: String] = [:]
        for (file, e) in events {
            for link in e.after ?? [] {
                guard let h = hashes[link.file] else {
                    add(
                        link.file,
                        "is missing: \(file) names it as the record before it, so it was deleted (an event, or the registration, is gone from the history)")
                    continue
                }
                if h != link.sha256 {
                    add(
                        link.file,
                        link.file == StoreLayout.registration
                            ? "the registration was altered after it was recorded: its SHA-256 differs from the one \(file) holds (State, date, items or the original's hash changed by hand?)"
                            : "was altered after it was recorded: its SHA-256 differs from the one \(file) holds")
                }
                if namedBy[link.file] == nil { namedBy[link.file] = file }
            }
        }
        if sealed {
            for (file, e) in events where e.after == nil && namedBy[file] == nil {
                add(
                    file,
                    "is outside the sealed history: it names no record before it and no event names it (written by hand, or by a crp older than the chain)")
            }
            if namedBy[StoreLayout.registration] == nil {
                add(StoreLayout.registration, "no event of the sealed history names the registration, so a change to it could not be seen")
            }
        }
        // The anchored heads: the newest records written here must still be there, unchanged.
        if let anchored {
            for link in anchored {
                guard let h = hashes[link.file] else {
                    add(
                        link.file,
                        "is missing: it was the newest record of this history when crp last wrote it here (anchored in \(StoreLayout.privateFolder)/heads/\(id).json), so it was deleted"
                    )
                    continue
                }
                if h != link.sha256 {
                    add(link.file, "was altered after crp wrote it: its SHA-256 differs from the one anchored in \(StoreLayout.privateFolder)/heads/\(id).json")
                }
            }
        }

        // Every step through the commands' rules, from the history it followed.
        findings += impossibleSteps(events, registration: registration, folder: folder)
        return HistoryCheck(findings: findings, sealed: sealed)
    }

    /// Every event replayed through the commands' rules (`impossibility`), from the history it
    /// followed: the events it names and those they name, or, for an event with no links, every
    /// event before it.
    func impossibleSteps(_ events: [(file: String, event: Event)], registration: SubmissionRecord, folder: URL) -> [HistoryFinding] {
        var out: [HistoryFinding] = []
        let index = Dictionary(uniqueKeysWithValues: events.enumerated().map { ($0.element.file, $0.offset) })
        for (k, (file, e)) in events.enumerated() {
            let before: [Event]
            if e.after != nil {
                var seen = Set<Int>()
                var stack = (e.after ?? []).compactMap { index[$0.file] }
                while let j = stack.popLast() {
                    guard seen.insert(j).inserted else { continue }
                    stack += (events[j].event.after ?? []).compactMap { index[$0.file] }
                }
                before = seen.sorted().map { events[$0].event }
            } else {
                before = events[..<k].map(\.event)
            }
            let sub = Submission(registration: registration, analysis: nil, events: before, folder: folder, paperLanguage: paper.language)
            if let why = Self.impossibility(of: e, after: sub, first: before.isEmpty) {
                // Said even when the chain already named this file: a forged event is both.
                out.append(HistoryFinding(file: file, problem: "is an impossible step: \(why). It was written by hand, or an event before it was deleted"))
            }
        }
        return out
    }

    /// Why `e` could not have been recorded on `sub` as it stood (nil when a command could have
    /// written it). A step repeated (two clones that both reviewed) is not impossible.
    static func impossibility(of e: Event, after sub: Submission, first: Bool) -> String? {
        let state = sub.events.isEmpty ? "before the registration" : "when its history leaves the submission \(sub.statusDisplay)"
        do {
            switch e.action {
            case .registered:
                return first ? nil : "a second registration, \(state)"
            case .translated:
                try sub.requireTranslatable()
            case .reviewed:
                try Transition.review.check(sub, reason: e.reason)
            case .included:
                try Transition.include.check(sub, reason: e.reason)
            case .withdrawn:
                try Transition.withdraw.check(sub, reason: e.reason)
            case .reopened:
                try Transition.reopen(to: e.to ?? .received).check(sub, reason: e.reason)
            case .revised, .proofread:
                if sub.status == .withdrawn { throw StoreError.withdrawn(id: sub.id) }
            case .amended, .sealed, .assigned:
                return nil
            }
        } catch StoreError.alreadyDone {
            return nil
        } catch StoreError.invalidTransition(_, let from, let action, _) {
            return "`\(e.action.rawValue)` recorded on a submission that was \(from), which cannot be \(action)"
        } catch StoreError.reasonRequired(let action, _) {
            return "`\(e.action.rawValue)` recorded without the reason `crp \(action)` requires"
        } catch StoreError.withdrawn {
            return "`\(e.action.rawValue)` recorded on a withdrawn submission"
        } catch is ProofreadingRequired {
            return "`\(e.action.rawValue)` recorded while its OCR text was not proofread"
        } catch {
            return "`\(e.action.rawValue)` recorded \(state): \((error as? LocalizedError)?.errorDescription ?? "\(error)")"
        }
        if sub.events.isEmpty { return "`\(e.action.rawValue)` recorded before the registration" }
        return nil
    }

    /// True when the history of `id` is chained (some event names the records before it).
    public func isSealed(_ id: String) -> Bool {
        chainRecords(atPath: root.appendingPathComponent(id).path).contains { $0.event?.after != nil }
    }

    /// Seals the histories of `ids` written before events were chained: one `sealed` event each,
    /// naming the registration and every event, so that a later change to any of them is found.
    /// A history already sealed is left as it is. Returns the ids sealed.
    public func seal(_ ids: [String], by: String) throws -> [String] {
        var done: [String] = []
        for id in ids {
            let lock = try lock()
            defer { withExtendedLifetime(lock) {} }
            let sub = try load(id: id)
            guard !sub.events.contains(where: { $0.after != nil }) else { continue }
            try append(
                Event(
                    action: .sealed, at: Clock.stamp(clock.now()), by: by,
                    note: "history sealed: every record before this event is named with its SHA-256"), to: sub)
            done.append(id)
        }
        return done
    }
}
