/// A member's type as the wire and the generated Swift see it.
indirect enum WireType: Equatable {
    case string
    case integer
    case boolean
    case double
    case timestamp
    case blob
    /// A list; `itemName` names each element in XML (EC2 uses `item`).
    case list(WireType, itemName: String)
    case structure(String)

    /// The Swift type, e.g. `[EC2.Tag]`.
    var swiftType: String {
        switch self {
        case .string: "String"
        case .integer: "Int"
        case .boolean: "Bool"
        case .double: "Double"
        case .timestamp: "Date"
        case .blob: "Data"
        case .list(let element, _): "[\(element.swiftType)]"
        case .structure(let name): "EC2.\(name)"
        }
    }

    /// Whether the Swift type mentions a Foundation type (so the file needs `import Foundation`).
    var usesFoundation: Bool {
        switch self {
        case .timestamp, .blob: true
        case .list(let element, _): element.usesFoundation
        default: false
        }
    }

    /// Whether every list inside this type names its XML items `item`, the name `Array: XMLEncodable` writes.
    var usesDefaultItemNames: Bool {
        switch self {
        case .list(let element, let itemName): itemName == "item" && element.usesDefaultItemNames
        default: true
        }
    }
}
