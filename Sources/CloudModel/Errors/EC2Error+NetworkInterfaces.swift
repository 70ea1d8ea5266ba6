/// Refusals of network interface changes beyond what an instance's type allows, in AWS's codes and words.
extension EC2Error {
    /// `AttachmentLimitExceeded`, in AWS's words ("Interface count 4 exceeds the limit for t2.medium", as the VPC CNI's
    /// and Cilium's users quote it): `count` is the instance's interfaces with the new one.
    static func attachmentLimitExceeded(count: Int, instanceType: String) -> EC2Error {
        EC2Error(code: "AttachmentLimitExceeded", message: "Interface count \(count) exceeds the limit for \(instanceType)")
    }

    /// An interface holding more addresses than the instance it would join allows. AWS's message names the interface
    /// as `interface-…` rather than `eni-…` ("Address count 7 on interface-087bf941f13a906b1 exceeds the limit for
    /// t3.medium", Cilium issue 9730); kept so.
    static func interfaceAddressLimitExceeded(count: Int, interfaceId: String, instanceType: String) -> EC2Error {
        let named = interfaceId.hasPrefix("eni-") ? "interface-" + interfaceId.dropFirst(4) : interfaceId
        return EC2Error(
            code: "InvalidInterface.IpAddressLimitExceeded", message: "Address count \(count) on \(named) exceeds the limit for \(instanceType)")
    }

    /// `PrivateIpAddressLimitExceeded`: more private IPv4 addresses than the interface may hold.
    static let privateIpAddressLimitExceeded = EC2Error(
        code: "PrivateIpAddressLimitExceeded", message: "Number of private addresses will exceed limit.")
}
