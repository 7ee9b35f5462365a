import Foundation

/// Why an XLIFF file was refused while it was read, before it is compared with the store.
///
/// Every message names the file, the rule that is broken and where, and says what to do next.
public enum XLIFFError: Error, LocalizedError, Equatable, Sendable {
    /// The XML itself was refused (a DTD, an entity, a size limit, malformed markup).
    case unsafeXML(file: String, detail: String)
    /// The document is XML but not XLIFF (another root element or namespace).
    case notXLIFF(file: String, detail: String)
    /// An XLIFF version this reader does not know.
    case unsupportedVersion(file: String, version: String)
    /// The file breaks a rule of the XLIFF specification (schema or processing requirement).
    case invalid(file: String, rule: XLIFFRule, location: String, detail: String)

    /// The rule that was broken, for `.invalid`.
    public var rule: XLIFFRule? {
        if case .invalid(_, let r, _, _) = self { return r }
        return nil
    }

    public var errorDescription: String? {
        switch self {
        case .unsafeXML(let f, let d):
            return
                "\(f) was refused by the XML reader: \(d). RoomPaper reads XLIFF without DTDs or entities and within size limits; save the file again from the CAT tool as plain XLIFF (UTF-8)."
        case .notXLIFF(let f, let d):
            return "\(f) is not an XLIFF file: \(d). Import the .xlf file that the CAT tool wrote back."
        case .unsupportedVersion(let f, let v):
            return "\(f) is XLIFF version \"\(v)\", which RoomPaper does not read. Save it from the CAT tool as XLIFF 2.x or 1.2."
        case .invalid(let f, let rule, let location, let detail):
            let at = location.isEmpty ? "" : "\(location): "
            return
                "\(f) is not valid XLIFF: \(at)\(detail) (rule: \(rule.summary)). Nothing was imported; fix the file in the CAT tool or export again, then import it again."
        }
    }
}

/// Why an XLIFF file that reads correctly cannot be matched with the store.
public enum ImportError: Error, LocalizedError, Equatable, Sendable {
    /// The file holds no RoomPaper submission id (it was not exported by `crp export`).
    case notRoomPaperExport(file: String, fileID: String?)
    /// The id names no submission of this workspace.
    case unknownSubmission(file: String, id: String)
    /// One XLIFF document holds several `<file>` elements.
    case severalFiles(file: String, count: Int)
    /// Two imported files are for the same submission.
    case sameSubmissionTwice(file: String, other: String, id: String)
    /// The source or target language is not the submission's or the paper's.
    case languageMismatch(file: String, what: String, expected: String, found: String)
    /// A unit id that is not one of the paragraphs RoomPaper exported.
    case unknownUnit(file: String, unit: String, paragraphs: Int)
    /// A paragraph of the original has no unit in the file.
    case missingUnit(file: String, unit: String)
    /// The same unit id appears twice.
    case duplicateUnit(file: String, unit: String)
    /// A unit's source text is not the stored original's paragraph any more.
    case sourceChanged(file: String, unit: String, expected: String, found: String)
    /// Units without a complete target, refused without `--allow-partial` (`none`: no target at all).
    case missingTargets(file: String, units: [String], total: Int, none: Bool)
    /// The submission cannot take a translation (English original, withdrawn).
    case notTranslatable(file: String, id: String, reason: String)
    /// The file could not be read from disk.
    case unreadable(file: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case .notRoomPaperExport(let f, let id):
            let which = id.map { " (its <file> id is \"\($0)\")" } ?? ""
            return
                "\(f) is valid XLIFF but not a RoomPaper export: no submission id\(which). Import only files made by `crp export`; their <file> id (XLIFF 2) or original attribute (XLIFF 1.2) names the submission."
        case .unknownSubmission(let f, let id):
            return "\(f) is for submission \(id), which is not in this workspace. Import it in the workspace it was exported from (--workspace PATH)."
        case .severalFiles(let f, let n):
            return "\(f) holds \(n) <file> elements; RoomPaper imports one submission per XLIFF file. Save each file separately from the CAT tool."
        case .sameSubmissionTwice(let f, let other, let id):
            return "\(f) and \(other) are both for submission \(id). Import only the newer one."
        case .languageMismatch(let f, let what, let expected, let found):
            return
                "\(f) has \(what) \"\(found)\" but RoomPaper expects \"\(expected)\". Check that this is the file exported for this submission and that the CAT project kept its languages."
        case .unknownUnit(let f, let unit, let n):
            return
                "\(f) has a unit \"\(unit)\" that is not one of the original's \(n) paragraphs (p1…p\(n)). Units must keep the ids crp export gave them; export again if the CAT tool renamed them."
        case .missingUnit(let f, let unit):
            return "\(f) has no unit \"\(unit)\", which crp export wrote. The CAT tool dropped a paragraph; export again and translate the new file."
        case .duplicateUnit(let f, let unit):
            return "\(f) has the unit \"\(unit)\" twice. Export again and translate the new file."
        case .sourceChanged(let f, let unit, let expected, let found):
            return
                "\(f), unit \(unit): the source text is not the registered original any more (expected “\(expected)”, found “\(found)”). Translations are imported only against the unchanged original; export again and translate the new file."
        case .missingTargets(let f, _, let total, true):
            return
                "\(f) holds no translation: none of its \(total) paragraphs has a target. Translate the file in the CAT tool, save it, and import the saved file."
        case .missingTargets(let f, let units, let total, false):
            let list = units.count > 12 ? units.prefix(12).joined(separator: ", ") + ", …" : units.joined(separator: ", ")
            return
                "\(f) has no complete translation for \(units.count) of \(total) paragraphs (\(list)). Finish them in the CAT tool, or import with --allow-partial to attach what there is (the missing paragraphs are marked in the text and recorded)."
        case .notTranslatable(let f, let id, let reason):
            return "\(f) cannot be imported for \(id): \(reason)."
        case .unreadable(let f, let reason):
            return "\(f) cannot be read: \(reason)."
        }
    }
}

/// Why an export was refused.
public enum ExportError: Error, LocalizedError, Equatable, Sendable {
    /// Nothing matched the selection.
    case nothingSelected(String)
    /// A selected submission cannot be exported in this format.
    case notExportable(id: String, reason: String)
    /// The output file exists already.
    case exists(path: String)
    /// The output folder cannot be made or written.
    case cannotWrite(path: String, reason: String)
    /// The output would land inside the workspace, where every folder is taken for a submission.
    case insideWorkspace(path: String, workspace: String)

    public var errorDescription: String? {
        switch self {
        case .nothingSelected(let what):
            return "No submission to export: \(what). Run `crp status` to see where each one stands."
        case .notExportable(let id, let reason):
            return "Submission \(id) cannot be exported: \(reason)."
        case .exists(let path):
            return "\(path) exists already. Nothing was written; choose another --output folder or pass --force to replace it."
        case .insideWorkspace(let path, let ws):
            return
                "\(path) is inside the workspace \(ws), which holds only submissions (and is shared through git). Nothing was written; export to a folder outside it, for example --output ../exports."
        case .cannotWrite(let path, let reason):
            return "\(path) cannot be written: \(reason). Nothing was changed; check the folder and its permissions."
        }
    }
}
