import Addressing
import CloudModel
import Foundation
import TestSupport
import Testing

/// Describe through the region's indexes answers exactly what a scan of every resource answers, over regions built
/// by random commands.
struct IndexedDescribePropertyTests {
    @Test(arguments: 1...12 as ClosedRange<UInt64>)
    func describeAnswersWhatAScanAnswers(seed: UInt64) throws {
        var region = RandomRegion(seed: seed)
        for _ in 0..<120 { region.step() }
        var narrowed = 0
        var found = 0
        for _ in 0..<120 {
            let kind = Int.random(in: 0..<10, using: &region.random)
            switch kind {
            case 0..<4: try region.check(Vpc.self, names: RandomRegion.vpcFilterNames, narrowed: &narrowed, found: &found)
            case 4..<8: try region.check(Subnet.self, names: RandomRegion.subnetFilterNames, narrowed: &narrowed, found: &found)
            case 8: try region.check(RouteTable.self, names: RandomRegion.perVpcFilterNames, narrowed: &narrowed, found: &found)
            default: try region.check(SecurityGroup.self, names: RandomRegion.perVpcFilterNames, narrowed: &narrowed, found: &found)
            }
        }
        #expect(narrowed >= 40, "too few queries went through an index for the comparison to mean much")
        #expect(found >= 15, "too few narrowed queries found anything")
        region.expectIndexesEqualARebuild()
    }
}

/// A region changed by random commands: VPCs and subnets with random tags, secondary blocks associated and
/// disassociated, tags changed and deleted, resources deleted. Commands AWS would refuse are tried too, and
/// leave no trace.
private struct RandomRegion {
    var cloud = TestCloud()
    var random: SeededGenerator
    let scope = TestCloud.scope

    static let tagKeys = ["Name", "env", "team"]
    /// Includes values with wildcard characters, which a filter can only match literally through an escape.
    static let tagValues = ["scale-1", "scale-2", "scale-12", "dev", "prod", "", "a*b", "a?b", "a\\b"]
    static let vpcFilterNames = [
        "tag:Name", "tag:env", "tag:team", "tag-key", "tag-value", "cidr", "cidr-block-association.cidr-block",
        "ipv6-cidr-block-association.ipv6-cidr-block", "vpc-id", "is-default",
    ]
    static let subnetFilterNames = [
        "tag:Name", "tag:env", "cidr-block", "cidr", "cidrBlock", "ipv6-cidr-block-association.ipv6-cidr-block", "vpc-id", "vpcId",
        "availability-zone",
    ]
    static let perVpcFilterNames = ["tag:Name", "tag:env", "vpc-id"]

    init(seed: UInt64) { random = SeededGenerator(seed: seed) }

    private var state: RegionState { cloud.state[scope] }

    private func sorted<R: CloudResource>(_ type: R.Type) -> [R] {
        state[keyPath: R.table].values.sorted { $0.id < $1.id }
    }

    private mutating func pick<T>(_ items: [T]) -> T? { items.randomElement(using: &random) }

    private mutating func randomTags() -> [CloudModel.Tag] {
        Self.tagKeys.compactMap { key in Bool.random(using: &random) ? CloudModel.Tag(key: key, value: pick(Self.tagValues)!) : nil }
    }

    /// One random command, applied when AWS would accept it.
    mutating func step() {
        cloud.now += 1
        let vpcs = sorted(Vpc.self)
        switch Int.random(in: 0..<14, using: &random) {
        case 0, 1:
            let block = "10.\(Int.random(in: 0..<8, using: &random)).0.0/16"
            let tags = [TagSpecification(resourceType: "vpc", tags: randomTags())]
            let ipv6 = Bool.random(using: &random)
            _ = cloud.error { try $0.createVpc(cidrBlock: block, amazonProvidedIpv6CidrBlock: ipv6, tagSpecifications: tags) }
        case 2, 3, 4, 5:
            guard let vpc = pick(vpcs), let block = pick(vpc.ipv4Blocks) else { return }
            let octets = block.description.split(separator: ".")
            let cidr = "\(octets[0]).\(octets[1]).\(Int.random(in: 0..<16, using: &random)).0/24"
            let tags = [TagSpecification(resourceType: "subnet", tags: randomTags())]
            _ = cloud.error { try $0.createSubnet(vpcId: vpc.id, cidrBlock: cidr, tagSpecifications: tags) }
        case 6:
            guard let vpc = pick(vpcs) else { return }
            let block = "10.\(Int.random(in: 0..<8, using: &random)).0.0/16"
            let ipv6 = Int.random(in: 0..<3, using: &random) == 0
            _ = cloud.error { try $0.associateVpcCidrBlock(vpc.id, cidrBlock: ipv6 ? nil : block, amazonProvidedIpv6CidrBlock: ipv6) }
        case 7:
            let associations = vpcs.flatMap {
                $0.cidrBlockAssociations.dropFirst().map(\.associationId) + $0.ipv6CidrBlockAssociations.map(\.associationId)
            }
            guard let association = pick(associations) else { return }
            _ = cloud.error { try $0.disassociateVpcCidrBlock(associationId: association) }
        case 8, 9:
            let ids = vpcs.map(\.id) + sorted(Subnet.self).map(\.id) + sorted(RouteTable.self).map(\.id) + sorted(SecurityGroup.self).map(\.id)
            guard let id = pick(ids) else { return }
            let tags = randomTags()
            guard !tags.isEmpty else { return }
            _ = cloud.error { try $0.createTags(resourceIds: [id], tags: tags) }
        case 10:
            let tagged = vpcs.map(\.id) + sorted(Subnet.self).map(\.id)
            guard let id = pick(tagged), let key = pick(Self.tagKeys) else { return }
            let value = Bool.random(using: &random) ? pick(Self.tagValues) : nil
            _ = cloud.error { try $0.deleteTags(resourceIds: [id], tags: [(key: key, value: value)]) }
        case 11:
            // No command gives a subnet an IPv6 block yet; write one directly, as the journal would.
            guard var subnet = pick(sorted(Subnet.self)) else { return }
            let block = IPv6CIDR("2001:db8:0:\(Int.random(in: 0..<4, using: &random))::/64")!
            subnet.ipv6CidrBlockAssociations = [SubnetIpv6CidrBlockAssociation(associationId: "subnet-cidr-assoc-\(subnet.id)", ipv6CidrBlock: block)]
            cloud.state.apply([.put(subnet.resource)])
        case 12:
            guard let subnet = pick(sorted(Subnet.self)) else { return }
            _ = cloud.error { try $0.deleteSubnet(subnet.id) }
        default:
            guard let vpc = pick(vpcs) else { return }
            let subnets = state.subnets.values.filter { $0.subnetVpcId == vpc.id }.map(\.id).sorted()
            for id in subnets { _ = cloud.error { try $0.deleteSubnet(id) } }
            _ = cloud.error { try $0.deleteVpc(vpc.id) }
        }
    }

