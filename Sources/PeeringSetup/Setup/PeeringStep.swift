/// One line of `localvpc peer`'s report: something it did, found, would do, or refused to do.
public struct PeeringStep: Sendable, Hashable, Codable {
    /// What kind of step this is.
    public enum Action: String, Sendable, Hashable, Codable {
        /// A peering connection was requested.
        case created
        /// A pending connection was accepted.
        case accepted
        /// A route or a security-group rule was added.
        case added
        /// The connection became (or is) active, or was found pending.
        case status
        /// Nothing to do: it is in place.
        case alreadyThere = "already-there"
        /// A route to the destination exists with another target; left as it is.
        case conflict
        /// A dry run's intended change.
        case planned
        /// Not done, and why (no subnets, no credentials for that account).
        case skipped
        /// The connection failed.
        case failed
    }

    /// What kind of step this is.
    public var action: Action
    /// The report line, complete (`route 10.1.0.0/16 → pcx-… in rtb-… (used by subnet-…)`).
    public var message: String
    /// The peering connection involved, if any.
    public var vpcPeeringConnectionId: String?
    /// The VPC whose side this step is on, if any.
    public var vpcId: String?
    /// For a route: its table.
    public var routeTableId: String?
    /// For a route: its destination.
    public var destinationCidrBlock: String?
    /// For a rule: its security group.
    public var groupId: String?
    /// For a rule: the traffic, in `--allow` spelling.
    public var traffic: String?
    /// For a rule: the source block.
    public var cidrIp: String?

    /// A step; resource fields are optional and default to none.
    public init(
        _ action: Action, _ message: String, vpcPeeringConnectionId: String? = nil, vpcId: String? = nil, routeTableId: String? = nil,
        destinationCidrBlock: String? = nil, groupId: String? = nil, traffic: String? = nil, cidrIp: String? = nil
    ) {
        self.action = action
        self.message = message
        self.vpcPeeringConnectionId = vpcPeeringConnectionId
        self.vpcId = vpcId
        self.routeTableId = routeTableId
        self.destinationCidrBlock = destinationCidrBlock
        self.groupId = groupId
        self.traffic = traffic
        self.cidrIp = cidrIp
    }

    /// True for steps that changed something.
    public var isChange: Bool { [.created, .accepted, .added].contains(action) }
}
