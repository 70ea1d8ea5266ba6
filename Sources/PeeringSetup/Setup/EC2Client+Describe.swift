import EC2Client

/// The few reads `localvpc peer` makes, typed.
extension EC2Client {
    /// `Filter.N.Name` / `Filter.N.Value.M` parameters, in the given order.
    static func filters(_ filters: [(name: String, values: [String])]) -> [(String, String)] {
        filters.enumerated().flatMap { index, filter in
            [("Filter.\(index + 1).Name", filter.name)]
                + filter.values.enumerated().map { ("Filter.\(index + 1).Value.\($0.offset + 1)", $0.element) }
        }
    }

    /// True for text shaped like a VPC id (`vpc-` and 8 or 17 hex digits).
    static func looksLikeVpcId(_ text: String) -> Bool {
        let digits = text.dropFirst(4)
        return text.hasPrefix("vpc-") && [8, 17].contains(digits.count) && digits.allSatisfy(\.isHexDigit)
    }

    /// The VPC with this id, or else the one VPC whose `Name` tag is this.
    func vpc(_ reference: String) async throws -> Vpc {
        if Self.looksLikeVpcId(reference) {
            do {
                let page = try await call("DescribeVpcs", [("VpcId.1", reference)])
                if let vpc = page.items("vpcSet").map(Vpc.init(xml:)).first(where: { $0.vpcId == reference }) { return vpc }
            } catch {
                // Fall through on NotFound: a VPC may be named like an id.
                guard error.code == "InvalidVpcID.NotFound" else { throw error }
            }
        }
        let pages = try await callPages("DescribeVpcs", Self.filters([("tag:Name", [reference])]))
        let named = pages.flatMap { $0.items("vpcSet") }.map(Vpc.init(xml:)).filter { $0.name == reference }
        guard let vpc = named.first else { throw PeeringSetupError.vpcNotFound(reference, region: configuration.region) }
        guard named.count == 1 else { throw PeeringSetupError.ambiguousName(reference, named.map(\.vpcId).sorted()) }
        return vpc
    }

    /// Connections from `requesterVpcId` to `accepterVpcId` (this direction only), whatever their status.
    func peeringConnections(from requesterVpcId: String, to accepterVpcId: String) async throws(EC2ClientError) -> [VpcPeeringConnection] {
        let parameters = Self.filters([("requester-vpc-info.vpc-id", [requesterVpcId]), ("accepter-vpc-info.vpc-id", [accepterVpcId])])
        // Filters are re-checked here: not every endpoint implements them (moto ignores them).
        return try await callPages("DescribeVpcPeeringConnections", parameters)
            .flatMap { $0.items("vpcPeeringConnectionSet") }
            .map(VpcPeeringConnection.init(xml:))
            .filter { $0.requester.vpcId == requesterVpcId && $0.accepter.vpcId == accepterVpcId }
    }

    /// The connection with this id, or nil when the endpoint does not (yet) know it.
    func peeringConnection(_ id: String) async throws(EC2ClientError) -> VpcPeeringConnection? {
        do {
            let page = try await call("DescribeVpcPeeringConnections", [("VpcPeeringConnectionId.1", id)])
            return page.items("vpcPeeringConnectionSet").map(VpcPeeringConnection.init(xml:)).first { $0.vpcPeeringConnectionId == id }
        } catch {
            guard error.code == "InvalidVpcPeeringConnectionID.NotFound" else { throw error }
            return nil
        }
    }

    /// The subnets of a VPC.
    func subnets(of vpcId: String) async throws(EC2ClientError) -> [Subnet] {
        try await callPages("DescribeSubnets", Self.filters([("vpc-id", [vpcId])]))
            .flatMap { $0.items("subnetSet") }.map(Subnet.init(xml:)).filter { $0.vpcId == vpcId }
    }

    /// The route tables of a VPC.
    func routeTables(of vpcId: String) async throws(EC2ClientError) -> [RouteTable] {
        try await callPages("DescribeRouteTables", Self.filters([("vpc-id", [vpcId])]))
            .flatMap { $0.items("routeTableSet") }.map(RouteTable.init(xml:)).filter { $0.vpcId == vpcId }
    }

    /// One route table, described again (after a race with another writer).
    func routeTable(_ id: String) async throws(EC2ClientError) -> RouteTable? {
        try await call("DescribeRouteTables", [("RouteTableId.1", id)]).items("routeTableSet").map(RouteTable.init(xml:)).first
    }

    /// The group with this id in the VPC, or the VPC's `default` group when `groupId` is nil.
    func securityGroup(_ groupId: String?, in vpcId: String) async throws -> SecurityGroup {
        let parameters = groupId.map { [("GroupId.1", $0)] } ?? Self.filters([("vpc-id", [vpcId]), ("group-name", ["default"])])
        let groups = try await callPages("DescribeSecurityGroups", parameters).flatMap { $0.items("securityGroupInfo") }.map(SecurityGroup.init(xml:))
        let match = groups.first { group in group.vpcId == vpcId && (groupId.map { group.groupId == $0 } ?? (group.groupName == "default")) }
        guard let match else { throw PeeringSetupError.groupNotInVpc(groupId ?? "default", vpcId: vpcId) }
        return match
    }
}
