import Addressing
import CloudModel
import Foundation
import TestSupport
import Testing

/// The region's indexes for Describe filters: what they file each resource under, and that they follow every change.
struct FilterIndexTests {
    private static let scope = TestCloud.scope

    private func vpcs(_ cloud: TestCloud, _ filters: [Filter]) throws -> [String] {
        try cloud.state.describe(Vpc.self, in: Self.scope, query: DescribeQuery(filters: filters), at: cloud.now).items.map(\.id)
    }

    private func candidates(_ cloud: TestCloud, _ filters: [Filter]) -> Set<String>? {
        cloud.state[Self.scope].candidateIds(Vpc.self, narrowedBy: filters)
    }

    @Test func theTagIndexFollowsCreateTagsAndDeleteTags() throws {
        var cloud = TestCloud()
        let specification = TagSpecification(resourceType: "vpc", tags: [CloudModel.Tag(key: "Name", value: "scale-42")])
        let vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16", tagSpecifications: [specification]) }
        let old = Filter(name: "tag:Name", values: ["scale-42"])
        let new = Filter(name: "tag:Name", values: ["scale-43"])
        #expect(candidates(cloud, [old]) == [vpc.id])
        #expect(try vpcs(cloud, [old]) == [vpc.id])

        try cloud.run { try $0.createTags(resourceIds: [vpc.id], tags: [CloudModel.Tag(key: "Name", value: "scale-43")]) }
        #expect(candidates(cloud, [old]) == [])
        #expect(candidates(cloud, [new]) == [vpc.id])
        #expect(try vpcs(cloud, [new]) == [vpc.id])
        #expect(cloud.state[Self.scope].idsByTag[CloudModel.Tag(key: "Name", value: "scale-42")] == nil, "no empty entry is left behind")

        try cloud.run { try $0.deleteTags(resourceIds: [vpc.id], tags: [(key: "Name", value: nil)]) }
        #expect(candidates(cloud, [new]) == [])
        #expect(try vpcs(cloud, [new]).isEmpty)
        #expect(cloud.state[Self.scope].idsByTag.isEmpty)
    }

    @Test func theCidrIndexFollowsAssociationAndDisassociation() throws {
        var cloud = TestCloud()
        let vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }
        let (_, added) = try cloud.run { try $0.associateVpcCidrBlock(vpc.id, cidrBlock: "10.1.0.0/16", amazonProvidedIpv6CidrBlock: false) }
        let (withIpv6, addedIpv6) = try cloud.run { try $0.associateVpcCidrBlock(vpc.id, cidrBlock: nil, amazonProvidedIpv6CidrBlock: true) }
        let ipv6 = try #require(withIpv6.ipv6Blocks.first).description
        let secondary = Filter(name: "cidr-block-association.cidr-block", values: ["10.1.0.0/16"])
        let ipv6Filter = Filter(name: "ipv6-cidr-block-association.ipv6-cidr-block", values: [ipv6])
        #expect(candidates(cloud, [secondary]) == [vpc.id])
        #expect(candidates(cloud, [ipv6Filter]) == [vpc.id])
        #expect(try vpcs(cloud, [secondary]) == [vpc.id])
        #expect(try vpcs(cloud, [ipv6Filter]) == [vpc.id])
        #expect(candidates(cloud, [Filter(name: "cidr", values: ["10.1.0.0/16"])]) == [vpc.id], "the index narrows, `cidr` decides")
        #expect(try vpcs(cloud, [Filter(name: "cidr", values: ["10.1.0.0/16"])]).isEmpty, "`cidr` is the primary block only")

