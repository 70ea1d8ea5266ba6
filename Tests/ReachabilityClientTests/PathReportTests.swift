import EC2Client
import Foundation
import ReachabilityClient
import Testing

/// Reading `DescribeNetworkInsightsAnalyses` into a report, and the text `reach` prints from it.
struct PathReportTests {
    static let xml = """
        <DescribeNetworkInsightsAnalysesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId>
        <networkInsightsAnalysisSet><item><networkInsightsAnalysisId>nia-1</networkInsightsAnalysisId><status>succeeded</status>
        <networkPathFound>false</networkPathFound>
        <forwardPathComponentSet>
        <item><sequenceNumber>1</sequenceNumber><component><id>eni-1</id></component><subnet><id>subnet-1</id></subnet><vpc><id>vpc-a</id></vpc></item>
        <item><sequenceNumber>2</sequenceNumber><component><id>acl-1</id></component><aclRule><cidr>0.0.0.0/0</cidr><egress>true</egress>
        <protocol>-1</protocol><ruleAction>allow</ruleAction><ruleNumber>100</ruleNumber></aclRule></item>
        <item><sequenceNumber>3</sequenceNumber><component><id>rtb-1</id><name>main</name></component><routeTableRoute>
        <destinationCidr>172.16.0.0/16</destinationCidr><vpcPeeringConnectionId>pcx-1</vpcPeeringConnectionId><state>active</state></routeTableRoute></item>
        <item><sequenceNumber>4</sequenceNumber><component><id>sg-2</id></component><securityGroupRule><cidr>10.0.0.0/16</cidr>
        <direction>ingress</direction><securityGroupId>sg-2</securityGroupId><portRange><from>22</from><to>22</to></portRange>
        <protocol>tcp</protocol></securityGroupRule></item>
        </forwardPathComponentSet>
        <returnPathComponentSet><item><sequenceNumber>1</sequenceNumber><component><id>eni-2</id></component></item></returnPathComponentSet>
        <explanationSet><item><explanationCode>SUBNET_ACL_RESTRICTION</explanationCode><direction>egress</direction>
        <component><id>acl-2</id></component><acl><id>acl-2</id></acl><aclRule><ruleNumber>90</ruleNumber><ruleAction>deny</ruleAction></aclRule>
        <cidrSet><item>10.0.1.5/32</item></cidrSet><protocolSet><item>6</item></protocolSet>
        <portRangeSet><item><from>1024</from><to>65535</to></item></portRangeSet></item></explanationSet>
        </item></networkInsightsAnalysisSet></DescribeNetworkInsightsAnalysesResponse>
        """

    static let web = Endpoint(kind: .instance, id: "i-1", name: "web", address: "10.0.1.5")
    static let db = Endpoint(kind: .instance, id: "i-2", address: "172.16.1.9")

    func report() throws -> PathReport {
        let document = try #require(XMLTree(parsing: Data(Self.xml.utf8)))
        let item = try #require(document.items("networkInsightsAnalysisSet").first)
        return PathReport(analysis: item, source: Self.web, destination: Self.db, ipProtocol: "tcp", port: 22)
    }

    @Test func hopsAndExplanationsAreRead() throws {
        let report = try report()
        #expect(!report.reachable)
        #expect(
            report.forward.map(\.matched) == [
                nil, "ACL rule 100 out: allow all 0.0.0.0/0", "route 172.16.0.0/16 -> pcx-1 (active)", "ingress rule: tcp/22 from 10.0.0.0/16",
            ])
        let finding = try #require(report.explanations.first)
        #expect(finding.onReturnPath, "the analysis got as far as the reply")
        #expect(finding.networkAclId == "acl-2" && finding.aclRuleNumber == 90 && finding.aclRuleAction == "deny")
        #expect(finding.cidrs == ["10.0.1.5/32"] && finding.protocols == ["6"] && finding.portRanges == [[1024, 65535]])
        let context = Remedy.Context(traffic: .init(ipProtocol: "tcp", port: 22), source: Self.web, destination: Self.db, takenAclRuleNumbers: [89])
        #expect(
            Remedy.remedy(for: finding, context: context)
                == .createNetworkAclEntry(
                    networkAclId: "acl-2", ruleNumber: 88, egress: true, protocolNumber: "6", fromPort: 1024, toPort: 65535, cidr: "10.0.1.5/32"))
    }

    @Test func theTextShowsHopsVerdictAndWhy() throws {
        let text = ReportText.report(try report())
        #expect(text.hasPrefix("web (i-1) -> i-2  tcp/22\n  forward path:\n    1  eni-1  subnet-1 vpc-a\n"))
        #expect(text.contains("    3  main (rtb-1)  route 172.16.0.0/16 -> pcx-1 (active)\n"))
        #expect(text.contains("NOT REACHABLE\n  SUBNET_ACL_RESTRICTION (reply) at acl-2: acl-2 rule 90 denies this traffic out (to 10.0.1.5/32)"))
    }

    @Test func anEgressOnlyGatewayIsNamedInItsRouteAndItsRefusal() throws {
        let xml = """
            <DescribeNetworkInsightsAnalysesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId>
            <networkInsightsAnalysisSet><item><networkInsightsAnalysisId>nia-2</networkInsightsAnalysisId><status>succeeded</status>
            <networkPathFound>false</networkPathFound>
            <forwardPathComponentSet><item><sequenceNumber>1</sequenceNumber><component><id>rtb-1</id></component><routeTableRoute>
            <destinationCidr>::/0</destinationCidr><egressOnlyInternetGatewayId>eigw-1</egressOnlyInternetGatewayId><state>active</state>
            </routeTableRoute></item></forwardPathComponentSet>
            <explanationSet><item><explanationCode>NO_POSSIBLE_DESTINATION</explanationCode><component><id>eigw-1</id></component></item>
            </explanationSet></item></networkInsightsAnalysisSet></DescribeNetworkInsightsAnalysesResponse>
            """
        let document = try #require(XMLTree(parsing: Data(xml.utf8)))
        let item = try #require(document.items("networkInsightsAnalysisSet").first)
        let report = PathReport(analysis: item, source: Self.web, destination: Self.db, ipProtocol: "tcp", port: 22)
        #expect(report.forward.map(\.matched) == ["route ::/0 -> eigw-1 (active)"])
        #expect(ReportText.report(report).contains("eigw-1 is an egress-only internet gateway: traffic the internet starts never enters through it"))
    }

    @Test func theMatrixIsATable() {
        let matrix = ReachabilityMatrix(
            instances: [Self.web, Self.db],
            pairs: [
                .init(source: "i-1", destination: "i-2", reachable: true),
                .init(source: "i-2", destination: "i-1", reachable: false, blockedBy: ["X at y"]),
            ])
        #expect(
            ReportText.matrix(matrix, "icmp", nil) == """
                icmp, rows reach columns:
                           web (i-1)  i-2
                web (i-1)  -          yes
                i-2        NO         -

                i-2 -> i-1: X at y
                """)
    }
}
