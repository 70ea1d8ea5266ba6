/// A requester-managed network interface that a service places in one subnet of a VPC (an interface endpoint's, a
/// transit gateway attachment's), with the zone it serves.
public struct ServiceSubnetInterface: Sendable, Hashable, Codable {
    public let subnetId: String
    public let networkInterfaceId: String
    public let availabilityZone: String

    public init(subnetId: String, networkInterfaceId: String, availabilityZone: String) {
        self.subnetId = subnetId
        self.networkInterfaceId = networkInterfaceId
        self.availabilityZone = availabilityZone
    }
}
