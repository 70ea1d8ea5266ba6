public import Addressing

/// The settings that change what the rules allow: adjustable AWS quotas.
public struct CloudConfiguration: Sendable, Hashable, Codable {
    /// Whether adjustable quotas (VPCs per region and the like) are enforced. Off by default: test suites and
    /// benchmarks create hundreds of VPCs. Quotas AWS cannot raise are always enforced.
    public var enforcesAdjustableQuotas: Bool
    /// Whether the peering quotas (active and outstanding connections per VPC) are enforced: on by default,
    /// because the walkthroughs teach them.
    public var enforcesPeeringQuotas: Bool
    public var quotas: Quotas
    /// Where public addresses (auto-assigned and Elastic) come from: by default 198.18.0.0/15, the range
    /// reserved for network testing (RFC 2544), so no emulated address can be a real host's.
    public var publicIpPool = IPv4CIDR("198.18.0.0/15")!
    /// Whether launched and started instances stay `pending` until something makes them `running`
    /// (`markInstancesRunning`): the data plane does, once an instance's network namespace is ready. Without a data
    /// plane, instances run at once.
    public var instancesBootPending = false
    /// How many instances one RunInstances call can launch: LocalVPC's instance quota, as a launch sees it. A larger
    /// `MaxCount` launches this many (AWS launches "the largest possible number of instances above the specified minimum
    /// count"); a larger `MinCount` is `InstanceLimitExceeded`, as AWS answers a launch past its quota. Always enforced: it
    /// bounds how long one launch holds the cloud's writer, so other accounts' writes never wait behind an unbounded one.
    public var instancesPerLaunch = 1000

    public init(enforcesAdjustableQuotas: Bool = false, enforcesPeeringQuotas: Bool = true, quotas: Quotas = Quotas()) {
        self.enforcesAdjustableQuotas = enforcesAdjustableQuotas
        self.enforcesPeeringQuotas = enforcesPeeringQuotas
        self.quotas = quotas
    }

    /// AWS's default values of the adjustable quotas LocalVPC knows.
    public struct Quotas: Sendable, Hashable, Codable {
        public var vpcsPerRegion = 5
        public var subnetsPerVpc = 200
        public var internetGatewaysPerRegion = 5
        public var routeTablesPerVpc = 200
        public var routesPerRouteTable = 50
        /// Inbound, and separately outbound, rules per security group; a rule naming a prefix list counts for its size.
        public var rulesPerSecurityGroup = 60
        public var ipv4CidrBlocksPerVpc = 5
        /// Active peering connections per VPC (AWS's default; adjustable up to 125).
        public var activePeeringsPerVpc = 50
        /// Pending peering requests per requester VPC.
        public var outstandingPeeringsPerVpc = 25
        /// Gateway VPC endpoints per region.
        public var gatewayEndpointsPerRegion = 20
        /// Interface VPC endpoints per VPC.
        public var interfaceEndpointsPerVpc = 50

        public init() {}
    }
}
