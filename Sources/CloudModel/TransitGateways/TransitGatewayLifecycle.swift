public import Foundation

/// The life of a transit gateway, attachment or transit gateway route table: `pending` for a moment after it is
/// created, then `available`; `deleting` for a moment after it is deleted, then `deleted`, still shown for a while.
///
/// As with interface endpoints, the state is computed from the injected clock rather than stored, so no background
/// job moves it; what the resource does (its interfaces, routes and associations) is in place from the call on.
public enum TransitGatewayLifecycle {
    /// How long a resource is `pending` after its create call and `deleting` after its delete call. AWS takes minutes;
    /// LocalVPC keeps the states a client sees right after the call but settles them by the time Terraform's waiters
    /// (which poll after 10 seconds or so) first look.
    public static let transitionTime: TimeInterval = 5

    /// How long Describe still shows a deleted resource. AWS keeps deleted transit gateways and attachments visible
    /// for a while (documented loosely as "a short period"); an hour, like NAT gateways.
    public static let visibleAfterDelete: TimeInterval = 3600

    /// The states AWS reports that LocalVPC reaches (`modifying`, `failed`, `rejected`, … are never entered).
    public enum State: String, Sendable, Hashable, Codable {
        case pending, available, deleting, deleted
    }

    /// The state at `now` of a resource created at `createdAt` and deleted at `deletedAt`.
    public static func state(createdAt: Date, deletedAt: Date?, at now: Date) -> State {
        if let deletedAt { return now.timeIntervalSince(deletedAt) < transitionTime ? .deleting : .deleted }
        return now.timeIntervalSince(createdAt) < transitionTime ? .pending : .available
    }

    /// Whether Describe still shows a resource deleted at `deletedAt`.
    public static func isVisible(deletedAt: Date?, at now: Date) -> Bool {
        guard let deletedAt else { return true }
        return now.timeIntervalSince(deletedAt) < transitionTime + visibleAfterDelete
    }
}
