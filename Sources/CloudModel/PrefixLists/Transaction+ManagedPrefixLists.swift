import Addressing

/// CreateManagedPrefixList, ModifyManagedPrefixList, RestoreManagedPrefixListVersion and DeleteManagedPrefixList.
extension Transaction {
    /// What CreateManagedPrefixList asks for.
    public struct ManagedPrefixListRequest: Sendable {
        public var name: String
        public var addressFamily: String
        public var maxEntries: Int
        public var entries: [(cidr: String, description: String?)]
        public var clientToken: String?
        public var tagSpecifications: [TagSpecification]

        public init(
            name: String, addressFamily: String, maxEntries: Int, entries: [(cidr: String, description: String?)] = [], clientToken: String? = nil,
            tagSpecifications: [TagSpecification] = []
        ) {
            self.name = name
            self.addressFamily = addressFamily
            self.maxEntries = maxEntries
            self.entries = entries
            self.clientToken = clientToken
            self.tagSpecifications = tagSpecifications
        }

        /// What the request asks for, as a repeated `ClientToken` is compared.
        var fingerprint: String {
            IdempotentRequest.fingerprint(
                [name, addressFamily, String(maxEntries)] + entries.flatMap { [$0.cidr, $0.description] })
        }
    }

    /// What ModifyManagedPrefixList asks for: entries to add and remove (a new version), or a new size, and maybe a name.
    public struct ManagedPrefixListChange: Sendable {
        public var currentVersion: Int?
        public var name: String?
        public var addEntries: [(cidr: String, description: String?)]
        public var removeEntries: [String]
        public var maxEntries: Int?

        public init(
            currentVersion: Int? = nil, name: String? = nil, addEntries: [(cidr: String, description: String?)] = [], removeEntries: [String] = [],
            maxEntries: Int? = nil
        ) {
            self.currentVersion = currentVersion
            self.name = name
            self.addEntries = addEntries
            self.removeEntries = removeEntries
            self.maxEntries = maxEntries
        }
    }

    /// Creates a customer-managed prefix list at version 1. A repeated `ClientToken` answers the list it made.
    public mutating func createManagedPrefixList(_ request: ManagedPrefixListRequest) throws(EC2Error) -> ManagedPrefixList {
        if let earlier = try madeEarlier(ManagedPrefixList.self, clientToken: request.clientToken, fingerprint: request.fingerprint) {
            return earlier
        }
        try Self.validatePrefixListName(request.name)
        guard let family = AddressFamily(rawValue: request.addressFamily) else { throw .invalidAddressFamily(request.addressFamily) }
        try Self.validateMaxEntries(request.maxEntries)
        let entries = try Self.entries(request.entries, family: family)
        let id = newId(.prefixList)
        guard entries.count <= request.maxEntries else { throw .prefixListMaxEntriesExceeded(id, maxEntries: request.maxEntries) }
        let tags = try TagSet.creating(ManagedPrefixList.resourceType, from: request.tagSpecifications)
        var list = ManagedPrefixList(
            id: id, scope: scope, name: request.name, addressFamily: family, maxEntries: request.maxEntries, entries: entries,
            clientToken: request.clientToken, tags: tags, createdAt: now)
        list.requestFingerprint = request.clientToken.map { _ in request.fingerprint }
        put(list)
        return list
    }

    /// Changes a list: its name (no new version), its entries (a new version, checked against `CurrentVersion` when
    /// given), or its size. Entries and size cannot change in one call, as on AWS.
    ///
    /// A resize that a route table or a group naming the list cannot hold (their quotas, when enforced) does not fail
    /// the call: the list ends `modify-failed`, its size unchanged and the first ten such resources in `StateMessage`,
    /// as AWS documents.
    public mutating func modifyManagedPrefixList(_ id: String, _ change: ManagedPrefixListChange) throws(EC2Error) -> ManagedPrefixList {
        var list = try requireCustomerPrefixList(id)
        if let name = change.name { try Self.validatePrefixListName(name) }
        let changesEntries = !change.addEntries.isEmpty || !change.removeEntries.isEmpty
        if changesEntries, change.maxEntries != nil { throw .prefixListResizeWithEntries }
        if let version = change.currentVersion, version != list.version { throw .prefixListVersionMismatch(id) }
        if let name = change.name { list.name = name }
        list.stateMessage = nil
        list.state = .modifyComplete
        if changesEntries {
            list.addVersion(try modifiedEntries(of: list, change))
        } else if let size = change.maxEntries, size != list.maxEntries {
            try Self.validateMaxEntries(size)
            guard size >= list.entries.count else { throw .prefixListTooSmall(id, entries: list.entries.count) }
            let refusing = resourcesRefusingResize(of: list, to: size)
            if refusing.isEmpty {
                list.maxEntries = size
            } else {
                list.state = .modifyFailed
                // The wording is a guess; AWS documents that the message names the first ten resources.
                list.stateMessage = "The following resources do not support the new maximum size: \(refusing.prefix(10).joined(separator: ", "))"
            }
        }
        put(list)
        return list
    }

