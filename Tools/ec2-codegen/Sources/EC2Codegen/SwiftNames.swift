/// How model names become Swift names.
enum SwiftNames {
    /// Keywords that cannot be used as a property or parameter name without backticks.
    private static let keywords: Set<String> = [
        "associatedtype", "as", "break", "case", "catch", "class", "continue", "default", "defer", "deinit", "do", "else",
        "enum", "extension", "fallthrough", "false", "fileprivate", "for", "func", "guard", "if", "import", "in", "init",
        "inout", "internal", "is", "let", "nil", "operator", "private", "precedencegroup", "protocol", "public", "repeat",
        "rethrows", "return", "self", "Self", "static", "struct", "subscript", "super", "switch", "throw", "throws", "true",
        "try", "typealias", "var", "where", "while", "Any",
    ]

    /// Type names the generated code refers to unqualified; a structure with one of these names would shadow it.
    static let reservedTypeNames: Set<String> = [
        "String", "Int", "Bool", "Double", "Date", "Data", "Array", "Dictionary", "Optional", "Sendable", "Hashable",
        "QueryParameters", "QueryDecodable", "QueryDecodingError", "XMLWriter", "XMLEncodable", "Indirect", "EC2",
    ]

    /// `VpcId` → `vpcId`, `AWSAccountId` → `awsAccountId`, `S3Bucket` → `s3Bucket`, `ID` → `id`.
    ///
    /// The leading run of capitals and digits is lowercased, except its last capital when a lowercase letter follows
    /// (that capital starts the next word).
    static func lowerCamelCase(_ name: String) -> String {
        let characters = Array(name)
        var runEnd = 0
        while runEnd < characters.count, characters[runEnd].isUppercase || characters[runEnd].isNumber {
            runEnd += 1
        }
        guard runEnd > 0 else { return name }
        var lowered = runEnd
        if runEnd > 1, runEnd < characters.count, characters[runEnd].isLowercase, characters[runEnd - 1].isUppercase {
            lowered = runEnd - 1
        }
        return String(characters[..<lowered]).lowercased() + String(characters[lowered...])
    }

    /// The identifier as written in a declaration or expression: keywords in backticks.
    static func escaped(_ identifier: String) -> String {
        keywords.contains(identifier) ? "`\(identifier)`" : identifier
    }

    /// Whether `name` can be used as a Swift type or identifier as-is.
    static func isPlainIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.properties.isAlphabetic || first == "_" else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || $0 == "_") }
    }

    /// A string as a Swift string literal.
    static func literal(_ string: String) -> String {
        var result = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
