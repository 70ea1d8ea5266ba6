import Addressing
import CloudModel
import Reachability
import TestSupport
import Testing

/// Network ACLs filter what enters and leaves a subnet, never what stays inside it (VPC User Guide, "Network ACL
/// basics": "We evaluate the network ACL rules when traffic enters and leaves the subnet, not as it is routed within a
/// subnet"), for the analysis and for a flow's first packet alike.
struct SubnetAclScopeTests {
    /// Instances A and B in one subnet, C in another, all in the default group (its members talk to each other), and the
    /// default ACL denying everything from and to the VPC's block, both ways.
    struct Lab {
        var cloud = TestCloud()
        let a: Instance, b: Instance, c: Instance

        init() throws {
            let vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }.id
            let first = try cloud.run { try $0.createSubnet(vpcId: vpc, cidrBlock: "10.0.1.0/24") }.id
            let second = try cloud.run { try $0.createSubnet(vpcId: vpc, cidrBlock: "10.0.2.0/24") }.id
            a = try cloud.run { try $0.runInstances(InstanceLaunch(imageId: "ami-12345678", subnetId: first)) }[0]
            b = try cloud.run { try $0.runInstances(InstanceLaunch(imageId: "ami-12345678", subnetId: first)) }[0]
            c = try cloud.run { try $0.runInstances(InstanceLaunch(imageId: "ami-12345678", subnetId: second)) }[0]
            let acl = cloud.state[TestCloud.scope].networkAcls.values.first { $0.aclVpcId == vpc && $0.isDefault }!.id
            for egress in [false, true] {
                try cloud.run {
                    try $0.createNetworkAclEntry(
                        acl, NetworkAclEntryRequest(ruleNumber: 1, egress: egress, ipProtocol: "-1", ruleAction: "deny", cidrBlock: "10.0.0.0/16"))
                }
            }
        }

        var evaluator: Evaluator { Evaluator(state: cloud.state, scope: TestCloud.scope, at: cloud.now) }

        func interface(of instance: Instance) -> NetworkInterface {
            cloud.state[TestCloud.scope].networkInterfaces[instance.primaryNetworkInterfaceId]!
        }

        func analyze(from source: Instance, to destination: Instance, _ traffic: Traffic) -> PathAnalysis {
            evaluator.analyze(
                PathQuery(scope: TestCloud.scope, source: .instance(source.id), destination: .instance(destination.id), traffic: traffic))
        }

        /// The first packet of a TCP connection (from port 40000 to 5432) or of a ping from `source` to `destination`.
        func decide(from source: Instance, to destination: Instance, tcp: Bool) -> FlowVerdict {
            let packet = FlowPacket(
                source: .v4(interface(of: source).primaryPrivateIp), destination: .v4(interface(of: destination).primaryPrivateIp),
                ipProtocol: tcp ? FlowPacket.tcp : FlowPacket.icmp, sourcePort: tcp ? 40000 : 0, destinationPort: tcp ? 5432 : 8)
            return evaluator.decide(packet, from: .networkInterface(interface(of: source).id))
        }
    }

    @Test(arguments: [Traffic(.icmp), Traffic(.tcp, port: 5432)])
    func withinTheSubnetNoAclIsAsked(_ traffic: Traffic) throws {
        let lab = try Lab()
        let analysis = lab.analyze(from: lab.a, to: lab.b, traffic)
        #expect(analysis.isReachable, "\(analysis.explanations.map(\.detail))")
        #expect(!(analysis.forward + analysis.returnPath).contains { $0.kind == .networkAcl }, "no ACL is on the path")
        #expect(lab.decide(from: lab.a, to: lab.b, tcp: traffic.ipProtocol == .tcp).isAccepted)
    }

    @Test(arguments: [Traffic(.icmp), Traffic(.tcp, port: 5432)])
    func acrossSubnetsTheAclDenies(_ traffic: Traffic) throws {
        let lab = try Lab()
        let analysis = lab.analyze(from: lab.a, to: lab.c, traffic)
        #expect(analysis.explanations.map(\.code) == [.subnetAclRestriction])
        let verdict = lab.decide(from: lab.a, to: lab.c, tcp: traffic.ipProtocol == .tcp)
        #expect(verdict.blockedBy == .subnetAclRestriction)
    }
}
