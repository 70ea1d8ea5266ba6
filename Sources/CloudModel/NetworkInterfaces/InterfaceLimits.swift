/// How many network interfaces an instance may have and how many addresses each may hold: its instance type's row of
/// AWS's table (what DescribeInstanceTypes reports as `NetworkInfo`), or the largest any type allows for an interface
/// on no instance.
public struct InterfaceLimits: Sendable, Equatable {
    /// The most interfaces attached to one instance, the primary included.
    public let interfaces: Int
    /// The most private IPv4 addresses on one interface, the primary included.
    public let ipv4AddressesPerInterface: Int
    /// The most IPv6 addresses on one interface.
    public let ipv6AddressesPerInterface: Int

    /// The largest limits of any type: what an interface on no instance may hold.
    public static let largest = InterfaceLimits(
        interfaces: 32, ipv4AddressesPerInterface: 1 + Transaction.secondaryPrivateIpAddressesPerInterface,
        ipv6AddressesPerInterface: Transaction.ipv6AddressesPerInterface)
}

extension InterfaceLimits {
    /// The limits of `instanceType`. A type the catalogue does not describe gets the largest limits, and so does a
    /// type without IPv6 for IPv6 addresses: what AWS answers for IPv6 on such a type is not modelled.
    public init(instanceType: String) {
        let type = InstanceTypeCatalog.type(named: instanceType)
        let largest = Self.largest
        func limit(_ value: Int?, _ fallback: Int) -> Int { value.flatMap { $0 > 0 ? $0 : nil } ?? fallback }
        self.init(
            interfaces: limit(type?.maximumNetworkInterfaces, largest.interfaces),
            ipv4AddressesPerInterface: limit(type?.ipv4AddressesPerInterface, largest.ipv4AddressesPerInterface),
            ipv6AddressesPerInterface: limit(type?.ipv6AddressesPerInterface, largest.ipv6AddressesPerInterface))
    }
}

extension Transaction {
    /// The limits that apply to `interface`: its instance's type's while it is attached to one.
    func interfaceLimits(of interface: NetworkInterface) -> InterfaceLimits {
        guard let instanceId = interface.attachment?.instanceId, let instance = get(Instance.self, instanceId) else { return .largest }
        return InterfaceLimits(instanceType: instance.instanceType)
    }
}
