public import EC2Client

extension PathReport {
    /// The report of one `<item>` of `networkInsightsAnalysisSet`.
    public init(analysis xml: XMLTree, source: Endpoint, destination: Endpoint, ipProtocol: String, port: Int?) {
        let returnPath = xml.items("returnPathComponentSet").map(Hop.init(xml:))
        self.init(
            source: source, destination: destination, ipProtocol: ipProtocol, port: port, reachable: xml.text("networkPathFound") == "true",
            forward: xml.items("forwardPathComponentSet").map(Hop.init(xml:)), returnPath: returnPath,
            explanations: xml.items("explanationSet").map { Finding(xml: $0, onReturnPath: !returnPath.isEmpty) })
    }
}

extension Hop {
    init(xml: XMLTree) {
        self.init(
            sequenceNumber: Int(xml.text("sequenceNumber") ?? "") ?? 0, componentId: xml.text("component/id") ?? "?",
            componentName: xml.text("component/name"), vpcId: xml.text("vpc/id"), subnetId: xml.text("subnet/id"), matched: Self.matched(xml))
    }

    /// The route, ACL rule or group rule of a hop, in words.
    static func matched(_ xml: XMLTree) -> String? {
        if let route = xml.element("routeTableRoute") {
            let target =
                route.text("vpcPeeringConnectionId") ?? route.text("gatewayId") ?? route.text("natGatewayId")
                ?? route.text("egressOnlyInternetGatewayId") ?? route.text("transitGatewayId") ?? "?"
            let destination = route.text("destinationCidr") ?? route.text("destinationPrefixListId") ?? "?"
            return "route \(destination) -> \(target) (\(route.text("state") ?? "active"))"
        }
        if let route = xml.element("transitGatewayRouteTableRoute") {
            let target = route.text("attachmentId") ?? "blackhole"
            return "transit gateway route \(route.text("destinationCidr") ?? "?") -> \(target) (\(route.text("routeOrigin") ?? "static"), "
                + "\(route.text("state") ?? "active"))"
        }
        if let rule = xml.element("aclRule") {
            let direction = rule.text("egress") == "true" ? "out" : "in"
            return "ACL rule \(rule.text("ruleNumber") ?? "?") \(direction): \(rule.text("ruleAction") ?? "?") "
                + "\(Self.protocolName(rule.text("protocol")))\(Self.ports(rule.element("portRange"))) \(rule.text("cidr") ?? "")"
        }
        if let rule = xml.element("securityGroupRule") {
            let peer = rule.text("cidr") ?? rule.text("prefixListId") ?? "a group"
            let preposition = rule.text("direction") == "egress" ? "to" : "from"
            return "\(rule.text("direction") ?? "") rule: \(Self.protocolName(rule.text("protocol")))\(Self.ports(rule.element("portRange"))) "
                + "\(preposition) \(peer)"
        }
        return nil
    }

    /// `all`, `tcp`, `udp`, `icmp` for the names and numbers rules use.
    static func protocolName(_ value: String?) -> String {
        switch value {
        case "-1", nil: "all"
        case "6": "tcp"
        case "17": "udp"
        case "1": "icmp"
        case let other?: other
        }
    }

    /// `/22`, `/1024-65535`, or nothing for every port (or any ICMP type).
    private static func ports(_ range: XMLTree?) -> String {
        guard let from = range?.text("from"), from != "-1" else { return "" }
        let to = range?.text("to") ?? from
        return from == to ? "/\(from)" : "/\(from)-\(to)"
    }
}

extension Finding {
    init(xml: XMLTree, onReturnPath: Bool) {
        self.init(code: xml.text("explanationCode") ?? "UNKNOWN", componentId: xml.text("component/id") ?? "?", onReturnPath: onReturnPath)
        direction = xml.text("direction")
        componentName = xml.text("component/name")
        vpcId = xml.text("vpc/id")
        subnetId = xml.text("subnet/id")
        routeTableId = xml.text("routeTable/id")
        securityGroupId = xml.text("securityGroup/id") ?? xml.items("securityGroupSet").first?.text("id")
        networkAclId = xml.text("acl/id")
        aclRuleNumber = xml.text("aclRule/ruleNumber").flatMap { Int($0) }
        aclRuleAction = xml.text("aclRule/ruleAction")
        vpcPeeringConnectionId = xml.text("vpcPeeringConnection/id")
        internetGatewayId = xml.text("internetGateway/id")
        networkInterfaceId = xml.text("networkInterface/id")
        transitGatewayId = xml.text("transitGateway/id")
        transitGatewayAttachmentId = xml.text("transitGatewayAttachment/id")
        transitGatewayRouteTableId = xml.text("transitGatewayRouteTable/id")
        cidrs = xml.items("cidrSet").map(\.text)
        protocols = xml.items("protocolSet").map(\.text)
        portRanges = xml.items("portRangeSet").compactMap { range in
            guard let from = range.text("from").flatMap({ Int($0) }) else { return nil }
            return [from, range.text("to").flatMap { Int($0) } ?? from]
        }
        state = xml.text("state")
    }
}
