import Crypto
import Foundation
import Submissions

/// The translation memory of a workspace. What it holds is derived: the units of the store's
/// reviewed and included submissions (`StoreUnits`), and the TMX files imported with `crp tm
/// import`, each kept as received in `memory/<import>/` with its record (`import.json`), one folder
/// per import, so that two clones merge without conflict. The indexes lookups read are a cache in
/// `.crp/memory/` (git-ignored, never merged): one per import and source language, one per source
/// language for the store, each with a manifest naming the inputs it was built from (the SHA-256
/// of the TMX, or of the store's units) and its own SHA-256. A stale index is rebuilt before it is
/// read; `crp verify` checks the indexes and `crp verify --repair` rebuilds them.
public struct TranslationMemory: Sendable {
    /// The record of one imported TMX (`memory/<id>/import.json`).
    public struct ImportRecord: Codable, Sendable, Equatable {
        public var id: String
        public var origin: String
        public var file: String
        public var sha256: String
        public var bytes: Int
        public var importedAt: String
        public var importedBy: String
        public var report: TMXReader.Report
    }

    /// What an index was built from, and what it is.
    struct Manifest: Codable, Equatable {
        var source: String
        var files: [String: String]
        var units: [String: Int]
    }

    /// The folder of imports in the store, named once.
    public static let folderName = "memory"
    /// The received TMX in an import's folder.
    public static let receivedName = "received.tmx"
    /// An import's record.
    public static let recordName = "import.json"

    public let store: Store
    public init(store: Store) { self.store = store }

    var importsFolder: URL { store.root.appendingPathComponent(Self.folderName) }
    var cacheFolder: URL { store.root.appendingPathComponent(StoreLayout.privateFolder).appendingPathComponent("memory") }

    /// The source languages the memory takes: the official languages other than the paper's.
    public var sourceLanguages: Set<String> { Set(["ar", "zh", "fr", "ru", "es", "en"]).subtracting([store.paper.language]) }

