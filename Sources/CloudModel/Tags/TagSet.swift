/// The tags of one resource: unique keys, each with a value (possibly empty).
public struct TagSet: Sendable, Hashable, Codable, Sequence, ExpressibleByDictionaryLiteral {
    public private(set) var values: [String: String]

    public init(_ values: [String: String] = [:]) { self.values = values }
    public init(dictionaryLiteral elements: (String, String)...) {
        self.values = Dictionary(elements, uniquingKeysWith: { _, last in last })
    }

    public subscript(key: String) -> String? {
        get { values[key] }
        set { values[key] = newValue }
    }

    public var count: Int { values.count }
    public var isEmpty: Bool { values.isEmpty }

    /// Tags in key order, the order LocalVPC always answers in.
    public func makeIterator() -> IndexingIterator<[(key: String, value: String)]> {
        values.sorted { $0.key < $1.key }.makeIterator()
    }

    public init(from decoder: any Decoder) throws {
        values = try [String: String](from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        try values.encode(to: encoder)
    }
}
