import Addressing
import CloudModel
import Foundation
import TestSupport
import Testing

/// Network Insights paths and analyses as the model keeps them: what a path may name, AWS's codes for what it may
/// not, idempotency, the analyses that keep a path, filters and tags.
struct NetworkInsightsRulesTests {
    struct Fixture {
        var cloud = TestCloud()
        let instanceA: Instance, instanceB: Instance
        let gatewayId: String

        init() throws {
            let vpcId = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }.id
            let subnetId = try cloud.run { try $0.createSubnet(vpcId: vpcId, cidrBlock: "10.0.1.0/24") }.id
            instanceA = try cloud.run { try $0.runInstances(InstanceLaunch(imageId: "ami-12345678", subnetId: subnetId)) }[0]
            instanceB = try cloud.run { try $0.runInstances(InstanceLaunch(imageId: "ami-12345678", subnetId: subnetId)) }[0]
            gatewayId = try cloud.run { try $0.createInternetGateway() }.id
        }

        func request(_ source: String? = nil, _ destination: String? = nil, protocol ipProtocol: String = "tcp", port: Int? = 22)
            -> NetworkInsightsPathRequest
        {
            NetworkInsightsPathRequest(
                source: source ?? instanceA.id, destination: destination ?? instanceB.id, ipProtocol: ipProtocol, destinationPort: port)
        }

        mutating func create(_ request: NetworkInsightsPathRequest, tags: TagSet = [:]) throws -> NetworkInsightsPath {
            try cloud.run { try $0.createNetworkInsightsPath(request, tags: tags) }
        }

        mutating func analyse(_ path: NetworkInsightsPath, found: Bool, token: String? = nil) throws -> NetworkInsightsAnalysis {
            try cloud.run { transaction in
                if let previous = try transaction.previousNetworkInsightsAnalysis(clientToken: token, pathId: path.id) { return previous }
                return transaction.recordNetworkInsightsAnalysis(
                    of: path, findings: AnalysisFindings(networkPathFound: found), clientToken: token, tags: [:])
            }
        }

