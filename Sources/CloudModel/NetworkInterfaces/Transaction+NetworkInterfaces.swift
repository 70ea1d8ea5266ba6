public import Addressing

/// CreateNetworkInterface, DeleteNetworkInterface, Attach/Detach, ModifyNetworkInterfaceAttribute and the
/// secondary private addresses.
extension Transaction {
    /// What a new interface asks for: where, which groups, which addresses.
    public struct InterfaceRequest: Sendable {
        public var subnetId: String?
        public var description: String?
        public var groupIds: [String]
        public var privateIpAddress: String?
        /// Secondary private addresses by count, by name, or both.
        public var secondaryPrivateIpAddressCount: Int
        public var secondaryPrivateIpAddresses: [String]
        /// IPv6 addresses by count or by name (not both); neither means the subnet's `AssignIpv6AddressOnCreation` decides.
        public var ipv6AddressCount: Int?
        public var ipv6Addresses: [String]
        public var clientToken: String?

        public init(
            subnetId: String?, description: String? = nil, groupIds: [String] = [], privateIpAddress: String? = nil,
            secondaryPrivateIpAddressCount: Int = 0, secondaryPrivateIpAddresses: [String] = [], ipv6AddressCount: Int? = nil,
            ipv6Addresses: [String] = [], clientToken: String? = nil
        ) {
            self.subnetId = subnetId
            self.description = description
            self.groupIds = groupIds
            self.privateIpAddress = privateIpAddress
            self.secondaryPrivateIpAddressCount = secondaryPrivateIpAddressCount
            self.secondaryPrivateIpAddresses = secondaryPrivateIpAddresses
            self.ipv6AddressCount = ipv6AddressCount
            self.ipv6Addresses = ipv6Addresses
            self.clientToken = clientToken
        }

        /// What the request asks for, as a repeated `ClientToken` is compared.
        var fingerprint: String {
            IdempotentRequest.fingerprint(
                [
                    subnetId, description, groupIds.joined(separator: ","), privateIpAddress, String(secondaryPrivateIpAddressCount),
                    secondaryPrivateIpAddresses.joined(separator: ","), ipv6AddressCount.map(String.init), ipv6Addresses.joined(separator: ","),
                ])
        }
    }

    /// Creates an interface; a repeated `ClientToken` answers the interface it made.
    public mutating func createNetworkInterface(_ request: InterfaceRequest, tags: TagSet = [:]) throws(EC2Error) -> NetworkInterface {
        if let earlier = try madeEarlier(NetworkInterface.self, clientToken: request.clientToken, fingerprint: request.fingerprint) {
            return earlier
        }
        guard let subnetId = request.subnetId else { throw .missingParameter("SubnetId") }
        let subnet = try require(Subnet.self, subnetId)
        var taken = privateIpsInUse(in: subnet)
        return try makeInterface(request, in: subnet, taken: &taken, tags: tags)
    }

