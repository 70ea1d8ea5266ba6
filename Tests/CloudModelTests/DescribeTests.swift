import Addressing
import CloudModel
import Foundation
import TestSupport
import Testing

struct DescribeTests {
    @Test(arguments: [
        ("vpc-*", "vpc-0abc", true), ("vpc-0ab?", "vpc-0abc", true), ("vpc-0ab?", "vpc-0abcd", false), ("*", "", true),
        ("10.0.*", "10.0.0.0/16", true), ("10.0.*", "10.1.0.0/16", false), ("a\\*b", "a*b", true), ("a\\*b", "axb", false),
        ("*db*", "prod-db-1", true), ("exact", "exact", true), ("exact", "Exact", false), ("", "", true), ("", "x", false),
        // Text beyond ASCII: the wildcards are found among its bytes without mistaking a multi-byte character for one.
        ("naïve", "naïve", true), ("naïve", "naive", false), ("日本*", "日本語", true), ("日?語", "日本語", true), ("é\\*", "é*", true),
    ])
    func wildcardsMatchAsAWSDocumentsThem(pattern: String, value: String, matches: Bool) {
        #expect(Filter(name: "any", values: [pattern]).matches(any: [value]) == matches)
    }

    @Test func onlyValuesWithoutWildcardsAreLiteral() {
        #expect(Filter(name: "any", values: ["vpc-0abc", "naïve", "日本語"]).hasOnlyLiteralValues)
        #expect(!Filter(name: "any", values: ["vpc-0abc", "日本*"]).hasOnlyLiteralValues)
        #expect(!Filter(name: "any", values: ["a?"]).hasOnlyLiteralValues)
        #expect(!Filter(name: "any", values: ["a\\b"]).hasOnlyLiteralValues)
    }

    @Test func filtersCombineWithAndAndValuesWithOr() throws {
        var cloud = TestCloud()
        for (index, env) in ["dev", "prod", "dev"].enumerated() {
            let specification = TagSpecification(resourceType: "vpc", tags: [CloudModel.Tag(key: "env", value: env)])
            try cloud.run { try $0.createVpc(cidrBlock: "10.\(index).0.0/16", tagSpecifications: [specification]) }
        }
        func count(_ filters: [Filter]) throws -> Int {
            try cloud.state.describe(Vpc.self, in: TestCloud.scope, query: DescribeQuery(filters: filters), at: cloud.now).items.count
        }
        #expect(try count([Filter(name: "tag:env", values: ["dev"])]) == 2)
        #expect(try count([Filter(name: "tag:env", values: ["dev", "prod"])]) == 3)
        #expect(try count([Filter(name: "tag:env", values: ["dev"]), Filter(name: "cidr", values: ["10.0.0.0/16"])]) == 1)
        #expect(try count([Filter(name: "tag-key", values: ["env"])]) == 3)
        #expect(try count([Filter(name: "is-default", values: ["true"])]) == 1)
        #expect(throws: EC2Error.invalidFilter("no-such-filter")) { try count([Filter(name: "no-such-filter", values: ["x"])]) }
    }

    @Test func pagesCoverEveryResourceOnceInCreationOrder() throws {
        var cloud = TestCloud()
        try cloud.run { _ in }  // the default VPC, created first
        var created: [String] = []
        for index in 0..<23 {
            cloud.now += 1
            created.append(try cloud.run { try $0.createVpc(cidrBlock: "10.\(index).0.0/16") }.id)
        }
        var seen: [String] = []
        var token: String?
        repeat {
            let page = try cloud.state.describe(Vpc.self, in: TestCloud.scope, query: DescribeQuery(maxResults: 5, nextToken: token), at: cloud.now)
            #expect(page.items.count <= 5)
            seen += page.items.map(\.id)
            token = page.nextToken
        } while token != nil
        #expect(seen.dropFirst() == created[...], "the default VPC first, then creation order")
        #expect(throws: EC2Error.self) { try cloud.state.describe(Vpc.self, in: TestCloud.scope, query: DescribeQuery(maxResults: 4), at: cloud.now) }
        #expect(throws: EC2Error.invalidNextToken("garbage")) {
            try cloud.state.describe(Vpc.self, in: TestCloud.scope, query: DescribeQuery(nextToken: "garbage"), at: cloud.now)
        }
    }

    @Test func unknownIdsAreReportedTogether() throws {
        var cloud = TestCloud()
        try cloud.run { _ in }
        let query = DescribeQuery(ids: ["vpc-0123456789abcdef0", "vpc-0123456789abcdef1"])
        #expect(throws: EC2Error(code: "InvalidVpcID.NotFound", message: "The vpc IDs 'vpc-0123456789abcdef0, vpc-0123456789abcdef1' do not exist")) {
            try cloud.state.describe(Vpc.self, in: TestCloud.scope, query: query, at: cloud.now)
        }
    }
}
