import Addressing
import Foundation

/// The nftables ruleset of a VPC's router: the flow marks (see `FlowMark`) and, when there is anything to translate,
/// the internet gateway's 1:1 NAT and the NAT gateways' source NAT.
///
/// The evaluator's queue rule (xtables NFQUEUE: nftables' own `queue` is not in every kernel) runs first, at
/// priority mangle; these chains run right after it. The whole ruleset is replaced in one nft transaction whenever
/// the router's links or public addresses change, so the kernel never sees half of it.
struct RouterRuleset {
    let router: VpcRouter
    /// Interface index of each link, by name.
    let indexes: [String: Int32]

    var text: String {
        var arrivals: [String] = []
        var natSources: [String] = []
        for link in router.links {
            guard let index = indexes[link.name] else { continue }
            switch link.destination {
            case .vpcPeeringConnection, .transitGatewayAttachment:
                // A flow arriving from a peered VPC or through a transit gateway was decided by the router it started in;
                // its replies go back by the link it came in by.
                arrivals.append("\(index) : \(FlowMark(forwardLink: 0, replyLink: index, untracked: false).rawValue)")
            case .natGateway(_, let publicIp):
                natSources.append("        oifname \"\(link.name)\" snat ip to \(publicIp)")
            default: break
            }
        }
        let linkMask = String(FlowMark.linkMask, radix: 16)
        return """
            table inet lvpc
            delete table inet lvpc
            table ip lvpc-nat
            delete table ip lvpc-nat
            table inet lvpc {
                map arrivals {
                    type iface_index : mark
            \(Self.elements(arrivals))
                }
                chain services {
                    type filter hook prerouting priority -151; policy accept;
            \(servicesRules)
                }
                chain prerouting {
                    type filter hook prerouting priority -149; policy accept;
                    ct state invalid drop
                    ct state new meta mark != 0 ct mark set meta mark
                    ct state new meta mark 0 iifname "lvpc-p*" ct mark set iif map @arrivals
                    ct state new meta mark 0 iifname "lvpc-t*" ct mark set iif map @arrivals
                    ct state new ct mark 0 drop
                    ct direction original meta mark set ct mark and 0x\(linkMask)
                    ct direction reply meta mark set ct mark rshift \(FlowMark.replyShift) and 0x\(linkMask)
                    ct mark and 0x\(String(FlowMark.droppedBit, radix: 16)) != 0 drop
                    ct direction reply ct mark and 0x\(String(FlowMark.repliesDroppedBit, radix: 16)) != 0 drop
                }
            }
            \(natTable(natSources: natSources))
            """
    }

    /// A new flow from an instance to the VPC's DNS server or its instance metadata service is marked before the
    /// evaluator's queue rule sees it (`FlowMark.vpcService`): it goes to the router's own socket, unfiltered by
    /// groups and ACLs, as on AWS. Any other flow to those addresses goes to the evaluator, which drops it.
    private var servicesRules: String {
        let mark = "0x" + String(FlowMark.vpcService.rawValue, radix: 16)
        let resolvers = ([VpcServiceAddress.resolver] + (router.resolverAddress.map { [.v4($0)] } ?? [])).map(\.description)
        return """
                    iifname "lvpc-e*" ip daddr { \(resolvers.joined(separator: ", ")) } meta l4proto { tcp, udp } th dport 53 meta mark set \(mark)
                    iifname "lvpc-e*" ip daddr \(VpcServiceAddress.metadata) tcp dport 80 meta mark set \(mark)
                    iifname "lvpc-e*" ip6 daddr \(VpcServiceAddress.ipv6Resolver) meta l4proto { tcp, udp } th dport 53 meta mark set \(mark)
                    iifname "lvpc-e*" ip6 daddr \(VpcServiceAddress.ipv6Metadata) tcp dport 80 meta mark set \(mark)
            """
    }

    /// The NAT table, only when the router has something to translate: once a namespace has NAT chains, the kernel
    /// sets up a NAT binding for every new flow and runs the NAT hooks on every packet, translated or not.
    private func natTable(natSources: [String]) -> String {
        guard !router.publicAddresses.isEmpty || !natSources.isEmpty else { return "" }
        let publicToPrivate = router.publicAddresses.sorted { $0.key.value < $1.key.value }.map { "\($0.key) : \($0.value)" }
        let privateToPublic = router.publicAddresses.sorted { $0.key.value < $1.key.value }.map { "\($0.value) : \($0.key)" }
        return """
            table ip lvpc-nat {
                map public {
                    type ipv4_addr : ipv4_addr
            \(Self.elements(publicToPrivate))
                }
                map private {
                    type ipv4_addr : ipv4_addr
            \(Self.elements(privateToPublic))
                }
                chain prerouting {
                    type nat hook prerouting priority dstnat; policy accept;
                    iifname "lvpc-g*" dnat ip to ip daddr map @public
                }
                chain postrouting {
                    type nat hook postrouting priority srcnat; policy accept;
                    oifname "lvpc-g*" snat ip to ip saddr map @private
            \(natSources.joined(separator: "\n"))
                }
            }

            """
    }

    private static func elements(_ items: [String]) -> String {
        items.isEmpty ? "" : "        elements = { \(items.joined(separator: ", ")) }"
    }

    /// The xtables rules that hand each new flow's first packet to the evaluator: from an instance, or from the
    /// internet through the internet gateway. Without a reader on the queue the packet is dropped (no bypass).
    ///
    /// The queue is chosen by the CPU handling the packet (`--queue-cpu-fanout`), not by a hash of its addresses,
    /// which would put every flow between two instances on one queue.
    static let queueRules: [[String]] = ["lvpc-e+", "lvpc-g+"].map { links in
        [
            "-t", "mangle", "-A", "PREROUTING", "-i", links, "-m", "conntrack", "--ctstate", "NEW", "-m", "mark", "--mark", "0",
            "-j", "NFQUEUE", "--queue-balance", "0:\(queueCount - 1)", "--queue-cpu-fanout",
        ]
    }

    /// How many queues each router has: one per CPU (at least 2, at most 8), as a thread of the flow decider reads
    /// each queue number in every router.
    static let queueCount = min(max(ProcessInfo.processInfo.activeProcessorCount, 2), 8)
}
