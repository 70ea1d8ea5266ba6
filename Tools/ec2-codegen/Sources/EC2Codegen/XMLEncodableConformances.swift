/// Emits `extension EC2.Name: XMLEncodable` for output-side structures.
enum XMLEncodableConformances {
    /// The conformance of one structure, writing each member as the element `EC2QueryParser` looks for.
    static func conformance(of structure: StructureDescription) -> [String] {
        var code = SwiftCode()
        code.block("extension EC2.\(structure.name): XMLEncodable") { code in
            code.block("public func encode(to xml: inout XMLWriter)") { code in
                for member in structure.members {
                    // `xml` is the writer; a member of that name needs `self.`.
                    let value = member.swiftName == "xml" ? "self.xml" : SwiftNames.escaped(member.swiftName)
                    var arguments = [SwiftNames.literal(member.elementName), value]
                    if case .list(_, let itemName) = member.type, itemName != "item" {
                        arguments.append("itemName: \(SwiftNames.literal(itemName))")
                    }
                    code.call("xml.element", arguments)
                }
            }
        }
        return code.lines
    }
}