    /// Describes `R` with random filters over `names` and expects the scan's answer, whole and page by page.
    mutating func check<R: Filterable>(_ type: R.Type, names: [String], narrowed: inout Int, found: inout Int) throws {
        let resources = sorted(R.self)
        var filters: [Filter] = []
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            let name = pick(names)!
            let seen = resources.flatMap { values(of: name, for: $0) } + ["none", "10.9.0.0/16"]
            let chosen = (0..<Int.random(in: 1...3, using: &random)).map { _ in pattern(from: pick(seen)!) }
            filters.append(Filter(name: name, values: chosen))
        }
        let expected = resources.filter { resource in filters.allSatisfy { $0.matches(any: values(of: $0.name, for: resource)) } }
            .sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }.map(\.id)
        let all = try cloud.state.describe(R.self, in: scope, query: DescribeQuery(filters: filters), at: cloud.now)
        #expect(all.items.map(\.id) == expected, "\(R.self) \(filters)")
        var paged: [String] = []
        var token: String?
        repeat {
            let query = DescribeQuery(filters: filters, maxResults: 5, nextToken: token)
            let page = try cloud.state.describe(R.self, in: scope, query: query, at: cloud.now)
            paged += page.items.map(\.id)
            token = page.nextToken
        } while token != nil
        #expect(paged == expected, "\(R.self) \(filters), page by page")
        if state.candidateIds(R.self, narrowedBy: filters) != nil {
            narrowed += 1
            if !expected.isEmpty { found += 1 }
        }
    }

    /// The values filter `name` sees on `resource`, with tags read here rather than through `Filterable`.
    private func values<R: Filterable>(of name: String, for resource: R) -> [String] {
        if name.hasPrefix("tag:") { return resource.tags[String(name.dropFirst(4))].map { [$0] } ?? [] }
        switch name {
        case "tag-key": return resource.tags.map(\.key)
        case "tag-value": return resource.tags.map(\.value)
        // filterValues takes documented names; an alias means what its documented name means.
        default: return resource.filterValues(R.canonicalFilterName(name), in: cloud.state, at: cloud.now)
        }
    }

    /// `value` as it is (most often), or turned into a wildcard or escaped pattern that should match it.
    private mutating func pattern(from value: String) -> String {
        switch Int.random(in: 0..<8, using: &random) {
        case 0: return String(value.prefix(Int.random(in: 0...value.count, using: &random))) + "*"
        case 1:
            guard !value.isEmpty else { return "?" }
            var characters = Array(value)
            characters[Int.random(in: 0..<characters.count, using: &random)] = "?"
            return String(characters)
        case 2: return value.map { "*?\\".contains($0) ? "\\\($0)" : String($0) }.joined()
        default: return value
        }
    }

    /// The region's indexes, as kept up by every change, equal those of a region built from its resources at once.
    func expectIndexesEqualARebuild() {
        let resources = state.resources
        var rebuilt = CloudState()
        rebuilt.apply(resources.map { ResourceChange.put($0) })
        #expect(rebuilt[scope].idsByTag == state.idsByTag)
        #expect(rebuilt[scope].idsByCidrBlock == state.idsByCidrBlock)
        #expect(rebuilt[scope].idsByVpc == state.idsByVpc)
        #expect(rebuilt == cloud.state)
    }
}
