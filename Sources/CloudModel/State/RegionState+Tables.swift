import Foundation
import Synchronization

/// A region's tables and indexes live in one box (`Tables`), copied on the first change to a shared copy: copying a
/// `RegionState` (each `CloudState[scope]`, each snapshot a reader takes) is then one reference, not one per table.
/// Each property below reads the box, and changes it once it is this value's own.
extension RegionState {
    /// The account-and-region record, present once the region was first used (its default VPC made).
    public var record: PersistentDictionary<String, AccountRegionRecord> {
        get { tables.record }
        _modify { yield &uniqueTables.record }
    }
    public var vpcs: PersistentDictionary<String, Vpc> {
        get { tables.vpcs }
        _modify { yield &uniqueTables.vpcs }
    }
    public var subnets: PersistentDictionary<String, Subnet> {
        get { tables.subnets }
        _modify { yield &uniqueTables.subnets }
    }
    public var routeTables: PersistentDictionary<String, RouteTable> {
        get { tables.routeTables }
        _modify { yield &uniqueTables.routeTables }
    }
    public var internetGateways: PersistentDictionary<String, InternetGateway> {
        get { tables.internetGateways }
        _modify { yield &uniqueTables.internetGateways }
    }
    public var dhcpOptions: PersistentDictionary<String, DhcpOptions> {
        get { tables.dhcpOptions }
        _modify { yield &uniqueTables.dhcpOptions }
    }
    public var vpnGateways: PersistentDictionary<String, VpnGateway> {
        get { tables.vpnGateways }
        _modify { yield &uniqueTables.vpnGateways }
    }
    public var customerGateways: PersistentDictionary<String, CustomerGateway> {
        get { tables.customerGateways }
        _modify { yield &uniqueTables.customerGateways }
    }
    public var egressOnlyInternetGateways: PersistentDictionary<String, EgressOnlyInternetGateway> {
        get { tables.egressOnlyInternetGateways }
        _modify { yield &uniqueTables.egressOnlyInternetGateways }
    }
    public var securityGroups: PersistentDictionary<String, SecurityGroup> {
        get { tables.securityGroups }
        _modify { yield &uniqueTables.securityGroups }
    }
    public var networkAcls: PersistentDictionary<String, NetworkAcl> {
        get { tables.networkAcls }
        _modify { yield &uniqueTables.networkAcls }
    }
    /// The peering connections this account requested from this region.
    public var vpcPeeringConnections: PersistentDictionary<String, VpcPeeringConnection> {
        get { tables.vpcPeeringConnections }
        _modify { yield &uniqueTables.vpcPeeringConnections }
    }
    public var instances: PersistentDictionary<String, Instance> {
        get { tables.instances }
        _modify { yield &uniqueTables.instances }
    }
    public var networkInterfaces: PersistentDictionary<String, NetworkInterface> {
        get { tables.networkInterfaces }
        _modify { yield &uniqueTables.networkInterfaces }
    }
    public var addresses: PersistentDictionary<String, Address> {
        get { tables.addresses }
        _modify { yield &uniqueTables.addresses }
    }
    public var networkInsightsPaths: PersistentDictionary<String, NetworkInsightsPath> {
        get { tables.networkInsightsPaths }
        _modify { yield &uniqueTables.networkInsightsPaths }
    }
    public var networkInsightsAnalyses: PersistentDictionary<String, NetworkInsightsAnalysis> {
        get { tables.networkInsightsAnalyses }
        _modify { yield &uniqueTables.networkInsightsAnalyses }
    }
    public var natGateways: PersistentDictionary<String, NatGateway> {
        get { tables.natGateways }
        _modify { yield &uniqueTables.natGateways }
    }
    public var volumes: PersistentDictionary<String, Volume> {
        get { tables.volumes }
        _modify { yield &uniqueTables.volumes }
    }
    public var launchTemplates: PersistentDictionary<String, LaunchTemplate> {
        get { tables.launchTemplates }
        _modify { yield &uniqueTables.launchTemplates }
    }
    public var keyPairs: PersistentDictionary<String, KeyPair> {
        get { tables.keyPairs }
        _modify { yield &uniqueTables.keyPairs }
    }
    public var flowLogs: PersistentDictionary<String, FlowLog> {
        get { tables.flowLogs }
        _modify { yield &uniqueTables.flowLogs }
    }
    /// The account's own prefix lists (AWS's lists are not stored: see `AWSManagedPrefixList`).
    public var managedPrefixLists: PersistentDictionary<String, ManagedPrefixList> {
        get { tables.managedPrefixLists }
        _modify { yield &uniqueTables.managedPrefixLists }
    }
    public var vpcEndpoints: PersistentDictionary<String, VpcEndpoint> {
        get { tables.vpcEndpoints }
        _modify { yield &uniqueTables.vpcEndpoints }
    }
    public var transitGateways: PersistentDictionary<String, TransitGateway> {
        get { tables.transitGateways }
        _modify { yield &uniqueTables.transitGateways }
    }
    public var transitGatewayAttachments: PersistentDictionary<String, TransitGatewayAttachment> {
        get { tables.transitGatewayAttachments }
        _modify { yield &uniqueTables.transitGatewayAttachments }
    }
    public var transitGatewayRouteTables: PersistentDictionary<String, TransitGatewayRouteTable> {
        get { tables.transitGatewayRouteTables }
        _modify { yield &uniqueTables.transitGatewayRouteTables }
    }
    public var transitGatewayPeeringAttachments: PersistentDictionary<String, TransitGatewayPeeringAttachment> {
        get { tables.transitGatewayPeeringAttachments }
        _modify { yield &uniqueTables.transitGatewayPeeringAttachments }
    }
}

