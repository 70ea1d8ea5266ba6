public import Addressing
public import Foundation

/// A route table: its routes, and the subnets (or the VPC's "main" slot) it is associated with.
public struct RouteTable: TaggedResource, IdempotentlyCreated {
    public static var table: WritableKeyPath<RegionState, PersistentDictionary<String, RouteTable>> { \.routeTables }
    public static let resourceType = "route-table"
    public var resource: Resource { .routeTable(self) }
    public static func unwrap(_ resource: Resource) -> Self? {
        if case .routeTable(let value) = resource { value } else { nil }
    }

    public let id: String
    public let scope: AccountRegion
    public let tableVpcId: String
    public var routes: [Route]
    public var associations: [RouteTableAssociation] = []
    public var tags: TagSet
    public var createdAt: Date
    public var clientToken: String?
    public var requestFingerprint: String?

    public var vpcId: String? { tableVpcId }

    /// Whether this is its VPC's main route table, the one subnets without an association use.
    public var isMain: Bool { associations.contains { $0.main } }

    public init(id: String, scope: AccountRegion, vpcId: String, routes: [Route], tags: TagSet = [:], createdAt: Date) {
        self.id = id
        self.scope = scope
        self.tableVpcId = vpcId
        self.routes = routes
        self.tags = tags
        self.createdAt = createdAt
    }

    /// The index of the route whose destination is exactly `destination`.
    public func routeIndex(for destination: RouteDestination) -> Int? {
        routes.firstIndex { $0.destination == destination }
    }

    /// The index of the route whose destination is exactly the block `destination`.
    public func routeIndex(for destination: IPCIDR) -> Int? {
        routeIndex(for: .cidr(destination))
    }

    /// The prefix lists this table's routes go to.
    public var prefixListIds: [String] { routes.compactMap(\.destination.prefixListId) }
}

/// The link between a route table and a subnet, or the VPC's main-table slot (`main`).
public struct RouteTableAssociation: Sendable, Hashable, Codable {
    public let id: String
    public let subnetId: String?
    public let main: Bool

    public init(id: String, subnetId: String?, main: Bool) {
        self.id = id
        self.subnetId = subnetId
        self.main = main
    }
}
