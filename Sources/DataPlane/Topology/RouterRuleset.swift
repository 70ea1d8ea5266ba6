import Addressing
import Foundation

/// The nftables ruleset of a VPC's router: the flow marks (see `FlowMark`) and, when there is anything to translate,
/// the internet gateway's 1:1 NAT and the NAT gateways' source NAT.
///
/// Every packet through the router passes three chains at prerouting, the first two cheap for a packet whose flow is
/// decided, since they are what every packet of an established flow pays:
/// - `prerouting` (priority -151): a decided flow (its conntrack mark set) is routed by its mark, the link for its
///   direction, or dropped when a later decision dropped it. An undecided one is marked for the evaluator
///   (``queueMark``), or decided here: a VPC service's flow (`FlowMark.vpcService`), or one that comes across a peering
///   or transit gateway (decided where it started). IPv6 neighbour discovery, which conntrack leaves untracked, passes
///   to the router itself. Anything else is dropped.
/// - the evaluator's queue rule (xtables NFQUEUE at priority mangle: nftables' own `queue` is not in every kernel),
///   matching only ``queueMark``;
/// - `decided` (priority -149): the evaluator's verdict on a first packet is its new mark, which becomes the flow's
///   conntrack mark, and the packet is routed by the link part. (The kernel's nfnetlink_queue could set the conntrack
///   mark itself, but only when built with `NETFILTER_NETLINK_GLUE_CT`, which not every kernel is.)
///
/// The whole ruleset is replaced in one nft transaction whenever the router's links or public addresses change, so
/// the kernel never sees half of it.
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
        let linkMask = Self.hex(UInt32(FlowMark.linkMask))
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
                chain prerouting {
                    type filter hook prerouting priority -151; policy accept;
                    ct mark != 0 ct direction original goto original
                    ct mark != 0 goto reply
                    ct state untracked return
                    ct state != new drop
                    iifname "lvpc-e*" goto instance
                    iifname "lvpc-g*" meta mark set \(Self.hex(Self.queueMark)) return
                    ct mark set iif map @arrivals
                    ct mark 0 drop
                }
                chain original {
                    meta mark set ct mark and \(linkMask)
                    ct mark and \(Self.hex(FlowMark.droppedBit)) != 0 drop
                }
                chain reply {
                    meta mark set ct mark rshift \(FlowMark.replyShift) and \(linkMask)
                    ct mark and \(Self.hex(FlowMark.droppedBit | FlowMark.repliesDroppedBit)) != 0 drop
                }
                chain instance {
            \(servicesRules)
                    meta mark set \(Self.hex(Self.queueMark))
                }
                chain decided {
                    type filter hook prerouting priority -149; policy accept;
                    ct mark 0 ct mark set meta mark meta mark set meta mark and \(linkMask)
                }
            }
            \(natTable(natSources: natSources))
            """
    }

    /// The mark of a flow's first packet that waits for the evaluator: what the queue rule matches. Never a decided
    /// packet's mark, which is a link's index (at most `FlowMark.linkMask`). It is `FlowMark`'s dropped bit, so that a
    /// first packet the evaluator accepted without a mark would make its flow dropped, never routed by chance.
    static let queueMark: UInt32 = FlowMark.droppedBit

    /// A new flow from an instance to the VPC's DNS server or its instance metadata service is decided here, before
    /// the evaluator's queue rule sees it (`FlowMark.vpcService`): it goes to the router's own socket, unfiltered by
    /// groups and ACLs, as on AWS. Any other flow to those addresses goes to the evaluator, which drops it.
    private var servicesRules: String {
        let mark = Self.hex(FlowMark.vpcService.rawValue)
        let resolvers = ([VpcServiceAddress.resolver] + (router.resolverAddress.map { [.v4($0)] } ?? [])).map(\.description)
        return """
                    ip daddr { \(resolvers.joined(separator: ", ")) } meta l4proto { tcp, udp } th dport 53 ct mark set \(mark) return
                    ip daddr \(VpcServiceAddress.metadata) tcp dport 80 ct mark set \(mark) return
                    ip6 daddr \(VpcServiceAddress.ipv6Resolver) meta l4proto { tcp, udp } th dport 53 ct mark set \(mark) return
                    ip6 daddr \(VpcServiceAddress.ipv6Metadata) tcp dport 80 ct mark set \(mark) return
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

    private static func hex(_ value: UInt32) -> String { "0x" + String(value, radix: 16) }

    private static func elements(_ items: [String]) -> String {
        items.isEmpty ? "" : "        elements = { \(items.joined(separator: ", ")) }"
    }

    /// The xtables rules that hand each new flow's first packet to the evaluator: the packets `prerouting` marked with
    /// ``queueMark`` (from an instance, or from the internet through the internet gateway). A match on the packet's
    /// mark alone, which nftables evaluates natively, so a packet of a decided flow costs one comparison here. Without
    /// a reader on the queue the packet is dropped (no bypass).
    ///
    /// The queue is chosen by the CPU handling the packet (`--queue-cpu-fanout`), not by a hash of its addresses,
    /// which would put every flow between two instances on one queue.
    static let queueRules: [[String]] = [
        [
            "-t", "mangle", "-A", "PREROUTING", "-m", "mark", "--mark", hex(queueMark), "-j", "NFQUEUE", "--queue-balance", "0:\(queueCount - 1)",
            "--queue-cpu-fanout",
        ]
    ]

    /// How many queues each router has: one per CPU (at least 2, at most 8), as a thread of the flow decider reads
    /// each queue number in every router.
    static let queueCount = min(max(ProcessInfo.processInfo.activeProcessorCount, 2), 8)
}
