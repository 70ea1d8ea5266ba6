import CloudModel
import EC2Protocol

extension EC2Handlers {
    /// Regions holding at least this many resources have their describes run off the event loops.
    static let longReadRegionSize = 2000
    /// Filter values adding up to at least this many characters make a describe run off the event loops.
    static let longReadFilterLength = 64 << 10

    /// Answers one EC2 request: a read that may take long (see `isLongRead`) on `LongReadExecutor`, anything else where
    /// it arrived. Writes always run where they arrived: they run on the cloud's actor, which must not wait for a
    /// low-priority thread, and each is bounded (`CloudConfiguration.instancesPerLaunch`).
    func respond(action: String?, parameters: QueryParameters, requestId: String, context: Context) async throws -> String {
        guard isLongRead(action: action, parameters: parameters, scope: context.scope) else {
            return try await handle(action: action, parameters: parameters, requestId: requestId, context: context)
        }
        return try await LongReadExecutor.run { try await handle(action: action, parameters: parameters, requestId: requestId, context: context) }
    }

    /// Whether `action` reads (Describe…, Get…, Search…) and may take long: its filter values are long, or its region is
    /// large and the call asks for all of it (no page size, no ids). A lookup by id or one page stays on the event loop,
    /// where it costs no thread hop.
    func isLongRead(action: String?, parameters: QueryParameters, scope: AccountRegion) -> Bool {
        guard let action, action.hasPrefix("Describe") || action.hasPrefix("Get") || action.hasPrefix("Search") else { return false }
        var length = 0
        for filter in parameters.child("Filter")?.elements ?? [] {
            for value in filter.child("Value")?.elements ?? [] { length += value.value?.utf8.count ?? 0 }
            if length >= Self.longReadFilterLength { return true }
        }
        guard parameters["MaxResults"] == nil else { return false }
        let namesIds = parameters.childKeys.contains { key in
            (key.hasSuffix("Id") || key.hasSuffix("Ids")) && !(parameters.child(key)?.elements.isEmpty ?? true)
        }
        return !namesIds && cloud.snapshot()[scope].resourceCount >= Self.longReadRegionSize
    }
}
