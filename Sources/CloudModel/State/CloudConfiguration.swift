/// The settings that change what the rules allow: adjustable AWS quotas.
public struct CloudConfiguration: Sendable, Hashable, Codable {
    /// Whether adjustable quotas (VPCs per region and the like) are enforced. Off by default: test suites and
    /// benchmarks create hundreds of VPCs. Quotas AWS cannot raise are always enforced.
    public var enforcesAdjustableQuotas: Bool
    public var quotas: Quotas

    public init(enforcesAdjustableQuotas: Bool = false, quotas: Quotas = Quotas()) {
        self.enforcesAdjustableQuotas = enforcesAdjustableQuotas
        self.quotas = quotas
    }

    /// AWS's default values of the adjustable quotas LocalVPC knows.
    public struct Quotas: Sendable, Hashable, Codable {
        public var vpcsPerRegion = 5
        public var subnetsPerVpc = 200
        public var internetGatewaysPerRegion = 5
        public var routeTablesPerVpc = 200
        public var routesPerRouteTable = 50
        public var ipv4CidrBlocksPerVpc = 5

        public init() {}
    }
}
