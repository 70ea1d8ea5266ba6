import Addressing

/// AuthorizeSecurityGroupIngress/Egress and RevokeSecurityGroupIngress/Egress.
extension Transaction {
    /// Which list of a group's rules a call changes.
    public enum RuleDirection: Sendable {
        case ingress, egress
    }

    /// Adds the rules `permissions` describe, one per source; all or none.
    public mutating func authorizeSecurityGroup(
        _ direction: RuleDirection,
        groupId: String?,
        groupName: String?,
        permissions: [IpPermission],
        tagSpecifications: [TagSpecification] = []
    ) throws(EC2Error) -> (SecurityGroup, [SecurityGroupRule]) {
        var group = try findSecurityGroup(id: groupId, name: groupName)
        guard !permissions.isEmpty else { throw .missingParameter("IpPermissions") }
        let tags = try TagSet.creating(SecurityGroupRule.resourceType, from: tagSpecifications)
        var added: [SecurityGroupRule] = []
        var existing = direction == .ingress ? group.ingress : group.egress
        for permission in permissions {
            for var rule in try rules(for: permission, in: group, resolvingPeers: true) {
                if existing.contains(where: { $0.matches(rule) }) { throw .duplicatePermission(rule) }
                rule = SecurityGroupRule(
                    ruleId: newId(.securityGroupRule), ipProtocol: rule.ipProtocol, fromPort: rule.fromPort, toPort: rule.toPort,
                    peer: rule.peer, description: rule.description, tags: tags)
                existing.append(rule)
                added.append(rule)
            }
        }
        if configuration.enforcesAdjustableQuotas, ruleQuotaUsage(of: existing) > configuration.quotas.rulesPerSecurityGroup {
            throw .rulesPerSecurityGroupLimitExceeded
        }
        if direction == .ingress { group.ingress = existing } else { group.egress = existing }
        put(group)
        return (group, added)
    }

    /// Removes rules, named by id or described by `permissions`; every one must exist.
    public mutating func revokeSecurityGroup(
        _ direction: RuleDirection,
        groupId: String?,
        groupName: String?,
        permissions: [IpPermission],
        ruleIds: [String]
    ) throws(EC2Error) -> [SecurityGroupRule] {
        var group = try findSecurityGroup(id: groupId, name: groupName)
        guard !permissions.isEmpty || !ruleIds.isEmpty else { throw .missingParameter("IpPermissions or SecurityGroupRuleIds") }
        var rules = direction == .ingress ? group.ingress : group.egress
        var revoked: [SecurityGroupRule] = []
        // Malformed ids are refused before any is looked up, as DescribeSecurityGroupRules refuses them.
        for id in ruleIds { try ResourceIdKind.securityGroupRule.validate(id) }
        for id in ruleIds {
            guard let index = rules.firstIndex(where: { $0.ruleId == id }) else { throw .securityGroupRuleNotFound([id]) }
            revoked.append(rules.remove(at: index))
        }
        for permission in permissions {
            for wanted in try self.rules(for: permission, in: group, resolvingPeers: false) {
                guard let index = rules.firstIndex(where: { $0.matches(wanted) }) else { throw .permissionNotFound }
                revoked.append(rules.remove(at: index))
            }
        }
        if direction == .ingress { group.ingress = rules } else { group.egress = rules }
        put(group)
        return revoked
    }

    /// How many rules `rules` (one direction of a group) count for against the group's quota: one each, and a prefix
    /// list's `MaxEntries` (or an AWS list's weight) for a rule that names one, as AWS counts them.
    func ruleQuotaUsage(of rules: [SecurityGroupRule]) -> Int {
        rules.reduce(0) { $0 + ($1.peer.prefixListId.flatMap { prefixList($0)?.weight } ?? 1) }
    }

