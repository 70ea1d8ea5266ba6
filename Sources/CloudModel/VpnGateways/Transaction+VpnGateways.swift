/// CreateVpnGateway, Attach/DetachVpnGateway, DeleteVpnGateway and the route propagation settings of route tables.
extension Transaction {
    /// The ASNs AWS allows on the Amazon side: private 16-bit and private 32-bit ones.
    static let amazonSideAsnRanges: [ClosedRange<Int>] = [64512...65534, 4_200_000_000...4_294_967_294]

    public mutating func createVpnGateway(
        type: String, amazonSideAsn: Int? = nil, availabilityZone: String? = nil, tagSpecifications: [TagSpecification] = []
    ) throws(EC2Error) -> VpnGateway {
        guard type == "ipsec.1" else { throw .invalidParameterValue("Value (\(type)) for parameter type is invalid. Valid values: ipsec.1") }
        let asn = amazonSideAsn ?? VpnGateway.defaultAmazonSideAsn
        guard Self.amazonSideAsnRanges.contains(where: { $0.contains(asn) }) else { throw .amazonSideAsnInvalid(asn) }
        if let availabilityZone, RegionCatalog.region(named: scope.region)?.zones.contains(where: { $0.name == availabilityZone }) != true {
            throw .invalidParameterValue("Invalid availability zone: [\(availabilityZone)]")
        }
        let tags = try TagSet.creating(VpnGateway.resourceType, from: tagSpecifications)
        let gateway = VpnGateway(
            id: newId(.vpnGateway), scope: scope, amazonSideAsn: asn, availabilityZone: availabilityZone, tags: tags, createdAt: now)
        put(gateway)
        return gateway
    }

    /// Attaches a gateway to a VPC: one VPC per gateway and one gateway per VPC.
    public mutating func attachVpnGateway(_ gatewayId: String, vpcId: String) throws(EC2Error) -> VpnGateway {
        var gateway = try requireVpnGateway(gatewayId)
        let vpc = try require(Vpc.self, vpcId)
        if gateway.attachedVpcId != nil { throw .vpnGatewayAttachmentLimitExceeded(gatewayId) }
        if let other = all(VpnGateway.self, inVpc: vpc.id).first {
            throw .invalidParameterValue("The VPC \(vpc.id) already has a virtual private gateway (\(other.id)) attached.")
        }
        gateway.attachment = VpnGateway.Attachment(vpcId: vpc.id, state: .attached)
        put(gateway)
        return gateway
    }

    /// Detaches a gateway; its attachment stays listed as `detached`, and it stops propagating routes.
    public mutating func detachVpnGateway(_ gatewayId: String, vpcId: String) throws(EC2Error) {
        var gateway = try requireVpnGateway(gatewayId)
        try ResourceIdKind.vpc.validate(vpcId)
        guard gateway.attachedVpcId == vpcId else { throw .vpnGatewayAttachmentNotFound(gatewayId, vpcId: vpcId) }
        gateway.attachment?.state = .detached
        gateway.propagatingRouteTableIds = []
        put(gateway)
    }

    /// Deletes a detached gateway; it stays visible as `deleted` for an hour.
    public mutating func deleteVpnGateway(_ gatewayId: String) throws(EC2Error) {
        var gateway = try requireVpnGateway(gatewayId)
        if let vpcId = gateway.attachedVpcId { throw .vpnGatewayAttached(gatewayId, vpcId: vpcId) }
        gateway.state = .deleted
        gateway.deletedAt = now
        put(gateway)
    }

    /// Lets an attached gateway propagate routes into a route table of its VPC (again is no change).
    public mutating func enableVgwRoutePropagation(routeTableId: String, gatewayId: String) throws(EC2Error) {
        try setVgwRoutePropagation(routeTableId: routeTableId, gatewayId: gatewayId, enabled: true)
    }

    /// Stops a gateway propagating routes into a route table (when it did not, no change).
    public mutating func disableVgwRoutePropagation(routeTableId: String, gatewayId: String) throws(EC2Error) {
        try setVgwRoutePropagation(routeTableId: routeTableId, gatewayId: gatewayId, enabled: false)
    }

    /// Enable/DisableVgwRoutePropagation: either way, the gateway must be attached to the table's VPC.
    private mutating func setVgwRoutePropagation(routeTableId: String, gatewayId: String, enabled: Bool) throws(EC2Error) {
        let table = try require(RouteTable.self, routeTableId)
        var gateway = try requireVpnGateway(gatewayId)
        guard gateway.attachedVpcId == table.tableVpcId else { throw .gatewayNotAttached(gatewayId, vpcId: table.tableVpcId) }
        if enabled { gateway.propagatingRouteTableIds.insert(table.id) } else { gateway.propagatingRouteTableIds.remove(table.id) }
        put(gateway)
    }

    /// A gateway that is not deleted: a deleted one is only there to be described.
    func requireVpnGateway(_ id: String) throws(EC2Error) -> VpnGateway {
        let gateway = try require(VpnGateway.self, id)
        guard gateway.state != .deleted else { throw ResourceIdKind.vpnGateway.notFound([id]) }
        return gateway
    }
}

extension CloudState {
    /// The gateways propagating routes into `table` (`PropagatingVgws` of DescribeRouteTables).
    public func propagatingVpnGateways(of table: RouteTable) -> [String] {
        self[table.scope].vpnGateways.values.filter { $0.propagatingRouteTableIds.contains(table.id) }.map(\.id).sorted()
    }
}
