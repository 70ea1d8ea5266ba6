import Addressing

/// A transit gateway's route tables as its namespace's kernel holds them: one routing table per transit gateway route
/// table (`numbers`), its routes out by the attachments' links (VPC or peering attachments) or `blackhole`, and one
/// policy rule per link, `iif LINK lookup TABLE`, for the route table associated with the link's attachment.
///
/// A link whose attachment has no association has no rule: its packets find no route (the namespace's main table is
/// empty) and are dropped, as AWS drops what enters by an attachment without a route table. Changes are made in place
/// (``commands(from:)``), never by flushing a table, so a live flow through a route that stays is never cut.
struct TransitGatewayTables: Equatable {
    /// `iif LINK lookup TABLE`, one per associated attachment with a link.
    let rules: Set<String>
    /// By table number, by destination: the rest of an `ip route replace` (`10.3.0.0/16 via … dev LINK onlink`, or
    /// `blackhole 10.3.99.0/24`).
    let routes: [Int32: [IPv4CIDR: String]]

    /// The tables of `router`, with each route table's kernel table number.
    init(router: TransitGatewayRouter, numbers: [String: Int32]) {
        var rules: Set<String> = []
        for (attachmentId, tableId) in router.associations {
            guard router.links(attachmentId), let table = numbers[tableId] else { continue }
            rules.insert("iif \(router.link(of: attachmentId).name) lookup \(table)")
        }
        var routes: [Int32: [IPv4CIDR: String]] = [:]
        for (tableId, tableRoutes) in router.routeTables {
            guard let table = numbers[tableId] else { continue }
            var byDestination: [IPv4CIDR: String] = [:]
            // Two propagating VPCs may share a block: the first route listed wins, as in the evaluator.
            for route in tableRoutes where byDestination[route.destination] == nil {
                switch route.target {
                case .attachment(let attachmentId):
                    byDestination[route.destination] =
                        "\(route.destination) via \(LinkAddress.nextHop) dev \(router.link(of: attachmentId).name) onlink"
                case .blackhole:
                    byDestination[route.destination] = "blackhole \(route.destination)"
                }
            }
            routes[table] = byDestination
        }
        self.rules = rules
        self.routes = routes
    }

    /// Nothing: the tables of a namespace just made.
    init() {
        self.init(rules: [], routes: [:])
    }

    private init(rules: Set<String>, routes: [Int32: [IPv4CIDR: String]]) {
        self.rules = rules
        self.routes = routes
    }

    /// These tables without the routes out by `link`: the kernel removes them with the link. (Rules name their link
    /// and stay.)
    func withoutRoutes(through link: String) -> TransitGatewayTables {
        TransitGatewayTables(rules: rules, routes: routes.mapValues { $0.filter { !$0.value.hasSuffix(" dev \(link) onlink") } })
    }

    /// The `ip` commands that turn `old` into these tables: new and changed routes replaced, routes gone deleted,
    /// rules added and deleted. Run with `-force`: a route or rule already gone (its link removed) is not an error.
    func commands(from old: TransitGatewayTables) -> [String] {
        var commands: [String] = []
        for rule in old.rules.subtracting(rules).sorted() { commands.append("rule del \(rule)") }
        for (table, oldRoutes) in old.routes.sorted(by: { $0.key < $1.key }) {
            let wanted = routes[table] ?? [:]
            for destination in oldRoutes.keys.filter({ wanted[$0] == nil }).sorted(by: Self.order) {
                commands.append("route del \(destination) table \(table)")
            }
        }
        for (table, wanted) in routes.sorted(by: { $0.key < $1.key }) {
            let before = old.routes[table] ?? [:]
            for (destination, route) in wanted.sorted(by: { Self.order($0.key, $1.key) }) where before[destination] != route {
                commands.append("route replace \(route) table \(table)")
            }
        }
        for rule in rules.subtracting(old.rules).sorted() { commands.append("rule add \(rule)") }
        return commands
    }

    private static func order(_ a: IPv4CIDR, _ b: IPv4CIDR) -> Bool { a.description < b.description }

    /// The first kernel table number of a transit gateway's route tables (the namespace's own tables are below 256).
    static let firstTable: Int32 = 100
}
