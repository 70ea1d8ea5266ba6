/// The structures that the chosen operations reach, described for the emitters.
struct ShapeGraph {
    let operations: [ServiceModel.Operation]
    /// Every reached structure, sorted by name.
    let structures: [StructureDescription]

    /// Serialization traits of the query and XML protocols that EC2's model does not use and the runtime does not implement.
    private static let unsupportedTraits = ["flattened", "xmlAttribute", "xmlNamespace", "location", "eventstream", "streaming"]

    init(model: ServiceModel, operationNames: [String]) throws(CodegenError) {
        var operations: [ServiceModel.Operation] = []
        var inputSide: Set<String> = []
        var outputSide: Set<String> = []
        var seen: Set<String> = []
        for name in operationNames {
            guard let operation = model.operations[name] else { throw .unknownOperation(name) }
            guard seen.insert(name).inserted else { throw CodegenError("The operation \(name) is listed twice") }
            guard let input = operation.input else { throw .unsupported("an operation without input", in: name) }
            operations.append(operation)
            try Self.collectStructures(from: input, in: model, into: &inputSide)
            if let output = operation.output {
                try Self.collectStructures(from: output, in: model, into: &outputSide)
            }
        }
        self.operations = operations
        let names = inputSide.union(outputSide).sorted()
        let boxed = try Self.membersClosingCycles(names, in: model)
        var structures: [StructureDescription] = []
        for name in names {
            structures.append(
                try Self.describe(
                    name, in: model, isInput: inputSide.contains(name), isOutput: outputSide.contains(name), boxed: boxed[name] ?? []
                )
            )
        }
        self.structures = structures
    }

    /// Adds `name` and every structure it reaches to `structures`.
    private static func collectStructures(from name: String, in model: ServiceModel, into structures: inout Set<String>) throws(CodegenError) {
        var pending = [name]
        while let next = pending.popLast() {
            let shape = try model.shape(next)
            switch shape.kind {
            case .structure(let members, _):
                guard structures.insert(next).inserted else { continue }
                pending += members.map(\.reference.shape)
            case .list(let member):
                pending.append(member.shape)
            case .map:
                throw .unsupported("a map", in: next)
            default:
                continue
            }
        }
    }

    private static func describe(
        _ name: String, in model: ServiceModel, isInput: Bool, isOutput: Bool, boxed: Set<String>
    ) throws(CodegenError) -> StructureDescription {
        let shape = try model.shape(name)
        guard case .structure(let members, let required) = shape.kind else { throw .invalidModel("\(name) is not a structure") }
        guard SwiftNames.isPlainIdentifier(name), !SwiftNames.reservedTypeNames.contains(name) else { throw .nameCollision(name, in: name) }
        var described: [StructureDescription.Member] = []
        var swiftNames: Set<String> = []
        for member in members {
            for trait in unsupportedTraits where model.resolvedTrait(trait, of: member.reference) != nil {
                throw .unsupported("the \(trait) trait (member \(member.name))", in: name)
            }
            let swiftName = SwiftNames.lowerCamelCase(member.name)
            guard SwiftNames.isPlainIdentifier(swiftName), swiftNames.insert(swiftName).inserted else {
                throw .nameCollision(swiftName, in: name)
            }
            let locationName = model.resolvedLocationName(member.reference)
            let type = try wireType(of: member.reference, in: model, owner: name)
            if case .list(let element, _) = type, !element.usesDefaultItemNames {
                throw .unsupported("a list of lists with custom item names (member \(member.name))", in: name)
            }
            described.append(
                StructureDescription.Member(
                    modelName: member.name,
                    swiftName: swiftName,
                    type: type,
                    isRequired: isInput && required.contains(member.name),
                    isBoxed: boxed.contains(member.name),
                    queryKey: model.resolvedQueryName(member.reference) ?? locationName.map(capitalizingFirstLetter) ?? member.name,
                    elementName: locationName ?? member.name
                )
            )
        }
        return StructureDescription(name: name, documentation: shape.documentation, members: described, isInput: isInput, isOutput: isOutput)
    }

    private static func wireType(of reference: ServiceModel.ShapeReference, in model: ServiceModel, owner: String) throws(CodegenError) -> WireType {
        let shape = try model.shape(reference.shape)
        switch shape.kind {
        case .string: return .string
        case .integer, .long: return .integer
        case .boolean: return .boolean
        case .double, .float: return .double
        case .blob: return .blob
        case .timestamp:
            let format = model.resolvedTrait("timestampFormat", of: reference)?.stringValue ?? "iso8601"
            guard format == "iso8601" else { throw .unsupported("timestampFormat \(format)", in: owner) }
            return .timestamp
        case .structure: return .structure(shape.name)
        case .map: throw .unsupported("a map", in: owner)
        case .list(let member):
            if model.resolvedTrait("flattened", of: reference) != nil { throw .unsupported("a flattened list", in: owner) }
            return .list(try wireType(of: member, in: model, owner: owner), itemName: model.resolvedLocationName(member) ?? "item")
        }
    }

    /// For each structure, the members whose structure type lies on a cycle through it (`A.b: B?`, `B.a: A?`).
    ///
    /// A struct cannot contain itself by value, so those members are stored through `@Indirect`. Lists need no box:
    /// an array already stores its elements out of line.
    private static func membersClosingCycles(_ names: [String], in model: ServiceModel) throws(CodegenError) -> [String: Set<String>] {
        var edges: [String: [(member: String, target: String)]] = [:]
        for name in names {
            guard case .structure(let members, _) = try model.shape(name).kind else { continue }
            for member in members {
                if case .structure = try model.shape(member.reference.shape).kind {
                    edges[name, default: []].append((member.name, member.reference.shape))
                }
            }
        }
        let component = StronglyConnectedComponents(nodes: names) { edges[$0]?.map(\.target) ?? [] }.componentOfNode
        var boxed: [String: Set<String>] = [:]
        for (owner, ownerEdges) in edges {
            for edge in ownerEdges where component[edge.target] == component[owner] {
                boxed[owner, default: []].insert(edge.member)
            }
        }
        return boxed
    }

    private static func capitalizingFirstLetter(_ name: String) -> String {
        name.prefix(1).uppercased() + name.dropFirst()
    }
}
