/// ModifyInstanceAttribute: one attribute per call, some only while the instance is stopped.
extension Transaction {
    public enum InstanceAttribute: Sendable {
        case instanceType(String)
        case userData(String)
        case sourceDestCheck(Bool)
        case groups([String])
    }

    public mutating func modifyInstanceAttribute(_ id: String, _ attribute: InstanceAttribute) throws(EC2Error) {
        var instance = try requireInstance(id)
        guard instance.state != .terminated else { throw .incorrectInstanceState(id, "modified") }
        switch attribute {
        case .instanceType(let type):
            guard instance.state == .stopped else { throw .notStopped(id) }
            instance.instanceType = type
            put(instance)
        case .userData(let data):
            guard instance.state == .stopped else { throw .notStopped(id) }
            instance.userData = data
            put(instance)
        case .sourceDestCheck(let value):
            try modifyNetworkInterfaceAttribute(instance.primaryNetworkInterfaceId, .sourceDestCheck(value))
        case .groups(let ids):
            try modifyNetworkInterfaceAttribute(instance.primaryNetworkInterfaceId, .groups(ids))
        }
    }
}

extension EC2Error {
    static func notStopped(_ id: String) -> EC2Error {
        EC2Error(code: "IncorrectInstanceState", message: "The instance '\(id)' is not in the 'stopped' state.")
    }
}
