/// CreateTags and DeleteTags: tags on any taggable resource of the caller's account and region.
extension Transaction {
    /// Adds or overwrites `tags` on every resource in `resourceIds`; all or nothing.
    public mutating func createTags(resourceIds: [String], tags: [Tag]) throws(EC2Error) {
        guard !resourceIds.isEmpty else { throw .missingParameter("ResourceId") }
        guard !tags.isEmpty else { throw .missingParameter("Tag") }
        for id in resourceIds {
            try updateTags(of: id) { (set: inout TagSet) throws(EC2Error) in try set.add(tags, namingReservedKeys: true) }
        }
    }

    /// Removes tags from every resource in `resourceIds`: by key, by key and value, or all when `tags` is empty.
    /// AWS's own tags (`aws:…`, such as the launch template tags of an instance) stay: clients cannot remove them.
    public mutating func deleteTags(resourceIds: [String], tags: [(key: String, value: String?)]) throws(EC2Error) {
        guard !resourceIds.isEmpty else { throw .missingParameter("ResourceId") }
        if tags.contains(where: { TagSet.isSystemKey($0.key) }) { throw .reservedTagKey }
        for id in resourceIds {
            try updateTags(of: id) { (set: inout TagSet) throws(EC2Error) in
                if tags.isEmpty { set = set.systemTags }
                for tag in tags where tag.value == nil || set[tag.key] == tag.value {
                    set[tag.key] = nil
                }
            }
        }
    }

    private mutating func updateTags(of id: String, _ change: (inout TagSet) throws(EC2Error) -> Void) throws(EC2Error) {
        // The longest matching prefix: `tgw-attach-…` and `tgw-rtb-…` also start with `tgw-`.
        let kinds = ResourceIdKind.all.filter { id.hasPrefix($0.prefix.rawValue + "-") }
        guard let kind = kinds.max(by: { $0.prefix.rawValue.count < $1.prefix.rawValue.count }) else {
            throw EC2Error(code: "InvalidID", message: "The ID '\(id)' is not valid")
        }
        try kind.validate(id)
        switch kind.prefix {
        case .vpc: try updateTags(Vpc.self, id, change)
        case .subnet: try updateTags(Subnet.self, id, change)
        case .routeTable: try updateTags(RouteTable.self, id, change)
        case .internetGateway: try updateTags(InternetGateway.self, id, change)
        case .egressOnlyInternetGateway: try updateTags(EgressOnlyInternetGateway.self, id, change)
        case .dhcpOptions: try updateTags(DhcpOptions.self, id, change)
        case .vpnGateway: try updateTags(VpnGateway.self, id, change)
        case .customerGateway: try updateTags(CustomerGateway.self, id, change)
        case .securityGroup: try updateTags(SecurityGroup.self, id, change)
        case .networkAcl: try updateTags(NetworkAcl.self, id, change)
        case .instance: try updateTags(Instance.self, id, change)
        case .networkInterface: try updateTags(NetworkInterface.self, id, change)
        case .elasticIpAllocation: try updateTags(Address.self, id, change)
        case .networkInsightsPath: try updateTags(NetworkInsightsPath.self, id, change)
        case .networkInsightsAnalysis: try updateTags(NetworkInsightsAnalysis.self, id, change)
        case .natGateway: try updateTags(NatGateway.self, id, change)
        case .volume: try updateTags(Volume.self, id, change)
        case .launchTemplate: try updateTags(LaunchTemplate.self, id, change)
        case .keyPair: try updateTags(KeyPair.self, id, change)
        case .flowLog: try updateTags(FlowLog.self, id, change)
        case .prefixList: try updateTags(ManagedPrefixList.self, id, change)
        case .vpcEndpoint: try updateTags(VpcEndpoint.self, id, change)
        case .transitGateway: try updateTags(TransitGateway.self, id, change)
        case .transitGatewayAttachment:
            // A peering attachment shares the prefix; its tags are the requester's.
            if get(TransitGatewayPeeringAttachment.self, id) != nil {
                try updateTags(TransitGatewayPeeringAttachment.self, id, change)
            } else {
                try updateTags(TransitGatewayAttachment.self, id, change)
            }
        case .transitGatewayRouteTable: try updateTags(TransitGatewayRouteTable.self, id, change)
        case .securityGroupRule:
            // A rule lives in its group (Terraform's aws_vpc_security_group_ingress_rule tags it by its `sgr-…` id).
            let holds = { (rules: [SecurityGroupRule]) in rules.contains { $0.ruleId == id } }
            guard var group = first(SecurityGroup.self, where: { holds($0.ingress) || holds($0.egress) }) else {
                throw ResourceIdKind.securityGroupRule.notFound([id])
            }
            if let index = group.ingress.firstIndex(where: { $0.ruleId == id }) {
                try change(&group.ingress[index].tags)
            } else if let index = group.egress.firstIndex(where: { $0.ruleId == id }) {
                try change(&group.egress[index].tags)
            }
            put(group)
        case .vpcPeeringConnection:
            // A peering's tags belong to the account and region that set them.
            var peering = try requirePeering(id)
            var tags = peering.tagsByScope[scope] ?? TagSet()
            try change(&tags)
            peering.tagsByScope[scope] = tags.isEmpty ? nil : tags
            put(peering)
        default: throw EC2Error(code: "InvalidID", message: "The ID '\(id)' is not valid")
        }
    }

    private mutating func updateTags<R: IdentifiedResource>(
        _ type: R.Type,
        _ id: String,
        _ change: (inout TagSet) throws(EC2Error) -> Void
    ) throws(EC2Error) {
        var resource = try require(type, id)
        try change(&resource.tags)
        put(resource)
    }
}
