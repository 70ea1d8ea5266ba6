import Foundation

/// CreateDhcpOptions, DeleteDhcpOptions and AssociateDhcpOptions.
extension Transaction {
    /// Checks and stores a set; each option once, with the values AWS allows for it.
    public mutating func createDhcpOptions(
        _ configurations: [(key: String, values: [String])], tagSpecifications: [TagSpecification] = []
    ) throws(EC2Error) -> DhcpOptions {
        guard !configurations.isEmpty else { throw .missingParameter("dhcpConfiguration") }
        var checked: [DhcpConfiguration] = []
        for (key, values) in configurations {
            let configuration = try DhcpConfiguration.validated(key: key, values: values)
            guard !checked.contains(where: { $0.key == configuration.key }) else { throw .dhcpOptionRepeated(key) }
            checked.append(configuration)
        }
        let tags = try TagSet.creating(DhcpOptions.resourceType, from: tagSpecifications)
        let options = DhcpOptions(id: newId(.dhcpOptions), scope: scope, configurations: checked, tags: tags, createdAt: now)
        put(options)
        return options
    }

    /// Deletes a set no VPC uses (the region's default set too, as AWS allows).
    public mutating func deleteDhcpOptions(_ id: String) throws(EC2Error) {
        let options = try require(DhcpOptions.self, id)
        if all(Vpc.self).contains(where: { $0.dhcpOptionsId == id }) { throw .dhcpOptionsInUse(id) }
        delete(options)
    }

    /// Associates `optionsId` with a VPC, replacing its set; `default` leaves the VPC with no options at all.
    public mutating func associateDhcpOptions(_ optionsId: String, vpcId: String) throws(EC2Error) {
        var vpc = try require(Vpc.self, vpcId)
        if optionsId != DhcpOptions.noneId { _ = try require(DhcpOptions.self, optionsId) }
        vpc.dhcpOptionsId = optionsId
        put(vpc)
    }

    /// The region's default set, made under the id the region record names: at activation, and for a region
    /// first used before sets were stored (its VPCs already name that id).
    mutating func makeRegionDefaultDhcpOptions(id: String, createdAt: Date) {
        guard get(DhcpOptions.self, id) == nil else { return }
        put(DhcpOptions(id: id, scope: scope, configurations: DhcpOptions.regionDefaultConfigurations(region: scope.region), createdAt: createdAt))
    }

    /// What a new VPC is associated with: the region's default set while it exists, otherwise none.
    var dhcpOptionsForNewVpc: String {
        guard let id = regionRecord?.dhcpOptionsId, get(DhcpOptions.self, id) != nil else { return DhcpOptions.noneId }
        return id
    }
}