    /// The rules one `IpPermission` stands for (ids left empty), refusing what AWS refuses.
    func rules(for permission: IpPermission, in group: SecurityGroup, resolvingPeers: Bool) throws(EC2Error) -> [SecurityGroupRule] {
        guard let given = permission.ipProtocol else { throw .missingParameter("IpProtocol") }
        guard let ipProtocol = SecurityGroupProtocol.normalize(given) else {
            throw .invalidParameterValue("Invalid value '\(given)' for IP protocol. Unknown protocol.")
        }
        let (from, to) = try SecurityGroupProtocol.ports(for: ipProtocol, from: permission.fromPort, to: permission.toPort)
        var peers: [(SecurityGroupRule.Peer, String?)] = []
        for range in permission.ipv4Ranges {
            guard let block = IPv4CIDR(range.cidr) else { throw .invalidParameterValue("CIDR block \(range.cidr) is malformed") }
            peers.append((.ipv4(block.canonical), range.description))
        }
        for range in permission.ipv6Ranges {
            guard let block = IPv6CIDR(range.cidr) else { throw .invalidParameterValue("CIDR block \(range.cidr) is malformed") }
            peers.append((.ipv6(block.canonical), range.description))
        }
        for reference in permission.groups {
            peers.append((try resolve(reference, for: group, requireActivePeering: resolvingPeers), reference.description))
        }
        for reference in permission.prefixListIds {
            // Authorizing needs the list to exist (the account's own or AWS's); revoking a rule whose list is gone still works.
            if resolvingPeers { _ = try requirePrefixList(reference.id) } else { try ResourceIdKind.prefixList.validate(reference.id) }
            peers.append((.prefixList(id: reference.id), reference.description))
        }
        guard !peers.isEmpty else { throw .missingParameter("IpPermissions.N.IpRanges, Ipv6Ranges, UserIdGroupPairs or PrefixListIds") }
        for (_, description) in peers { try SecurityGroupRule.checkDescription(description) }
        return peers.map { SecurityGroupRule(ruleId: "", ipProtocol: ipProtocol, fromPort: from, toPort: to, peer: $0.0, description: $0.1) }
    }

    /// A referenced group: in the same VPC, or in a VPC joined to it by an active peering in the same region or by a
    /// transit gateway with security group referencing support.
    func resolve(_ reference: IpPermission.GroupReference, for group: SecurityGroup, requireActivePeering: Bool) throws(EC2Error)
        -> SecurityGroupRule.Peer
    {
        let owner = AccountRegion(account: reference.userId ?? scope.account, region: scope.region)
        let found: SecurityGroup?
        if let id = reference.groupId {
            try ResourceIdKind.securityGroup.validate(id)
            found = get(SecurityGroup.self, id, in: owner)
        } else if let name = reference.groupName {
            found = all(SecurityGroup.self, inVpc: group.groupVpcId, in: owner).first { $0.groupName == name }
        } else {
            throw .missingParameter("UserIdGroupPairs.N.GroupId")
        }
        guard let referenced = found else {
            if !requireActivePeering, let id = reference.groupId {
                return .group(id: id, userId: owner.account, vpcId: "")  // revoking a rule whose group is gone
            }
            throw EC2Error(
                code: "InvalidGroup.NotFound", message: "The security group '\(reference.groupId ?? reference.groupName ?? "")' does not exist")
        }
        if requireActivePeering, referenced.groupVpcId != group.groupVpcId,
            base.activePeering(between: group.groupVpcId, referenced.groupVpcId, seenFrom: scope, at: now) == nil,
            !base.transitGatewayReferencesGroups(between: group.groupVpcId, referenced.groupVpcId, in: scope)
        {
            throw EC2Error(
                code: "InvalidGroup.NotFound",
                message: "The security group '\(referenced.id)' is not in VPC '\(group.groupVpcId)' or in a VPC peered with it in \(scope.region)")
        }
        return .group(id: referenced.id, userId: owner.account, vpcId: referenced.groupVpcId)
    }
}

extension SecurityGroupRule {
    /// Whether two rules allow the same traffic from the same peer (ids and descriptions aside).
    func matches(_ other: SecurityGroupRule) -> Bool {
        guard ipProtocol == other.ipProtocol, fromPort == other.fromPort, toPort == other.toPort else { return false }
        switch (peer, other.peer) {
        case (.group(let a, let userA, _), .group(let b, let userB, _)): return a == b && userA == userB
        default: return peer == other.peer
        }
    }
}
