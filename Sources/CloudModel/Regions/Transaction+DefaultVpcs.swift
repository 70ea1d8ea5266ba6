import Addressing

/// CreateDefaultVpc and CreateDefaultSubnet: making again what a user deleted from the region's defaults.
extension Transaction {
    /// The caller's default VPC, nil once deleted.
    public var defaultVpc: Vpc? { all(Vpc.self).first { $0.isDefault } }

    /// Makes a new default VPC exactly as the region's first use did; refused while one exists.
    public mutating func createDefaultVpc() throws(EC2Error) -> Vpc {
        guard defaultVpc == nil else { throw .defaultVpcAlreadyExists }
        if configuration.enforcesAdjustableQuotas, all(Vpc.self).count >= configuration.quotas.vpcsPerRegion {
            throw .limitExceeded("VpcLimitExceeded", "The maximum number of VPCs has been reached.")
        }
        return makeDefaultVpc()
    }

    /// Makes a default subnet in the zone named `zone` (a name or a zone id): the first /20 of the default VPC's
    /// block that no subnet uses. Refused without a default VPC, or when the zone already has a default subnet.
    public mutating func createDefaultSubnet(zone nameOrId: String, parameter: String = "availabilityZone") throws(EC2Error) -> Subnet {
        guard let zone = RegionCatalog.zone(nameOrId, in: scope.region) else {
            throw .invalidAvailabilityZone(nameOrId, parameter: parameter, in: scope.region)
        }
        guard let vpc = defaultVpc else { throw .defaultVpcDoesNotExist }
        let siblings = all(Subnet.self, inVpc: vpc.id)
        if let existing = siblings.first(where: { $0.defaultForAz && $0.availabilityZone == zone.name }) {
            throw .defaultSubnetAlreadyExists(existing.id, zone: zone.name)
        }
        let free = vpc.cidrBlock.subnets(prefixLength: 20).first { block in !siblings.contains { $0.cidrBlock?.overlaps(block) == true } }
        guard let block = free else { throw .defaultSubnetNoFreeBlock(vpc.cidrBlock.description) }
        return makeDefaultSubnet(vpcId: vpc.id, block: block, zone: zone)
    }
}
