public import Foundation

/// DescribeInstanceCreditSpecifications: the CPU credit option of burstable instances.
extension CloudState {
    /// The instances and credit options the call answers, a page at a time.
    ///
    /// As AWS documents it: without ids, the instances whose option is `unlimited` (burstable ones, and ones set to
    /// `unlimited` before a resize to a type that does not burst); with ids, the option of each, an instance with none
    /// being refused (`InstanceCreditSpecification.NotSupported`, which Terraform's provider expects). The only filter is
    /// `instance-id`.
    public func describeInstanceCreditSpecifications(in scope: AccountRegion, query: DescribeQuery, at now: Date) throws(EC2Error)
        -> Page<(instance: Instance, cpuCredits: InstanceConfiguration.CpuCredits)>
    {
        for filter in query.filters where filter.name != "instance-id" { throw .invalidFilter(filter.name) }
        if !query.ids.isEmpty, query.maxResults != nil {
            throw .invalidParameterCombination("The parameter instanceIds cannot be used with the parameter maxResults")
        }
        var instances = try describe(Instance.self, in: scope, query: DescribeQuery(ids: query.ids, filters: query.filters), at: now).items
        if query.ids.isEmpty {
            instances = instances.filter { $0.cpuCredits == .unlimited }
        } else if let unsupported = instances.first(where: { $0.cpuCredits == nil }) {
            throw .creditSpecificationNotSupported(instanceId: unsupported.id, instanceType: unsupported.instanceType)
        }
        let selected = instances.compactMap { instance in instance.cpuCredits.map { (instance: instance, cpuCredits: $0) } }
        return try paginate(selected, query: query) { ($0.instance.launchTime, $0.instance.id) }
    }
}
