public import CloudModel

extension TestCloud {
    /// Deletes the default VPC of `scope` the way a user must: its subnets, its internet gateway, then the VPC.
    /// Returns the deleted VPC's id.
    @discardableResult
    public mutating func deleteDefaultVpc(in scope: AccountRegion = TestCloud.scope) throws -> String {
        try run(in: scope) { transaction in
            let vpc = transaction.defaultVpc!
            for subnet in transaction.all(Subnet.self, inVpc: vpc.id) { try transaction.deleteSubnet(subnet.id) }
            for gateway in transaction.all(InternetGateway.self) where gateway.attachedVpcId == vpc.id {
                try transaction.detachInternetGateway(gateway.id, vpcId: vpc.id)
                try transaction.deleteInternetGateway(gateway.id)
            }
            try transaction.deleteVpc(vpc.id)
            return vpc.id
        }
    }
}
