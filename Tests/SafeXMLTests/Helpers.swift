@testable import SafeXML

/// Parses a string literal as UTF-8 bytes.
func parse(_ s: String, limits: XMLLimits = .default) throws -> XMLDocument {
    try XMLDocument.parse(Array(s.utf8), limits: limits)
}

/// Returns the XMLError thrown for `s`, or nil if it parsed.
func parseError(_ bytes: [UInt8], limits: XMLLimits = .default) -> XMLError? {
    do {
        _ = try XMLDocument.parse(bytes, limits: limits)
        return nil
    } catch let error as XMLError {
        return error
    } catch {
        return nil
    }
}

func parseError(_ s: String, limits: XMLLimits = .default) -> XMLError? {
    parseError(Array(s.utf8), limits: limits)
}

let xliff2NS = "urn:oasis:names:tc:xliff:document:2.0"
let wNS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
let rNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
