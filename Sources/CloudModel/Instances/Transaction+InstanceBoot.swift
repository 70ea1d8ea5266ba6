/// The end of an instance's boot: `pending` becomes `running` when the data plane has made its network namespace.
extension Transaction {
    /// Makes each of `ids` that is still `pending` `running`; any other (stopped, terminated, gone meanwhile) is left
    /// as it is, since the data plane may report an instance the user has already stopped. Returns the ids it changed.
    public mutating func markInstancesRunning(_ ids: [String]) -> [String] {
        var changed: [String] = []
        for id in ids {
            guard var instance = get(Instance.self, id), instance.state == .pending else { continue }
            instance.state = .running
            instance.stateChangedAt = now
            put(instance)
            changed.append(id)
        }
        return changed
    }
}
