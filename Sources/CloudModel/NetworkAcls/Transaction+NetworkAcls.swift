import Addressing

/// CreateNetworkAcl, DeleteNetworkAcl and ReplaceNetworkAclAssociation.
///
/// Every subnet is associated with exactly one ACL of its VPC at all times: CreateSubnet associates the VPC's
/// default ACL, ReplaceNetworkAclAssociation moves the association, and DeleteSubnet removes it.
extension Transaction {
    /// Creates a custom ACL that denies everything: only the `*` entries, both ways (IPv6 too when the VPC has a block).
    public mutating func createNetworkAcl(vpcId: String, tagSpecifications: [TagSpecification] = [], clientToken: String? = nil) throws(EC2Error)
        -> NetworkAcl
    {
        let fingerprint = IdempotentRequest.fingerprint([vpcId])
        if let earlier = try madeEarlier(NetworkAcl.self, clientToken: clientToken, fingerprint: fingerprint) { return earlier }
        let vpc = try require(Vpc.self, vpcId)
        let tags = try TagSet.creating(NetworkAcl.resourceType, from: tagSpecifications)
        var entries: [NetworkAclEntry] = []
        for egress in [true, false] {
            entries.append(NetworkAclEntry(ruleNumber: 32767, egress: egress, ipProtocol: "-1", ruleAction: .deny, cidrBlock: IPCIDR("0.0.0.0/0")!))
            if !vpc.ipv6Blocks.isEmpty {
                entries.append(NetworkAclEntry(ruleNumber: 32768, egress: egress, ipProtocol: "-1", ruleAction: .deny, cidrBlock: IPCIDR("::/0")!))
            }
        }
        var acl = NetworkAcl(id: newId(.networkAcl), scope: scope, vpcId: vpcId, isDefault: false, entries: entries, tags: tags, createdAt: now)
        acl.clientToken = clientToken
        acl.requestFingerprint = clientToken.map { _ in fingerprint }
        put(acl)
        return acl
    }

    /// Deletes a custom ACL that no subnet is associated with.
    public mutating func deleteNetworkAcl(_ networkAclId: String) throws(EC2Error) {
        let acl = try require(NetworkAcl.self, networkAclId)
        guard !acl.isDefault else { throw .cannotDeleteDefaultNetworkAcl(networkAclId) }
        guard acl.associations.isEmpty else {
            throw .dependencyViolation("The networkAcl '\(networkAclId)' has dependencies and cannot be deleted.")
        }
        delete(acl)
    }

    /// Moves a subnet's association to another ACL of the same VPC; the subnet gets a new association id.
    public mutating func replaceNetworkAclAssociation(associationId: String, networkAclId: String) throws(EC2Error) -> NetworkAclAssociation {
        var target = try require(NetworkAcl.self, networkAclId)
        guard var current = all(NetworkAcl.self).first(where: { $0.associations.contains { $0.id == associationId } }) else {
            throw .networkAclAssociationNotFound(associationId)
        }
        let previous = current.associations.first { $0.id == associationId }!
        guard target.aclVpcId == current.aclVpcId else {
            // Guess: worded as AWS words the same refusal for route tables.
            throw .invalidParameterValue("Network ACL \(networkAclId) and subnet \(previous.subnetId) belong to different networks")
        }
        current.associations.removeAll { $0.id == associationId }
        put(current)
        if target.id == current.id { target = current }
        let replacement = NetworkAclAssociation(id: newId(.networkAclAssociation), subnetId: previous.subnetId)
        target.associations.append(replacement)
        put(target)
        return replacement
    }
}
