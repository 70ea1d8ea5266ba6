import Addressing
import CloudModel
import Foundation
import Reachability
import TestSupport

/// Three VPCs (10.1/16, 10.2/16, 10.3/16) as seed 003 leaves them, joined by one transit gateway instead of peerings:
/// each has a workload subnet with an instance in us-east-1a and an attachment subnet (x.255.0/28) there, an attachment
/// associated with the gateway's default route table and propagating into it (AWS's defaults), `10.0.0.0/8` routed to
/// the gateway from its main table, and its default group open to 10.0.0.0/8. Every spoke reaches every other.
struct TransitGatewayHub {
    var cloud = TestCloud()
    let gatewayId: String
    /// The gateway's default association table ("none" when its options turn that off).
    let defaultTableId: String
    let vpcs: [Vpc]
    let workloadSubnets: [Subnet]
    let attachmentSubnets: [Subnet]
    var attachments: [String]
    var instances: [Instance]

    static let zone = "us-east-1a"

    /// `attachInWorkloadSubnet`: the attachment's interface in the instances' own subnet, not a subnet of its own.
    init(
        gatewayOptions: TransitGateway.Options = .init(), attachmentOptions: TransitGatewayAttachment.Options = .init(),
        attachInWorkloadSubnet: Bool = false
    )
        throws
    {
        gatewayId = try cloud.run { try $0.createTransitGateway(description: "hub", options: gatewayOptions, tags: [:]) }.id
        let gateway = gatewayId
        defaultTableId = cloud.state[TestCloud.scope].transitGateways[gateway]!.associationDefaultRouteTableId ?? "none"
        var vpcs: [Vpc] = [], workloads: [Subnet] = [], attachmentSubnets: [Subnet] = [], attachments: [String] = [], instances: [Instance] = []
        for n in 1...3 {
            let vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.\(n).0.0/16") }
            let workload = try cloud.run { try $0.createSubnet(vpcId: vpc.id, cidrBlock: "10.\(n).1.0/24", availabilityZone: Self.zone) }
            let attachmentSubnet = try cloud.run { try $0.createSubnet(vpcId: vpc.id, cidrBlock: "10.\(n).255.0/28", availabilityZone: Self.zone) }
            let subnetIds = [attachInWorkloadSubnet ? workload.id : attachmentSubnet.id]
            attachments.append(
                try cloud.run {
                    try $0.createTransitGatewayVpcAttachment(
                        transitGatewayId: gateway, vpcId: vpc.id, subnetIds: subnetIds, options: attachmentOptions, tags: [:])
                }.id)
            let table = cloud.state[TestCloud.scope].routeTables.values.first { $0.tableVpcId == vpc.id && $0.isMain }!.id
            try cloud.run { try $0.createRoute(table, destination: "10.0.0.0/8", target: .transitGateway(gateway)) }
            instances.append(try cloud.run { try $0.runInstances(InstanceLaunch(imageId: "ami-12345678", subnetId: workload.id)) }[0])
            vpcs.append(vpc)
            workloads.append(workload)
            attachmentSubnets.append(attachmentSubnet)
        }
        (self.vpcs, workloadSubnets, self.attachmentSubnets, self.attachments, self.instances) = (
            vpcs, workloads, attachmentSubnets, attachments, instances
        )
        for vpc in vpcs { try openGroup(of: vpc.id, to: "10.0.0.0/8") }
        settle()
    }

    /// Lets the transit gateway's pieces become `available`.
    mutating func settle() { cloud.now += TransitGatewayLifecycle.transitionTime }

    mutating func openGroup(of vpcId: String, to cidr: String) throws {
        let group = defaultGroup(vpcId).id
        let permissions = [IpPermission(ipProtocol: "-1", ipv4Ranges: [(cidr: cidr, description: nil)])]
        try cloud.run { _ = try $0.authorizeSecurityGroup(.ingress, groupId: group, groupName: nil, permissions: permissions) }
    }

    func defaultGroup(_ vpcId: String) -> SecurityGroup {
        cloud.state[TestCloud.scope].securityGroups.values.first { $0.groupVpcId == vpcId && $0.isDefault }!
    }

    func mainTable(_ index: Int) -> RouteTable {
        cloud.state[TestCloud.scope].routeTables.values.first { $0.tableVpcId == vpcs[index].id && $0.isMain }!
    }

    func interface(_ index: Int) -> NetworkInterface {
        cloud.state[TestCloud.scope].networkInterfaces[instances[index].primaryNetworkInterfaceId]!
    }

    func address(_ index: Int) -> IPAddress { .v4(interface(index).primaryPrivateIp) }

    /// Gives `subnet` a new ACL of its VPC with these entries (besides the final denies every ACL has).
    mutating func replaceAcl(of subnet: Subnet, with entries: [NetworkAclEntryRequest]) throws {
        let acl = try cloud.run { try $0.createNetworkAcl(vpcId: subnet.subnetVpcId) }.id
        for entry in entries { try cloud.run { try $0.createNetworkAclEntry(acl, entry) } }
        let association = cloud.state[TestCloud.scope].networkAcls.values.lazy.flatMap(\.associations).first { $0.subnetId == subnet.id }!.id
        try cloud.run { _ = try $0.replaceNetworkAclAssociation(associationId: association, networkAclId: acl) }
    }

    var evaluator: Evaluator { Evaluator(state: cloud.state, scope: TestCloud.scope, at: cloud.now) }

    func analyze(_ from: Int, _ to: Int, _ traffic: Traffic = Traffic(.icmp)) -> PathAnalysis {
        evaluator.analyze(
            PathQuery(scope: TestCloud.scope, source: .instance(instances[from].id), destination: .instance(instances[to].id), traffic: traffic))
    }

    /// The first packet of a TCP flow from instance `from` to instance `to`'s port 22.
    func decide(_ from: Int, _ to: Int) -> FlowVerdict {
        let packet = FlowPacket(source: address(from), destination: address(to), ipProtocol: FlowPacket.tcp, sourcePort: 40000, destinationPort: 22)
        return evaluator.decide(packet, from: .networkInterface(interface(from).id))
    }
}
