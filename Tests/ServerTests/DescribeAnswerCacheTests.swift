import CloudModel
import EC2Protocol
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Persistence
import Testing

@testable import Server

/// `DescribeAnswerCache`: a kept answer is only ever the answer a fresh render would give, with the request's own id.
struct DescribeAnswerCacheTests {
    /// The EC2 endpoint over a fresh in-memory cloud, and an application serving it as `LocalVPC.application` does.
    struct Served {
        let endpoint: QueryEndpoint
        let application: Application<RouterResponder<BasicRequestContext>>

        init() throws {
            endpoint = QueryEndpoint(ec2: EC2Handlers(cloud: try CloudService(store: InMemoryStateStore())), configuration: ServerConfiguration())
            let router = Router()
            router.post("/") { [endpoint] request, context in await endpoint.respond(to: request, context: context) }
            application = Application(router: router, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        }
    }

    /// The answer to `form` as `account`, whose 12-digit access key names it (as boto3 with such a key sends it).
    static func call(_ client: some TestClientProtocol, _ form: String, account: String = "111111111111") async throws -> String {
        let authorization =
            "AWS4-HMAC-SHA256 Credential=\(account)/20261204/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=\(String(repeating: "0", count: 64))"
        return try await client.execute(
            uri: "/", method: .post, headers: [.contentType: "application/x-www-form-urlencoded", .authorization: authorization],
            body: ByteBuffer(string: form)
        ) { response in String(buffer: response.body) }
    }

    /// The answer with its request id blanked: what two answers to the same request at the same state share.
    static func withoutRequestId(_ xml: String) -> String {
        guard let id = xml.firstText(of: "requestId") else { return xml }
        return xml.replacingOccurrences(of: "<requestId>\(id)</requestId>", with: "<requestId/>")
    }

    static let describe = "Action=DescribeVpcs&Version=2016-11-15"

    @Test func aRepeatedDescribeIsTheFreshAnswerWithItsOwnRequestId() async throws {
        let served = try Served()
        try await served.application.test(.router) { client in
            _ = try await Self.call(client, "Action=CreateVpc&Version=2016-11-15&CidrBlock=10.1.0.0%2F16")
            #expect(served.endpoint.answers.count.answers == 0)
            let fresh = try await Self.call(client, Self.describe)
            #expect(served.endpoint.answers.count.answers == 1)
            let kept = try await Self.call(client, Self.describe)
            let keptAgain = try await Self.call(client, Self.describe)
            #expect(served.endpoint.answers.count.answers == 1)
            let ids = [fresh, kept, keptAgain].compactMap { $0.firstText(of: "requestId") }
            #expect(Set(ids).count == 3)
            #expect(ids.allSatisfy { UUID(uuidString: $0) != nil })
            #expect(Self.withoutRequestId(kept) == Self.withoutRequestId(fresh))
            #expect(Self.withoutRequestId(keptAgain) == Self.withoutRequestId(fresh))
            #expect(fresh.contains("<cidrBlock>10.1.0.0/16</cidrBlock>"))
        }
    }

    /// Each change is a new state version: the describe after it is rendered again and shows it.
    @Test(arguments: [
        "Action=CreateVpc&Version=2016-11-15&CidrBlock=10.2.0.0%2F16",
        "Action=CreateTags&Version=2016-11-15&ResourceId.1=VPC&Tag.1.Key=Name&Tag.1.Value=changed",
        "Action=DeleteVpc&Version=2016-11-15&VpcId=VPC",
        "Action=AssociateVpcCidrBlock&Version=2016-11-15&VpcId=VPC&CidrBlock=10.9.0.0%2F16",
    ])
    func aChangeMakesTheNextDescribeDiffer(change: String) async throws {
        let served = try Served()
        try await served.application.test(.router) { client in
            let created = try await Self.call(client, "Action=CreateVpc&Version=2016-11-15&CidrBlock=10.1.0.0%2F16")
            let vpc = try #require(created.firstText(of: "vpcId"))
            let before = try await Self.call(client, Self.describe)
            #expect(try await Self.call(client, Self.describe).contains(vpc))
            let answer = try await Self.call(client, change.replacingOccurrences(of: "=VPC", with: "=\(vpc)"))
            #expect(!answer.contains("<Errors>"), "\(answer)")
            let after = try await Self.call(client, Self.describe)
            #expect(Self.withoutRequestId(after) != Self.withoutRequestId(before))
            // Kept now, and the same as a fresh render of the same state: the same parameters in another order are
            // another key, so they are rendered again.
            let kept = try await Self.call(client, Self.describe)
            let fresh = try await Self.call(client, "Version=2016-11-15&Action=DescribeVpcs")
            #expect(Self.withoutRequestId(kept) == Self.withoutRequestId(after))
            #expect(Self.withoutRequestId(fresh) == Self.withoutRequestId(after))
        }
    }

