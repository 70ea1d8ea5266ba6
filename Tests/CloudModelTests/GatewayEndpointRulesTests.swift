import CloudModel
import Foundation
import TestSupport
import Testing

/// Gateway endpoints: a route to the service's AWS-managed prefix list in each route table, one endpoint per service
/// in a table, routes that only the endpoint changes, and what deleting takes away.
struct GatewayEndpointRulesTests {
    static let s3List = AWSManagedPrefixList.forService("s3", in: "us-east-1")!

    @Test func eachRouteTableGetsARouteToTheServicePrefixListThroughTheEndpoint() throws {
        var f = try EndpointVpc()
        let endpoint = try f.gatewayEndpoint()
        #expect(endpoint.endpointType == .gateway && endpoint.routeTableIds == [f.routeTableId])
        #expect(endpoint.state(at: f.cloud.now) == .available, "a gateway endpoint is available at once")
        #expect(endpoint.policyDocument.contains(#""Effect":"Allow","Principal":"*","Action":"*","Resource":"*""#))
        let route = try #require(f.region.routeTables[f.routeTableId]?.routes.first { $0.target == .vpcEndpoint(endpoint.id) })
        #expect(route.destination == .prefixList(Self.s3List.id) && route.origin == .createRoute)
        #expect(route.target.gatewayId == endpoint.id)
        #expect(f.cloud.state.state(of: route, in: f.region.routeTables[f.routeTableId]!, at: f.cloud.now) == .active)
        #expect(endpoint.subnetInterfaces.isEmpty && endpoint.groupIds.isEmpty && !endpoint.privateDnsEnabled)
    }

    @Test func aRouteTableTakesOneEndpointPerServiceButEndpointsOfOtherServices() throws {
        var f = try EndpointVpc()
        _ = try f.gatewayEndpoint()
        let vpcId = f.vpcId
        let table = f.routeTableId
        let again = VpcEndpointRequest(vpcId: vpcId, serviceName: EndpointVpc.service("s3"), routeTableIds: [table])
        #expect(f.cloud.error { try $0.createVpcEndpoint(again) }?.code == "RouteAlreadyExists")
        // DynamoDB's endpoint shares the table; a second S3 endpoint may serve other tables.
        _ = try f.gatewayEndpoint("dynamodb")
        let other = try f.cloud.run { try $0.createRouteTable(vpcId: vpcId) }.id
        let second = try f.gatewayEndpoint(routeTableIds: [other])
        #expect(second.routeTableIds == [other])
        #expect(f.region.routeTables[table]!.routes.count == 3, "local, S3 and DynamoDB")
    }

    @Test func routeTablesOfAnotherVpcAndInterfaceParametersAreRefused() throws {
        var f = try EndpointVpc()
        let otherVpc = try f.cloud.run { try $0.createVpc(cidrBlock: "10.9.0.0/16") }.id
        let foreign = try f.cloud.run { try $0.createRouteTable(vpcId: otherVpc) }.id
        let vpcId = f.vpcId
        let service = EndpointVpc.service("s3")
        let cases: [(VpcEndpointRequest, String)] = [
            (VpcEndpointRequest(vpcId: vpcId, serviceName: service, routeTableIds: [foreign]), "InvalidParameter"),
            (VpcEndpointRequest(vpcId: vpcId, serviceName: service, routeTableIds: ["rtb-0123456789abcdef0"]), "InvalidRouteTableID.NotFound"),
            (VpcEndpointRequest(vpcId: vpcId, serviceName: service, subnets: [.init(subnetId: f.subnetA)]), "InvalidParameter"),
            (VpcEndpointRequest(vpcId: vpcId, serviceName: service, privateDnsEnabled: true), "InvalidParameter"),
            (VpcEndpointRequest(vpcId: vpcId, serviceName: EndpointVpc.service("ssm")), "InvalidParameter"),
            (VpcEndpointRequest(vpcId: vpcId, serviceName: "com.amazonaws.us-west-2.s3"), "InvalidServiceName"),
            (VpcEndpointRequest(vpcId: vpcId, serviceName: service, policyDocument: "{not json"), "InvalidPolicyDocument"),
            (VpcEndpointRequest(vpcId: "vpc-0123456789abcdef0", serviceName: service), "InvalidVpcID.NotFound"),
        ]
        for (request, code) in cases {
            let before = f.cloud.state
            #expect(f.cloud.error { try $0.createVpcEndpoint(request) }?.code == code, "\(request)")
            #expect(f.cloud.state == before, "a refused create changes nothing")
        }
    }

