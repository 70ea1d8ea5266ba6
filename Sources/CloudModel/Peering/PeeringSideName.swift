/// The two ends of a peering, named as the API's options are (`--requester-peering-connection-options`).
public enum PeeringSideName: String, Sendable, Hashable, Codable {
    case requester, accepter
}
