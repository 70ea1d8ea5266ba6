import CloudModel
import EC2Protocol

/// Reads the destination and target out of CreateRoute and ReplaceRoute requests, which name them in
/// one of many optional parameters.
enum RouteRequest {
    static func destination(_ ipv4: String?, _ ipv6: String?, _ prefixList: String?) throws(EC2Error) -> Transaction.RouteDestinationRequest {
        let given = [ipv4, ipv6, prefixList].compactMap(\.self)
        guard given.count <= 1 else {
            throw .invalidParameterCombination(
                "Only one of destinationCidrBlock, destinationIpv6CidrBlock and destinationPrefixListId may be specified.")
        }
        if let prefixList { return .prefixList(prefixList) }
        guard let destination = given.first else {
            throw .missingParameter("destinationCidrBlock, destinationIpv6CidrBlock or destinationPrefixListId")
        }
        // Each parameter holds its own family: AWS refuses `::/0` as a destinationCidrBlock (and an IPv4 block as a
        // destinationIpv6CidrBlock) rather than taking the block for the other parameter.
        if let ipv4, ipv4.contains(":") { throw .invalidCidr(ipv4, parameter: "destinationCidrBlock") }
        if let ipv6, !ipv6.contains(":") { throw .invalidCidr(ipv6, parameter: "destinationIpv6CidrBlock") }
        return .cidr(destination)
    }

    /// The target a CreateRoute or ReplaceRoute request names, refusing more than one.
    static func target(of request: some RouteTargetParameters) throws(EC2Error) -> Transaction.RouteTargetRequest? {
        try target(
            gateway: request.gatewayId, vpcPeeringConnection: request.vpcPeeringConnectionId, natGateway: request.natGatewayId,
            egressOnlyInternetGateway: request.egressOnlyInternetGatewayId, transitGateway: request.transitGatewayId,
            unsupported: [
                "InstanceId": request.instanceId, "NetworkInterfaceId": request.networkInterfaceId,
                "LocalGatewayId": request.localGatewayId, "CarrierGatewayId": request.carrierGatewayId,
                "VpcEndpointId": request.vpcEndpointId, "CoreNetworkArn": request.coreNetworkArn, "OdbNetworkArn": request.odbNetworkArn,
                "LocalTarget": request.replacesLocalTarget ? "true" : nil,
            ])
    }

    private static func target(
        gateway: String?,
        vpcPeeringConnection: String?,
        natGateway: String?,
        egressOnlyInternetGateway: String?,
        transitGateway: String?,
        unsupported: KeyValuePairs<String, String?>
    ) throws(EC2Error) -> Transaction.RouteTargetRequest? {
        let others = unsupported.filter { $0.value != nil }.map(\.key)
        guard [gateway, vpcPeeringConnection, natGateway, egressOnlyInternetGateway, transitGateway].compactMap(\.self).count + others.count <= 1
        else {
            throw .invalidParameterCombination("The request must contain exactly one route target.")
        }
        if let gateway { return .gateway(gateway) }
        if let vpcPeeringConnection { return .vpcPeeringConnection(vpcPeeringConnection) }
        if let natGateway { return .natGateway(natGateway) }
        if let egressOnlyInternetGateway { return .egressOnlyInternetGateway(egressOnlyInternetGateway) }
        if let transitGateway { return .transitGateway(transitGateway) }
        return others.first.map { .unsupported(parameter: $0) }
    }
}

/// The route-target members CreateRoute and ReplaceRoute share, so one function reads both.
protocol RouteTargetParameters {
    var gatewayId: String? { get }
    var vpcPeeringConnectionId: String? { get }
    var natGatewayId: String? { get }
    var instanceId: String? { get }
    var networkInterfaceId: String? { get }
    var transitGatewayId: String? { get }
    var egressOnlyInternetGatewayId: String? { get }
    var localGatewayId: String? { get }
    var carrierGatewayId: String? { get }
    var vpcEndpointId: String? { get }
    var coreNetworkArn: String? { get }
    var odbNetworkArn: String? { get }
    /// ReplaceRoute's `LocalTarget=true`: point the route back at `local`.
    var replacesLocalTarget: Bool { get }
}

extension EC2.CreateRouteRequest: RouteTargetParameters {
    var replacesLocalTarget: Bool { false }
}

extension EC2.ReplaceRouteRequest: RouteTargetParameters {
    var replacesLocalTarget: Bool { localTarget == true }
}