        func describe<R: Filterable>(_ type: R.Type, ids: [String] = [], _ filters: [Filter] = []) throws -> [String] {
            try cloud.state.describe(type, in: TestCloud.scope, query: DescribeQuery(ids: ids, filters: filters), at: cloud.now).items.map(\.id)
        }
    }

    @Test func aPathStoresItsQuestionWithAnArnAndIds() throws {
        var f = try Fixture()
        let arn = "arn:aws:ec2:us-east-1:111111111111:instance/\(f.instanceA.id)"
        let path = try f.create(f.request(arn), tags: ["Name": "web-db"])
        #expect(ResourceId.isWellFormed(path.id, prefix: .networkInsightsPath))
        #expect(path.source == f.instanceA.id, "an ARN is stored as the id it names")
        #expect(path.arn == "arn:aws:ec2:us-east-1:111111111111:network-insights-path/\(path.id)")
        #expect(path.vpcId == nil, "a path never stands in the way of deleting a VPC")
        #expect(f.cloud.state[TestCloud.scope].networkInsightsPaths[path.id]?.tags["Name"] == "web-db")
    }

    @Test(arguments: [
        ("protocol", "InvalidParameterValue"), ("port", "InvalidParameterValue"), ("noDestination", "MissingParameter"),
        ("unknownSource", "NetworkInsightsSource.NotFound"), ("unknownDestination", "NetworkInsightsDestination.NotFound"),
        ("peeringSource", "UnsupportedOperation"), ("vpcSource", "InvalidParameterValue"), ("otherAccountArn", "UnsupportedOperation"),
        ("filterWithPort", "InvalidParameterCombination"), ("filterWithDestinationIp", "InvalidParameterCombination"),
    ])
    func refusals(_ case: String, _ code: String) throws {
        var f = try Fixture()
        var request = f.request()
        switch `case` {
        case "protocol": request.ipProtocol = "icmpv6"
        case "port": request.destinationPort = 70000
        case "noDestination": request.destination = nil
        case "unknownSource": request.source = "i-0123456789abcdef0"
        case "unknownDestination": request.destination = "eni-0123456789abcdef0"
        case "peeringSource": request.source = "pcx-0123456789abcdef0"
        case "vpcSource": request.source = "vpc-0123456789abcdef0"
        case "otherAccountArn": request.source = "arn:aws:ec2:us-east-1:222222222222:instance/i-0123456789abcdef0"
        case "filterWithPort": request.filterAtSource = PathFilter(destinationAddress: IPAddress("8.8.8.8"))
        default: request.filterAtDestination = PathFilter(sourceAddress: IPAddress("10.0.1.9"))
        }
        if `case` == "filterWithDestinationIp" { request.destinationIp = IPAddress("10.0.1.20") }
        #expect(f.cloud.error { try $0.createNetworkInsightsPath(request, tags: [:]) }?.code == code)
    }

    @Test func anAddressOutsideIsTheSourceFiltersDestination() throws {
        var f = try Fixture()
        var request = f.request(f.instanceA.id, nil, port: nil)
        request.destination = nil
        request.filterAtSource = PathFilter(destinationAddress: IPAddress("8.8.8.8"), destinationPortRange: AnalysisPortRange(from: 443, to: 443))
        let path = try f.create(request)
        #expect(path.analysedDestinationIp == IPAddress("8.8.8.8"))
        #expect(path.analysedPort == 443)
        #expect(try f.create(f.request(f.gatewayId, f.instanceB.id)).source == f.gatewayId)
    }

    @Test func aRepeatedClientTokenAnswersTheFirstPathOrRefusesOtherParameters() throws {
        var f = try Fixture()
        var request = f.request()
        request.clientToken = "token-1"
        let first = try f.create(request)
        #expect(try f.create(request).id == first.id)
        request.destinationPort = 80
        #expect(f.cloud.error { try $0.createNetworkInsightsPath(request, tags: [:]) }?.code == "IdempotentParameterMismatch")
        let analysis = try f.analyse(first, found: true, token: "a-1")
        #expect(try f.analyse(first, found: false, token: "a-1").id == analysis.id)
    }

    @Test func aPathWithAnalysesCannotBeDeleted() throws {
        var f = try Fixture()
        let path = try f.create(f.request())
        let analysis = try f.analyse(path, found: true)
        #expect(analysis.status == .succeeded && analysis.networkInsightsPathId == path.id)
        #expect(f.cloud.error { try $0.deleteNetworkInsightsPath(path.id) }?.code == "AnalysisExistsForNetworkInsightsPath")
        try f.cloud.run { try $0.deleteNetworkInsightsAnalysis(analysis.id) }
        try f.cloud.run { try $0.deleteNetworkInsightsPath(path.id) }
        #expect(f.cloud.error { try $0.deleteNetworkInsightsPath(path.id) }?.code == "InvalidNetworkInsightsPathId.NotFound")
        #expect(f.cloud.error { try $0.deleteNetworkInsightsAnalysis(analysis.id) }?.code == "InvalidNetworkInsightsAnalysisId.NotFound")
        #expect(f.cloud.error { try $0.deleteNetworkInsightsAnalysis("nia-nope") }?.code == "InvalidNetworkInsightsAnalysisId.Malformed")
    }

    @Test func describeFiltersPathsAndAnalyses() throws {
        var f = try Fixture()
        let ssh = try f.create(f.request())
        let dns = try f.create(f.request(f.instanceB.id, f.instanceA.id, protocol: "udp", port: 53))
        #expect(try f.describe(NetworkInsightsPath.self, [Filter(name: "protocol", values: ["udp"])]) == [dns.id])
        #expect(try f.describe(NetworkInsightsPath.self, [Filter(name: "source", values: [f.instanceA.id])]) == [ssh.id])
        #expect(try f.describe(NetworkInsightsPath.self, [Filter(name: "destination-port", values: ["53"])]) == [dns.id])
        #expect(throws: EC2Error.invalidFilter("vpc-id")) { try f.describe(NetworkInsightsPath.self, [Filter(name: "vpc-id", values: ["x"])]) }
        #expect(throws: NetworkInsightsPath.idKind.notFound(["nip-0123456789abcdef0"])) {
            try f.describe(NetworkInsightsPath.self, ids: ["nip-0123456789abcdef0"])
        }
        let found = try f.analyse(ssh, found: true)
        let blocked = try f.analyse(dns, found: false)
        #expect(try f.describe(NetworkInsightsAnalysis.self, [Filter(name: "path-found", values: ["false"])]) == [blocked.id])
        #expect(try Set(f.describe(NetworkInsightsAnalysis.self, [Filter(name: "status", values: ["succeeded"])])) == [found.id, blocked.id])
    }

    @Test func pathsAndAnalysesCarryTags() throws {
        var f = try Fixture()
        let path = try f.create(f.request())
        let analysis = try f.analyse(path, found: true)
        try f.cloud.run { try $0.createTags(resourceIds: [path.id, analysis.id], tags: [Tag(key: "team", value: "net")]) }
        let tags = try f.cloud.state.describeTags(in: TestCloud.scope, query: DescribeQuery(), at: f.cloud.now).items
        #expect(Set(tags.map(\.resourceType)) == ["network-insights-path", "network-insights-analysis"])
    }

    @Test func pathsAndAnalysesSurviveTheJournal() throws {
        var f = try Fixture()
        var request = f.request()
        request.filterAtDestination = PathFilter(sourceAddress: IPAddress("10.0.1.9"), sourcePortRange: AnalysisPortRange(from: 1024, to: nil))
        let path = try f.create(request)
        var explanation = AnalysisExplanation(code: "SUBNET_ACL_RESTRICTION", direction: "egress", onReturnPath: true, component: .init(id: "acl-1"))
        explanation.aclRule = AnalysisAclRule(cidr: "10.0.0.0/16", egress: true, portRange: nil, ipProtocol: "6", ruleAction: "deny", ruleNumber: 50)
        explanation.portRanges = [AnalysisPortRange(from: 1024, to: 65535)]
        let hop = AnalysisPathComponent(sequenceNumber: 1, component: .init(id: "eni-1", arn: "arn:x", name: "web"), vpc: .init(id: "vpc-1"))
        let analysis = try f.cloud.run { transaction in
            transaction.recordNetworkInsightsAnalysis(
                of: path, findings: AnalysisFindings(networkPathFound: false, forwardPath: [hop], explanations: [explanation]), clientToken: nil,
                tags: ["k": "v"])
        }
        for resource in [path.resource, analysis.resource] {
            let decoded = try JSONDecoder().decode(Resource.self, from: try JSONEncoder().encode(resource))
            #expect(decoded == resource && decoded.kind == resource.kind)
        }
    }
}
