/// A reason an XML document was refused, with a plain-language message and, where known, a 1-based line and column.
public enum XMLError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The input is larger than `XMLLimits.maxBytes`.
    case documentTooLarge(size: Int, limit: Int)
    /// The input is in an encoding other than UTF-8 (for example UTF-16, or a declared legacy encoding).
    case unsupportedEncoding(String)
    /// The input contains a byte sequence that is not valid UTF-8.
    case invalidUTF8(line: Int, column: Int)
    /// The input contains a raw character that XML 1.0 does not allow (for example NUL or U+0001).
    case forbiddenCharacter(codePoint: UInt32, line: Int, column: Int)
    /// The document contains `<!DOCTYPE`; DTDs are never processed, so entity attacks are impossible.
    case doctypeForbidden(line: Int, column: Int)
    /// An `&name;` reference that is not one of the five predefined entities.
    case undefinedEntity(name: String, line: Int, column: Int)
    /// A numeric character reference (`&#...;`) to a code point XML 1.0 does not allow.
    case invalidCharacterReference(reference: String, line: Int, column: Int)
    /// Elements are nested deeper than `XMLLimits.maxDepth`.
    case depthLimitExceeded(limit: Int, line: Int, column: Int)
    /// An element has more attributes than `XMLLimits.maxAttributesPerElement`.
    case attributeLimitExceeded(limit: Int, line: Int, column: Int)
    /// The document has more elements, attributes and text nodes than `XMLLimits.maxNodes`.
    case nodeLimitExceeded(limit: Int, line: Int, column: Int)
    /// The document contains no element at all.
    case missingRootElement
    /// Non-whitespace text or an element appears before or after the single root element.
    case contentOutsideRoot(line: Int, column: Int)
    /// A closing tag does not match the element that is open.
    case mismatchedEndTag(expected: String, found: String, line: Int, column: Int)
    /// An element is opened (at the given position) but never closed.
    case unclosedElement(name: String, line: Int, column: Int)
    /// The same attribute appears twice on one element.
    case duplicateAttribute(name: String, line: Int, column: Int)
    /// A namespace prefix is used without a matching `xmlns:prefix` declaration.
    case unboundPrefix(prefix: String, line: Int, column: Int)
    /// An `xmlns` declaration breaks the rules of Namespaces in XML (for example rebinding `xml`).
    case invalidNamespaceDeclaration(String, line: Int, column: Int)
    /// An attribute value contains a raw `<`.
    case lessThanInAttributeValue(line: Int, column: Int)
    /// The input ends in the middle of a construct.
    case unexpectedEndOfInput(expected: String, line: Int, column: Int)
    /// Any other well-formedness problem, described in plain words.
    case malformed(String, line: Int, column: Int)

    /// The 1-based line of the problem, when known.
    public var line: Int? { position?.line }

    /// The 1-based column (in characters) of the problem, when known.
    public var column: Int? { position?.column }

    private var position: (line: Int, column: Int)? {
        switch self {
        case .documentTooLarge, .unsupportedEncoding, .missingRootElement:
            return nil
        case let .invalidUTF8(l, c), let .forbiddenCharacter(_, l, c), let .doctypeForbidden(l, c),
            let .undefinedEntity(_, l, c), let .invalidCharacterReference(_, l, c),
            let .depthLimitExceeded(_, l, c), let .attributeLimitExceeded(_, l, c),
            let .nodeLimitExceeded(_, l, c), let .contentOutsideRoot(l, c),
            let .mismatchedEndTag(_, _, l, c), let .unclosedElement(_, l, c),
            let .duplicateAttribute(_, l, c), let .unboundPrefix(_, l, c),
            let .invalidNamespaceDeclaration(_, l, c), let .lessThanInAttributeValue(l, c),
            let .unexpectedEndOfInput(_, l, c), let .malformed(_, l, c):
            return (l, c)
        }
    }

    /// A message a non-programmer can act on, prefixed with "line L, column C: " where known.
    public var description: String {
        let where_ = position.map { "line \($0.line), column \($0.column): " } ?? ""
        return where_ + detail
    }

    private var detail: String {
        switch self {
        case let .documentTooLarge(size, limit):
            return "the XML document is \(size) bytes, which is larger than the safety limit of \(limit) bytes"
        case let .unsupportedEncoding(name):
            return "the XML document is encoded as \(name); only UTF-8 is supported, so re-save the file as UTF-8"
        case .invalidUTF8:
            return "the file is not valid UTF-8 text (it may have been saved in a legacy encoding such as Windows-1252)"
        case let .forbiddenCharacter(cp, _, _):
            return "the document contains the invisible control character \(XMLError.hex(cp)), which XML does not allow"
        case .doctypeForbidden:
            return "the document declares a DTD (<!DOCTYPE>), which is refused for safety"
        case let .undefinedEntity(name, _, _):
            return "the entity reference &\(name); is not allowed; only &lt; &gt; &amp; &quot; &apos; and numeric references such as &#233; are accepted"
        case let .invalidCharacterReference(ref, _, _):
            return "the character reference \(ref) refers to a character that XML does not allow"
        case let .depthLimitExceeded(limit, _, _):
            return "elements are nested more than \(limit) levels deep, which is refused as a safety limit"
        case let .attributeLimitExceeded(limit, _, _):
            return "an element has more than \(limit) attributes, which is refused as a safety limit"
        case let .nodeLimitExceeded(limit, _, _):
            return "the document has more than \(limit) elements, attributes and text pieces, which is refused as a safety limit"
        case .missingRootElement:
            return "the document contains no XML element (it is empty or holds only comments)"
        case .contentOutsideRoot:
            return "there is text or markup outside the document's single top-level element"
        case let .mismatchedEndTag(expected, found, _, _):
            return "the closing tag </\(found)> does not match the open element <\(expected)>"
        case let .unclosedElement(name, _, _):
            return "the element <\(name)> opened here is never closed"
        case let .duplicateAttribute(name, _, _):
            return "the attribute \"\(name)\" appears more than once on the same element"
        case let .unboundPrefix(prefix, _, _):
            return "the namespace prefix \"\(prefix)\" is used but never declared with xmlns:\(prefix)=\"...\""
        case let .invalidNamespaceDeclaration(detail, _, _):
            return detail
        case .lessThanInAttributeValue:
            return "an attribute value contains a raw \"<\" character; it must be written as &lt;"
        case let .unexpectedEndOfInput(expected, _, _):
            return "the document ends unexpectedly in the middle of \(expected); the file may be truncated"
        case let .malformed(detail, _, _):
            return detail
        }
    }

    private static func hex(_ v: UInt32) -> String {
        let digits = String(v, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

/// Safety limits applied while parsing; exceeding any of them throws a typed `XMLError`.
public struct XMLLimits: Sendable, Equatable {
    /// Largest accepted input, in bytes (default 64 MiB).
    public var maxBytes: Int
    /// Deepest accepted element nesting (default 256).
    public var maxDepth: Int
    /// Most attributes accepted on one element, `xmlns` declarations included (default 256).
    public var maxAttributesPerElement: Int
    /// Most elements + attributes + text nodes accepted in the whole document (default 5 000 000).
    public var maxNodes: Int

    /// Creates limits; every parameter defaults to the value in `XMLLimits.default`.
    public init(
        maxBytes: Int = 64 * 1024 * 1024, maxDepth: Int = 256,
        maxAttributesPerElement: Int = 256, maxNodes: Int = 5_000_000
    ) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxAttributesPerElement = maxAttributesPerElement
        self.maxNodes = maxNodes
    }

    /// The default limits: 64 MiB, depth 256, 256 attributes per element, 5 000 000 nodes.
    public static let `default` = XMLLimits()
}
