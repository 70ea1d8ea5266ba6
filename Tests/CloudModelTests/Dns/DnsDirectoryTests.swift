import Addressing
import CloudModel
import Foundation
import TestSupport
import Testing

/// The directory the Amazon DNS server reads, made from a cloud's state: the names DescribeInstances shows are the
/// names that resolve, through the same functions, and the peering option as ModifyVpcPeeringConnectionOptions set it.
struct DnsDirectoryTests {
    @Test func theNamesTheApiShowsResolveAsAwsSays() throws {
        var pair = try PeeredPair()
        try pair.peer()
        let (a, b) = (pair.vpcA.id, pair.vpcB.id)
        try pair.attachInternetGateway(to: b)
        let address = try pair.associateElasticIp(to: pair.instanceB)
        for vpc in [a, b] { try pair.cloud.run { try $0.modifyVpcAttribute(vpc, .enableDnsHostnames, to: true) } }
        let interfaceB = pair.interface(of: pair.instanceB)
        let state = pair.cloud.state
        let publicName = try #require(state.publicAssociation(of: interfaceB, privateIp: interfaceB.primaryPrivateIp)?.dnsName)
        #expect(publicName == CloudState.publicDnsName(address.publicIp, region: "us-east-1"))
        let privateB = IPAddress.v4(interfaceB.primaryPrivateIp)

        func resolve(_ name: String, from vpc: String, in state: CloudState) -> [IPAddress] {
            AmazonDns.resolve(name, .a, from: .vpc(vpc), in: DnsDirectory(state: state, at: Date(timeIntervalSince1970: 0))).addresses
        }
        #expect(resolve(publicName, from: b, in: state) == [privateB], "inside its own VPC")
        #expect(resolve(publicName, from: a, in: state) == [.v4(address.publicIp)], "across the peering, the option is off")
        #expect(resolve(CloudState.privateDnsName(interfaceB.primaryPrivateIp, region: "us-east-1"), from: b, in: state) == [privateB])

        // The accepter (B) allows it: A's instances now resolve B's public name to its private address.
        let peering = try #require(pair.peeringId)
        try pair.cloud.run {
            _ = try $0.modifyVpcPeeringConnectionOptions(peering, requesterAllowDnsResolution: nil, accepterAllowDnsResolution: true)
        }
        #expect(resolve(publicName, from: a, in: pair.cloud.state) == [privateB])

        // A deleted peering resolves nothing privately any more.
        try pair.cloud.run { _ = try $0.deleteVpcPeeringConnection(peering) }
        #expect(resolve(publicName, from: a, in: pair.cloud.state) == [.v4(address.publicIp)])
    }
}
