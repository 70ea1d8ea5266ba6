import EC2Protocol
import Testing

/// Decoding the generated request shapes from what botocore sends.
struct QueryDecodingTests {
    @Test func describeVpcsWithFiltersAndIds() throws {
        let query = QueryParameters(formEncoded: BotocoreQueries.describeVpcs)
        #expect(query["Action"] == "DescribeVpcs")
        #expect(query["Version"] == "2016-11-15")
        let request = try EC2.DescribeVpcsRequest(query: query)
        #expect(
            request
                == EC2.DescribeVpcsRequest(
                    filters: [
                        EC2.Filter(name: "tag:Name", values: ["prod vpc", "dev&test"]),
                        EC2.Filter(name: "cidr-block", values: ["10.0.0.0/16"]),
                    ],
                    vpcIds: ["vpc-1a2b3c4d", "vpc-5e6f7a8b"],
                    maxResults: 5,
                    dryRun: false
                )
        )
    }

    @Test func createVpcWithTagSpecifications() throws {
        let request = try EC2.CreateVpcRequest(query: QueryParameters(formEncoded: BotocoreQueries.createVpc))
        #expect(request.cidrBlock == "10.0.0.0/16")
        #expect(request.amazonProvidedIpv6CidrBlock == true)
        #expect(request.instanceTenancy == "default")
        #expect(
            request.tagSpecifications == [
                EC2.TagSpecification(resourceType: "vpc", tags: [EC2.Tag(key: "Name", value: "main/vpc=1"), EC2.Tag(key: "env", value: "prod ü")])
            ]
        )
        #expect(request.dryRun == nil)
    }

    @Test func createTagsKeepsPlusSignsAndEmptyValues() throws {
        let request = try EC2.CreateTagsRequest(query: QueryParameters(formEncoded: BotocoreQueries.createTags))
        #expect(request.resources == ["vpc-1", "subnet-2"])
        #expect(request.tags == [EC2.Tag(key: "Name", value: "a+b c"), EC2.Tag(key: "empty", value: "")])
    }

    @Test func nestedStructureMember() throws {
        let request = try EC2.ModifyVpcAttributeRequest(query: QueryParameters(formEncoded: BotocoreQueries.modifyVpcAttribute))
        #expect(request == EC2.ModifyVpcAttributeRequest(enableDnsHostnames: EC2.AttributeBooleanValue(value: true), vpcId: "vpc-1"))
    }

    @Test func listsNamedByLocationName() throws {
        let zones = try EC2.DescribeAvailabilityZonesRequest(query: QueryParameters(formEncoded: BotocoreQueries.describeAvailabilityZones))
        #expect(zones == EC2.DescribeAvailabilityZonesRequest(zoneNames: ["us-east-1a"], zoneIds: ["use1-az1"], allAvailabilityZones: true))
        let regions = try EC2.DescribeRegionsRequest(query: QueryParameters(formEncoded: BotocoreQueries.describeRegions))
        #expect(regions == EC2.DescribeRegionsRequest(regionNames: ["us-east-1", "eu-west-1"], allRegions: true))
        let route = try EC2.CreateRouteRequest(query: QueryParameters(formEncoded: BotocoreQueries.createRoute))
        #expect(route == EC2.CreateRouteRequest(routeTableId: "rtb-1", destinationCidrBlock: "0.0.0.0/0", gatewayId: "igw-1"))
    }

    @Test func sparseAndUnorderedIndexesDecodeInNumericOrder() throws {
        let query = QueryParameters(formEncoded: "VpcId.10=d&VpcId.3=c&VpcId.1=a&VpcId.2=b&Filter.5.Name=x&Filter.5.Value.2=z&Filter.5.Value.1=y")
        let request = try EC2.DescribeVpcsRequest(query: query)
        #expect(request.vpcIds == ["a", "b", "c", "d"])
        #expect(request.filters == [EC2.Filter(name: "x", values: ["y", "z"])])
    }

    @Test func unknownParametersAreIgnored() throws {
        let request = try EC2.DeleteVpcRequest(query: QueryParameters(formEncoded: BotocoreQueries.deleteVpc + "&Unknown=1&Foo.1.Bar=2"))
        #expect(request == EC2.DeleteVpcRequest(vpcId: "vpc-1"))
    }

    @Test(arguments: [("true", true), ("false", false), ("TRUE", true), ("False", false)])
    func booleansIgnoreCase(_ text: String, _ expected: Bool) throws {
        let request = try EC2.DescribeVpcsRequest(query: QueryParameters(pairs: [("DryRun", text)]))
        #expect(request.dryRun == expected)
    }

    /// Requests the decoder rejects, with the code and message a client sees.
    struct Rejection: Sendable, CustomTestStringConvertible {
        let body: String
        let code: String
        let message: String
        var testDescription: String { body }
    }

    static let rejections = [
        Rejection(body: "Action=DeleteVpc", code: "MissingParameter", message: "The request must contain the parameter VpcId"),
        Rejection(body: "Action=DeleteVpc&VpcId.1=vpc-1", code: "MissingParameter", message: "The request must contain the parameter VpcId"),
        Rejection(body: "Action=CreateTags&Tag.1.Key=a", code: "MissingParameter", message: "The request must contain the parameter ResourceId"),
        Rejection(
            body: "Action=CreateVpc&VpcEncryptionControl.InternetGatewayExclusion=enable",
            code: "MissingParameter",
            message: "The request must contain the parameter VpcEncryptionControl.Mode"
        ),
        Rejection(body: "Action=DescribeVpcs&MaxResults=five", code: "InvalidParameterValue", message: "Invalid value 'five' for MaxResults"),
        Rejection(body: "Action=DescribeVpcs&MaxResults=", code: "InvalidParameterValue", message: "Invalid value '' for MaxResults"),
        Rejection(body: "Action=DescribeVpcs&DryRun=yes", code: "InvalidParameterValue", message: "Invalid value 'yes' for DryRun"),
        Rejection(
            body: "Action=ModifyVpcAttribute&VpcId=vpc-1&EnableDnsSupport.Value=1",
            code: "InvalidParameterValue",
            message: "Invalid value '1' for EnableDnsSupport.Value"
        ),
        Rejection(
            body: "Action=CreateVpc&TagSpecification.1.Tag.2.Key=k&Ipv4NetmaskLength=1.5",
            code: "InvalidParameterValue",
            message: "Invalid value '1.5' for Ipv4NetmaskLength"
        ),
    ]

    @Test(arguments: rejections)
    func rejectedRequests(_ rejection: Rejection) async throws {
        let query = QueryParameters(formEncoded: rejection.body)
        let error = try #require(throws: QueryDecodingError.self) {
            switch query["Action"] {
            case "DeleteVpc": _ = try EC2.DeleteVpcRequest(query: query)
            case "CreateTags": _ = try EC2.CreateTagsRequest(query: query)
            case "CreateVpc": _ = try EC2.CreateVpcRequest(query: query)
            case "ModifyVpcAttribute": _ = try EC2.ModifyVpcAttributeRequest(query: query)
            default: _ = try EC2.DescribeVpcsRequest(query: query)
            }
        }
        #expect(error.code == rejection.code)
        #expect(error.message == rejection.message)
    }
}
