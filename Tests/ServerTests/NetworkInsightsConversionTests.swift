import Addressing
import CloudModel
import EC2Protocol
import Foundation
import Persistence
import Reachability
import TestSupport
import Testing

@testable import Server

/// The evaluator's answer as stored (`AnalysisFindings`) and as sent (`EC2.NetworkInsightsAnalysis`): hops numbered
/// with their matched rule, each fix spelt out in AWS's explanation fields, and the handlers' XML.
struct NetworkInsightsConversionTests {
    /// Two VPCs peered (active) with no routes yet, an instance in each.
    struct Pair {
        var cloud = TestCloud()
        let vpcA: Vpc, vpcB: Vpc
        let instanceA: Instance, instanceB: Instance
        let peeringId: String

        init() throws {
            vpcA = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }
            vpcB = try cloud.run { try $0.createVpc(cidrBlock: "172.16.0.0/16") }
            let (a, b) = (vpcA.id, vpcB.id)
            let subnetA = try cloud.run { try $0.createSubnet(vpcId: a, cidrBlock: "10.0.1.0/24") }.id
            let subnetB = try cloud.run { try $0.createSubnet(vpcId: b, cidrBlock: "172.16.1.0/24") }.id
            instanceA = try cloud.run { try $0.runInstances(InstanceLaunch(imageId: "ami-12345678", subnetId: subnetA)) }[0]
            instanceB = try cloud.run { try $0.runInstances(InstanceLaunch(imageId: "ami-12345678", subnetId: subnetB)) }[0]
            let id = try cloud.run { try $0.createVpcPeeringConnection(vpcId: a, peerVpcId: b) }.id
            try cloud.run { _ = try $0.acceptVpcPeeringConnection(id) }
            peeringId = id
        }

        func mainTable(_ vpcId: String) -> RouteTable {
            cloud.state[TestCloud.scope].routeTables.values.first { $0.tableVpcId == vpcId && $0.isMain }!
        }

