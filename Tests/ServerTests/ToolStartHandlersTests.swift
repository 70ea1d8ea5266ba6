import CloudModel
import EC2Protocol
import Foundation
import Persistence
import Testing

@testable import Server

/// The calls tools make before anything else, in-process, checking the XML element names clients parse.
struct ToolStartHandlersTests {
    let cloud: CloudService
    let handlers: EC2Handlers
    let context = EC2RequestContext(scope: AccountRegion(account: "123456789012", region: "eu-west-1"), requestId: "test")

    init() throws {
        cloud = try CloudService(store: InMemoryStateStore())
        handlers = EC2Handlers(cloud: cloud)
    }

    func call(_ query: String) async throws -> String {
        let parameters = QueryParameters(formEncoded: query)
        return try await handlers.handle(action: parameters["Action"], parameters: parameters, requestId: "test", context: context)
    }

    @Test func accountAttributesAsTerraformReadsThem() async throws {
        let xml = try await call("Action=DescribeAccountAttributes&AttributeName.1=supported-platforms&AttributeName.2=default-vpc")
        #expect(xml.contains("<accountAttributeSet><item><attributeName>supported-platforms</attributeName>"))
        #expect(xml.contains("<attributeValueSet><item><attributeValue>VPC</attributeValue></item></attributeValueSet>"))
        let vpcId = try #require(cloud.snapshot()[context.scope].vpcs.values.first { $0.isDefault }?.id)
        #expect(xml.contains("<attributeValue>\(vpcId)</attributeValue>"))
    }

    @Test func instanceTypeElementNames() async throws {
        let xml = try await call("Action=DescribeInstanceTypes&InstanceType.1=t3.micro")
        #expect(xml.contains("<instanceType>t3.micro</instanceType>"))
        #expect(xml.contains("<vCpuInfo><defaultVCpus>2</defaultVCpus>"))
        #expect(xml.contains("<memoryInfo><sizeInMiB>1024</sizeInMiB></memoryInfo>"))
        #expect(xml.contains("<supportedInRegion>true</supportedInRegion>"))
        let offerings = try await call(
            "Action=DescribeInstanceTypeOfferings&LocationType=availability-zone-id&Filter.1.Name=instance-type&Filter.1.Value.1=t3.micro")
        #expect(offerings.contains("<locationType>availability-zone-id</locationType><location>euw1-az1</location>"))
    }

    @Test func createDefaultVpcDryRunAndRefusal() async throws {
        _ = try await call("Action=DescribeVpcs")
        await #expect(throws: EC2Error.defaultVpcAlreadyExists) { try await call("Action=CreateDefaultVpc&DryRun=true") }
        await #expect(throws: EC2Error.defaultVpcAlreadyExists) { try await call("Action=CreateDefaultVpc") }
    }
}
