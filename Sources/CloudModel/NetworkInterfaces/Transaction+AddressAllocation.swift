public import Addressing

/// Handing out addresses: private ones from a subnet (never one of AWS's five reserved, never twice),
/// public ones from the configured pool (unique across every account and region).
extension Transaction {
    /// The private addresses in use in `subnet`, as this transaction sees them.
    public func privateIpsInUse(in subnet: Subnet) -> PrivateAddressesInUse {
        PrivateAddressesInUse(
            Set(all(NetworkInterface.self, inSubnet: subnet.id, in: subnet.scope).flatMap(\.privateIpAddresses)))
    }

    /// A private address for a new interface or secondary address: the one asked for if it is free, else the
    /// lowest free one. `taken` collects what this command has handed out already.
    mutating func allocatePrivateIp(in subnet: Subnet, requested: String?, taken: inout PrivateAddressesInUse) throws(EC2Error) -> IPv4Address {
        guard let block = subnet.cidrBlock else { throw .ipv6OnlySubnetLaunch(subnet.id) }
        if let requested {
            guard let address = IPv4Address(requested) else { throw .invalidParameterValue("Invalid value '\(requested)' for privateIpAddress.") }
            guard block.contains(address) else {
                throw .invalidParameterValue("Address \(requested) does not fall within the subnet's address range")
            }
            guard !SubnetAddressing.isReserved(address, in: block) else {
                throw .invalidParameterValue("Address \(requested) is in subnet's reserved address range")
            }
            guard !taken.contains(address) else { throw EC2Error(code: "InvalidIPAddress.InUse", message: "Address \(requested) is in use.") }
            taken.insert(address)
            return address
        }
        guard let address = taken.takeLowestFree(in: block) else {
            throw EC2Error(
                code: "InsufficientFreeAddressesInSubnet",
                message: "There are not enough free addresses in subnet '\(subnet.id)' to satisfy the requested number of instances.")
        }
        return address
    }

    /// The IPv6 addresses in use in `subnet`, as this transaction sees them.
    public func ipv6AddressesInUse(in subnet: Subnet) -> Set<IPv6Address> {
        Set(all(NetworkInterface.self, inSubnet: subnet.id, in: subnet.scope).flatMap(\.ipv6Addresses))
    }

    /// An IPv6 address from the subnet's IPv6 block: the one asked for if it is free, else a random free one, as AWS
    /// picks them. AWS reserves the first four and the last address of an IPv6 block as of an IPv4 one.
    mutating func allocateIpv6Address(in subnet: Subnet, requested: String?, taken: inout Set<IPv6Address>) throws(EC2Error) -> IPv6Address {
        guard let block = subnet.ipv6CidrBlockAssociations.first?.ipv6CidrBlock else { throw .noIpv6BlockForAddresses(subnet.id) }
        let first = block.network.bits
        let last = block.lastAddress.bits
        if let requested {
            guard let address = IPv6Address(requested) else { throw .invalidIpv6Address(requested) }
            guard block.contains(address) else { throw .ipv6AddressOutsideSubnet(requested) }
            guard address.bits - first >= 4, address.bits != last else {
                throw .invalidParameterValue("Address \(requested) is in subnet's reserved address range")
            }
            guard !taken.contains(address) else { throw .ipv6AddressInUse(requested) }
            taken.insert(address)
            return address
        }
        // A /64 has 2^64 addresses: a random probe finds a free one at once; narrower blocks are never used by AWS.
        while true {
            let offset = UInt128(random(in: 0...UInt64.max)) % (last - first - 4) + 4
            let candidate = IPv6Address(bits: first + offset)
            if !taken.contains(candidate) {
                taken.insert(candidate)
                return candidate
            }
        }
    }

    /// A public address nobody in the whole cloud holds, from the configured pool.
    mutating func allocatePublicIp() throws(EC2Error) -> IPv4Address {
        let pool = configuration.publicIpPool.canonical
        let inUse = base.publicIpsInUse
        let size = pool.addressCount
        guard UInt64(inUse.count + publicIpsWrittenOverBaseCount) < size || UInt64(inUse.count + publicIpsWrittenOverBase(notIn: inUse)) < size else {
            throw EC2Error(code: "AddressLimitExceeded", message: "The maximum number of addresses has been reached.")
        }
        // Probe from a random point, so addresses look like AWS's rather than counting up from the start.
        var offset = random(in: 0...(size - 1))
        while true {
            let candidate = IPv4Address(value: pool.network.value &+ UInt32(offset))
            if !inUse.contains(candidate) && !isPublicIpWrittenOverBase(candidate) && !SubnetAddressing.isReserved(candidate, in: pool) {
                return candidate
            }
            offset = (offset + 1) % size
        }
    }

    /// A locally administered unicast MAC address, as AWS's `0e:…` ones are.
    mutating func newMacAddress() -> String {
        let bytes = (0..<5).map { _ in random(in: 0...255) }
        return (["0e"] + bytes.map { byte in String(byte, radix: 16).count == 1 ? "0\(String(byte, radix: 16))" : String(byte, radix: 16) })
            .joined(separator: ":")
    }

    /// The security groups named by id, all in `vpcId`; the VPC's default group when none are named.
    ///
    /// A group of another VPC is `InvalidParameter` at launch ("…belong to different networks") and
    /// `InvalidGroup.NotFound` when changing an existing instance or interface (`changing`).
    func securityGroupIds(_ ids: [String], names: [String] = [], inVpc vpcId: String, changing: Bool = false) throws(EC2Error) -> [String] {
        var result: [String] = []
        for id in ids {
            let group = try require(SecurityGroup.self, id)
            guard group.groupVpcId == vpcId else {
                if changing {
                    throw EC2Error(code: "InvalidGroup.NotFound", message: "The security group '\(id)' does not exist in VPC '\(vpcId)'")
                }
                throw EC2Error(code: "InvalidParameter", message: "Security group \(id) and subnet belong to different networks.")
            }
            result.append(id)
        }
        // Only read when needed: a launch of many instances names its groups by id for every interface, and the VPC's
        // groups as this command sees them cost a pass over everything it has written.
        guard !names.isEmpty || result.isEmpty else { return result }
        let groups = all(SecurityGroup.self, inVpc: vpcId)
        for name in names {
            guard let group = groups.first(where: { $0.groupName == name }) else {
                throw EC2Error(code: "InvalidGroup.NotFound", message: "The security group '\(name)' does not exist in VPC '\(vpcId)'")
            }
            result.append(group.id)
        }
        if result.isEmpty, let defaultGroup = groups.first(where: \.isDefault) { result.append(defaultGroup.id) }
        return result
    }
}

extension CloudState {
    /// What `AvailableIpAddressCount` reports: the block's size less AWS's five reserved addresses and those in use.
    public func availableIpAddressCount(of subnet: Subnet) -> Int {
        let region = self[subnet.scope]
        let used = (region.idsBySubnet[subnet.id] ?? []).reduce(0) { count, id in
            count + (region.networkInterfaces[id]?.privateIpAddresses.count ?? 0)
        }
        return subnet.cidrBlock.map { SubnetAddressing.usableAddressCount(in: $0) - used } ?? 0
    }
}
