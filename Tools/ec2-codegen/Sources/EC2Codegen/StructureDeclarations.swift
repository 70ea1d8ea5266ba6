/// Emits `extension EC2 { public struct Name: Sendable, Hashable { … } }` bodies.
enum StructureDeclarations {
    /// The declaration of one structure, indented to sit inside `extension EC2 {`.
    ///
    /// - Parameter role: what the structure is for when the model does not document it, e.g. "The result of `CreateVpc`."
    static func declaration(of structure: StructureDescription, role: String?) -> [String] {
        var code = SwiftCode(depth: 1)
        let summary = DocumentationSummary.firstSentence(of: structure.documentation) ?? role ?? "The EC2 `\(structure.name)` structure."
        code.documentation(summary)
        if structure.members.contains(where: \.isBoxed) {
            code.line("///")
            code.line("/// Members marked `@Indirect` close a cycle of structures; they are stored in a shared box.")
        }
        code.block("public struct \(structure.name): Sendable, Hashable") { code in
            for member in structure.members {
                code.line((member.isBoxed ? "@Indirect " : "") + "public var \(SwiftNames.escaped(member.swiftName)): \(member.declaredType)")
            }
            if !structure.members.isEmpty { code.line() }
            let parameters = structure.members.map { member in
                "\(SwiftNames.escaped(member.swiftName)): \(member.declaredType)" + (member.isRequired ? "" : " = nil")
            }
            code.block(call: "public init", parameters) { code in
                code.lines(structure.members.map { "self.\(SwiftNames.escaped($0.swiftName)) = \(SwiftNames.escaped($0.swiftName))" })
            }
        }
        return code.lines
    }
}