    @Test func modifyingRouteTablesMovesTheRoutes() throws {
        var f = try EndpointVpc()
        let endpoint = try f.gatewayEndpoint()
        let vpcId = f.vpcId
        let other = try f.cloud.run { try $0.createRouteTable(vpcId: vpcId) }.id
        let (id, table) = (endpoint.id, f.routeTableId)
        try f.cloud.run { try $0.modifyVpcEndpoint(id, VpcEndpointModification(addRouteTableIds: [other], removeRouteTableIds: [table])) }
        #expect(f.region.vpcEndpoints[id]!.routeTableIds == [other])
        #expect(!f.region.routeTables[table]!.routes.contains { $0.target == .vpcEndpoint(id) })
        #expect(f.region.routeTables[other]!.routes.contains { $0.target == .vpcEndpoint(id) })
        // A table the endpoint does not have cannot be removed; the policy can be replaced and reset.
        #expect(
            f.cloud.error { try $0.modifyVpcEndpoint(id, VpcEndpointModification(removeRouteTableIds: [table])) }?.code == "InvalidParameter")
        let policy = #"{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:DeleteObject","Resource":"*"}]}"#
        try f.cloud.run { try $0.modifyVpcEndpoint(id, VpcEndpointModification(policyDocument: policy)) }
        #expect(f.region.vpcEndpoints[id]!.policyDocument == policy)
        try f.cloud.run { try $0.modifyVpcEndpoint(id, VpcEndpointModification(resetPolicy: true)) }
        #expect(f.region.vpcEndpoints[id]!.policyDocument.contains(#""Effect":"Allow""#))
    }

    @Test func onlyTheEndpointChangesItsRoute() throws {
        var f = try EndpointVpc()
        _ = try f.gatewayEndpoint()
        let table = f.routeTableId
        #expect(f.cloud.error { try $0.deleteRoute(table, destination: .prefixList(Self.s3List.id)) }?.code == "InvalidParameterValue")
        #expect(
            f.cloud.error { try $0.createRoute(table, destination: .prefixList(Self.s3List.id), target: .gateway("igw-0123456789abcdef0")) }?.code
                == "InvalidParameterValue")
    }

    @Test func deletingTheRouteTableTakesItOffTheEndpoint() throws {
        var f = try EndpointVpc()
        let endpoint = try f.gatewayEndpoint()
        let table = f.routeTableId
        // The table must first lose its subnet association, as for any route table.
        #expect(f.cloud.error { try $0.deleteRouteTable(table) }?.code == "DependencyViolation")
        let association = f.region.routeTables[table]!.associations[0].id
        try f.cloud.run { try $0.disassociateRouteTable(associationId: association) }
        try f.cloud.run { try $0.deleteRouteTable(table) }
        #expect(f.region.vpcEndpoints[endpoint.id]!.routeTableIds.isEmpty)
    }

    @Test func deletingTheEndpointRemovesItsRoutesAndFreesTheVpc() throws {
        var f = try EndpointVpc()
        let endpoint = try f.gatewayEndpoint()
        let id = endpoint.id
        // A VPC with nothing in it but an endpoint cannot be deleted until the endpoint is.
        let bare = try f.cloud.run { try $0.createVpc(cidrBlock: "10.8.0.0/16") }.id
        let bareTable = f.region.routeTables.values.first { $0.tableVpcId == bare }!.id
        let bareRequest = VpcEndpointRequest(vpcId: bare, serviceName: EndpointVpc.service("dynamodb"), routeTableIds: [bareTable])
        let bareEndpoint = try f.cloud.run { try $0.createVpcEndpoint(bareRequest) }.id
        #expect(f.cloud.error { try $0.deleteVpc(bare) }?.code == "DependencyViolation")
        _ = try f.cloud.run { try $0.deleteVpcEndpoints([bareEndpoint]) }
        try f.cloud.run { try $0.deleteVpc(bare) }
        let unsuccessful = try f.cloud.run { try $0.deleteVpcEndpoints([id, "vpce-0123456789abcdef0", "vpce-bad"]) }
        #expect(unsuccessful.map(\.resourceId) == ["vpce-0123456789abcdef0", "vpce-bad"])
        #expect(unsuccessful.allSatisfy { $0.error.code == "InvalidVpcEndpoint.NotFound" })
        #expect(!f.region.routeTables[f.routeTableId]!.routes.contains { $0.target == .vpcEndpoint(id) })
        let deleted = f.region.vpcEndpoints[id]!
        #expect(deleted.state(at: f.cloud.now) == .deleted && deleted.isVisible(at: f.cloud.now))
        // Deleting it again finds nothing to delete.
        #expect(try f.cloud.run { try $0.deleteVpcEndpoints([id]) }.map(\.error.code) == ["InvalidVpcEndpoint.NotFound"])
        f.cloud.now += VpcEndpoint.transitionTime + VpcEndpoint.visibleAfterDelete
        #expect(!f.region.vpcEndpoints[id]!.isVisible(at: f.cloud.now))
    }

    /// With `--enforce-quotas`, AWS's adjustable quotas: gateway endpoints per region, interface endpoints per VPC.
    @Test func quotasCountLiveEndpoints() throws {
        var f = try EndpointVpc()
        f.cloud.configuration.enforcesAdjustableQuotas = true
        f.cloud.configuration.quotas.gatewayEndpointsPerRegion = 1
        f.cloud.configuration.quotas.interfaceEndpointsPerVpc = 1
        let first = try f.gatewayEndpoint()
        let vpcId = f.vpcId
        #expect(
            f.cloud.error { try $0.createVpcEndpoint(.init(vpcId: vpcId, serviceName: EndpointVpc.service("dynamodb"))) }?.code
                == "VpcEndpointLimitExceeded")
        _ = try f.cloud.run { try $0.deleteVpcEndpoints([first.id]) }
        _ = try f.gatewayEndpoint("dynamodb")
        _ = try f.interfaceEndpoint(subnets: [f.subnetA])
        #expect(InterfaceEndpointRulesTests.code { _ = try f.interfaceEndpoint("sts", subnets: [f.subnetB]) } == "VpcEndpointLimitExceeded")
    }
}
