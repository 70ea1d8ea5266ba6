import CloudModel
import Foundation
import TestSupport
import Testing

/// The services endpoints reach: every region's list, its stable ids, and DescribeVpcEndpointServices' names, filters
/// and pages.
struct VpcEndpointServiceCatalogTests {
    @Test(arguments: RegionCatalog.regions.map(\.name))
    func everyRegionOffersS3AndDynamoDbBothWaysAndTheCommonInterfaceServices(region: String) throws {
        let types = { (suffix: String) in
            Set(VpcEndpointServiceCatalog.services(named: "com.amazonaws.\(region).\(suffix)", in: region).map(\.type))
        }
        #expect(types("s3") == [.gateway, .interface] && types("dynamodb") == [.gateway, .interface])
        for suffix in ["ec2", "ec2messages", "ssm", "ssmmessages", "sts", "logs", "monitoring", "kms", "secretsmanager", "ecr.api", "ecr.dkr"] {
            #expect(types(suffix) == [.interface], "\(suffix)")
        }
        let zones = RegionCatalog.region(named: region)!.zones
        #expect(VpcEndpointServiceCatalog.services(in: region).allSatisfy { $0.availabilityZones == zones && $0.region == region })
        // Every gateway service has its AWS-managed prefix list, where its endpoints' routes go.
        for service in VpcEndpointServiceCatalog.services(in: region) where service.type == .gateway {
            #expect(AWSManagedPrefixList.forService(service.name, in: region) != nil, "\(service.name)")
        }
    }

    @Test func serviceIdsAreStableAndDistinct() {
        let services = RegionCatalog.regions.flatMap { VpcEndpointServiceCatalog.services(in: $0.name) }
        let ids = services.map(\.serviceId)
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.hasPrefix("vpce-svc-") && $0.count == "vpce-svc-".count + 17 })
        // The same on every run and machine: a hash of the region, name and type, never of the process.
        #expect(
            VpcEndpointServiceCatalog.service(named: "com.amazonaws.us-east-1.s3", type: .gateway, in: "us-east-1")?.serviceId
                == "vpce-svc-011e2751fb981e873")
    }

    @Test func servicesAreNamedAsAwsNamesThem() throws {
        let ecr = try #require(VpcEndpointServiceCatalog.service(named: "com.amazonaws.eu-west-1.ecr.dkr", type: .interface, in: "eu-west-1"))
        #expect(ecr.baseEndpointDnsName == "dkr.ecr.eu-west-1.vpce.amazonaws.com" && ecr.privateDnsName == "*.dkr.ecr.eu-west-1.amazonaws.com")
        let gateway = try #require(VpcEndpointServiceCatalog.service(named: "com.amazonaws.eu-west-1.dynamodb", type: .gateway, in: "eu-west-1"))
        #expect(gateway.baseEndpointDnsName == "dynamodb.eu-west-1.amazonaws.com" && gateway.privateDnsName == nil)
        let messages = try #require(
            VpcEndpointServiceCatalog.service(named: "com.amazonaws.eu-west-1.ec2messages", type: .interface, in: "eu-west-1"))
        #expect(!messages.endpointPolicySupported)
    }

    @Test(arguments: [
        ("service-type", ["Gateway"], 2),
        ("service-name", ["com.amazonaws.us-east-1.s3"], 2),
        ("service-name", ["*.ecr.*"], 2),
        ("owner", ["amazon"], -1),
        ("service-region", ["us-west-2"], 0),
        ("supported-ip-address-types", ["ipv6"], 3),
        ("tag:Name", ["x"], 0),
    ])
    func filtersSelectServices(name: String, values: [String], count: Int) throws {
        let state = CloudState()
        let all = VpcEndpointServiceCatalog.services(in: "us-east-1").count
        let page = try state.describeVpcEndpointServices(
            in: "us-east-1", serviceNames: [], query: DescribeQuery(filters: [Filter(name: name, values: values)]))
        #expect(page.items.count == (count < 0 ? all : count))
    }

    @Test func namesFiltersAndPagesAsAwsAnswers() throws {
        let state = CloudState()
        let s3 = try state.describeVpcEndpointServices(in: "us-east-1", serviceNames: ["com.amazonaws.us-east-1.s3"], query: DescribeQuery())
        #expect(s3.items.map(\.type) == [.gateway, .interface])
        #expect(throws: EC2Error.invalidServiceName("com.amazonaws.us-east-1.nope")) {
            try state.describeVpcEndpointServices(in: "us-east-1", serviceNames: ["com.amazonaws.us-east-1.nope"], query: DescribeQuery())
        }
        #expect(throws: EC2Error.invalidFilter("vpc-id")) {
            try state.describeVpcEndpointServices(
                in: "us-east-1", serviceNames: [], query: DescribeQuery(filters: [Filter(name: "vpc-id", values: [])]))
        }
        var seen: [String] = []
        var token: String?
        repeat {
            let page = try state.describeVpcEndpointServices(
                in: "us-east-1", serviceNames: [], query: DescribeQuery(maxResults: 10, nextToken: token, maxResultsRange: 1...1000))
            seen += page.items.map { "\($0.name)|\($0.type.rawValue)" }
            token = page.nextToken
        } while token != nil
        #expect(seen == VpcEndpointServiceCatalog.services(in: "us-east-1").map { "\($0.name)|\($0.type.rawValue)" })
    }
}
