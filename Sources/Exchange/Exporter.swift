import Foundation
import Submissions

/// Sends submissions out: XLIFF 2.1 or 1.2 files (one per submission) for translators, or a TMX of
/// the aligned sentence pairs of reviewed submissions for translation memories.
public struct Exporter {
    /// The export formats.
    public enum Format: String, CaseIterable, Sendable {
        case xliff2, xliff1, tmx

        /// The extension of the written files: .xlf (XLIFF 2.1), .xliff (XLIFF 1.2), .tmx.
        public var fileExtension: String {
            switch self {
            case .xliff2: "xlf"
            case .xliff1: "xliff"
            case .tmx: "tmx"
            }
        }
    }

    /// Which submissions: named ones, every one, or those with a status.
    public enum Selection: Sendable, Equatable {
        case ids([String])
        case all
        case status(Status)
    }

    /// What an export wrote and what it left out, with the reason.
    public struct Result: Sendable {
        public var written: [URL]
        public var skipped: [(id: String, reason: String)]
        public var pairs: Int
    }

    public let store: Store

    public init(store: Store) { self.store = store }

    /// Why a submission cannot go out in `format`, or nil when it can.
    public func refusal(_ sub: Submission, format: Format) throws -> String? {
        if sub.status == .withdrawn { return "it was withdrawn" }
        if sub.needsProofreading { return "its text was read by OCR and is not yet proofread (run `crp proofread \(sub.id)` first)" }
        if sub.record.language == store.paper.language {
            return "it is in \(store.paper.language), the paper's language; there is nothing to translate"
        }
        if format == .tmx {
            guard sub.status == .reviewed || sub.status == .included else {
                return "it is \(sub.status.rawValue); a TMX holds only reviewed translations (run `crp review \(sub.id)` first)"
            }
            if try store.translation(sub) == nil { return "it has no attached translation" }
        }
        return nil
    }

    /// The submissions a selection names; named ones that cannot go out are refused, the others
    /// are skipped with their reason.
    public func select(_ selection: Selection, format: Format) throws -> (chosen: [Submission], skipped: [(id: String, reason: String)]) {
        var chosen: [Submission] = []
        var skipped: [(String, String)] = []
        switch selection {
        case .ids(let typed):
            for t in typed {
                let sub = try store.resolve(t)
                if let why = try refusal(sub, format: format) { throw ExportError.notExportable(id: sub.id, reason: why) }
                if !chosen.contains(where: { $0.id == sub.id }) { chosen.append(sub) }
            }
        case .all, .status:
            for sub in try store.all() {
                if case .status(let s) = selection, sub.status != s { continue }
                if let why = try refusal(sub, format: format) { skipped.append((sub.id, why)); continue }
                chosen.append(sub)
            }
        }
        if chosen.isEmpty {
            let what: String
            switch selection {
            case .ids: what = "no id given"
            case .all: what = format == .tmx ? "no submission is reviewed" : "every submission is withdrawn or already in the paper's language"
            case .status(let s): what = "no submission that can go out is \(s.rawValue)"
            }
            throw ExportError.nothingSelected(what)
        }
        return (chosen, skipped)
    }

    /// Writes the export into `output` (a folder; for TMX also a path ending in .tmx). Refuses to
    /// replace existing files unless `force`; checks every path before writing any.
    /// `prefill` may add the translation memory's matches to a plan before it is written.
    public func export(
        _ selection: Selection, format: Format, output: URL, force: Bool = false, now: Date = Date(),
        prefill: (ExportPlan) throws -> ExportPlan = { $0 }
    ) throws -> Result {
        let (subs, skipped) = try select(selection, format: format)
        var files: [(URL, Data)] = []
        var pairs = 0
        switch format {
        case .xliff2, .xliff1:
            for sub in subs {
                let plan = try prefill(try ExportPlan.make(sub, store: store))
                let text = format == .xliff2 ? XLIFFWriter.xliff2(plan) : XLIFFWriter.xliff12(plan)
                files.append((output.appendingPathComponent("\(sub.id).\(format.fileExtension)"), Data(text.utf8)))
            }
        case .tmx:
            var all: [AlignedPair] = []
            for sub in subs { all += TMXWriter.pairs(try ExportPlan.make(sub, store: store)) }
            pairs = all.count
            let target =
                output.pathExtension.lowercased() == "tmx"
                ? output : output.appendingPathComponent(SafeName.reduce(store.paper.symbol, limit: 60) + ".tmx")
            files.append((target, Data(TMXWriter.tmx(all, creationDate: now).utf8)))
        }
        let fm = FileManager.default
        let root = store.root.standardizedFileURL.resolvingSymlinksInPath().path
        for (url, _) in files {
            let dir = url.deletingLastPathComponent().standardizedFileURL.resolvingSymlinksInPath().path
            if dir == root || dir.hasPrefix(root + "/") { throw ExportError.insideWorkspace(path: dir, workspace: store.root.path) }
        }
        for (url, _) in files where fm.fileExists(atPath: url.path) && !force {
            throw ExportError.exists(path: url.path)
        }
        for dir in Set(files.map { $0.0.deletingLastPathComponent().path }) {
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: dir, isDirectory: &isDir) {
                if !isDir.boolValue { throw ExportError.cannotWrite(path: dir, reason: "it is a file, not a folder") }
            } else {
                do { try fm.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
                    throw ExportError.cannotWrite(path: dir, reason: "the folder cannot be created")
                }
            }
        }
        for (url, data) in files {
            do { try FileIO.writeAtomically(data, to: url) } catch {
                throw ExportError.cannotWrite(path: url.path, reason: (error as? LocalizedError)?.errorDescription ?? "\(error)")
            }
        }
        return Result(written: files.map(\.0), skipped: skipped, pairs: pairs)
    }
}
