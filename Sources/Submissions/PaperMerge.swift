import Foundation
import Yams

/// `paper.yaml` merged field by field, when two duty stations changed it and git's line merge
/// could not combine the two (`crp sync`), and one field of it set (`crp paper resolve`).
///
/// The three versions are composed into YAML nodes and merged field by field (mappings by key,
/// lists of the same length item by item): a field changed on one side only takes that side's
/// value; a field both sides changed to different values is a conflict, for which this side's
/// value is kept and both are reported. The merged text is this side's text with each value that
/// came in written over the old one on its own line (comments and layout kept); when a change
/// cannot be written that way (a list that grew, a field added), the whole merged definition is
/// written out again. Every result is read back and compared with the merged fields before it
/// is used.
public enum PaperMerge {
    /// A field both sides changed to different values.
    public struct Conflict: Codable, Equatable, Sendable {
        /// The field, as `crp check` names it: "title", "agenda.title", "items[2].points".
        public var field: String
        /// This side's value, as YAML (empty when this side removed the field).
        public var mine: String
        /// The other side's value, as YAML (empty when it removed the field).
        public var theirs: String
    }

    /// A merged definition.
    public struct Merged: Sendable {
        /// The text to write as paper.yaml.
        public var text: String
        /// The fields both sides changed differently (this side's value is in `text`).
        public var conflicts: [Conflict]
        /// The fields whose value came from the other side.
        public var fromTheirs: [String]
        /// This side's comments that `text` could not keep (the officer is told).
        public var lostComments: [String] = []
    }

    /// Merges `theirs` into `mine` from their common `base` (nil: no common version). Nil when
    /// one of the three is not a YAML mapping, or when the merged text would not be a valid
    /// paper definition (then the officers agree on the text by hand).
    public static func merge(base: String?, mine: String, theirs: String) -> Merged? {
        guard let m = mapping(mine), let t = mapping(theirs) else { return nil }
        let b = base.flatMap(mapping)
        var conflicts: [Conflict] = []
        var taken: [(path: [PathStep], node: Node?)] = []
        guard let merged = merge(b, m, t, path: [], conflicts: &conflicts, taken: &taken) else { return nil }
        guard let text = write(merged, over: mine, changes: taken) else { return nil }
        var result = Merged(text: text, conflicts: conflicts, fromTheirs: taken.map { name($0.path) })
        result.lostComments = lostComments(mine, in: text)
        return result
    }

    /// The fields whose values differ between two texts of paper.yaml (what an incoming change
    /// changed), by the same field names; empty when either does not read.
    public static func changedFields(from old: String, to new: String) -> [String] {
        guard let a = mapping(old), let b = mapping(new) else { return [] }
        var out: [String] = []
        diff(a, b, path: [], into: &out)
        return out
    }

    /// The fields that differ between two values, by the steps `merge` takes.
    static func diff(_ a: Node?, _ b: Node?, path: [PathStep], into out: inout [String]) {
        if a == b { return }
        if case .mapping(let am)? = a, case .mapping(let bm)? = b {
            var keys: [String] = []
            for (k, _) in am { if let s = k.scalar?.string { keys.append(s) } }
            for (k, _) in bm { if let s = k.scalar?.string, !keys.contains(s) { keys.append(s) } }
            for k in keys { diff(am[k], bm[k], path: path + [.key(k)], into: &out) }
            return
        }
        if case .sequence(let asq)? = a, case .sequence(let bsq)? = b, asq.count == bsq.count {
            for i in 0..<asq.count { diff(asq[i], bsq[i], path: path + [.index(i + 1)], into: &out) }
            return
        }
        out.append(name(path))
    }

    /// The value of `field` in a text of paper.yaml, as YAML; nil when the field is not there.
    public static func value(of field: String, in text: String) -> String? {
        guard let root = mapping(text), let path = parse(field), let node = lookup(root, path) else { return nil }
        return yaml(node)
    }

