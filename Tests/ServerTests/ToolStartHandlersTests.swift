import CloudModel
import EC2Protocol
import Foundation
import Testing

@testable import Server

/// The calls tools make before anything else, in-process, checking the XML element names clients parse.
struct ToolStartHandlersTests {
    let ec2: InProcessEC2

    init() throws {
        ec2 = try InProcessEC2()
    }

    @Test func accountAttributesAsTerraformReadsThem() async throws {
        let xml = try await ec2.call("Action=DescribeAccountAttributes&AttributeName.1=supported-platforms&AttributeName.2=default-vpc")
        #expect(xml.contains("<accountAttributeSet><item><attributeName>supported-platforms</attributeName>"))
        #expect(xml.contains("<attributeValueSet><item><attributeValue>VPC</attributeValue></item></attributeValueSet>"))
        let vpcId = try #require(ec2.cloud.snapshot()[ec2.context.scope].vpcs.values.first { $0.isDefault }?.id)
        #expect(xml.contains("<attributeValue>\(vpcId)</attributeValue>"))
    }

    @Test func instanceTypeElementNames() async throws {
        let xml = try await ec2.call("Action=DescribeInstanceTypes&InstanceType.1=t3.micro")
        #expect(xml.contains("<instanceType>t3.micro</instanceType>"))
        #expect(xml.contains("<vCpuInfo><defaultVCpus>2</defaultVCpus>"))
        #expect(xml.contains("<memoryInfo><sizeInMiB>1024</sizeInMiB></memoryInfo>"))
        #expect(xml.contains("<supportedInRegion>true</supportedInRegion>"))
        let offerings = try await ec2.call(
            "Action=DescribeInstanceTypeOfferings&LocationType=availability-zone-id&Filter.1.Name=instance-type&Filter.1.Value.1=t3.micro")
        #expect(offerings.contains("<locationType>availability-zone-id</locationType><location>euw1-az1</location>"))
    }

    @Test func createDefaultVpcDryRunAndRefusal() async throws {
        _ = try await ec2.call("Action=DescribeVpcs")
        await #expect(throws: EC2Error.defaultVpcAlreadyExists) { try await ec2.call("Action=CreateDefaultVpc&DryRun=true") }
        await #expect(throws: EC2Error.defaultVpcAlreadyExists) { try await ec2.call("Action=CreateDefaultVpc") }
    }
}
