public import Foundation

/// Generates EC2Protocol's `Generated/` sources from botocore's EC2 service model.
///
/// For each operation it emits the input and output structures and every structure they reach (`EC2.CreateVpcRequest`,
/// `EC2.Vpc`, …), `QueryDecodable` conformances for the input side (keys by botocore's `EC2Serializer`),
/// `XMLEncodable` conformances for the output side (element names by botocore's `EC2QueryParser`), the `EC2Action`
/// enum, the `EC2Operations` protocol and its dispatcher.
public enum EC2Codegen {
    /// The generated files, file name → contents, for `operations` of the service model `model` (JSON).
    ///
    /// - Parameter botocoreVersion: named in each file's header, so that the header says where the model came from.
    public static func generate(model: Data, operations: [String], botocoreVersion: String? = nil) throws(CodegenError) -> [String: String] {
        let serviceModel = try ServiceModel(json: JSONParser.parse(Array(model)))
        let graph = try ShapeGraph(model: serviceModel, operationNames: operations)
        var files = GeneratedFileSet(apiVersion: serviceModel.apiVersion, botocoreVersion: botocoreVersion)
        let structures = graph.structures
        var roles: [String: String] = [:]
        for operation in graph.operations {
            if let input = operation.input { roles[input] = "The request parameters of `\(operation.name)`." }
            if let output = operation.output { roles[output] = "The result of `\(operation.name)`." }
        }
        func usesFoundation(_ structure: StructureDescription) -> Bool {
            structure.members.contains { $0.type.usesFoundation }
        }
        files.add(
            "EC2Shapes",
            blocks: structures.map {
                .init(name: $0.name, lines: StructureDeclarations.declaration(of: $0, role: roles[$0.name]), usesFoundation: usesFoundation($0))
            },
            foundationImport: "public import Foundation",
            wrapper: "extension EC2 {"
        )
        files.add(
            "EC2Shapes+QueryDecodable",
            blocks: structures.filter(\.isInput).map {
                .init(name: $0.name, lines: QueryDecodableConformances.conformance(of: $0), usesFoundation: usesFoundation($0))
            }
        )
        files.add(
            "EC2Shapes+XMLEncodable",
            blocks: structures.filter(\.isOutput).map {
                .init(name: $0.name, lines: XMLEncodableConformances.conformance(of: $0), usesFoundation: usesFoundation($0))
            }
        )
        let operationFiles = [
            "EC2Action": OperationDeclarations.actionEnum(graph.operations),
            "EC2Operations": OperationDeclarations.operationsProtocol(graph.operations),
            "EC2Operations+Handle": OperationDeclarations.dispatcher(graph.operations),
        ]
        for (name, lines) in operationFiles {
            files.add(name, blocks: [.init(name: name, lines: lines, usesFoundation: false)])
        }
        files.add("EC2AllowedValues", blocks: [.init(name: "EC2AllowedValues", lines: allowedValues(serviceModel), usesFoundation: false)])
        return files.files
    }

    /// The enum shapes whose values LocalVPC checks requests against, by the name of the Swift property.
    static let validatedEnums = ["instanceType": "InstanceType"]

    /// `EC2.AllowedValues`: the values AWS accepts for the enum-valued parameters LocalVPC validates.
    static func allowedValues(_ model: ServiceModel) -> [String] {
        var lines = [
            "extension EC2 {",
            "    /// The values AWS accepts for the enum-valued parameters LocalVPC validates, from the service model.",
            "    public enum AllowedValues {",
        ]
        for (property, shapeName) in validatedEnums.sorted(by: { $0.key < $1.key }) {
            let values = model.shapes[shapeName]?.traits["enum"]?.arrayValue?.compactMap(\.stringValue) ?? []
            lines.append("        /// Every value of `\(shapeName)` (\(values.count) of them).")
            lines.append("        public static let \(property): Set<String> = [")
            lines += values.sorted().map { "            \"\($0)\"," }
            lines.append("        ]")
        }
        lines += ["    }", "}"]
        return lines
    }

    /// The operation names in an `operations.txt`: one per line, blank lines and `#` comments ignored.
    public static func operationNames(inList text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            let name = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
                .trimmingCharacters(in: .whitespaces)
            return name.isEmpty ? nil : name
        }
    }

    /// Reads a model file, decompressing it with `gzip -dc` when its name ends in `.gz`.
    public static func loadModel(at path: String) throws(CodegenError) -> Data {
        guard path.hasSuffix(".gz") else {
            guard let data = FileManager.default.contents(atPath: path) else { throw .io("Cannot read \(path)") }
            return data
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-dc", path]
        let output = Pipe()
        process.standardOutput = output
        do {
            try process.run()
        } catch {
            throw .io("Cannot run gzip to read \(path): \(error)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw .io("gzip -dc \(path) failed with status \(process.terminationStatus)") }
        return data
    }
}
