public import Foundation

extension CloudState {
    /// DescribeKeyPairs: by name, by id, by filter, or all; a name or id that does not exist is an error
    /// (`InvalidKeyPair.NotFound`), as on AWS, where an empty answer would let scripts think a key exists.
    ///
    /// Key pairs are not paginated on AWS: the operation has no `MaxResults`.
    public func describeKeyPairs(in scope: AccountRegion, names: [String], ids: [String], filters: [Filter], at now: Date) throws(EC2Error)
        -> [KeyPair]
    {
        let region = self[scope]
        var selectedIds = ids
        for name in names {
            guard let keyPair = region.keyPairs.values.first(where: { $0.name == name }) else { throw .keyPairNotFound(name) }
            selectedIds.append(keyPair.id)
        }
        var seen = Set<String>()
        let query = DescribeQuery(ids: selectedIds.filter { seen.insert($0).inserted }, filters: filters)
        return try describe(KeyPair.self, in: scope, query: query, at: now).items
    }
}
