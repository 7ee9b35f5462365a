import Foundation
import Hummingbird
import MultipartKit
import NIOCore

/// A submitted form: its fields and, for multipart forms, its files.
struct Form: Sendable {
    struct Upload: Sendable {
        /// The file name the browser gave (only its last component; never used as a path as it is).
        let fileName: String
        let data: Data
    }

    var fields: [String: [String]] = [:]
    var files: [String: Upload] = [:]

    func value(_ name: String) -> String? { fields[name]?.first }
    func values(_ name: String) -> [String] { fields[name] ?? [] }
    /// A trimmed value, nil when empty.
    func text(_ name: String) -> String? {
        guard let v = value(name)?.trimmingCharacters(in: .whitespacesAndNewlines), !v.isEmpty else { return nil }
        return v
    }

    /// Parses `application/x-www-form-urlencoded` or `multipart/form-data`.
    static func parse(_ body: ByteBuffer, contentType: String?) throws -> Form {
        let type = (contentType ?? "").lowercased()
        if type.hasPrefix("multipart/form-data") {
            guard let boundary = Self.parameter("boundary", in: contentType ?? "") else { throw DeskError.badForm("the form has no boundary") }
            return try multipart(body, boundary: boundary)
        }
        return urlencoded(String(buffer: body))
    }

    static func urlencoded(_ s: String) -> Form {
        var f = Form()
        for pair in s.split(separator: "&", omittingEmptySubsequences: true) {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ x: Substring) -> String { String(x).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            let k = decode(kv[0]), v = kv.count > 1 ? decode(kv[1]) : ""
            f.fields[k, default: []].append(v)
        }
        return f
    }

    /// multipart/form-data through MultipartKit's parser.
    static func multipart(_ body: ByteBuffer, boundary: String) throws -> Form {
        final class Collector {
            var headers: [(String, String)] = []
            var body = ByteBuffer()
            var form = Form()
        }
        let c = Collector()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { k, v in c.headers.append((k, v)) }
        parser.onBody = { chunk in c.body.writeBuffer(&chunk) }
        parser.onPartComplete = {
            let disposition = c.headers.first { $0.0.lowercased() == "content-disposition" }?.1 ?? ""
            if let name = Form.parameter("name", in: disposition) {
                if let file = Form.parameter("filename", in: disposition) {
                    if !file.isEmpty || c.body.readableBytes > 0 {
                        c.form.files[name] = Upload(fileName: file, data: Data(c.body.readableBytesView))
                    }
                } else {
                    c.form.fields[name, default: []].append(String(buffer: c.body))
                }
            }
            c.headers = []
            c.body = ByteBuffer()
        }
        do { try parser.execute(body) } catch { throw DeskError.badForm("the upload could not be read as a form (\(error))") }
        return c.form
    }

    /// A parameter of a header value: `name` in `form-data; name="file"; filename="x;1.docx"`
    /// (quoted strings may hold `;` and escaped quotes).
    static func parameter(_ key: String, in header: String) -> String? {
        var pieces: [String] = []
        var current = "", quoted = false, escaped = false
        for ch in header {
            if escaped { current.append(ch); escaped = false; continue }
            if quoted && ch == "\\" { escaped = true; continue }
            if ch == "\"" { quoted.toggle(); current.append(ch); continue }
            if ch == ";" && !quoted { pieces.append(current); current = ""; continue }
            current.append(ch)
        }
        pieces.append(current)
        for piece in pieces.dropFirst() {
            let kv = piece.split(separator: "=", maxSplits: 1)
            guard kv.count == 2, kv[0].trimmingCharacters(in: .whitespaces).lowercased() == key else { continue }
            var v = kv[1].trimmingCharacters(in: .whitespaces)
            if v.hasPrefix("\""), v.hasSuffix("\""), v.count >= 2 { v = String(v.dropFirst().dropLast()) }
            return v
        }
        return nil
    }
}

/// Refusals of the desk itself (the library's refusals keep their own messages).
enum DeskError: Error, LocalizedError {
    case badForm(String)
    case missing(String)
    case badValue(String)

    var errorDescription: String? {
        switch self {
        case .badForm(let s): "The form could not be read: \(s). Reload the page and try again."
        case .missing(let field): "\(field) is missing. Fill it in and send the form again."
        case .badValue(let s): s
        }
    }
}
