import EC2Client
import Foundation
import PeeringSetup
import SigV4
import Synchronization

/// A tiny in-memory EC2 endpoint for the actions `localvpc peer` uses, one region, several accounts.
///
/// Like moto, it ignores `DescribeVpcPeeringConnections` filters; like AWS, a create answers
/// `initiating-request` and overlapping blocks make the connection `failed`. The account is the
/// access key when it is 12 digits, else 000000000000.
final class FakeEC2: HTTPTransport {
    struct State {
        var vpcs: [Vpc] = []
        var subnets: [Subnet] = []
        var tables: [RouteTable] = []
        var groups: [SecurityGroup] = []
        var peerings: [VpcPeeringConnection] = []
        var mutations: [String] = []
        var counter = 0
    }

    let state = Mutex(State())

    func client(account: String = "000000000000") -> EC2Client {
        let configuration = EC2Client.Configuration(
            credentials: AWSCredentials(accessKeyId: account == "000000000000" ? "test" : account, secretAccessKey: "x"), region: "us-east-1",
            endpoint: URL(string: "http://fake.invalid")!)
        return EC2Client(configuration: configuration, transport: self, retryPauses: [])
    }

    /// Adds a VPC with a main table, a default group and one subnet per block given.
    @discardableResult
    func addVpc(_ id: String, _ cidr: String, name: String? = nil, owner: String = "000000000000", subnets: [String] = []) -> Vpc {
        state.withLock { state in
            let vpc = Vpc(vpcId: id, ownerId: owner, cidrBlocks: [cidr], name: name)
            state.vpcs.append(vpc)
            state.tables.append(
                RouteTable(routeTableId: "rtb-main-\(id)", vpcId: id, isMain: true, routes: [Route(destinationCidrBlock: cidr, target: "local")]))
            state.groups.append(SecurityGroup(groupId: "sg-\(id)", groupName: "default", vpcId: id))
            state.subnets += subnets.map { Subnet(subnetId: $0, vpcId: id) }
            return vpc
        }
    }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var form: [String: String] = [:]
        for pair in String(decoding: request.body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? "" }
            form[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        let key = request.header("authorization")?.split(separator: "=")[1].split(separator: "/")[0] ?? ""
        let account = key.count == 12 && key.allSatisfy(\.isNumber) ? String(key) : "000000000000"
        return state.withLock { state in
            do throws(EC2ClientError) {
                let body = try Self.handle(form, account: account, &state)
                return HTTPResponse(statusCode: 200, body: Data("<\(form["Action"] ?? "")Response>\(body)</\(form["Action"] ?? "")Response>".utf8))
            } catch {
                let xml =
                    "<Response><Errors><Error><Code>\(error.code)</Code><Message>\(error.message)</Message></Error></Errors><RequestID>r</RequestID></Response>"
                return HTTPResponse(statusCode: 400, body: Data(xml.utf8))
            }
        }
    }

