extension RegionState {
    /// The resources of type `R` that belong to `vpcId`: through the VPC index, or through `R`'s table when that is the
    /// shorter walk (the index holds every kind of the VPC's resources, instances terminated in the last hour among
    /// them, so finding a VPC's groups or interfaces through it grew with every launch).
    public func all<R: CloudResource>(_ type: R.Type, inVpc vpcId: String) -> [R] {
        let ids = idsByVpc[vpcId] ?? []
        let table = self[keyPath: R.table]
        if table.count < ids.count { return table.values.filter { $0.vpcId == vpcId } }
        return ids.compactMap { table[$0] }
    }
}
