import Addressing

/// The first use of an account in a region: AWS's default VPC and everything that comes with it.
extension Transaction {
    /// Whether the caller's region still needs its default VPC made, or an upgrade of what an older LocalVPC made.
    public var needsActivation: Bool { regionRecord?.storesDefaultDhcpOptions != true }

    /// Makes the default DHCP options set and the default VPC (see `makeDefaultVpc`), and records that the region
    /// is in use. The second time it only upgrades a region first used before DHCP options sets were stored (by
    /// storing its default set), so a default VPC the user deleted stays deleted until CreateDefaultVpc.
    public mutating func activateRegion() {
        if var record = regionRecord {
            guard !record.storesDefaultDhcpOptions else { return }
            makeRegionDefaultDhcpOptions(id: record.dhcpOptionsId, createdAt: record.activatedAt)
            record.storesDefaultDhcpOptions = true
            put(record)
            return
        }
        let record = AccountRegionRecord(scope: scope, dhcpOptionsId: newId(.dhcpOptions), activatedAt: now)
        put(record)
        makeRegionDefaultDhcpOptions(id: record.dhcpOptionsId, createdAt: now)
        makeDefaultVpc()
    }

    /// Makes a default VPC (172.31.0.0/16) with one default /20 subnet per zone, an attached internet gateway
    /// and a `0.0.0.0/0` route to it: what a new account finds, and what CreateDefaultVpc makes again.
    @discardableResult
    mutating func makeDefaultVpc() -> Vpc {
        let block = IPv4CIDR("172.31.0.0/16")!
        var vpc = makeVpc(block, isDefault: true)
        vpc.enableDnsHostnames = true  // unlike VPCs you create, AWS's default VPC resolves public hostnames
        put(vpc)
        let zones = RegionCatalog.region(named: scope.region)?.zones ?? []
        for (zone, subnetBlock) in zip(zones, block.subnets(prefixLength: 20)) {
            makeDefaultSubnet(vpcId: vpc.id, block: subnetBlock, zone: zone)
        }
        let gateway = InternetGateway(id: newId(.internetGateway), scope: scope, attachedVpcId: vpc.id, createdAt: now)
        put(gateway)
        var main = all(RouteTable.self, inVpc: vpc.id).first { $0.isMain }!
        main.routes.append(Route(destination: IPCIDR("0.0.0.0/0")!, target: .internetGateway(gateway.id), origin: .createRoute))
        put(main)
        return vpc
    }

    /// Makes a default subnet: public addresses on launch, default for its zone, in the VPC's default network ACL.
    @discardableResult
    mutating func makeDefaultSubnet(vpcId: String, block: IPv4CIDR, zone: RegionCatalog.AvailabilityZone) -> Subnet {
        var subnet = Subnet(id: newId(.subnet), scope: scope, vpcId: vpcId, cidrBlock: block, zone: zone, defaultForAz: true, createdAt: now)
        subnet.mapPublicIpOnLaunch = true
        put(subnet)
        if var acl = all(NetworkAcl.self, inVpc: vpcId).first(where: \.isDefault) {
            acl.associations.append(NetworkAclAssociation(id: newId(.networkAclAssociation), subnetId: subnet.id))
            put(acl)
        }
        return subnet
    }
}
