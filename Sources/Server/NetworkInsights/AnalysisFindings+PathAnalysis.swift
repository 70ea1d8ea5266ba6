import Addressing
import CloudModel
import Foundation
import Reachability

extension AnalysisFindings {
    /// What the evaluator finds for `path` in `state` at `now`, in the stored model's (and the wire's) terms.
    init(analyzing path: NetworkInsightsPath, in state: CloudState, at now: Date) {
        let evaluator = Evaluator(state: state, scope: path.scope, at: now)
        self.init(evaluator.analyze(PathQuery(path)), in: state, scope: path.scope)
    }

    /// Converts the evaluator's answer: hops numbered from 1 with their VPC, subnet and matched rule; each
    /// explanation with the fields AWS fills for its code, and the evaluator's fix spelt out in those fields.
    init(_ analysis: PathAnalysis, in state: CloudState, scope: AccountRegion) {
        let names = ComponentNames(state: state, scope: scope)
        let forward = analysis.forward.filter { $0.id != "none" }
        let returnPath = analysis.returnPath.filter { $0.id != "none" }
        self.init(
            networkPathFound: analysis.isReachable,
            forwardPath: forward.enumerated().map { names.pathComponent($0.element, sequenceNumber: $0.offset + 1) },
            returnPath: returnPath.enumerated().map { names.pathComponent($0.element, sequenceNumber: $0.offset + 1) },
            explanations: analysis.explanations.map { explanation in
                let hops = explanation.direction == .forward ? forward : returnPath
                return names.explanation(explanation, lastRoute: hops.last { $0.id == explanation.component.id }?.matched)
            })
    }
}

/// Turns ids into `AnalysisComponent`s (ARN in the owner's account and region, `Name` tag) for one analysis.
struct ComponentNames {
    let state: CloudState
    let scope: AccountRegion

    func component(_ id: String) -> AnalysisComponent {
        let resource = state[scope].resource(id) ?? state.regions.values.lazy.compactMap { $0.resource(id) }.first
        let name = (resource?.base as? any TaggedResource)?.tags["Name"]
        return AnalysisComponent(id: id, arn: AnalysisComponent.arn(for: id, in: resource?.scope ?? scope), name: name)
    }

    func pathComponent(_ hop: PathComponent, sequenceNumber: Int) -> AnalysisPathComponent {
        var result = AnalysisPathComponent(
            sequenceNumber: sequenceNumber, component: component(hop.id), vpc: hop.vpcId.map(component), subnet: hop.subnetId.map(component))
        switch hop.matched {
        case .route(let route, let routeState)?: result.routeTableRoute = Self.route(route, routeState)
        case .aclEntry(let entry)?: result.aclRule = Self.aclRule(entry)
        case .securityGroupRule(let rule, let groupId, let egress)?:
            let cidr: String? = if case .ipv4(let block) = rule.peer { block.description } else { nil }
            result.securityGroupRule = AnalysisSecurityGroupRule(
                cidr: cidr, prefixListId: rule.peer.prefixListId, direction: egress ? "egress" : "ingress", securityGroupId: groupId,
                portRange: rule.fromPort.map { AnalysisPortRange(from: $0, to: rule.toPort ?? $0) }, ipProtocol: rule.ipProtocol)
        case .transitGatewayRoute(let route)?: result.transitGatewayRouteTableRoute = Self.route(route)
        case nil: break
        }
        result.transitGateway = transitGatewayId(of: hop).map(component)
        return result
    }

    /// The transit gateway a transit gateway hop belongs to: the gateway itself, an attachment's, a route table's.
    func transitGatewayId(of hop: PathComponent) -> String? {
        switch hop.kind {
        case .transitGateway: hop.id
        case .transitGatewayAttachment:
            state.regions.values.lazy.compactMap { $0.transitGatewayAttachments[hop.id]?.transitGatewayId }.first
                ?? state.transitGatewayPeeringAttachments(seenFrom: scope).first { $0.id == hop.id }?.transitGatewayId
        case .transitGatewayRouteTable: state.regions.values.lazy.compactMap { $0.transitGatewayRouteTables[hop.id]?.transitGatewayId }.first
        default: nil
        }
    }

