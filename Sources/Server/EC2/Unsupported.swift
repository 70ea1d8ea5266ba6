import CloudModel

/// Parameters AWS accepts that LocalVPC does not model yet: refused by name rather than silently ignored,
/// so a client never believes something happened that did not.
enum Unsupported {
    static func refuse(_ parameters: KeyValuePairs<String, String?>) throws(EC2Error) {
        if let name = parameters.first(where: { $0.value != nil })?.key {
            throw EC2Error(code: "UnsupportedOperation", message: "The parameter \(name) is not supported by LocalVPC yet.")
        }
    }
}
