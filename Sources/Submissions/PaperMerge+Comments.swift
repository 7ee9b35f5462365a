import Foundation
import Yams

// The officer's comments in paper.yaml, kept when a merged definition has to be written out whole
// (a list that grew, a field added): YAML parsers drop comments, so each comment of this side's
// text is found (a line whose removal leaves the definition unchanged, or the end of a line that
// can be cut off the same way), attached to the field it stands before (or on), and written again
// before that field in the new text. The result is read back and must give the merged definition.

extension PaperMerge {
    /// One comment of a text: its lines (without indentation) and the field it stands before.
    struct Comment {
        var lines: [String]
        /// The field's name ("items[2].title"); nil for comments after the last field.
        var field: String?
        /// The fields after it in the text, nearest first: where it goes if its own field is gone.
        var following: [String]
    }

    /// `whole` (the merged definition written out) with the comments of `mine` written before the
    /// fields they belonged to; nil when `mine` has none, or when they cannot be placed so that the
    /// text still reads as `merged`.
    static func withComments(_ whole: String, from mine: String, merged: Node) -> String? {
        guard let mineRoot = mapping(mine) else { return nil }
        let comments = self.comments(in: mine, root: mineRoot)
        guard !comments.isEmpty, let wholeRoot = mapping(whole) else { return nil }
        var starts: [(line: Int, field: String)] = []
        fieldStarts(wholeRoot, path: [], into: &starts)
        var firstLine: [String: Int] = [:]
        for s in starts where firstLine[s.field] == nil { firstLine[s.field] = s.line }
        var lines = whole.components(separatedBy: "\n")
        // Inserted from the bottom up, so that the line numbers above stay right.
        var inserts: [(line: Int, text: [String])] = []
        var tail: [String] = []
        for c in comments {
            guard let target = ([c.field].compactMap { $0 } + c.following).lazy.compactMap({ firstLine[$0] }).first,
                target >= 1, target <= lines.count
            else {
                tail += c.lines
                continue
            }
            let indent = String(lines[target - 1].prefix { $0 == " " })
            inserts.append((target, c.lines.map { indent + $0 }))
        }
        for i in inserts.enumerated().sorted(by: { ($0.element.line, $0.offset) > ($1.element.line, $1.offset) }) {
            lines.insert(contentsOf: i.element.text, at: i.element.line - 1)
        }
        if !tail.isEmpty {
            while lines.last == "" { lines.removeLast() }
            lines += tail + [""]
        }
        let text = lines.joined(separator: "\n")
        guard mapping(text) == merged, PaperDefinition.problems(inYAML: text).isEmpty else { return nil }
        return text
    }

    /// The comments of `mine` that `text` does not hold.
    static func lostComments(_ mine: String, in text: String) -> [String] {
        guard let root = mapping(mine) else { return [] }
        let kept = Set(text.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
        return comments(in: mine, root: root).flatMap(\.lines).filter { !kept.contains($0) && !text.contains($0) }
    }

    /// The comments of `text`, in order, each with the field it stands before (a comment at the
    /// end of a line: the field that line starts, or the one it is in).
    static func comments(in text: String, root: Node) -> [Comment] {
        var starts: [(line: Int, field: String)] = []
        fieldStarts(root, path: [], into: &starts)
        let lines = text.components(separatedBy: "\n")
        func unchanged(_ changed: [String]) -> Bool { mapping(changed.joined(separator: "\n")) == root }
        var found: [(line: Int, text: String)] = []
        for (k, line) in lines.enumerated() {
            let trimmed = line.drop { $0 == " " }
            if trimmed.hasPrefix("#") {
                var without = lines
                without.remove(at: k)
                if unchanged(without) { found.append((k + 1, String(trimmed))) }
            } else if let comment = inlineComment(
                line,
                unchanged: { head in
                    var changed = lines
                    changed[k] = head
                    return unchanged(changed)
                })
            {
                found.append((k + 1, comment))
            }
        }
        // Consecutive comment lines stand together before the same field.
        var out: [Comment] = []
        var previous = -1
        for (line, text) in found {
            let after = starts.filter { $0.line >= line }
            let field = after.first?.field
            if line == previous + 1, let last = out.last, last.field == field {
                out[out.count - 1].lines.append(text)
            } else {
                out.append(Comment(lines: [text], field: field, following: after.dropFirst().map(\.field)))
            }
            previous = line
        }
        return out
    }

    /// The comment at the end of `line` ("title: Agenda  # checked"), found by cutting the line
    /// before each " #" in turn and asking `unchanged` whether the text still reads the same.
    static func inlineComment(_ line: String, unchanged: (String) -> Bool) -> String? {
        guard line.contains(" #") || line.contains("\t#") else { return nil }
        var search = line.startIndex
        while let hash = line[search...].firstIndex(of: "#") {
            if hash > line.startIndex, [" ", "\t"].contains(line[line.index(before: hash)]) {
                var head = String(line[..<hash])
                while head.last == " " || head.last == "\t" { head.removeLast() }
                if unchanged(head) { return String(line[hash...]) }
            }
            search = line.index(after: hash)
        }
        return nil
    }

    /// The line where each field starts, in the order of the text (outermost first on a line):
    /// a mapping's keys, a list's items.
    static func fieldStarts(_ node: Node, path: [PathStep], into out: inout [(line: Int, field: String)]) {
        if case .mapping(let m) = node {
            for (k, v) in m {
                guard let key = k.scalar?.string, let line = k.mark?.line else { continue }
                let p = path + [.key(key)]
                out.append((line, name(p)))
                fieldStarts(v, path: p, into: &out)
            }
        } else if case .sequence(let s) = node {
            for (i, item) in s.enumerated() {
                let p = path + [.index(i + 1)]
                if let line = item.mark?.line { out.append((line, name(p))) }
                fieldStarts(item, path: p, into: &out)
            }
        }
    }
}
