/// The text `localvpc reach`, `doctor` and `reach --matrix` print: the path hop by hop, the verdict, why not,
/// and the fixes.
public enum ReportText {
    /// A report: the question, the hops each way with what matched, the verdict and each explanation.
    public static func report(_ report: PathReport) -> String {
        var lines = ["\(report.source.label) -> \(report.destination.label)  \(traffic(report.ipProtocol, report.port))"]
        for (title, hops) in [("forward", report.forward), ("return", report.returnPath)] where !hops.isEmpty {
            lines.append("  \(title) path:")
            lines += hops.map(hop)
        }
        if report.reachable {
            lines.append("REACHABLE")
        } else {
            lines.append("NOT REACHABLE")
            lines += report.explanations.map {
                "  \($0.code) (\($0.onReturnPath ? "reply" : "request")) at \(label($0.componentId, $0.componentName)): \(sentence($0))"
            }
        }
        return lines.joined(separator: "\n")
    }

    /// One doctor round: the report, then `fix:` and the command for each explanation (and what applying did).
    public static func round(_ round: DoctorRound, applying: Bool) -> String {
        var lines = [report(round.report)]
        for fix in round.fixes {
            guard let command = fix.command else {
                lines.append("  no fix known for \(fix.code) at \(fix.componentId)")
                continue
            }
            lines.append("  fix: \(command)")
            if applying { lines.append(fix.applied ? "    applied" : "    not applied: \(fix.error ?? "?")") }
        }
        return lines.joined(separator: "\n")
    }