    private static func handle(_ form: [String: String], account: String, _ state: inout State) throws(EC2ClientError) -> String {
        let mine = state.vpcs.filter { $0.ownerId == account }.map(\.vpcId)
        switch form["Action"] ?? "" {
        case "DescribeVpcs":
            let vpcs = state.vpcs.filter { vpc in
                vpc.ownerId == account && (form["VpcId.1"].map { vpc.vpcId == $0 } ?? (vpc.name == form["Filter.1.Value.1"]))
            }
            if let id = form["VpcId.1"], vpcs.isEmpty {
                throw EC2ClientError(code: "InvalidVpcID.NotFound", message: "The vpc ID '\(id)' does not exist")
            }
            return "<vpcSet>" + vpcs.map(xml).joined() + "</vpcSet>"
        case "DescribeVpcPeeringConnections":
            let visible = state.peerings.filter { connection in
                (mine.contains(connection.requester.vpcId) || mine.contains(connection.accepter.vpcId))
                    && (form["VpcPeeringConnectionId.1"].map { connection.vpcPeeringConnectionId == $0 } ?? true)
            }
            return "<vpcPeeringConnectionSet>" + visible.map { xml($0) }.joined() + "</vpcPeeringConnectionSet>"
        case "CreateVpcPeeringConnection":
            guard let vpc = state.vpcs.first(where: { $0.vpcId == form["VpcId"] && $0.ownerId == account }),
                let peer = state.vpcs.first(where: { $0.vpcId == form["PeerVpcId"] })
            else { throw EC2ClientError(code: "InvalidVpcID.NotFound", message: "no such VPC") }
            state.counter += 1
            var connection = VpcPeeringConnection(
                vpcPeeringConnectionId: "pcx-\(state.counter)", status: "pending-acceptance",
                requester: VpcInfo(vpcId: vpc.vpcId, ownerId: vpc.ownerId, region: "us-east-1", cidrBlocks: vpc.cidrBlocks),
                accepter: VpcInfo(vpcId: peer.vpcId, ownerId: peer.ownerId, region: "us-east-1", cidrBlocks: peer.cidrBlocks))
            if overlaps(vpc.cidrBlocks[0], peer.cidrBlocks[0]) || (form["PeerOwnerId"] ?? account) != peer.ownerId {
                connection.status = "failed"
                connection.statusMessage = "Overlapping CIDR blocks: \(vpc.cidrBlocks[0]) and \(peer.cidrBlocks[0])."
            }
            state.peerings.append(connection)
            state.mutations.append("create \(connection.vpcPeeringConnectionId)")
            connection.status = "initiating-request"
            return xml(connection, element: "vpcPeeringConnection")
        case "AcceptVpcPeeringConnection":
            guard let index = state.peerings.firstIndex(where: { $0.vpcPeeringConnectionId == form["VpcPeeringConnectionId"] }) else {
                throw EC2ClientError(code: "InvalidVpcPeeringConnectionID.NotFound", message: "no such peering")
            }
            guard state.peerings[index].accepter.ownerId == account else {
                throw EC2ClientError(
                    code: "OperationNotPermitted", message: "User \(account) cannot accept peering \(state.peerings[index].vpcPeeringConnectionId)")
            }
            state.peerings[index].status = "active"
            state.mutations.append("accept")
            return xml(state.peerings[index], element: "vpcPeeringConnection")
        case "DescribeSubnets":
            return "<subnetSet>" + state.subnets.filter { $0.vpcId == form["Filter.1.Value.1"] }.map(xml).joined() + "</subnetSet>"
        case "DescribeRouteTables":
            let tables = state.tables.filter { $0.vpcId == form["Filter.1.Value.1"] || $0.routeTableId == form["RouteTableId.1"] }
            return "<routeTableSet>" + tables.map(xml).joined() + "</routeTableSet>"
        case "CreateRoute":
            guard let index = state.tables.firstIndex(where: { $0.routeTableId == form["RouteTableId"] }) else {
                throw EC2ClientError(code: "InvalidRouteTableID.NotFound", message: "no such table")
            }
            if state.tables[index].route(to: form["DestinationCidrBlock"] ?? "") != nil {
                throw EC2ClientError(code: "RouteAlreadyExists", message: "exists")
            }
            state.tables[index].routes.append(Route(destinationCidrBlock: form["DestinationCidrBlock"], target: form["VpcPeeringConnectionId"]))
            state.mutations.append("route")
            return "<return>true</return>"
        case "DescribeSecurityGroups":
            let groups = state.groups.filter {
                $0.groupId == form["GroupId.1"] || ($0.vpcId == form["Filter.1.Value.1"] && $0.groupName == "default")
            }
            return "<securityGroupInfo>" + groups.map(xml).joined() + "</securityGroupInfo>"
        case "AuthorizeSecurityGroupIngress":
            let index = state.groups.firstIndex { $0.groupId == form["GroupId"] }!
            let from = form["IpPermissions.1.FromPort"].flatMap { Int($0) }
            let permission = IpPermission(
                ipProtocol: form["IpPermissions.1.IpProtocol"] ?? "", fromPort: from, toPort: form["IpPermissions.1.ToPort"].flatMap { Int($0) },
                cidrIps: [form["IpPermissions.1.IpRanges.1.CidrIp"] ?? ""])
            if state.groups[index].ingress.contains(permission) { throw EC2ClientError(code: "InvalidPermission.Duplicate", message: "duplicate") }
            state.groups[index].ingress.append(permission)
            state.mutations.append("rule")
            return "<return>true</return>"
        default:
            throw EC2ClientError(code: "InvalidAction", message: "not in the fake")
        }
    }

