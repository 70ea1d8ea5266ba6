import CloudModel
import EC2Protocol

extension EC2Handlers {
    /// Regions holding at least this many resources have their describes run off the event loops.
    static let longReadRegionSize = 2000
    /// Filter values adding up to at least this many characters make a describe run off the event loops.
    static let longReadFilterLength = 64 << 10

    /// Answers one EC2 request: a read that may take long (see `isLongRead`) or a write over many instances (see
    /// `isLargeWrite`) on `LongReadExecutor`, anything else where it arrived. A write's command still joins the cloud's
    /// write queue on the cloud's own thread (`CloudExecutor`), never waiting there for a low-priority thread; what runs
    /// here is decoding it, working it out (`CloudService.performAside`) and writing its answer.
    func respond(action: String?, parameters: QueryParameters, requestId: String, context: Context) async throws -> EC2ResponseDocument {
        guard isLongRead(action: action, parameters: parameters, scope: context.scope) || isLargeWrite(action: action, parameters: parameters)
        else {
            return try await handle(action: action, parameters: parameters, requestId: requestId, context: context)
        }
        return try await LongReadExecutor.run { try await handle(action: action, parameters: parameters, requestId: requestId, context: context) }
    }

    /// Whether `action` launches, terminates, stops or starts at least `asideInstanceCount` instances: its answer alone
    /// (an item for each instance) takes milliseconds to write, which on an event loop every request queued there waits for.
    func isLargeWrite(action: String?, parameters: QueryParameters) -> Bool {
        switch action {
        case "RunInstances": (parameters["MaxCount"].flatMap { Int($0) } ?? 0) >= Self.asideInstanceCount
        case "TerminateInstances", "StopInstances", "StartInstances":
            (parameters.child("InstanceId")?.elements.count ?? 0) >= Self.asideInstanceCount
        default: false
        }
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
