/// A JSON value that remembers the order of object keys.
///
/// Foundation's `JSONSerialization` returns dictionaries, which lose the member order of
/// botocore's shapes; the generated memberwise initializers and XML elements follow that order.
enum JSONValue: Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The value as a string, or nil if it is not one.
    var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The value as an object, or nil if it is not one.
    var objectValue: JSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// The value as an array, or nil if it is not one.
    var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The value as a Boolean, or nil if it is not one.
    var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }
}

/// A JSON object: its keys in document order, and a dictionary for lookups.
struct JSONObject: Equatable {
    /// The keys in the order they appear in the document; a repeated key keeps its first position.
    private(set) var keys: [String] = []
    private var values: [String: JSONValue] = [:]

    subscript(key: String) -> JSONValue? {
        values[key]
    }

    /// The members in document order.
    var members: [(key: String, value: JSONValue)] {
        keys.map { ($0, values[$0] ?? .null) }
    }

    mutating func set(_ key: String, _ value: JSONValue) {
        if values.updateValue(value, forKey: key) == nil {
            keys.append(key)
        }
    }
}
