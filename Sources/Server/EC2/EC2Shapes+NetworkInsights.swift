import Addressing
import CloudModel
import EC2Protocol

extension EC2.NetworkInsightsPath {
    init(_ path: NetworkInsightsPath) {
        self.init(
            networkInsightsPathId: path.id, networkInsightsPathArn: path.arn, createdDate: path.createdAt, source: path.source,
            destination: path.destination, sourceArn: AnalysisComponent.arn(for: path.source, in: path.scope),
            destinationArn: path.destination.flatMap { AnalysisComponent.arn(for: $0, in: path.scope) }, sourceIp: path.sourceIp?.description,
            destinationIp: path.destinationIp?.description, protocol: path.ipProtocol, destinationPort: path.destinationPort, tags: path.tags.wire,
            filterAtSource: path.filterAtSource.map(EC2.PathFilter.init), filterAtDestination: path.filterAtDestination.map(EC2.PathFilter.init))
    }
}

extension EC2.PathFilter {
    init(_ filter: PathFilter) {
        func range(_ range: AnalysisPortRange?) -> EC2.FilterPortRange? { range.map { EC2.FilterPortRange(fromPort: $0.from, toPort: $0.to) } }
        self.init(
            sourceAddress: filter.sourceAddress?.description, sourcePortRange: range(filter.sourcePortRange),
            destinationAddress: filter.destinationAddress?.description, destinationPortRange: range(filter.destinationPortRange))
    }
}

extension EC2.NetworkInsightsAnalysis {
    /// An analysis as Describe shows it; `withFindings: false` gives the short form of the Start answer.
    init(_ analysis: NetworkInsightsAnalysis, withFindings: Bool) {
        self.init(
            networkInsightsAnalysisId: analysis.id, networkInsightsAnalysisArn: analysis.arn, networkInsightsPathId: analysis.networkInsightsPathId,
            filterInArns: analysis.filterInArns.isEmpty ? nil : analysis.filterInArns, startDate: analysis.createdAt,
            status: analysis.status.rawValue, statusMessage: analysis.statusMessage, tags: analysis.tags.wire)
        guard withFindings, let findings = analysis.findings else { return }
        networkPathFound = findings.networkPathFound
        forwardPathComponents = findings.forwardPath.map(EC2.PathComponent.init)
        returnPathComponents = findings.returnPath.map(EC2.PathComponent.init)
        explanations = findings.explanations.isEmpty ? nil : findings.explanations.map(EC2.Explanation.init)
    }
}

extension EC2.PathComponent {
    init(_ hop: AnalysisPathComponent) {
        self.init(
            sequenceNumber: hop.sequenceNumber, aclRule: hop.aclRule.map(EC2.AnalysisAclRule.init), component: EC2.AnalysisComponent(hop.component),
            routeTableRoute: hop.routeTableRoute.map(EC2.AnalysisRouteTableRoute.init),
            securityGroupRule: hop.securityGroupRule.map(EC2.AnalysisSecurityGroupRule.init), subnet: hop.subnet.map(EC2.AnalysisComponent.init),
            vpc: hop.vpc.map(EC2.AnalysisComponent.init), transitGateway: hop.transitGateway.map(EC2.AnalysisComponent.init),
            transitGatewayRouteTableRoute: hop.transitGatewayRouteTableRoute.map(EC2.TransitGatewayRouteTableRoute.init))
    }
}

extension EC2.Explanation {
    init(_ explanation: AnalysisExplanation) {
        func component(_ value: AnalysisComponent?) -> EC2.AnalysisComponent? { value.map(EC2.AnalysisComponent.init) }
        self.init()
        explanationCode = explanation.code
        direction = explanation.direction
        self.component = EC2.AnalysisComponent(explanation.component)
        vpc = component(explanation.vpc)
        subnet = component(explanation.subnet)
        routeTable = component(explanation.routeTable)
        routeTableRoute = explanation.routeTableRoute.map(EC2.AnalysisRouteTableRoute.init)
        securityGroup = component(explanation.securityGroup)
        securityGroups = explanation.securityGroups.isEmpty ? nil : explanation.securityGroups.map(EC2.AnalysisComponent.init)
        acl = component(explanation.acl)
        aclRule = explanation.aclRule.map(EC2.AnalysisAclRule.init)
        vpcPeeringConnection = component(explanation.vpcPeeringConnection)
        internetGateway = component(explanation.internetGateway)
        natGateway = component(explanation.natGateway)
        networkInterface = component(explanation.networkInterface)
        transitGateway = component(explanation.transitGateway)
        transitGatewayAttachment = component(explanation.transitGatewayAttachment)
        transitGatewayRouteTable = component(explanation.transitGatewayRouteTable)
        transitGatewayRouteTableRoute = explanation.transitGatewayRouteTableRoute.map(EC2.TransitGatewayRouteTableRoute.init)
        cidrs = explanation.cidrs.isEmpty ? nil : explanation.cidrs
        protocols = explanation.protocols.isEmpty ? nil : explanation.protocols
        portRanges = explanation.portRanges.isEmpty ? nil : explanation.portRanges.map { EC2.PortRange(from: $0.from, to: $0.to) }
        state = explanation.state
    }
}

extension EC2.AnalysisComponent {
    init(_ component: AnalysisComponent) {
        self.init(id: component.id, arn: component.arn, name: component.name)
    }
}

extension EC2.AnalysisRouteTableRoute {
    init(_ route: AnalysisRouteTableRoute) {
        self.init()
        destinationCidr = route.destinationCidr
        destinationPrefixListId = route.destinationPrefixListId
        gatewayId = route.gatewayId
        vpcPeeringConnectionId = route.vpcPeeringConnectionId
        natGatewayId = route.natGatewayId
        egressOnlyInternetGatewayId = route.egressOnlyInternetGatewayId
        transitGatewayId = route.transitGatewayId
        origin = route.origin
        state = route.state
    }
}

extension EC2.TransitGatewayRouteTableRoute {
    init(_ route: AnalysisTransitGatewayRoute) {
        self.init(
            destinationCidr: route.destinationCidr, state: route.state, routeOrigin: route.routeOrigin, attachmentId: route.attachmentId,
            resourceId: route.resourceId, resourceType: route.resourceType)
    }
}

extension EC2.AnalysisAclRule {
    init(_ rule: AnalysisAclRule) {
        self.init(
            cidr: rule.cidr, egress: rule.egress, portRange: rule.portRange.map { EC2.PortRange(from: $0.from, to: $0.to) },
            protocol: rule.ipProtocol,
            ruleAction: rule.ruleAction, ruleNumber: rule.ruleNumber)
    }
}

extension EC2.AnalysisSecurityGroupRule {
    init(_ rule: AnalysisSecurityGroupRule) {
        self.init(
            cidr: rule.cidr, direction: rule.direction, securityGroupId: rule.securityGroupId,
            portRange: rule.portRange.map { EC2.PortRange(from: $0.from, to: $0.to) }, prefixListId: rule.prefixListId, protocol: rule.ipProtocol)
    }
}
