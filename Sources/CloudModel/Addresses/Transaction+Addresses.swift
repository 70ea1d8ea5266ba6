import Addressing

/// AllocateAddress, AssociateAddress, DisassociateAddress and ReleaseAddress (Elastic IPs, domain `vpc`).
extension Transaction {
    public mutating func allocateAddress(tags: TagSet = [:]) throws(EC2Error) -> Address {
        let address = Address(id: newId(.elasticIpAllocation), scope: scope, publicIp: try allocatePublicIp(), tags: tags, createdAt: now)
        put(address)
        return address
    }

    /// The calls that name an address.
    public enum AddressCall: Sendable { case associate, release }

    /// An address of the caller's, by allocation id. Every address is a VPC address, which AWS names by allocation
    /// id alone: `PublicIp` (deprecated in the API reference) is refused in AWS's words for each call, as its users
    /// quote them (fog issue 879, bosh-aws-cpi-release issue 52, NixOS/nixops issue 852).
    public func findAddress(allocationId: String?, publicIp: String?, for call: AddressCall) throws(EC2Error) -> Address {
        if let allocationId {
            if call == .release, publicIp != nil {
                throw .invalidParameterCombination("You may specify public IP or allocation id, but not both in the same call")
            }
            return try require(Address.self, allocationId)
        }
        guard let publicIp else { throw .missingParameter("AllocationId") }
        try requireAddressExists(publicIp: publicIp)
        switch call {
        case .associate: throw .invalidParameterCombination("You must specify an allocation id when mapping an address to a VPC instance")
        case .release: throw .invalidParameterValue("You must specify an allocation id when releasing a VPC elastic IP address")
        }
    }

    /// Maps an address to an interface (an instance's primary one by default) in a VPC with an internet gateway.
    /// An address already mapped elsewhere moves, unless `allowReassociation` is false (AWS's default is to move it).
    public mutating func associateAddress(
        _ address: Address,
        instanceId: String?,
        networkInterfaceId: String?,
        privateIpAddress: String?,
        allowReassociation: Bool
    ) throws(EC2Error) -> Address.Association {
        var address = address
        let interface: NetworkInterface
        switch (instanceId, networkInterfaceId) {
        case (nil, nil): throw .missingParameter("InstanceId or NetworkInterfaceId")
        case (let instanceId?, nil):
            let instance = try requireInstance(instanceId)
            guard instance.state != .terminated else { throw .incorrectInstanceState(instanceId, "given an address") }
            interface = try soleInterface(of: instance)
        case (nil, let id?): interface = try requireUserManaged(id)
        case (_?, _?): throw .invalidParameterCombination("Specify either an instance or a network interface, not both.")
        }
        let privateIp: IPv4Address
        if let privateIpAddress {
            guard let parsed = IPv4Address(privateIpAddress), interface.privateIpAddresses.contains(parsed) else {
                throw .invalidParameterValue("The private IP address \(privateIpAddress) is not assigned to \(interface.id).")
            }
            privateIp = parsed
        } else {
            privateIp = interface.primaryPrivateIp
        }
        guard !all(InternetGateway.self, inVpc: interface.interfaceVpcId).isEmpty else {
            throw EC2Error(code: "Gateway.NotAttached", message: "Network \(interface.interfaceVpcId) is not attached to any internet gateway")
        }
        if let existing = address.association {
            if get(NetworkInterface.self, existing.networkInterfaceId)?.requesterManaged == true {
                throw .requesterManagedInterface(existing.networkInterfaceId)
            }
            guard allowReassociation else {
                throw EC2Error(
                    code: "Resource.AlreadyAssociated",
                    message: "resource \(address.id) is already associated with associate-id \(existing.associationId)")
            }
            try restoreAutoPublicIp(after: existing)
        }
        // Whatever address the private address had (another Elastic IP, or the one AWS assigned) gives way.
        for var other in all(Address.self, associatedWith: interface.id)
        where other.id != address.id && other.association?.privateIpAddress == privateIp {
            other.association = nil
            put(other)
        }
        if privateIp == interface.primaryPrivateIp, var current = get(NetworkInterface.self, interface.id), current.autoPublicIp != nil {
            current.autoPublicIp = nil
            put(current)
        }
        let association = Address.Association(
            associationId: newId(.elasticIpAssociation), networkInterfaceId: interface.id, privateIpAddress: privateIp,
            instanceId: interface.attachment?.instanceId, vpcId: interface.interfaceVpcId)
        address.association = association
        put(address)
        return association
    }

    /// Refuses a public IP that no address of the caller's has: what a call naming an address by it hears first.
    private func requireAddressExists(publicIp: String) throws(EC2Error) {
        guard first(Address.self, where: { $0.publicIp.description == publicIp }) != nil else { throw .addressNotFound(publicIp) }
    }

    public mutating func disassociateAddress(associationId: String?, publicIp: String?) throws(EC2Error) {
        guard let associationId else {
            // A VPC address is unmapped by association id; `PublicIp` alone is AWS's refusal (vagrant-aws issue 540).
            guard let publicIp else { throw .missingParameter("AssociationId") }
            try requireAddressExists(publicIp: publicIp)
            throw .invalidParameterValue("You must specify an association id when unmapping an address from a VPC instance")
        }
        guard var address = first(Address.self, where: { $0.association?.associationId == associationId }), let association = address.association
        else {
            // Disassociating what was already disassociated is not an error: the call is idempotent.
            if first(Address.self, where: { $0.lastAssociationId == associationId }) != nil { return }
            throw EC2Error(code: "InvalidAssociationID.NotFound", message: "The association ID '\(associationId)' does not exist")
        }
        if get(NetworkInterface.self, association.networkInterfaceId)?.requesterManaged == true {
            throw .requesterManagedInterface(association.networkInterfaceId)
        }
        address.association = nil
        put(address)
        try restoreAutoPublicIp(after: association)
    }

    /// Gives an address back; one still associated must be disassociated first.
    public mutating func releaseAddress(_ address: Address) throws(EC2Error) {
        guard address.association == nil else {
            throw EC2Error(code: "InvalidIPAddress.InUse", message: "Address \(address.publicIp) (\(address.id)) is in use.")
        }
        delete(address)
    }

    /// Whether an Elastic IP is mapped to the interface.
    func hasElasticIp(_ interfaceId: String) -> Bool {
        !all(Address.self, associatedWith: interfaceId).isEmpty
    }

    /// Disassociates the Elastic IPs mapped to an interface that is going away.
    mutating func releasePublicAddresses(of interface: NetworkInterface) {
        for var address in all(Address.self, associatedWith: interface.id) {
            address.association = nil
            put(address)
        }
    }

    /// A running instance that launched with a public address gets a new one when its Elastic IP leaves, as in AWS.
    private mutating func restoreAutoPublicIp(after association: Address.Association) throws(EC2Error) {
        guard var interface = get(NetworkInterface.self, association.networkInterfaceId), interface.autoPublicIp == nil,
            association.privateIpAddress == interface.primaryPrivateIp, let instanceId = interface.attachment?.instanceId,
            interface.attachment?.deviceIndex == 0, let instance = get(Instance.self, instanceId), instance.wantsPublicIp, instance.state == .running
        else { return }
        interface.autoPublicIp = try allocatePublicIp()
        put(interface)
    }
}
