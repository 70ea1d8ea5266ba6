import Addressing

/// CreateSecurityGroup and DeleteSecurityGroup.
extension Transaction {
    public mutating func createSecurityGroup(
        name: String,
        description: String,
        vpcId: String?,
        tagSpecifications: [TagSpecification] = []
    ) throws(EC2Error) -> SecurityGroup {
        let vpc: Vpc
        if let vpcId {
            vpc = try require(Vpc.self, vpcId)
        } else if let defaultVpc = all(Vpc.self).first(where: \.isDefault) {
            vpc = defaultVpc
        } else {
            throw EC2Error(code: "VPCIdNotSpecified", message: "No default VPC for this user")
        }
        guard !name.isEmpty, name.count <= SecurityGroupText.maximumLength else {
            throw .invalidParameterValue("Invalid value '\(name)' for groupName.")
        }
        guard !name.lowercased().hasPrefix("sg-") else {
            throw .invalidParameterValue("Value (\(name)) for parameter GroupName is invalid. Group names may not be in the format sg-*.")
        }
        guard name != "default" else {
            throw EC2Error(code: "InvalidGroup.Reserved", message: "The security group 'default' is reserved")
        }
        guard !description.isEmpty, description.count <= SecurityGroupText.maximumLength else {
            throw .invalidParameterValue("Invalid value '\(description)' for GroupDescription.")
        }
        try SecurityGroupText.checkGroupText(name, parameter: "GroupName")
        try SecurityGroupText.checkGroupText(description, parameter: "GroupDescription")
        // Names are unique within the VPC whatever their case ("Names are case-insensitive", the API reference).
        if all(SecurityGroup.self, inVpc: vpc.id).contains(where: { $0.groupName.lowercased() == name.lowercased() }) {
            throw EC2Error(code: "InvalidGroup.Duplicate", message: "The security group '\(name)' already exists for VPC '\(vpc.id)'")
        }
        let tags = try TagSet.creating(SecurityGroup.resourceType, from: tagSpecifications)
        // A new group lets everything out: all IPv4, and all IPv6 too when the VPC has an IPv6 block.
        var egress = [SecurityGroupRule(ruleId: newId(.securityGroupRule), ipProtocol: "-1", peer: .ipv4(.init("0.0.0.0/0")!))]
        if !vpc.ipv6Blocks.isEmpty {
            egress.append(SecurityGroupRule(ruleId: newId(.securityGroupRule), ipProtocol: "-1", peer: SecurityGroupRule.allIpv6))
        }
        let group = SecurityGroup(
            id: newId(.securityGroup), scope: scope, vpcId: vpc.id, groupName: name, groupDescription: description, ingress: [], egress: egress,
            tags: tags, createdAt: now)
        put(group)
        return group
    }

    /// Deletes a group that is not its VPC's default group, that no interface uses, and that no other group of its VPC refers to.
    public mutating func deleteSecurityGroup(id: String?, name: String?) throws(EC2Error) {
        let group = try findSecurityGroup(id: id, name: name)
        guard !group.isDefault else {
            throw EC2Error(code: "CannotDelete", message: "the specified group: \"\(group.id)\" name: \"default\" cannot be deleted by a user")
        }
        // A group an interface (and so an instance) still uses cannot go.
        if all(NetworkInterface.self, inVpc: group.groupVpcId).contains(where: { $0.groupIds.contains(group.id) }) {
            throw .dependencyViolation("resource \(group.id) has a dependent object")
        }
        let referencing = all(SecurityGroup.self, inVpc: group.groupVpcId).filter { other in
            other.id != group.id && (other.ingress + other.egress).contains { $0.peer.groupId == group.id }
        }
        if let other = referencing.first {
            throw .dependencyViolation("resource \(group.id) has a dependent object (\(other.id))")
        }
        delete(group)
    }

    /// A group of the caller's by id, or by name in the default VPC (as AWS looks names up).
    public func findSecurityGroup(id: String?, name: String?) throws(EC2Error) -> SecurityGroup {
        if let id { return try require(SecurityGroup.self, id) }
        guard let name else { throw .missingParameter("GroupId") }
        let defaultVpc = all(Vpc.self).first(where: \.isDefault)?.id
        guard let group = all(SecurityGroup.self).first(where: { $0.groupName == name && $0.groupVpcId == defaultVpc }) else {
            throw .securityGroupNameNotFound(name, defaultVpcId: defaultVpc)
        }
        return group
    }
}

extension RegionState {
    /// The group called `name` in the default VPC: where AWS looks group names up (DescribeSecurityGroups' GroupName).
    public func defaultVpcSecurityGroup(named name: String) throws(EC2Error) -> SecurityGroup {
        let defaultVpc = vpcs.values.first(where: \.isDefault)?.id
        guard let group = securityGroups.values.first(where: { $0.groupName == name && $0.groupVpcId == defaultVpc }) else {
            throw .securityGroupNameNotFound(name, defaultVpcId: defaultVpc)
        }
        return group
    }
}

extension SecurityGroupRule.Peer {
    /// The referenced group's id, when the rule refers to a group.
    public var groupId: String? {
        if case .group(let id, _, _) = self { id } else { nil }
    }
}
