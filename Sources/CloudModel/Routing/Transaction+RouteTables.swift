import Addressing

/// CreateRouteTable, DeleteRouteTable and the associations of route tables with subnets and the main slot.
extension Transaction {
    public mutating func createRouteTable(vpcId: String, tagSpecifications: [TagSpecification] = [], clientToken: String? = nil) throws(EC2Error)
        -> RouteTable
    {
        let fingerprint = IdempotentRequest.fingerprint([vpcId])
        if let earlier = try madeEarlier(RouteTable.self, clientToken: clientToken, fingerprint: fingerprint) { return earlier }
        let vpc = try require(Vpc.self, vpcId)
        let tags = try TagSet.creating(RouteTable.resourceType, from: tagSpecifications)
        if configuration.enforcesAdjustableQuotas, all(RouteTable.self, inVpc: vpcId).count >= configuration.quotas.routeTablesPerVpc {
            throw .limitExceeded("RouteTableLimitExceeded", "The maximum number of route tables for this VPC has been reached.")
        }
        let local =
            vpc.ipv4Blocks.map { Route(destination: .v4($0), target: .local, origin: .createRouteTable) }
            + vpc.ipv6Blocks.map { Route(destination: .v6($0), target: .local, origin: .createRouteTable) }
        var table = RouteTable(id: newId(.routeTable), scope: scope, vpcId: vpcId, routes: local, tags: tags, createdAt: now)
        table.clientToken = clientToken
        table.requestFingerprint = clientToken.map { _ in fingerprint }
        put(table)
        return table
    }

    /// Deletes a route table that is neither main nor associated with a subnet.
    public mutating func deleteRouteTable(_ routeTableId: String) throws(EC2Error) {
        let table = try require(RouteTable.self, routeTableId)
        guard table.associations.isEmpty else {
            throw .dependencyViolation("The routeTable '\(routeTableId)' has dependencies and cannot be deleted.")
        }
        // A gateway endpoint's route goes with the table, and the endpoint no longer lists it.
        for var endpoint in liveEndpoints(inVpc: table.tableVpcId) where endpoint.routeTableIds.contains(routeTableId) {
            endpoint.routeTableIds.removeAll { $0 == routeTableId }
            put(endpoint)
        }
        delete(table)
    }

    /// Associates a table with a subnet of its VPC; the subnet must not have an explicit association already.
    public mutating func associateRouteTable(_ routeTableId: String, subnetId: String) throws(EC2Error) -> RouteTableAssociation {
        var table = try require(RouteTable.self, routeTableId)
        let subnet = try require(Subnet.self, subnetId)
        guard subnet.subnetVpcId == table.tableVpcId else {
            throw .invalidParameterValue("Route table \(routeTableId) and subnet \(subnetId) belong to different networks")
        }
        if let existing = all(RouteTable.self, inVpc: table.tableVpcId).first(where: { $0.associations.contains { $0.subnetId == subnetId } }) {
            throw EC2Error(
                code: "Resource.AlreadyAssociated",
                message: "the specified association for route table \(existing.id) conflicts with an existing association")
        }
        let association = RouteTableAssociation(id: newId(.routeTableAssociation), subnetId: subnetId, main: false)
        table.associations.append(association)
        put(table)
        return association
    }

    /// Removes a subnet's explicit association, so the subnet falls back to the main table.
    public mutating func disassociateRouteTable(associationId: String) throws(EC2Error) {
        var (table, index) = try association(associationId)
        guard !table.associations[index].main else {
            throw .invalidParameterValue("cannot disassociate the main route table association \(associationId)")
        }
        table.associations.remove(at: index)
        put(table)
    }

    /// Points an association at another table of the same VPC; on the main association, that table becomes main.
    public mutating func replaceRouteTableAssociation(associationId: String, routeTableId: String) throws(EC2Error) -> RouteTableAssociation {
        var (old, index) = try association(associationId)
        var new = try require(RouteTable.self, routeTableId)
        guard new.tableVpcId == old.tableVpcId else {
            throw .invalidParameterValue("Route table \(routeTableId) and association \(associationId) belong to different networks")
        }
        let previous = old.associations.remove(at: index)
        put(old)
        if new.id == old.id { new = old }
        let replacement = RouteTableAssociation(id: newId(.routeTableAssociation), subnetId: previous.subnetId, main: previous.main)
        new.associations.append(replacement)
        put(new)
        return replacement
    }

    private func association(_ associationId: String) throws(EC2Error) -> (RouteTable, Int) {
        for table in all(RouteTable.self) {
            if let index = table.associations.firstIndex(where: { $0.id == associationId }) { return (table, index) }
        }
        throw EC2Error(code: "InvalidAssociationID.NotFound", message: "The association ID '\(associationId)' does not exist")
    }
}
