import Addressing
import Foundation
import Logging
import Testing

@testable import DataPlane

#if os(Linux)
    /// The fast path against a real kernel: a router that does not forward at all (`ip_forward=0`), so every packet
    /// that crosses it went by the fast path's entries, and only while they exist.
    @Suite(.serialized, .enabled(if: KernelTestEnvironment.isRootOnLinux))
    struct FastPathEndToEndTests {
        static let identifier: UInt16 = 4242

        @Test func anAcceptedFlowCrossesOnlyWhileItsEntriesExist() throws {
            let (namespaces, fastPath, towardA, towardB) = try attached(mtus: (1500, 1500))
            defer {
                fastPath.removeEverything()
                namespaces.remove()
            }
            try KernelCommand.run("sysctl", ["-qw", "net.ipv4.ip_forward=0"], namespace: namespaces.r)

            // The router forwards nothing: no entry, no answer.
            #expect(ping(from: namespaces.a, count: 1).received == 0)

            let forward = Self.fromA(ipProtocol: 1, sourcePort: Self.identifier, destinationPort: FastPathTuple.echoRequest)
            #expect(forward.reversed.reversed == forward)
            // Entries for the flow as if it came from b's side: a packet of the same tuple from a is not carried.
            let fromB = FastPath.Hop(
                namespace: namespaces.r, arrival: towardB.index, arrivalName: "lvpc-rb", departure: towardA.index, departureName: "lvpc-ra")
            fastPath.carry([fromB], forward: forward, reply: forward.reversed, decidedIn: fastPath.generation)
            #expect(fastPath.entryCount == 2)
            #expect(ping(from: namespaces.a, count: 1).received == 0)
            fastPath.forget(forward)
            #expect(fastPath.entryCount == 0)

            let hop = FastPath.Hop(
                namespace: namespaces.r, arrival: towardA.index, arrivalName: "lvpc-ra", departure: towardB.index, departureName: "lvpc-rb")
            fastPath.carry([hop], forward: forward, reply: forward.reversed, decidedIn: fastPath.generation)
            #expect(fastPath.entryCount == 2)
            let carried = ping(from: namespaces.a, count: 3)
            #expect(carried.received == 3)
            // One hop, as through the router: b's answer arrives with its TTL one less.
            #expect(carried.output.contains("ttl=63"))
            let counts = fastPath.counts(namespace: namespaces.r)
            #expect(counts[forward]?.packets == 3)
            #expect(counts[forward.reversed]?.packets == 3)
            // Bytes as conntrack counts them: IP packets (ping's 84 bytes), not Ethernet frames.
            #expect(counts[forward]?.bytes == 3 * 84)

            // A second after a direction's last packet went the ordinary way, its next one goes so again (and this
            // router drops it), each direction on its own: the first request is dropped, the second's reply, and the
            // third crosses both ways.
            Thread.sleep(forTimeInterval: 1.2)
            #expect(ping(from: namespaces.a, count: 3).received == 1)

            fastPath.forget(forward)
            #expect(fastPath.entryCount == 0)
            #expect(ping(from: namespaces.a, count: 1).received == 0)
            // Forgotten entries still count for flow logs.
            let after = fastPath.counts(namespace: namespaces.r)
            #expect(after[forward]?.packets == 5)
            #expect(after[forward.reversed]?.packets == 4)
        }

        @Test func aLinkThatGoesTakesItsEntries() throws {
            let (namespaces, fastPath, towardA, towardB) = try attached(mtus: (1500, 1500))
            defer {
                fastPath.removeEverything()
                namespaces.remove()
            }
            let forward = Self.fromA(ipProtocol: 17, sourcePort: 5000, destinationPort: 53)
            // A decision made before a link changed writes nothing.
            let stale = FastPath.Hop(
                namespace: namespaces.r, arrival: towardA.index, arrivalName: "lvpc-ra", departure: towardB.index + 1, departureName: "lvpc-rb")
            fastPath.carry([stale], forward: forward, reply: forward.reversed, decidedIn: fastPath.generation)
            #expect(fastPath.entryCount == 0)
            let hop = FastPath.Hop(
                namespace: namespaces.r, arrival: towardA.index, arrivalName: "lvpc-ra", departure: towardB.index, departureName: "lvpc-rb")
            // Nor does one made before the state changed.
            let before = fastPath.generation
            fastPath.stateChanged()
            fastPath.carry([hop], forward: forward, reply: forward.reversed, decidedIn: before)
            #expect(fastPath.entryCount == 0)
            fastPath.carry([hop], forward: forward, reply: forward.reversed, decidedIn: fastPath.generation)
            #expect(fastPath.entryCount == 2)
            fastPath.detach(namespace: namespaces.r, link: "lvpc-rb")
            #expect(fastPath.entryCount == 0)
        }

        @Test func aPathWhoseLinksDifferInMtuStaysWithTheRouter() throws {
            let (namespaces, fastPath, towardA, towardB) = try attached(mtus: (9001, 8500))
            defer {
                fastPath.removeEverything()
                namespaces.remove()
            }
            let forward = Self.fromA(ipProtocol: 6, sourcePort: 40000, destinationPort: 80)
            let hop = FastPath.Hop(
                namespace: namespaces.r, arrival: towardA.index, arrivalName: "lvpc-ra", departure: towardB.index, departureName: "lvpc-rb")
            fastPath.carry([hop], forward: forward, reply: forward.reversed, decidedIn: fastPath.generation)
            #expect(fastPath.entryCount == 0)
        }

        /// A flow from a to b.
        static func fromA(ipProtocol: UInt8, sourcePort: UInt16, destinationPort: UInt16) -> FastPathTuple {
            FastPathTuple(
                source: IPv4Address(RoutedNamespaces.aAddress)!, destination: IPv4Address(RoutedNamespaces.bAddress)!, ipProtocol: ipProtocol,
                sourcePort: sourcePort, destinationPort: destinationPort)
        }

        /// a → r → b, with the fast path's program on both of r's links (of these MTUs).
        private func attached(mtus: (Int, Int)) throws -> (
            RoutedNamespaces, FastPath, towardA: (index: Int32, mac: String), towardB: (index: Int32, mac: String)
        ) {
            let namespaces = try RoutedNamespaces(queueing: false)
            let fastPath = FastPath(logger: .init(label: "test"))
            do {
                fastPath.addRouter(namespace: namespaces.r)
                let towardA = try link("lvpc-ra", in: namespaces.r)
                let towardB = try link("lvpc-rb", in: namespaces.r)
                let (a, b) = (try link("lvpc-a0", in: namespaces.a), try link("lvpc-b0", in: namespaces.b))
                fastPath.attach(namespace: namespaces.r, link: "lvpc-ra", index: towardA.index, mtu: mtus.0, nearMac: towardA.mac, farMac: a.mac)
                fastPath.attach(namespace: namespaces.r, link: "lvpc-rb", index: towardB.index, mtu: mtus.1, nearMac: towardB.mac, farMac: b.mac)
                try #require(fastPath.unavailable == nil, "\(fastPath.unavailable ?? "")")
                return (namespaces, fastPath, towardA, towardB)
            } catch {
                fastPath.removeEverything()
                namespaces.remove()
                throw error
            }
        }

        private func link(_ name: String, in namespace: String) throws -> (index: Int32, mac: String) {
            let output = try KernelCommand.run("ip", ["-j", "link", "show", name], namespace: namespace)
            let links = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]]
            let link = try #require(links?.first)
            return (try #require(link["ifindex"] as? Int).int32, try #require(link["address"] as? String))
        }

        private func ping(from namespace: String, count: Int) -> (received: Int, output: String) {
            let output =
                (try? KernelCommand.run(
                    "ping", ["-n", "-c", "\(count)", "-i", "0.3", "-W", "1", "-e", "\(Self.identifier)", RoutedNamespaces.bAddress],
                    namespace: namespace))
                ?? ""
            let received = output.split(separator: "\n").first { $0.contains("received") }.flatMap { line in
                line.split(separator: ",").first { $0.contains("received") }?.split(separator: " ").first.flatMap { Int($0) }
            }
            return (received ?? 0, output)
        }
    }

    extension Int {
        fileprivate var int32: Int32 { Int32(self) }
    }
#endif
