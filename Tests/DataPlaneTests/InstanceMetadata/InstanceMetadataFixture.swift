import Addressing
import CloudModel
import Foundation
import TestSupport

@testable import DataPlane

/// A typical instance for the metadata tests: in 10.0.1.0/24 of 10.0.0.0/16 (with an IPv6 block), at 10.0.1.10 with
/// a public address, launched with a key pair and user data, tagged; and a second, bare instance beside it.
struct InstanceMetadataFixture {
    var cloud = TestCloud()
    let vpc: Vpc
    let subnet: Subnet
    let instance: Instance
    let bare: Instance
    static let publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGxvY2FsdnBjLW1ldGFkYXRhLXRlc3Qta2V5LTAxMjM0NTY3 lab-key"
    static let script = "#!/bin/sh\necho hello from user data\n"

    init() throws {
        vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }
        let vpcId = vpc.id
        subnet = try cloud.run { try $0.createSubnet(vpcId: vpcId, cidrBlock: "10.0.1.0/24") }
        let subnetId = subnet.id
        try cloud.run { _ = try $0.addKeyPair(name: "lab-key", keyType: .ed25519, fingerprint: "fp", publicKey: Self.publicKey) }
        let launch = InstanceLaunch(
            imageId: "ami-12345678", instanceType: "t3.micro", subnetId: subnetId, privateIpAddress: "10.0.1.10", associatePublicIpAddress: true,
            keyName: "lab-key", userData: Data(Self.script.utf8).base64EncodedString(),
            tagSpecifications: [TagSpecification(resourceType: "instance", tags: [Tag(key: "Name", value: "web"), Tag(key: "team", value: "net")])])
        instance = try cloud.run { try $0.runInstances(launch) }[0]
        bare = try cloud.run { try $0.runInstances(InstanceLaunch(imageId: "ami-12345678", subnetId: subnetId, privateIpAddress: "10.0.1.11")) }[0]
    }

    var state: CloudState { cloud.state }
    var scope: AccountRegion { TestCloud.scope }

    /// The instance as the state has it now.
    func current(_ instance: Instance) -> Instance { state[scope].instances[instance.id]! }

    func interface(of instance: Instance) -> NetworkInterface { state[scope].networkInterfaces[instance.primaryNetworkInterfaceId]! }

    /// The body (or nil for a 404) of `path` in `instance`'s tree.
    func metadata(_ path: String, of instance: Instance? = nil) -> String? {
        let components = path.split(separator: "/").map(String.init)
        return InstanceMetadata(instance: current(instance ?? self.instance), state: state).root.node(at: components).map {
            String(decoding: $0.body, as: UTF8.self)
        }
    }

    mutating func modifyMetadataOptions(_ change: InstanceMetadataOptions.Change, of instance: Instance? = nil) throws {
        let id = (instance ?? self.instance).id
        try cloud.run { _ = try $0.modifyInstanceMetadataOptions(id, change) }
    }
}