    /// An explanation with its component in the field of its kind, and the evaluator's fix as AWS's fields: the
    /// route table, destination block and peering or gateway of a missing route; the group, direction, protocol,
    /// ports and block of a missing rule; the ACL of a restriction; the state of a peering or instance.
    func explanation(_ explanation: Explanation, lastRoute: MatchedRule?) -> AnalysisExplanation {
        let blocked = explanation.component
        var result = AnalysisExplanation(
            code: explanation.code.rawValue, onReturnPath: explanation.direction == .return, component: component(blocked.id))
        result.vpc = blocked.vpcId.map(component)
        result.subnet = blocked.subnetId.map(component)
        switch blocked.kind {
        case .routeTable:
            result.routeTable = result.component
            if case .route(let route, let routeState)? = lastRoute { result.routeTableRoute = Self.route(route, routeState) }
        case .securityGroup:
            result.securityGroup = result.component
            result.securityGroups = [result.component]
        case .networkAcl:
            result.acl = result.component
            if case .aclEntry(let entry)? = blocked.matched {
                result.aclRule = Self.aclRule(entry)
                result.direction = entry.egress ? "egress" : "ingress"
            }
        case .vpcPeeringConnection: result.vpcPeeringConnection = result.component
        case .internetGateway: result.internetGateway = result.component
        case .natGateway: result.natGateway = result.component
        // AWS's Explanation has no member of its own for an egress-only gateway, and LocalVPC's analyses do not keep its
        // VpcEndpoint member: `component` names them.
        case .egressOnlyInternetGateway, .vpcEndpoint: break
        case .networkInterface: result.networkInterface = result.component
        case .instance: result.state = state[scope].instances[blocked.id]?.state.rawValue
        case .transitGateway: break
        case .transitGatewayAttachment: result.transitGatewayAttachment = result.component
        case .transitGatewayRouteTable:
            result.transitGatewayRouteTable = result.component
            if case .transitGatewayRoute(let route)? = blocked.matched {
                result.transitGatewayRouteTableRoute = Self.route(route)
                result.state = route.state.rawValue
            }
        }
        result.transitGateway = transitGatewayId(of: blocked).map(component)
        if let fix = explanation.fix { apply(fix, to: &result) }
        return result
    }

    private func apply(_ fix: Fix, to result: inout AnalysisExplanation) {
        switch fix {
        case .createRoute(let routeTableId, let destination, let target):
            result.routeTable = component(routeTableId)
            result.cidrs = [destination]
            switch target {
            case .vpcPeeringConnection(let id): result.vpcPeeringConnection = component(id)
            case .internetGateway(let id): result.internetGateway = component(id)
            case .natGateway(let id): result.natGateway = component(id)
            case .transitGateway(let id): result.transitGateway = component(id)
            case .local, .egressOnlyInternetGateway, .vpcEndpoint: break
            }
        case .authorizeIngress(let groupId, let ipProtocol, let fromPort, let toPort, let cidr),
            .authorizeEgress(let groupId, let ipProtocol, let fromPort, let toPort, let cidr):
            if case .authorizeEgress = fix { result.direction = "egress" } else { result.direction = "ingress" }
            result.securityGroup = component(groupId)
            result.securityGroups = [component(groupId)]
            result.protocols = [ipProtocol]
            result.portRanges = fromPort.map { [AnalysisPortRange(from: $0, to: toPort ?? $0)] } ?? []
            result.cidrs = [cidr]
        case .createAclEntry(let networkAclId, _, let egress, let protocolNumber, let portRange, let cidr):
            result.acl = component(networkAclId)
            result.direction = egress ? "egress" : "ingress"
            result.protocols = [String(protocolNumber)]
            result.portRanges = portRange.map { [AnalysisPortRange(from: $0.lowerBound, to: $0.upperBound)] } ?? []
            result.cidrs = [cidr]
        case .acceptPeering(let id):
            result.vpcPeeringConnection = component(id)
            result.state = "pending-acceptance"
        case .associatePublicAddress(let networkInterfaceId): result.networkInterface = component(networkInterfaceId)
        case .startInstance(let instanceId): result.state = state[scope].instances[instanceId]?.state.rawValue ?? "stopped"
        // The table to associate or propagate into, the attachment, and for a replacement the blackhole route's block.
        case .associateTransitGatewayRouteTable(let routeTableId, let attachmentId),
            .enableTransitGatewayRouteTablePropagation(let routeTableId, let attachmentId):
            result.transitGatewayRouteTable = component(routeTableId)
            result.transitGatewayAttachment = component(attachmentId)
        case .replaceTransitGatewayRoute(let routeTableId, let destination, let attachmentId):
            result.transitGatewayRouteTable = component(routeTableId)
            result.transitGatewayAttachment = component(attachmentId)
            result.cidrs = [destination]
        }
    }

    static func route(_ route: Route, _ state: RouteState) -> AnalysisRouteTableRoute {
        var result = AnalysisRouteTableRoute(
            destinationCidr: route.destination.cidr?.description, destinationPrefixListId: route.destination.prefixListId,
            gatewayId: route.target.gatewayId,
            vpcPeeringConnectionId: route.target.vpcPeeringConnectionId, natGatewayId: route.target.natGatewayId,
            egressOnlyInternetGatewayId: route.target.egressOnlyInternetGatewayId, origin: route.origin.rawValue, state: state.rawValue)
        result.transitGatewayId = route.target.transitGatewayId
        return result
    }

    static func route(_ route: TransitGatewayRoute) -> AnalysisTransitGatewayRoute {
        AnalysisTransitGatewayRoute(
            destinationCidr: route.destination.description, state: route.state.rawValue, routeOrigin: route.type.rawValue,
            attachmentId: route.attachmentId, resourceId: route.resourceId, resourceType: route.resourceType)
    }

    static func aclRule(_ entry: NetworkAclEntry) -> AnalysisAclRule {
        AnalysisAclRule(
            cidr: entry.cidrBlock.description, egress: entry.egress,
            portRange: entry.portRange.map { AnalysisPortRange(from: $0.lowerBound, to: $0.upperBound) }, ipProtocol: entry.ipProtocol,
            ruleAction: entry.ruleAction.rawValue, ruleNumber: entry.ruleNumber)
    }
}
