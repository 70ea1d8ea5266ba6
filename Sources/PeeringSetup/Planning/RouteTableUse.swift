/// A route table that some subnet of a VPC actually uses, and which subnets those are.
///
/// A subnet uses the table explicitly associated with it, or else the VPC's main table; a
/// table no subnet uses (or the main table when every subnet has its own) does not route
/// any traffic, so `localvpc peer --routes` leaves it alone.
public struct RouteTableUse: Sendable, Hashable, Codable {
    /// The table.
    public var table: RouteTable
    /// The subnets that use it, sorted.
    public var subnetIds: [String]
    /// True when these subnets use it because it is the main table (no explicit association).
    public var viaMain: Bool

    /// A use from its parts.
    public init(table: RouteTable, subnetIds: [String], viaMain: Bool) {
        self.table = table
        self.subnetIds = subnetIds
        self.viaMain = viaMain
    }

    /// Every table used by `subnets`, by table id: explicitly associated tables, plus the main
    /// table when at least one subnet has no explicit association. Tables of other VPCs and
    /// associations to subnets not listed are ignored.
    public static func tablesInUse(subnets: [Subnet], routeTables: [RouteTable]) -> [RouteTableUse] {
        let subnetIds = Set(subnets.map(\.subnetId))
        var uses: [RouteTableUse] = []
        var explicitlyAssociated: Set<String> = []
        for table in routeTables {
            let users = table.subnetIds.filter(subnetIds.contains).sorted()
            explicitlyAssociated.formUnion(users)
            if !users.isEmpty { uses.append(RouteTableUse(table: table, subnetIds: users, viaMain: false)) }
        }
        let unassociated = subnetIds.subtracting(explicitlyAssociated).sorted()
        if !unassociated.isEmpty, let main = routeTables.first(where: \.isMain) {
            if let index = uses.firstIndex(where: { $0.table.routeTableId == main.routeTableId }) {
                uses[index].subnetIds = (uses[index].subnetIds + unassociated).sorted()
                uses[index].viaMain = true
            } else {
                uses.append(RouteTableUse(table: main, subnetIds: unassociated, viaMain: true))
            }
        }
        return uses.sorted { $0.table.routeTableId < $1.table.routeTableId }
    }

    /// Why the table matters, for the report: `used by subnet-1, subnet-2` or `main table, used by subnet-3`.
    public var reason: String {
        (viaMain ? "main table, " : "") + "used by " + subnetIds.joined(separator: ", ")
    }
}
