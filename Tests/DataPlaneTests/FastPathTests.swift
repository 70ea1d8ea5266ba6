import Addressing
import Reachability
import Testing

@testable import DataPlane

/// Which accepted flows the fast path carries, and how it names them: only flows between instances of one VPC or
/// across a peering, at the address they were sent to; every other flow stays with the routers.
struct FastPathTests {
    static let view = FlowDecisionTests.view
    /// The peer VPC's router: the peering's other end (21) and the receiver's link (22).
    static let peer = RouterView(
        router: VpcRouter(
            vpcId: "vpc-bbbbbbbbbbbbbbbbb",
            links: [
                RouterLink(destination: .vpcPeeringConnection("pcx-00000000000000001", peerVpcId: "vpc-aaaaaaaaaaaaaaaaa"), mtu: 9001),
                RouterLink(destination: .networkInterface("eni-00000000000000003"), mtu: 9001),
            ],
            publicAddresses: [:]),
        indexes: [
            DataPlaneNames.link(.vpcPeeringConnection, "pcx-00000000000000001"): 21,
            DataPlaneNames.link(.networkInterface, "eni-00000000000000003"): 22,
        ])
    static let routers = [view.namespace: view, peer.namespace: peer]
    static let destination = IPAddress.v4(IPv4Address(10, 2, 1, 5))

    static func hops(_ delivery: FlowVerdict.Delivery, destination: IPAddress = destination, verdict: FlowVerdict? = nil) -> [FastPath.Hop]? {
        let verdict = verdict ?? FlowVerdict(delivery: delivery)
        guard let mark = FlowDecision.mark(for: verdict, in: view, arrival: 16) else { return nil }
        return FlowDecision.fastPathHops(for: verdict, mark: mark, destination: destination, in: view, routers: routers)
    }

