public import Addressing
public import CloudModel
public import Foundation

/// What the host should hold for a state of the cloud: the namespaces of running instances, their VPCs' routers and
/// the links between them. A pure function of the state, so it is tested without a kernel; the reconciler makes the
/// host match it.
public struct DataPlaneTopology: Sendable, Hashable {
    /// By instance id: every instance that is `pending` (being booted) or `running`.
    public private(set) var hosts: [String: InstanceHost] = [:]
    /// By VPC id: every VPC with a host or a NAT gateway in it.
    public private(set) var routers: [String: VpcRouter] = [:]
    /// By transit gateway id: every `available` transit gateway with an `available` attachment of a VPC with a router.
    public private(set) var transitGateways: [String: TransitGatewayRouter] = [:]

    public init() {}

    /// The topology `state` asks for at `now`.
    public init(state: CloudState, at now: Date) {
        var subnets: [String: Subnet] = [:]
        var interfacesByInstance: [String: [NetworkInterface]] = [:]
        for region in state.regions.values {
            for subnet in region.subnets.values { subnets[subnet.id] = subnet }
            for interface in region.networkInterfaces.values {
                if let instanceId = interface.attachment?.instanceId { interfacesByInstance[instanceId, default: []].append(interface) }
            }
        }
        var routers: [String: VpcRouter] = [:]
        func router(_ vpcId: String) -> VpcRouter {
            let vpc = state.regions.values.lazy.compactMap { $0.vpcs[vpcId] }.first
            let resolver = vpc.map { VpcServiceAddress.resolver(ofPrimaryBlock: $0.cidrBlock) }
            return routers[vpcId] ?? VpcRouter(vpcId: vpcId, links: [], publicAddresses: [:], resolverAddress: resolver)
        }
        for region in state.regions.values {
            for instance in region.instances.values where instance.state == .pending || instance.state == .running {
                let interfaces = (interfacesByInstance[instance.id] ?? []).sorted {
                    ($0.attachment?.deviceIndex ?? 0) < ($1.attachment?.deviceIndex ?? 0)
                }
                let hostInterfaces = interfaces.compactMap { interface -> HostInterface? in
                    guard let block = subnets[interface.subnetId]?.cidrBlock, let attachment = interface.attachment else { return nil }
                    return HostInterface(
                        networkInterfaceId: interface.id, deviceIndex: attachment.deviceIndex, macAddress: interface.macAddress,
                        privateIpAddresses: interface.privateIpAddresses, ipv6Addresses: interface.ipv6Addresses, subnet: block.canonical)
                }
                guard !hostInterfaces.isEmpty else { continue }
                let vpc = region.vpcs[instance.instanceVpcId]
                hosts[instance.id] = InstanceHost(
                    instanceId: instance.id, vpcId: instance.instanceVpcId, interfaces: hostInterfaces,
                    resolvConf: vpc.map { NamespaceResolvConf(vpc: $0, options: region.dhcpOptions[$0.dhcpOptionsId]) })
                var vpcRouter = router(instance.instanceVpcId)
                for interface in interfaces {
                    vpcRouter.links.append(RouterLink(destination: .networkInterface(interface.id), mtu: HostInterface.mtu))
                    for address in region.addresses.values {
                        if let association = address.association, association.networkInterfaceId == interface.id {
                            vpcRouter.publicAddresses[address.publicIp] = association.privateIpAddress
                        }
                    }
                    // An Elastic IP on the primary address takes the place of the auto-assigned one, as `publicIp(of:)` says.
                    if let publicIp = interface.autoPublicIp, state.publicIp(of: interface) == publicIp {
                        vpcRouter.publicAddresses[publicIp] = interface.primaryPrivateIp
                    }
                }
                routers[instance.instanceVpcId] = vpcRouter
            }
            for gateway in region.natGateways.values where gateway.state == .available && gateway.connectivityType == .public {
                guard let publicIp = gateway.primaryPublicIp else { continue }
                var vpcRouter = router(gateway.natVpcId)
                vpcRouter.links.append(RouterLink(destination: .natGateway(gateway.id, publicIp: publicIp), mtu: RouterLink.internetMtu))
                routers[gateway.natVpcId] = vpcRouter
            }
        }
        for region in state.regions.values {
            for gateway in region.internetGateways.values {
                guard let vpcId = gateway.attachedVpcId, var vpcRouter = routers[vpcId] else { continue }
                vpcRouter.links.append(RouterLink(destination: .internetGateway(gateway.id), mtu: RouterLink.internetMtu))
                routers[vpcId] = vpcRouter
            }
            for gateway in region.egressOnlyInternetGateways.values {
                guard var vpcRouter = routers[gateway.gatewayVpcId] else { continue }
                vpcRouter.links.append(RouterLink(destination: .egressOnlyInternetGateway(gateway.id), mtu: RouterLink.internetMtu))
                routers[gateway.gatewayVpcId] = vpcRouter
            }
            for peering in region.vpcPeeringConnections.values where peering.status(at: now).carriesTraffic {
                let (a, b) = (peering.requester.vpcId, peering.accepter.vpcId)
                guard routers[a] != nil, routers[b] != nil else { continue }
                let mtu = peering.requester.scope.region == peering.accepter.scope.region ? HostInterface.mtu : RouterLink.interRegionPeeringMtu
                routers[a]!.links.append(RouterLink(destination: .vpcPeeringConnection(peering.id, peerVpcId: b), mtu: mtu))
                routers[b]!.links.append(RouterLink(destination: .vpcPeeringConnection(peering.id, peerVpcId: a), mtu: mtu))
            }
        }
        transitGateways = Self.transitGateways(in: state, at: now, routers: &routers)
        for id in routers.keys { routers[id]!.links.sort { $0.name < $1.name } }
        self.routers = routers
    }

    /// Where each public address leads from the internet: the link of the internet gateway of the VPC it belongs to,
    /// or of the NAT gateway whose Elastic IP it is; an instance's IPv6 address, the link of its VPC's internet
    /// gateway, else of its egress-only one (which lets only replies in).
    public var internetRoutes: [IPAddress: String] {
        var routes: [IPAddress: String] = [:]
        var ipv6ByVpc: [String: [IPv6Address]] = [:]
        for host in hosts.values { ipv6ByVpc[host.vpcId, default: []] += host.interfaces.flatMap(\.ipv6Addresses) }
        for router in routers.values {
            for link in router.links {
                switch link.destination {
                case .internetGateway:
                    for publicIp in router.publicAddresses.keys { routes[.v4(publicIp)] = link.name }
                    for address in ipv6ByVpc[router.vpcId] ?? [] { routes[.v6(address)] = link.name }
                case .egressOnlyInternetGateway:
                    for address in ipv6ByVpc[router.vpcId] ?? [] where routes[.v6(address)] == nil { routes[.v6(address)] = link.name }
                case .natGateway(_, let publicIp): routes[.v4(publicIp)] = link.name
                default: continue
                }
            }
        }
        return routes
    }
}
