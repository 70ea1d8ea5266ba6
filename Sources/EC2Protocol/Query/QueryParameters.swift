/// The parameters of an EC2 query request, indexed by their dotted keys into a tree.
///
/// `Filter.1.Name=vpc-id&Filter.1.Value.1=vpc-1` becomes the node `Filter` with the child `1`, whose children are
/// `Name` and `Value`; a list is the numerically sorted numeric children of its node, so sparse or unordered indexes
/// decode in order. Building the tree and decoding from it are both linear in the size of the request.
///
/// A `QueryParameters` value is also a view of one node: ``decode(_:)`` and ``decodeIfPresent(_:)`` read children,
/// and ``path`` is the node's full key, used in error messages (`TagSpecification.1.Tag.2.Key`).
public struct QueryParameters: Sendable {
    struct Node: Sendable {
        var value: String?
        var children: [String: Node] = [:]

        mutating func insert(_ components: ArraySlice<Substring>, value: String) {
            guard let first = components.first else {
                self.value = value
                return
            }
            children[String(first), default: Node()].insert(components.dropFirst(), value: value)
        }
    }

    /// Keys nested deeper than this are ignored; EC2's deepest keys have about six components.
    static let maximumDepth = 32

    private let node: Node

    /// The dotted key of this node, empty for the root.
    public let path: String

    /// Indexes `pairs` of (key, value); for a repeated key the last value wins.
    public init(pairs: [(String, String)]) {
        var root = Node()
        for (key, value) in pairs {
            // Most keys have no dot (`Action`, `Version`, `VpcId`): one component, without `split`'s walk by Character.
            let components = key.utf8.contains(UInt8(ascii: ".")) ? key.split(separator: ".", omittingEmptySubsequences: false) : [key[...]]
            guard components.count <= Self.maximumDepth else { continue }
            root.insert(components[...], value: value)
        }
        self.init(node: root, path: "")
    }

    /// Parses an `application/x-www-form-urlencoded` body (or URL query), as the AWS CLI and boto3 send it.
    ///
    /// `+` is a space and `%XX` a byte of UTF-8; a malformed escape is kept literally, and a pair without `=` has an
    /// empty value.
    public init(formEncoded body: String) {
        self.init(pairs: FormURLEncoding.pairs(in: body))
    }

    private init(node: Node, path: String) {
        self.node = node
        self.path = path
    }

    /// The value of the child `key`, such as `Action` or `Version` at the root.
    public subscript(key: String) -> String? {
        node.children[key]?.value
    }

    /// The keys of this node's children (`Action`, `VpcId`, `Filter`, … at the root), in no particular order.
    public var childKeys: some Collection<String> { node.children.keys }

    /// The value given for this node's own key, if any.
    public var value: String? { node.value }

    /// The child `key`, or nil if no parameter starts with that key.
    public func child(_ key: String) -> QueryParameters? {
        node.children[key].map { QueryParameters(node: $0, path: path.isEmpty ? key : "\(path).\(key)") }
    }

    /// The numeric children (`Key.1`, `Key.2`, …) in numeric order: the elements of a list.
    public var elements: [QueryParameters] {
        node.children.compactMap { key, _ -> (index: Int, key: String)? in
            guard !key.isEmpty, key.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let index = Int(key) else { return nil }
            return (index, key)
        }
        .sorted { ($0.index, $0.key) < ($1.index, $1.key) }
        .compactMap { child($0.key) }
    }

    /// Decodes the required child `key`; throws `MissingParameter` naming its full key if it is absent.
    public func decode<Value: QueryDecodable>(_ key: String) throws(QueryDecodingError) -> Value {
        guard let child = child(key) else {
            throw .missingParameter(path.isEmpty ? key : "\(path).\(key)")
        }
        return try Value(query: child)
    }

    /// Decodes the child `key`, or returns nil if it is absent.
    public func decodeIfPresent<Value: QueryDecodable>(_ key: String) throws(QueryDecodingError) -> Value? {
        guard let child = child(key) else { return nil }
        return try Value(query: child)
    }
}
