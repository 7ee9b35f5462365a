/// Well-known namespace URIs.
public enum XMLNamespace {
    /// The namespace permanently bound to the `xml` prefix (`xml:space`, `xml:lang`).
    public static let xml = "http://www.w3.org/XML/1998/namespace"
    /// The namespace that `xmlns` and `xmlns:*` declaration attributes belong to.
    public static let xmlns = "http://www.w3.org/2000/xmlns/"
}

/// A parsed XML document: a single root element.
public struct XMLDocument: Sendable {
    /// The top-level element.
    public let root: XMLElement

    /// Wraps an existing element as a document.
    public init(root: XMLElement) {
        self.root = root
    }
}

/// One attribute of an element, with its namespace resolved.
public struct XMLAttribute: Sendable, Equatable {
    /// The qualified name as written, e.g. `"w:val"` or `"id"`.
    public let name: String
    /// The part of the name after the colon, e.g. `"val"`.
    public let localName: String
    /// The prefix before the colon, or `nil` when the name has none.
    public let prefix: String?
    /// The resolved namespace URI; `nil` for unprefixed attributes (they are in no namespace).
    public let namespaceURI: String?
    /// The value with references expanded and whitespace normalized per the XML spec.
    public let value: String

    /// Creates an attribute.
    public init(name: String, localName: String, prefix: String?, namespaceURI: String?, value: String) {
        self.name = name
        self.localName = localName
        self.prefix = prefix
        self.namespaceURI = namespaceURI
        self.value = value
    }
}

/// A child of an element: another element or a piece of text (CDATA included).
public enum XMLNode: Sendable {
    /// A child element.
    case element(XMLElement)
    /// Character data; adjacent text, references and CDATA sections are merged into one node.
    case text(String)

    /// The element, if this node is one.
    public var element: XMLElement? {
        if case let .element(e) = self { return e }
        return nil
    }

    /// The text, if this node is text.
    public var text: String? {
        if case let .text(t) = self { return t }
        return nil
    }
}

/// An immutable element with resolved namespaces.
///
/// Lookup helpers take a local name and a namespace URI; a `nil` namespace means
/// "in no namespace" (not "any namespace").
public final class XMLElement: Sendable {
    /// The qualified name as written, e.g. `"w:p"`.
    public let name: String
    /// The part of the name after the colon, e.g. `"p"`.
    public let localName: String
    /// The prefix before the colon, or `nil`.
    public let prefix: String?
    /// The resolved namespace URI (from the prefix or the default `xmlns`), or `nil` for none.
    public let namespaceURI: String?
    /// Attributes in document order, `xmlns` declarations included.
    public let attributes: [XMLAttribute]
    /// Child elements and text in document order.
    public let children: [XMLNode]

    /// Creates an element.
    public init(
        name: String, localName: String, prefix: String?, namespaceURI: String?,
        attributes: [XMLAttribute] = [], children: [XMLNode] = []
    ) {
        self.name = name
        self.localName = localName
        self.prefix = prefix
        self.namespaceURI = namespaceURI
        self.attributes = attributes
        self.children = children
    }

    /// Returns the value of the attribute with this local name and namespace (`nil` = no namespace).
    public func attribute(_ localName: String, namespace: String? = nil) -> String? {
        for a in attributes where a.localName == localName && a.namespaceURI == namespace {
            return a.value
        }
        return nil
    }

    /// Returns the value of the attribute whose qualified name is exactly `qualifiedName`, e.g. `"xml:lang"`.
    public func attribute(qualifiedName: String) -> String? {
        for a in attributes where a.name == qualifiedName {
            return a.value
        }
        return nil
    }

    /// The child elements, skipping text.
    public var childElements: [XMLElement] {
        children.compactMap(\.element)
    }

    /// Returns the child elements with this local name and namespace (`nil` = no namespace).
    public func children(named localName: String, namespace: String? = nil) -> [XMLElement] {
        var result: [XMLElement] = []
        for case let .element(e) in children where e.matches(localName, namespace) {
            result.append(e)
        }
        return result
    }

    /// Returns the first child element with this local name and namespace (`nil` = no namespace).
    public func firstChild(named localName: String, namespace: String? = nil) -> XMLElement? {
        for case let .element(e) in children where e.matches(localName, namespace) {
            return e
        }
        return nil
    }

    /// All text inside this element and its descendants, concatenated in document order.
    public var textContent: String {
        var result = ""
        var work: [IndexingIterator<[XMLNode]>] = [children.makeIterator()]
        while !work.isEmpty {
            guard let node = work[work.count - 1].next() else {
                work.removeLast()
                continue
            }
            switch node {
            case let .text(t): result += t
            case let .element(e): work.append(e.children.makeIterator())
            }
        }
        return result
    }

    /// All descendant elements (not including `self`) with this local name and namespace, in document order.
    public func descendants(named localName: String, namespace: String? = nil) -> [XMLElement] {
        var result: [XMLElement] = []
        var work: [IndexingIterator<[XMLNode]>] = [children.makeIterator()]
        while !work.isEmpty {
            guard let node = work[work.count - 1].next() else {
                work.removeLast()
                continue
            }
            if case let .element(e) = node {
                if e.matches(localName, namespace) { result.append(e) }
                work.append(e.children.makeIterator())
            }
        }
        return result
    }

    @inline(__always)
    private func matches(_ local: String, _ namespace: String?) -> Bool {
        localName == local && namespaceURI == namespace
    }
}
