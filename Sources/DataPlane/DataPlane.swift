/// The names of everything the data plane makes on the host: all start with `lvpc-`, so nothing else is ever touched.
///
/// Namespaces carry the AWS id they stand for (`lvpc-i-0abc…` for an instance, `lvpc-vpc-0abc…` for a VPC's router,
/// `lvpc-tgw-0abc…` for a transit gateway);
/// ids are random, so two servers on one machine do not meet. Links are named inside namespaces, at most 15 bytes:
/// `lvpc-` plus a letter for the kind plus the id's last nine hex digits.
public enum DataPlaneNames {
    /// The prefix of everything the data plane creates on the host.
    public static let prefix = "lvpc-"

    /// What a router link leads to, as its name's letter says.
    public enum LinkKind: String, Sendable {
        case networkInterface = "e", vpcPeeringConnection = "p", internetGateway = "g", natGateway = "n", egressOnlyInternetGateway = "x"
        case transitGatewayAttachment = "t"
    }

    /// A link's name: `lvpc-e` and the last nine characters of `eni-0123456789abcdef0`, for example.
    public static func link(_ kind: LinkKind, _ id: String) -> String {
        prefix + kind.rawValue + String(id.suffix(9))
    }

    /// The router namespace of a VPC.
    public static func router(of vpcId: String) -> String { prefix + vpcId }

    /// The namespace of a transit gateway, which routes between its attachments' links by its route tables.
    public static func transitGateway(_ transitGatewayId: String) -> String { prefix + transitGatewayId }

    /// The internet namespace of the server listening on `port` (one per server, so two servers never share it).
    public static func internet(port: Int) -> String { internetPrefix + "\(port)" }

    /// What every server's internet namespace is called before its port.
    public static let internetPrefix = prefix + "internet-"
}
