public import Foundation

/// What time does to an endpoint: an interface endpoint is `pending` for a moment after it is created and `deleting`
/// for a moment after it is deleted, as AWS reports them while it provisions or removes the interfaces; a deleted
/// endpoint stays visible as `deleted` for a while.
///
/// The states are computed from the injected clock rather than stored, so no background job moves them. The
/// interfaces and routes themselves come and go with the create and delete calls: nothing waits on the state.
extension VpcEndpoint {
    /// How long an interface endpoint is `pending` after CreateVpcEndpoint, and `deleting` after DeleteVpcEndpoints.
    ///
    /// AWS takes a minute or two; LocalVPC keeps the states (what a client sees right after the call) but shortens
    /// the wait, so pollers such as Terraform's, which look first after 5 seconds, find the endpoint settled.
    public static let transitionTime: TimeInterval = 5

    /// How long Describe still shows a deleted endpoint. AWS does not document the window (a guess); it is kept short
    /// because Ansible's `ec2_vpc_endpoint` matches existing endpoints by service and VPC whatever their state, and
    /// would take a deleted interface endpoint for the one it is asked to create.
    public static let visibleAfterDelete: TimeInterval = 60

    /// The state clients see at `now`.
    public func state(at now: Date) -> State {
        let settles = endpointType == .interface ? Self.transitionTime : 0
        if let deletedAt {
            return now.timeIntervalSince(deletedAt) < settles ? .deleting : .deleted
        }
        return now.timeIntervalSince(createdAt) < settles ? .pending : .available
    }

    /// Whether Describe still shows the endpoint at `now`.
    public func isVisible(at now: Date) -> Bool {
        guard let deletedAt else { return true }
        return now.timeIntervalSince(deletedAt) < Self.transitionTime + Self.visibleAfterDelete
    }
}
