import Foundation
import SafeXML

extension XLIFF2Reader {
    /// The rules of the Translation Candidates module (`mtc:matches`, XLIFF 2 §5.1) for one
    /// `<mtc:matches>` of a unit: each `<mtc:match>` has an NMTOKEN id, no xml:lang, a `type` from
    /// the module's list (am, mt, icm, idm, tb, tm, other), `subType` only with `type`, and a `ref`
    /// that is a fragment ("#s1") naming a segment, ignorable or marker of the same unit.
    func checkMatches(_ e: XMLElement, unit: XMLElement, at: String) throws {
        var ids: Set<String> = []
        for c in unit.childElements where c.namespaceURI == ns {
            if let id = c.attribute("id") { ids.insert(id) }
            for d in c.descendants(named: "mrk", namespace: ns) + c.descendants(named: "sm", namespace: ns) {
                if let id = d.attribute("id") { ids.insert(id) }
            }
        }
        for m in e.childElements where m.localName == "match" {
            let where_ = at + " › <mtc:match>"
            if let id = m.attribute("id"), !XMLNames.isNMToken(id) {
                throw fail(.nmtoken, where_, "the id \"\(id)\" is not an NMTOKEN (letters, digits, . - _ : only)")
            }
            if m.attribute("lang", namespace: XMLNamespace.xml) != nil {
                throw fail(.attributeAllowed, where_, "xml:lang must not be set on <mtc:match> (its source and target carry the languages)")
            }
            if m.attribute("subType") != nil && m.attribute("type") == nil {
                throw fail(.subType, where_, "subType is set without type")
            }
            if let t = m.attribute("type"), !["am", "mt", "icm", "idm", "tb", "tm", "other"].contains(t) {
                throw fail(.attributeValue, where_, "type \"\(t)\" is not one of am, mt, icm, idm, tb, tm, other")
            }
            let ref = try require(m, "ref", where_)
            guard ref.hasPrefix("#") else {
                throw fail(.fragmentIdentifier, where_, "ref \"\(ref)\" is not a fragment identifier (it should be \"#\(ref)\")")
            }
            let target = String(ref.dropFirst()).split(separator: "=").last.map(String.init) ?? ""
            if !ids.contains(target) {
                throw fail(.fragmentIdentifier, where_, "ref \"\(ref)\" does not name a segment, ignorable or marker of this unit")
            }
        }
    }
}
