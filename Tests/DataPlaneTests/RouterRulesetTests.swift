import Addressing
import Foundation
import Testing

@testable import DataPlane

/// The router's nftables ruleset loads as a whole (twice: it replaces itself), with its maps filled from the state.
struct RouterRulesetTests {
    static let router = VpcRouter(
        vpcId: "vpc-aaaaaaaaaaaaaaaaa",
        links: [
            RouterLink(destination: .vpcPeeringConnection("pcx-00000000000000001", peerVpcId: "vpc-bbbbbbbbbbbbbbbbb"), mtu: 9001),
            RouterLink(destination: .natGateway("nat-00000000000000001", publicIp: IPv4Address(198, 18, 0, 9)), mtu: 1500),
        ],
        publicAddresses: [IPv4Address(198, 18, 0, 7): IPv4Address(10, 0, 1, 5)])
    static let indexes = [
        DataPlaneNames.link(.vpcPeeringConnection, "pcx-00000000000000001"): Int32(17), DataPlaneNames.link(.natGateway, "nat-00000000000000001"): 19,
    ]

    @Test func theTextNamesTheMapsAndTheNatSource() {
        let text = RouterRuleset(router: Self.router, indexes: Self.indexes).text
        #expect(text.contains("elements = { 17 : \(17 << 14) }"))
        #expect(text.contains("elements = { 198.18.0.7 : 10.0.1.5 }"))
        #expect(text.contains("elements = { 10.0.1.5 : 198.18.0.7 }"))
        #expect(text.contains("oifname \"lvpc-n000000001\" snat ip to 198.18.0.9"))
    }

    /// A new flow from an instance to the VPC's DNS server (at 169.254.169.253 and base + 2) or its metadata service is
    /// decided for the router itself before the evaluator's queue rule; anything else new from an instance is marked
    /// for the queue.
    @Test func flowsToTheVpcsServicesAreMarkedForTheRouter() {
        var router = Self.router
        router.resolverAddress = IPv4Address(10, 0, 0, 2)
        let text = RouterRuleset(router: router, indexes: Self.indexes).text
        let mark = "0x" + String(FlowMark.vpcService.rawValue, radix: 16)
        #expect(text.contains("priority -151"))
        #expect(text.contains("iifname \"lvpc-e*\" goto instance"))
        #expect(text.contains("ip daddr { 169.254.169.253, 10.0.0.2 } meta l4proto { tcp, udp } th dport 53 ct mark set \(mark) return"))
        #expect(text.contains("ip daddr 169.254.169.254 tcp dport 80 ct mark set \(mark) return"))
        #expect(text.contains("meta mark set 0x80000000\n"))
        #expect(FlowMark.vpcService.forwardLink == 0 && FlowMark.vpcService.replyLink == 0)
    }

    /// The queue rule matches the queue mark and nothing else, which no decided packet carries: the mark the ruleset
    /// routes a decided packet by is a link's index.
    @Test func onlyTheQueueMarkGoesToTheEvaluator() {
        #expect(RouterRuleset.queueRules.count == 1)
        let rule = RouterRuleset.queueRules[0]
        #expect(rule.contains("--mark") && rule[rule.firstIndex(of: "--mark")! + 1] == "0x80000000")
        #expect(!rule.contains("conntrack"))
        #expect(RouterRuleset.queueMark > UInt32(FlowMark.linkMask))
    }

    /// Without public addresses or NAT gateways the router has no NAT table (the kernel would NAT every new flow to
    /// itself); one that had it loses it.
    @Test func noNatTableWithoutAnythingToTranslate() {
        let plain = VpcRouter(vpcId: Self.router.vpcId, links: [Self.router.links[0]], publicAddresses: [:])
        let text = RouterRuleset(router: plain, indexes: Self.indexes).text
        #expect(text.contains("delete table ip lvpc-nat"))
        #expect(!text.contains("table ip lvpc-nat {"))
        #expect(text.contains("elements = { 17 : \(17 << 14) }"))
        #expect(RouterRuleset(router: Self.router, indexes: Self.indexes).text.contains("table ip lvpc-nat {"))
    }

    /// A flow that comes in through a transit gateway was decided where it started: like one across a peering, it is
    /// marked to be delivered by the main table and its replies sent back by the link it came in by.
    @Test func flowsArrivingThroughATransitGatewayReplyByTheirLink() {
        var router = Self.router
        router.links.append(
            RouterLink(destination: .transitGatewayAttachment("tgw-attach-00000000000000001", transitGatewayId: "tgw-00000000000000001"), mtu: 8500))
        var indexes = Self.indexes
        indexes[DataPlaneNames.link(.transitGatewayAttachment, "tgw-attach-00000000000000001")] = 21
        let text = RouterRuleset(router: router, indexes: indexes).text
        #expect(text.contains("elements = { 17 : \(17 << 14), 21 : \(21 << 14) }"))
        #expect(text.contains("ct mark set iif map @arrivals"))
    }

    @Test(.enabled(if: KernelTestEnvironment.isRootOnLinux))
    func itLoadsAndReplacesItselfInANamespace() throws {
        let namespace = "lvpc-rs-\(UInt32.random(in: 0...UInt32.max))"
        try NetworkNamespace.create(namespace)
        defer { try? NetworkNamespace.delete(namespace) }
        let text = RouterRuleset(router: Self.router, indexes: Self.indexes).text
        _ = try KernelCommand.run("nft", ["-f", "-"], input: text, namespace: namespace)
        _ = try KernelCommand.run("nft", ["-f", "-"], input: text, namespace: namespace)
        let listed = try KernelCommand.run("nft", ["list", "ruleset"], namespace: namespace)
        #expect(listed.components(separatedBy: "table inet lvpc").count == 2, "one table, replaced")
        #expect(listed.contains("198.18.0.7 : 10.0.1.5"))
        let plain = VpcRouter(vpcId: Self.router.vpcId, links: [Self.router.links[0]], publicAddresses: [:])
        _ = try KernelCommand.run("nft", ["-f", "-"], input: RouterRuleset(router: plain, indexes: Self.indexes).text, namespace: namespace)
        let withoutNat = try KernelCommand.run("nft", ["list", "ruleset"], namespace: namespace)
        #expect(withoutNat.contains("table inet lvpc"))
        #expect(!withoutNat.contains("lvpc-nat"))
    }
}