    /// `text` with `field` set to `value` (YAML, as `Conflict` holds it; or, with `literal`, the
    /// words the officer typed, kept as text unless the field holds a date, number or yes/no).
    /// Nil when the field is not in the text or the result is not a valid paper definition.
    public static func setting(_ field: String, to value: String, literal: Bool, in text: String) -> String? {
        guard let root = mapping(text), let path = parse(field), let old = lookup(root, path) else { return nil }
        let node: Node
        if literal {
            let text = old.scalar == nil || isString(old)
            node = .scalar(text ? Node.Scalar(value, Tag(.str), .doubleQuoted) : Node.Scalar(value))
        } else {
            guard let composed = (try? Yams.compose(yaml: value)) ?? nil else { return nil }
            node = composed
        }
        guard let updated = replace(root, path, with: node) else { return nil }
        return write(updated, over: text, changes: [(path, node)])
    }

    /// One step of a field's path: a key, or a 1-based position in a list.
    enum PathStep: Equatable { case key(String), index(Int) }

    static func name(_ path: [PathStep]) -> String {
        var out = ""
        for step in path {
            switch step {
            case .key(let k): out += (out.isEmpty ? "" : ".") + k
            case .index(let i): out += "[\(i)]"
            }
        }
        return out
    }

    /// "items[2].title" as steps; nil when it is not a field name.
    static func parse(_ field: String) -> [PathStep]? {
        var steps: [PathStep] = []
        for part in field.split(separator: ".", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: "[", omittingEmptySubsequences: false)
            guard let key = pieces.first, !key.isEmpty else { return nil }
            steps.append(.key(String(key)))
            for p in pieces.dropFirst() {
                guard p.hasSuffix("]"), let i = Int(p.dropLast()), i >= 1 else { return nil }
                steps.append(.index(i))
            }
        }
        return steps.isEmpty ? nil : steps
    }

    static func mapping(_ text: String) -> Node? {
        guard PaperDefinition.structureProblem(text) == nil, let node = (try? Yams.compose(yaml: text)) ?? nil, node.mapping != nil else { return nil }
        return node
    }

    /// A value as the officer reads it: a scalar as itself, anything else as YAML.
    public static func shown(_ yamlValue: String) -> String {
        guard !yamlValue.isEmpty else { return "(removed)" }
        if let node = (try? Yams.compose(yaml: yamlValue)) ?? nil, case .scalar(let s) = node { return s.string }
        return yamlValue.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func yaml(_ node: Node?) -> String {
        guard let node else { return "" }
        return ((try? Yams.serialize(node: node, allowUnicode: true)) ?? "").trimmingCharacters(in: .newlines)
    }

    /// True for a scalar that reads as text (not a date, number or yes/no).
    static func isString(_ node: Node) -> Bool {
        guard case .scalar(let s) = node else { return false }
        return node == .scalar(Node.Scalar(s.string, Tag(.str)))
    }

    static func lookup(_ node: Node, _ path: [PathStep]) -> Node? {
        var current: Node? = node
        for step in path {
            switch step {
            case .key(let k): current = current?.mapping?[k]
            case .index(let i): current = current?.sequence.flatMap { i <= $0.count ? $0[i - 1] : nil }
            }
        }
        return current
    }

    static func replace(_ node: Node, _ path: [PathStep], with value: Node) -> Node? {
        guard let step = path.first else { return value }
        let rest = Array(path.dropFirst())
        switch (step, node) {
        case (.key(let k), .mapping(var m)):
            guard let child = m[k], let updated = replace(child, rest, with: value) else { return nil }
            m[k] = updated
            return .mapping(m)
        case (.index(let i), .sequence(var s)):
            guard i <= s.count, let updated = replace(s[i - 1], rest, with: value) else { return nil }
            s[i - 1] = updated
            return .sequence(s)
        default: return nil
        }
    }

    /// The three-way merge of one field; `taken` collects the fields that take the other side's
    /// value, `conflicts` those both sides changed. Nil: the field is absent from the result.
    static func merge(
        _ b: Node?, _ m: Node?, _ t: Node?, path: [PathStep], conflicts: inout [Conflict], taken: inout [(path: [PathStep], node: Node?)]
    ) -> Node? {
        if m == t { return m }
        if b == t { return m }
        if b == m {
            taken.append((path, t))
            return t
        }
        if case .mapping(let mm)? = m, case .mapping(let tm)? = t {
            let bm = b?.mapping
            var keys: [String] = []
            for (k, _) in mm { if let s = k.scalar?.string { keys.append(s) } }
            for (k, _) in tm { if let s = k.scalar?.string, !keys.contains(s) { keys.append(s) } }
            var pairs: [(Node, Node)] = []
            for k in keys {
                if let v = merge(bm?[k], mm[k], tm[k], path: path + [.key(k)], conflicts: &conflicts, taken: &taken) {
                    pairs.append((Node(k), v))
                }
            }
            return .mapping(Node.Mapping(pairs, mm.tag, mm.style))
        }
        if case .sequence(let ms)? = m, case .sequence(let ts)? = t, let bs = b?.sequence, ms.count == ts.count, bs.count == ms.count {
            var items: [Node] = []
            for i in 0..<ms.count {
                let v = merge(bs[i], ms[i], ts[i], path: path + [.index(i + 1)], conflicts: &conflicts, taken: &taken)
                items.append(v ?? ms[i])
            }
            return .sequence(Node.Sequence(items, ms.tag, ms.style))
        }
        conflicts.append(Conflict(field: name(path), mine: yaml(m), theirs: yaml(t)))
        return m
    }

    /// The text of `merged`: `mine` with each changed scalar written over its line when that
    /// gives exactly `merged`, else the whole definition written out. Nil when neither reads as
    /// a valid paper definition.
    static func write(_ merged: Node, over mine: String, changes: [(path: [PathStep], node: Node?)]) -> String? {
        var text = mine
        for change in changes {
            guard let root = mapping(text), let next = overwrite(text, root, change.path, change.node) else {
                text = ""
                break
            }
            text = next
        }
        if !text.isEmpty, let back = mapping(text), back == merged, PaperDefinition.problems(inYAML: text).isEmpty { return text }
        guard let whole = try? Yams.serialize(node: merged, allowUnicode: true), mapping(whole) == merged,
            PaperDefinition.problems(inYAML: whole).isEmpty
        else { return nil }
        // This side's comments, written again before their fields (PaperMerge+Comments.swift).
        return withComments(whole, from: mine, merged: merged) ?? whole
    }

    /// `text` with the one-line scalar at `path` replaced by `node` (a scalar); nil when it is not
    /// a one-line scalar.
    static func overwrite(_ text: String, _ root: Node, _ path: [PathStep], _ node: Node?) -> String? {
        guard case .scalar(let new)? = node, !new.string.contains("\n"), case .scalar(let old)? = lookup(root, path),
            !old.string.contains("\n"), old.style != .literal, old.style != .folded, let mark = old.mark
        else { return nil }
        var lines = text.components(separatedBy: "\n")
        guard mark.line >= 1, mark.line <= lines.count else { return nil }
        let scalars = Array(lines[mark.line - 1].unicodeScalars)
        guard mark.column >= 1, mark.column - 1 <= scalars.count else { return nil }
        var head = String.UnicodeScalarView()
        head.append(contentsOf: scalars[0..<(mark.column - 1)])
        // As the other side wrote it when it reads back the same, else quoted as text.
        let plain = new.style == .plain && Node(new.string) == .scalar(new) && !new.string.isEmpty
        let written = !plain && isString(.scalar(new)) ? PaperDefinition.yamlQuoted(new.string) : new.string
        lines[mark.line - 1] = String(head) + written
        return lines.joined(separator: "\n")
    }
}
