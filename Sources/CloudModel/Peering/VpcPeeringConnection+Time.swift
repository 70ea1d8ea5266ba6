public import Foundation

/// What time does to a peering: pending requests expire, and ended connections stay visible for AWS's windows.
///
/// Both are computed from the injected clock rather than stored, so moving time forward needs no background
/// job and cannot leave a half-updated state.
extension VpcPeeringConnection {
    /// The status clients see at `now`.
    public func status(at now: Date) -> PeeringStatus {
        status == .pendingAcceptance && now >= expirationTime ? .expired : status
    }

    /// The status message clients see at `now`.
    public func statusMessage(at now: Date) -> String {
        status(at: now) == .expired && status != .expired ? "Expired" : statusMessage
    }

    /// When the connection ended as seen at `now` (an expired one ended when it expired).
    public func endedAt(at now: Date) -> Date? {
        status(at: now) == .expired ? expirationTime : endedAt
    }

    /// Whether `viewer` (an account in a region) sees the connection at `now`.
    ///
    /// Only the two owners, each in its own region, ever see it. After it ends it stays visible for AWS's
    /// windows: failed, 2 h to the requester only; expired, 2 days to both; rejected, 2 days to the
    /// requester and 2 h to the accepter; deleted, 2 h to the deleter and 2 days to the other owner;
    /// within one account, rejected and deleted stay 2 h.
    public func isVisible(to viewer: AccountRegion, at now: Date) -> Bool {
        guard viewer == requester.scope || viewer == accepter.scope else { return false }
        let current = status(at: now)
        guard current.isTerminal, let ended = endedAt(at: now) else { return true }
        let hour: TimeInterval = 3600
        let day: TimeInterval = 24 * hour
        let isRequester = viewer == requester.scope
        let window: TimeInterval
        switch current {
        case .failed: window = isRequester ? 2 * hour : 0
        case .expired: window = 2 * day
        case .rejected: window = isSameAccount ? 2 * hour : (isRequester ? 2 * day : 2 * hour)
        case .deleted: window = isSameAccount || viewer.account == endedBy ? 2 * hour : 2 * day
        default: window = 0
        }
        return now < ended.addingTimeInterval(window)
    }
}
