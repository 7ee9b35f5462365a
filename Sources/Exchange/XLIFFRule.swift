/// A rule of the XLIFF specification (schema constraints and processing requirements) that the
/// reader enforces; named in every refusal.
public enum XLIFFRule: String, CaseIterable, Sendable {
    case version
    case sourceLanguage
    case languageTag
    case fileRequired
    case unitOrGroupRequired
    case requiredAttribute
    case attributeAllowed
    case attributeValue
    case nmtoken
    case contentModel
    case uniqueFileID
    case uniqueGroupID
    case uniqueUnitID
    case uniquePartID
    case uniqueInlineID
    case uniqueNoteID
    case uniqueDataID
    case uniqueExtensionID
    case skeleton
    case segmentRequired
    case targetLanguageDeclared
    case sourceLanguageMatches
    case targetLanguageMatches
    case xmlSpace
    case targetOrder
    case subState
    case subType
    case dataRef
    case copyOf
    case startEndCodes
    case startEndCodeAttributes
    case annotationMarkers
    case reorder
    case nonRemovableCodes
    case codePoint
    case commentAnnotation
    case fragmentIdentifier
    case subFlows
    case moduleAttribute
    case moduleElement
    case segmentMarkers

    /// The rule in words, as printed in refusals.
    public var summary: String {
        switch self {
        case .version: "<xliff> has a version attribute of a version this reader knows"
        case .sourceLanguage: "the source language (srcLang, source-language) is declared"
        case .languageTag: "language tags are well-formed BCP 47 tags (RFC 5646)"
        case .fileRequired: "<xliff> holds at least one <file>"
        case .unitOrGroupRequired: "<file> holds at least one <unit> or <group>"
        case .requiredAttribute: "required attributes are present"
        case .attributeAllowed: "an element carries only the attributes the specification allows on it"
        case .attributeValue: "attribute values are of the type and among the values the specification allows"
        case .nmtoken: "ids are XML NMTOKENs"
        case .contentModel: "elements appear only where, as often and in the order the schema allows"
        case .uniqueFileID: "<file> ids are unique in the document"
        case .uniqueGroupID: "<group> ids are unique in their <file>"
        case .uniqueUnitID: "unit ids are unique in their <file>"
        case .uniquePartID: "<segment> and <ignorable> ids, and the ids of inline elements of the source, are unique in their <unit>"
        case .uniqueInlineID: "inline element ids are unique within the target content of a <unit>"
        case .uniqueNoteID: "<note> ids are unique in their <notes>"
        case .uniqueDataID: "<data> ids are unique in their <originalData>"
        case .uniqueExtensionID: "ids of extension elements are unique in the enclosing <file>, <group> or <unit>"
        case .skeleton: "<skeleton> has either an href or content, never both and never neither"
        case .segmentRequired: "a <unit> holds at least one <segment>"
        case .targetLanguageDeclared: "trgLang is declared when the file holds a <target>"
        case .sourceLanguageMatches: "the language of <source> content is srcLang"
        case .targetLanguageMatches: "the language of <target> content is trgLang"
        case .xmlSpace: "xml:space is default or preserve, and the same on the <source> and <target> of a segment"
        case .targetOrder: "target order values are unique in a <unit> and within its number of segments and ignorables"
        case .subState: "subState is used only with state"
        case .subType: "subType is used only with type; xlf: subtypes are lb, pb, b, i, u (type fmt) and var (type ui)"
        case .dataRef: "dataRef, dataRefStart and dataRefEnd point to a <data> of the unit's <originalData>"
        case .copyOf: "copyOf points to a code of the unit that may be copied, and replaces original data"
        case .startEndCodes:
            "each <ec> closes an earlier <sc> of its unit through startRef, or is isolated and has an id; each <sc> is closed in its unit or is isolated"
        case .startEndCodeAttributes: "an <ec> has the same canCopy, canDelete, canOverlap and canReorder as its <sc> (no for firstNo)"
        case .annotationMarkers: "each <em> closes an earlier <sm> of its unit and each <sm> is closed"
        case .reorder:
            "codes with canReorder no or firstNo have canCopy and canDelete no, a sequence starts with firstNo, and the target keeps each sequence whole and in order"
        case .nonRemovableCodes: "codes with canDelete no appear in the target when the segment has one"
        case .codePoint: "<cp> holds the hexadecimal code of a character that XML does not allow"
        case .commentAnnotation: "a comment annotation has either a value or a ref to a <note> of its unit"
        case .fragmentIdentifier: "references follow the XLIFF fragment identifier syntax and prefixes"
        case .subFlows: "subFlows values are ids of units in the same <file>"
        case .moduleAttribute: "module attributes are known, have allowed values and appear only where allowed"
        case .moduleElement: "module elements are elements that the module defines"
        case .segmentMarkers: "segment markers (<mrk mtype=\"seg\">) have unique mid values"
        }
    }
}
