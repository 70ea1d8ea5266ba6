/// What can go wrong while the data plane follows the state (logged; the API keeps working).
public enum DataPlaneError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A router has used every interface index a flow mark can name.
    case tooManyLinks
    /// The data plane was asked to run where it cannot (not Linux, or not root).
    case unavailable(String)

    public var description: String {
        switch self {
        case .tooManyLinks: "a router namespace ran out of link indexes (32,767)"
        case .unavailable(let why): "the data plane is unavailable: \(why)"
        }
    }
}
