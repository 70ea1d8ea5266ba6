/// One durable change to the state: a resource written whole, or a resource removed.
///
/// A command's changes are journalled together and applied together, so a change is never half-applied.
public enum ResourceChange: Sendable, Hashable, Codable {
    case put(Resource)
    case delete(id: String, scope: AccountRegion)

    public var id: String {
        switch self {
        case .put(let resource): resource.id
        case .delete(let id, _): id
        }
    }

    /// The account and region the resource is stored in.
    public var scope: AccountRegion {
        switch self {
        case .put(let resource): resource.scope
        case .delete(_, let scope): scope
        }
    }
}