extension RegionState {
    /// A region's tables and indexes (`RegionState`'s properties of the same names). Unchecked `Sendable`: a box is
    /// changed only by the one value that holds it (`uniqueTables`), never once it is shared.
    final class Tables: @unchecked Sendable {
        var record: PersistentDictionary<String, AccountRegionRecord> = [:]
        var vpcs: PersistentDictionary<String, Vpc> = [:]
        var subnets: PersistentDictionary<String, Subnet> = [:]
        var routeTables: PersistentDictionary<String, RouteTable> = [:]
        var internetGateways: PersistentDictionary<String, InternetGateway> = [:]
        var dhcpOptions: PersistentDictionary<String, DhcpOptions> = [:]
        var vpnGateways: PersistentDictionary<String, VpnGateway> = [:]
        var customerGateways: PersistentDictionary<String, CustomerGateway> = [:]
        var egressOnlyInternetGateways: PersistentDictionary<String, EgressOnlyInternetGateway> = [:]
        var securityGroups: PersistentDictionary<String, SecurityGroup> = [:]
        var networkAcls: PersistentDictionary<String, NetworkAcl> = [:]
        var vpcPeeringConnections: PersistentDictionary<String, VpcPeeringConnection> = [:]
        var instances: PersistentDictionary<String, Instance> = [:]
        var networkInterfaces: PersistentDictionary<String, NetworkInterface> = [:]
        var addresses: PersistentDictionary<String, Address> = [:]
        var networkInsightsPaths: PersistentDictionary<String, NetworkInsightsPath> = [:]
        var networkInsightsAnalyses: PersistentDictionary<String, NetworkInsightsAnalysis> = [:]
        var natGateways: PersistentDictionary<String, NatGateway> = [:]
        var volumes: PersistentDictionary<String, Volume> = [:]
        var launchTemplates: PersistentDictionary<String, LaunchTemplate> = [:]
        var keyPairs: PersistentDictionary<String, KeyPair> = [:]
        var flowLogs: PersistentDictionary<String, FlowLog> = [:]
        var managedPrefixLists: PersistentDictionary<String, ManagedPrefixList> = [:]
        var vpcEndpoints: PersistentDictionary<String, VpcEndpoint> = [:]
        var transitGateways: PersistentDictionary<String, TransitGateway> = [:]
        var transitGatewayAttachments: PersistentDictionary<String, TransitGatewayAttachment> = [:]
        var transitGatewayRouteTables: PersistentDictionary<String, TransitGatewayRouteTable> = [:]
        var transitGatewayPeeringAttachments: PersistentDictionary<String, TransitGatewayPeeringAttachment> = [:]
        var idsByVpc: PersistentDictionary<String, PersistentSet<String>> = [:]
        var idsByTag: PersistentDictionary<Tag, PersistentSet<String>> = [:]
        var idsByCidrBlock: PersistentDictionary<String, PersistentSet<String>> = [:]
        var idsByInstance: PersistentDictionary<String, PersistentSet<String>> = [:]
        var idsBySubnet: PersistentDictionary<String, PersistentSet<String>> = [:]
        var idsByNetworkInterface: PersistentDictionary<String, PersistentSet<String>> = [:]
        /// Each table's ids in creation order, worked out when a describe first pages through it and kept while this box
        /// is unchanged (`creationOrder`): a listing page by page then sorts the table once, not once a page. A copy of
        /// the box starts without them; a change in place drops them (`uniqueTables`).
        let creationOrders = Mutex<[ObjectIdentifier: [CreationKey]]>([:])

