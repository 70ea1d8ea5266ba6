import CloudModel
import TestSupport
import Testing

struct AccountAttributeTests {
    @Test func everyAttributeWithAWSsDefaults() throws {
        var cloud = TestCloud()
        let vpcId = try cloud.run { $0.defaultVpc!.id }
        let attributes = try cloud.state.accountAttributes(in: TestCloud.scope, names: [])
        #expect(attributes.map(\.name) == AccountAttribute.names)
        let values = Dictionary(uniqueKeysWithValues: attributes.map { ($0.name, $0.values) })
        #expect(values["supported-platforms"] == ["VPC"])
        #expect(values["default-vpc"] == [vpcId])
        #expect(values["max-instances"] == ["20"] && values["vpc-max-elastic-ips"] == ["5"])
    }

    @Test func namesSelectInTheOrderAskedAndUnknownNamesAreRefused() throws {
        let state = CloudState()
        let picked = try state.accountAttributes(in: TestCloud.scope, names: ["default-vpc", "supported-platforms", "default-vpc"])
        #expect(picked.map(\.name) == ["default-vpc", "supported-platforms"])
        #expect(picked[0].values == ["none"])
        #expect(throws: EC2Error.invalidAccountAttributeName("nope")) { try state.accountAttributes(in: TestCloud.scope, names: ["nope"]) }
    }

    @Test func defaultVpcIsNoneOnceDeleted() throws {
        var cloud = TestCloud()
        try cloud.deleteDefaultVpc()
        let attributes = try cloud.state.accountAttributes(in: TestCloud.scope, names: ["default-vpc"])
        #expect(attributes == [AccountAttribute(name: "default-vpc", values: ["none"])])
    }
}
