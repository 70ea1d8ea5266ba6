import Addressing
import CloudModel
import EC2Protocol
import Foundation

/// Managed prefix lists: the account's own (create, modify, restore, delete, entries, associations) and AWS's, which
/// DescribeManagedPrefixLists and the older DescribePrefixLists both show.
///
/// The changing calls answer with the `…-in-progress` state AWS reports while it works (and, for a modification,
/// the version the list had), and the change is complete by the next read: waiters and Terraform's status polling,
/// which wait for `…-complete`, see it at once.
extension EC2Handlers {
    func createManagedPrefixList(_ request: EC2.CreateManagedPrefixListRequest, context: Context) async throws -> EC2.CreateManagedPrefixListResult {
        let list = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.createManagedPrefixList(
                Transaction.ManagedPrefixListRequest(
                    name: request.prefixListName, addressFamily: request.addressFamily, maxEntries: request.maxEntries,
                    entries: (request.entries ?? []).map { (cidr: $0.cidr, description: $0.description) }, clientToken: request.clientToken,
                    tagSpecifications: TagSpecification.from(request.tagSpecifications)))
        }
        return EC2.CreateManagedPrefixListResult(prefixList: EC2.ManagedPrefixList(list, state: .createInProgress, version: 1))
    }

    func modifyManagedPrefixList(_ request: EC2.ModifyManagedPrefixListRequest, context: Context) async throws -> EC2.ModifyManagedPrefixListResult {
        try Unsupported.refuse(["IpamPrefixListResolverSyncEnabled": request.ipamPrefixListResolverSyncEnabled.map(String.init)])
        let change = Transaction.ManagedPrefixListChange(
            currentVersion: request.currentVersion, name: request.prefixListName,
            addEntries: (request.addEntries ?? []).map { (cidr: $0.cidr, description: $0.description) },
            removeEntries: (request.removeEntries ?? []).map(\.cidr), maxEntries: request.maxEntries)
        let (before, after) = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            let before = transaction.get(ManagedPrefixList.self, request.prefixListId)
            return (before, try transaction.modifyManagedPrefixList(request.prefixListId, change))
        }
        return EC2.ModifyManagedPrefixListResult(
            prefixList: EC2.ManagedPrefixList(after, state: .modifyInProgress, version: before?.version ?? after.version))
    }

    func restoreManagedPrefixListVersion(
        _ request: EC2.RestoreManagedPrefixListVersionRequest,
        context: Context
    ) async throws -> EC2.RestoreManagedPrefixListVersionResult {
        let list = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.restoreManagedPrefixListVersion(
                request.prefixListId, previousVersion: request.previousVersion, currentVersion: request.currentVersion)
        }
        return EC2.RestoreManagedPrefixListVersionResult(
            prefixList: EC2.ManagedPrefixList(list, state: .restoreInProgress, version: request.currentVersion))
    }

    func deleteManagedPrefixList(_ request: EC2.DeleteManagedPrefixListRequest, context: Context) async throws -> EC2.DeleteManagedPrefixListResult {
        let list = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.deleteManagedPrefixList(request.prefixListId)
        }
        return EC2.DeleteManagedPrefixListResult(prefixList: EC2.ManagedPrefixList(list, state: .deleteInProgress, version: list.version))
    }

    func describeManagedPrefixLists(
        _ request: EC2.DescribeManagedPrefixListsRequest,
        context: Context
    ) async throws -> EC2.DescribeManagedPrefixListsResult {
        let state = try await snapshot(context, dryRun: request.dryRun)
        let query = DescribeQuery(
            ids: request.prefixListIds ?? [], filters: try Filter.from(request.filters), maxResults: request.maxResults,
            nextToken: request.nextToken, maxResultsRange: 1...100)
        let page = try state.describeManagedPrefixLists(in: context.scope, query: query, at: cloud.clock.now())
        return EC2.DescribeManagedPrefixListsResult(nextToken: page.nextToken, prefixLists: page.items.map(EC2.ManagedPrefixList.init))
    }

    func describePrefixLists(_ request: EC2.DescribePrefixListsRequest, context: Context) async throws -> EC2.DescribePrefixListsResult {
        let state = try await snapshot(context, dryRun: request.dryRun)
        let query = DescribeQuery(
            ids: request.prefixListIds ?? [], filters: try Filter.from(request.filters), maxResults: request.maxResults,
            nextToken: request.nextToken, maxResultsRange: 1...1000)
        let page = try state.describePrefixLists(in: context.scope, query: query)
        return EC2.DescribePrefixListsResult(
            nextToken: page.nextToken,
            prefixLists: page.items.map { EC2.PrefixList(cidrs: $0.entries.map(\.cidr.description), prefixListId: $0.id, prefixListName: $0.name) })
    }

    func getManagedPrefixListEntries(
        _ request: EC2.GetManagedPrefixListEntriesRequest,
        context: Context
    ) async throws -> EC2.GetManagedPrefixListEntriesResult {
        let state = try await snapshot(context, dryRun: request.dryRun)
        let entries = try state.prefixListEntries(request.prefixListId, targetVersion: request.targetVersion, seenFrom: context.scope)
        // Pages keep the list's order: the key is an entry's position.
        let page = try state.paginate(
            Array(entries.enumerated()),
            query: DescribeQuery(maxResults: request.maxResults, nextToken: request.nextToken, maxResultsRange: 1...100)
        ) { (Date(timeIntervalSince1970: Double($0.offset)), $0.element.cidr.description) }
        return EC2.GetManagedPrefixListEntriesResult(
            entries: page.items.map { EC2.PrefixListEntry(cidr: $0.element.cidr.description, description: $0.element.description) },
            nextToken: page.nextToken)
    }

    func getManagedPrefixListAssociations(
        _ request: EC2.GetManagedPrefixListAssociationsRequest,
        context: Context
    ) async throws -> EC2.GetManagedPrefixListAssociationsResult {
        let state = try await snapshot(context, dryRun: request.dryRun)
        let list = try state.requirePrefixList(request.prefixListId, seenFrom: context.scope)
        let associations = state.prefixListAssociations(list.id, in: context.scope)
        let page = try state.paginate(
            associations, query: DescribeQuery(maxResults: request.maxResults, nextToken: request.nextToken, maxResultsRange: 5...255)
        ) { (Date.distantPast, $0.resourceId) }
        return EC2.GetManagedPrefixListAssociationsResult(
            prefixListAssociations: page.items.map { EC2.PrefixListAssociation(resourceId: $0.resourceId, resourceOwner: $0.resourceOwner) },
            nextToken: page.nextToken)
    }
}

extension EC2.ManagedPrefixList {
    /// A list as DescribeManagedPrefixLists shows it. AWS's lists show no `MaxEntries` or `Version` here (a guess, as
    /// moto shows them), and `AWS` as their owner.
    init(_ list: PrefixList) {
        switch list {
        case .customerManaged(let own):
            self.init(own, state: own.state, version: own.version)
        case .awsManaged(let aws):
            self.init(
                prefixListId: aws.id, addressFamily: aws.addressFamily.rawValue, state: ManagedPrefixList.State.createComplete.rawValue,
                prefixListArn: aws.arn, prefixListName: aws.name, ownerId: AWSManagedPrefixList.ownerId)
        }
    }

    /// The account's own list in `state` at `version`: what a changing call answers, or what Describe shows.
    init(_ list: ManagedPrefixList, state: ManagedPrefixList.State, version: Int) {
        self.init(
            prefixListId: list.id, addressFamily: list.addressFamily.rawValue, state: state.rawValue,
            stateMessage: state == list.state ? list.stateMessage : nil, prefixListArn: list.arn, prefixListName: list.name,
            maxEntries: list.maxEntries, version: version, tags: list.tags.wire, ownerId: list.scope.account)
    }
}
