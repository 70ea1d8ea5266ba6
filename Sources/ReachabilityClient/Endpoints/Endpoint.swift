/// One end of a path as the command line named it, once resolved against the endpoint: an instance, a
/// network interface, an internet gateway, or an address outside every VPC.
public struct Endpoint: Sendable, Hashable, Codable {
    /// What kind of thing it is.
    public enum Kind: String, Sendable, Hashable, Codable {
        case instance, networkInterface = "network-interface", internetGateway = "internet-gateway", address
    }

    public var kind: Kind
    /// The resource id; nil for an outside address.
    public var id: String?
    /// Its `Name` tag, when it has one.
    public var name: String?
    /// The address traffic leaves from or goes to: the primary private address, the address that was named,
    /// or nil for a gateway.
    public var address: String?
    /// The VPC it is in (the attached VPC of a gateway).
    public var vpcId: String?

    /// An endpoint from its parts.
    public init(kind: Kind, id: String? = nil, name: String? = nil, address: String? = nil, vpcId: String? = nil) {
        self.kind = kind
        self.id = id
        self.name = name
        self.address = address
        self.vpcId = vpcId
    }

    /// `Name (id)`, the id, or the address: how reports name it.
    public var label: String {
        switch (name, id) {
        case (let name?, let id?): "\(name) (\(id))"
        case (nil, let id?): id
        default: address ?? "?"
        }
    }
}
