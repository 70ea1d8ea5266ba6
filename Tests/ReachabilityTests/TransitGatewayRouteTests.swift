import Addressing
import CloudModel
import Foundation
import Reachability
import TestSupport
import Testing

/// Until the evaluator routes through transit gateways (issue 15, item 2), a route to one stops the walk with an
/// explanation that says so, rather than a guess either way.
struct TransitGatewayRouteTests {
    @Test func aRouteToATransitGatewayStopsTheWalkAndSaysWhy() throws {
        var cloud = TestCloud()
        let (a, b) = (
            try cloud.run { try $0.createVpc(cidrBlock: "10.1.0.0/16") }.id, try cloud.run { try $0.createVpc(cidrBlock: "10.2.0.0/16") }.id
        )
        let subnetA = try cloud.run { try $0.createSubnet(vpcId: a, cidrBlock: "10.1.1.0/24", availabilityZone: "us-east-1a") }.id
        let subnetB = try cloud.run { try $0.createSubnet(vpcId: b, cidrBlock: "10.2.1.0/24", availabilityZone: "us-east-1a") }.id
        let gateway = try cloud.run { try $0.createTransitGateway(description: "", options: .init(), tags: [:]) }.id
        for (vpc, subnet) in [(a, subnetA), (b, subnetB)] {
            try cloud.run {
                _ = try $0.createTransitGatewayVpcAttachment(transitGatewayId: gateway, vpcId: vpc, subnetIds: [subnet], options: .init(), tags: [:])
            }
            let table = cloud.state[TestCloud.scope].routeTables.values.first { $0.tableVpcId == vpc && $0.isMain }!.id
            try cloud.run { try $0.createRoute(table, destination: "10.0.0.0/8", target: .transitGateway(gateway)) }
        }
        cloud.now += TransitGatewayLifecycle.transitionTime
        let source = try cloud.run { try $0.runInstances(InstanceLaunch(imageId: "ami-12345678", subnetId: subnetA)) }[0]
        let target = try cloud.run { try $0.runInstances(InstanceLaunch(imageId: "ami-12345678", subnetId: subnetB)) }[0]
        let analysis = Evaluator(state: cloud.state, scope: TestCloud.scope, at: cloud.now).analyze(
            PathQuery(scope: TestCloud.scope, source: .instance(source.id), destination: .instance(target.id), traffic: Traffic(.icmp)))
        #expect(!analysis.isReachable)
        #expect(analysis.explanations.map(\.code) == [.noPossibleDestination])
        #expect(analysis.explanations.first?.detail.contains("does not evaluate routing through transit gateways yet") == true)
    }
}
