/// Emits `extension EC2.Name: QueryDecodable` for input-side structures.
enum QueryDecodableConformances {
    /// The conformance of one structure, reading each member from its `EC2Serializer` key.
    static func conformance(of structure: StructureDescription) -> [String] {
        var code = SwiftCode()
        code.block("extension EC2.\(structure.name): QueryDecodable") { code in
            code.block("public init(query: QueryParameters) throws(QueryDecodingError)") { code in
                let arguments = structure.members.map { member in
                    let method = member.isRequired ? "decode" : "decodeIfPresent"
                    return "\(member.swiftName): query.\(method)(\(SwiftNames.literal(member.queryKey)))"
                }
                code.call(arguments.isEmpty ? "self.init" : "try self.init", arguments)
            }
        }
        return code.lines
    }
}
