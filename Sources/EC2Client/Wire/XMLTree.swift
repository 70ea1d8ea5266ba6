/// An XML element as a plain value: name, text and child elements, namespaces dropped.
///
/// EC2 Query responses are small and read by path, so a tree beats a streaming reader:
/// `response.text("vpcPeeringConnection/status/code")`, `response.items("vpcSet")`.
public struct XMLTree: Sendable, Hashable {
    /// The element's local name (`vpcSet`, `item`, `Code`).
    public var name: String
    /// The element's own text, whitespace-trimmed; empty for elements that only hold elements.
    public var text: String
    /// The child elements, in document order.
    public var children: [XMLTree]

    /// An element from its parts.
    public init(name: String, text: String = "", children: [XMLTree] = []) {
        self.name = name
        self.text = text
        self.children = children
    }

    /// The first child named `name`.
    public func child(_ name: String) -> XMLTree? {
        children.first { $0.name == name }
    }

    /// The element at a `/`-separated path of child names, each step taking the first match.
    public func element(_ path: String) -> XMLTree? {
        var current: XMLTree? = self
        for step in path.split(separator: "/") {
            current = current?.child(String(step))
        }
        return current
    }

    /// The text at a path, or nil when the element is missing or empty.
    public func text(_ path: String) -> String? {
        guard let text = element(path)?.text, !text.isEmpty else { return nil }
        return text
    }

    /// The `<item>` children of the list element at `path` (EC2's `<vpcSet><item>…</item></vpcSet>`).
    public func items(_ path: String) -> [XMLTree] {
        element(path)?.children.filter { $0.name == "item" } ?? []
    }
}