    /// The other kept describes: a change to what each shows (a subnet's free addresses, an attachment, an ACL entry, a
    /// tag) makes the next answer differ, and the kept answer is then the fresh render.
    @Test(arguments: [
        ("DescribeSubnets", "Action=CreateNetworkInterface&Version=2016-11-15&SubnetId=SUBNET"),
        ("DescribeInternetGateways", "Action=AttachInternetGateway&Version=2016-11-15&InternetGatewayId=IGW&VpcId=VPC"),
        (
            "DescribeNetworkAcls",
            "Action=CreateNetworkAclEntry&Version=2016-11-15&NetworkAclId=ACL&RuleNumber=7&Protocol=-1&RuleAction=deny&Egress=false&CidrBlock=10.7.0.0%2F16"
        ),
        ("DescribeDhcpOptions", "Action=CreateTags&Version=2016-11-15&ResourceId.1=DOPT&Tag.1.Key=Name&Tag.1.Value=changed"),
    ])
    func otherKeptDescribesFollowChanges(action: String, change: String) async throws {
        let served = try Served()
        try await served.application.test(.router) { client in
            let vpc = try #require(try await Self.call(client, "Action=CreateVpc&Version=2016-11-15&CidrBlock=10.1.0.0%2F16").firstText(of: "vpcId"))
            let created = try await Self.call(client, "Action=CreateSubnet&Version=2016-11-15&VpcId=\(vpc)&CidrBlock=10.1.1.0%2F24")
            let subnet = try #require(created.firstText(of: "subnetId"))
            let igw = try #require(try await Self.call(client, "Action=CreateInternetGateway&Version=2016-11-15").firstText(of: "internetGatewayId"))
            let acls = try await Self.call(client, "Action=DescribeNetworkAcls&Version=2016-11-15&Filter.1.Name=vpc-id&Filter.1.Value.1=\(vpc)")
            let acl = try #require(acls.firstText(of: "networkAclId"))
            let dopt = try #require(try await Self.call(client, "Action=DescribeDhcpOptions&Version=2016-11-15").firstText(of: "dhcpOptionsId"))
            let describe = "Action=\(action)&Version=2016-11-15"
            let before = try await Self.call(client, describe)
            #expect(Self.withoutRequestId(try await Self.call(client, describe)) == Self.withoutRequestId(before))
            #expect(served.endpoint.answers.count.answers >= 1)
            let applied = change.replacingOccurrences(of: "=SUBNET", with: "=\(subnet)").replacingOccurrences(of: "=IGW", with: "=\(igw)")
                .replacingOccurrences(of: "=VPC", with: "=\(vpc)").replacingOccurrences(of: "=ACL", with: "=\(acl)")
                .replacingOccurrences(of: "=DOPT", with: "=\(dopt)")
            let answer = try await Self.call(client, applied)
            #expect(!answer.contains("<Errors>"), "\(answer)")
            let after = try await Self.call(client, describe)
            #expect(Self.withoutRequestId(after) != Self.withoutRequestId(before))
            let kept = try await Self.call(client, describe)
            let fresh = try await Self.call(client, "Version=2016-11-15&Action=\(action)")
            #expect(Self.withoutRequestId(kept) == Self.withoutRequestId(after))
            #expect(Self.withoutRequestId(fresh) == Self.withoutRequestId(after))
        }
    }

    @Test func twoAccountsNeverShareAnEntry() async throws {
        let served = try Served()
        try await served.application.test(.router) { client in
            // Both regions activated (each gets its default VPC), so that the two describes below read one version.
            _ = try await Self.call(client, "Action=CreateVpc&Version=2016-11-15&CidrBlock=10.1.0.0%2F16", account: "111111111111")
            _ = try await Self.call(client, "Action=CreateVpc&Version=2016-11-15&CidrBlock=10.2.0.0%2F16", account: "222222222222")
            let first = try await Self.call(client, Self.describe, account: "111111111111")
            let second = try await Self.call(client, Self.describe, account: "222222222222")
            #expect(served.endpoint.answers.count.answers == 2)
            #expect(first.contains("<ownerId>111111111111</ownerId>") && !first.contains("222222222222"))
            #expect(second.contains("<ownerId>222222222222</ownerId>") && !second.contains("111111111111"))
            #expect(!(try await Self.call(client, Self.describe, account: "111111111111")).contains("222222222222"))
            #expect(!(try await Self.call(client, Self.describe, account: "222222222222")).contains("111111111111"))
        }
    }

