import Foundation
import SafeXML
import Submissions

extension TranslationMemory {
    /// Imports a TMX file: reads it whole first (refusing it with the line and reason when it is
    /// not well-formed, not TMX or of no pair the paper can use, leaving nothing behind), then keeps
    /// the file as received with its record in `memory/<id>/` and its index in the cache.
    public func importTMX(_ url: URL, name: String, origin: String?, by: String, now: Date) throws -> ImportRecord {
        let stem = url.deletingPathExtension().lastPathComponent
        let o = origin ?? String(stem.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) && $0.isASCII ? Character($0) : "-" }.prefix(40))
        guard !o.isEmpty, o.count <= 40, o != "store",
            o.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_") })
        else { throw MemoryError.badOrigin(origin ?? stem) }
        let sha: String
        do { sha = try Self.sha256(file: url) } catch { throw MemoryError.unreadable(file: name, reason: "it cannot be opened") }
        if let same = try imports().first(where: { $0.sha256 == sha }) {
            throw MemoryError.alreadyImported(file: name, id: same.id, origin: same.origin)
        }
        let id = "\(o)-\(Clock.compactStamp(now))-\(FileIO.randomHex(2))"
        var report = TMXReader.Report()
        let manifest = try build(id, source: sha) { sink in
            report = try reader(name: name, origin: o) { try sink.add($0) }.read(url)
        }
        let bytes = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        let record = ImportRecord(
            id: id, origin: o, file: name, sha256: sha, bytes: bytes, importedAt: Clock.stamp(now), importedBy: by, report: report)
        let fm = FileManager.default
        let staging = importsFolder.appendingPathComponent(".staging-\(id)")
        do {
            try fm.createDirectory(at: staging, withIntermediateDirectories: true)
            try fm.copyItem(at: url, to: staging.appendingPathComponent(Self.receivedName))
            let enc = JSONEncoder()
            enc.outputFormatting = [.sortedKeys, .prettyPrinted]
            try FileIO.writeAtomically(try enc.encode(record), to: staging.appendingPathComponent(Self.recordName))
            try fm.moveItem(at: staging, to: importsFolder.appendingPathComponent(id))
        } catch {
            try? fm.removeItem(at: staging)
            for f in manifest.files.keys { try? fm.removeItem(at: cacheFolder.appendingPathComponent(f)) }
            try? fm.removeItem(at: manifestURL(id))
            throw MemoryError.cannotWrite(path: importsFolder.path, reason: (error as? LocalizedError)?.errorDescription ?? "\(error)")
        }
        return record
    }

    /// One row of `crp tm stats`.
    public struct StatsRow: Sendable, Equatable, Codable {
        public var sourceLanguage: String
        public var targetLanguage: String
        public var origin: String
        public var units: Int
    }

    /// Units per language pair and origin.
    public func stats() throws -> [StatsRow] {
        var rows: [StatsRow] = []
        let paper = store.paper.language
        for (lang, n) in try freshStoreManifest().units { rows.append(StatsRow(sourceLanguage: lang, targetLanguage: paper, origin: "store", units: n)) }
        var byOrigin: [String: Int] = [:]
        for r in try imports() {
            for (lang, n) in try freshImportManifest(r).units { byOrigin["\(lang)\t\(r.origin)", default: 0] += n }
        }
        for (k, n) in byOrigin {
            let p = k.split(separator: "\t").map(String.init)
            rows.append(StatsRow(sourceLanguage: p[0], targetLanguage: paper, origin: p[1], units: n))
        }
        return rows.sorted { ($0.sourceLanguage, $0.origin) < ($1.sourceLanguage, $1.origin) }
    }

    /// Writes the memory (or its units from `language`) as TMX 1.4b, one unit at a time; returns
    /// the number of units written.
    public func exportTMX(to url: URL, language: String?, now: Date) throws -> Int {
        let langs = language.map { [$0.lowercased()] } ?? sourceLanguages.sorted()
        let tmp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(FileIO.randomHex(2))")
        guard FileManager.default.createFile(atPath: tmp.path, contents: nil), let out = FileHandle(forWritingAtPath: tmp.path) else {
            throw MemoryError.cannotWrite(path: url.path, reason: "the file cannot be created")
        }
        var n = 0
        do {
            let stamp = Clock.compactStamp(now)
            try out.write(contentsOf: Data(TMXFormat.head(creationDate: stamp).utf8))
            for lang in langs {
                for index in try indexes(language: lang) {
                    var chunk = ""
                    for i in 0..<index.unitCount {
                        chunk += TMXFormat.unit(try index.unit(i))
                        n += 1
                        if chunk.utf8.count > 1 << 16 { try out.write(contentsOf: Data(chunk.utf8)); chunk = "" }
                    }
                    try out.write(contentsOf: Data(chunk.utf8))
                }
            }
            try out.write(contentsOf: Data(" </body>\n</tmx>\n".utf8))
            try out.close()
            if rename(tmp.path, url.path) != 0 { throw MemoryError.cannotWrite(path: url.path, reason: "the file cannot be put in place") }
        } catch {
            try? out.close()
            try? FileManager.default.removeItem(at: tmp)
            throw error
        }
        return n
    }

    /// A problem with the memory, for `crp verify`.
    public struct Problem: Sendable, Equatable {
        public var file: String
        public var problem: String
        public var repairable: Bool
    }

    /// Checks every import's received file against its record and every index against its
    /// manifest; with `repair`, rebuilds every index (the damaged ones are returned as repaired).
    public func check(repair: Bool) throws -> (problems: [Problem], repaired: [Problem]) {
        var problems: [Problem] = []
        func damaged(_ name: String, _ expectedSource: String?) -> String? {
            guard let m = readManifest(name) else { return "the index was never built or its manifest is missing" }
            if let expectedSource, m.source != expectedSource { return "the index was built from other bytes than the file imported" }
            for (f, sha) in m.files.sorted(by: { $0.key < $1.key }) {
                let url = cacheFolder.appendingPathComponent(f)
                guard let got = try? Self.sha256(file: url) else { return "\(f) is missing" }
                if got != sha { return "\(f) was changed or damaged since it was built" }
            }
            return nil
        }
        for r in try imports() {
            let rel = "\(Self.folderName)/\(r.id)/\(Self.receivedName)"
            let got = try? Self.sha256(file: importsFolder.appendingPathComponent(r.id).appendingPathComponent(Self.receivedName))
            if got != r.sha256 {
                problems.append(
                    Problem(
                        file: rel, problem: "the imported TMX was changed or removed after its import (SHA-256 differs from import.json)", repairable: false))
                continue
            }
            // An index never built here (an import another duty station made, taken in by `crp
            // sync`) is no damage: the cache is built when it is first read.
            if readManifest(r.id) != nil, let why = damaged(r.id, r.sha256) {
                problems.append(Problem(file: ".crp/memory/\(r.id)", problem: why, repairable: true))
            }
        }
        if readManifest("store") != nil, let why = damaged("store", nil) {
            problems.append(Problem(file: ".crp/memory/store", problem: why, repairable: true))
        }
        guard repair else { return (problems, []) }
        // A store whose records cannot be read (reported by verify for what they are) leaves the
        // store's index to be rebuilt once they are repaired; it never stops verify.
        try? FileManager.default.removeItem(at: manifestURL("store"))
        _ = try? freshStoreManifest()
        for r in try imports() where !problems.contains(where: { !$0.repairable && $0.file.contains(r.id) }) { _ = try rebuildImport(r) }
        return (problems.filter { !$0.repairable }, problems.filter(\.repairable))
    }
}