        guard case .ipv4(let association) = added, case .ipv6(let ipv6Association) = addedIpv6 else {
            Issue.record("expected an IPv4 block, then an IPv6 block")
            return
        }
        try cloud.run { _ = try $0.disassociateVpcCidrBlock(associationId: association.associationId) }
        try cloud.run { _ = try $0.disassociateVpcCidrBlock(associationId: ipv6Association.associationId) }
        #expect(candidates(cloud, [secondary]) == [])
        #expect(candidates(cloud, [ipv6Filter]) == [])
        #expect(try vpcs(cloud, [secondary]).isEmpty)
        let region = cloud.state[Self.scope]
        #expect(region.idsByCidrBlock["10.1.0.0/16"] == nil)
        #expect(region.idsByCidrBlock[ipv6] == nil)
        #expect(region.idsByCidrBlock["10.0.0.0/16"] == [vpc.id])
    }

    @Test func deletingResourcesDropsTheirEntries() throws {
        var cloud = TestCloud()
        let tags = [CloudModel.Tag(key: "env", value: "dev")]
        let vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16", tagSpecifications: [TagSpecification(resourceType: "vpc", tags: tags)]) }
        let subnet = try cloud.run {
            try $0.createSubnet(vpcId: vpc.id, cidrBlock: "10.0.1.0/24", tagSpecifications: [TagSpecification(resourceType: "subnet", tags: tags)])
        }
        let before = cloud.state[Self.scope]
        #expect(before.idsByTag[CloudModel.Tag(key: "env", value: "dev")] == [vpc.id, subnet.id])
        #expect(before.idsByCidrBlock["10.0.1.0/24"] == [subnet.id])
        #expect(before.candidateIds(Subnet.self, narrowedBy: [Filter(name: "vpc-id", values: [vpc.id])])?.contains(subnet.id) == true)

        try cloud.run { try $0.deleteSubnet(subnet.id) }
        #expect(cloud.state[Self.scope].idsByTag[CloudModel.Tag(key: "env", value: "dev")] == [vpc.id])
        #expect(cloud.state[Self.scope].idsByCidrBlock["10.0.1.0/24"] == nil)
        try cloud.run { try $0.deleteVpc(vpc.id) }
        let after = cloud.state[Self.scope]
        #expect(after.idsByTag.isEmpty)
        #expect(after.idsByCidrBlock["10.0.0.0/16"] == nil)
        #expect(after.idsByVpc[vpc.id] == nil)
    }

    @Test func onlyLiteralValuesOfIndexedFiltersNarrow() throws {
        var cloud = TestCloud()
        var ids: [String] = []
        for (index, env) in ["dev", "prod", "dev"].enumerated() {
            let specification = TagSpecification(resourceType: "vpc", tags: [CloudModel.Tag(key: "env", value: env)])
            ids.append(try cloud.run { try $0.createVpc(cidrBlock: "10.\(index).0.0/16", tagSpecifications: [specification]) }.id)
        }
        let dev = Filter(name: "tag:env", values: ["dev"])
        let primary = Filter(name: "cidr", values: ["10.0.0.0/16"])
        #expect(candidates(cloud, [dev]) == [ids[0], ids[2]])
        #expect(candidates(cloud, [Filter(name: "tag:env", values: ["dev", "prod"])]) == Set(ids))
        #expect(candidates(cloud, [dev, primary]) == [ids[0]], "filters intersect")
        #expect(candidates(cloud, [Filter(name: "tag:env", values: ["dev*"])]) == nil, "a wildcard scans")
        #expect(candidates(cloud, [Filter(name: "tag:env", values: ["dev", "pro?"])]) == nil, "one wildcard value is enough to scan")
        #expect(candidates(cloud, [Filter(name: "tag:env", values: ["d\\ev"])]) == nil, "an escape scans")
        #expect(candidates(cloud, [Filter(name: "is-default", values: ["false"])]) == nil, "an unindexed name scans")
        #expect(candidates(cloud, [Filter(name: "tag:env", values: ["dev*"]), primary]) == [ids[0]], "the indexed filter narrows alone")
        #expect(candidates(cloud, [Filter(name: "tag:env", values: [])]) == [], "no values match nothing, as in a scan")
        #expect(try vpcs(cloud, [Filter(name: "tag:env", values: [])]).isEmpty)
    }

    /// Guards `indexedFilters` against drifting from `filterValues`: for every resource of every type, each value an
    /// indexed filter sees (and each tag) must find the resource through its index.
    @Test func everyIndexedFilterValueFindsItsResource() throws {
        var cloud = TestCloud()
        try cloud.run { _ in }
        let vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16", amazonProvidedIpv6CidrBlock: true) }
        try cloud.run { _ = try $0.associateVpcCidrBlock(vpc.id, cidrBlock: "10.1.0.0/16", amazonProvidedIpv6CidrBlock: false) }
        var subnet = try cloud.run { try $0.createSubnet(vpcId: vpc.id, cidrBlock: "10.1.2.0/24") }
        let vpcIpv6 = try #require(vpc.ipv6Blocks.first)
        let ipv6 = try #require(IPv6CIDR(address: vpcIpv6.address, prefixLength: 64))
        subnet.ipv6CidrBlockAssociations = [SubnetIpv6CidrBlockAssociation(associationId: "subnet-cidr-assoc-0123456789abcdef0", ipv6CidrBlock: ipv6)]
        cloud.state.apply([.put(subnet.resource)])
        try cloud.run { _ = try $0.runInstances(InstanceLaunch(imageId: "ami-12345678", subnetId: subnet.id)) }
        try cloud.run { _ = try $0.allocateAddress() }
        let region = cloud.state[Self.scope]
        let taggable: [String] = [
            Array(region.vpcs.keys), Array(region.subnets.keys), Array(region.routeTables.keys), Array(region.internetGateways.keys),
            Array(region.securityGroups.keys), Array(region.networkAcls.keys), Array(region.instances.keys),
            Array(region.networkInterfaces.keys), Array(region.addresses.keys),
        ].flatMap { $0 }
        try cloud.run {
            try $0.createTags(resourceIds: taggable, tags: [CloudModel.Tag(key: "Name", value: "web"), CloudModel.Tag(key: "empty", value: nil)])
        }

        try expectIndexed(Vpc.self, in: cloud)
        try expectIndexed(Subnet.self, in: cloud)
        try expectIndexed(RouteTable.self, in: cloud)
        try expectIndexed(InternetGateway.self, in: cloud)
        try expectIndexed(SecurityGroup.self, in: cloud)
        try expectIndexed(NetworkAcl.self, in: cloud)
        try expectIndexed(Instance.self, in: cloud)
        try expectIndexed(NetworkInterface.self, in: cloud)
        try expectIndexed(Address.self, in: cloud)
    }

    private func expectIndexed<R: Filterable>(_ type: R.Type, in cloud: TestCloud) throws {
        let region = cloud.state[Self.scope]
        let resources = region[keyPath: R.table].values
        try #require(!resources.isEmpty, "no \(R.self) to check")
        #expect(Set(R.indexedFilters.keys).isSubset(of: R.filterNames), "\(R.self) indexes a filter it does not document")
        var seen: [String: Int] = [:]
        for resource in resources {
            for (name, index) in R.indexedFilters {
                for value in resource.filterValues(name, in: cloud.state, at: cloud.now) {
                    seen[name, default: 0] += 1
                    #expect(region.ids(filedUnder: value, in: index).contains(resource.id), "\(name)=\(value) misses \(resource.id)")
                    let query = DescribeQuery(filters: [Filter(name: name, values: [value])])
                    #expect(try cloud.state.describe(R.self, in: Self.scope, query: query, at: cloud.now).items.contains(resource))
                }
            }
            #expect(!resource.tags.isEmpty)
            for (key, value) in resource.tags {
                let index = try #require(R.index(forFilter: "tag:\(key)"))
                #expect(region.ids(filedUnder: value, in: index).contains(resource.id), "tag:\(key)=\(value) misses \(resource.id)")
            }
        }
        for name in R.indexedFilters.keys { #expect(seen[name, default: 0] > 0, "no \(R.self) has a value of \(name): the check is vacuous") }
    }
}