    /// Builds and writes an interface in `subnet`, taking its addresses from what `taken` leaves free.
    mutating func makeInterface(_ request: InterfaceRequest, in subnet: Subnet, taken: inout PrivateAddressesInUse, tags: TagSet) throws(EC2Error)
        -> NetworkInterface
    {
        guard (0...Self.secondaryPrivateIpAddressesPerInterface).contains(request.secondaryPrivateIpAddressCount) else {
            throw .invalidParameterValue("Invalid value '\(request.secondaryPrivateIpAddressCount)' for secondaryPrivateIpAddressCount.")
        }
        // Both bounded by the largest type's 49 secondaries, so the sum cannot overflow.
        guard request.secondaryPrivateIpAddresses.count <= Self.secondaryPrivateIpAddressesPerInterface,
            request.secondaryPrivateIpAddressCount + request.secondaryPrivateIpAddresses.count <= Self.secondaryPrivateIpAddressesPerInterface
        else { throw .privateIpAddressLimitExceeded }
        let groups = try securityGroupIds(request.groupIds, inVpc: subnet.subnetVpcId)
        // The named secondary addresses are taken first, so that a drawn primary is never one the request names.
        var secondaries: [IPv4Address] = []
        for address in request.secondaryPrivateIpAddresses {
            secondaries.append(try allocatePrivateIp(in: subnet, requested: address, taken: &taken))
        }
        let primary = try allocatePrivateIp(in: subnet, requested: request.privateIpAddress, taken: &taken)
        for _ in 0..<request.secondaryPrivateIpAddressCount {
            secondaries.append(try allocatePrivateIp(in: subnet, requested: nil, taken: &taken))
        }
        let addresses = [primary] + secondaries
        var interface = NetworkInterface(
            id: newId(.networkInterface), scope: scope, subnet: subnet, description: request.description ?? "", privateIpAddresses: addresses,
            groupIds: groups, macAddress: newMacAddress(), tags: tags, createdAt: now)
        interface.clientToken = request.clientToken
        interface.requestFingerprint = request.clientToken.map { _ in request.fingerprint }
        let ipv6Count = request.ipv6AddressCount ?? (request.ipv6Addresses.isEmpty && subnet.assignIpv6AddressOnCreation ? 1 : 0)
        interface.ipv6Addresses = try allocateIpv6Addresses(in: subnet, named: request.ipv6Addresses, count: ipv6Count, onto: [], taken: &taken.ipv6)
        put(interface)
        return interface
    }

    /// Deletes an interface that is not attached; an Elastic IP mapped to it is disassociated.
    public mutating func deleteNetworkInterface(_ id: String) throws(EC2Error) {
        let interface = try requireUserManaged(id)
        guard interface.attachment == nil else {
            throw EC2Error(code: "InvalidNetworkInterface.InUse", message: "The network interface '\(id)' is currently in use.")
        }
        releasePublicAddresses(of: interface)
        deleteFlowLogs(monitoring: id)
        delete(interface)
    }

    /// Attaches an available interface to an instance in the same VPC and availability zone.
    public mutating func attachNetworkInterface(_ id: String, instanceId: String, deviceIndex: Int) throws(EC2Error) -> NetworkInterface.Attachment {
        var interface = try requireUserManaged(id)
        let instance = try requireInstance(instanceId)
        guard interface.attachment == nil else {
            throw EC2Error(code: "InvalidNetworkInterface.InUse", message: "Interface: [\(id)] in use.")
        }
        guard instance.state != .terminated else { throw .incorrectInstanceState(instanceId, "given a network interface") }
        guard interface.interfaceVpcId == instance.instanceVpcId, interface.availabilityZone == instance.availabilityZone else {
            throw .invalidParameterValue("Network interface \(id) and instance \(instanceId) must be in the same VPC and availability zone.")
        }
        guard (1...31).contains(deviceIndex) else { throw .invalidParameterValue("Invalid value '\(deviceIndex)' for deviceIndex.") }
        let attached = interfaces(of: instanceId)
        if attached.contains(where: { $0.attachment?.deviceIndex == deviceIndex }) {
            throw .invalidParameterValue("Instance '\(instanceId)' already has an interface attached at device index '\(deviceIndex)'.")
        }
        let limits = InterfaceLimits(instanceType: instance.instanceType)
        guard attached.count < limits.interfaces else {
            throw .attachmentLimitExceeded(count: attached.count + 1, instanceType: instance.instanceType)
        }
        guard interface.privateIpAddresses.count <= limits.ipv4AddressesPerInterface else {
            throw .interfaceAddressLimitExceeded(count: interface.privateIpAddresses.count, interfaceId: id, instanceType: instance.instanceType)
        }
        let attachment = NetworkInterface.Attachment(
            attachmentId: newId(.networkInterfaceAttachment), instanceId: instanceId, deviceIndex: deviceIndex, deleteOnTermination: false,
            attachTime: now)
        interface.attachment = attachment
        put(interface)
        return attachment
    }

