import Addressing
import CloudModel
import Reachability
import TestSupport

extension PeeredPair {
    var evaluator: Evaluator { Evaluator(state: cloud.state, scope: TestCloud.scope, at: cloud.now) }

    func analyze(from source: PathEndpoint, to destination: PathEndpoint, _ traffic: Traffic = Traffic(.icmp)) -> PathAnalysis {
        evaluator.analyze(PathQuery(scope: TestCloud.scope, source: source, destination: destination, traffic: traffic))
    }

    func ping(_ traffic: Traffic = Traffic(.icmp)) -> PathAnalysis {
        analyze(from: .instance(instanceA.id), to: .instance(instanceB.id), traffic)
    }

    /// The first packet `instance` sends out of its primary interface, from its primary private address.
    func decide(
        from instance: Instance, to destination: IPAddress, _ ipProtocol: UInt8, sourcePort: UInt16 = 40000, port: UInt16,
        checkingSecurityGroups: Bool = true
    ) -> FlowVerdict {
        let interface = interface(of: instance)
        let packet = FlowPacket(
            source: .v4(interface.primaryPrivateIp), destination: destination, ipProtocol: ipProtocol,
            sourcePort: ipProtocol == FlowPacket.tcp || ipProtocol == FlowPacket.udp ? sourcePort : 0, destinationPort: port)
        return evaluator.decide(packet, from: .networkInterface(interface.id), checkingSecurityGroups: checkingSecurityGroups)
    }

    /// A's TCP connection to B's primary private address.
    func connect(port: UInt16 = 22, sourcePort: UInt16 = 40000, checkingSecurityGroups: Bool = true) -> FlowVerdict {
        decide(
            from: instanceA, to: address(of: instanceB), FlowPacket.tcp, sourcePort: sourcePort, port: port,
            checkingSecurityGroups: checkingSecurityGroups)
    }

    func address(of instance: Instance) -> IPAddress { .v4(interface(of: instance).primaryPrivateIp) }

    /// Where B receives what A sends it across the peering: its own private address, A's source unchanged.
    var deliveryToB: FlowVerdict.Delivery {
        .networkInterface(
            id: instanceB.primaryNetworkInterfaceId, vpcId: vpcB.id, address: address(of: instanceB),
            crossing: peeringId.map(FlowVerdict.Crossing.vpcPeeringConnection))
    }
}

extension PeeredPair.Probe {
    /// The probe as the analysis asks it.
    var endpoint: PathEndpoint { instanceId.map(PathEndpoint.instance) ?? .address(destination) }
    var traffic: Traffic { tcpPort.map { Traffic(.tcp, port: $0) } ?? Traffic(.icmp) }

    /// The probe as the first packet of a flow from `source` (an echo request, or TCP from an ephemeral port).
    func packet(from source: IPAddress) -> FlowPacket {
        guard let tcpPort else { return FlowPacket(source: source, destination: destination, ipProtocol: FlowPacket.icmp, destinationPort: 8) }
        return FlowPacket(source: source, destination: destination, ipProtocol: FlowPacket.tcp, sourcePort: 40000, destinationPort: UInt16(tcpPort))
    }
}
