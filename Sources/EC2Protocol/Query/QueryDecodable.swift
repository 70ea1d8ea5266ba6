import AWSTimestamp
public import Foundation

/// A value that can be read from a node of ``QueryParameters``.
///
/// The generated request structures conform (reading each member from its key, by botocore's `EC2Serializer` rule),
/// and so do the scalar types and arrays of conforming elements.
public protocol QueryDecodable {
    /// Reads the value at `query`, the node of this value's key.
    init(query: QueryParameters) throws(QueryDecodingError)
}

extension QueryParameters {
    /// The node's own value, or `MissingParameter` naming its key.
    func requiredValue() throws(QueryDecodingError) -> String {
        guard let value else { throw .missingParameter(path) }
        return value
    }

    /// The node's value parsed by `parse`, or `InvalidParameterValue` if it does not parse.
    func parsedValue<Value>(_ parse: (String) -> Value?) throws(QueryDecodingError) -> Value {
        let text = try requiredValue()
        guard let value = parse(text) else { throw .invalidParameterValue(name: path, value: text) }
        return value
    }
}

extension String: QueryDecodable {
    public init(query: QueryParameters) throws(QueryDecodingError) {
        self = try query.requiredValue()
    }
}

extension Int: QueryDecodable {
    public init(query: QueryParameters) throws(QueryDecodingError) {
        self = try query.parsedValue { Int($0) }
    }
}

extension Bool: QueryDecodable {
    /// `true` or `false`, in any case, as EC2 accepts them.
    public init(query: QueryParameters) throws(QueryDecodingError) {
        self = try query.parsedValue { text in
            switch text.lowercased() {
            case "true": true
            case "false": false
            default: nil
            }
        }
    }
}

extension Double: QueryDecodable {
    public init(query: QueryParameters) throws(QueryDecodingError) {
        self = try query.parsedValue { Double($0).flatMap { $0.isFinite ? $0 : nil } }
    }
}

extension Date: QueryDecodable {
    /// An ISO 8601 timestamp such as `2026-11-21T02:20:32Z` or `2026-11-21T02:20:32.123456Z`.
    public init(query: QueryParameters) throws(QueryDecodingError) {
        self = try query.parsedValue { AWSTimestamp.parse($0) }
    }
}

extension Data: QueryDecodable {
    /// Base64, as botocore sends blobs.
    public init(query: QueryParameters) throws(QueryDecodingError) {
        self = try query.parsedValue { Data(base64Encoded: $0) }
    }
}

extension Array: QueryDecodable where Element: QueryDecodable {
    /// The elements `Key.1`, `Key.2`, … in numeric order; `Key=` alone (how query clients send an empty list) is `[]`.
    public init(query: QueryParameters) throws(QueryDecodingError) {
        self = []
        for element in query.elements {
            append(try Element(query: element))
        }
    }
}