    /// Detaches a secondary interface; the primary one (device index 0) stays with its instance.
    public mutating func detachNetworkInterface(attachmentId: String) throws(EC2Error) {
        guard var interface = all(NetworkInterface.self).first(where: { $0.attachment?.attachmentId == attachmentId }) else {
            throw EC2Error(code: "InvalidAttachmentID.NotFound", message: "The attachment ID '\(attachmentId)' does not exist")
        }
        guard interface.attachment?.deviceIndex != 0 else {
            throw EC2Error(code: "OperationNotPermitted", message: "The network interface at device index 0 cannot be detached.")
        }
        interface.attachment = nil
        put(interface)
    }

    /// What ModifyNetworkInterfaceAttribute changes: one attribute per call.
    public enum InterfaceAttribute: Sendable {
        case description(String)
        case sourceDestCheck(Bool)
        case groups([String])
        case deleteOnTermination(attachmentId: String, Bool)
    }

    public mutating func modifyNetworkInterfaceAttribute(_ id: String, _ attribute: InterfaceAttribute) throws(EC2Error) {
        var interface = try requireUserManaged(id)
        switch attribute {
        case .description(let text): interface.interfaceDescription = text
        case .sourceDestCheck(let value): interface.sourceDestCheck = value
        case .groups(let ids):
            guard !ids.isEmpty else { throw .missingParameter("SecurityGroupId") }
            interface.groupIds = try securityGroupIds(ids, inVpc: interface.interfaceVpcId, changing: true)
        case .deleteOnTermination(let attachmentId, let value):
            guard interface.attachment?.attachmentId == attachmentId else {
                throw EC2Error(code: "InvalidAttachmentID.NotFound", message: "The attachment ID '\(attachmentId)' does not exist")
            }
            interface.attachment?.deleteOnTermination = value
        }
        put(interface)
    }

    /// Adds secondary private addresses, named or counted, up to what the interface's instance type allows.
    public mutating func assignPrivateIpAddresses(_ id: String, addresses: [String], count: Int?) throws(EC2Error) -> [IPv4Address] {
        var interface = try requireUserManaged(id)
        let limit = interfaceLimits(of: interface).ipv4AddressesPerInterface
        guard addresses.isEmpty != (count == nil) else {
            throw .invalidParameterCombination("Specify either privateIpAddresses or secondaryPrivateIpAddressCount.")
        }
        // Bounded before any address is drawn: a negative count once trapped in `0..<count`, and a huge one would
        // draw the subnet dry before the limit below refused it. Written without sums that could overflow.
        if let count {
            guard count >= 0 else { throw .invalidParameterValue("Invalid value '\(count)' for secondaryPrivateIpAddressCount.") }
            guard count <= limit - interface.privateIpAddresses.count else { throw .privateIpAddressLimitExceeded }
        }
        let subnet = try require(Subnet.self, interface.subnetId)
        var taken = privateIpsInUse(in: subnet)
        var assigned: [IPv4Address] = []
        for address in addresses { assigned.append(try allocatePrivateIp(in: subnet, requested: address, taken: &taken)) }
        for _ in 0..<(count ?? 0) { assigned.append(try allocatePrivateIp(in: subnet, requested: nil, taken: &taken)) }
        guard interface.privateIpAddresses.count + assigned.count <= limit else { throw .privateIpAddressLimitExceeded }
        interface.privateIpAddresses += assigned
        put(interface)
        return assigned
    }

    /// Removes secondary private addresses; the primary one cannot go.
    public mutating func unassignPrivateIpAddresses(_ id: String, addresses: [String]) throws(EC2Error) {
        var interface = try requireUserManaged(id)
        guard !addresses.isEmpty else { throw .missingParameter("PrivateIpAddress") }
        for text in addresses {
            guard let address = IPv4Address(text), let index = interface.privateIpAddresses.firstIndex(of: address) else {
                throw .invalidParameterValue("Some of the specified addresses are not assigned to interface \(id)")
            }
            guard index != 0 else { throw .invalidParameterValue("The primary private address of \(id) cannot be unassigned.") }
            interface.privateIpAddresses.remove(at: index)
        }
        put(interface)
    }

