/// ModifySecurityGroupRules and UpdateSecurityGroupRuleDescriptionsIngress/Egress: changing rules in place, so
/// they keep their `sgr-…` ids (and tags).
extension Transaction {
    /// Replaces each named rule of `groupId` with what its update describes; all or none.
    ///
    /// A rule keeps its id, direction and tags. The new rule must not duplicate another rule of the same direction.
    public mutating func modifySecurityGroupRules(groupId: String, updates: [SecurityGroupRuleUpdate]) throws(EC2Error) {
        var group = try require(SecurityGroup.self, groupId)
        guard !updates.isEmpty else { throw .missingParameter("SecurityGroupRules") }
        for update in updates {
            try ResourceIdKind.securityGroupRule.validate(update.ruleId)
            guard let request = update.rule else { throw .missingParameter("SecurityGroupRule") }
            let direction: RuleDirection
            if group.ingress.contains(where: { $0.ruleId == update.ruleId }) {
                direction = .ingress
            } else if group.egress.contains(where: { $0.ruleId == update.ruleId }) {
                direction = .egress
            } else {
                throw .securityGroupRuleNotFound([update.ruleId])
            }
            var rules = direction == .ingress ? group.ingress : group.egress
            let index = rules.firstIndex { $0.ruleId == update.ruleId }!
            let replacement = try self.rules(for: request.permission(), in: group, resolvingPeers: true)[0]
            if rules.indices.contains(where: { $0 != index && rules[$0].matches(replacement) }) {
                throw .duplicatePermission(replacement)
            }
            rules[index] = SecurityGroupRule(
                ruleId: update.ruleId, ipProtocol: replacement.ipProtocol, fromPort: replacement.fromPort, toPort: replacement.toPort,
                peer: replacement.peer, description: replacement.description, tags: rules[index].tags)
            if direction == .ingress { group.ingress = rules } else { group.egress = rules }
        }
        put(group)
    }

    /// Sets the descriptions of existing rules, named by id or described by `permissions` (one form per call).
    ///
    /// A described rule must exist exactly (`InvalidPermission.NotFound`); a named one must be a rule of this
    /// group in this direction (`InvalidSecurityGroupRuleId.NotFound`). A missing description clears it.
    public mutating func updateSecurityGroupRuleDescriptions(
        _ direction: RuleDirection,
        groupId: String?,
        groupName: String?,
        permissions: [IpPermission],
        descriptions: [SecurityGroupRuleDescription]
    ) throws(EC2Error) {
        var group = try findSecurityGroup(id: groupId, name: groupName)
        if !permissions.isEmpty && !descriptions.isEmpty {
            // The message is AWS's; the code is our best reading of it.
            throw .invalidParameterCombination("The parameter 'ipPermissions' may not be used in combination with 'securityGroupRuleDescriptions'.")
        }
        guard !permissions.isEmpty || !descriptions.isEmpty else { throw .missingParameter("IpPermissions or SecurityGroupRuleDescriptions") }
        var rules = direction == .ingress ? group.ingress : group.egress
        for item in descriptions {
            guard let ruleId = item.ruleId else { throw .missingParameter("SecurityGroupRuleDescription.N.SecurityGroupRuleId") }
            try ResourceIdKind.securityGroupRule.validate(ruleId)
            guard let index = rules.firstIndex(where: { $0.ruleId == ruleId }) else { throw .securityGroupRuleNotFound([ruleId]) }
            try SecurityGroupRule.checkDescription(item.description)
            rules[index].description = item.description
        }
        for permission in permissions {
            for wanted in try self.rules(for: permission, in: group, resolvingPeers: false) {
                guard let index = rules.firstIndex(where: { $0.matches(wanted) }) else { throw .permissionNotFound }
                rules[index].description = wanted.description
            }
        }
        if direction == .ingress { group.ingress = rules } else { group.egress = rules }
        put(group)
    }
}

/// One `SecurityGroupRules.N` of ModifySecurityGroupRules: the rule to change and what it becomes.
public struct SecurityGroupRuleUpdate: Sendable, Hashable {
    public var ruleId: String
    /// The whole new rule; AWS requires it although the wire marks it optional.
    public var rule: SecurityGroupRuleRequest?

    public init(ruleId: String, rule: SecurityGroupRuleRequest?) {
        self.ruleId = ruleId
        self.rule = rule
    }
}

/// A rule as ModifySecurityGroupRules states it: a protocol and port range, and exactly one peer.
public struct SecurityGroupRuleRequest: Sendable, Hashable {
    public var ipProtocol: String?
    public var fromPort: Int?
    public var toPort: Int?
    public var cidrIpv4: String?
    public var cidrIpv6: String?
    public var prefixListId: String?
    public var referencedGroupId: String?
    public var description: String?

    public init(
        ipProtocol: String?,
        fromPort: Int? = nil,
        toPort: Int? = nil,
        cidrIpv4: String? = nil,
        cidrIpv6: String? = nil,
        prefixListId: String? = nil,
        referencedGroupId: String? = nil,
        description: String? = nil
    ) {
        self.ipProtocol = ipProtocol
        self.fromPort = fromPort
        self.toPort = toPort
        self.cidrIpv4 = cidrIpv4
        self.cidrIpv6 = cidrIpv6
        self.prefixListId = prefixListId
        self.referencedGroupId = referencedGroupId
        self.description = description
    }

    /// The same rule as an `IpPermission` with one peer, so it is checked exactly as Authorize checks it.
    func permission() throws(EC2Error) -> IpPermission {
        let peers = [cidrIpv4, cidrIpv6, prefixListId, referencedGroupId].compactMap(\.self)
        guard !peers.isEmpty else {
            // AWS's wording (seen from the console); the code is a guess.
            throw .invalidParameterValue("CIDR block, a security group ID or a prefix list has to be specified")
        }
        guard peers.count == 1 else {
            // Guess: AWS refuses more than one peer per rule; the exact code is not documented.
            throw .invalidParameterCombination("Only one of CidrIpv4, CidrIpv6, PrefixListId and ReferencedGroupId may be specified.")
        }
        return IpPermission(
            ipProtocol: ipProtocol, fromPort: fromPort, toPort: toPort, ipv4Ranges: cidrIpv4.map { [(cidr: $0, description: description)] } ?? [],
            ipv6Ranges: cidrIpv6.map { [(cidr: $0, description: description)] } ?? [],
            groups: referencedGroupId.map { [IpPermission.GroupReference(groupId: $0, description: description)] } ?? [],
            prefixListIds: prefixListId.map { [(id: $0, description: description)] } ?? [])
    }
}

/// One `SecurityGroupRuleDescriptions.N`: a rule by id and its new description (none clears it).
public struct SecurityGroupRuleDescription: Sendable, Hashable {
    public var ruleId: String?
    public var description: String?

    public init(ruleId: String?, description: String?) {
        self.ruleId = ruleId
        self.description = description
    }
}