    /// Makes an earlier version's entries the list's entries again, as a new version.
    public mutating func restoreManagedPrefixListVersion(_ id: String, previousVersion: Int, currentVersion: Int) throws(EC2Error)
        -> ManagedPrefixList
    {
        var list = try requireCustomerPrefixList(id)
        guard currentVersion == list.version else { throw .prefixListVersionMismatch(id) }
        guard let entries = list.entries(ofVersion: previousVersion), previousVersion != list.version else {
            throw .prefixListVersionNotFound(previousVersion, in: id)
        }
        guard entries.count <= list.maxEntries else { throw .prefixListMaxEntriesExceeded(id, maxEntries: list.maxEntries) }
        list.addVersion(entries)
        list.state = .restoreComplete
        list.stateMessage = nil
        put(list)
        return list
    }

    /// Deletes a list that no route or group rule names.
    public mutating func deleteManagedPrefixList(_ id: String) throws(EC2Error) -> ManagedPrefixList {
        let list = try requireCustomerPrefixList(id)
        let references = prefixListReferences(to: id)
        guard references.isEmpty else { throw .prefixListInUse(id, by: references.map(\.resourceId)) }
        delete(list)
        return list
    }

    /// The caller's own list `id`; AWS's lists are refused, since nobody may change them.
    private func requireCustomerPrefixList(_ id: String) throws(EC2Error) -> ManagedPrefixList {
        switch try requirePrefixList(id) {
        case .customerManaged(let list): return list
        case .awsManaged: throw .awsManagedPrefixList(id)
        }
    }

    /// The entries after a change: removals first, then additions (so one call may not name a block in both).
    private func modifiedEntries(of list: ManagedPrefixList, _ change: ManagedPrefixListChange) throws(EC2Error) -> [PrefixListEntry] {
        guard change.addEntries.count <= 100, change.removeEntries.count <= 100 else { throw .tooManyPrefixListChanges }
        let added = try Self.entries(change.addEntries, family: list.addressFamily)
        var removed: Set<IPCIDR> = []
        for text in change.removeEntries {
            guard let block = IPCIDR(text) else { throw .invalidParameterValue("The CIDR '\(text)' is not valid.") }
            guard removed.insert(block.canonical).inserted else { throw .duplicatePrefixListEntry(text) }
        }
        if let both = added.first(where: { removed.contains($0.cidr) }) { throw .prefixListEntryAddedAndRemoved(both.cidr.description) }
        var entries = list.entries
        for block in removed {
            guard let index = entries.firstIndex(where: { $0.cidr == block }) else { throw .prefixListEntryNotFound(block.description, in: list.id) }
            entries.remove(at: index)
        }
        for entry in added {
            if entries.contains(where: { $0.cidr == entry.cidr }) { throw .prefixListEntryExists }
            entries.append(entry)
        }
        guard entries.count <= list.maxEntries else { throw .prefixListMaxEntriesExceeded(list.id, maxEntries: list.maxEntries) }
        return entries
    }

    /// The route tables and groups naming `list` that a resize to `size` would push past their quotas (only checked when
    /// adjustable quotas are enforced).
    private func resourcesRefusingResize(of list: ManagedPrefixList, to size: Int) -> [String] {
        guard configuration.enforcesAdjustableQuotas else { return [] }
        var refusing: [String] = []
        for reference in prefixListReferences(to: list.id) {
            if let table = get(RouteTable.self, reference.resourceId) {
                let usage = routeQuotaUsage(of: table) + table.prefixListIds.filter { $0 == list.id }.count * (size - list.maxEntries)
                if usage > configuration.quotas.routesPerRouteTable { refusing.append(table.id) }
            } else if let group = get(SecurityGroup.self, reference.resourceId) {
                let grows = { (rules: [SecurityGroupRule]) in rules.filter { $0.peer.prefixListId == list.id }.count * (size - list.maxEntries) }
                if ruleQuotaUsage(of: group.ingress) + grows(group.ingress) > configuration.quotas.rulesPerSecurityGroup
                    || ruleQuotaUsage(of: group.egress) + grows(group.egress) > configuration.quotas.rulesPerSecurityGroup
                {
                    refusing.append(group.id)
                }
            }
        }
        return refusing
    }

    /// Entries as a request gives them, checked: valid blocks of the list's family, none twice.
    static func entries(_ given: [(cidr: String, description: String?)], family: AddressFamily) throws(EC2Error) -> [PrefixListEntry] {
        guard given.count <= 100 else { throw .tooManyPrefixListChanges }
        var entries: [PrefixListEntry] = []
        for item in given {
            guard let block = IPCIDR(item.cidr), block.canonical == block else {
                throw .invalidParameterValue("The CIDR '\(item.cidr)' is not valid.")
            }
            guard AddressFamily(of: block) == family else { throw .prefixListWrongFamily(item.cidr, family: family) }
            guard !entries.contains(where: { $0.cidr == block }) else { throw .duplicatePrefixListEntry(item.cidr) }
            if let description = item.description, description.count > 255 {
                throw .invalidParameterValue("The description of entry \(item.cidr) is longer than 255 characters.")
            }
            entries.append(PrefixListEntry(cidr: block, description: item.description))
        }
        return entries
    }

    static func validatePrefixListName(_ name: String) throws(EC2Error) {
        guard !name.isEmpty, name.count <= 255, !name.hasPrefix("com.amazonaws") else { throw .invalidPrefixListName(name) }
    }

    static func validateMaxEntries(_ value: Int) throws(EC2Error) {
        guard (1...ManagedPrefixList.maxEntriesLimit).contains(value) else { throw .invalidMaxEntries(value) }
    }
}