        func copy() -> Tables {
            let copy = Tables()
            copy.record = record
            copy.vpcs = vpcs
            copy.subnets = subnets
            copy.routeTables = routeTables
            copy.internetGateways = internetGateways
            copy.dhcpOptions = dhcpOptions
            copy.vpnGateways = vpnGateways
            copy.customerGateways = customerGateways
            copy.egressOnlyInternetGateways = egressOnlyInternetGateways
            copy.securityGroups = securityGroups
            copy.networkAcls = networkAcls
            copy.vpcPeeringConnections = vpcPeeringConnections
            copy.instances = instances
            copy.networkInterfaces = networkInterfaces
            copy.addresses = addresses
            copy.networkInsightsPaths = networkInsightsPaths
            copy.networkInsightsAnalyses = networkInsightsAnalyses
            copy.natGateways = natGateways
            copy.volumes = volumes
            copy.launchTemplates = launchTemplates
            copy.keyPairs = keyPairs
            copy.flowLogs = flowLogs
            copy.managedPrefixLists = managedPrefixLists
            copy.vpcEndpoints = vpcEndpoints
            copy.transitGateways = transitGateways
            copy.transitGatewayAttachments = transitGatewayAttachments
            copy.transitGatewayRouteTables = transitGatewayRouteTables
            copy.transitGatewayPeeringAttachments = transitGatewayPeeringAttachments
            copy.idsByVpc = idsByVpc
            copy.idsByTag = idsByTag
            copy.idsByCidrBlock = idsByCidrBlock
            copy.idsByInstance = idsByInstance
            copy.idsBySubnet = idsBySubnet
            copy.idsByNetworkInterface = idsByNetworkInterface
            return copy
        }
    }

    /// The box, made this value's own first (copied if another value shares it), so that no other copy sees a change.
    var uniqueTables: Tables {
        mutating get {
            if !isKnownUniquelyReferenced(&tables) {
                tables = tables.copy()
            } else {
                tables.creationOrders.withLock { if !$0.isEmpty { $0 = [:] } }
            }
            return tables
        }
    }

    public static func == (lhs: RegionState, rhs: RegionState) -> Bool {
        guard lhs.scope == rhs.scope else { return false }
        if lhs.tables === rhs.tables { return true }
        return lhs.record == rhs.record && lhs.vpcs == rhs.vpcs && lhs.subnets == rhs.subnets && lhs.routeTables == rhs.routeTables
            && lhs.internetGateways == rhs.internetGateways && lhs.dhcpOptions == rhs.dhcpOptions && lhs.vpnGateways == rhs.vpnGateways
            && lhs.customerGateways == rhs.customerGateways && lhs.egressOnlyInternetGateways == rhs.egressOnlyInternetGateways
            && lhs.securityGroups == rhs.securityGroups && lhs.networkAcls == rhs.networkAcls
            && lhs.vpcPeeringConnections == rhs.vpcPeeringConnections && lhs.instances == rhs.instances
            && lhs.networkInterfaces == rhs.networkInterfaces && lhs.addresses == rhs.addresses
            && lhs.networkInsightsPaths == rhs.networkInsightsPaths && lhs.networkInsightsAnalyses == rhs.networkInsightsAnalyses
            && lhs.natGateways == rhs.natGateways && lhs.volumes == rhs.volumes && lhs.launchTemplates == rhs.launchTemplates
            && lhs.keyPairs == rhs.keyPairs && lhs.flowLogs == rhs.flowLogs && lhs.managedPrefixLists == rhs.managedPrefixLists
            && lhs.vpcEndpoints == rhs.vpcEndpoints && lhs.transitGateways == rhs.transitGateways
            && lhs.transitGatewayAttachments == rhs.transitGatewayAttachments && lhs.transitGatewayRouteTables == rhs.transitGatewayRouteTables
            && lhs.transitGatewayPeeringAttachments == rhs.transitGatewayPeeringAttachments && lhs.idsByVpc == rhs.idsByVpc
            && lhs.idsByTag == rhs.idsByTag && lhs.idsByCidrBlock == rhs.idsByCidrBlock && lhs.idsByInstance == rhs.idsByInstance
            && lhs.idsBySubnet == rhs.idsBySubnet && lhs.idsByNetworkInterface == rhs.idsByNetworkInterface
    }
}
