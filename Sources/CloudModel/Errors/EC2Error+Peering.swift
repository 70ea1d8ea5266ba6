/// Refusals about peering connections, in AWS's codes and words.
extension EC2Error {
    public static func peeringNotPermitted(account: String, action: String, id: String) -> EC2Error {
        EC2Error(code: "OperationNotPermitted", message: "User (\(account)) cannot \(action) peering \(id)")
    }

    public static func peeringWrongRegion(_ region: String, id: String, expected: String, action: String) -> EC2Error {
        EC2Error(
            code: "OperationNotPermitted",
            message: "Incorrect region (\(region)) specified for this request. VPC peering connection \(id) must be \(action) in region \(expected)")
    }

    public static func peeringStateTransition(_ id: String, from status: PeeringStatus, to target: PeeringStatus) -> EC2Error {
        EC2Error(
            code: "InvalidStateTransition",
            message: "Invalid state transition for \(id), attempted to transition from \(status.rawValue) to \(target.rawValue)")
    }

    public static func peeringAlreadyExists(_ existing: String) -> EC2Error {
        EC2Error(code: "VpcPeeringConnectionAlreadyExists", message: "The vpc peering connection identified by \(existing) already exists.")
    }

    public static func peeringNotActive(_ id: String) -> EC2Error {
        EC2Error(code: "OperationNotPermitted", message: "Peering \(id) is not active. Peering options can be added only to active peerings.")
    }
}
