import Foundation

/// One rule as DescribeSecurityGroupRules reports it: the rule, its group and its direction.
public struct DescribedSecurityGroupRule: Sendable, Hashable {
    public let group: SecurityGroup
    public let rule: SecurityGroupRule
    public let isEgress: Bool
}

extension CloudState {
    /// The filters DescribeSecurityGroupRules documents, besides `tag:<key>`, `tag-key` and `tag-value`.
    public static let securityGroupRuleFilterNames: Set<String> = ["group-id", "security-group-rule-id"]

    /// The rules of `scope`'s groups that `query` selects (by `SecurityGroupRuleId.N` and filters), a page at a time.
    ///
    /// Unknown rule ids are refused together (`InvalidSecurityGroupRuleId.NotFound`), as AWS refuses unknown ids.
    public func describeSecurityGroupRules(in scope: AccountRegion, query: DescribeQuery) throws(EC2Error) -> Page<DescribedSecurityGroupRule> {
        for filter in query.filters where !Self.acceptsSecurityGroupRule(filter: filter.name) { throw .invalidFilter(filter.name) }
        for id in query.ids { try ResourceIdKind.securityGroupRule.validate(id) }
        var rules: [DescribedSecurityGroupRule] = []
        for group in self[scope].securityGroups.values {
            rules += group.ingress.map { DescribedSecurityGroupRule(group: group, rule: $0, isEgress: false) }
            rules += group.egress.map { DescribedSecurityGroupRule(group: group, rule: $0, isEgress: true) }
        }
        if !query.ids.isEmpty {
            let wanted = Set(query.ids)
            let missing = wanted.subtracting(rules.map(\.rule.ruleId))
            guard missing.isEmpty else { throw .securityGroupRuleNotFound(query.ids.filter(missing.contains)) }
            rules.removeAll { !wanted.contains($0.rule.ruleId) }
        }
        let selected = rules.filter { described in query.filters.allSatisfy { $0.matches(any: described.values(of: $0.name)) } }
        // Keyed by rule id within its group, so a page boundary survives rules added or revoked between calls.
        return try paginate(selected, query: query) { ($0.group.createdAt, "\($0.group.id)/\($0.rule.ruleId)") }
    }

    static func acceptsSecurityGroupRule(filter name: String) -> Bool {
        name.hasPrefix("tag:") || name == "tag-key" || name == "tag-value" || securityGroupRuleFilterNames.contains(name)
    }
}

extension DescribedSecurityGroupRule {
    /// The values filter `name` sees for this rule.
    func values(of name: String) -> [String] {
        switch name {
        case "group-id": [group.id]
        case "security-group-rule-id": [rule.ruleId]
        case "tag-key": rule.tags.map(\.key)
        case "tag-value": rule.tags.map(\.value)
        default: rule.tags[String(name.dropFirst(4))].map { [$0] } ?? []
        }
    }
}