    /// Every import, oldest first.
    public func imports() throws -> [ImportRecord] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: importsFolder.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        return try names.compactMap { n in
            let url = importsFolder.appendingPathComponent(n).appendingPathComponent(Self.recordName)
            guard FileManager.default.fileExists(atPath: url.path) else { return nil }
            return try JSONDecoder().decode(ImportRecord.self, from: Data(contentsOf: url))
        }.sorted { ($0.importedAt, $0.id) < ($1.importedAt, $1.id) }
    }

    /// The SHA-256 of a file, read in pieces.
    static func sha256(file: URL) throws -> String {
        let h = try FileHandle(forReadingFrom: file)
        defer { try? h.close() }
        var hasher = SHA256()
        while let d = try h.read(upToCount: 1 << 20), !d.isEmpty { hasher.update(data: d) }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    // MARK: indexes

    func manifestURL(_ name: String) -> URL { cacheFolder.appendingPathComponent(name + ".json") }
    /// Index files are written in parts of at most `IndexSink.partSize` units, so that building
    /// one (a TMX of any size) takes bounded memory: `<name>.<language>.<part>.idx`.
    func indexURL(_ name: String, _ language: String, part: Int) -> URL { cacheFolder.appendingPathComponent("\(name).\(language).\(part).idx") }

    /// The index parts of a manifest for one source language.
    func indexParts(_ m: Manifest, _ name: String, _ language: String) -> [URL] {
        m.files.keys.filter { $0.hasPrefix("\(name).\(language).") && $0.hasSuffix(".idx") }.sorted().map { cacheFolder.appendingPathComponent($0) }
    }

    func readManifest(_ name: String) -> Manifest? {
        guard let d = try? Data(contentsOf: manifestURL(name)) else { return nil }
        return try? JSONDecoder().decode(Manifest.self, from: d)
    }

    func writeManifest(_ m: Manifest, _ name: String) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .prettyPrinted]
        try FileIO.writeAtomically(try enc.encode(m), to: manifestURL(name))
    }

    /// Builds the indexes of a set of units by source language; returns the manifest.
    func build(_ name: String, source: String, units: (IndexSink) throws -> Void) throws -> Manifest {
        try FileManager.default.createDirectory(at: cacheFolder, withIntermediateDirectories: true)
        let sink = IndexSink(memory: self, name: name)
        do {
            try units(sink)
            try sink.finish()
        } catch {
            // A refused file leaves no part of its index behind.
            for url in sink.written { try? FileManager.default.removeItem(at: url) }
            throw error
        }
        var m = Manifest(source: source, files: [:], units: sink.units)
        for url in sink.written { m.files[url.lastPathComponent] = try Self.sha256(file: url) }
        try writeManifest(m, name)
        return m
    }

    /// The store's units with the key that names them (the SHA-256 of their JSON).
    func storeUnits() throws -> (units: [MemoryUnit], key: String) {
        let units = try StoreUnits.units(in: store)
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        return (units, FileIO.sha256(try enc.encode(units)))
    }

    /// The store's index manifest, rebuilt first when the store changed.
    func freshStoreManifest() throws -> Manifest {
        let (units, key) = try storeUnits()
        if let m = readManifest("store"), m.source == key,
            m.files.keys.allSatisfy({ FileManager.default.fileExists(atPath: cacheFolder.appendingPathComponent($0).path) })
        {
            return m
        }
        return try build("store", source: key) { sink in for u in units { try sink.add(u) } }
    }

    /// An import's index manifest, rebuilt first when missing or made from other bytes.
    func freshImportManifest(_ r: ImportRecord) throws -> Manifest {
        if let m = readManifest(r.id), m.source == r.sha256,
            m.files.keys.allSatisfy({ FileManager.default.fileExists(atPath: cacheFolder.appendingPathComponent($0).path) })
        {
            return m
        }
        return try rebuildImport(r)
    }

    /// A reader of a TMX for this memory. A unit this store exported (`crp tm export`: origin
    /// `store`, this paper's symbol, a submission of this store) is left out: the memory has it.
    func reader(name: String, origin: String, onUnit: @escaping (MemoryUnit) throws -> Void) -> TMXReader {
        let r = TMXReader(name: name, targetLanguage: store.paper.language, sourceLanguages: sourceLanguages, origin: origin, onUnit: onUnit)
        let (symbol, root) = (store.paper.symbol, store.root)
        r.isStoresOwn = { props in
            guard props["x-origin"] == "store", props["x-session"] == symbol, let id = props["x-submission"], !id.isEmpty, !id.hasPrefix("."), !id.contains("/")
            else { return false }
            return FileManager.default.fileExists(atPath: root.appendingPathComponent(id).appendingPathComponent(StoreLayout.registration).path)
        }
        return r
    }

    func rebuildImport(_ r: ImportRecord) throws -> Manifest {
        let url = importsFolder.appendingPathComponent(r.id).appendingPathComponent(Self.receivedName)
        return try build(r.id, source: r.sha256) { sink in
            _ = try reader(name: r.file, origin: r.origin) { try sink.add($0) }.read(url)
        }
    }

    /// The indexes for sources in `language`: the store's and every import's.
    public func indexes(language: String) throws -> [MemoryIndex] {
        var out: [MemoryIndex] = []
        let lang = language.lowercased()
        let store = try freshStoreManifest()
        for url in indexParts(store, "store", lang) { out.append(try MemoryIndex(path: url.path)) }
        for r in try imports() {
            for url in indexParts(try freshImportManifest(r), r.id, lang) { out.append(try MemoryIndex(path: url.path)) }
        }
        return out
    }
}

/// Receives units while an index is built, one builder per source language, a new part every
/// `partSize` units (the builder holds its part's tokens in memory).
final class IndexSink {
    static let partSize = 200_000
    let memory: TranslationMemory
    let name: String
    var builders: [String: IndexBuilder] = [:]
    var parts: [String: Int] = [:]
    var units: [String: Int] = [:]
    var written: [URL] = []

    init(memory: TranslationMemory, name: String) { self.memory = memory; self.name = name }

    func add(_ u: MemoryUnit) throws {
        let lang = u.sourceLanguage
        if let b = builders[lang], b.count >= Self.partSize {
            try close(lang, b)
        }
        if builders[lang] == nil {
            let part = parts[lang, default: 0] + 1
            parts[lang] = part
            builders[lang] = try IndexBuilder(path: memory.indexURL(name, lang, part: part).path, language: lang)
        }
        try builders[lang]!.add(u)
    }

    func close(_ lang: String, _ b: IndexBuilder) throws {
        units[lang, default: 0] += try b.finish()
        written.append(URL(fileURLWithPath: b.path))
        builders[lang] = nil
    }

    /// Writes the parts still open.
    func finish() throws {
        for (lang, b) in builders.sorted(by: { $0.key < $1.key }) { try close(lang, b) }
    }
}