        func findings(_ traffic: Traffic = Traffic(.tcp, port: 22)) -> AnalysisFindings {
            let query = PathQuery(scope: TestCloud.scope, source: .instance(instanceA.id), destination: .instance(instanceB.id), traffic: traffic)
            let analysis = Evaluator(state: cloud.state, scope: TestCloud.scope, at: cloud.now).analyze(query)
            return AnalysisFindings(analysis, in: cloud.state, scope: TestCloud.scope)
        }
    }

    @Test func aMissingRouteBecomesTheRouteTableThePeerBlockAndThePeering() throws {
        let pair = try Pair()
        let findings = pair.findings()
        #expect(!findings.networkPathFound)
        #expect(findings.forwardPath.map(\.sequenceNumber) == Array(1...findings.forwardPath.count))
        #expect(findings.forwardPath.first?.component.id == pair.instanceA.primaryNetworkInterfaceId)
        #expect(findings.forwardPath.contains { $0.securityGroupRule?.direction == "egress" })
        #expect(
            findings.forwardPath.contains {
                $0.aclRule == AnalysisAclRule(cidr: "0.0.0.0/0", egress: true, portRange: nil, ipProtocol: "-1", ruleAction: "allow", ruleNumber: 100)
            })
        let explanation = try #require(findings.explanations.first)
        let table = pair.mainTable(pair.vpcA.id).id
        #expect(explanation.code == "NO_ROUTE_TO_DESTINATION")
        #expect(explanation.component.id == table && explanation.routeTable?.id == table)
        #expect(explanation.component.arn == "arn:aws:ec2:us-east-1:111111111111:route-table/\(table)")
        #expect(explanation.cidrs == ["172.16.0.0/16"])
        #expect(explanation.vpcPeeringConnection?.id == pair.peeringId)
        #expect(explanation.vpc?.id == pair.vpcA.id && !explanation.onReturnPath)
    }

    @Test func aReachablePathHasBothWaysWithTheirRoutes() throws {
        var pair = try Pair()
        let (tableA, tableB, id) = (pair.mainTable(pair.vpcA.id).id, pair.mainTable(pair.vpcB.id).id, pair.peeringId)
        try pair.cloud.run { try $0.createRoute(tableA, destination: "172.16.0.0/16", target: .vpcPeeringConnection(id)) }
        try pair.cloud.run { try $0.createRoute(tableB, destination: "10.0.0.0/16", target: .vpcPeeringConnection(id)) }
        let group = pair.cloud.state[TestCloud.scope].securityGroups.values.first { $0.groupVpcId == pair.vpcB.id && $0.isDefault }!.id
        let permissions = [IpPermission(ipProtocol: "-1", ipv4Ranges: [(cidr: "10.0.0.0/16", description: nil)])]
        try pair.cloud.run { _ = try $0.authorizeSecurityGroup(.ingress, groupId: group, groupName: nil, permissions: permissions) }
        let findings = pair.findings()
        #expect(findings.networkPathFound && findings.explanations.isEmpty)
        let route = AnalysisRouteTableRoute(
            destinationCidr: "10.0.0.0/16", gatewayId: nil, vpcPeeringConnectionId: id, origin: "CreateRoute", state: "active")
        #expect(findings.returnPath.contains { $0.routeTableRoute == route && $0.component.id == tableB })
        #expect(findings.forwardPath.contains { $0.securityGroupRule?.cidr == "10.0.0.0/16" && $0.securityGroupRule?.direction == "ingress" })
    }

    /// Each fix the evaluator proposes lands in the explanation fields a client derives its command from.
    @Test(arguments: [
        (
            Fix.authorizeIngress(groupId: "sg-1", ipProtocol: "icmp", fromPort: -1, toPort: -1, cidr: "10.0.0.0/16"),
            "ingress sg-1 icmp -1:-1 10.0.0.0/16"
        ),
        (
            Fix.authorizeEgress(groupId: "sg-2", ipProtocol: "tcp", fromPort: 22, toPort: 22, cidr: "172.16.1.9/32"),
            "egress sg-2 tcp 22:22 172.16.1.9/32"
        ),
        (
            Fix.createAclEntry(networkAclId: "acl-1", ruleNumber: 99, egress: false, protocolNumber: 6, portRange: 1024...65535, cidr: "10.0.1.5/32"),
            "ingress acl-1 6 1024:65535 10.0.1.5/32"
        ),
        (Fix.createRoute(routeTableId: "rtb-1", destination: "0.0.0.0/0", target: .internetGateway("igw-1")), "rtb-1 igw-1 0.0.0.0/0"),
        (Fix.acceptPeering(vpcPeeringConnectionId: "pcx-1"), "pcx-1 pending-acceptance"),
        (Fix.associatePublicAddress(networkInterfaceId: "eni-1"), "eni-1"),
        (Fix.startInstance(instanceId: "i-1"), "stopped"),
    ])
    func fixesBecomeExplanationFields(_ fix: Fix, _ expected: String) {
        let explanation = Explanation(.badState, .return, at: PathComponent(.instance, "i-1"), "", fix: fix)
        let stored = AnalysisFindings(PathAnalysis(explanations: [explanation]), in: CloudState(), scope: TestCloud.scope).explanations[0]
        let ports = stored.portRanges.map { "\($0.from ?? 0):\($0.to ?? 0)" }
        let fields: [String?] = [
            stored.direction, stored.securityGroup?.id, stored.acl?.id, stored.routeTable?.id, stored.internetGateway?.id,
            stored.vpcPeeringConnection?.id, stored.networkInterface?.id, stored.protocols.first, ports.first, stored.cidrs.first, stored.state,
        ]
        #expect(fields.compactMap { $0 }.joined(separator: " ") == expected)
        #expect(stored.onReturnPath && stored.code == "BAD_STATE")
    }

    /// A transit gateway fix names the table, the attachment (and for a replacement the blackhole's block, for a route the
    /// gateway) in AWS's Explanation members, which `localvpc doctor` reads back.
    @Test(arguments: [
        (Fix.associateTransitGatewayRouteTable(routeTableId: "tgw-rtb-1", attachmentId: "tgw-attach-1"), "tgw-rtb-1 tgw-attach-1"),
        (Fix.enableTransitGatewayRouteTablePropagation(routeTableId: "tgw-rtb-1", attachmentId: "tgw-attach-2"), "tgw-rtb-1 tgw-attach-2"),
        (
            Fix.replaceTransitGatewayRoute(routeTableId: "tgw-rtb-1", destination: "10.2.0.0/16", attachmentId: "tgw-attach-2"),
            "tgw-rtb-1 tgw-attach-2 10.2.0.0/16"
        ),
        (Fix.createRoute(routeTableId: "rtb-1", destination: "10.3.0.0/16", target: .transitGateway("tgw-1")), "rtb-1 tgw-rtb-1 tgw-1 10.3.0.0/16"),
    ])
    func transitGatewayFixesBecomeExplanationFields(_ fix: Fix, _ expected: String) {
        let explanation = Explanation(
            .tgwRtbNoRouteToTgwAttachment, .forward, at: PathComponent(.transitGatewayRouteTable, "tgw-rtb-1"), "", fix: fix)
        let stored = AnalysisFindings(PathAnalysis(explanations: [explanation]), in: CloudState(), scope: TestCloud.scope).explanations[0]
        let fields: [String?] = [
            stored.routeTable?.id, stored.transitGatewayRouteTable?.id, stored.transitGateway?.id, stored.transitGatewayAttachment?.id,
            stored.cidrs.first,
        ]
        #expect(fields.compactMap { $0 }.joined(separator: " ") == expected)
        let wire = EC2.Explanation(stored)
        #expect(wire.explanationCode == "TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT" && wire.transitGatewayRouteTable?.id == "tgw-rtb-1")
        #expect(wire.component?.arn == "arn:aws:ec2:us-east-1:111111111111:transit-gateway-route-table/tgw-rtb-1")
    }

    @Test func theWireCarriesWhatBotocoreReads() throws {
        let pair = try Pair()
        let findings = pair.findings()
        let analysis = NetworkInsightsAnalysis(
            id: "nia-0123456789abcdef0", scope: TestCloud.scope, networkInsightsPathId: "nip-0123456789abcdef0", status: .succeeded,
            findings: findings, createdAt: pair.cloud.now)
        let wire = EC2.NetworkInsightsAnalysis(analysis, withFindings: true)
        #expect(wire.status == "succeeded" && wire.networkPathFound == false)
        #expect(wire.networkInsightsAnalysisArn == "arn:aws:ec2:us-east-1:111111111111:network-insights-analysis/nia-0123456789abcdef0")
        #expect(wire.forwardPathComponents?.count == findings.forwardPath.count && wire.returnPathComponents == [])
        let explanation = try #require(wire.explanations?.first)
        #expect(explanation.explanationCode == "NO_ROUTE_TO_DESTINATION" && explanation.cidrs == ["172.16.0.0/16"])
        #expect(explanation.vpcPeeringConnection?.id == pair.peeringId && explanation.direction == nil)
        let short = EC2.NetworkInsightsAnalysis(analysis, withFindings: false)
        #expect(short.networkPathFound == nil && short.forwardPathComponents == nil && short.explanations == nil)
    }

    @Test func handlersAnalyseAtStartAndDescribeTheStoredResult() async throws {
        let cloud = try CloudService(store: InMemoryStateStore())
        let handlers = EC2Handlers(cloud: cloud)
        let scope = AccountRegion(account: "123456789012", region: "eu-west-1")
        let context = EC2RequestContext(scope: scope, requestId: "test")
        func call(_ query: String) async throws -> String {
            let parameters = QueryParameters(formEncoded: query)
            return try await handlers.handle(action: parameters["Action"], parameters: parameters, requestId: "test", context: context).xml
        }
        let vpc = try await cloud.perform(in: scope) { transaction throws(EC2Error) in try transaction.createVpc(cidrBlock: "10.0.0.0/16") }.id
        let subnet = try await cloud.perform(in: scope) { transaction throws(EC2Error) in
            try transaction.createSubnet(vpcId: vpc, cidrBlock: "10.0.1.0/24")
        }.id
        let launch = InstanceLaunch(imageId: "ami-12345678", minCount: 2, maxCount: 2, subnetId: subnet)
        let launched = try await cloud.perform(in: scope) { transaction throws(EC2Error) in try transaction.runInstances(launch) }
        let created = try await call(
            "Action=CreateNetworkInsightsPath&Source=\(launched[0].id)&Destination=\(launched[1].id)&Protocol=tcp&DestinationPort=22&ClientToken=t1")
        let pathId = try #require(created.firstMatch(of: /<networkInsightsPathId>(nip-[0-9a-f]+)</)?.1)
        let started = try await call("Action=StartNetworkInsightsAnalysis&NetworkInsightsPathId=\(pathId)&ClientToken=t2")
        #expect(started.contains("<status>running</status>") && !started.contains("networkPathFound"))
        let described = try await call("Action=DescribeNetworkInsightsAnalyses&NetworkInsightsPathId=\(pathId)")
        #expect(described.contains("<status>succeeded</status>"))
        // The default group admits its own members, so the two instances reach each other.
        #expect(described.contains("<networkPathFound>true</networkPathFound>"))
        #expect(described.contains("<returnPathComponentSet><item><sequenceNumber>1</sequenceNumber>"))
        await #expect(throws: EC2Error.analysisExistsForNetworkInsightsPath(String(pathId))) {
            try await call("Action=DeleteNetworkInsightsPath&NetworkInsightsPathId=\(pathId)")
        }
    }
}
