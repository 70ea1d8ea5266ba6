import PeeringSetup
import Testing

/// Which route tables `--routes` touches, and what it does in each.
struct RoutePlanningTests {
    static let subnets = ["subnet-1", "subnet-2", "subnet-3"].map { Subnet(subnetId: $0, vpcId: "vpc-a") }

    /// (tables as (id, isMain, explicitly associated subnets), expected uses as (id, subnets, viaMain))
    @Test(
        arguments: [
            // No explicit associations: only the main table is used, by every subnet.
            ([("rtb-main", true, []), ("rtb-spare", false, [])], [("rtb-main", ["subnet-1", "subnet-2", "subnet-3"], true)]),
            // Every subnet explicitly associated: the main table serves nobody.
            (
                [("rtb-main", true, []), ("rtb-x", false, ["subnet-1", "subnet-2"]), ("rtb-y", false, ["subnet-3"])],
                [("rtb-x", ["subnet-1", "subnet-2"], false), ("rtb-y", ["subnet-3"], false)]
            ),
            // Mixed: explicit table plus the main table for the rest.
            (
                [("rtb-main", true, []), ("rtb-x", false, ["subnet-2"])],
                [("rtb-main", ["subnet-1", "subnet-3"], true), ("rtb-x", ["subnet-2"], false)]
            ),
            // The main table can also be explicitly associated; it serves both ways then.
            (
                [("rtb-main", true, ["subnet-1"]), ("rtb-x", false, ["subnet-2"])],
                [("rtb-main", ["subnet-1", "subnet-3"], true), ("rtb-x", ["subnet-2"], false)]
            ),
            // Associations to subnets of no interest are ignored.
            ([("rtb-main", true, []), ("rtb-x", false, ["subnet-9"])], [("rtb-main", ["subnet-1", "subnet-2", "subnet-3"], true)]),
        ] as [([(String, Bool, [String])], [(String, [String], Bool)])])
    func tablesInUse(tables: [(String, Bool, [String])], expected: [(String, [String], Bool)]) {
        let routeTables = tables.map { RouteTable(routeTableId: $0.0, vpcId: "vpc-a", isMain: $0.1, subnetIds: $0.2) }
        let uses = RouteTableUse.tablesInUse(subnets: Self.subnets, routeTables: routeTables)
        #expect(uses.map(\.table.routeTableId) == expected.map(\.0))
        #expect(uses.map(\.subnetIds) == expected.map(\.1))
        #expect(uses.map(\.viaMain) == expected.map(\.2))
    }

    @Test func noSubnetsMeansNoTable() {
        let main = RouteTable(routeTableId: "rtb-main", vpcId: "vpc-a", isMain: true)
        #expect(RouteTableUse.tablesInUse(subnets: [], routeTables: [main]).isEmpty)
    }

    @Test func reasonNamesTheSubnets() {
        let table = RouteTable(routeTableId: "rtb-1", vpcId: "vpc-a")
        #expect(RouteTableUse(table: table, subnetIds: ["subnet-1", "subnet-2"], viaMain: false).reason == "used by subnet-1, subnet-2")
        #expect(RouteTableUse(table: table, subnetIds: ["subnet-3"], viaMain: true).reason == "main table, used by subnet-3")
    }

    /// (existing route to 10.1.0.0/16 as target, state; peering id) → kind
    @Test(
        arguments: [
            (nil, nil, "pcx-1", RouteChange.Kind.add),
            ("pcx-1", "active", "pcx-1", .alreadyThere),
            ("pcx-1", "blackhole", "pcx-1", .alreadyThere),
            ("pcx-old", "blackhole", "pcx-1", .conflict),
            ("igw-1", "active", "pcx-1", .conflict),
            ("pcx-1", "active", nil, .conflict),
            (nil, nil, nil, .add),
        ] as [(String?, String?, String?, RouteChange.Kind)])
    func routeChange(existingTarget: String?, state: String?, peeringId: String?, kind: RouteChange.Kind) {
        var routes = [Route(destinationCidrBlock: "10.0.0.0/16", target: "local"), Route(destinationCidrBlock: "10.1.0.0/24", target: "igw-1")]
        if let existingTarget { routes.append(Route(destinationCidrBlock: "10.1.0.0/16", target: existingTarget, state: state)) }
        let use = RouteTableUse(table: RouteTable(routeTableId: "rtb-1", vpcId: "vpc-a", routes: routes), subnetIds: ["subnet-1"], viaMain: false)
        let changes = RouteChange.changes(uses: [use], peerCidrBlocks: ["10.1.0.0/16"], peeringId: peeringId)
        #expect(changes.map(\.kind) == [kind])
        #expect(changes.first?.existing?.target == (kind == .conflict ? existingTarget : nil))
    }

    @Test func everyTableGetsEveryPeerBlock() {
        let uses = ["rtb-1", "rtb-2"].map { RouteTableUse(table: RouteTable(routeTableId: $0, vpcId: "vpc-a"), subnetIds: ["s"], viaMain: false) }
        let changes = RouteChange.changes(uses: uses, peerCidrBlocks: ["10.1.0.0/16", "10.2.0.0/16"], peeringId: "pcx-1")
        #expect(
            changes.map { "\($0.use.table.routeTableId) \($0.destinationCidrBlock)" } == [
                "rtb-1 10.1.0.0/16", "rtb-1 10.2.0.0/16", "rtb-2 10.1.0.0/16", "rtb-2 10.2.0.0/16",
            ])
    }
}