    private static func overlaps(_ a: String, _ b: String) -> Bool {
        func range(_ cidr: String) -> ClosedRange<UInt32> {
            let parts = cidr.split(separator: "/")
            let address = parts[0].split(separator: ".").reduce(UInt32(0)) { $0 << 8 | UInt32($1)! }
            let size = UInt32(1) << (32 - UInt32(parts[1])!)
            return address...(address + (size - 1))
        }
        return range(a).overlaps(range(b))
    }

    private static func xml(_ vpc: Vpc) -> String {
        "<item><vpcId>\(vpc.vpcId)</vpcId><ownerId>\(vpc.ownerId)</ownerId><cidrBlock>\(vpc.cidrBlocks[0])</cidrBlock>"
            + (vpc.name.map { "<tagSet><item><key>Name</key><value>\($0)</value></item></tagSet>" } ?? "") + "</item>"
    }

    private static func xml(_ info: VpcInfo) -> String {
        "<vpcId>\(info.vpcId)</vpcId><ownerId>\(info.ownerId ?? "")</ownerId><region>us-east-1</region><cidrBlock>\(info.cidrBlocks[0])</cidrBlock>"
    }

    private static func xml(_ c: VpcPeeringConnection, element: String = "item") -> String {
        "<\(element)><vpcPeeringConnectionId>\(c.vpcPeeringConnectionId)</vpcPeeringConnectionId><requesterVpcInfo>\(xml(c.requester))</requesterVpcInfo>"
            + "<accepterVpcInfo>\(xml(c.accepter))</accepterVpcInfo><status><code>\(c.status)</code><message>\(c.statusMessage ?? "")</message></status></\(element)>"
    }

    private static func xml(_ subnet: Subnet) -> String {
        "<item><subnetId>\(subnet.subnetId)</subnetId><vpcId>\(subnet.vpcId)</vpcId></item>"
    }

    private static func xml(_ table: RouteTable) -> String {
        let main = table.isMain ? "<item><main>true</main></item>" : ""
        let associations = table.subnetIds.map { "<item><main>false</main><subnetId>\($0)</subnetId></item>" }.joined()
        let routes = table.routes.map { route in
            let target = route.target?.hasPrefix("pcx-") == true ? "vpcPeeringConnectionId" : "gatewayId"
            return
                "<item><destinationCidrBlock>\(route.destinationCidrBlock ?? "")</destinationCidrBlock><\(target)>\(route.target ?? "")</\(target)><state>active</state></item>"
        }
        return
            "<item><routeTableId>\(table.routeTableId)</routeTableId><vpcId>\(table.vpcId)</vpcId><associationSet>\(main)\(associations)</associationSet>"
            + "<routeSet>\(routes.joined())</routeSet></item>"
    }

    private static func xml(_ group: SecurityGroup) -> String {
        let permissions = group.ingress.map { p in
            "<item><ipProtocol>\(p.ipProtocol)</ipProtocol>" + (p.fromPort.map { "<fromPort>\($0)</fromPort>" } ?? "")
                + (p.toPort.map { "<toPort>\($0)</toPort>" } ?? "") + "<ipRanges>" + p.cidrIps.map { "<item><cidrIp>\($0)</cidrIp></item>" }.joined()
                + "</ipRanges></item>"
        }
        return "<item><groupId>\(group.groupId)</groupId><groupName>\(group.groupName)</groupName><vpcId>\(group.vpcId)</vpcId>"
            + "<ipPermissions>\(permissions.joined())</ipPermissions></item>"
    }
}
