public import Foundation

extension Instance {
    /// The instance and system status checks as DescribeInstanceStatus reports them: `ok` with reachability `passed`
    /// while running (LocalVPC's instances never fail a check), `not-applicable` with no details otherwise.
    public var statusCheck: (status: String, reachability: String?) {
        state == .running ? ("ok", "passed") : ("not-applicable", nil)
    }
}

extension CloudState {
    /// The filters DescribeInstanceStatus documents: its own, not DescribeInstances' (no tags either).
    public static let instanceStatusFilterNames: Set<String> = [
        "attached-ebs-status.status", "availability-zone", "availability-zone-id", "event.code", "event.description", "event.instance-event-id",
        "event.not-after", "event.not-before", "event.not-before-deadline", "instance-state-code", "instance-state-name",
        "instance-status.reachability", "instance-status.status", "operator.managed", "operator.principal", "system-status.reachability",
        "system-status.status",
    ]

    /// The instances DescribeInstanceStatus reports in `scope`: by id and filter, running ones only unless
    /// `includeAllInstances`, a page at a time. Unknown ids are refused as DescribeInstances refuses them.
    public func describeInstanceStatus(
        in scope: AccountRegion, query: DescribeQuery, includeAllInstances: Bool, at now: Date
    ) throws(EC2Error) -> Page<Instance> {
        for filter in query.filters where !Self.instanceStatusFilterNames.contains(filter.name) { throw .invalidFilter(filter.name) }
        var selection = try PageSelection<Instance>(query: query)
        func consider(_ instance: Instance) {
            guard instance.isVisible(at: now), includeAllInstances || instance.state == .running,
                selection.admits(time: instance.createdAt, id: instance.id),
                query.filters.allSatisfy({ $0.matches(any: instanceStatusFilterValues(of: instance, $0.name)) })
            else { return }
            selection.offer(instance, time: instance.createdAt, id: instance.id)
        }
        if query.ids.isEmpty {
            let region = self[scope]
            let order = region.creationOrder(Instance.self)
            for key in order[selection.start(in: order)...] {
                if let instance = region.instances[key.id] { consider(instance) }
                if selection.isFull { break }
            }
        } else {
            for instance in try describe(Instance.self, in: scope, query: DescribeQuery(ids: query.ids), at: now).items { consider(instance) }
        }
        return selection.page()
    }

    private func instanceStatusFilterValues(of instance: Instance, _ name: String) -> [String] {
        let check = instance.statusCheck
        switch name {
        case "availability-zone": return [instance.availabilityZone]
        case "availability-zone-id": return self[instance.scope].subnets[instance.subnetId].map { [$0.availabilityZoneId] } ?? []
        case "instance-state-code": return [String(instance.state.code)]
        case "instance-state-name": return [instance.state.rawValue]
        case "instance-status.status", "system-status.status": return [check.status]
        case "instance-status.reachability", "system-status.reachability": return check.reachability.map { [$0] } ?? []
        case "operator.managed": return ["false"]
        // event.*: LocalVPC schedules no maintenance events. attached-ebs-status.status: no volumes.
        // operator.principal: no service-managed instances.
        default: return []
        }
    }
}
