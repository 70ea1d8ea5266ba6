/// CreateNetworkAclEntry, ReplaceNetworkAclEntry and DeleteNetworkAclEntry.
///
/// Each direction of an ACL has at most one entry per rule number; the `*` entries (32767, 32768) are outside the
/// numbers users may name, so they can be neither replaced nor deleted.
extension Transaction {
    /// Adds an entry under a rule number its direction does not use yet.
    public mutating func createNetworkAclEntry(_ networkAclId: String, _ request: NetworkAclEntryRequest) throws(EC2Error) {
        var acl = try require(NetworkAcl.self, networkAclId)
        let entry = try NetworkAclEntry(validating: request)
        guard acl.entryIndex(ruleNumber: entry.ruleNumber, egress: entry.egress) == nil else {
            throw .networkAclEntryAlreadyExists(entry.ruleNumber)
        }
        acl.entries.append(entry)
        put(acl)
    }

    /// Replaces the entry with the same rule number and direction, which must exist.
    public mutating func replaceNetworkAclEntry(_ networkAclId: String, _ request: NetworkAclEntryRequest) throws(EC2Error) {
        var acl = try require(NetworkAcl.self, networkAclId)
        let entry = try NetworkAclEntry(validating: request)
        guard let index = acl.entryIndex(ruleNumber: entry.ruleNumber, egress: entry.egress) else {
            throw .networkAclEntryNotFound(entry.ruleNumber, egress: entry.egress, networkAclId: networkAclId)
        }
        acl.entries[index] = entry
        put(acl)
    }

    /// Removes the entry with that rule number in that direction, which must exist.
    public mutating func deleteNetworkAclEntry(_ networkAclId: String, ruleNumber: Int, egress: Bool) throws(EC2Error) {
        var acl = try require(NetworkAcl.self, networkAclId)
        try NetworkAclEntry.validate(ruleNumber: ruleNumber)
        guard let index = acl.entryIndex(ruleNumber: ruleNumber, egress: egress) else {
            throw .networkAclEntryNotFound(ruleNumber, egress: egress, networkAclId: networkAclId)
        }
        acl.entries.remove(at: index)
        put(acl)
    }
}

extension NetworkAcl {
    func entryIndex(ruleNumber: Int, egress: Bool) -> Int? {
        entries.firstIndex { $0.ruleNumber == ruleNumber && $0.egress == egress }
    }
}
