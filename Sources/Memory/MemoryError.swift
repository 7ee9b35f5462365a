import Foundation

/// Why the translation memory refused something, in words an officer can act on.
public enum MemoryError: LocalizedError, Equatable {
    case notWellFormed(file: String, line: Int, reason: String)
    case notTMX(file: String, line: Int, reason: String)
    case unusablePair(file: String, line: Int, reason: String)
    case empty(file: String)
    case unreadable(file: String, reason: String)
    case badOrigin(String)
    case brokenIndex(file: String, reason: String)
    case cannotWrite(path: String, reason: String)
    case alreadyImported(file: String, id: String, origin: String)
    case sourceIsTarget(String)
    case onlyStoresOwn(file: String, units: Int)

    public var errorDescription: String? {
        switch self {
        case .notWellFormed(let f, let line, let r):
            "\(f), line \(line): the file is not well-formed XML (\(r)); nothing was imported. Export the memory again from the tool that made it."
        case .notTMX(let f, let line, let r):
            "\(f), line \(line): this is not a TMX file (\(r)); nothing was imported. Give a TMX 1.4b file (OmegaT, Trados, po2tmx)."
        case .unusablePair(let f, let line, let r):
            "\(f), line \(line): \(r); nothing was imported. The paper uses memories from Arabic, Chinese, French, Russian or Spanish into its language."
        case .empty(let f): "\(f): the TMX holds no translation unit the paper can use; nothing was imported."
        case .unreadable(let f, let r): "\(f) cannot be read: \(r)."
        case .badOrigin(let o):
            "the origin \"\(o)\" cannot name a memory: use letters, digits, '-' or '_' (at most 40), e.g. --origin omegat-2019."
        case .brokenIndex(let f, let r): "the memory's index \(f) is damaged (\(r)); run `crp verify --repair` to rebuild it."
        case .cannotWrite(let p, let r): "cannot write \(p): \(r)."
        case .sourceIsTarget(let l):
            "\(l) is the paper's language, the target of every unit: give a source language (ar, zh, fr, ru or es) to export its units, or none for all; nothing was written."
        case .onlyStoresOwn(let f, let n):
            "\(f): its \(n) unit(s) are this store's own translations (written by `crp tm export`), which the memory holds already; nothing was imported."
        case .alreadyImported(let f, let id, let o):
            "\(f): the same file was imported already as \(id) (origin \(o)); nothing was imported. `crp tm stats` lists what the memory holds."
        }
    }
}
