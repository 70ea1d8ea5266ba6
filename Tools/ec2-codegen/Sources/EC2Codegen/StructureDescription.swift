/// Everything the emitters need to know about one generated structure.
struct StructureDescription {
    struct Member {
        /// The member name in the model, e.g. `VpcIds`.
        let modelName: String
        /// The Swift property name, unescaped, e.g. `vpcIds`.
        let swiftName: String
        let type: WireType
        /// Non-optional: a `required` member of an input-side structure.
        let isRequired: Bool
        /// Stored through `@Indirect` because it closes a cycle of structures.
        let isBoxed: Bool
        /// The request key, by botocore's `EC2Serializer` rule, e.g. `VpcId`.
        let queryKey: String
        /// The response element name, by botocore's `EC2QueryParser` rule, e.g. `vpcSet`.
        let elementName: String

        /// The declared property type, e.g. `[String]?`.
        var declaredType: String { isRequired ? type.swiftType : type.swiftType + "?" }
    }

    let name: String
    let documentation: String?
    let members: [Member]
    /// Reached from some operation's input: gets a `QueryDecodable` conformance.
    let isInput: Bool
    /// Reached from some operation's output: gets an `XMLEncodable` conformance.
    let isOutput: Bool
}
