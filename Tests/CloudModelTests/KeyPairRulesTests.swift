import CloudModel
import Foundation
import TestSupport
import Testing

/// Key pairs as the model keeps them: unique names, AWS's lenient delete by name, lookups by name and id that
/// refuse what does not exist, filters and tags, and RunInstances' `KeyName` check.
struct KeyPairRulesTests {
    struct Fixture {
        var cloud = TestCloud()

        mutating func add(_ name: String, type: KeyPair.KeyType = .rsa, fingerprint: String = "aa:bb", tags: [CloudModel.Tag] = []) throws -> KeyPair
        {
            try cloud.run {
                try $0.addKeyPair(
                    name: name, keyType: type, fingerprint: fingerprint, publicKey: "ssh-rsa AAAA \(name)",
                    tagSpecifications: tags.isEmpty ? [] : [TagSpecification(resourceType: "key-pair", tags: tags)])
            }
        }

        func describe(names: [String] = [], ids: [String] = [], _ filters: [Filter] = []) throws -> [String] {
            try cloud.state.describeKeyPairs(in: TestCloud.scope, names: names, ids: ids, filters: filters, at: cloud.now).map(\.name)
        }
    }

    @Test func aKeyPairHasAnIdItsTagsAndItsCreationTime() throws {
        var f = Fixture()
        let key = try f.add("deploy", tags: [CloudModel.Tag(key: "team", value: "web")])
        #expect(ResourceId.isWellFormed(key.id, prefix: .keyPair))
        #expect(key.id.hasPrefix("key-"))
        #expect(key.tags["team"] == "web")
        #expect(key.createdAt == f.cloud.now)
        #expect(key.vpcId == nil)
    }

    @Test func aNameIsUniqueInItsRegion() throws {
        var f = Fixture()
        _ = try f.add("deploy")
        #expect(throws: EC2Error.keyPairDuplicate("deploy")) { try f.add("deploy", type: .ed25519) }
        #expect(throws: EC2Error(code: "InvalidKeyPair.Duplicate", message: "The keypair 'deploy' already exists.")) { try f.add("deploy") }
    }

    @Test(arguments: [String(repeating: "k", count: 256), "clé"])
    func namesAreUpTo255AsciiCharacters(_ name: String) throws {
        var f = Fixture()
        #expect(throws: EC2Error.self) { try f.add(name) }
        _ = try f.add(String(repeating: "k", count: 255))
    }

    @Test func describeByNameOrIdRefusesWhatDoesNotExist() throws {
        var f = Fixture()
        let a = try f.add("a")
        _ = try f.add("b")
        #expect(try f.describe() == ["a", "b"])
        #expect(try f.describe(names: ["b"]) == ["b"])
        #expect(try f.describe(ids: [a.id]) == ["a"])
        #expect(throws: EC2Error(code: "InvalidKeyPair.NotFound", message: "The key pair 'c' does not exist")) { try f.describe(names: ["a", "c"]) }
        #expect(throws: EC2Error(code: "InvalidKeyPair.NotFound", message: "The key pair ID 'key-0123456789abcdef0' does not exist")) {
            try f.describe(ids: ["key-0123456789abcdef0"])
        }
    }

    @Test func describeFiltersOnTheDocumentedNames() throws {
        var f = Fixture()
        let a = try f.add("web", fingerprint: "11:22", tags: [CloudModel.Tag(key: "env", value: "prod")])
        _ = try f.add("db", fingerprint: "33:44")
        #expect(try f.describe([Filter(name: "key-name", values: ["w*"])]) == ["web"])
        #expect(try f.describe([Filter(name: "fingerprint", values: ["33:44"])]) == ["db"])
        #expect(try f.describe([Filter(name: "key-pair-id", values: [a.id])]) == ["web"])
        #expect(try f.describe([Filter(name: "tag:env", values: ["prod"])]) == ["web"])
        #expect(throws: EC2Error.invalidFilter("key-type")) { try f.describe([Filter(name: "key-type", values: ["rsa"])]) }
    }

    @Test func deleteByNameForgivesAMissingNameButNotAMissingId() throws {
        var f = Fixture()
        let key = try f.add("deploy")
        #expect(try f.cloud.run { try $0.deleteKeyPair(name: "nothing", id: nil) } == nil)
        #expect(try f.cloud.run { try $0.deleteKeyPair(name: "deploy", id: nil) } == key.id)
        #expect(try f.describe().isEmpty)
        #expect(throws: EC2Error.self) { try f.cloud.run { try $0.deleteKeyPair(name: nil, id: key.id) } }
        #expect(throws: EC2Error.self) { try f.cloud.run { try $0.deleteKeyPair(name: nil, id: nil) } }
        _ = try f.add("deploy")
    }

    @Test func tagsAndDescribeTagsKnowKeyPairs() throws {
        var f = Fixture()
        let key = try f.add("deploy")
        try f.cloud.run { try $0.createTags(resourceIds: [key.id], tags: [CloudModel.Tag(key: "Name", value: "ops")]) }
        let tags = try f.cloud.state.describeTags(in: TestCloud.scope, query: DescribeQuery(), at: f.cloud.now).items
        #expect(tags.map(\.resourceType) == ["key-pair"])
        #expect(tags.map(\.resourceId) == [key.id])
    }

    @Test func runInstancesNeedsAnExistingKeyPairAndRemembersIt() throws {
        var f = Fixture()
        let vpcId = try f.cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }.id
        let subnetId = try f.cloud.run { try $0.createSubnet(vpcId: vpcId, cidrBlock: "10.0.1.0/24") }.id
        #expect(throws: EC2Error.keyPairNotFound("deploy")) {
            try f.cloud.run { try $0.runInstances(InstanceLaunch(imageId: "ami-12345678", subnetId: subnetId, keyName: "deploy")) }
        }
        _ = try f.add("deploy")
        let instance = try f.cloud.run { try $0.runInstances(InstanceLaunch(imageId: "ami-12345678", subnetId: subnetId, keyName: "deploy")) }[0]
        #expect(instance.keyName == "deploy")
    }
}
