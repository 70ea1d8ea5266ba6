/// A value stored as its text form (`"10.0.0.1"`, `"10.0.0.0/16"`, `"2001:db8::/56"`): how addresses and blocks appear in
/// the journal and in every JSON document, so a stored value reads the same as the API writes it.
public protocol TextCodable: Codable, LosslessStringConvertible {
    /// What a value of this type is called when text does not parse, e.g. "an IP address".
    static var textKind: String { get }
}

extension TextCodable {
    /// Decodes the value from its text form.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not \(Self.textKind): \(text)")
        }
        self = value
    }

    /// Encodes the value as its text form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