    /// The matrix as a table (`yes`, `NO`, `-` on the diagonal), then what blocks each pair that is not reachable.
    public static func matrix(_ matrix: ReachabilityMatrix, _ ipProtocol: String, _ port: Int?) -> String {
        guard !matrix.instances.isEmpty else { return "no instances" }
        let labels = matrix.instances.map(\.label)
        let width = max(labels.map(\.count).max() ?? 0, 9)
        func pad(_ text: String) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }
        func row(_ cells: [String]) -> String { String(cells.map(pad).joined(separator: "  ").reversed().drop { $0 == " " }.reversed()) }
        var lines = ["\(traffic(ipProtocol, port)), rows reach columns:", row([""] + labels)]
        for source in matrix.instances {
            let cells = matrix.instances.map { destination -> String in
                guard source.id != destination.id, let pair = matrix.pair(source.id ?? "", destination.id ?? "") else { return "-" }
                return pair.reachable ? "yes" : "NO"
            }
            lines.append(row([source.label] + cells))
        }
        let blocked = matrix.pairs.filter { !$0.reachable }
        if !blocked.isEmpty { lines.append("") }
        lines += blocked.map { "\($0.source) -> \($0.destination): \($0.blockedBy.joined(separator: "; "))" }
        return lines.joined(separator: "\n")
    }

    static func hop(_ hop: Hop) -> String {
        let component = label(hop.componentId, hop.componentName)
        let place = [hop.subnetId, hop.vpcId].compactMap { $0 }.joined(separator: " ")
        let detail = hop.matched ?? place
        let number = String(hop.sequenceNumber)
        return "  \(String(repeating: " ", count: max(0, 3 - number.count)))\(number)  \(component)\(detail.isEmpty ? "" : "  \(detail)")"
    }

    static func traffic(_ ipProtocol: String, _ port: Int?) -> String {
        port.map { "\(ipProtocol)/\($0)" } ?? ipProtocol
    }

    static func label(_ id: String, _ name: String?) -> String {
        name.map { "\($0) (\(id))" } ?? id
    }

    /// What an explanation code means here, in a sentence built from its fields.
    static func sentence(_ finding: Finding) -> String {
        let what = finding.componentId
        let direction = finding.direction.map { "\($0) " } ?? ""
        switch finding.code {
        case "NO_ROUTE_TO_DESTINATION":
            return "\(finding.routeTableId ?? what) has no route \(finding.cidrs.first.map { "to \($0)" } ?? "to the destination")"
                + (finding.vpcPeeringConnectionId.map { " via \($0)" } ?? finding.internetGatewayId.map { " via \($0)" }
                    ?? finding.transitGatewayId.map { " via \($0)" } ?? "")
        case "MORE_SPECIFIC_ROUTE": return "a more specific route in \(finding.routeTableId ?? what) sends the traffic elsewhere"
        case "BAD_STATE_ROUTE":
            return "the route's target cannot carry traffic (blackhole)"
                + (finding.vpcPeeringConnectionId.map { ": \($0) is \(finding.state ?? "not active")" } ?? "")
        case "BAD_STATE": return "\(what) is \(finding.state ?? "not in a state to carry traffic")"
        case "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR":
            return "\(what) carries only traffic to or from the peer VPC's own blocks (peering is not transitive)"
        case "ENI_SG_RULES_MISMATCH":
            return "no \(direction)rule of \(finding.securityGroupId ?? what) allows this traffic"
                + (finding.cidrs.first.map { " (\(finding.direction == "egress" ? "to" : "from") \($0))" } ?? "")
        case "SG_HAS_NO_RULES": return "\(finding.securityGroupId ?? what) has no \(direction)rules"
        case "SUBNET_ACL_RESTRICTION":
            let rule = finding.aclRuleAction == "deny" ? finding.aclRuleNumber.map { "rule \($0) denies" } : nil
            return "\(finding.networkAclId ?? what) \(rule ?? "has no rule allowing") this traffic \(finding.direction == "egress" ? "out" : "in")"
                + (finding.cidrs.first.map { " (\(finding.direction == "egress" ? "to" : "from") \($0))" } ?? "")
        case "UNKNOWN_PEERED_SGS": return "a rule refers to a group across a peering that cannot be resolved"
        case "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS": return "\(finding.networkInterfaceId ?? what) has no public address to use the internet gateway"
        case "IGW_PUBLIC_IP_ASSOCIATION_FOR_INGRESS":
            return "\(finding.networkInterfaceId ?? what) needs a public address and an internet gateway to be reached from the internet"
        case "NO_POSSIBLE_DESTINATION" where what.hasPrefix("eigw-"):
            return "\(what) is an egress-only internet gateway: traffic the internet starts never enters through it"
        case "NO_POSSIBLE_DESTINATION": return "nothing answers at the destination"
        case "PROTOCOL_RESTRICTION": return "the protocol cannot take this path"
        case "SG_REFERENCING_SUPPORT":
            return "a rule of \(finding.securityGroupId ?? what) names a group across a transit gateway without security group referencing support"
        case "BAD_STATE_ATTACHMENT": return "the transit gateway attachment \(finding.transitGatewayAttachmentId ?? what) is not available"
        case "TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION":
            return
                "\(finding.transitGatewayAttachmentId ?? what) is associated with no transit gateway route table, so nothing routes what enters by it"
        case "TGW_ROUTE_AZ_RESTRICTION":
            return "\(what) has no subnet in the sender's Availability Zone: the transit gateway does not route traffic from there"
        case "TGW_RTB_BAD_STATE_ROUTE": return "the route in \(finding.transitGatewayRouteTableId ?? what) that matches is a blackhole"
        case "TGW_RTB_CANNOT_ROUTE":
            return "\(finding.transitGatewayRouteTableId ?? what) routes to the destination's attachment, but not for this address"
        case "TGW_RTB_MORE_SPECIFIC_ROUTE":
            return "a more specific route in \(finding.transitGatewayRouteTableId ?? what) sends the traffic to another attachment"
        case "TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT":
            return "\(finding.transitGatewayRouteTableId ?? what) has no route to the destination's attachment"
                + (finding.transitGatewayAttachmentId.map { " (\($0))" } ?? "")
        default: return "see the AWS Reachability Analyzer explanation codes"
        }
    }
}
