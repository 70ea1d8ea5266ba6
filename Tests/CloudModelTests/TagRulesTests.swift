import Addressing
import CloudModel
import TestSupport
import Testing

struct TagRulesTests {
    @Test func tagsAreAddedOverwrittenAndDeletedByKeyOrKeyAndValue() throws {
        var cloud = TestCloud()
        let vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }
        try cloud.run {
            try $0.createTags(resourceIds: [vpc.id], tags: [CloudModel.Tag(key: "Name", value: "a"), CloudModel.Tag(key: "env", value: "dev")])
        }
        try cloud.run { try $0.createTags(resourceIds: [vpc.id], tags: [CloudModel.Tag(key: "Name", value: "b")]) }
        let tags = { cloud.state[TestCloud.scope].vpcs[vpc.id]!.tags }
        #expect(tags() == ["Name": "b", "env": "dev"])
        try cloud.run { try $0.deleteTags(resourceIds: [vpc.id], tags: [(key: "env", value: "prod")]) }
        #expect(tags()["env"] == "dev", "a value that does not match leaves the tag")
        try cloud.run { try $0.deleteTags(resourceIds: [vpc.id], tags: [(key: "env", value: nil)]) }
        #expect(tags() == ["Name": "b"])
    }

    @Test(
        arguments: [
            (CloudModel.Tag(key: "aws:reserved", value: "x"), "InvalidParameterValue"),
            (CloudModel.Tag(key: "", value: "x"), "InvalidParameterValue"),
            (CloudModel.Tag(key: String(repeating: "k", count: 129), value: "x"), "InvalidParameterValue"),
            (CloudModel.Tag(key: "k", value: String(repeating: "v", count: 257)), "InvalidParameterValue"),
            (CloudModel.Tag(key: "ok", value: nil), nil),
        ] as [(CloudModel.Tag, String?)])
    func tagRules(tag: ResourceTag, expectedCode: String?) throws {
        var cloud = TestCloud()
        let vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }
        #expect(cloud.error { try $0.createTags(resourceIds: [vpc.id], tags: [tag]) }?.code == expectedCode)
    }

    @Test func tagsAreAllOrNothingAcrossResources() throws {
        var cloud = TestCloud()
        let vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }
        let error = cloud.error {
            try $0.createTags(resourceIds: [vpc.id, "subnet-0123456789abcdef0"], tags: [CloudModel.Tag(key: "a", value: "b")])
        }
        #expect(error?.code == "InvalidSubnetID.NotFound")
        #expect(cloud.state[TestCloud.scope].vpcs[vpc.id]!.tags.isEmpty)
    }

    @Test func atMostFiftyTagsAndTagSpecificationsMustNameTheResourceType() throws {
        var cloud = TestCloud()
        let vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }
        let fifty = (0..<50).map { CloudModel.Tag(key: "k\($0)", value: "v") }
        try cloud.run { try $0.createTags(resourceIds: [vpc.id], tags: fifty) }
        #expect(
            cloud.error { try $0.createTags(resourceIds: [vpc.id], tags: [CloudModel.Tag(key: "one-more", value: "")]) }?.code == "TagLimitExceeded")
        let wrongType = TagSpecification(resourceType: "subnet", tags: [CloudModel.Tag(key: "a", value: "b")])
        #expect(cloud.error { try $0.createVpc(cidrBlock: "10.1.0.0/16", tagSpecifications: [wrongType]) }?.code == "InvalidParameterValue")
    }
}

/// The model's tag, named apart from `Testing.Tag`.
typealias ResourceTag = CloudModel.Tag
