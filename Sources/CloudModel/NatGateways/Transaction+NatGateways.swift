import Addressing

/// CreateNatGateway and DeleteNatGateway.
extension Transaction {
    /// What CreateNatGateway asks for.
    public struct NatGatewayRequest: Sendable {
        public var subnetId: String
        public var connectivityType: NatGateway.ConnectivityType
        public var allocationId: String?
        public var privateIpAddress: String?
        public var secondaryAllocationIds: [String]
        public var secondaryPrivateIpAddresses: [String]
        public var secondaryPrivateIpAddressCount: Int
        public var clientToken: String?

        public init(
            subnetId: String, connectivityType: NatGateway.ConnectivityType = .public, allocationId: String? = nil, privateIpAddress: String? = nil,
            secondaryAllocationIds: [String] = [], secondaryPrivateIpAddresses: [String] = [], secondaryPrivateIpAddressCount: Int = 0,
            clientToken: String? = nil
        ) {
            self.subnetId = subnetId
            self.connectivityType = connectivityType
            self.allocationId = allocationId
            self.privateIpAddress = privateIpAddress
            self.secondaryAllocationIds = secondaryAllocationIds
            self.secondaryPrivateIpAddresses = secondaryPrivateIpAddresses
            self.secondaryPrivateIpAddressCount = secondaryPrivateIpAddressCount
            self.clientToken = clientToken
        }

        /// What the request asks for, as a repeated `ClientToken` is compared.
        var fingerprint: String {
            IdempotentRequest.fingerprint(
                [
                    subnetId, connectivityType.rawValue, allocationId, privateIpAddress, secondaryAllocationIds.joined(separator: ","),
                    secondaryPrivateIpAddresses.joined(separator: ","), String(secondaryPrivateIpAddressCount),
                ])
        }
    }

    /// Creates a NAT gateway in a subnet, with a requester-managed interface there and, for a public one, its Elastic
    /// IPs mapped to the interface's addresses.
    ///
    /// As on AWS, what only shows once the gateway is being provisioned does not fail the call: a public gateway in a
    /// VPC without an internet gateway, an Elastic IP that does not exist or is in use, or a full subnet make a gateway
    /// in state `failed` with the reason in `FailureCode`, holding no interface and no address.
    public mutating func createNatGateway(_ request: NatGatewayRequest, tags: TagSet = [:]) throws(EC2Error) -> NatGateway {
        if let earlier = try madeEarlier(NatGateway.self, clientToken: request.clientToken, fingerprint: request.fingerprint) { return earlier }
        let subnet = try require(Subnet.self, request.subnetId)
        let allocationIds = (request.allocationId.map { [$0] } ?? []) + request.secondaryAllocationIds
        switch request.connectivityType {
        case .public:
            guard request.allocationId != nil else { throw .publicNatGatewayNeedsAllocation }
            guard request.secondaryPrivateIpAddressCount == 0 else { throw .publicNatGatewayWithAddressCount }
        case .private: guard allocationIds.isEmpty else { throw .privateNatGatewayWithAllocation }
        }
        for id in allocationIds { try Address.idKind.validate(id) }
        let most = Self.natGatewaySecondaryAddresses
        guard (0...most).contains(request.secondaryPrivateIpAddressCount) else {
            throw .invalidParameterValue(
                "Invalid value '\(request.secondaryPrivateIpAddressCount)' for secondaryPrivateIpAddressCount. It must be 1-\(most).")
        }
        guard request.secondaryAllocationIds.count <= most, request.secondaryPrivateIpAddresses.count <= most else {
            throw .invalidParameterValue("A NAT gateway has at most \(most) secondary private IPv4 addresses.")
        }
        guard
            request.secondaryAllocationIds.isEmpty || request.secondaryPrivateIpAddresses.isEmpty
                || request.secondaryAllocationIds.count == request.secondaryPrivateIpAddresses.count
        else {
            throw .invalidParameterCombination("SecondaryAllocationIds and SecondaryPrivateIpAddresses must have as many entries each.")
        }
        var gateway = NatGateway(
            id: newId(.natGateway), scope: scope, subnet: subnet, connectivityType: request.connectivityType, clientToken: request.clientToken,
            tags: tags, createdAt: now)
        gateway.requestFingerprint = request.clientToken.map { _ in request.fingerprint }
        if let failure = natGatewayFailure(request, subnet: subnet, allocationIds: allocationIds) {
            gateway.state = .failed
            gateway.failure = failure
            put(gateway)
            return gateway
        }
        // The interface's secondary addresses: one per secondary Elastic IP, or as many as asked.
        let secondaryCount = max(request.secondaryAllocationIds.count, request.secondaryPrivateIpAddressCount)
        var taken = privateIpsInUse(in: subnet)
        var interface = try makeInterface(
            InterfaceRequest(subnetId: subnet.id, description: "Interface for NAT Gateway \(gateway.id)", privateIpAddress: request.privateIpAddress),
            in: subnet, taken: &taken, tags: [:])
        for address in request.secondaryPrivateIpAddresses {
            interface.privateIpAddresses.append(try allocatePrivateIp(in: subnet, requested: address, taken: &taken))
        }
        while interface.privateIpAddresses.count < 1 + secondaryCount {
            interface.privateIpAddresses.append(try allocatePrivateIp(in: subnet, requested: nil, taken: &taken))
        }
        interface.interfaceType = .natGateway
        interface.groupIds = []
        put(interface)
        gateway.addresses = try interface.privateIpAddresses.enumerated().map { index, privateIp throws(EC2Error) in
            let allocationId = index < allocationIds.count ? allocationIds[index] : nil
            let association = try allocationId.map { id throws(EC2Error) in try mapElasticIp(id, to: interface, privateIp: privateIp) }
            return NatGateway.AddressMapping(
                networkInterfaceId: interface.id, privateIp: privateIp, allocationId: allocationId, publicIp: association?.publicIp,
                associationId: association?.associationId, isPrimary: index == 0)
        }
        put(gateway)
        return gateway
    }

