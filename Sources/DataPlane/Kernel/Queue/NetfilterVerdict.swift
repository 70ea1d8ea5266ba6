/// What the kernel does with a queued packet (netfilter's `NF_DROP`, `NF_ACCEPT`, `NF_REPEAT`).
public enum NetfilterVerdict: UInt32, Sendable, Hashable {
    /// The packet is dropped; its conntrack entry is never confirmed, so the flow's next packet is queued again.
    case drop = 0
    /// The packet goes on to the hook's next tables; with a mark in the verdict they see the new mark, so an nft rule
    /// after the queueing table can copy it into the conntrack entry just as after ``repeat``.
    case accept = 1
    /// The packet goes through the hook's queueing table again from its first rule. With a mark in the verdict, this
    /// is how a decision reaches the conntrack entry: the queueing rule matches only unmarked packets, and an nft
    /// rule after it copies the packet's mark into the entry's (`ct mark set meta mark`), because this kernel cannot
    /// set a conntrack mark from a verdict (no `CONFIG_NETFILTER_NETLINK_GLUE_CT`).
    case `repeat` = 4
}
