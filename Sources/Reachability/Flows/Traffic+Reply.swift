extension Traffic {
    /// What answers this traffic, as a stateless ACL sees it: an ICMP query's reply type (echo request 8 → echo reply 0,
    /// 128 → 129 over IPv6, timestamp 13 → 14); anything else keeps its protocol and port (the walk gives a reply its
    /// own ports).
    var reply: Traffic {
        guard ipProtocol == .icmp else { return self }
        switch port {
        case 8: return Traffic(.icmp, port: 0)
        case 13: return Traffic(.icmp, port: 14)
        case 128: return Traffic(.icmp, port: 129)
        default: return self
        }
    }
}