    @Test func aFlowAcrossAPeeringCrossesBothRouters() throws {
        let hops = try #require(
            Self.hops(
                .networkInterface(
                    id: "eni-00000000000000003", vpcId: "vpc-bbbbbbbbbbbbbbbbb", address: Self.destination,
                    crossing: .vpcPeeringConnection("pcx-00000000000000001"))))
        #expect(hops.map(\.namespace) == [Self.view.namespace, Self.peer.namespace])
        #expect(hops.map(\.arrival) == [16, 21])
        #expect(hops.map(\.departure) == [17, 22])
        #expect(hops[1].departureName == DataPlaneNames.link(.networkInterface, "eni-00000000000000003"))
    }

    @Test func aFlowInsideTheVpcCrossesOneRouter() throws {
        let inside = FlowDecisionTests.router.vpcId
        let router = VpcRouter(
            vpcId: inside,
            links: FlowDecisionTests.router.links + [RouterLink(destination: .networkInterface("eni-00000000000000002"), mtu: 9001)],
            publicAddresses: [:])
        let view = RouterView(
            router: router, indexes: Self.view.indexes.merging([DataPlaneNames.link(.networkInterface, "eni-00000000000000002"): 23]) { a, _ in a })
        let verdict = FlowVerdict(delivery: .networkInterface(id: "eni-00000000000000002", vpcId: inside, address: Self.destination, crossing: nil))
        let mark = try #require(FlowDecision.mark(for: verdict, in: view, arrival: 16))
        let hops = try #require(FlowDecision.fastPathHops(for: verdict, mark: mark, destination: Self.destination, in: view, routers: [:]))
        #expect(hops.map(\.arrival) == [16])
        #expect(hops.map(\.departure) == [23])
    }

    @Test func everyOtherFlowStaysWithTheRouters() {
        let peering = FlowVerdict.Delivery.networkInterface(
            id: "eni-00000000000000003", vpcId: "vpc-bbbbbbbbbbbbbbbbb", address: Self.destination,
            crossing: .vpcPeeringConnection("pcx-00000000000000001"))
        // Sent to a public address, delivered at a private one: translated, as only the routers do.
        #expect(Self.hops(peering, destination: .v4(IPv4Address(198, 51, 100, 7))) == nil)
        // Its replies dropped: the routers carry the request and drop the replies.
        #expect(Self.hops(peering, verdict: .repliesBlocked(delivery: peering, by: .noRouteToDestination, at: .source)) == nil)
        #expect(Self.hops(.internet(gateway: .internetGateway, gatewayId: "igw-00000000000000001", translatedSource: nil)) == nil)
        let transit = FlowVerdict.Delivery.networkInterface(
            id: "eni-5", vpcId: "vpc-ccccccccccccccccc", address: Self.destination,
            crossing: .transitGateway("tgw-00000000000000001", attachmentId: "tgw-attach-00000000000000001", targetAttachmentId: "tgw-attach-2"))
        #expect(Self.hops(transit) == nil)
    }

    @Test func aFirstPacketsTuplesAreItsDirectionsAsTheProgramReadsThem() throws {
        // 10.1.0.5:40000 → 10.2.1.5:80, TCP.
        var tcp = [UInt8](repeating: 0, count: 40)
        tcp[0] = 0x45
        tcp[9] = 6
        tcp.replaceSubrange(12..<20, with: [10, 1, 0, 5, 10, 2, 1, 5])
        tcp.replaceSubrange(20..<24, with: [0x9c, 0x40, 0, 80])
        let (forward, reply) = try #require(FastPathTuple.directions(ofFirstPacket: tcp))
        #expect(forward.bytes == [10, 1, 0, 5, 10, 2, 1, 5, 0x9c, 0x40, 0, 80, 6])
        #expect(reply.bytes == [10, 2, 1, 5, 10, 1, 0, 5, 0, 80, 0x9c, 0x40, 6])
        #expect(forward.reversed == reply)
        let conntrack = IPPacketHeader(
            source: .v4(IPv4Address(10, 1, 0, 5)), destination: .v4(IPv4Address(10, 2, 1, 5)), ipProtocol: 6, sourcePort: 40000, destinationPort: 80)
        #expect(FastPathTuple(conntrackOriginal: conntrack, icmpIdentifier: 0) == forward)

        // An echo request with identifier 0x1234: the identifier, then type 8 code 0; the reply type 0.
        var echo = [UInt8](repeating: 0, count: 28)
        echo[0] = 0x45
        echo[9] = 1
        echo.replaceSubrange(12..<20, with: [10, 1, 0, 5, 10, 2, 1, 5])
        echo[20] = 8
        echo.replaceSubrange(24..<26, with: [0x12, 0x34])
        let (request, answer) = try #require(FastPathTuple.directions(ofFirstPacket: echo))
        #expect(request.bytes.suffix(5) == [0x12, 0x34, 8, 0, 1])
        #expect(answer.bytes.suffix(5) == [0x12, 0x34, 0, 0, 1])
        #expect(request.reversed == answer)
        // Conntrack keeps ICMP's type in the destination port and the code in the source port.
        let ping = IPPacketHeader(
            source: .v4(IPv4Address(10, 1, 0, 5)), destination: .v4(IPv4Address(10, 2, 1, 5)), ipProtocol: 1, sourcePort: 0, destinationPort: 8)
        #expect(FastPathTuple(conntrackOriginal: ping, icmpIdentifier: 0x1234) == request)

        // IPv6 has no tuple here.
        let ipv6 = IPPacketHeader(source: .v6(IPv6Address("fd00::1")!), destination: .v6(IPv6Address("fd00::2")!), ipProtocol: 6)
        #expect(FastPathTuple(conntrackOriginal: ipv6, icmpIdentifier: 0) == nil)

        // IP options, a fragment, an echo reply and IPv6 stay with the routers.
        var options = tcp
        options[0] = 0x46
        var fragment = tcp
        fragment[6] = 0x20
        var reply0 = echo
        reply0[20] = 0
        for packet in [options, fragment, reply0, [0x60] + [UInt8](repeating: 0, count: 47)] {
            #expect(FastPathTuple.directions(ofFirstPacket: packet) == nil)
        }
    }

    @Test func keysAndValuesAreLaidOutAsTheProgramReadsThem() throws {
        let tuple = FastPathTuple(bytes: Array(0..<13))  // 13 bytes
        #expect(tuple.key == Array(0..<13) + [0, 0, 0])
        #expect(FastPathTuple(key: tuple.key) == tuple)
        let entry = FastPathEntry(departure: 17, destinationMac: [1, 2, 3, 4, 5, 6], sourceMac: [7, 8, 9, 10, 11, 12], arrival: 0x1234)
        let value = entry.bytes(now: 0x0102_0304_0506_0708)
        #expect(value.count == FastPathEntry.size)
        #expect(Array(value[0..<16]) == [17, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
        #expect(Array(value[40..<48]) == [0x34, 0x12, 0, 0, 0, 0, 0, 0])
        #expect(
            FastPathEntry.readings(of: value)
                == FastPathEntry.Readings(departure: 17, arrival: 0x1234, lastOrdinary: 0x0102_0304_0506_0708, packets: 0, bytes: 0))
        #expect(FastPathEntry.macBytes("0a:00:27:ff:10:01") == [0x0a, 0, 0x27, 0xff, 0x10, 1])
    }

    @Test func instructionsAreEncodedAsTheKernelReadsThem() {
        // r1 = *(u32 *)(r6 + 76): class LDX, mode MEM, size W; source register in the high nibble.
        var assembler = BpfAssembler()
        assembler.load(.word, .r1, .r6, 76)
        assembler.jump(if: .r1, .equal, 0, to: "end")
        assembler.move(.r0, 7)
        assembler.label("end")
        assembler.exit()
        let code = assembler.assembled()
        #expect(code[0].bytes == [0x61, 0x61, 76, 0, 0, 0, 0, 0])
        #expect(code[1].bytes == [0x15, 0x01, 1, 0, 0, 0, 0, 0])
        #expect(code[2].bytes == [0xb7, 0x00, 0, 0, 7, 0, 0, 0])
        #expect(code[3].bytes == [0x95, 0, 0, 0, 0, 0, 0, 0])
    }
}