    /// Adds IPv6 addresses from the subnet's IPv6 block, named or counted, up to what the interface's instance type
    /// allows.
    public mutating func assignIpv6Addresses(_ id: String, addresses: [String], count: Int?) throws(EC2Error) -> [IPv6Address] {
        var interface = try requireUserManaged(id)
        guard !addresses.isEmpty || count != nil else { throw .missingParameter("Ipv6AddressCount or Ipv6Addresses") }
        let subnet = try require(Subnet.self, interface.subnetId)
        var taken: Set<IPv6Address>?
        let assigned = try allocateIpv6Addresses(
            in: subnet, named: addresses, count: count ?? 0, onto: interface.ipv6Addresses,
            limit: interfaceLimits(of: interface).ipv6AddressesPerInterface,
            taken: &taken)
        interface.ipv6Addresses += assigned
        put(interface)
        return assigned
    }

    /// Removes IPv6 addresses from an interface.
    public mutating func unassignIpv6Addresses(_ id: String, addresses: [String]) throws(EC2Error) -> [IPv6Address] {
        var interface = try requireUserManaged(id)
        guard !addresses.isEmpty else { throw .missingParameter("Ipv6Addresses") }
        var removed: [IPv6Address] = []
        for text in addresses {
            guard let address = IPv6Address(text), let index = interface.ipv6Addresses.firstIndex(of: address) else {
                throw .ipv6AddressNotAssigned(text, id)
            }
            removed.append(interface.ipv6Addresses.remove(at: index))
        }
        put(interface)
        return removed
    }

    /// IPv6 addresses for an interface that already holds `existing`: those named, or `count` free ones, within
    /// `limit` for the interface (AWS's largest per-interface limit unless its instance type allows fewer). `taken` is
    /// the subnet's addresses in use, read here if nil, and marks those handed out.
    mutating func allocateIpv6Addresses(
        in subnet: Subnet, named: [String], count: Int, onto existing: [IPv6Address], limit: Int = Transaction.ipv6AddressesPerInterface,
        taken: inout Set<IPv6Address>?
    ) throws(EC2Error) -> [IPv6Address] {
        guard named.isEmpty || count == 0 else { throw .ipv6AddressesAndCount }
        guard count >= 0 else { throw .invalidParameterValue("Invalid value '\(count)' for ipv6AddressCount.") }
        guard !named.isEmpty || count > 0 else { return [] }
        guard max(named.count, count) <= limit - existing.count else {  // no sum: count may be Int.max
            throw .ipv6AddressLimitExceeded
        }
        var inUse = taken ?? ipv6AddressesInUse(in: subnet)
        var assigned: [IPv6Address] = []
        for address in named { assigned.append(try allocateIpv6Address(in: subnet, requested: address, taken: &inUse)) }
        for _ in 0..<count { assigned.append(try allocateIpv6Address(in: subnet, requested: nil, taken: &inUse)) }
        taken = inUse
        return assigned
    }

    /// The most secondary private IPv4 addresses one interface holds (AWS's limit for the largest instance types, 50 in
    /// all).
    public static let secondaryPrivateIpAddressesPerInterface = 49

    /// The most IPv6 addresses one interface holds (AWS's limit for the largest instance types).
    public static let ipv6AddressesPerInterface = 50

    /// An interface the caller may change: not one a NAT gateway or an interface endpoint manages.
    func requireUserManaged(_ id: String) throws(EC2Error) -> NetworkInterface {
        let interface = try require(NetworkInterface.self, id)
        guard !interface.requesterManaged else { throw .requesterManagedInterface(id, type: interface.interfaceType) }
        return interface
    }

    /// The interfaces attached to an instance.
    func interfaces(of instanceId: String) -> [NetworkInterface] {
        guard get(Instance.self, instanceId) != nil else { return [] }
        return all(NetworkInterface.self, attachedTo: instanceId)
    }
}