    /// Ids, filters, `MaxResults` and `NextToken` each change the answer, and each is answered as a fresh render would.
    @Test func everyParameterIsPartOfTheKey() async throws {
        let served = try Served()
        try await served.application.test(.router) { client in
            var vpcs: [String] = []
            for index in 0..<6 {
                let created = try await Self.call(client, "Action=CreateVpc&Version=2016-11-15&CidrBlock=10.\(index).0.0%2F16")
                vpcs.append(try #require(created.firstText(of: "vpcId")))
            }
            let all = try await Self.call(client, Self.describe)
            let byId = try await Self.call(client, Self.describe + "&VpcId.1=\(vpcs[2])")
            let byFilter = try await Self.call(client, Self.describe + "&Filter.1.Name=cidr&Filter.1.Value.1=10.3.0.0%2F16")
            let page = try await Self.call(client, Self.describe + "&MaxResults=5")
            let token = try #require(page.firstText(of: "nextToken"))
            let next = try await Self.call(client, Self.describe + "&MaxResults=5&NextToken=\(token)")
            let answers = [all, byId, byFilter, page, next].map(Self.withoutRequestId)
            #expect(Set(answers).count == 5)
            #expect(all.components(separatedBy: "<vpcId>").count - 1 == 7)
            #expect(byId.components(separatedBy: "<vpcId>").count - 1 == 1 && byId.contains(vpcs[2]))
            #expect(byFilter.components(separatedBy: "<vpcId>").count - 1 == 1 && byFilter.contains(vpcs[3]))
            #expect(page.components(separatedBy: "<vpcId>").count - 1 == 5)
            #expect(next.components(separatedBy: "<vpcId>").count - 1 == 2 && next.firstText(of: "nextToken") == nil)
            // The same requests again are kept answers, the same as the first ones.
            #expect(Self.withoutRequestId(try await Self.call(client, Self.describe + "&VpcId.1=\(vpcs[2])")) == answers[1])
            #expect(Self.withoutRequestId(try await Self.call(client, Self.describe + "&MaxResults=5&NextToken=\(token)")) == answers[4])
            #expect(served.endpoint.answers.count.answers == 5)
        }
    }

    @Test func errorsDryRunsAndOtherActionsAreNotKept() async throws {
        let served = try Served()
        try await served.application.test(.router) { client in
            #expect(try await Self.call(client, Self.describe + "&DryRun=true").contains("<Code>DryRunOperation</Code>"))
            #expect(try await Self.call(client, Self.describe + "&VpcId.1=vpc-0000000000000000f").contains("<Code>InvalidVpcID.NotFound</Code>"))
            #expect(try await Self.call(client, Self.describe + "&MaxResults=2").contains("<Code>InvalidParameterValue</Code>"))
            _ = try await Self.call(client, "Action=DescribeInstances&Version=2016-11-15")
            _ = try await Self.call(client, "Action=DescribeNatGateways&Version=2016-11-15")
            #expect(served.endpoint.answers.count.answers == 0)
        }
    }

    /// Security groups and route tables are kept while their answer reads no clock, and rendered every time once it
    /// does: a rule naming a group across a peering (which reports the peering), a route to a peering, and a
    /// `route.state` filter.
    @Test func securityGroupsAndRouteTablesAreKeptOnlyWhileTheyReadNoClock() async throws {
        let served = try Served()
        try await served.application.test(.router) { client in
            func kept(_ form: String) async throws -> Bool {
                _ = try await Self.call(client, form)
                let scope = AccountRegion(account: "111111111111", region: "us-east-1")
                let version = served.endpoint.ec2.cloud.stateVersion
                let key = try #require(DescribeAnswerCache.key(action: form.firstQueryValue("Action"), form: form, scope: scope, version: version))
                return served.endpoint.answers.answer(for: key) != nil
            }
            let groups = "Action=DescribeSecurityGroups&Version=2016-11-15"
            let tables = "Action=DescribeRouteTables&Version=2016-11-15"
            let created = try await Self.call(client, "Action=CreateVpc&Version=2016-11-15&CidrBlock=10.1.0.0%2F16")
            let vpc = try #require(created.firstText(of: "vpcId"))
            let peer = try #require(try await Self.call(client, "Action=CreateVpc&Version=2016-11-15&CidrBlock=10.2.0.0%2F16").firstText(of: "vpcId"))
            #expect(try await kept(groups))
            #expect(try await kept(tables))
            #expect(try await !kept(tables + "&Filter.1.Name=route.state&Filter.1.Value.1=active"))

            let requested = try await Self.call(client, "Action=CreateVpcPeeringConnection&Version=2016-11-15&VpcId=\(vpc)&PeerVpcId=\(peer)")
            let peering = try #require(requested.firstText(of: "vpcPeeringConnectionId"))
            _ = try await Self.call(client, "Action=AcceptVpcPeeringConnection&Version=2016-11-15&VpcPeeringConnectionId=\(peering)")
            let mainTable = "Filter.1.Name=vpc-id&Filter.1.Value.1=\(vpc)"
            let table = try #require(try await Self.call(client, tables + "&" + mainTable).firstText(of: "routeTableId"))
            let route = try await Self.call(
                client,
                "Action=CreateRoute&Version=2016-11-15&RouteTableId=\(table)&DestinationCidrBlock=10.2.0.0%2F16&VpcPeeringConnectionId=\(peering)")
            #expect(!route.contains("<Errors>"), "\(route)")
            #expect(try await !kept(tables))
            #expect(try await !kept(tables + "&" + mainTable))
            #expect(try await kept(tables + "&Filter.1.Name=vpc-id&Filter.1.Value.1=\(peer)"))

            let peerGroups = try await Self.call(client, groups + "&Filter.1.Name=vpc-id&Filter.1.Value.1=\(peer)")
            let peerGroup = try #require(peerGroups.firstText(of: "groupId"))
            let ownGroups = try await Self.call(client, groups + "&Filter.1.Name=vpc-id&Filter.1.Value.1=\(vpc)")
            let group = try #require(ownGroups.firstText(of: "groupId"))
            let rule = try await Self.call(
                client,
                "Action=AuthorizeSecurityGroupIngress&Version=2016-11-15&GroupId=\(group)&IpPermissions.1.IpProtocol=-1"
                    + "&IpPermissions.1.Groups.1.GroupId=\(peerGroup)&IpPermissions.1.Groups.1.VpcId=\(peer)")
            #expect(!rule.contains("<Errors>"), "\(rule)")
            #expect(try await !kept(groups))
            #expect(try await kept(groups + "&Filter.1.Name=vpc-id&Filter.1.Value.1=\(peer)"))
        }
    }

    static func document(_ text: String, requestId: String = "r-1") -> EC2ResponseDocument {
        EC2ResponseDocument(action: "DescribeVpcs", requestId: requestId, result: EC2.DescribeVpcsResult(vpcs: [EC2.Vpc(vpcId: text)]))
    }

    static let scope = AccountRegion(account: "111111111111", region: "us-east-1")

    @Test func onlyTheNewestVersionIsKept() throws {
        let cache = DescribeAnswerCache()
        let old = try #require(DescribeAnswerCache.key(action: "DescribeVpcs", form: Self.describe, scope: Self.scope, version: 1))
        let new = try #require(DescribeAnswerCache.key(action: "DescribeVpcs", form: Self.describe, scope: Self.scope, version: 2))
        cache.store(Self.document("vpc-old"), for: old)
        #expect(cache.answer(for: old) != nil)
        cache.store(Self.document("vpc-new"), for: new)
        #expect(cache.answer(for: old) == nil)
        #expect(cache.count.answers == 1)
        // An answer rendered for an older version arriving late is not kept.
        cache.store(Self.document("vpc-old"), for: old)
        #expect(cache.answer(for: old) == nil)
        let answer = try #require(cache.answer(for: new))
        let spliced = answer.bytes[..<answer.requestIdRange.lowerBound] + Array("r-3".utf8) + answer.bytes[answer.requestIdRange.upperBound...]
        #expect(String(decoding: spliced, as: UTF8.self) == Self.document("vpc-new", requestId: "r-3").xml)
    }

    @Test func memoryIsBounded() throws {
        let size = Self.document("vpc-0").bytes.count + Self.describe.utf8.count
        let cache = DescribeAnswerCache(maximumBytes: 3 * size)
        for index in 0..<10 {
            let key = try #require(
                DescribeAnswerCache.key(action: "DescribeVpcs", form: Self.describe + "&VpcId.1=vpc-\(index)", scope: Self.scope, version: 1))
            cache.store(Self.document("vpc-\(index)"), for: key)
            #expect(cache.count.bytes <= cache.maximumBytes)
            #expect(cache.answer(for: key) != nil)
        }
        #expect(cache.count.answers <= 3)
        #expect(DescribeAnswerCache.key(action: "DescribeVpcs", form: String(repeating: "a", count: 5000), scope: Self.scope, version: 1) == nil)
        #expect(DescribeAnswerCache.key(action: "DescribeInstances", form: Self.describe, scope: Self.scope, version: 1) == nil)
    }
}

extension String {
    /// The value of `name` in this form text (`Action=DescribeVpcs&Version=…`).
    fileprivate func firstQueryValue(_ name: String) -> String? {
        split(separator: "&").first { $0.hasPrefix("\(name)=") }.map { String($0.dropFirst(name.count + 1)) }
    }
}