/// TMX 1.4b text of memory units.
public enum TMXFormat {
    /// The XML declaration, `<tmx>`, the header and `<body>`.
    public static func head(creationDate: String) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n"
            + " <header creationtool=\"RoomPaper\" creationtoolversion=\"0.1.0\" datatype=\"plaintext\" segtype=\"sentence\" adminlang=\"en\" srclang=\"*all*\" o-tmf=\"RoomPaper\" creationdate=\"\(creationDate)\"/>\n <body>\n"
    }

    /// One `<tu>` with the unit's facts as properties.
    public static func unit(_ u: MemoryUnit) -> String {
        let a = XMLEscape.attribute, t = XMLEscape.text
        var x = "  <tu srclang=\"\(a(u.sourceLanguage))\"\(u.date.map { " creationdate=\"\($0.replacingOccurrences(of: "-", with: ""))T000000Z\"" } ?? "")>\n"
        x += "   <prop type=\"x-origin\">\(t(u.origin))</prop>\n"
        if let s = u.state { x += "   <prop type=\"x-state\">\(t(s))</prop>\n" }
        if let i = u.items, !i.isEmpty { x += "   <prop type=\"x-items\">\(i.map(String.init).joined(separator: " "))</prop>\n" }
        if let s = u.session { x += "   <prop type=\"x-session\">\(t(s))</prop>\n" }
        if let s = u.submission { x += "   <prop type=\"x-submission\">\(t(s))</prop>\n" }
        if u.uncertain == true { x += "   <prop type=\"x-alignment\">uncertain</prop>\n" }
        x += "   <tuv xml:lang=\"\(a(u.sourceLanguage))\"><seg>\(t(u.source))</seg></tuv>\n"
        x += "   <tuv xml:lang=\"\(a(u.targetLanguage))\"><seg>\(t(u.target))</seg></tuv>\n  </tu>\n"
        return x
    }
}