    /// Deletes a NAT gateway: its interface goes and its Elastic IPs are free again; it shows as `deleted` for an hour.
    public mutating func deleteNatGateway(_ id: String) throws(EC2Error) -> NatGateway {
        var gateway = try require(NatGateway.self, id)
        guard gateway.isVisible(at: now) else { throw NatGateway.idKind.notFound([id]) }
        guard gateway.state != .deleted else { throw .natGatewayNotDeletable(id, state: gateway.state.rawValue) }
        if let interfaceId = gateway.networkInterfaceId, let interface = get(NetworkInterface.self, interfaceId) {
            releasePublicAddresses(of: interface)
            delete(interface)
        }
        gateway.state = .deleted
        gateway.deletedAt = now
        put(gateway)
        return gateway
    }

    /// The most secondary private IPv4 addresses a NAT gateway's interface holds (the API reference's range for the
    /// count is 1-31).
    static let natGatewaySecondaryAddresses = 31

    /// Why a gateway cannot be provisioned, as the `FailureCode` AWS would show, or nil when it can.
    private func natGatewayFailure(_ request: NatGatewayRequest, subnet: Subnet, allocationIds: [String]) -> NatGateway.Failure? {
        if request.connectivityType == .public, all(InternetGateway.self, inVpc: subnet.subnetVpcId).isEmpty {
            return EC2Error.NatGatewayFailure.gatewayNotAttached(vpcId: subnet.subnetVpcId)
        }
        for id in allocationIds {
            guard let address = get(Address.self, id) else { return EC2Error.NatGatewayFailure.allocationNotFound(id) }
            if address.association != nil { return EC2Error.NatGatewayFailure.alreadyAssociated(id) }
        }
        let needed = 1 + max(request.secondaryAllocationIds.count, request.secondaryPrivateIpAddressCount, request.secondaryPrivateIpAddresses.count)
        if availableAddressCount(in: subnet) < needed { return EC2Error.NatGatewayFailure.noFreeAddresses(subnet.id) }
        return nil
    }

    /// Maps an Elastic IP to one address of a NAT gateway's interface.
    private mutating func mapElasticIp(_ allocationId: String, to interface: NetworkInterface, privateIp: IPv4Address) throws(EC2Error)
        -> (publicIp: IPv4Address, associationId: String)
    {
        var address = try require(Address.self, allocationId)
        let association = Address.Association(
            associationId: newId(.elasticIpAssociation), networkInterfaceId: interface.id, privateIpAddress: privateIp, instanceId: nil,
            vpcId: interface.interfaceVpcId)
        address.association = association
        put(address)
        return (address.publicIp, association.associationId)
    }

    /// Free private addresses left in `subnet`, as this transaction sees it.
    private func availableAddressCount(in subnet: Subnet) -> Int {
        guard let block = subnet.cidrBlock else { return 0 }
        return SubnetAddressing.usableAddressCount(in: block) - privateIpsInUse(in: subnet).count
    }
}
