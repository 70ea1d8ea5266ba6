import CloudModel
import TestSupport
import Testing

struct InstanceTypeCatalogTests {
    /// AWS's published figures for a few well-known types: vCPUs, MiB, interfaces, IPv4 addresses per interface.
    @Test(arguments: [
        ("t3.micro", 2, 1024, 2, 2), ("t2.micro", 1, 1024, 2, 2), ("m5.large", 2, 8192, 3, 10), ("c5.xlarge", 4, 8192, 4, 15),
        ("t4g.nano", 2, 512, 2, 2),
    ])
    func detailsAreAWSs(name: String, vcpus: Int, memory: Int, interfaces: Int, ipv4: Int) throws {
        let type = try #require(InstanceTypeCatalog.type(named: name))
        #expect(type.defaultVCpus == vcpus && type.memorySizeInMiB == memory)
        #expect(type.maximumNetworkInterfaces == interfaces && type.ipv4AddressesPerInterface == ipv4)
    }

    @Test func everyTypeIsOneRunInstancesAccepts() {
        #expect(InstanceTypeCatalog.all.count > 1000)
        #expect(InstanceTypeCatalog.all.allSatisfy { $0.defaultVCpus > 0 && $0.memorySizeInMiB > 0 && !$0.list(.architectures).isEmpty })
    }

    @Test func everyZoneOfEveryRegionOffersSomething() {
        for region in RegionCatalog.regions {
            for zone in region.zones {
                #expect(InstanceTypeCatalog.all.contains { $0.isOffered(inZoneId: zone.zoneId) }, "\(zone.zoneId) offers nothing")
            }
        }
    }

    /// Each documented filter, and a value that selects some types but not all.
    @Test(arguments: [
        ("processor-info.supported-architecture", "arm64"), ("vcpu-info.default-vcpus", "2"), ("memory-info.size-in-mib", "1024"),
        ("current-generation", "true"), ("network-info.ipv6-supported", "false"), ("supported-usage-class", "spot"),
        ("free-tier-eligible", "true"), ("instance-storage-info.disk.type", "ssd"), ("processor-info.sustained-clock-speed-in-ghz", "2.5"),
        ("processor-info.sustained-clock-speed-in-ghz", "3.0"), ("hypervisor", "xen"), ("bare-metal", "true"),
        ("network-info.efa-supported", "true"), ("network-info.network-performance", "Up to 5 Gigabit"), ("instance-type", "t3.*"),
        ("ebs-info.ebs-optimized-info.baseline-iops", "500"), ("vcpu-info.valid-cores", "1"), ("nitro-tpm-info.supported-versions", "2.0"),
    ])
    func filtersSelectByTheFieldShown(name: String, value: String) throws {
        let query = DescribeQuery(filters: [Filter(name: name, values: [value])], maxResults: 100, maxResultsRange: 5...100)
        let page = try CloudState().describeInstanceTypes(in: "us-east-1", names: [], query: query)
        #expect(!page.items.isEmpty)
        #expect(page.items.allSatisfy { Filter(name: name, values: [value]).matches(any: $0.type.filterValues(name) ?? []) })
    }

    @Test func everyDocumentedFilterNameIsAccepted() throws {
        for name in InstanceTypeInfo.filterNames {
            let query = DescribeQuery(filters: [Filter(name: name, values: ["*"])])
            _ = try CloudState().describeInstanceTypes(in: "us-east-1", names: ["t3.micro"], query: query)
        }
        #expect(InstanceTypeInfo.filterNames.count == 56)
        #expect(throws: EC2Error.invalidFilter("vcpus")) {
            try CloudState().describeInstanceTypes(in: "us-east-1", names: [], query: DescribeQuery(filters: [Filter(name: "vcpus", values: ["2"])]))
        }
    }

    @Test func unknownNamesAreRefusedTogether() {
        #expect(throws: EC2Error.invalidInstanceType(["t3.nope", "x9.huge"])) {
            try CloudState().describeInstanceTypes(in: "us-east-1", names: ["t3.micro", "t3.nope", "x9.huge"], query: DescribeQuery())
        }
    }

    @Test func pagesCoverEveryTypeOnce() throws {
        var names: [String] = []
        var token: String?
        repeat {
            let page = try CloudState().describeInstanceTypes(
                in: "eu-west-1", names: [], query: DescribeQuery(maxResults: 100, nextToken: token, maxResultsRange: 5...100))
            names += page.items.map(\.type.name)
            token = page.nextToken
        } while token != nil
        #expect(names.count == Set(names).count)
        #expect(names.count == InstanceTypeCatalog.all.filter { $0.isOffered(inRegion: "eu-west-1") }.count)
    }

    @Test func offeringsAgreeAcrossLocationTypes() throws {
        let state = CloudState()
        func offerings(_ type: InstanceTypeOffering.LocationType) throws -> [InstanceTypeOffering] {
            try state.describeInstanceTypeOfferings(
                in: "ap-northeast-1", locationType: type, query: DescribeQuery(filters: [Filter(name: "instance-type", values: ["t3.micro"])])
            ).items
        }
        let zones = RegionCatalog.region(named: "ap-northeast-1")!.zones
        #expect(try offerings(.availabilityZone).map(\.location) == zones.map(\.name).sorted())
        #expect(try Set(offerings(.availabilityZoneId).map(\.location)) == Set(zones.map(\.zoneId)))
        #expect(try offerings(.region).map(\.location) == ["ap-northeast-1"])
        #expect(try offerings(.outpost).isEmpty)
    }
}
