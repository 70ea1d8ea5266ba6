/// The parts of a botocore service model (`service-2.json`) that the EC2 wire format depends on.
struct ServiceModel {
    /// One operation: its name and the names of its input and output structures.
    struct Operation {
        let name: String
        let input: String?
        let output: String?
        let documentation: String?
    }

    /// A reference to a shape from a structure member or a list, with the reference's own traits.
    ///
    /// botocore merges a reference's traits over the referenced shape's (`ShapeResolver.resolve_shape_ref`);
    /// ``resolvedLocationName`` and ``resolvedQueryName`` in ``ServiceModel`` do the same.
    struct ShapeReference {
        let shape: String
        let traits: JSONObject
    }

    /// A structure member, in model order.
    struct Member {
        let name: String
        let reference: ShapeReference
    }

    enum Kind {
        case structure(members: [Member], required: Set<String>)
        case list(member: ShapeReference)
        case map
        case string, integer, long, boolean, double, float, timestamp, blob
    }

    struct Shape {
        let name: String
        let kind: Kind
        let traits: JSONObject
        var documentation: String? { traits["documentation"]?.stringValue }
    }

    let apiVersion: String
    let operations: [String: Operation]
    let shapes: [String: Shape]

    init(json: JSONValue) throws(CodegenError) {
        guard let root = json.objectValue, let metadata = root["metadata"]?.objectValue,
            let apiVersion = metadata["apiVersion"]?.stringValue,
            let operations = root["operations"]?.objectValue, let shapes = root["shapes"]?.objectValue
        else { throw .invalidModel("missing metadata.apiVersion, operations or shapes") }
        guard metadata["protocol"]?.stringValue == "ec2" else { throw .invalidModel("the protocol is not ec2") }
        self.apiVersion = apiVersion
        var parsedOperations: [String: Operation] = [:]
        for (name, value) in operations.members {
            let object = value.objectValue
            parsedOperations[name] = Operation(
                name: name,
                input: object?["input"]?.objectValue?["shape"]?.stringValue,
                output: object?["output"]?.objectValue?["shape"]?.stringValue,
                documentation: object?["documentation"]?.stringValue
            )
        }
        self.operations = parsedOperations
        var parsedShapes: [String: Shape] = [:]
        for (name, value) in shapes.members {
            guard let object = value.objectValue else { throw .invalidModel("shape \(name) is not an object") }
            parsedShapes[name] = Shape(name: name, kind: try Self.kind(of: object, name: name), traits: object)
        }
        self.shapes = parsedShapes
    }

    func shape(_ name: String) throws(CodegenError) -> Shape {
        guard let shape = shapes[name] else { throw .invalidModel("shape \(name) is referenced but not defined") }
        return shape
    }

    /// The `locationName` botocore sees for a reference: the reference's own, else the target shape's.
    func resolvedLocationName(_ reference: ShapeReference) -> String? {
        reference.traits["locationName"]?.stringValue ?? shapes[reference.shape]?.traits["locationName"]?.stringValue
    }

    /// The `queryName` botocore sees for a reference: the reference's own, else the target shape's.
    func resolvedQueryName(_ reference: ShapeReference) -> String? {
        reference.traits["queryName"]?.stringValue ?? shapes[reference.shape]?.traits["queryName"]?.stringValue
    }

    /// A trait botocore would see on the resolved reference (the reference's value wins over the shape's).
    func resolvedTrait(_ trait: String, of reference: ShapeReference) -> JSONValue? {
        reference.traits[trait] ?? shapes[reference.shape]?.traits[trait]
    }

    private static func kind(of object: JSONObject, name: String) throws(CodegenError) -> Kind {
        switch object["type"]?.stringValue {
        case "structure":
            var members: [Member] = []
            for (memberName, value) in object["members"]?.objectValue?.members ?? [] {
                members.append(Member(name: memberName, reference: try reference(value, in: name)))
            }
            let required = Set((object["required"]?.arrayValue ?? []).compactMap(\.stringValue))
            return .structure(members: members, required: required)
        case "list":
            guard let member = object["member"] else { throw .invalidModel("list \(name) has no member") }
            return .list(member: try reference(member, in: name))
        case "map": return .map
        case "string": return .string
        case "integer": return .integer
        case "long": return .long
        case "boolean": return .boolean
        case "double": return .double
        case "float": return .float
        case "timestamp": return .timestamp
        case "blob": return .blob
        case let other: throw .unsupported("type \(other ?? "(none)")", in: name)
        }
    }

    private static func reference(_ value: JSONValue, in shape: String) throws(CodegenError) -> ShapeReference {
        guard let traits = value.objectValue, let target = traits["shape"]?.stringValue else {
            throw .invalidModel("a reference in \(shape) does not name a shape")
        }
        return ShapeReference(shape: target, traits: traits)
    }
}
