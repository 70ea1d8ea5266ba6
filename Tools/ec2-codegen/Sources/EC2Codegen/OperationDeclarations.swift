/// Emits `EC2Action`, the `EC2Operations` protocol and its `handle(action:…)` dispatcher.
enum OperationDeclarations {
    /// `public enum EC2Action: String, CaseIterable, Sendable { case createVpc = "CreateVpc" … }`.
    static func actionEnum(_ operations: [ServiceModel.Operation]) -> [String] {
        var code = SwiftCode()
        code.line("/// An EC2 action LocalVPC serves: the value of a request's `Action` parameter.")
        code.block("public enum EC2Action: String, CaseIterable, Sendable") { code in
            for operation in operations {
                code.line("case \(SwiftNames.escaped(SwiftNames.lowerCamelCase(operation.name))) = \(SwiftNames.literal(operation.name))")
            }
        }
        return code.lines
    }

    /// The protocol with one method per operation.
    static func operationsProtocol(_ operations: [ServiceModel.Operation]) -> [String] {
        var code = SwiftCode()
        code.lines([
            "/// The EC2 operations LocalVPC serves, one method per ``EC2Action``.",
            "///",
            "/// A method receives the decoded request and the server's per-request `Context`, and returns the operation's result;",
            "/// an operation without a result shape returns nothing and answers `<return>true</return>`, as EC2 does.",
            "/// Errors a method throws reach the caller of ``handle(action:parameters:requestId:context:)`` unchanged.",
        ])
        code.block("public protocol EC2Operations: Sendable") { code in
            code.line("/// What the server knows about the request besides its parameters, such as the account and the region.")
            code.line("associatedtype Context: Sendable")
            for operation in operations {
                code.line()
                let summary = DocumentationSummary.firstSentence(of: operation.documentation) ?? "See the EC2 API Reference."
                code.documentation("\(operation.name): \(summary)")
                declareMethod(for: operation, into: &code)
            }
        }
        return code.lines
    }

    /// `extension EC2Operations { public func handle(…) }`.
    static func dispatcher(_ operations: [ServiceModel.Operation]) -> [String] {
        var code = SwiftCode()
        code.block("extension EC2Operations") { code in
            code.lines([
                "/// Serves one request: checks the action, decodes the parameters, calls the operation and renders the XML response.",
                "///",
                "/// The answer is the document's bytes, rendered once: the server hands them to the connection as they are.",
                "///",
                "/// Throws ``QueryDecodingError`` for a missing or unknown action and for parameters that do not decode;",
                "/// errors thrown by the operation propagate unchanged.",
            ])
            let head =
                "public func handle(action: String?, parameters: QueryParameters, requestId: String, context: Context) async throws -> EC2ResponseDocument"
            code.block(head) { code in
                code.line("guard let action, !action.isEmpty else { throw QueryDecodingError.missingAction }")
                code.line("guard let operation = EC2Action(rawValue: action) else { throw QueryDecodingError.invalidAction(action) }")
                // `.swift-format` keeps case labels at the indentation of their `switch`.
                code.line("switch operation {")
                for operation in operations {
                    dispatchCase(operation, into: &code)
                }
                code.line("}")
            }
        }
        return code.lines
    }

    /// The method requirement, on one line if it fits, else with the result type on the next line, as swift-format
    /// breaks it.
    private static func declareMethod(for operation: ServiceModel.Operation, into code: inout SwiftCode) {
        let method = SwiftNames.escaped(SwiftNames.lowerCamelCase(operation.name))
        let head = "func \(method)(_ request: EC2.\(operation.input ?? ""), context: Context) async throws"
        guard let output = operation.output else {
            code.line(head)
            return
        }
        let result = "-> EC2.\(output)"
        if code.indentation.count + head.count + 1 + result.count <= 150 {
            code.line(head + " " + result)
        } else {
            code.line(head)
            code.indented { $0.line(result) }
        }
    }

    private static func dispatchCase(_ operation: ServiceModel.Operation, into code: inout SwiftCode) {
        let name = SwiftNames.lowerCamelCase(operation.name)
        code.line("case .\(name):")
        let method = SwiftNames.escaped(name)
        code.indented { code in
            code.line("let request = try EC2.\(operation.input ?? "")(query: parameters)")
            if operation.output != nil {
                code.line("let result = try await \(method)(request, context: context)")
                code.line("return EC2ResponseDocument(action: action, requestId: requestId, result: result)")
            } else {
                code.line("try await \(method)(request, context: context)")
                code.line("return EC2ResponseDocument(action: action, requestId: requestId, result: EC2ReturnValue(true))")
            }
        }
    }
}
