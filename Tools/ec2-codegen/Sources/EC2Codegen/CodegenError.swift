/// Why ``EC2Codegen`` could not produce the Swift sources.
public struct CodegenError: Error, CustomStringConvertible, Equatable {
    /// A human-readable explanation, naming the shape or operation at fault.
    public let description: String

    init(_ description: String) {
        self.description = description
    }

    static func invalidModel(_ reason: String) -> CodegenError {
        CodegenError("The service model is not valid: \(reason)")
    }

    static func unknownOperation(_ name: String) -> CodegenError {
        CodegenError("The operation \(name) is not in the service model")
    }

    /// The model uses a feature the EC2 protocol runtime does not implement yet (maps, flattened lists, …).
    static func unsupported(_ feature: String, in shape: String) -> CodegenError {
        CodegenError("Shape \(shape) uses \(feature), which ec2-codegen does not support")
    }

    static func nameCollision(_ name: String, in shape: String) -> CodegenError {
        CodegenError("Shape \(shape): the Swift name \(name) is used twice or clashes with a type the generated code uses")
    }

    static func io(_ reason: String) -> CodegenError {
        CodegenError(reason)
    }
}
